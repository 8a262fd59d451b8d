import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { sql } from './sql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the database never freezes the web server', () => {
  it('answers /api/health while a deliberately slow query is still running', async () => {
    const order: string[] = [];
    const slow = t.db.query(sql`SELECT pg_sleep(1.5)`).then(() => order.push('slow query done'));
    const health = await t.call('GET', '/api/health');
    order.push('health answered');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      database: t.db.kind,
      migration: expect.any(Number) as number,
    });
    await slow;
    expect(order).toEqual(['health answered', 'slow query done']);
  });

  it('keeps the connection usable after a statement fails', async () => {
    await expect(t.db.query(sql`SELECT 1 / 0`)).rejects.toThrow(/division by zero/);
    const rows = await t.db.query<{ ok: number }>(sql`SELECT 1 AS ok`);
    expect(rows).toEqual([{ ok: 1 }]);
  });

  it('rolls back a failed transaction as a whole', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(sql`INSERT INTO setting (key, value) VALUES ('rollback-probe', '1'::jsonb)`);
        await tx.query(sql`SELECT 1 / 0`);
      }),
    ).rejects.toThrow();
    expect(await t.db.query(sql`SELECT 1 FROM setting WHERE key = 'rollback-probe'`)).toEqual([]);
  });

  // PGlite is built without LLVM, so the question only exists on PostgreSQL
  it.runIf(process.env.TEST_DB_ENGINE === 'postgresql')(
    'runs PostgreSQL sessions without JIT (short OLTP queries; compiling cost more than it saved)',
    async () => {
      const rows = await t.db.query<{ jit: string }>(sql`SELECT current_setting('jit') AS jit`);
      expect(rows).toEqual([{ jit: 'off' }]);
    },
  );
});
