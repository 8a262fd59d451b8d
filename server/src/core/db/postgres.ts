import pg from 'pg';
import { createDb, type Db } from './db.ts';

export function openPostgres(url: string, max = 10): Db {
  // JIT off for every session: our queries are short OLTP reads and writes whose plans cross
  // jit_above_cost on large scopes, where compiling took 50–100 ms of a 1 ms list page and 2 s of
  // a 3 s dashboard (bench/README.md)
  const pool = new pg.Pool({ connectionString: url, max, options: '-c jit=off' });
  // an idle client's error (server restart) must not crash the process; the next query reconnects
  pool.on('error', () => undefined);
  return createDb('postgresql', pool);
}
