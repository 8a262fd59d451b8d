import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRegion, TRegionNode } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let cookie: string; // sysadmin at the center of township T1
let countyCookie: string; // sysadmin at the center of county C1

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  ({ cookie } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.T1 }));
  ({ cookie: countyCookie } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 }));
});
afterAll(async () => {
  await t.close();
});

async function auditRows(event: string, targetId: string): Promise<number> {
  const rows = await t.db.query<{ n: number }>(
    sql`SELECT count(*) AS n FROM audit_log WHERE event = ${event} AND target_id = ${targetId}`,
  );
  return rows[0]?.n ?? 0;
}

async function regionExists(code: string): Promise<boolean> {
  return (await t.db.query(sql`SELECT 1 FROM region WHERE code = ${code}`)).length > 0;
}

let seq = 100;
async function newVillage(parent: string = TREE.T1): Promise<string> {
  seq += 1;
  const code = `${parent}${seq}`;
  const res = await t.call('POST', '/api/org/regions', {
    cookie,
    body: { code, name: `新村${seq}`, parentCode: parent },
  });
  expect(res.statusCode, res.body).toBe(201);
  return code;
}

describe('org.regions.get', () => {
  it('returns a region in scope with its parent, level and child count', async () => {
    const res = await t.call('GET', `/api/org/regions/${TREE.T1}`, { cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json<TRegion>()).toMatchObject({
      code: TREE.T1,
      level: 4,
      parentCode: TREE.C1,
      isDemo: false,
    });
    expect(res.json<TRegion>().childCount).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 for a region outside the scope exactly as for a missing one', async () => {
    const outside = await t.call('GET', `/api/org/regions/${TREE.T2}`, { cookie });
    const upward = await t.call('GET', `/api/org/regions/${TREE.C1}`, { cookie });
    const missing = await t.call('GET', '/api/org/regions/910101001999', { cookie });
    for (const res of [outside, upward, missing]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'resource.not_found' });
    }
  });
});

describe('org.regions.create', () => {
  it('creates a village under a township in scope and writes one audit row', async () => {
    const code = await newVillage();
    const res = await t.call('GET', `/api/org/regions/${code}`, { cookie });
    expect(res.json<TRegion>()).toMatchObject({
      code,
      level: 5,
      parentCode: TREE.T1,
      childCount: 0,
    });
    expect(await auditRows('org.regions.create', code)).toBe(1);
  });

  it('rejects a code that is not the parent code plus one level with org.invalid_parent', async () => {
    for (const code of ['910101002099', '910101003']) {
      const res = await t.call('POST', '/api/org/regions', {
        cookie,
        body: { code, name: '错位', parentCode: TREE.T1 },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'org.invalid_parent', fields: [{ path: 'code' }] });
      expect(await regionExists(code)).toBe(false);
    }
  });

  it('returns 400 on parentCode when the parent is outside the scope, writing nothing', async () => {
    const code = `${TREE.T2}077`;
    const res = await t.call('POST', '/api/org/regions', {
      cookie,
      body: { code, name: '越权', parentCode: TREE.T2 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'request.invalid',
      fields: [{ path: 'parentCode', code: 'not_found' }],
    });
    expect(await regionExists(code)).toBe(false);
  });

  it('returns 409 when the code already exists', async () => {
    const res = await t.call('POST', '/api/org/regions', {
      cookie,
      body: { code: TREE.V1a, name: '重复', parentCode: TREE.T1 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'resource.conflict' });
  });
});

describe('org.regions.update', () => {
  it('renames a region and sets its end of validity', async () => {
    const code = await newVillage();
    const res = await t.call('PATCH', `/api/org/regions/${code}`, {
      cookie,
      body: { name: '改名村', validTo: '2026-12-31' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TRegion>()).toMatchObject({ name: '改名村', validTo: '2026-12-31' });
    expect(await auditRows('org.regions.update', code)).toBe(1);
  });

  it('returns 404 for a region outside the scope and changes nothing', async () => {
    const res = await t.call('PATCH', `/api/org/regions/${TREE.V2a}`, {
      cookie,
      body: { name: '越权改名' },
    });
    expect(res.statusCode).toBe(404);
    const rows = await t.db.query<{ name: string }>(
      sql`SELECT name FROM region WHERE code = ${TREE.V2a}`,
    );
    expect(rows[0]?.name).not.toBe('越权改名');
  });
});

describe('org.regions.delete', () => {
  it('deletes an unreferenced region', async () => {
    const code = await newVillage();
    const res = await t.call('DELETE', `/api/org/regions/${code}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(await regionExists(code)).toBe(false);
    expect(await auditRows('org.regions.delete', code)).toBe(1);
  });

  it('returns 409 and deletes nothing while units refer to the region', async () => {
    const code = await newVillage();
    await t.f.unit({ regionCode: code });
    const res = await t.call('DELETE', `/api/org/regions/${code}`, { cookie });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'resource.in_use',
      details: { references: { unit: 1 } },
    });
    expect(await regionExists(code)).toBe(true);
  });

  it('returns 409 listing child regions, grids and users that still refer to it', async () => {
    const grid = await t.f.grid(await newVillage(), 7);
    const village = grid.slice(0, 12);
    await t.f.user({ roles: ['clerk'], unitId: await t.f.unit({ regionCode: village }) });
    const res = await t.call('DELETE', `/api/org/regions/${village}`, { cookie });
    expect(res.json()).toMatchObject({
      details: { references: { unit: 1, grid: 1, app_user: 1 } },
    });
    const parent = await t.call('DELETE', `/api/org/regions/${TREE.T1}`, { cookie: countyCookie });
    expect(parent.statusCode).toBe(409);
    expect(
      parent.json<{ details: { references: { region: number } } }>().details.references.region,
    ).toBeGreaterThanOrEqual(2);
    expect(await regionExists(village)).toBe(true);
  });

  it('returns 404 for a region outside the scope', async () => {
    const res = await t.call('DELETE', `/api/org/regions/${TREE.V3a}`, { cookie });
    expect(res.statusCode).toBe(404);
    expect(await regionExists(TREE.V3a)).toBe(true);
  });
});

describe('org.regions.tree', () => {
  async function sqlCount(table: 'unit' | 'grid', prefix: string): Promise<number> {
    const like = `${prefix}%`;
    const rows = await t.db.query<{ n: number }>(
      sql`SELECT count(*) AS n FROM ${sql.ident(table)} WHERE region_code LIKE ${like}`,
    );
    return rows[0]?.n ?? 0;
  }

  it('returns the caller’s scope root with subtree unit and grid counts per node', async () => {
    await t.f.grid(TREE.V1b, 11);
    const res = await t.call('GET', '/api/org/regions/tree?depth=2', { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const roots = res.json<TRegionNode[]>();
    expect(roots.map((r) => r.code)).toEqual([TREE.T1]);
    const root = roots[0];
    expect(root?.unitCount).toBe(await sqlCount('unit', TREE.T1));
    expect(root?.gridCount).toBe(await sqlCount('grid', TREE.T1));
    const v1b = root?.children.find((c) => c.code === TREE.V1b);
    expect(v1b).toMatchObject({ level: 5, children: [] });
    expect(v1b?.gridCount).toBe(await sqlCount('grid', TREE.V1b));
    expect(root?.children.some((c) => c.code === TREE.V2a)).toBe(false);
  });

  it('stops at depth levels counted from the root', async () => {
    const one = await t.call('GET', '/api/org/regions/tree?depth=1', { cookie: countyCookie });
    expect(one.json<TRegionNode[]>()[0]).toMatchObject({ code: TREE.C1, children: [] });
    const three = await t.call('GET', '/api/org/regions/tree?depth=3', { cookie: countyCookie });
    const t1 = three.json<TRegionNode[]>()[0]?.children.find((c) => c.code === TREE.T1);
    expect(t1?.children.map((c) => c.code)).toContain(TREE.V1a);
    expect(three.json<TRegionNode[]>()[0]?.unitCount).toBe(await sqlCount('unit', TREE.C1));
  });

  it('starts at `root` when it is in scope and answers 404 when it is not', async () => {
    const inside = await t.call('GET', `/api/org/regions/tree?root=${TREE.V1a}`, { cookie });
    expect(inside.json<TRegionNode[]>().map((r) => r.code)).toEqual([TREE.V1a]);
    const outside = await t.call('GET', `/api/org/regions/tree?root=${TREE.T2}`, { cookie });
    expect(outside.statusCode).toBe(404);
  });
});
