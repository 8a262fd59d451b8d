import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { sweepClocks } from '../matters/sweeper.ts';

let t: TestApp;
let f: MatterFactory;
let g1 = '';
let g2 = '';
let foreignGrid = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  f = new MatterFactory(t);
  g1 = await t.f.grid(TREE.V1a, 101);
  g2 = await t.f.grid(TREE.V1a, 102);
  foreignGrid = await t.f.grid(TREE.V2a, 101);
  // g1: one registered a week ago (overdue), one accepted today, one closed; g2: none; V2a: one
  await f.register(TREE.V1a, { gridCode: g1 });
  t.clock.advance(7 * 24 * 3600 * 1000);
  await sweepClocks(t.db, t.clock.now(), 'test');
  f = new MatterFactory(t); // sessions expired during the week
  await f.register(TREE.V1a, { gridCode: g1, acceptNow: true });
  const closed = await f.register(TREE.V1a, { gridCode: g1, acceptNow: true });
  const owner = await f.center(TREE.T1);
  const dept = await f.department(TREE.T1);
  const steps: [Actor, string, unknown][] = [
    [owner, 'dispatch', { assignments: [{ unitId: dept.unitId, lead: true }] }],
    [dept.actor, 'sign', {}],
    [dept.actor, 'feedback', { result: '已处理', outcome: 'resolved' }],
    [owner, 'verify-pass', {}],
    [owner, 'close', {}],
  ];
  for (const [who, action, body] of steps) {
    const res = await f.call(who, 'POST', `/api/matters/${closed.id}/${action}`, body);
    expect(res.statusCode, res.body).toBe(200);
  }
  await f.register(TREE.V2a, { gridCode: foreignGrid });
});
afterAll(async () => {
  await t.close();
});

describe('matters.gridCounts (grid map)', () => {
  it('counts open and overdue matters per grid under the region, zero for quiet grids', async () => {
    const { cookie } = await t.f.as({ roles: ['leader'], regionCode: TREE.T1 });
    const res = await t.call('GET', `/api/matters/grid-counts?regionCode=${TREE.V1a}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      { gridCode: g1, name: '网格101', open: 2, overdue: 1 },
      { gridCode: g2, name: '网格102', open: 0, overdue: 0 },
    ]);
    const whole = await t.call('GET', '/api/matters/grid-counts', { cookie });
    expect(whole.body).not.toContain(foreignGrid);
    const foreign = await t.call('GET', `/api/matters/grid-counts?regionCode=${TREE.V2a}`, {
      cookie,
    });
    expect(foreign.statusCode).toBe(400);
  });

  it('counts for a department only what it may see (THE matter scope)', async () => {
    const unitId = await t.f.unit({ regionCode: TREE.T1 });
    const { cookie } = await t.f.as({ roles: ['dept_handler'], unitId });
    const res = await t.call('GET', `/api/matters/grid-counts?regionCode=${TREE.V1a}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ open: number }[]>().every((g) => g.open === 0)).toBe(true);
  });
});
