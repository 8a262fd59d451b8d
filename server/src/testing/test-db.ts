import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../core/db/db.ts';
import { openPglite } from '../core/db/pglite.ts';
import { openPostgres } from '../core/db/postgres.ts';

export function testEngine(): 'pglite' | 'postgresql' {
  return inject('dbEngine');
}

/** A fresh, migrated database for one test file: a copy of the run's template. */
export async function createTestDb(): Promise<Db> {
  if (inject('dbEngine') === 'postgresql') {
    const adminUrl = inject('pgAdminUrl');
    const name = `fq_t_${process.ppid}_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const db = openPostgres(u.toString(), 5);
    return {
      ...db,
      async close() {
        await db.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  return openPglite({ dataDir: null, loadFrom: inject('pgliteTemplate') });
}

/** Skips a PostgreSQL-only test on PGlite, saying why. */
export function requiresServer(reason: string): boolean {
  if (inject('dbEngine') === 'postgresql') {
    return true;
  }
  console.log(`skipped on PGlite (PostgreSQL-only: ${reason}); set TEST_DATABASE_URL to run it`);
  return false;
}
