// npm run restore -- <file>: restores a backup into an empty database and checks every table.
import path from 'node:path';
import { restoreDatabase } from '../core/backup.ts';
import { migrate } from '../core/db/migrate.ts';
import { openForCli, runCli } from './db-cli.ts';

await runCli(async () => {
  const file = process.argv[2];
  if (file === undefined) {
    console.error('用法: npm run restore -- <备份文件>   （目标数据库须为空）');
    return 2;
  }
  const { db } = await openForCli();
  try {
    await migrate(db);
    const m = await restoreDatabase(db, path.resolve(file));
    console.log(
      `恢复完成并已核对: ${m.tables.length} 张表, ${m.tables.reduce((n, t) => n + t.rows, 0)} 行`,
    );
    return 0;
  } finally {
    await db.close();
  }
});
