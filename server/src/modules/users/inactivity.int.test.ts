import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { TREE } from '../../testing/factories.ts';
import { disableInactiveAccounts } from './inactivity.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
});

afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;

async function status(id: number): Promise<string | undefined> {
  const rows = await t.db.query<{ status: string }>(
    sql`SELECT status FROM app_user WHERE id = ${id}`,
  );
  return rows[0]?.status;
}

describe('A8: 90 days without login → disabled', () => {
  it('A8: clock +91 d → the job disables idle staff, ends their sessions, audits each; admins stay', async () => {
    const now = t.deps.clock.now();
    const idle = await t.f.as({ roles: ['grid_worker'], regionCode: TREE.V1a });
    const recent = await t.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    const admin = await t.f.user({ roles: ['sysadmin'], regionCode: TREE.C1 });
    for (const u of [idle.user, admin]) {
      await t.db.query(
        sql`UPDATE app_user SET last_login_at = ${new Date(now.getTime() - 91 * DAY)} WHERE id = ${u.id}`,
      );
    }
    await t.db.query(
      sql`UPDATE app_user SET last_login_at = ${new Date(now.getTime() - 89 * DAY)} WHERE id = ${recent.id}`,
    );
    const ids = await disableInactiveAccounts(t.db, now);
    expect(ids).toContain(idle.user.id);
    expect(ids).not.toContain(recent.id);
    expect(ids).not.toContain(admin.id);
    expect(await status(idle.user.id)).toBe('disabled');
    expect(await status(recent.id)).toBe('active');
    expect(await status(admin.id)).toBe('active');
    // the live session of the disabled account answers 401 on its next request
    expect((await t.call('GET', '/api/me', { cookie: idle.cookie })).statusCode).toBe(401);
    const audit = await t.db.query<{ event: string; reason: string }>(sql`
      SELECT event, reason FROM audit_log WHERE target_type = 'user' AND target_id = ${String(idle.user.id)}
        AND event = 'users.auto_disabled'`);
    expect(audit).toEqual([
      { event: 'users.auto_disabled', reason: '连续 90 天未登录，系统自动停用' },
    ]);
    // running again changes nothing
    expect(await disableInactiveAccounts(t.db, now)).not.toContain(idle.user.id);
  });
});
