import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** PostgreSQL when DATABASE_URL is set; otherwise the embedded PGlite in DATA_DIR/pglite. */
export async function openDatabase(config: Config): Promise<Db> {
  if (config.databaseUrl !== null) {
    return openPostgres(config.databaseUrl);
  }
  await mkdir(config.dataDir, { recursive: true });
  return openPglite({ dataDir: path.join(config.dataDir, 'pglite') });
}
