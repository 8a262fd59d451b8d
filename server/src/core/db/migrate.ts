import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';
import { sql } from './sql.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

interface Migration {
  version: number;
  name: string;
  text: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    }),
  );
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so two
 * processes starting together do not race. An applied file that changed is refused: migrations
 * are never edited after merge.
 */
export async function migrate(db: Db): Promise<number> {
  const migrations = await loadMigrations();
  return db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(727001)`);
    await tx.query(sql`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await tx.query<{ version: number; checksum: string }>(
      sql`SELECT version, checksum FROM schema_migration ORDER BY version`,
    );
    const done = new Map(applied.map((r) => [r.version, r.checksum]));
    for (const m of migrations) {
      const previous = done.get(m.version);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(`migration ${m.name} was edited after it ran; add a new migration`);
        }
        continue;
      }
      await tx.query(sql.raw(m.text));
      await tx.query(
        sql`INSERT INTO schema_migration (version, name, checksum) VALUES (${m.version}, ${m.name}, ${m.checksum})`,
      );
    }
    const last = migrations.at(-1);
    return last?.version ?? 0;
  });
}

export async function currentMigration(db: Db): Promise<number> {
  const rows = await db.query<{ v: number | null }>(
    sql`SELECT max(version) AS v FROM schema_migration`,
  );
  return rows[0]?.v ?? 0;
}
