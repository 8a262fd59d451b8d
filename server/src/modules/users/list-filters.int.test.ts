import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { TREE } from '../../testing/factories.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
});

afterAll(async () => {
  await t.close();
});

describe('list filters of the administration pages', () => {
  it('GET /api/users?role= lists only holders of that role', async () => {
    const admin = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 });
    const mediator = await t.f.user({ roles: ['mediator'], regionCode: TREE.T1 });
    const clerk = await t.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    const res = await t.call('GET', '/api/users?role=mediator&limit=200', { cookie: admin.cookie });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { id: number; roles: string[] }[] }>().items;
    expect(items.map((u) => u.id)).toContain(mediator.id);
    expect(items.map((u) => u.id)).not.toContain(clerk.id);
    expect(items.every((u) => u.roles.includes('mediator'))).toBe(true);
    const bad = await t.call('GET', '/api/users?role=king', { cookie: admin.cookie });
    expect(bad.statusCode).toBe(400);
  });

  it('GET /api/audit/logs?outcome=denied lists only denials', async () => {
    const auditor = await t.f.as({ roles: ['auditor'], regionCode: TREE.C1 });
    const clerk = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    // a clerk may not list users: a denied request, audited
    expect((await t.call('GET', '/api/users', { cookie: clerk.cookie })).statusCode).toBe(403);
    const res = await t.call('GET', '/api/audit/logs?outcome=denied&limit=200', {
      cookie: auditor.cookie,
    });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { outcome: string }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((a) => a.outcome === 'denied')).toBe(true);
  });
});
