import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TCalendarUpdateResult,
  TCalendarYear,
  TProvisionalReport,
} from '@fengqiao/contracts/calendar/schemas.ts';
import type { TErrorBody } from '@fengqiao/contracts';
import { computeDeadline } from '../../core/deadline.ts';
import { sql } from '../../core/db/sql.ts';
import type { RouteDef } from '../../core/http/context.ts';
import { ALL_ROUTES } from '../../routes.ts';
import { TREE, unique, type TestUser } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadCalendar } from '../matters/calendar-store.ts';
import { calendarRoutes } from './routes.ts';

/** The app's routes plus these, without doubling them once routes.ts lists them too. */
function withRoutes(extra: readonly RouteDef[]): RouteDef[] {
  const ids = new Set(extra.map((r) => r.endpoint.id));
  return [...ALL_ROUTES.filter((r) => !ids.has(r.endpoint.id)), ...extra];
}

let t: TestApp;
let admin: string; // sysadmin: calendar.manage
let clerk: string; // org.read only
let dispatcher: TestUser;

// TEST DATA, not the real 2027 notice (unpublished when this was written): 元旦 off 01-01..01-03.
const TEST_NOTICE_2027 = {
  source: '测试数据：非真实通知（2027 年元旦）',
  holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-03'], workdays: [] }],
};

beforeAll(async () => {
  t = await createTestApp({ routes: withRoutes(calendarRoutes) });
  await t.f.tree();
  ({ cookie: admin } = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.C1 }));
  ({ cookie: clerk } = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 }));
  dispatcher = await t.f.user({ roles: ['dispatcher'], regionCode: TREE.T1 });
});
afterAll(async () => {
  await t.close();
});

/** A matter with one open 10-working-day clock started at `startedAt`, computed on the DB calendar. */
async function matterWithClock(startedAt: string): Promise<{ matterId: number; clockId: number }> {
  const center = t.f.center(TREE.T1);
  const start = new Date(startedAt);
  const m = await t.db.query<{ id: number }>(sql`
    INSERT INTO matter (code, tracking_code, type, category_code, channel, title, description,
      region_code, status, owner_unit_id, registered_unit_id, registered_by, arose_level,
      registered_at, updated_at)
    VALUES (${unique('M')}, ${unique('T')}, 'livelihood', 'H3', 'phone', '噪声投诉', '测试事项',
      ${TREE.T1}, 'handling', ${center}, ${center}, ${dispatcher.id}, 4, ${start}, ${start})
    RETURNING id`);
  const matterId = m[0]?.id ?? 0;
  const d = computeDeadline({
    start,
    limit: 10,
    unit: 'working_day',
    calendar: await loadCalendar(t.db),
  });
  const c = await t.db.query<{ id: number }>(sql`
    INSERT INTO matter_clock (matter_id, cycle, clock, unit, limit_value, started_at, due_at,
      provisional, region_code)
    VALUES (${matterId}, 1, 'handle', 'working_day', 10, ${start}, ${d.dueAt}, ${d.provisional},
      ${TREE.T1})
    RETURNING id`);
  await t.db.query(sql`
    UPDATE matter SET due_at = ${d.dueAt}, due_provisional = ${d.provisional} WHERE id = ${matterId}`);
  return { matterId, clockId: c[0]?.id ?? 0 };
}

describe('calendar.get', () => {
  it('returns the seeded 2026 notice with its 调休 workdays, to any staff with org.read', async () => {
    const res = await t.call('GET', '/api/calendar/2026', { cookie: clerk });
    expect(res.statusCode, res.body).toBe(200);
    const year = res.json<TCalendarYear>();
    expect(year.covered).toBe(true);
    expect(year.source).toContain('2026');
    expect(year.days).toContainEqual({ date: '2026-02-14', kind: 'work', name: '春节调休上班' });
    expect(year.holidays).toContainEqual({
      name: '春节',
      off: ['2026-02-15', '2026-02-23'],
      workdays: ['2026-02-14', '2026-02-28'],
    });
  });

  it('reports a year without a notice as not covered', async () => {
    const res = await t.call('GET', '/api/calendar/2027', { cookie: clerk });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TCalendarYear>()).toMatchObject({ covered: false, source: null, days: [] });
  });
});

describe('calendar.update', () => {
  it('entering the 2027 notice recomputes every provisional deadline, in the same transaction', async () => {
    // Mon 2026-12-21 + 10 working days: with 2027 unknown, Fri 01-01 counts as a working day
    const late = await matterWithClock('2026-12-21T01:00:00Z');
    const early = await matterWithClock('2026-03-02T01:00:00Z'); // never touches 2027
    const before = await t.db.query<{ due_at: Date; provisional: boolean }>(
      sql`SELECT due_at, provisional FROM matter_clock WHERE id = ${late.clockId}`,
    );
    expect(before[0]).toEqual({ due_at: new Date('2027-01-04T16:00:00Z'), provisional: true });

    const alert = await t.call('GET', '/api/calendar/provisional', { cookie: admin });
    expect(alert.statusCode, alert.body).toBe(200);
    expect(alert.json<TProvisionalReport>()).toEqual({
      years: [{ year: 2027, clocks: 1 }],
      provisionalClocks: 1,
    });

    const res = await t.call('PUT', '/api/calendar/2027', {
      cookie: admin,
      body: TEST_NOTICE_2027,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TCalendarUpdateResult>()).toEqual({
      year: 2027,
      offDays: 3,
      workdays: 0,
      recomputed: 1,
      changed: 1,
    });
    // 元旦 is now a day off: the 10th working day moves from Mon 01-04 to Tue 01-05
    const clocks = await t.db.query<{ id: number; due_at: Date; provisional: boolean }>(sql`
      SELECT id, due_at, provisional FROM matter_clock
      WHERE id IN (${late.clockId}, ${early.clockId}) ORDER BY id`);
    expect(clocks[0]).toEqual({
      id: late.clockId,
      due_at: new Date('2027-01-05T16:00:00Z'),
      provisional: false,
    });
    expect(clocks[1]?.due_at).toEqual(new Date('2026-03-16T16:00:00Z'));
    const matter = await t.db.query<{ due_at: Date; due_provisional: boolean }>(
      sql`SELECT due_at, due_provisional FROM matter WHERE id = ${late.matterId}`,
    );
    expect(matter[0]).toEqual({ due_at: new Date('2027-01-05T16:00:00Z'), due_provisional: false });

    const after = await t.call('GET', '/api/calendar/provisional', { cookie: admin });
    expect(after.json<TProvisionalReport>()).toEqual({ years: [], provisionalClocks: 0 });
    const got = await t.call('GET', '/api/calendar/2027', { cookie: clerk });
    expect(got.json<TCalendarYear>()).toMatchObject({
      covered: true,
      source: TEST_NOTICE_2027.source,
      holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-03'], workdays: [] }],
    });
    const audit = await t.db.query<{ actor_name: string; details: { recomputed: number } }>(sql`
      SELECT actor_name, details FROM audit_log WHERE event = 'calendar.update' AND target_id = '2027'`);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details.recomputed).toBe(1);
  });

  it.each([
    [
      'a 调休 workday that is not a weekend day',
      { name: '春节', off: ['2028-01-26', '2028-02-01'], workdays: ['2028-01-24'] },
      'holidays.0.workdays.0',
      '不是周六或周日',
    ],
    [
      'a reversed 放假 range',
      { name: '劳动节', off: ['2028-05-05', '2028-05-01'], workdays: [] },
      'holidays.0.off',
      '首末颠倒',
    ],
    [
      'a date two years from the notice',
      { name: '元旦', off: ['2030-01-01', '2030-01-01'], workdays: [] },
      'holidays.0.off.0',
      '相距超过一年',
    ],
    [
      'a day another year’s notice already lists',
      { name: '国庆节', off: ['2027-10-01', '2027-10-07'], workdays: ['2026-10-10'] },
      'holidays',
      '已列入 2026 年',
    ],
  ])(
    'refuses %s with a Chinese field error (loadHolidayCalendar rules)',
    async (_, holiday, path, text) => {
      const year = holiday.off[0]?.startsWith('2027') === true ? 2027 : 2028;
      const res = await t.call('PUT', `/api/calendar/${year}`, {
        cookie: admin,
        body: { source: '测试数据：非真实通知', holidays: [holiday] },
      });
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json<TErrorBody>();
      expect(body.code).toBe('request.invalid');
      expect(body.fields?.[0]?.path).toBe(path);
      expect(body.fields?.[0]?.message).toContain(text);
      const kept = await t.db.query(sql`SELECT 1 FROM calendar_year WHERE year = 2028`);
      expect(kept).toHaveLength(0);
    },
  );

  it('refuses a malformed date before parsing (schema)', async () => {
    const res = await t.call('PUT', '/api/calendar/2028', {
      cookie: admin,
      body: { source: '测试数据', holidays: [{ name: '元旦', off: ['2028-1-1', '2028-01-01'] }] },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<TErrorBody>().fields?.[0]?.message).toContain('YYYY-MM-DD');
  });

  it('B3: a clerk may read the calendar but neither edit it nor see the provisional alert', async () => {
    const put = await t.call('PUT', '/api/calendar/2028', {
      cookie: clerk,
      body: TEST_NOTICE_2027,
    });
    expect(put.statusCode).toBe(403);
    const alert = await t.call('GET', '/api/calendar/provisional', { cookie: clerk });
    expect(alert.statusCode).toBe(403);
    const denied = await t.db.query(sql`
      SELECT 1 FROM audit_log WHERE event = 'calendar.update' AND outcome = 'denied'`);
    expect(denied).toHaveLength(1);
  });
});
