// Applies bench/proposals/0005_matter_stat_rollup.sql to the bench database for the dashboard
// suite, times its initial build and a refresh, and removes it again so the database stays
// exactly as migrated (intake is measured without the proposal's trigger).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '@fengqiao/server/core/db/db.ts';

const PROPOSAL = fileURLToPath(
  new URL('../../proposals/0005_matter_stat_rollup.sql', import.meta.url),
);

export interface RollupBuild {
  createSeconds: number;
  buildSeconds: number;
  refreshMonthSeconds: number;
  monthRows: number;
  dayRows: number;
}

export async function dropRollup(db: Db): Promise<void> {
  await db.pool.query(`
    DROP TRIGGER IF EXISTS matter_stat_dirty_trg ON matter;
    DROP FUNCTION IF EXISTS refresh_matter_stat_dirty();
    DROP FUNCTION IF EXISTS refresh_matter_stat(date, date);
    DROP FUNCTION IF EXISTS matter_stat_mark_dirty();
    DROP TABLE IF EXISTS matter_stat_month, matter_stat_day, matter_stat_dirty;
    DROP INDEX IF EXISTS matter_registered_idx;`);
}

export async function applyRollup(db: Db): Promise<RollupBuild> {
  await dropRollup(db);
  const ddl = await readFile(PROPOSAL, 'utf8');
  const t0 = performance.now();
  await db.pool.query(ddl);
  const createSeconds = (performance.now() - t0) / 1000;
  const range = await db.pool.query<{ lo: string; hi: string }>(
    `SELECT to_char(date_trunc('month', min(registered_at) AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS lo,
            to_char(date_trunc('month', max(registered_at) AT TIME ZONE 'Asia/Shanghai') + interval '1 month', 'YYYY-MM-DD') AS hi
     FROM matter`,
  );
  const { lo, hi } = range.rows[0] ?? { lo: '2000-01-01', hi: '2100-01-01' };
  const client = await db.pool.connect();
  try {
    await client.query("SET work_mem = '256MB'");
    const t1 = performance.now();
    await client.query('SELECT refresh_matter_stat($1::date, $2::date)', [lo, hi]);
    const buildSeconds = (performance.now() - t1) / 1000;
    await client.query('ANALYZE matter_stat_month');
    await client.query('ANALYZE matter_stat_day');
    const t2 = performance.now();
    const n = await client.query<{ n: number }>('SELECT refresh_matter_stat_dirty() AS n');
    const refreshMonthSeconds = (performance.now() - t2) / 1000 / Math.max(1, n.rows[0]?.n ?? 1);
    const counts = await client.query<{ m: string; d: string }>(
      'SELECT (SELECT count(*) FROM matter_stat_month) AS m, (SELECT count(*) FROM matter_stat_day) AS d',
    );
    return {
      createSeconds,
      buildSeconds,
      refreshMonthSeconds,
      monthRows: Number(counts.rows[0]?.m ?? 0),
      dayRows: Number(counts.rows[0]?.d ?? 0),
    };
  } finally {
    client.release();
  }
}
