// Database plumbing for the bench: (re)create a database, open it with the product's Db, and the
// bulk-load mode that drops secondary indexes and foreign keys of the big tables and restores the
// exact definitions afterwards (pg_get_indexdef / pg_get_constraintdef), as pg_restore does.
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { openPostgres } from '@fengqiao/server/core/db/postgres.ts';

export const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432';

export function benchUrl(scale: string): string {
  return process.env.BENCH_DATABASE_URL ?? `${DEFAULT_SERVER}/fq_bench_${scale}`;
}

export function databaseOf(url: string): string {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`database name ${name} must be a plain identifier`);
  }
  return name;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` against the server's maintenance database `postgres`. */
export async function onServer<T>(url: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openPostgres(withDatabase(url, 'postgres'), 1);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseOf(url);
  await onServer(url, async (db) => {
    await db.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await db.pool.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  });
}

export async function databaseExists(url: string): Promise<boolean> {
  const name = databaseOf(url);
  return onServer(url, async (db) => {
    const r = await db.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return r.rowCount === 1;
  });
}

export interface BulkRestore {
  indexes: string[];
  constraints: string[];
}

/** Drops secondary indexes, unique constraints and foreign keys of `tables`; returns their DDL. */
export async function enterBulkMode(db: Db, tables: readonly string[]): Promise<BulkRestore> {
  const cons = await db.pool.query<{ tbl: string; name: string; def: string; contype: string }>(
    `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def, c.contype
     FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY($1) AND c.contype IN ('f', 'u')
     ORDER BY c.conrelid::regclass::text, c.conname`,
    [tables],
  );
  const idx = await db.pool.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i WHERE i.indrelid::regclass::text = ANY($1) AND NOT i.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`,
    [tables],
  );
  const restore: BulkRestore = { indexes: [], constraints: [] };
  // foreign keys of OTHER tables that point into these tables stay: they are checked on their
  // own inserts only. Unique constraints go with the indexes, foreign keys last.
  for (const c of cons.rows.filter((x) => x.contype === 'f')) {
    await db.pool.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${c.name}`);
    restore.constraints.push(`ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}`);
  }
  for (const c of cons.rows.filter((x) => x.contype === 'u')) {
    await db.pool.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${c.name}`);
    restore.indexes.push(`ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}`);
  }
  for (const i of idx.rows) {
    await db.pool.query(`DROP INDEX ${i.name}`);
    restore.indexes.push(i.def);
  }
  return restore;
}

/** Rebuilds what enterBulkMode dropped: indexes two at a time, then the foreign keys. */
export async function leaveBulkMode(
  db: Db,
  restore: BulkRestore,
  log: (line: string) => void,
): Promise<void> {
  const queue = [...restore.indexes];
  const worker = async (): Promise<void> => {
    const client = await db.pool.connect();
    try {
      await client.query("SET maintenance_work_mem = '1GB'");
      for (let stmt = queue.shift(); stmt !== undefined; stmt = queue.shift()) {
        const t0 = performance.now();
        await client.query(stmt);
        log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${stmt.slice(0, 110)}`);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
  for (const stmt of restore.constraints) {
    const t0 = performance.now();
    await db.pool.query(stmt);
    log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${stmt.slice(0, 110)}`);
  }
}
