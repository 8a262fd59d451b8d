// A sweeper in its own OS process, for the test that two processes on one PostgreSQL raise each
// alert exactly once. Usage (the URL in the environment, so no password shows in `ps`):
//   SWEEPER_DATABASE_URL=postgres://… node sweeper-worker.ts <startAtEpochMs> <iso-now>[,…] [passes]
// It waits until startAt so both workers race, then sweeps once per instant, `passes` times over,
// and prints {"raised": n} (the alerts this process won).
import { openPostgres } from '../../core/db/postgres.ts';
import { sql } from '../../core/db/sql.ts';
import { sweepClocks } from './sweeper.ts';

async function main(): Promise<void> {
  const url = process.env.SWEEPER_DATABASE_URL;
  const [startAt, instants, passes] = process.argv.slice(2);
  if (url === undefined || startAt === undefined || instants === undefined) {
    throw new Error(
      'usage: SWEEPER_DATABASE_URL=… sweeper-worker.ts <startAtEpochMs> <iso-now,…> [passes]',
    );
  }
  const nows = instants.split(',').map((s) => new Date(s));
  const db = openPostgres(url, 2);
  try {
    await db.query(sql`SELECT 1`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
    let raised = 0;
    for (let pass = 0; pass < Number(passes ?? '1'); pass += 1) {
      for (const now of nows) {
        raised += (await sweepClocks(db, now, `worker:${process.pid}`)).raised;
      }
    }
    process.stdout.write(`${JSON.stringify({ raised })}\n`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
