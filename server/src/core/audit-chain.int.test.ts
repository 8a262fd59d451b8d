import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { testEngine } from '../testing/test-db.ts';
import { createDb } from './db/db.ts';
import { TREE } from '../testing/factories.ts';
import { sealAudit, verifyAuditChain } from './audit-chain.ts';
import { sql } from './db/sql.ts';

let t: TestApp;
let checkpoints: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  checkpoints = path.join(await mkdtemp(path.join(tmpdir(), 'fq-cp-')), 'checkpoints.jsonl');
  for (let i = 0; i < 4; i += 1) {
    await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
  }
});
afterAll(async () => {
  await t.close();
});

async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  // a superuser working behind the application's back, with the append-only triggers off
  await t.db.transaction(async (tx) => {
    await tx.query(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await tx.query(sql`ALTER TABLE audit_seal DISABLE TRIGGER audit_seal_append_only`);
    await tx.query(statement);
    await tx.query(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await tx.query(sql`ALTER TABLE audit_seal ENABLE TRIGGER audit_seal_append_only`);
  });
}

describe('audit log tamper evidence (SECURITY.md C3)', () => {
  it('C3: seals committed rows into a chain that verifies clean', async () => {
    const sealed = await sealAudit(t.db, checkpoints);
    expect(sealed).toBeGreaterThanOrEqual(4);
    const r = await verifyAuditChain(t.db, checkpoints);
    expect(r.problems).toEqual([]);
    expect(r.checked).toBe(sealed);
    expect(r.unsealed).toBe(0);
  });

  it('C3: the application cannot UPDATE or DELETE audit rows', async () => {
    await expect(t.db.query(sql`UPDATE audit_log SET event = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(sql`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(sql`DELETE FROM audit_seal`)).rejects.toThrow(/append-only/);
  });

  it('C3: names a row changed behind the application', async () => {
    const row = await t.db.query<{ id: number }>(
      sql`SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1`,
    );
    const id = row[0]?.id ?? 0;
    await tamper(sql`UPDATE audit_log SET outcome = 'failure' WHERE id = ${id}`);
    const r = await verifyAuditChain(t.db, checkpoints);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ kind: 'changed', auditId: id }));
    await tamper(sql`UPDATE audit_log SET outcome = 'success' WHERE id = ${id}`);
    expect((await verifyAuditChain(t.db, checkpoints)).ok).toBe(true);
  });

  it('C3: names a row removed, and a removed seal as a broken chain', async () => {
    const row = await t.db.query<{ id: number }>(
      sql`SELECT audit_id AS id FROM audit_seal ORDER BY seq LIMIT 1 OFFSET 2`,
    );
    const id = row[0]?.id ?? 0;
    await tamper(sql`DELETE FROM audit_log WHERE id = ${id}`);
    const r = await verifyAuditChain(t.db, checkpoints);
    expect(r.problems).toContainEqual(expect.objectContaining({ kind: 'removed', auditId: id }));
    await tamper(sql`DELETE FROM audit_seal WHERE audit_id = ${id}`);
    const r2 = await verifyAuditChain(t.db, checkpoints);
    expect(r2.problems.map((p) => p.kind)).toContain('chain_broken');
  });

  it('C3: detects rows cut from the end through the checkpoint kept outside the database', async () => {
    const fresh = await createTestApp();
    try {
      await fresh.f.tree();
      await fresh.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
      await fresh.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
      const file = path.join(path.dirname(checkpoints), 'fresh.jsonl');
      await sealAudit(fresh.db, file);
      expect((await verifyAuditChain(fresh.db, file)).ok).toBe(true);
      await fresh.db.transaction(async (tx) => {
        await tx.query(sql`ALTER TABLE audit_seal DISABLE TRIGGER audit_seal_append_only`);
        await tx.query(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
        await tx.query(
          sql`DELETE FROM audit_log WHERE id IN (SELECT audit_id FROM audit_seal WHERE seq = (SELECT max(seq) FROM audit_seal))`,
        );
        await tx.query(sql`DELETE FROM audit_seal WHERE seq = (SELECT max(seq) FROM audit_seal)`);
        await tx.query(sql`ALTER TABLE audit_seal ENABLE TRIGGER audit_seal_append_only`);
        await tx.query(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      });
      const r = await verifyAuditChain(fresh.db, file);
      expect(r.problems.map((p) => p.kind)).toEqual(['truncated']);
    } finally {
      await fresh.close();
    }
  });

  it('C1: only the auditor reads the log through the API, and that reading is itself audited', async () => {
    const auditor = await t.f.as({ roles: ['auditor'], regionCode: TREE.C1 });
    const res = await t.call('GET', '/api/audit/logs?limit=5', { cookie: auditor.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    const read = await t.db.query(
      sql`SELECT 1 FROM audit_log WHERE event = 'audit.list' AND actor_id = ${auditor.user.id}`,
    );
    expect(read.length).toBe(1);
    const verify = await t.call('POST', '/api/audit/verify', { cookie: auditor.cookie });
    expect(verify.statusCode).toBe(200);
  });

  const serverOnly = testEngine() === 'postgresql';
  if (!serverOnly) {
    console.log(
      'skipped on PGlite: concurrent sealers need several connections (PostgreSQL-only); set TEST_DATABASE_URL',
    );
  }
  it.skipIf(!serverOnly)(
    'C3: two processes sealing at once build one unbroken chain (PostgreSQL-only)',
    async () => {
      const second = createDb('postgresql', new pg.Pool({ ...t.db.pool.options, max: 2 }));
      try {
        const file = path.join(path.dirname(checkpoints), 'concurrent.jsonl');
        for (let round = 0; round < 10; round += 1) {
          await t.db.query(
            sql`INSERT INTO audit_log (at, event, outcome) SELECT now(), 'load', 'success' FROM generate_series(1, 25)`,
          );
          await Promise.all([
            sealAudit(t.db, file),
            sealAudit(second, file),
            sealAudit(t.db, file),
          ]);
        }
        const r = await verifyAuditChain(t.db, file);
        expect(r.unsealed).toBe(0);
        expect(r.problems.filter((p) => p.kind !== 'removed' && p.kind !== 'chain_broken')).toEqual(
          [],
        );
        const dup = await t.db.query(
          sql`SELECT audit_id FROM audit_seal GROUP BY audit_id HAVING count(*) > 1`,
        );
        expect(dup).toEqual([]);
      } finally {
        await second.close();
      }
    },
  );
});
