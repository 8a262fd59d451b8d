import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
});
afterAll(async () => {
  await t.close();
});

describe('smoke', () => {
  it('health answers without a session', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', migration: expect.any(Number) as number });
  });
  it('a clerk logs in and reads /api/me', async () => {
    const { cookie } = await t.f.as({ roles: ['clerk'], regionCode: '910101001' });
    const res = await t.call('GET', '/api/me', { cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      stage: 'active',
      permissions: expect.arrayContaining(['org.read', 'matter.register']) as string[],
    });
  });
  it('an admin logs in with TOTP', async () => {
    const { cookie } = await t.f.as({ roles: ['sysadmin'] });
    const res = await t.call('GET', '/api/users', { cookie });
    expect(res.statusCode).toBe(200);
  });
});
