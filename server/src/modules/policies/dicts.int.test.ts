import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TErrorBody } from '@fengqiao/contracts';
import type { TDictItem, TDictNode, TDictTree } from '@fengqiao/contracts/dicts/schemas.ts';
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
let admin: string; // sysadmin: dict.manage
let clerk: string; // org.read only
const BASE = '/api/dicts/matter_category';

beforeAll(async () => {
  t = await createTestApp({ routes: withRoutes(policyRoutes) });
  await t.f.tree();
  ({ cookie: admin } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 }));
  ({ cookie: clerk } = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 }));
});
afterAll(async () => {
  await t.close();
});

async function tree(includeInactive = false): Promise<TDictNode[]> {
  const res = await t.call('GET', `${BASE}?includeInactive=${String(includeInactive)}`, {
    cookie: clerk,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TDictTree>().items;
}

function find(nodes: TDictNode[], code: string): TDictNode | undefined {
  for (const n of nodes) {
    const hit = n.code === code ? n : find(n.children, code);
    if (hit !== undefined) {
      return hit;
    }
  }
  return undefined;
}

async function create(body: Record<string, unknown>) {
  return t.call('POST', BASE, { cookie: admin, body });
}

async function patch(code: string, body: Record<string, unknown>) {
  return t.call('PATCH', `${BASE}/${code}`, { cookie: admin, body });
}

async function auditCount(event: string): Promise<number> {
  const rows = await t.db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM audit_log WHERE event = ${event} AND outcome = 'success'`,
  );
  return rows[0]?.n ?? 0;
}

describe('dicts', () => {
  it('returns the category dictionary as a tree in its order', async () => {
    const items = await tree();
    expect(items.map((n) => n.code)).toEqual(['D', 'G', 'U', 'P', 'H', 'S']);
    expect(find(items, 'D')?.children[0]).toMatchObject({ code: 'D00', name: '婚姻家庭纠纷' });
    expect(find(items, 'D09')).toMatchObject({ isSystem: true, version: 1 });
  });

  it('creates an item under an existing parent, once, and audits it', async () => {
    const res = await create({ code: 'D18', name: '校园纠纷', parentCode: 'D' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<TDictItem>()).toMatchObject({ isSystem: false, version: 1, active: true });
    expect(find(await tree(), 'D')?.children.at(-1)?.code).toBe('D18');
    expect((await create({ code: 'D18', name: '重复', parentCode: 'D' })).statusCode).toBe(409);
    const orphan = await create({ code: 'D19', name: '无上级', parentCode: 'QQ' });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json<TErrorBody>().fields?.[0]).toMatchObject({ path: 'parentCode' });
    expect((await create({ code: 'D 20', name: '坏编码', parentCode: 'D' })).statusCode).toBe(400);
    expect((await create({ code: 'D21', name: '', parentCode: 'D' })).statusCode).toBe(400);
    expect(await auditCount('dicts.create')).toBe(1);
  });

  it('renames and reorders with version+1, answering 409 to a stale version', async () => {
    const res = await patch('D18', { version: 1, name: '校园及周边纠纷', sortOrder: 0 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TDictItem>()).toMatchObject({ name: '校园及周边纠纷', version: 2 });
    expect(find(await tree(), 'D')?.children[0]?.code).toBe('D18');
    const stale = await patch('D18', { version: 1, name: '旧版本' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<TErrorBody>().code).toBe('resource.stale');
  });

  it('moves a custom item, but never under itself nor a system item elsewhere', async () => {
    expect((await create({ code: 'D18a', name: '校园欺凌', parentCode: 'D18' })).statusCode).toBe(
      201,
    );
    const cycle = await patch('D18', { version: 2, parentCode: 'D18a' });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json<TErrorBody>().fields?.[0]?.message).toContain('自身或其下级');
    const moved = await patch('D18', { version: 2, parentCode: 'G' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(find(await tree(), 'G')?.children.map((n) => n.code)).toContain('D18');
    const system = await patch('D01', { version: 1, parentCode: 'G' });
    expect(system.statusCode).toBe(400);
    expect(system.json<TErrorBody>().fields?.[0]?.message).toContain('系统内置项');
  });

  it('renames and deactivates a system item; inactive items leave the default tree', async () => {
    const res = await patch('D13', { version: 1, name: '消防安全纠纷', active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(find(await tree(), 'D13')).toBeUndefined();
    expect(find(await tree(true), 'D13')).toMatchObject({ name: '消防安全纠纷', active: false });
    const under = await create({ code: 'D13x', name: '停用项下', parentCode: 'D13' });
    expect(under.statusCode).toBe(400);
  });

  it('deletes only unused custom items; system items are deactivated instead', async () => {
    const system = await t.call('DELETE', `${BASE}/D12`, { cookie: admin });
    expect(system.statusCode).toBe(400);
    expect(system.json<TErrorBody>().fields?.[0]?.message).toContain('可以停用');
    const parent = await t.call('DELETE', `${BASE}/D18`, { cookie: admin });
    expect(parent.statusCode).toBe(409); // still has D18a below it
    await t.db.query(sql`
      INSERT INTO grid_admission (category_code, admitted, rule) VALUES ('D18a', false, '测试')`);
    expect((await t.call('DELETE', `${BASE}/D18a`, { cookie: admin })).statusCode).toBe(409);
    await t.db.query(sql`DELETE FROM grid_admission WHERE category_code = 'D18a'`);
    expect((await t.call('DELETE', `${BASE}/D18a`, { cookie: admin })).statusCode).toBe(200);
    expect((await t.call('DELETE', `${BASE}/D18`, { cookie: admin })).statusCode).toBe(200);
    expect(find(await tree(true), 'D18')).toBeUndefined();
    expect(await auditCount('dicts.delete')).toBe(2);
    expect(await auditCount('dicts.update')).toBe(3);
  });

  it('B3: a clerk (no dict.manage) can read but not write', async () => {
    expect((await t.call('POST', BASE, { cookie: clerk, body: {} })).statusCode).toBe(403);
    const res = await t.call('PATCH', `${BASE}/D01`, { cookie: clerk, body: { version: 1 } });
    expect(res.statusCode).toBe(403);
    expect((await t.call('DELETE', `${BASE}/D01`, { cookie: clerk })).statusCode).toBe(403);
  });
});
