// Matrix targets of the portal QR code, the export, the dashboard, the grid map and the daily
// check-in (issue 4). The portal's citizen routes are public (scoped: false) and need none.
import { localDateOf } from '../../core/calendar.ts';
import { sql } from '../../core/db/sql.ts';
import { unique } from '../factories.ts';
import type { TestApp } from '../test-app.ts';
import type { MatrixTargets } from './types.ts';

const CHILD_DIGITS: Partial<Record<number, number>> = { 6: 3, 9: 3 };

/** A new child region (township of a county, village of a township) with a unique name. */
async function freshChild(t: TestApp, parent: string): Promise<string> {
  const digits = CHILD_DIGITS[parent.length] ?? 3;
  const rows = await t.db.query<{ n: number }>(sql`
    SELECT coalesce(max(right(code, ${digits})::int), 0) + 1 AS n FROM region WHERE parent_code = ${parent}`);
  const code = `${parent}${String(rows[0]?.n ?? 1).padStart(digits, '0')}`;
  await t.db.query(sql`
    INSERT INTO region (code, name, level, parent_code)
    VALUES (${code}, ${unique('区划')}, ${code.length === 9 ? 4 : 5}, ${parent})`);
  return code;
}

/**
 * A village for a grid "in" `region`: the region itself, a township's first village, or for a
 * county a fresh township and village, so the grid belongs to nothing narrower that an actor
 * at township T1 could see.
 */
async function villageOf(t: TestApp, region: string): Promise<string> {
  if (region.length === 12) {
    return region;
  }
  if (region.length === 9) {
    const rows = await t.db.query<{ code: string }>(sql`
      SELECT code FROM region WHERE parent_code = ${region} ORDER BY code LIMIT 1`);
    const code = rows[0]?.code;
    if (code !== undefined) {
      return code;
    }
  }
  return freshChild(t, region.length === 9 ? region : await freshChild(t, region));
}

async function freshGrid(t: TestApp, region: string): Promise<{ code: string; village: string }> {
  const village = await villageOf(t, region);
  const rows = await t.db.query<{ n: number }>(sql`
    SELECT coalesce(max(right(code, 3)::int), 0) + 1 AS n FROM grid WHERE region_code = ${village}`);
  return { code: await t.f.grid(village, rows[0]?.n ?? 1), village };
}

export const EXTRA_TARGETS: MatrixTargets = {
  'portal.qr': {
    role: 'clerk',
    build(_t, region) {
      return Promise.resolve({ url: `/api/portal/qr/${region}?format=svg`, out: 404 });
    },
  },
  'matters.export': {
    role: 'dispatcher',
    async build(_t, region, env) {
      await env.matters.register(region);
      // the file cannot show a marker to the runner: an out-of-scope region filter is a 400 (B4)
      return { url: `/api/matters/export?regionCode=${region}`, out: 400 };
    },
  },
  'analytics.dashboard': {
    role: 'leader',
    async build(_t, region, env) {
      const intake = async () =>
        (await env.matters.call(env.actor, 'GET', '/api/analytics/dashboard')).json<{
          totals: { intake: number };
        }>().totals.intake;
      const before = await intake();
      await env.matters.register(region);
      return {
        url: '/api/analytics/dashboard',
        visible: (json) => (json as { totals: { intake: number } }).totals.intake === before + 1,
        out: 'absent',
      };
    },
  },
  'matters.gridCounts': {
    role: 'leader',
    async build(t, region) {
      const grid = await freshGrid(t, region);
      return { url: '/api/matters/grid-counts', marker: grid.code, out: 'absent' };
    },
  },
  'routine.checkin': {
    role: 'grid_worker',
    async build(t, region, env) {
      const grid = await freshGrid(t, region);
      // assigned to the actor everywhere: only the scope tells in from out
      await t.db.query(sql`
        INSERT INTO grid_assignment (grid_code, user_id, duty, region_code)
        VALUES (${grid.code}, ${env.actor.userId}, 'grid_worker', ${grid.village})`);
      return {
        url: '/api/checkins',
        body: { gridCode: grid.code, nothingToReport: true },
        out: 400,
      };
    },
  },
  'routine.checkins': {
    role: 'leader',
    async build(t, region, env) {
      const grid = await freshGrid(t, region);
      const note = unique('排查记录');
      const now = t.clock.now();
      await t.db.query(sql`
        INSERT INTO grid_checkin (grid_code, local_date, user_id, nothing_to_report, note, region_code, created_at)
        VALUES (${grid.code}, ${localDateOf(now)}, ${env.actor.userId}, true, ${note}, ${grid.village}, ${now})`);
      return { url: '/api/checkins', marker: note, out: 'absent' };
    },
  },
};
