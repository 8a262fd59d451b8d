import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline, type TClockUnit } from '../../core/deadline.ts';
import { sql } from '../../core/db/sql.ts';
import { TREE, unique, type TestUser } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { requiresServer } from '../../testing/test-db.ts';
import { loadCalendar } from './calendar-store.ts';
import { sweepClocks } from './sweeper.ts';

let t: TestApp;
let dispatcher: TestUser;
let center: number;
let department: number;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  center = t.f.center(TREE.T1);
  department = await t.f.unit({ regionCode: TREE.T1, departmentType: '城管' });
  dispatcher = await t.f.user({ roles: ['dispatcher'], regionCode: TREE.T1 });
});
afterAll(async () => {
  await t.close();
});

async function insertMatter(withAssignment: boolean): Promise<number> {
  const now = t.clock.now();
  const code = unique('M');
  const row = await t.db.query<{ id: number }>(sql`
    INSERT INTO matter (code, tracking_code, type, category_code, channel, title, description,
      region_code, status, owner_unit_id, registered_unit_id, registered_by, arose_level,
      registered_at, accepted_at, updated_at)
    VALUES (${code}, ${unique('T')}, 'livelihood', 'U1', 'phone', '占道经营', '测试事项',
      ${TREE.T1}, 'handling', ${center}, ${center}, ${dispatcher.id}, 4, ${now}, ${now}, ${now})
    RETURNING id`);
  const id = row[0]?.id ?? 0;
  if (withAssignment) {
    await t.db.query(sql`
      INSERT INTO matter_assignment (matter_id, cycle, unit_id, is_lead, status, dispatched_by,
        dispatched_at, region_code)
      VALUES (${id}, 1, ${department}, true, 'handling', ${dispatcher.id}, ${now}, ${TREE.T1})`);
  }
  return id;
}

async function insertClock(
  matterId: number,
  o: { clock: 'accept' | 'handle'; unit: TClockUnit; limit: number; yellowBefore: number },
  startedAt = '2026-03-02T01:00:00Z',
  pauses: { from: string; to: string | null }[] = [],
): Promise<{ id: number; dueAt: Date }> {
  const start = new Date(startedAt);
  const calendar = await loadCalendar(t.db);
  const d = computeDeadline({ start, limit: o.limit, unit: o.unit, calendar });
  const row = await t.db.query<{ id: number }>(sql`
    INSERT INTO matter_clock (matter_id, cycle, clock, unit, limit_value, yellow_before, started_at,
      due_at, provisional, pauses, region_code)
    VALUES (${matterId}, 1, ${o.clock}, ${o.unit}, ${o.limit}, ${o.yellowBefore}, ${start},
      ${d.dueAt}, ${d.provisional}, ${JSON.stringify(pauses)}::jsonb, ${TREE.T1})
    RETURNING id`);
  return { id: row[0]?.id ?? 0, dueAt: d.dueAt };
}

async function sweepAt(iso: string): Promise<number> {
  t.clock.set(iso);
  return (await sweepClocks(t.db, t.clock.now(), 'test')).raised;
}

async function levelsOf(clockId: number): Promise<string[]> {
  const rows = await t.db.query<{ level: string }>(
    sql`SELECT level FROM clock_alert WHERE clock_id = ${clockId} ORDER BY id`,
  );
  return rows.map((r) => r.level);
}

const HANDLE_10 = { clock: 'handle', unit: 'working_day', limit: 10, yellowBefore: 2 } as const;

describe('sweepClocks', () => {
  it('DOMAIN §2: raises yellow, red, 黄牌 and 红牌 督办 exactly once each across repeated sweeps', async () => {
    const matterId = await insertMatter(true);
    // 10 working days from Mon 2026-03-02 (第201条: counting starts the next day) end Mon 03-16
    const clock = await insertClock(matterId, HANDLE_10);
    expect(clock.dueAt.toISOString()).toBe('2026-03-16T16:00:00.000Z');

    expect(await sweepAt('2026-03-12T01:00:00Z')).toBe(0); // 2 working days left: still normal
    expect(await sweepAt('2026-03-13T01:00:00Z')).toBe(1); // 1 left < yellow_before 2
    expect(await sweepAt('2026-03-13T05:00:00Z')).toBe(0);
    expect(await sweepAt('2026-03-17T01:00:00Z')).toBe(1); // overdue: red
    expect(await sweepAt('2026-03-20T01:00:00Z')).toBe(0); // 4 working days over: no card yet
    expect(await sweepAt('2026-03-23T01:00:00Z')).toBe(1); // 5 over: 黄牌 (办理 5)
    expect(await sweepAt('2026-03-23T09:00:00Z')).toBe(0);
    expect(await sweepAt('2026-03-30T01:00:00Z')).toBe(1); // 10 over: 红牌 (办理 10)
    expect(await sweepAt('2026-03-30T02:00:00Z')).toBe(0);
    expect(await sweepAt('2026-04-20T02:00:00Z')).toBe(0);

    expect(await levelsOf(clock.id)).toEqual(['yellow', 'red', 'card_yellow', 'card_red']);
    const cards = await t.db.query<{ level: string; notice: string; to_unit: number }>(sql`
      SELECT level, notice, to_unit FROM supervision
      WHERE matter_id = ${matterId} AND automatic ORDER BY id`);
    expect(cards.map((c) => c.level)).toEqual(['yellow', 'red']);
    expect(cards[0]?.notice).toContain('超期 5 个工作日');
    expect(cards[1]?.notice).toContain('超期 10 个工作日');
    expect(cards.every((c) => c.to_unit === department)).toBe(true);
    const matter = await t.db.query<{ warning: string; supervised: boolean }>(
      sql`SELECT warning, supervised FROM matter WHERE id = ${matterId}`,
    );
    expect(matter[0]).toEqual({ warning: 'red', supervised: true });
    const notes = await t.db.query<{ unit_id: number; kind: string }>(
      sql`SELECT unit_id, kind FROM notification WHERE matter_id = ${matterId} ORDER BY id`,
    );
    // each alert tells the owner center and the assigned department
    expect(notes).toHaveLength(8);
    expect(new Set(notes.map((n) => n.unit_id))).toEqual(new Set([center, department]));
    const audit = await t.db.query<{ actor_name: string; level: string }>(sql`
      SELECT actor_name, details->>'level' AS level FROM audit_log
      WHERE event = 'matters.clock_alert' AND target_id = ${String(matterId)} ORDER BY id`);
    expect(audit.map((a) => a.level)).toEqual(['yellow', 'red', 'card_yellow', 'card_red']);
    expect(audit.every((a) => a.actor_name === 'system:sweeper')).toBe(true);
  });

  it('DOMAIN §2: a paused clock (中止, e.g. 听证 time not counted) raises nothing', async () => {
    const matterId = await insertMatter(false);
    const clock = await insertClock(matterId, HANDLE_10, '2026-03-02T01:00:00Z', [
      { from: '2026-03-05T01:00:00Z', to: null },
    ]);
    await sweepAt('2026-04-20T03:00:00Z');
    expect(await levelsOf(clock.id)).toEqual([]);
  });

  it('DOMAIN §2: 督办 card thresholds are configurable (受理 stage here: 黄牌 at 1, 红牌 at 2)', async () => {
    const matterId = await insertMatter(false);
    const accept = { clock: 'accept', unit: 'working_day', limit: 2, yellowBefore: 0 } as const;
    // 2 working days from Mon 2026-05-11 end Wed 05-13
    const clock = await insertClock(matterId, accept, '2026-05-11T01:00:00Z');
    await t.db.query(sql`
      INSERT INTO setting (key, value) VALUES ('matter.card_thresholds',
        '{"acceptance": {"yellow": 1, "red": 2}, "handling": {"yellow": 5, "red": 10}}'::jsonb)`);
    try {
      await sweepAt('2026-05-14T01:00:00Z');
      expect(await levelsOf(clock.id)).toEqual(['red', 'card_yellow']);
      await sweepAt('2026-05-15T01:00:00Z');
      expect(await levelsOf(clock.id)).toEqual(['red', 'card_yellow', 'card_red']);
    } finally {
      await t.db.query(sql`DELETE FROM setting WHERE key = 'matter.card_thresholds'`);
    }
  });

  it('a deadline reaching into 2027 (no notice yet) alerts the sysadmins once per year', async () => {
    const admin = await t.f.user({ roles: ['sysadmin'], regionCode: TREE.C1 });
    const matterId = await insertMatter(false);
    // 60 calendar days from 2026-12-01 end in February 2027, whose notice is not entered
    const petition = {
      clock: 'handle',
      unit: 'calendar_day',
      limit: 60,
      yellowBefore: 10,
    } as const;
    await insertClock(matterId, petition, '2026-12-01T01:00:00Z');
    await sweepAt('2026-12-02T01:00:00Z');
    await sweepAt('2026-12-03T01:00:00Z');
    const notes = await t.db.query<{ title: string }>(sql`
      SELECT title FROM notification WHERE unit_id = ${admin.unitId} AND kind = 'calendar_missing'`);
    expect(notes).toEqual([{ title: '2027 年节假日安排尚未录入' }]);
    const guard = await t.db.query(sql`SELECT 1 FROM setting WHERE key = 'calendar_alert:2027'`);
    expect(guard).toHaveLength(1);
  });
});

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sweeper-worker.ts');

function runWorker(url: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], {
      env: { ...process.env, SWEEPER_DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`sweeper worker exited with ${String(code)}: ${err}`));
        return;
      }
      resolve((JSON.parse(out) as { raised: number }).raised);
    });
  });
}

describe('sweepClocks in two processes', () => {
  it('DOMAIN §2: a sweeper whose alert insert loses to an uncommitted one writes none of its effects', async (ctx) => {
    if (!requiresServer('needs a second connection holding an uncommitted insert')) {
      ctx.skip();
      return;
    }
    const matterId = await insertMatter(false);
    const clock = await insertClock(matterId, HANDLE_10);
    const rival = await t.db.pool.connect();
    try {
      await rival.query('BEGIN');
      await rival.query(
        `INSERT INTO clock_alert (clock_id, matter_id, level, raised_at, raised_by)
         VALUES ($1, $2, 'red', now(), 'rival')`,
        [clock.id, matterId],
      );
      t.clock.set('2026-03-17T01:00:00Z');
      const sweep = sweepClocks(t.db, t.clock.now(), 'test');
      // wait until the sweeper blocks on the rival's row, then let the rival win
      for (;;) {
        const waiting = await t.db.query<{ n: number }>(sql`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if ((waiting[0]?.n ?? 0) > 0) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await rival.query('COMMIT');
      expect((await sweep).raised).toBe(0);
    } finally {
      rival.release();
    }
    const effects = await t.db.query<{ notes: number; audits: number }>(sql`
      SELECT (SELECT count(*)::int FROM notification WHERE matter_id = ${matterId}) AS notes,
        (SELECT count(*)::int FROM audit_log WHERE event = 'matters.clock_alert'
          AND target_id = ${String(matterId)}) AS audits`);
    expect(effects[0]).toEqual({ notes: 0, audits: 0 });
  });

  it('DOMAIN §2: two OS processes on one PostgreSQL raise each (clock, level) exactly once, effects included', async (ctx) => {
    if (!requiresServer('two OS processes sweeping one shared database')) {
      ctx.skip();
      return;
    }
    const url = t.db.pool.options.connectionString;
    if (url === undefined) {
      throw new Error('the PostgreSQL test database has no connection string');
    }
    // only this test's clocks run, so what the workers report is about them alone
    await t.db.query(sql`UPDATE matter_clock SET stopped_at = now() WHERE stopped_at IS NULL`);
    const clockIds: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      clockIds.push((await insertClock(await insertMatter(false), HANDLE_10)).id);
    }
    const instants = [
      '2026-03-13T01:00:00Z',
      '2026-03-17T01:00:00Z',
      '2026-03-23T01:00:00Z',
      '2026-03-30T01:00:00Z',
    ];
    // Both processes wait for the same instant, then race over the same clocks twice over, one
    // forwards and one backwards in time, so each reaches levels the other is raising. Which
    // lower levels get raised depends on who comes first (after a 红牌 nothing lower is raised),
    // but red and 红牌 are raised for every clock either way.
    const startAt = String(Date.now() + 2000);
    const [a, b] = await Promise.all([
      runWorker(url, [startAt, instants.join(','), '2']),
      runWorker(url, [startAt, [...instants].reverse().join(','), '2']),
    ]);
    const alerts = await t.db.query<{ level: string; n: number }>(sql`
      SELECT level, count(*)::int AS n FROM clock_alert
      WHERE clock_id = ANY(${clockIds}::bigint[]) GROUP BY level`);
    const total = alerts.reduce((sum, r) => sum + r.n, 0);
    const count = (level: string): number => alerts.find((r) => r.level === level)?.n ?? 0;
    expect(count('red')).toBe(60);
    expect(count('card_red')).toBe(60);
    // every alert's effects were written by exactly one process: the one whose insert won
    expect(a + b).toBe(total);
    const cards = await t.db.query<{ n: number; pairs: number }>(sql`
      SELECT count(*)::int AS n, count(DISTINCT (s.matter_id, s.level))::int AS pairs
      FROM supervision s JOIN matter_clock c ON c.matter_id = s.matter_id
      WHERE c.id = ANY(${clockIds}::bigint[]) AND s.automatic`);
    expect(cards[0]).toEqual({
      n: count('card_yellow') + count('card_red'),
      pairs: count('card_yellow') + count('card_red'),
    });
    const audit = await t.db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log WHERE event = 'matters.clock_alert'
        AND (details->>'clockId')::bigint = ANY(${clockIds}::bigint[])`);
    expect(audit[0]?.n).toBe(total);
    const notes = await t.db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM notification n JOIN matter_clock c ON c.matter_id = n.matter_id
      WHERE c.id = ANY(${clockIds}::bigint[])`);
    expect(notes[0]?.n).toBe(total);
  });
});
