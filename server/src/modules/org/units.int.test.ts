import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TUnit } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { TREE, unique } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let cookie: string; // sysadmin at the center of township T1

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  ({ cookie } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.T1 }));
});
afterAll(async () => {
  await t.close();
});

async function countWhere(table: 'unit' | 'station', name: string): Promise<number> {
  const rows =
    table === 'unit'
      ? await t.db.query<{ n: number }>(sql`SELECT count(*) AS n FROM unit WHERE name = ${name}`)
      : await t.db.query<{ n: number }>(
          sql`SELECT count(*) AS n FROM station s JOIN unit d ON d.id = s.department_id
            WHERE d.name = ${name}`,
        );
  return rows[0]?.n ?? 0;
}

async function createUnit(body: Record<string, unknown>) {
  return t.call('POST', '/api/org/units', { cookie, body });
}

describe('org.units.create', () => {
  it('creates a department with every field and audits it', async () => {
    const name = unique('派出所');
    const res = await createUnit({
      name,
      kind: 'department',
      departmentType: '公安',
      regionCode: TREE.T1,
      parentId: t.f.center(TREE.T1),
      phone: '0310-1234567',
      address: '镇政府东侧',
      officeHours: { start: '08:30', end: '17:30' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const unit = res.json<TUnit>();
    expect(unit).toMatchObject({
      name,
      kind: 'department',
      departmentType: '公安',
      centerLevel: null,
      regionCode: TREE.T1,
      regionName: '区划T1',
      parentId: t.f.center(TREE.T1),
      officeHours: { start: '08:30', end: '17:30' },
    });
    expect(Number.isNaN(Date.parse(unit.updatedAt))).toBe(false);
    const audit = await t.db.query(
      sql`SELECT 1 FROM audit_log WHERE event = 'org.units.create' AND target_id = ${String(unit.id)}`,
    );
    expect(audit).toHaveLength(1);
  });

  it('requires a center’s level to match its region level', async () => {
    const name = unique('中心');
    const wrong = await createUnit({
      name,
      kind: 'center',
      centerLevel: 'county',
      regionCode: TREE.V1a,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      fields: [{ path: 'centerLevel', code: 'level_mismatch' }],
    });
    const right = await createUnit({
      name,
      kind: 'center',
      centerLevel: 'village',
      regionCode: TREE.V1a,
    });
    expect(right.statusCode, right.body).toBe(201);
  });

  it('rejects a level on a unit that is not a center (schema rule)', async () => {
    const res = await createUnit({
      name: unique('调委会'),
      kind: 'mediation_org',
      centerLevel: 'township',
      regionCode: TREE.T1,
    });
    expect(res.statusCode).toBe(400);
  });

  it('returns 400 with nothing written for an out-of-scope regionCode or parentId', async () => {
    const name = unique('越权');
    const region = await createUnit({ name, kind: 'other', regionCode: TREE.T2 });
    expect(region.statusCode).toBe(400);
    expect(region.json()).toMatchObject({ fields: [{ path: 'regionCode', code: 'not_found' }] });
    const parent = await createUnit({
      name,
      kind: 'other',
      regionCode: TREE.T1,
      parentId: t.f.center(TREE.C1),
    });
    expect(parent.statusCode).toBe(400);
    expect(parent.json()).toMatchObject({ fields: [{ path: 'parentId', code: 'not_found' }] });
    expect(await countWhere('unit', name)).toBe(0);
  });

  it('returns 409 for a second unit of the same name in the same region', async () => {
    const name = unique('司法所');
    const body = { name, kind: 'department', departmentType: '司法', regionCode: TREE.T1 };
    expect((await createUnit(body)).statusCode).toBe(201);
    const again = await createUnit(body);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'resource.conflict', fields: [{ path: 'name' }] });
  });
});

describe('org.units.get / list', () => {
  it('gets a unit in scope and answers 404 for one outside it', async () => {
    const inside = await t.call('GET', `/api/org/units/${t.f.center(TREE.V1a)}`, { cookie });
    expect(inside.json<TUnit>()).toMatchObject({ kind: 'center', centerLevel: 'village' });
    for (const code of [TREE.T2, TREE.C1, TREE.V3a]) {
      const res = await t.call('GET', `/api/org/units/${t.f.center(code)}`, { cookie });
      expect(res.statusCode).toBe(404);
    }
    expect((await t.call('GET', '/api/org/units/99999999', { cookie })).statusCode).toBe(404);
  });

  it('lists only units in scope, filters, and pages by cursor', async () => {
    const all = await t.call('GET', '/api/org/units?limit=500', { cookie });
    const regions = all.json<{ items: TUnit[] }>().items.map((u) => u.regionCode);
    expect(regions.length).toBeGreaterThanOrEqual(3);
    expect(regions.every((r) => r.startsWith(TREE.T1))).toBe(true);
    const centers = await t.call('GET', `/api/org/units?kind=center&regionCode=${TREE.V1a}`, {
      cookie,
    });
    expect(centers.json<{ items: TUnit[] }>().items.every((u) => u.regionCode === TREE.V1a)).toBe(
      true,
    );
    const first = await t.call('GET', '/api/org/units?limit=1', { cookie });
    const page = first.json<{ items: TUnit[]; nextCursor: string }>();
    expect(page.items).toHaveLength(1);
    const next = await t.call('GET', `/api/org/units?limit=1&after=${page.nextCursor}`, { cookie });
    expect(next.json<{ items: TUnit[] }>().items[0]?.id).toBeGreaterThan(page.items[0]?.id ?? 0);
  });

  it('returns 400 when the regionCode filter is outside the scope', async () => {
    const res = await t.call('GET', `/api/org/units?regionCode=${TREE.T2}`, { cookie });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ fields: [{ path: 'regionCode' }] });
  });
});

describe('org.units.update / delete', () => {
  it('updates fields, and answers 404 outside the scope', async () => {
    const id = await t.f.unit({ regionCode: TREE.V1b });
    const res = await t.call('PATCH', `/api/org/units/${id}`, {
      cookie,
      body: { address: '新址', grade: 2, officeHours: null },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TUnit>()).toMatchObject({ address: '新址', grade: 2, officeHours: null });
    const out = await t.call('PATCH', `/api/org/units/${t.f.center(TREE.T2)}`, {
      cookie,
      body: { address: '越权' },
    });
    expect(out.statusCode).toBe(404);
  });

  it('refuses to make a unit its own ancestor', async () => {
    const parent = await t.f.unit({ regionCode: TREE.T1 });
    const child = await t.f.unit({ regionCode: TREE.T1 });
    await t.call('PATCH', `/api/org/units/${child}`, { cookie, body: { parentId: parent } });
    const res = await t.call('PATCH', `/api/org/units/${parent}`, {
      cookie,
      body: { parentId: child },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ fields: [{ path: 'parentId', code: 'cycle' }] });
  });

  it('returns 409 and deletes nothing while users, child units or stations refer to it', async () => {
    const id = await t.f.unit({ regionCode: TREE.T1 });
    await t.f.user({ roles: ['clerk'], unitId: id });
    await t.f
      .unit({ regionCode: TREE.T1 })
      .then((child) => t.db.query(sql`UPDATE unit SET parent_id = ${id} WHERE id = ${child}`));
    const res = await t.call('DELETE', `/api/org/units/${id}`, { cookie });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'resource.in_use',
      details: { references: { app_user: 1, unit: 1 } },
    });
    expect(await t.db.query(sql`SELECT 1 FROM unit WHERE id = ${id}`)).toHaveLength(1);
  });

  it('refuses to move a unit with users to another region', async () => {
    const id = await t.f.unit({ regionCode: TREE.T1 });
    await t.f.user({ roles: ['clerk'], unitId: id });
    const res = await t.call('PATCH', `/api/org/units/${id}`, {
      cookie,
      body: { regionCode: TREE.V1a },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ details: { references: { app_user: 1 } } });
  });

  it('deletes an unreferenced unit and audits it', async () => {
    const id = await t.f.unit({ regionCode: TREE.V1a });
    const res = await t.call('DELETE', `/api/org/units/${id}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(await t.db.query(sql`SELECT 1 FROM unit WHERE id = ${id}`)).toHaveLength(0);
    const out = await t.call('DELETE', `/api/org/units/${t.f.center(TREE.V2a)}`, { cookie });
    expect(out.statusCode).toBe(404);
  });
});

describe('org.stations', () => {
  it('stations a department at a center, lists it, and withdraws it', async () => {
    const name = unique('人社');
    const dept = await t.f.unit({ regionCode: TREE.T1, departmentType: '人社', name });
    const res = await t.call('POST', '/api/org/stations', {
      cookie,
      body: {
        centerId: t.f.center(TREE.T1),
        departmentId: dept,
        mode: 'rotating',
        timetable: '每周二',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const station = res.json<{ id: number }>();
    expect(station).toMatchObject({ departmentName: name, mode: 'rotating', timetable: '每周二' });
    const list = await t.call('GET', `/api/org/stations?centerId=${t.f.center(TREE.T1)}`, {
      cookie,
    });
    expect(list.body).toContain(name);
    const again = await t.call('POST', '/api/org/stations', {
      cookie,
      body: { centerId: t.f.center(TREE.T1), departmentId: dept, mode: 'resident' },
    });
    expect(again.statusCode).toBe(409);
    const del = await t.call('DELETE', `/api/org/stations/${station.id}`, { cookie });
    expect(del.statusCode).toBe(200);
    expect(await countWhere('station', name)).toBe(0);
  });

  it('returns 400 for an out-of-scope center or department and for a non-center', async () => {
    const dept = await t.f.unit({ regionCode: TREE.T1 });
    const outside = await t.call('POST', '/api/org/stations', {
      cookie,
      body: { centerId: t.f.center(TREE.T2), departmentId: dept, mode: 'on_call' },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ fields: [{ path: 'centerId', code: 'not_found' }] });
    const notCenter = await t.call('POST', '/api/org/stations', {
      cookie,
      body: { centerId: dept, departmentId: t.f.center(TREE.T1), mode: 'on_call' },
    });
    expect(notCenter.json()).toMatchObject({
      fields: [{ path: 'centerId' }, { path: 'departmentId' }],
    });
    const list = await t.call('GET', `/api/org/stations?departmentId=${t.f.center(TREE.C2)}`, {
      cookie,
    });
    expect(list.statusCode).toBe(400);
  });

  it('keeps a stationed department from being deleted (409) and hides foreign stations', async () => {
    const name = unique('信访');
    const dept = await t.f.unit({ regionCode: TREE.T2, departmentType: '信访', name });
    const rows = await t.db.query<{ id: number }>(sql`
      INSERT INTO station (center_id, department_id, mode, region_code)
      VALUES (${t.f.center(TREE.T2)}, ${dept}, 'resident', ${TREE.T2}) RETURNING id`);
    const list = await t.call('GET', '/api/org/stations', { cookie });
    expect(list.body).not.toContain(name);
    const del = await t.call('DELETE', `/api/org/stations/${rows[0]?.id ?? 0}`, { cookie });
    expect(del.statusCode).toBe(404);
    const own = await t.f.unit({ regionCode: TREE.T1 });
    await t.db.query(sql`
      INSERT INTO station (center_id, department_id, mode, region_code)
      VALUES (${t.f.center(TREE.T1)}, ${own}, 'resident', ${TREE.T1})`);
    const busy = await t.call('DELETE', `/api/org/units/${own}`, { cookie });
    expect(busy.json()).toMatchObject({ details: { references: { station: 1 } } });
  });
});
