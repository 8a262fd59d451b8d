import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db, Queryable } from './db/db.ts';
import { currentMigration } from './db/migrate.ts';
import { sql } from './db/sql.ts';

/**
 * Logical backup that works the same on PGlite and PostgreSQL: every table's rows as JSON, in
 * foreign-key order, with a manifest of row counts and SHA-256 per table so a restore proves it
 * found every row (SECURITY.md F1). Keys are NOT included: back them up separately.
 * For PostgreSQL in production, pg_basebackup + WAL archiving remain the primary mechanism.
 */

/** Reference data the migrations insert (calendar, dictionaries, policies, admission list). */
const SEEDED_BY_MIGRATIONS = new Set([
  'calendar_year',
  'calendar_day',
  'dict_item',
  'deadline_policy',
  'grid_admission',
]);

interface TableInfo {
  name: string;
  pk: string[];
  selfRef: { column: string; references: string } | null;
}

export interface BackupManifest {
  format: 'fengqiao-backup-1';
  createdAt: string;
  migration: number;
  engine: string;
  tables: { name: string; rows: number; sha256: string }[];
}

interface BackupFile {
  manifest: BackupManifest;
  data: Record<string, string[]>;
}

async function tablesInDependencyOrder(db: Queryable): Promise<TableInfo[]> {
  const tables = await db.query<{ name: string }>(sql`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`);
  const fks = await db.query<{ child: string; parent: string; column: string; ref: string }>(sql`
    SELECT cl.relname AS child, pr.relname AS parent, a.attname AS column, ra.attname AS ref
    FROM pg_constraint k
    JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pr ON pr.oid = k.confrelid
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
    WHERE k.contype = 'f'`);
  const pks = await db.query<{ name: string; column: string }>(sql`
    SELECT cl.relname AS name, a.attname AS column FROM pg_constraint k
    JOIN pg_class cl ON cl.oid = k.conrelid
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
    WHERE k.contype = 'p' ORDER BY a.attnum`);
  const order: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (done.has(name) || path.includes(name)) {
      return;
    }
    for (const fk of fks.filter((f) => f.child === name && f.parent !== name)) {
      visit(fk.parent, [...path, name]);
    }
    done.add(name);
    const self = fks.find((f) => f.child === name && f.parent === name);
    order.push({
      name,
      pk: pks.filter((p) => p.name === name).map((p) => p.column),
      selfRef: self === undefined ? null : { column: self.column, references: self.ref },
    });
  };
  for (const t of tables) {
    visit(t.name, []);
  }
  return order;
}

/** Parents before children inside a self-referencing table (regions, units). */
function sortSelfReferencing(
  rows: string[],
  ref: { column: string; references: string },
): string[] {
  const parsed = rows.map((r) => ({ text: r, row: JSON.parse(r) as Record<string, unknown> }));
  const placed = new Set<unknown>();
  const out: string[] = [];
  let pending = parsed;
  while (pending.length > 0) {
    const next = pending.filter((p) => {
      const parent = p.row[ref.column];
      if (parent === null || placed.has(parent)) {
        placed.add(p.row[ref.references]);
        out.push(p.text);
        return false;
      }
      return true;
    });
    if (next.length === pending.length) {
      throw new Error('cycle in self-referencing rows');
    }
    pending = next;
  }
  return out;
}

function digest(rows: string[]): string {
  const h = createHash('sha256');
  for (const r of rows) {
    h.update(r).update('\n');
  }
  return h.digest('hex');
}

async function dumpTable(db: Queryable, t: TableInfo): Promise<string[]> {
  const orderBy = t.pk.length > 0 ? sql.join(t.pk.map((c) => sql.ident(c))) : sql.raw('1');
  const rows = await db.query<{ j: string }>(
    sql`SELECT row_to_json(x)::text AS j FROM ${sql.ident(t.name)} x ORDER BY ${orderBy}`,
  );
  return rows.map((r) => r.j);
}

/** Rows as JSON text in UTC, so hashes agree across engines and server time-zone settings. */
async function snapshot(tx: Queryable): Promise<BackupFile> {
  await tx.query(sql`SET LOCAL TIME ZONE 'UTC'`);
  // schema_migration is covered by manifest.migration; its applied_at differs per database
  const tables = (await tablesInDependencyOrder(tx)).filter((t) => t.name !== 'schema_migration');
  const db = tx;
  const data: Record<string, string[]> = {};
  const manifest: BackupManifest = {
    format: 'fengqiao-backup-1',
    createdAt: new Date().toISOString(),
    migration: 0,
    engine: '',
    tables: [],
  };
  for (const t of tables) {
    const rows = await dumpTable(db, t);
    data[t.name] = rows;
    manifest.tables.push({ name: t.name, rows: rows.length, sha256: digest(rows) });
  }
  return { manifest, data };
}

export async function backupDatabase(db: Db, file: string): Promise<BackupManifest> {
  const snap = await db.transaction(async (tx) => {
    // one consistent view of every table
    await tx.query(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
    return snapshot(tx);
  });
  snap.manifest.migration = await currentMigration(db);
  snap.manifest.engine = db.kind;
  await writeFile(file, gzipSync(JSON.stringify(snap)), { mode: 0o600 });
  return snap.manifest;
}

/** Restores into an empty, migrated database and checks every table's count and hash. */
export async function restoreDatabase(db: Db, file: string): Promise<BackupManifest> {
  const parsed = JSON.parse(
    gunzipSync(await readFile(file)).toString('utf8'),
  ) as Partial<BackupFile>;
  if (parsed.manifest?.format !== 'fengqiao-backup-1' || parsed.data === undefined) {
    throw new Error('not a Fengqiao backup file');
  }
  const snap = { manifest: parsed.manifest, data: parsed.data };
  const migration = await currentMigration(db);
  if (migration !== snap.manifest.migration) {
    throw new Error(
      `backup is at migration ${snap.manifest.migration}, this database at ${migration}`,
    );
  }
  const tables = (await tablesInDependencyOrder(db)).filter((t) => t.name !== 'schema_migration');
  await db.transaction(async (tx) => {
    // the migrations seed these reference tables; the backup's own (possibly edited) rows replace them
    for (const t of [...tables].reverse().filter((x) => SEEDED_BY_MIGRATIONS.has(x.name))) {
      await tx.query(sql`DELETE FROM ${sql.ident(t.name)}`);
    }
    for (const t of tables) {
      const existing = await tx.query(sql`SELECT 1 FROM ${sql.ident(t.name)} LIMIT 1`);
      if (existing.length > 0) {
        throw new Error(`restore needs an empty database; table ${t.name} has rows`);
      }
      const rows = snap.data[t.name] ?? [];
      const ordered = t.selfRef === null ? rows : sortSelfReferencing(rows, t.selfRef);
      for (let i = 0; i < ordered.length; i += 500) {
        const batch = `[${ordered.slice(i, i + 500).join(',')}]`;
        await tx.query(sql`INSERT INTO ${sql.ident(t.name)} OVERRIDING SYSTEM VALUE
          SELECT * FROM json_populate_recordset(NULL::${sql.ident(t.name)}, ${batch}::json)`);
      }
      const seq =
        t.pk.length === 1 && t.pk[0] === 'id'
          ? (
              await tx.one<{ s: string | null }>(
                sql`SELECT pg_get_serial_sequence(${t.name}, 'id') AS s`,
              )
            ).s
          : null;
      if (seq !== null) {
        // identities continue after the restored ids
        await tx.query(
          sql`SELECT setval(${seq}, coalesce((SELECT max(id) FROM ${sql.ident(t.name)}), 0) + 1, false)`,
        );
      }
    }
  });
  const after = await db.transaction((tx) => snapshot(tx));
  for (const m of snap.manifest.tables) {
    const got = after.manifest.tables.find((x) => x.name === m.name);
    if (got === undefined || got.rows !== m.rows || got.sha256 !== m.sha256) {
      throw new Error(`restore check failed for ${m.name}: expected ${m.rows} rows`);
    }
  }
  return snap.manifest;
}
