import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TErrorBody } from '@fengqiao/contracts';
import type { TDeadlinePolicy, TGridAdmission } from '@fengqiao/contracts/policies/schemas.ts';
import { sql } from '../../core/db/sql.ts';
import type { RouteDef } from '../../core/http/context.ts';
import { ALL_ROUTES } from '../../routes.ts';
import { TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { policyRoutes } from './routes.ts';

/** The app's routes plus these, without doubling them once routes.ts lists them too. */
function withRoutes(extra: readonly RouteDef[]): RouteDef[] {
  const ids = new Set(extra.map((r) => r.endpoint.id));
  return [...ALL_ROUTES.filter((r) => !ids.has(r.endpoint.id)), ...extra];
}

let t: TestApp;
let admin: string; // sysadmin: policy.manage
let clerk: string; // org.read only

beforeAll(async () => {
  t = await createTestApp({ routes: withRoutes(policyRoutes) });
  await t.f.tree();
  ({ cookie: admin } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 }));
  ({ cookie: clerk } = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 }));
});
afterAll(async () => {
  await t.close();
});

async function policyOf(matterType: string, clock: string): Promise<TDeadlinePolicy> {
  const res = await t.call('GET', '/api/deadline-policies', { cookie: clerk });
  expect(res.statusCode, res.body).toBe(200);
  const found = res
    .json<TDeadlinePolicy[]>()
    .find((p) => p.matterType === matterType && p.clock === clock && p.categoryCode === null);
  if (found === undefined) {
    throw new Error(`no seeded policy ${matterType}/${clock}`);
  }
  return found;
}

async function auditCount(event: string, outcome = 'success'): Promise<number> {
  const rows = await t.db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM audit_log WHERE event = ${event} AND outcome = ${outcome}`,
  );
  return rows[0]?.n ?? 0;
}

function editable(p: TDeadlinePolicy) {
  return {
    unit: p.unit,
    limitValue: p.limitValue,
    maxExtension: p.maxExtension,
    yellowBefore: p.yellowBefore,
    urgentLimit: p.urgentLimit,
  };
}

describe('policies', () => {
  it('lists the policies with the statute each may not exceed', async () => {
    const p = await policyOf('petition', 'handle');
    expect(p.statute).toMatchObject({ limit: 60, maxExtension: 30, source: '信访工作条例 第34条' });
  });

  it('DOMAIN §2: refuses a statutory policy longer than the statute, citing the article', async () => {
    const p = await policyOf('petition', 'handle');
    const cases = [
      [{ limitValue: 90 }, 'limitValue', '60'],
      [{ maxExtension: 45 }, 'maxExtension', '30'],
      [{ unit: 'working_day' }, 'unit', '自然日'],
    ] as const;
    for (const [change, path, limit] of cases) {
      const res = await t.call('PUT', `/api/deadline-policies/${p.id}`, {
        cookie: admin,
        body: { ...editable(p), ...change },
      });
      expect(res.statusCode, res.body).toBe(400);
      const field = res.json<TErrorBody>().fields?.[0];
      expect(field?.path).toBe(path);
      expect(field?.message).toContain('信访工作条例 第34条');
      expect(field?.message).toContain(limit);
    }
    const unchanged = await policyOf('petition', 'handle');
    expect(unchanged.limitValue).toBe(60);
  });

  it('accepts a stricter statutory policy and audits the change', async () => {
    const p = await policyOf('petition', 'handle');
    const audits = await auditCount('policies.update');
    const res = await t.call('PUT', `/api/deadline-policies/${p.id}`, {
      cookie: admin,
      body: { ...editable(p), limitValue: 45, maxExtension: 15, yellowBefore: 7 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TDeadlinePolicy>()).toMatchObject({ limitValue: 45, maxExtension: 15 });
    expect(await auditCount('policies.update')).toBe(audits + 1);
  });

  it('refuses an urgent limit longer than the normal one, and answers 404 for no policy', async () => {
    const p = await policyOf('*', 'handle');
    const res = await t.call('PUT', `/api/deadline-policies/${p.id}`, {
      cookie: admin,
      body: { ...editable(p), urgentLimit: p.limitValue + 1 },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<TErrorBody>().fields?.[0]?.path).toBe('urgentLimit');
    const missing = await t.call('PUT', '/api/deadline-policies/999999', {
      cookie: admin,
      body: editable(p),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('creates a policy for a type and category, once; a statutory one is capped too', async () => {
    const body = {
      matterType: 'dispute',
      categoryCode: 'D09',
      clock: 'handle',
      unit: 'calendar_day',
      limitValue: 15,
      maxExtension: 0,
      yellowBefore: 3,
      urgentLimit: null,
      statutoryKey: 'labour.mediation',
    };
    const audits = await auditCount('policies.create');
    const res = await t.call('POST', '/api/deadline-policies', { cookie: admin, body });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<TDeadlinePolicy>().statute?.source).toBe('劳动争议调解仲裁法 第14条');
    const again = await t.call('POST', '/api/deadline-policies', { cookie: admin, body });
    expect(again.statusCode).toBe(409);
    const longer = await t.call('POST', '/api/deadline-policies', {
      cookie: admin,
      body: { ...body, categoryCode: 'D12', limitValue: 20 },
    });
    expect(longer.statusCode).toBe(400);
    expect(longer.json<TErrorBody>().fields?.[0]?.message).toContain('劳动争议调解仲裁法 第14条');
    const unknown = await t.call('POST', '/api/deadline-policies', {
      cookie: admin,
      body: { ...body, categoryCode: 'ZZ9', statutoryKey: 'no.such' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(
      unknown
        .json<TErrorBody>()
        .fields?.map((f) => f.path)
        .sort(),
    ).toEqual(['categoryCode', 'statutoryKey']);
    expect(await auditCount('policies.create')).toBe(audits + 1);
  });
});

describe('grid admissions (网格事项准入清单)', () => {
  it('lists refused categories with the rule cited', async () => {
    const res = await t.call('GET', '/api/grid-admissions', { cookie: clerk });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TGridAdmission[]>()).toContainEqual(
      expect.objectContaining({ categoryCode: 'D09', admitted: false, categoryName: '劳动争议' }),
    );
  });

  it('upserts one national row per category and audits each write', async () => {
    const audits = await auditCount('admissions.upsert');
    const first = await t.call('PUT', '/api/grid-admissions', {
      cookie: admin,
      body: { categoryCode: 'G7', admitted: true, rule: '网格员职责：其他网格事件' },
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await t.call('PUT', '/api/grid-admissions', {
      cookie: admin,
      body: { categoryCode: 'G7', admitted: false, rule: '测试：改为不准入' },
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<TGridAdmission>()).toMatchObject({
      id: first.json<TGridAdmission>().id,
      admitted: false,
      rule: '测试：改为不准入',
      regionCode: null,
    });
    const rows = await t.db.query(sql`SELECT 1 FROM grid_admission WHERE category_code = 'G7'`);
    expect(rows).toHaveLength(1);
    expect(await auditCount('admissions.upsert')).toBe(audits + 2);
  });

  it('refuses an unknown category', async () => {
    const res = await t.call('PUT', '/api/grid-admissions', {
      cookie: admin,
      body: { categoryCode: 'ZZ9', admitted: true, rule: '测试' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TErrorBody>().fields?.[0]?.path).toBe('categoryCode');
  });
});

describe('permissions', () => {
  it('B3: a clerk (no policy.manage) is denied every write, and the denial is audited', async () => {
    const p = await policyOf('*', 'accept');
    const put = await t.call('PUT', `/api/deadline-policies/${p.id}`, {
      cookie: clerk,
      body: editable(p),
    });
    expect(put.statusCode).toBe(403);
    const post = await t.call('POST', '/api/deadline-policies', { cookie: clerk, body: {} });
    expect(post.statusCode).toBe(403);
    const upsert = await t.call('PUT', '/api/grid-admissions', {
      cookie: clerk,
      body: { categoryCode: 'G0', admitted: false, rule: '测试' },
    });
    expect(upsert.statusCode).toBe(403);
    expect(await auditCount('policies.update', 'denied')).toBe(1);
    expect(await auditCount('admissions.upsert', 'denied')).toBe(1);
  });
});
