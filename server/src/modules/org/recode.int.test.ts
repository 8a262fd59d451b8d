import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let countyCookie: string; // sysadmin at the center of county C1
let townCookie: string; // sysadmin at the center of township T1

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  ({ cookie: countyCookie } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 }));
  ({ cookie: townCookie } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.T1 }));
});
afterAll(async () => {
  await t.close();
});

async function addRegion(code: string, parent: string): Promise<void> {
  const level = code.length === 9 ? 4 : 5;
  await t.db.query(sql`
    INSERT INTO region (code, name, level, parent_code) VALUES (${code}, ${`R${code}`}, ${level}, ${parent})`);
}

/** A township with two villages, each with a center, a user, a grid and an assignment. */
async function buildTownship(town: string) {
  await addRegion(town, TREE.C1);
  const townCenter = await t.f.unit({ regionCode: town, kind: 'center' });
  const dept = await t.f.unit({ regionCode: town });
  await t.db.query(sql`INSERT INTO station (center_id, department_id, mode, region_code)
    VALUES (${townCenter}, ${dept}, 'resident', ${town})`);
  const users = [await t.f.user({ roles: ['clerk'], unitId: townCenter })];
  for (const village of [`${town}001`, `${town}002`]) {
    await addRegion(village, town);
    const center = await t.f.unit({ regionCode: village });
    const user = await t.f.user({ roles: ['grid_worker'], unitId: center });
    users.push(user);
    const grid = await t.f.grid(village, 1);
    await t.db.query(sql`INSERT INTO grid_assignment (grid_code, user_id, region_code)
      VALUES (${grid}, ${user.id}, ${village})`);
  }
  return { users, townCenter };
}

async function codesLike(table: string, column: string, prefix: string): Promise<string[]> {
  const like = `${prefix}%`;
  const rows = await t.db.query<{ c: string }>(sql`
    SELECT ${sql.ident(column)} AS c FROM ${sql.ident(table)}
    WHERE ${sql.ident(column)} LIKE ${like} ORDER BY 1`);
  return rows.map((r) => r.c);
}

describe('org.regions.recode', () => {
  it('re-codes a township, its villages, grids and every referring row in one go', async () => {
    const { users, townCenter } = await buildTownship('910101009');
    const res = await t.call('POST', '/api/org/regions/910101009/recode', {
      cookie: countyCookie,
      body: { newCode: '910101008', reason: '民政部门批复调整乡镇代码' },
    });
    expect(res.statusCode, res.body).toBe(200);
    // 3 regions + 2 grids + 4 units + 3 users + 1 station + 2 assignments
    expect(res.json()).toEqual({ oldCode: '910101009', newCode: '910101008', rowsUpdated: 15 });
    expect(await codesLike('region', 'code', '910101009')).toEqual([]);
    expect(await codesLike('region', 'code', '910101008')).toEqual([
      '910101008',
      '910101008001',
      '910101008002',
    ]);
    const parents = await t.db.query<{ code: string; parent_code: string }>(
      sql`SELECT code, parent_code FROM region WHERE code LIKE '910101008%' ORDER BY code`,
    );
    expect(parents.map((p) => p.parent_code)).toEqual([TREE.C1, '910101008', '910101008']);
    expect(await codesLike('grid', 'code', '910101008')).toEqual([
      '910101008001001',
      '910101008002001',
    ]);
    expect(await codesLike('grid_assignment', 'grid_code', '910101008')).toHaveLength(2);
    expect(await codesLike('grid_assignment', 'region_code', '910101008')).toHaveLength(2);
    expect(await codesLike('unit', 'region_code', '910101008')).toHaveLength(4);
    expect(await codesLike('station', 'region_code', '910101008')).toHaveLength(1);
    const moved = await t.db.query<{ region_code: string }>(
      sql`SELECT region_code FROM app_user WHERE id = ANY(${users.map((u) => u.id)}::bigint[]) ORDER BY id`,
    );
    expect(moved.map((u) => u.region_code)).toEqual(['910101008', '910101008001', '910101008002']);
    const center = await t.call('GET', `/api/org/units/${townCenter}`, { cookie: countyCookie });
    expect(center.json()).toMatchObject({ regionCode: '910101008' });
    const audit = await t.db.query<{ reason: string; details: unknown; region_code: string }>(
      sql`SELECT reason, details, region_code FROM audit_log WHERE event = 'org.regions.recode'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      reason: '民政部门批复调整乡镇代码',
      region_code: '910101008',
      details: { oldCode: '910101009', newCode: '910101008' },
    });
  });

  it('moves a village under another township when the new code says so', async () => {
    await buildTownship('910101007');
    const res = await t.call('POST', '/api/org/regions/910101007002/recode', {
      cookie: countyCookie,
      body: { newCode: `${TREE.T2}050`, reason: '村庄划入相邻乡镇' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.db.query<{ parent_code: string }>(
      sql`SELECT parent_code FROM region WHERE code = ${`${TREE.T2}050`}`,
    );
    expect(row[0]?.parent_code).toBe(TREE.T2);
    expect(await codesLike('grid', 'code', `${TREE.T2}050`)).toEqual([`${TREE.T2}050001`]);
    expect(await codesLike('region', 'code', '910101007')).toEqual(['910101007', '910101007001']);
  });

  it('returns 409 org.recode_conflict and changes nothing when the new code is taken', async () => {
    await buildTownship('910101006');
    const res = await t.call('POST', '/api/org/regions/910101006/recode', {
      cookie: countyCookie,
      body: { newCode: TREE.T2, reason: '冲突测试' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'org.recode_conflict' });
    expect(await codesLike('region', 'code', '910101006')).toHaveLength(3);
    expect(await codesLike('grid', 'code', '910101006')).toHaveLength(2);
  });

  it('returns 400 on newCode for a different length or a parent outside the scope', async () => {
    const length = await t.call('POST', `/api/org/regions/${TREE.V1a}/recode`, {
      cookie: townCookie,
      body: { newCode: '910101001', reason: '位数不符' },
    });
    expect(length.statusCode).toBe(400);
    expect(length.json()).toMatchObject({ fields: [{ path: 'newCode', code: 'length' }] });
    const parent = await t.call('POST', `/api/org/regions/${TREE.V1a}/recode`, {
      cookie: townCookie,
      body: { newCode: `${TREE.T2}060`, reason: '越权迁移' },
    });
    expect(parent.statusCode).toBe(400);
    expect(parent.json()).toMatchObject({ fields: [{ path: 'newCode', code: 'not_found' }] });
    const own = await t.call('POST', `/api/org/regions/${TREE.T1}/recode`, {
      cookie: townCookie,
      body: { newCode: '910101005', reason: '不能调整本级' },
    });
    expect(own.statusCode).toBe(400);
    expect(await codesLike('region', 'code', TREE.V1a)).toEqual([TREE.V1a]);
  });

  it('answers 404 for a region outside the scope', async () => {
    const res = await t.call('POST', `/api/org/regions/${TREE.T2}/recode`, {
      cookie: townCookie,
      body: { newCode: '910101004', reason: '越权' },
    });
    expect(res.statusCode).toBe(404);
    expect(await codesLike('region', 'code', TREE.T2)).not.toHaveLength(0);
  });
});
