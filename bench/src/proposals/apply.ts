// Applies a proposal's indexes to the bench database for one measurement and removes them again,
// so the database stays exactly as migrated between suites.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '@fengqiao/server/core/db/db.ts';

export const WORKLIST_PROPOSAL = fileURLToPath(
  new URL('../../proposals/0006_worklist_indexes.sql', import.meta.url),
);

function indexNames(ddl: string): string[] {
  return [...ddl.matchAll(/CREATE (?:UNIQUE )?INDEX (\w+)/g)].map((m) => m[1] ?? '');
}

export async function dropProposalIndexes(db: Db, file: string): Promise<void> {
  for (const name of indexNames(await readFile(file, 'utf8'))) {
    await db.pool.query(`DROP INDEX IF EXISTS ${name}`);
  }
}

/** Creates the proposal's indexes; returns seconds and their total size. */
export async function applyProposalIndexes(
  db: Db,
  file: string,
): Promise<{ seconds: number; bytes: number }> {
  await dropProposalIndexes(db, file);
  const ddl = await readFile(file, 'utf8');
  const client = await db.pool.connect();
  try {
    await client.query("SET maintenance_work_mem = '1GB'");
    const t0 = performance.now();
    await client.query(ddl);
    const seconds = (performance.now() - t0) / 1000;
    await client.query('ANALYZE matter');
    await client.query('ANALYZE matter_assignment');
    const r = await client.query<{ b: string }>(
      'SELECT coalesce(sum(pg_relation_size(c.oid)), 0) AS b FROM pg_class c WHERE c.relname = ANY($1)',
      [indexNames(ddl)],
    );
    return { seconds, bytes: Number(r.rows[0]?.b ?? 0) };
  } finally {
    client.release();
  }
}
