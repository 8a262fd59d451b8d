import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
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

describe("the portal's system accounts are not staff", () => {
  it('A6: absent from the user list and 404 for get, enable, reset and roles', async () => {
    const admin = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 });
    const center = t.f.center(TREE.T1);
    const sys = await t.f.user({ roles: [], regionCode: TREE.T1, unitId: center });
    await t.db.query(sql`UPDATE app_user SET status = 'disabled' WHERE id = ${sys.id}`);
    await t.db.query(sql`
      INSERT INTO portal_account (center_id, user_id, created_at) VALUES (${center}, ${sys.id}, now())
      ON CONFLICT (center_id) DO UPDATE SET user_id = EXCLUDED.user_id`);
    const cookie = admin.cookie;
    const list = await t.call('GET', `/api/users?unitId=${center}&limit=200`, { cookie });
    expect(list.statusCode).toBe(200);
    const ids = list.json<{ items: { id: number }[] }>().items.map((u) => u.id);
    expect(ids).not.toContain(sys.id);
    expect((await t.call('GET', `/api/users/${sys.id}`, { cookie })).statusCode).toBe(404);
    const enable = await t.call('POST', `/api/users/${sys.id}/enable`, { cookie, body: {} });
    expect(enable.statusCode).toBe(404);
    const sec = await t.f.as({ roles: ['secadmin'], regionCode: TREE.C1 });
    const reset = await t.call('POST', `/api/users/${sys.id}/reset-password`, {
      cookie,
      body: { newPassword: 'Qz8!wLm3#Rt6vY' },
    });
    expect(reset.statusCode).toBe(404);
    const roles = await t.call('PUT', `/api/users/${sys.id}/roles`, {
      cookie: sec.cookie,
      body: { roles: ['clerk'] },
    });
    expect(roles.statusCode).toBe(404);
    const rows = await t.db.query<{ status: string; n: number }>(sql`
      SELECT status, (SELECT count(*)::int FROM user_role WHERE user_id = ${sys.id}) AS n
      FROM app_user WHERE id = ${sys.id}`);
    expect(rows).toEqual([{ status: 'disabled', n: 0 }]);
  });
});
