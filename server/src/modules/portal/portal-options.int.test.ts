import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPortalOptions, TPortalRegionView } from '@fengqiao/contracts/portal/schemas.ts';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadConfig } from '../../core/config.ts';
import { CHALLENGE_ECHO_HEADER } from './challenge.ts';
import { solve, submit } from './portal-testing.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://portal.example.gov.cn/' } });
  await t.f.tree();
  // a county no center serves, and a village abolished by a 区划调整 before the test clock's day
  await t.db.query(
    sql`INSERT INTO region (code, name, level, parent_code) VALUES ('910103', '未开通县', 3, ${TREE.M})`,
  );
  await t.db.query(sql`
    INSERT INTO region (code, name, level, parent_code, valid_to)
    VALUES ('910101001009', '已撤销村', 5, ${TREE.T1}, '2026-01-01')`);
});
afterAll(async () => {
  await t.close();
});
async function region(code: string, ip = '192.0.2.10') {
  return t.call('GET', `/api/portal/regions/${code}`, { ip });
}

describe('portal options: what the public submit form needs without a session', () => {
  it('lists the public categories (no 网格事件, no 信访), the served roots and the public address', async () => {
    const res = await t.call('GET', '/api/portal/options', { ip: '192.0.2.10' });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json<TPortalOptions>();
    expect(out.categories.map((c) => c.code)).toEqual(['H', 'D', 'S', 'U']);
    expect(out.categories[0]?.children.map((c) => c.name)).toEqual([
      '咨询',
      '求助',
      '投诉',
      '举报',
      '意见建议',
    ]);
    const leaves = out.categories.flatMap((c) => c.children.map((x) => x.code));
    expect(leaves.some((c) => c.startsWith('G') || c.startsWith('P'))).toBe(false);
    // the province and city have no center; both counties do, and nothing serves 910103
    expect(out.regions).toEqual([
      { code: TREE.C1, name: '区划C1', level: 3 },
      { code: TREE.C2, name: '区划C2', level: 3 },
    ]);
    expect(out.publicBaseUrl).toBe('https://portal.example.gov.cn');
  });

  it('answers a region with its chain from the county and its current children', async () => {
    const county = await region(TREE.C1);
    expect(county.statusCode, county.body).toBe(200);
    expect(county.json<TPortalRegionView>()).toEqual({
      chain: [{ code: TREE.C1, name: '区划C1', level: 3 }],
      children: [
        { code: TREE.T1, name: '区划T1', level: 4 },
        { code: TREE.T2, name: '区划T2', level: 4 },
      ],
      submittable: false,
    });
    const town = (await region(TREE.T1)).json<TPortalRegionView>();
    expect(town.children.map((r) => r.code)).toEqual([TREE.V1a, TREE.V1b]);
    expect(town.submittable).toBe(true);
    const village = (await region(TREE.V1a)).json<TPortalRegionView>();
    expect(village.chain.map((r) => r.code)).toEqual([TREE.C1, TREE.T1, TREE.V1a]);
    expect(village.children).toEqual([]);
    expect(village.submittable).toBe(true);
  });

  it('answers 404 for unknown, unserved and abolished regions and 400 for malformed codes', async () => {
    expect((await region('910101009009')).statusCode).toBe(404);
    expect((await region('910103')).statusCode).toBe(404);
    expect((await region('910101001009')).statusCode).toBe(404);
    const bad = await region('9101');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('params.regionCode');
  });

  it('refuses categories the portal does not offer, at the category field', async () => {
    for (const categoryCode of ['G0', 'P1', 'H']) {
      const res = await submit(t, '192.0.2.11', {
        regionCode: TREE.V1a,
        categoryCode,
        description: '小区门口路灯不亮已经一周',
      });
      expect(res.statusCode, `${categoryCode}: ${res.body}`).toBe(400);
      expect(res.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('categoryCode');
    }
  });

  it('is rate limited per address', async () => {
    let last = 0;
    for (let i = 0; i < 61; i += 1) {
      last = (await t.call('GET', '/api/portal/options', { ip: '192.0.2.12' })).statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('challenge echo for browser tests (test harness only)', () => {
  it('sends no answer unless PORTAL_CHALLENGE_ECHO=1', async () => {
    const res = await t.call('POST', '/api/portal/challenge', { ip: '192.0.2.20' });
    expect(res.statusCode).toBe(201);
    expect(res.headers[CHALLENGE_ECHO_HEADER.toLowerCase()]).toBeUndefined();
  });

  it('with the switch on outside production, echoes the right answer', async () => {
    const echo = await createTestApp({ env: { PORTAL_CHALLENGE_ECHO: '1' } });
    try {
      await echo.f.tree();
      const res = await echo.call('POST', '/api/portal/challenge', { ip: '192.0.2.21' });
      expect(res.statusCode).toBe(201);
      const echoed = res.headers[CHALLENGE_ECHO_HEADER.toLowerCase()];
      const id = res.json<{ challengeId: string }>().challengeId;
      expect(echoed).toBe(await solve(echo, id));
    } finally {
      await echo.close();
    }
  });

  it('a production process refuses to start with it', () => {
    const prod = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/x',
      FENGQIAO_KEY: 'k',
    };
    expect(() => loadConfig({ ...prod, PORTAL_CHALLENGE_ECHO: '1' })).toThrow(
      /PORTAL_CHALLENGE_ECHO must not be set in production/,
    );
    expect(loadConfig(prod).portalChallengeEcho).toBe(false);
  });
});
