import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { sessionCookie } from '../../testing/factories.ts';
import { ensureBootstrapAdmin } from './bootstrap.ts';

const PROD_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused',
  FENGQIAO_KEY: 'a'.repeat(64),
};
const REGION = { BOOTSTRAP_REGION: '13:河北省/1304:邯郸市/130435:曲周县' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: PROD_ENV });
});
afterAll(async () => {
  await t.close();
});

describe('production start (SECURITY.md A7, D7)', () => {
  it('A7: refuses a weak or default bootstrap password', async () => {
    const weak = { ...t.deps, config: { ...t.deps.config, bootstrapAdminPassword: 'admin123' } };
    await expect(ensureBootstrapAdmin(weak, REGION)).rejects.toThrow(/too weak/);
    expect(await t.db.query(sql`SELECT 1 FROM app_user`)).toEqual([]);
  });

  it('A7: creates only the three separated admins, each forced to change password and enrol TOTP', async () => {
    const lines = await ensureBootstrapAdmin(t.deps, REGION);
    const users = await t.db.query<{
      username: string;
      must_change_password: boolean;
      role: string;
      is_demo: boolean;
    }>(sql`
      SELECT u.username, u.must_change_password, r.role, u.is_demo FROM app_user u JOIN user_role r ON r.user_id = u.id ORDER BY u.id`);
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'sysadmin'],
      ['secadmin', 'secadmin'],
      ['auditor', 'auditor'],
    ]);
    expect(users.every((u) => u.must_change_password && !u.is_demo)).toBe(true);
    const password = /admin +系统管理员 +初始密码 (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    for (const guess of ['admin', '123456', 'Fengqiao@2026', 'root']) {
      const res = await t.call('POST', '/api/auth/login', {
        body: { username: 'admin', password: guess },
        ip: '198.51.100.1',
      });
      expect(res.statusCode, guess).toBe(401);
    }
    const res = await t.call('POST', '/api/auth/login', {
      body: { username: 'admin', password },
      ip: '198.51.100.2',
    });
    expect(res.json()).toMatchObject({ stage: 'password_change', passwordReason: 'initial' });
    const other = await t.call('GET', '/api/users', { cookie: sessionCookie(res) });
    expect(other.statusCode).toBe(403);
    expect(await ensureBootstrapAdmin(t.deps, REGION)).toEqual([]);
  });

  it('A7: refuses to start on a database that holds demo accounts', async () => {
    await t.db.query(sql`UPDATE app_user SET is_demo = true WHERE username = 'auditor'`);
    await expect(ensureBootstrapAdmin(t.deps, REGION)).rejects.toThrow(/demo/);
    await t.db.query(sql`UPDATE app_user SET is_demo = false WHERE username = 'auditor'`);
  });

  it('D7: serves no API docs in production and refuses TRACE', async () => {
    expect((await t.call('GET', '/docs')).statusCode).toBe(404);
    for (const probe of [
      '/docs/json',
      '/swagger',
      '/.git/HEAD',
      '/assets/index.js.map',
      '/api/../.env',
    ]) {
      expect((await t.call('GET', probe)).statusCode, probe).toBe(404);
    }
    expect((await t.call('TRACE', '/api/health')).statusCode).toBe(405);
    const health = await t.call('GET', '/api/health');
    expect(health.json()).toMatchObject({ mode: 'production' });
    expect(health.headers['strict-transport-security']).toBeDefined();
  });
});
