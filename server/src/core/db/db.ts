import pg from 'pg';
import { compile, type SqlFragment } from './sql.ts';

// int8 (ids, counts) as numbers: ids stay far below 2^53, and both engines then return the same
// JavaScript types because both are reached through this one driver.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// dates (not timestamps) stay ISO strings: a calendar date has no time zone
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type DbKind = 'pglite' | 'postgresql';

export interface Queryable {
  query<T extends object = Record<string, unknown>>(q: SqlFragment): Promise<T[]>;
}

export interface Tx extends Queryable {
  one<T extends object = Record<string, unknown>>(q: SqlFragment): Promise<T>;
  maybeOne<T extends object = Record<string, unknown>>(q: SqlFragment): Promise<T | undefined>;
  /** Runs after a successful COMMIT (e.g. wake the audit sealer or push notifications). */
  afterCommit(fn: () => void): void;
}

export interface Db {
  readonly kind: DbKind;
  readonly pool: pg.Pool;
  query<T extends object = Record<string, unknown>>(q: SqlFragment): Promise<T[]>;
  transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

function wrapClient(client: pg.PoolClient, hooks: (() => void)[]): Tx {
  const run = async <T extends object>(q: SqlFragment): Promise<T[]> => {
    const { text, values } = compile(q);
    const res = await client.query<T>(text, values);
    return res.rows;
  };
  return {
    query: run,
    async one<T extends object>(q: SqlFragment): Promise<T> {
      const rows = await run<T>(q);
      const row = rows[0];
      if (rows.length !== 1 || row === undefined) {
        throw new Error(`expected one row, got ${rows.length}`);
      }
      return row;
    },
    async maybeOne<T extends object>(q: SqlFragment): Promise<T | undefined> {
      const rows = await run<T>(q);
      return rows[0];
    },
    afterCommit(fn) {
      hooks.push(fn);
    },
  };
}

export function createDb(kind: DbKind, pool: pg.Pool, onClose?: () => Promise<void>): Db {
  return {
    kind,
    pool,
    async query<T extends object>(q: SqlFragment): Promise<T[]> {
      const { text, values } = compile(q);
      const res = await pool.query<T>(text, values);
      return res.rows;
    },
    async transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
      const client = await pool.connect();
      const hooks: (() => void)[] = [];
      try {
        await client.query('BEGIN');
        const result = await fn(wrapClient(client, hooks));
        await client.query('COMMIT');
        for (const hook of hooks) {
          hook();
        }
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
      await onClose?.();
    },
  };
}
