import pg from 'pg';
import { createDb, type Db } from './db.ts';

export function openPostgres(url: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max });
  // an idle client's error (server restart) must not crash the process; the next query reconnects
  pool.on('error', () => undefined);
  return createDb('postgresql', pool);
}
