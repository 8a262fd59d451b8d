import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../core/db/migrate.ts';
import { openPglite } from '../core/db/pglite.ts';
import { openPostgres } from '../core/db/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbEngine: 'pglite' | 'postgresql';
    /** PGlite: a migrated data-dir tarball; PostgreSQL: the admin URL and template database name. */
    pgliteTemplate: string;
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Migrates one template per run; each test file then gets its own database from it, so files
 * run in parallel without sharing rows (CONVENTIONS §7).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  const engine =
    process.env.TEST_DB_ENGINE === 'postgresql' && url !== undefined && url !== ''
      ? 'postgresql'
      : 'pglite';
  project.provide('dbEngine', engine);
  if (engine === 'postgresql' && url !== undefined) {
    const template = `fq_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const db = openPostgres(withDatabase(url, template), 2);
    await migrate(db);
    await db.close();
    project.provide('pgAdminUrl', url);
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplate', '');
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const rows = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'fq_t\\_${process.pid}\\_%' OR datname = '${template}'`,
      );
      for (const r of rows.rows) {
        await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      }
      await c.end();
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'fq-test-'));
  const file = path.join(dir, 'template.tar');
  const db = await openPglite({ dataDir: null });
  await migrate(db);
  await db.dump(file);
  await db.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgAdminUrl', '');
  project.provide('pgTemplate', '');
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
