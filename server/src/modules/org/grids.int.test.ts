import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TGrid } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let cookie: string; // sysadmin at the center of township T1

const SQUARE = {
  type: 'Polygon',
  coordinates: [
    [
      [114.95, 36.78],
      [114.96, 36.78],
      [114.96, 36.79],
      [114.95, 36.79],
      [114.95, 36.78],
    ],
  ],
};
const BOWTIE = {
  type: 'Polygon',
  coordinates: [
    [
      [114.95, 36.78],
      [114.96, 36.79],
      [114.96, 36.78],
      [114.95, 36.79],
      [114.95, 36.78],
    ],
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  ({ cookie } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.T1 }));
});
afterAll(async () => {
  await t.close();
});

async function gridExists(code: string): Promise<boolean> {
  return (await t.db.query(sql`SELECT 1 FROM grid WHERE code = ${code}`)).length > 0;
}

describe('org.grids.create', () => {
  it('creates a grid with a boundary, stores its bbox, and audits it', async () => {
    const code = `${TREE.V1a}201`;
    const res = await t.call('POST', '/api/org/grids', {
      cookie,
      body: { code, name: '第1网格', households: 320, population: 1050, geometry: SQUARE },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<TGrid>()).toMatchObject({
      code,
      regionCode: TREE.V1a,
      kind: 'comprehensive',
      households: 320,
      bbox: [114.95, 36.78, 114.96, 36.79],
      geometry: SQUARE,
      isDemoGeometry: false,
      workers: [],
    });
    const rows = await t.db.query<{ min_lon: number; max_lat: number }>(
      sql`SELECT min_lon, max_lat FROM grid WHERE code = ${code}`,
    );
    expect(rows[0]).toEqual({ min_lon: 114.95, max_lat: 36.79 });
    const audit = await t.db.query(
      sql`SELECT 1 FROM audit_log WHERE event = 'org.grids.create' AND target_id = ${code}`,
    );
    expect(audit).toHaveLength(1);
  });

  it('accepts a GeoJSON Feature and a grid without any boundary', async () => {
    const feature = await t.call('POST', '/api/org/grids', {
      cookie,
      body: {
        code: `${TREE.V1a}202`,
        name: '要素',
        geometry: { type: 'Feature', geometry: SQUARE },
      },
    });
    expect(feature.json<TGrid>().geometry).toEqual(SQUARE);
    const bare = await t.call('POST', '/api/org/grids', {
      cookie,
      body: { code: `${TREE.V1a}203`, name: '无边界', kind: 'dedicated' },
    });
    expect(bare.json<TGrid>()).toMatchObject({ bbox: null, geometry: null, kind: 'dedicated' });
  });

  it('returns 400 on geometry with the Chinese reason for an invalid boundary', async () => {
    const code = `${TREE.V1a}204`;
    for (const geometry of [BOWTIE, { type: 'Point', coordinates: [114.9, 36.7] }]) {
      const res = await t.call('POST', '/api/org/grids', {
        cookie,
        body: { code, name: '坏', geometry },
      });
      expect(res.statusCode).toBe(400);
      const field = res.json<{ fields: { path: string; message: string }[] }>().fields[0];
      expect(field?.path).toBe('geometry');
      expect(field?.message).toMatch(/网格边界无效：/);
    }
    expect(await gridExists(code)).toBe(false);
  });

  it('returns 400 on code when its village is missing or outside the scope', async () => {
    for (const code of [`${TREE.V2a}001`, `${TREE.T1}999001`, `${TREE.V3a}005`]) {
      const res = await t.call('POST', '/api/org/grids', { cookie, body: { code, name: '越权' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ fields: [{ path: 'code', code: 'not_found' }] });
      expect(await gridExists(code)).toBe(false);
    }
  });

  it('returns 409 for an existing grid code', async () => {
    const code = await t.f.grid(TREE.V1b, 301);
    const res = await t.call('POST', '/api/org/grids', { cookie, body: { code, name: '重复' } });
    expect(res.statusCode).toBe(409);
  });
});

describe('org.grids.get / list / update / delete', () => {
  it('returns the grid with its workers, and 404 outside the scope', async () => {
    const code = await t.f.grid(TREE.V1b, 302);
    const worker = await t.f.user({ roles: ['grid_worker'], regionCode: TREE.V1b });
    const assign = await t.call('POST', '/api/org/grid-assignments', {
      cookie,
      body: { gridCode: code, userId: worker.id, duty: 'grid_leader' },
    });
    expect(assign.statusCode, assign.body).toBe(201);
    const res = await t.call('GET', `/api/org/grids/${code}`, { cookie });
    expect(res.json<TGrid>().workers).toEqual([
      { userId: worker.id, name: `测试${worker.username}`, duty: 'grid_leader' },
    ]);
    const foreign = await t.f.grid(TREE.V2a, 302);
    expect((await t.call('GET', `/api/org/grids/${foreign}`, { cookie })).statusCode).toBe(404);
  });

  it('lists grids in scope, with geometry only when asked, paging by code', async () => {
    const foreign = await t.f.grid(TREE.V3a, 303);
    const plain = await t.call('GET', '/api/org/grids', { cookie });
    const page = plain.json<{ items: TGrid[] }>();
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    expect(page.items.every((g) => g.regionCode.startsWith(TREE.T1))).toBe(true);
    expect(page.items.every((g) => !('geometry' in g))).toBe(true);
    expect(plain.body).not.toContain(foreign);
    const geo = await t.call('GET', `/api/org/grids?withGeometry=true&regionCode=${TREE.V1a}`, {
      cookie,
    });
    const withGeo = geo.json<{ items: TGrid[] }>().items;
    expect(withGeo.find((g) => g.code === `${TREE.V1a}201`)?.geometry).toEqual(SQUARE);
    const first = await t.call('GET', '/api/org/grids?limit=1', { cookie });
    const cursor = first.json<{ nextCursor: string }>().nextCursor;
    const next = await t.call('GET', `/api/org/grids?limit=1&after=${cursor}`, { cookie });
    expect((next.json<{ items: TGrid[] }>().items[0]?.code ?? '') > cursor).toBe(true);
    const out = await t.call('GET', `/api/org/grids?regionCode=${TREE.V2a}`, { cookie });
    expect(out.statusCode).toBe(400);
  });

  it('updates attributes and replaces or clears the boundary', async () => {
    const code = await t.f.grid(TREE.V1a, 304);
    const res = await t.call('PATCH', `/api/org/grids/${code}`, {
      cookie,
      body: { name: '改名', population: 88, geometry: SQUARE },
    });
    expect(res.json<TGrid>()).toMatchObject({
      name: '改名',
      population: 88,
      bbox: [114.95, 36.78, 114.96, 36.79],
    });
    const cleared = await t.call('PATCH', `/api/org/grids/${code}`, {
      cookie,
      body: { geometry: null },
    });
    expect(cleared.json<TGrid>()).toMatchObject({ name: '改名', bbox: null, geometry: null });
    const bad = await t.call('PATCH', `/api/org/grids/${code}`, {
      cookie,
      body: { geometry: BOWTIE },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('returns 409 and deletes nothing while workers are assigned; deletes once free', async () => {
    const code = await t.f.grid(TREE.V1a, 305);
    const worker = await t.f.user({ roles: ['grid_worker'], regionCode: TREE.V1a });
    const assign = await t.call('POST', '/api/org/grid-assignments', {
      cookie,
      body: { gridCode: code, userId: worker.id },
    });
    const busy = await t.call('DELETE', `/api/org/grids/${code}`, { cookie });
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({
      code: 'resource.in_use',
      details: { references: { grid_assignment: 1 } },
    });
    expect(await gridExists(code)).toBe(true);
    const id = assign.json<{ id: number }>().id;
    expect((await t.call('DELETE', `/api/org/grid-assignments/${id}`, { cookie })).statusCode).toBe(
      200,
    );
    expect((await t.call('DELETE', `/api/org/grids/${code}`, { cookie })).statusCode).toBe(200);
    expect(await gridExists(code)).toBe(false);
  });
});

describe('org.gridAssignments', () => {
  it('lists assignments in scope, filtered by grid or user', async () => {
    const code = await t.f.grid(TREE.V1b, 306);
    const worker = await t.f.user({ roles: ['grid_worker'], regionCode: TREE.V1b });
    const created = await t.call('POST', '/api/org/grid-assignments', {
      cookie,
      body: { gridCode: code, userId: worker.id, duty: 'assistant' },
    });
    expect(created.json()).toMatchObject({ gridCode: code, userId: worker.id, duty: 'assistant' });
    const byGrid = await t.call('GET', `/api/org/grid-assignments?gridCode=${code}`, { cookie });
    expect(byGrid.json<unknown[]>()).toHaveLength(1);
    const byUser = await t.call('GET', `/api/org/grid-assignments?userId=${worker.id}`, { cookie });
    expect(byUser.json<{ gridCode: string }[]>().map((a) => a.gridCode)).toEqual([code]);
    const dup = await t.call('POST', '/api/org/grid-assignments', {
      cookie,
      body: { gridCode: code, userId: worker.id, duty: 'assistant' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('returns 400 with nothing written for an out-of-scope grid or user', async () => {
    const inGrid = await t.f.grid(TREE.V1b, 307);
    const outGrid = await t.f.grid(TREE.V2a, 307);
    const inUser = await t.f.user({ roles: ['grid_worker'], regionCode: TREE.V1b });
    const outUser = await t.f.user({ roles: ['grid_worker'], regionCode: TREE.V2a });
    const badGrid = await t.call('POST', '/api/org/grid-assignments', {
      cookie,
      body: { gridCode: outGrid, userId: inUser.id },
    });
    expect(badGrid.json()).toMatchObject({ fields: [{ path: 'gridCode', code: 'not_found' }] });
    const badUser = await t.call('POST', '/api/org/grid-assignments', {
      cookie,
      body: { gridCode: inGrid, userId: outUser.id },
    });
    expect(badUser.json()).toMatchObject({ fields: [{ path: 'userId', code: 'not_found' }] });
    const rows = await t.db.query(
      sql`SELECT 1 FROM grid_assignment WHERE grid_code = ANY(${[inGrid, outGrid]}::text[])`,
    );
    expect(rows).toHaveLength(0);
    const list = await t.call('GET', `/api/org/grid-assignments?gridCode=${outGrid}`, { cookie });
    expect(list.statusCode).toBe(400);
  });

  it('answers 404 when deleting an assignment outside the scope', async () => {
    const code = await t.f.grid(TREE.V3a, 308);
    const worker = await t.f.user({ roles: ['grid_worker'], regionCode: TREE.V3a });
    const rows = await t.db.query<{ id: number }>(sql`
      INSERT INTO grid_assignment (grid_code, user_id, region_code)
      VALUES (${code}, ${worker.id}, ${TREE.V3a}) RETURNING id`);
    const res = await t.call('DELETE', `/api/org/grid-assignments/${rows[0]?.id ?? 0}`, { cookie });
    expect(res.statusCode).toBe(404);
  });
});
