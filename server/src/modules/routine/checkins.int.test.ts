import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCheckin } from '@fengqiao/contracts/routine/schemas.ts';
import { sql } from '../../core/db/sql.ts';
import { TREE, type TestUser } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let worker: TestUser;
let workerName = '';
let cookie = '';
let mine = '';
let other = '';
let foreign = '';

async function assign(gridCode: string, userId: number, region: string): Promise<void> {
  await t.db.query(sql`
    INSERT INTO grid_assignment (grid_code, user_id, duty, region_code) VALUES (${gridCode}, ${userId}, 'grid_worker', ${region})`);
}

function checkin(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.call('POST', '/api/checkins', { cookie, body, headers });
}

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  // 23:50 on Monday 2026-03-02 in Shanghai: ten minutes before the local day ends
  t.clock.set('2026-03-02T15:50:00Z');
  worker = await t.f.user({ roles: ['grid_worker'], regionCode: TREE.T1 });
  cookie = await t.f.login(worker);
  const rows = await t.db.query<{ display_name: string }>(
    sql`SELECT display_name FROM app_user WHERE id = ${worker.id}`,
  );
  workerName = rows[0]?.display_name ?? '';
  mine = await t.f.grid(TREE.V1a, 201);
  other = await t.f.grid(TREE.V1a, 202);
  foreign = await t.f.grid(TREE.V2a, 201);
  await assign(mine, worker.id, TREE.V1a);
  // assigned, but outside the worker's scope (township T2): refused like a missing grid
  await assign(foreign, worker.id, TREE.V2a);
});
afterAll(async () => {
  await t.close();
});

describe('routine.checkin (日排查/零报告)', () => {
  it('records a check-in for an assigned grid on the local (Asia/Shanghai) day, audited', async () => {
    const res = await checkin({ gridCode: mine, nothingToReport: true, note: '巡查无异常' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<TCheckin>();
    expect(c).toMatchObject({
      gridCode: mine,
      date: '2026-03-02',
      nothingToReport: true,
      userId: worker.id,
      userName: workerName,
    });
    const audit = await t.db.query(
      sql`SELECT 1 FROM audit_log WHERE event = 'routine.checkin' AND target_id = ${String(c.id)}`,
    );
    expect(audit).toHaveLength(1);
  });

  it('answers 409 to a second check-in of the same grid on the same day', async () => {
    const res = await checkin({ gridCode: mine, nothingToReport: false, note: '补充' });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string; message: string }>()).toMatchObject({
      code: 'resource.conflict',
      message: `该网格今日已由${workerName}签到，每个网格每天签到一次`,
    });
  });

  it('replays the first answer to a retry with the same Idempotency-Key (offline queue)', async () => {
    t.clock.advance(20 * 60_000); // 00:10 on Tuesday in Shanghai: a new local day
    cookie = await t.f.login(worker); // past the idle timeout
    const headers = { 'idempotency-key': 'checkin-offline-0001' };
    const body = { gridCode: mine, nothingToReport: false, note: '发现井盖缺失，已另行上报' };
    const first = await checkin(body, headers);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<TCheckin>().date).toBe('2026-03-03');
    const retry = await checkin(body, headers);
    expect(retry.statusCode).toBe(201);
    expect(retry.json<TCheckin>().id).toBe(first.json<TCheckin>().id);
    const rows = await t.db.query(
      sql`SELECT 1 FROM grid_checkin WHERE grid_code = ${mine} AND local_date = '2026-03-03'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses a grid not assigned to the caller, or outside the caller’s scope, with a field error', async () => {
    for (const gridCode of [other, foreign, '910101001001999']) {
      const res = await checkin({ gridCode, nothingToReport: true });
      expect(res.statusCode, gridCode).toBe(400);
      expect(res.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('gridCode');
    }
  });
});

describe('routine.checkins (list)', () => {
  it('lists check-ins by the grid’s region with the worker’s name, within the scope only', async () => {
    const { cookie: leader } = await t.f.as({ roles: ['leader'], regionCode: TREE.T1 });
    const res = await t.call('GET', '/api/checkins?from=2026-03-01&to=2026-03-03', {
      cookie: leader,
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ items: TCheckin[]; nextCursor: string | null }>();
    expect(page.items.map((c) => c.date)).toEqual(['2026-03-03', '2026-03-02']);
    expect(page.items.every((c) => c.userName === workerName && c.gridName === '网格201')).toBe(
      true,
    );
    const paged = await t.call('GET', '/api/checkins?from=2026-03-01&to=2026-03-03&limit=1', {
      cookie: leader,
    });
    const first = paged.json<{ items: TCheckin[]; nextCursor: string | null }>();
    expect(first.items).toHaveLength(1);
    const next = await t.call(
      'GET',
      `/api/checkins?from=2026-03-01&to=2026-03-03&limit=1&after=${first.nextCursor ?? ''}`,
      { cookie: leader },
    );
    expect(next.json<{ items: TCheckin[] }>().items[0]?.date).toBe('2026-03-02');
    const today = await t.call('GET', '/api/checkins', { cookie: leader });
    expect(today.json<{ items: TCheckin[] }>().items.map((c) => c.date)).toEqual(['2026-03-03']);
    const { cookie: t2 } = await t.f.as({ roles: ['leader'], regionCode: TREE.T2 });
    const outside = await t.call('GET', '/api/checkins?from=2026-03-01&to=2026-03-03', {
      cookie: t2,
    });
    expect(outside.json<{ items: TCheckin[] }>().items).toEqual([]);
    const bad = await t.call('GET', `/api/checkins?regionCode=${TREE.T1}`, { cookie: t2 });
    expect(bad.statusCode).toBe(400);
  });
});
