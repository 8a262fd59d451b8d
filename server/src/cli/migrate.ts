// npm run db:migrate: applies pending migrations to the configured database.
import { migrate } from '../core/db/migrate.ts';
import { openForCli, runCli } from './db-cli.ts';

await runCli(async () => {
  const { db } = await openForCli();
  try {
    console.log(`migration ${await migrate(db)} (${db.kind})`);
    return 0;
  } finally {
    await db.close();
  }
});
