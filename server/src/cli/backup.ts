// npm run backup [-- <file>]: a logical backup of every table with a verifiable manifest.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { backupDatabase } from '../core/backup.ts';
import { migrate } from '../core/db/migrate.ts';
import { openForCli, runCli } from './db-cli.ts';

await runCli(async () => {
  const { db, config } = await openForCli();
  try {
    await migrate(db);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.resolve(
      process.argv[2] ?? path.join(config.dataDir, 'backups', `fengqiao-${stamp}.fqbak.gz`),
    );
    await mkdir(path.dirname(file), { recursive: true });
    const m = await backupDatabase(db, file);
    const rows = m.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `备份完成: ${file}\n  ${m.tables.length} 张表, ${rows} 行, 迁移版本 ${m.migration}`,
    );
    console.log('  注意：字段加密密钥（FENGQIAO_KEY 或 data/field.key）须另行备份。');
    return 0;
  } finally {
    await db.close();
  }
});
