import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { currentMigration } from '../db/migrate.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { TREE } from '../../testing/factories.ts';

let t: TestApp;
let second: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  // a second server over the same database, as a second process behind a load balancer would be
  ({ app: second } = await buildApp({
    db: t.db,
    config: t.config,
    cipher: t.deps.cipher,
    clock: t.clock,
    migration: await currentMigration(t.db),
  }));
  await second.ready();
});

afterAll(async () => {
  await second.close();
  await t.close();
});

describe('D4: request limits hold across server processes', () => {
  it('D4: export is limited per user over two servers: 429 with Retry-After, free again next window', async () => {
    const me = await t.f.as({ roles: ['dispatcher'], regionCode: TREE.T1 });
    const other = await t.f.as({ roles: ['dispatcher'], regionCode: TREE.T1 });
    const exportVia = (which: number, cookie: string) =>
      which % 2 === 0
        ? t.call('GET', '/api/matters/export', { cookie })
        : second.inject({ method: 'GET', url: '/api/matters/export', headers: { cookie } });
    // line the clock up with the start of a minute so the window cannot roll over mid-test
    const now = t.clock.now().getTime();
    t.clock.advance(60_000 - (now % 60_000) + 1000);
    for (let i = 0; i < 10; i += 1) {
      expect((await exportVia(i, me.cookie)).statusCode).toBe(200);
    }
    const over = await exportVia(10, me.cookie);
    expect(over.statusCode).toBe(429);
    expect(over.json<{ code: string }>().code).toBe('request.rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // another user of the same office (same address) is not affected
    expect((await exportVia(11, other.cookie)).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await exportVia(12, me.cookie)).statusCode).toBe(200);
  });
});
