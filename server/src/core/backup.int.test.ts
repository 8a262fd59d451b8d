import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { TREE } from '../testing/factories.ts';
import { createTestDb } from '../testing/test-db.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { sql } from './db/sql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  await t.f.grid(TREE.V1a, 1);
  await t.f.unit({ regionCode: TREE.T1, departmentType: '司法' });
  for (let i = 0; i < 3; i += 1) {
    await t.f.as({ roles: ['dispatcher'], regionCode: TREE.T2 });
  }
});
afterAll(async () => {
  await t.close();
});

describe('backup and restore (SECURITY.md F1)', () => {
  it('F1: restores a backup into a fresh database and finds every row of every table', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'fq-bak-')), 'b.fqbak.gz');
    const manifest = await backupDatabase(t.db, file);
    const total = manifest.tables.reduce((n, m) => n + m.rows, 0);
    expect(total).toBeGreaterThan(20);
    expect(manifest.tables.find((m) => m.name === 'audit_log')?.rows).toBeGreaterThan(0);
    const target = await createTestDb();
    try {
      const restored = await restoreDatabase(target, file);
      expect(restored.tables.length).toBe(manifest.tables.length);
      for (const m of manifest.tables) {
        const rows = await target.query<{ n: number }>(
          sql`SELECT count(*) AS n FROM ${sql.ident(m.name)}`,
        );
        expect(rows[0]?.n, m.name).toBe(m.rows);
      }
      // identities continue after the restored ids
      const next = await target.query<{ id: number }>(
        sql`INSERT INTO audit_log (at, event, outcome) VALUES (now(), 'probe', 'success') RETURNING id`,
      );
      const maxBefore = await t.db.query<{ m: number }>(sql`SELECT max(id) AS m FROM audit_log`);
      expect(next[0]?.id).toBeGreaterThan(maxBefore[0]?.m ?? 0);
      await expect(restoreDatabase(target, file)).rejects.toThrow(/empty database/);
    } finally {
      await target.close();
    }
  });
});
