import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMatter } from '@fengqiao/contracts';
import type { TDashboard } from '@fengqiao/contracts/analytics/schemas.ts';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { sweepClocks } from '../matters/sweeper.ts';
import { periods } from './dashboard.ts';

/**
 * A small seeded set, every matter registered in the period 2026-03-01 … 2026-04-30 and driven
 * to a known state through the API (owner: the T1 center unless said):
 *
 *   A archived, 满意度 5          day 0   V1a
 *   B closed (not yet rated)      day 0   V1b
 *   C archived, 基本满意 3         day 0   T1
 *   E handling, overdue           day 0   V1a
 *   F registered, overdue         day 0   V1b
 *   G declined                    day 0   V1a
 *   H suspended                   day 0   V1a
 *   I escalated to C1, closed there (resolved at level 3, arose at 4)   day 0  V1a
 *   J closed on day 40, after its 30-day handling deadline             day 0  V1b
 *   D closed, rated 不满意 2 → reopened     day 40  T1
 *   K registered, 民生诉求 H3 by phone       day 40  V1a
 *   X registered in V2a (township T2): outside the T1 leader's scope
 */
let t: TestApp;
let f: MatterFactory;
let leader: Actor;

async function act(who: Actor, id: number, action: string, body: unknown = {}): Promise<TMatter> {
  const res = await f.call(who, 'POST', `/api/matters/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json<TMatter>();
}

async function closeAt(owner: Actor, dept: { unitId: number; actor: Actor }, id: number) {
  await act(owner, id, 'dispatch', { assignments: [{ unitId: dept.unitId, lead: true }] });
  await act(dept.actor, id, 'sign');
  await act(dept.actor, id, 'feedback', { result: '已处理', outcome: 'resolved' });
  await act(owner, id, 'verify-pass');
  await act(owner, id, 'close');
}

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  f = new MatterFactory(t);
  const { user, cookie } = await t.f.as({ roles: ['leader'], regionCode: TREE.T1 });
  leader = { userId: user.id, unitId: user.unitId, cookie };
  const t1 = await f.center(TREE.T1);
  await f.inStatus(TREE.V1a, 'archived'); // A
  await f.inStatus(TREE.V1b, 'closed'); // B
  const c = await f.inStatus(TREE.T1, 'closed');
  await act(t1, c.matter.id, 'follow-up', { satisfaction: 3 }); // C
  await f.inStatus(TREE.V1a, 'handling'); // E
  await f.inStatus(TREE.V1b, 'registered'); // F
  await f.inStatus(TREE.V1a, 'declined'); // G
  await f.inStatus(TREE.V1a, 'suspended'); // H
  const i = await f.register(TREE.V1a, { acceptNow: true });
  await act(t1, i.id, 'escalate', { reason: '涉及多个乡镇，请县级统筹' });
  await closeAt(await f.center(TREE.C1), await f.department(TREE.C1), i.id); // I
  const j = await f.inStatus(TREE.V1b, 'handling'); // J
  await f.inStatus(TREE.V2a, 'registered'); // X
  // day 40 (Saturday 2026-04-11, 09:00 in Shanghai): deadlines of day 0 have passed
  t.clock.advance(40 * 24 * 3600 * 1000);
  await sweepClocks(t.db, t.clock.now(), 'test');
  // sessions do not survive 40 days: log in afresh (same units, so the same relations)
  f = new MatterFactory(t);
  leader = { ...leader, cookie: await t.f.login(user) };
  const owner = await f.center(TREE.T1);
  const { user: handler, cookie: handlerCookie } = await t.f.as({
    roles: ['dept_handler'],
    unitId: j.assignee.unitId,
  });
  const assignee = { userId: handler.id, unitId: j.assignee.unitId, cookie: handlerCookie };
  await act(assignee, j.matter.id, 'feedback', { result: '已处理', outcome: 'resolved' });
  await act(owner, j.matter.id, 'verify-pass');
  await act(owner, j.matter.id, 'close');
  const d = await f.inStatus(TREE.T1, 'closed');
  await act(owner, d.matter.id, 'follow-up', { satisfaction: 2 }); // D
  await f.register(TREE.V1a, { type: 'livelihood', categoryCode: 'H3', channel: 'phone' }); // K
});
afterAll(async () => {
  await t.close();
});

async function dashboard(query: string): Promise<TDashboard> {
  const res = await f.call(leader, 'GET', `/api/analytics/dashboard?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TDashboard>();
}

const PERIOD = 'from=2026-03-01&to=2026-04-30';

describe('analytics.dashboard (领导驾驶舱, DOMAIN.md §6)', () => {
  it('computes every total of the seeded set as counted by hand', async () => {
    const d = await dashboard(PERIOD);
    expect(d.regionCode).toBe(TREE.T1);
    expect(d.totals).toEqual({
      intake: 11, // A–K; X is outside the scope
      closed: 5, // A B C I J (D was reopened)
      closureRate: 0.5556, // 5 / (11 − 1 declined − 1 suspended)
      onTimeRate: 0.4444, // 4 / 9: J closed after its deadline
      overdue: 2, // E and F now (J was closed since)
      satisfactionRate: 0.6667, // A 5 and C 3 of A, C, D 2
      reopens: 1, // D
      localResolutionRate: 0.8, // A B C J of A B C I J (I went up to the county)
    });
  });

  it('splits by type, category, channel and the region’s villages', async () => {
    const d = await dashboard(PERIOD);
    const intake = (rows: { code: string; intake: number }[]) =>
      Object.fromEntries(rows.filter((r) => r.intake > 0).map((r) => [r.code, r.intake]));
    expect(intake(d.byType)).toEqual({ dispute: 10, livelihood: 1 });
    expect(d.byType.find((r) => r.code === 'dispute')?.name).toBe('矛盾纠纷');
    expect(intake(d.byChannel)).toEqual({ walk_in: 10, phone: 1 });
    expect(d.byCategory).toEqual([
      { code: 'D01', name: '邻里纠纷', intake: 10 },
      { code: 'H3', name: '投诉', intake: 1 },
    ]);
    expect(d.byRegion).toEqual([
      { regionCode: TREE.V1a, name: '区划V1a', intake: 6, closed: 2, overdue: 1 },
      { regionCode: TREE.V1b, name: '区划V1b', intake: 3, closed: 2, overdue: 1 },
    ]);
  });

  it('draws the weekly trend in Asia/Shanghai: registered and closed per week', async () => {
    const d = await dashboard(`${PERIOD}&granularity=week`);
    expect(d.trend[0]?.period).toBe('2026-02-23');
    expect(d.trend.at(-1)?.period).toBe('2026-04-27');
    const busy = d.trend.filter((p) => p.intake > 0 || p.closed > 0);
    expect(busy).toEqual([
      { period: '2026-03-02', intake: 9, closed: 4 },
      { period: '2026-04-06', intake: 2, closed: 1 },
    ]);
    const monthly = await dashboard(`${PERIOD}&granularity=month`);
    expect(monthly.trend).toEqual([
      { period: '2026-03', intake: 9, closed: 4 },
      { period: '2026-04', intake: 2, closed: 1 },
    ]);
  });

  it('filters by region, type and channel; the default period is the last 30 days', async () => {
    expect((await dashboard(`${PERIOD}&regionCode=${TREE.V1b}`)).totals.intake).toBe(3);
    expect((await dashboard(`${PERIOD}&type=livelihood`)).totals.intake).toBe(1);
    expect((await dashboard(`${PERIOD}&channel=walk_in&categoryCode=D`)).totals.intake).toBe(10);
    const recent = await dashboard('');
    expect(recent.from).toBe('2026-03-13');
    expect(recent.to).toBe('2026-04-11');
    expect(recent.totals.intake).toBe(2); // D and K
    expect(recent.totals.overdue).toBe(2); // overdue is the state now, whenever registered
  });

  it('refuses a region outside the caller’s scope and an inverted period (400)', async () => {
    const foreign = await f.call(leader, 'GET', `/api/analytics/dashboard?regionCode=${TREE.T2}`);
    expect(foreign.statusCode).toBe(400);
    const inverted = await f.call(
      leader,
      'GET',
      '/api/analytics/dashboard?from=2026-04-01&to=2026-03-01',
    );
    expect(inverted.statusCode).toBe(400);
    const tooLong = await f.call(
      leader,
      'GET',
      '/api/analytics/dashboard?from=2020-01-01&to=2026-03-01',
    );
    expect(tooLong.statusCode).toBe(400);
  });

  it('lists every period label, Monday-based weeks and calendar months', () => {
    expect(periods('2026-03-01', '2026-03-03', 'day')).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
    ]);
    expect(periods('2026-03-01', '2026-03-09', 'week')).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
    ]);
    expect(periods('2025-12-15', '2026-02-01', 'month')).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});
