import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { sessionCookie, TREE } from '../../testing/factories.ts';
import { createPasswordHasher, TEST_SCRYPT, type PasswordHasher } from './password-hash.ts';
import { totpNow } from './totp.ts';

let t: TestApp;
let verifications: string[] = [];

function countingHasher(): PasswordHasher {
  const inner = createPasswordHasher(TEST_SCRYPT);
  return {
    params: inner.params,
    hash: (p) => inner.hash(p),
    dummyHash: inner.dummyHash,
    async verify(stored, p) {
      verifications.push(stored === (await inner.dummyHash) ? 'dummy' : 'real');
      return inner.verify(stored, p);
    },
  };
}

beforeAll(async () => {
  t = await createTestApp({ hasher: countingHasher() });
  await t.f.tree();
});
afterAll(async () => {
  await t.close();
});

const login = (username: string, password: string) =>
  t.call('POST', '/api/auth/login', { body: { username, password } });
const strip = (body: string) => {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => k !== 'requestId'));
};

describe('login and lockout (SECURITY.md A3)', () => {
  it('A3: answers an unknown user exactly like a wrong password, and computes a hash either way', async () => {
    const u = await t.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    verifications = [];
    const wrong = await login(u.username, 'Wrong#Pass123');
    const unknown = await login('nobody-here', 'Wrong#Pass123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect(verifications).toEqual(['real', 'dummy']);
  });

  it('A3: the 5th consecutive failure locks the account for 15 minutes, even for the right password', async () => {
    const u = await t.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    for (let i = 1; i <= 4; i += 1) {
      expect((await login(u.username, `Wrong#${i}xyzQ`)).statusCode).toBe(401);
    }
    const fifth = await login(u.username, 'Wrong#5xyzQ');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json<{ code: string; details: { lockedUntil: string } }>()).toMatchObject({
      code: 'auth.locked',
    });
    const right = await login(u.username, u.password);
    expect(right.statusCode).toBe(423);
    t.clock.advanceMinutes(15);
    t.clock.advance(1000);
    expect((await login(u.username, u.password)).statusCode).toBe(200);
    const audit = await t.db.query<{ n: number }>(
      sql`SELECT count(*) AS n FROM audit_log WHERE event = 'auth.lock' AND target_id = ${String(u.id)}`,
    );
    expect(audit[0]?.n).toBe(1);
  });

  it('A3: an unknown login name is locked after 5 failures too, so locking reveals nothing', async () => {
    for (let i = 1; i <= 4; i += 1) {
      await login('ghost-user', `Wrong#${i}xyzQ`);
    }
    expect((await login('ghost-user', 'Wrong#5xyzQ')).statusCode).toBe(423);
  });

  it('A3: an admin unlock lets the user in at once, and is audited', async () => {
    const u = await t.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    for (let i = 1; i <= 5; i += 1) {
      await login(u.username, `Wrong#${i}xyzQ`);
    }
    const { cookie } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 });
    expect((await t.call('POST', `/api/users/${u.id}/unlock`, { cookie })).statusCode).toBe(200);
    expect((await login(u.username, u.password)).statusCode).toBe(200);
  });
});

describe('rate limits (SECURITY.md A3, D4)', () => {
  it('D4: the 31st login attempt from one address within a minute gets 429 with Retry-After', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 30; i += 1) {
      const res = await t.call('POST', '/api/auth/login', {
        body: { username: `probe${i}`, password: 'x' },
        ip,
      });
      expect(res.statusCode).toBe(401);
    }
    const limited = await t.call('POST', '/api/auth/login', {
      body: { username: 'probe', password: 'x' },
      ip,
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(61_000);
    expect(
      (await t.call('POST', '/api/auth/login', { body: { username: 'probe', password: 'x' }, ip }))
        .statusCode,
    ).toBe(401);
  });
});

describe('sessions (SECURITY.md A4, A8, B7)', () => {
  it('A4: ends a session idle for 30 minutes and one older than 12 hours, even if active', async () => {
    const { cookie } = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    t.clock.advanceMinutes(29);
    expect((await t.call('GET', '/api/me', { cookie })).statusCode).toBe(200);
    t.clock.advanceMinutes(30);
    t.clock.advance(1000);
    const idle = await t.call('GET', '/api/me', { cookie });
    expect(idle.statusCode).toBe(401);
    expect(idle.json<{ code: string }>().code).toBe('auth.session_expired');

    const second = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    // active every 25 minutes for 11 h 40 min: never idle, still inside the absolute limit
    for (let i = 0; i < 28; i += 1) {
      t.clock.advanceMinutes(25);
      expect((await t.call('GET', '/api/me', { cookie: second.cookie })).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(25);
    const absolute = await t.call('GET', '/api/me', { cookie: second.cookie });
    expect(absolute.statusCode).toBe(401);
    expect(absolute.json<{ code: string }>().code).toBe('auth.session_expired');
  });

  it('A4: a token replayed after logout is refused, and logout clears site data', async () => {
    const { cookie } = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    const out = await t.call('POST', '/api/auth/logout', { cookie });
    expect(out.statusCode).toBe(200);
    expect(out.headers['clear-site-data']).toContain('storage');
    expect((await t.call('GET', '/api/me', { cookie })).statusCode).toBe(401);
  });

  it('A8: disabling a logged-in user ends the session on the next request', async () => {
    const victim = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    const admin = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 });
    const res = await t.call('POST', `/api/users/${victim.user.id}/disable`, {
      cookie: admin.cookie,
      body: { reason: '离职' },
    });
    expect(res.statusCode).toBe(200);
    expect((await t.call('GET', '/api/me', { cookie: victim.cookie })).statusCode).toBe(401);
    expect((await login(victim.user.username, victim.user.password)).statusCode).toBe(401);
  });

  it('B7: moving a user to another township changes what they see on the very next request', async () => {
    const mover = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.T1 });
    const other = await t.f.user({ roles: ['clerk'], regionCode: TREE.V1a });
    expect(
      (await t.call('GET', `/api/users/${other.id}`, { cookie: mover.cookie })).statusCode,
    ).toBe(200);
    await t.db.query(
      sql`UPDATE app_user SET unit_id = ${t.f.center(TREE.T2)}, region_code = ${TREE.T2} WHERE id = ${mover.user.id}`,
    );
    expect(
      (await t.call('GET', `/api/users/${other.id}`, { cookie: mover.cookie })).statusCode,
    ).toBe(404);
  });

  it('B7: revoking a role takes effect on the next request without a new login', async () => {
    const d = await t.f.as({ roles: ['dispatcher'], regionCode: TREE.T1 });
    expect((await t.call('GET', '/api/users', { cookie: d.cookie })).statusCode).toBe(200);
    await t.db.query(sql`DELETE FROM user_role WHERE user_id = ${d.user.id}`);
    await t.db.query(sql`INSERT INTO user_role (user_id, role) VALUES (${d.user.id}, 'clerk')`);
    expect((await t.call('GET', '/api/users', { cookie: d.cookie })).statusCode).toBe(403);
  });
});

describe('passwords (SECURITY.md A2, A7)', () => {
  it('A2: a password older than 90 days must be changed before anything else', async () => {
    const u = await t.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    t.clock.advanceMinutes(91 * 24 * 60);
    const res = await login(u.username, u.password);
    expect(res.json()).toMatchObject({ stage: 'password_change', passwordReason: 'expired' });
    const cookie = sessionCookie(res);
    const blocked = await t.call('GET', '/api/org/regions/tree', { cookie });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<{ code: string }>().code).toBe('auth.password_change_required');
    const weak = await t.call('POST', '/api/auth/password', {
      cookie,
      body: { oldPassword: u.password, newPassword: '123456' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ fields: { code: string }[] }>().fields.map((f) => f.code)).toContain(
      'password.common',
    );
    const ok = await t.call('POST', '/api/auth/password', {
      cookie,
      body: { oldPassword: u.password, newPassword: 'Nb5%rTq8@wLe' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await t.call('GET', '/api/org/regions/tree', { cookie })).statusCode).not.toBe(403);
  });

  it('A7/A5: a new admin must change the initial password, then enrol TOTP, before any admin route', async () => {
    const u = await t.f.user({ roles: ['sysadmin'], regionCode: TREE.C1, mustChange: true });
    await t.db.query(
      sql`UPDATE app_user SET totp_secret_enc = NULL, totp_enrolled_at = NULL WHERE id = ${u.id}`,
    );
    const res = await login(u.username, u.password);
    expect(res.json()).toMatchObject({ stage: 'password_change', passwordReason: 'initial' });
    const cookie = sessionCookie(res);
    expect((await t.call('GET', '/api/users', { cookie })).statusCode).toBe(403);
    await t.call('POST', '/api/auth/password', {
      cookie,
      body: { oldPassword: u.password, newPassword: 'Nb5%rTq8@wLe' },
    });
    const still = await t.call('GET', '/api/users', { cookie });
    expect(still.json<{ code: string }>().code).toBe('auth.totp_enrolment_required');
    const enrol = await t.call('POST', '/api/auth/totp/enrol', { cookie });
    const { secret, qrDataUrl } = enrol.json<{ secret: string; qrDataUrl: string }>();
    // the authenticator app scans the otpauth URL as a QR code (an SVG, nothing fetched)
    expect(Buffer.from(qrDataUrl.split(',')[1] ?? '', 'base64').toString()).toMatch(/^<svg/);
    const confirm = await t.call('POST', '/api/auth/totp/confirm', {
      cookie,
      body: { code: totpNow(secret, t.clock.now()) },
    });
    expect(confirm.json()).toMatchObject({ stage: 'active' });
    expect((await t.call('GET', '/api/users', { cookie })).statusCode).toBe(200);
    const row = await t.db.query<{ s: string }>(
      sql`SELECT totp_secret_enc AS s FROM app_user WHERE id = ${u.id}`,
    );
    expect(row[0]?.s).not.toContain(secret);
  });

  it('A5: a TOTP code cannot be replayed within its step, nor accepted two steps away', async () => {
    const u = await t.f.user({ roles: ['auditor'], regionCode: TREE.C1 });
    const secret = u.totpSecret ?? '';
    const first = await login(u.username, u.password);
    t.clock.advance(30_000);
    const code = totpNow(secret, t.clock.now());
    expect(
      (
        await t.call('POST', '/api/auth/totp/verify', {
          cookie: sessionCookie(first),
          body: { code },
        })
      ).statusCode,
    ).toBe(200);
    const second = await login(u.username, u.password);
    expect(
      (
        await t.call('POST', '/api/auth/totp/verify', {
          cookie: sessionCookie(second),
          body: { code },
        })
      ).statusCode,
    ).toBe(401);
    const old = totpNow(secret, new Date(t.clock.now().getTime() - 90_000));
    t.clock.advance(30_000);
    expect(
      (
        await t.call('POST', '/api/auth/totp/verify', {
          cookie: sessionCookie(second),
          body: { code: old },
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('三权分立 (SECURITY.md B2)', () => {
  it('B2: refuses to combine two admin roles, or an admin role with a business role', async () => {
    const sec = await t.f.as({ roles: ['secadmin'], regionCode: TREE.C1 });
    const u = await t.f.user({ roles: [], regionCode: TREE.C1 });
    for (const roles of [
      ['sysadmin', 'auditor'],
      ['auditor', 'dispatcher'],
      ['secadmin', 'sysadmin'],
    ]) {
      const res = await t.call('PUT', `/api/users/${u.id}/roles`, {
        cookie: sec.cookie,
        body: { roles },
      });
      expect(res.statusCode, JSON.stringify(roles)).toBe(409);
      expect(res.json<{ code: string }>().code).toBe('permission.separation_of_duties');
    }
    expect(
      (
        await t.call('PUT', `/api/users/${u.id}/roles`, {
          cookie: sec.cookie,
          body: { roles: ['auditor'] },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('B2: the database trigger rejects a second admin role even behind the API', async () => {
    const u = await t.f.user({ roles: ['sysadmin'], regionCode: TREE.C1 });
    await expect(
      t.db.query(sql`INSERT INTO user_role (user_id, role) VALUES (${u.id}, 'auditor')`),
    ).rejects.toThrow(/separation of duties/);
  });

  it('B2: sysadmin cannot read the audit log, cannot grant roles, and nobody grants themselves', async () => {
    const sys = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 });
    expect((await t.call('GET', '/api/audit/logs', { cookie: sys.cookie })).statusCode).toBe(403);
    expect(
      (
        await t.call('PUT', `/api/users/${sys.user.id}/roles`, {
          cookie: sys.cookie,
          body: { roles: ['auditor'] },
        })
      ).statusCode,
    ).toBe(403);
    const sec = await t.f.as({ roles: ['secadmin'], regionCode: TREE.C1 });
    const self = await t.call('PUT', `/api/users/${sec.user.id}/roles`, {
      cookie: sec.cookie,
      body: { roles: ['secadmin'] },
    });
    expect(self.statusCode).toBe(403);
    const denied = await t.db.query<{ n: number }>(
      sql`SELECT count(*) AS n FROM audit_log WHERE actor_id = ${sys.user.id} AND outcome = 'denied'`,
    );
    expect(denied[0]?.n).toBe(2);
  });
});
