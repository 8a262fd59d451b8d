// 日排查/零报告: a grid worker's daily statement for a grid assigned to them. One per grid and
// local day: a genuine second one is a 409 (the first statement is a record of what was said
// when, so it is not overwritten), while an offline phone's retry carries its Idempotency-Key and
// gets the first answer again (core/http/idempotency.ts).
import type { TCheckin } from '@fengqiao/contracts/routine/schemas.ts';
import { scrubText } from '@fengqiao/contracts/masking/mask.ts';
import { addDays, daysBetween, localDateOf } from '../../core/calendar.ts';
import { sql } from '../../core/db/sql.ts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { isCodeInScope, scopeWhere } from '../../core/scope.ts';

const MAX_DAYS = 92;

interface CheckinRow {
  id: number;
  grid_code: string;
  grid_name: string;
  region_code: string;
  local_date: string;
  nothing_to_report: boolean;
  note: string | null;
  lon: number | null;
  lat: number | null;
  user_id: number;
  user_name: string;
  created_at: Date;
}

const SELECT_CHECKIN = sql`
  SELECT c.id, c.grid_code, g.name AS grid_name, c.region_code, c.local_date, c.nothing_to_report,
    c.note, c.lon, c.lat, c.user_id, u.display_name AS user_name, c.created_at
  FROM grid_checkin c JOIN grid g ON g.code = c.grid_code JOIN app_user u ON u.id = c.user_id`;

function present(r: CheckinRow): TCheckin {
  return {
    id: r.id,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    regionCode: r.region_code,
    date: r.local_date,
    nothingToReport: r.nothing_to_report,
    // a worker's free text may name or number someone: shown with IDs and phones masked
    note: r.note === null ? null : scrubText(r.note, 'staff'),
    point: r.lon === null || r.lat === null ? null : { lon: r.lon, lat: r.lat },
    userId: r.user_id,
    userName: r.user_name,
    createdAt: r.created_at.toISOString(),
  };
}

export async function createCheckin(
  ctx: RequestCtx,
  input: {
    gridCode: string;
    nothingToReport: boolean;
    note?: string | undefined;
    point?: { lon: number; lat: number } | undefined;
  },
): Promise<TCheckin> {
  const actor = ctx.me();
  const now = ctx.clock.now();
  // only the caller's own grids, and only inside the caller's scope (B4: else "not existing")
  const grid = await ctx.tx.maybeOne<{ code: string; region_code: string }>(sql`
    SELECT g.code, g.region_code FROM grid g
    WHERE g.code = ${input.gridCode} AND ${scopeWhere(ctx.scope(), sql`g.region_code`)}
      AND EXISTS (SELECT 1 FROM grid_assignment a WHERE a.grid_code = g.code AND a.user_id = ${actor.userId})`);
  if (grid === undefined) {
    throw fieldError('gridCode', '网格不存在或不是您负责的网格', 'not_assigned');
  }
  const date = localDateOf(now);
  const inserted = await ctx.tx.query<{ id: number }>(sql`
    INSERT INTO grid_checkin (grid_code, local_date, user_id, nothing_to_report, note, lon, lat, region_code, created_at)
    VALUES (${grid.code}, ${date}, ${actor.userId}, ${input.nothingToReport}, ${input.note ?? null},
      ${input.point?.lon ?? null}, ${input.point?.lat ?? null}, ${grid.region_code}, ${now})
    ON CONFLICT (grid_code, local_date) DO NOTHING RETURNING id`);
  const id = inserted[0]?.id;
  if (id === undefined) {
    const first = await ctx.tx.one<CheckinRow>(
      sql`${SELECT_CHECKIN} WHERE c.grid_code = ${grid.code} AND c.local_date = ${date}`,
    );
    throw new AppError('resource.conflict', {
      message: `该网格今日已由${first.user_name}签到，每个网格每天签到一次`,
      fields: [{ path: 'gridCode', code: 'already_checked_in', message: '该网格今日已签到' }],
    });
  }
  await ctx.audit({
    event: 'routine.checkin',
    targetType: 'grid_checkin',
    targetId: id,
    regionCode: grid.region_code,
    details: { gridCode: grid.code, date, nothingToReport: input.nothingToReport },
  });
  const row = await ctx.tx.maybeOne<CheckinRow>(sql`${SELECT_CHECKIN} WHERE c.id = ${id}`);
  if (row === undefined) {
    throw notFound();
  }
  return present(row);
}

export async function listCheckins(
  ctx: RequestCtx,
  q: {
    from?: string | undefined;
    to?: string | undefined;
    regionCode?: string | undefined;
    limit: number;
    after?: string | undefined;
  },
): Promise<{ items: TCheckin[]; nextCursor: string | null }> {
  const scope = ctx.scope();
  if (q.regionCode !== undefined && !isCodeInScope(scope, q.regionCode)) {
    throw fieldError('regionCode', '区划不存在或不在管辖范围内', 'not_found');
  }
  const to = q.to ?? localDateOf(ctx.clock.now());
  const from = q.from ?? to;
  const span = daysBetween(from, to);
  if (span < 0 || span >= MAX_DAYS) {
    throw fieldError('from', `日期范围应在 ${MAX_DAYS} 天以内，且开始不晚于结束`, 'range');
  }
  const where = [
    scopeWhere(scope, sql`c.region_code`),
    sql`c.local_date >= ${from}::date AND c.local_date < ${addDays(to, 1)}::date`,
  ];
  if (q.regionCode !== undefined) {
    where.push(sql`c.region_code LIKE ${`${q.regionCode}%`}`);
  }
  if (q.after !== undefined) {
    where.push(sql`c.id < ${Number(q.after)}`);
  }
  const rows = await ctx.tx.query<CheckinRow>(sql`
    ${SELECT_CHECKIN} WHERE ${sql.join(where, ' AND ')} ORDER BY c.id DESC LIMIT ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(present),
    nextCursor: rows.length > q.limit && last !== undefined ? String(last.id) : null,
  };
}
