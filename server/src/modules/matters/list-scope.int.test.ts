// The list, the worklist counts and the export must show exactly THE matter scope's rows, however
// their SQL is shaped for speed: every actor kind pages through every sort and is compared with
// the plain `matterScope` predicate (summary.ts) over the same table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '@fengqiao/contracts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import type { Scope } from '../../core/scope.ts';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { matterScope } from './summary.ts';

let t: TestApp;
let f: MatterFactory;

interface Who {
  name: string;
  actor: Actor;
  scope: Scope;
}
const who: Who[] = [];

const ORDERS: Record<string, SqlFragment> = {
  newest: sql`m.registered_at DESC, m.id DESC`,
  oldest: sql`m.registered_at ASC, m.id ASC`,
  due: sql`coalesce(m.due_at, 'infinity') ASC, m.id ASC`,
};

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  f = new MatterFactory(t);
  // matters in every corner of the tree, in several states, spread over time
  const made: number[] = [];
  for (const [region, status] of [
    [TREE.V1a, 'handling'],
    [TREE.V1a, 'registered'],
    [TREE.V1b, 'closed'],
    [TREE.T1, 'accepted'],
    [TREE.V2a, 'dispatched'],
    [TREE.V2a, 'fed_back'],
    [TREE.C1, 'handling'],
    [TREE.V3a, 'handling'],
    [TREE.T3, 'registered'],
  ] as const) {
    t.clock.advance(60_000);
    made.push((await f.inStatus(region, status)).matter.id);
  }
  const t1 = await f.center(TREE.T1);
  const c1 = await f.center(TREE.C1);
  const dept = await f.department(TREE.C1);
  // 跨区联办: T1's center is also working on a T2 and a C2 matter (outside its region)
  for (const id of [made[4], made[7]]) {
    await t.db.query(sql`
      INSERT INTO matter_assignment (matter_id, cycle, unit_id, is_lead, status, dispatched_by, dispatched_at, region_code)
      SELECT m.id, m.cycle, ${t1.unitId}, false, 'handling', ${c1.userId}, now(), m.region_code
      FROM matter m WHERE m.id = ${id ?? 0}`);
  }
  const region = (code: string, a: Actor): Scope => ({
    prefixes: [code],
    unitIds: [a.unitId],
    workByRegion: true,
  });
  who.push(
    { name: 'county center', actor: c1, scope: region(TREE.C1, c1) },
    { name: 'township center', actor: t1, scope: region(TREE.T1, t1) },
    {
      name: 'other township',
      actor: await f.center(TREE.T2),
      scope: region(TREE.T2, await f.center(TREE.T2)),
    },
    {
      name: 'village center',
      actor: await f.center(TREE.V1a),
      scope: region(TREE.V1a, await f.center(TREE.V1a)),
    },
    {
      name: 'county department',
      actor: dept.actor,
      scope: { prefixes: [TREE.C1], unitIds: [dept.unitId], workByRegion: false },
    },
  );
});

afterAll(async () => {
  await t.close();
});

async function reference(scope: Scope, order: SqlFragment): Promise<number[]> {
  const rows = await t.db.query<{ id: number }>(
    sql`SELECT m.id FROM matter m WHERE ${matterScope(scope)} ORDER BY ${order}`,
  );
  return rows.map((r) => r.id);
}

async function listAll(a: Actor, query: string): Promise<number[]> {
  const ids: number[] = [];
  let after = '';
  for (let page = 0; page < 50; page += 1) {
    const res = await t.call('GET', `/api/matters?${query}&limit=2${after}`, { cookie: a.cookie });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: { id: number }[]; nextCursor: string | null }>();
    ids.push(...body.items.map((i) => i.id));
    if (body.nextCursor === null) {
      return ids;
    }
    after = `&after=${body.nextCursor}`;
  }
  throw new Error('did not reach the last page');
}

describe('the list shows exactly THE matter scope (B1, B2)', () => {
  it.each([
    'county center',
    'township center',
    'other township',
    'village center',
    'county department',
  ])('B1: %s — every sort, paged, equals matterScope; 全部 count equals it too', async (name) => {
    const w = who.find((x) => x.name === name);
    if (w === undefined) {
      throw new Error(name);
    }
    for (const [sort, order] of Object.entries(ORDERS)) {
      expect(await listAll(w.actor, `box=all&sort=${sort}`), `${name} ${sort}`).toEqual(
        await reference(w.scope, order),
      );
    }
    const counts = await t.call('GET', '/api/matters/worklists', { cookie: w.actor.cookie });
    expect(counts.json<{ all: number }>().all).toBe(
      (await reference(w.scope, ORDERS.newest ?? sql`m.id`)).length,
    );
  });

  it('B1: each box lists as many matters as its count says, for every actor', async () => {
    for (const w of who) {
      const counts = (
        await t.call('GET', '/api/matters/worklists', { cookie: w.actor.cookie })
      ).json<Record<string, number>>();
      for (const [box, n] of Object.entries(counts)) {
        expect((await listAll(w.actor, `box=${box}&sort=newest`)).length, `${w.name} ${box}`).toBe(
          n,
        );
      }
    }
  });
});

describe('the dashboard counts exactly THE matter scope (B1)', () => {
  it('B1: 受理量 and 当前超期 of every actor equal the plain matterScope counts', async () => {
    // the test clock's day, as a local date; a wide period holds every matter made above
    const day = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await t.db.query(sql`UPDATE matter SET warning = 'red' WHERE id IN (
      SELECT id FROM matter WHERE status = ANY(${['handling', 'dispatched']}::text[]) ORDER BY id LIMIT 3)`);
    for (const w of who) {
      const res = await t.call('GET', `/api/analytics/dashboard?from=2026-01-01&to=${day}`, {
        cookie: w.actor.cookie,
      });
      expect(res.statusCode, res.body).toBe(200);
      const totals = res.json<{ totals: { intake: number; overdue: number } }>().totals;
      const ref = await t.db.query<{ intake: number; overdue: number }>(sql`
        SELECT count(*)::int AS intake,
          count(*) FILTER (WHERE m.warning = 'red' AND m.status = ANY(${[...OPEN_STATUSES]}::text[]))::int AS overdue
        FROM matter m WHERE ${matterScope(w.scope)}`);
      expect({ intake: totals.intake, overdue: totals.overdue }, w.name).toEqual(ref[0]);
    }
  });
});

describe('mine: what the caller registered', () => {
  it('lists only the caller’s own registrations, and is rejected when it is not a boolean', async () => {
    const a = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    const b = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    const body = {
      type: 'dispute',
      categoryCode: 'D01',
      channel: 'walk_in',
      description: '邻里之间因宅基地界线发生争执，请求调解',
      regionCode: TREE.V1a,
      reporter: { name: '赵六' },
    };
    const made = await t.call('POST', '/api/matters', { cookie: a.cookie, body });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    const ids = async (cookie: string) =>
      (await t.call('GET', '/api/matters?mine=true&limit=200', { cookie }))
        .json<{ items: { id: number }[] }>()
        .items.map((m) => m.id);
    expect(await ids(a.cookie)).toEqual([id]);
    expect(await ids(b.cookie)).toEqual([]);
    const bad = await t.call('GET', '/api/matters?mine=maybe', { cookie: a.cookie });
    expect(bad.statusCode).toBe(400);
  });
});
