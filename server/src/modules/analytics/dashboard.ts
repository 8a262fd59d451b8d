// 领导驾驶舱: one aggregate query over THE matter scope (every group as one UNION ALL branch of
// the same counters, over the rows of baseRows), plus one query for the chosen region's children. Periods and dates are in
// Asia/Shanghai. Totals and groups describe the period's cohort (matters registered in it);
// `overdue` is the state now; the trend counts what was registered and what was closed in each
// day, week or month.
import { CHANNELS, MATTER_TYPES, OPEN_STATUSES } from '@fengqiao/contracts';
import type { TDashboard, TDashboardQuery } from '@fengqiao/contracts/analytics/schemas.ts';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  endOfLocalDay,
  instantAt,
  localDateOf,
  type TLocalDate,
} from '../../core/calendar.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { fieldError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { isCodeInScope, type Scope } from '../../core/scope.ts';
import { matterFilterWhere, matterIdsOutsideRegion, matterRegionWhere } from '../matters/list.ts';
import {
  baseColumns,
  CLOSED,
  closureRate,
  COUNTERS,
  localResolutionRate,
  onTimeRate,
  satisfactionRate,
  ZERO,
  type Counters,
} from './metrics.ts';

type Granularity = TDashboardQuery['granularity'];
type Row = Counters & { dim: string; key: string; name: string | null };

const CHILD_LENGTH: Partial<Record<number, number>> = { 2: 4, 4: 6, 6: 9, 9: 12 };
const MAX_BUCKETS = 400;
const TOP_CATEGORIES = 10;

/** Period labels in Asia/Shanghai: a day, the Monday a week starts on, or a month. */
const BUCKET: Record<Granularity, (col: SqlFragment) => SqlFragment> = {
  day: (col) => sql`to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`,
  week: (col) =>
    sql`to_char(date_trunc('week', ${col} AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')`,
  month: (col) => sql`to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
};

/** Every period label from `from` to `to`, so empty periods show as zero. */
export function periods(from: TLocalDate, to: TLocalDate, g: Granularity): string[] {
  const out: string[] = [];
  if (g === 'month') {
    for (let m = from.slice(0, 7); m <= to.slice(0, 7) && out.length <= MAX_BUCKETS;) {
      out.push(m);
      const [y, mo] = m.split('-').map(Number);
      const next = new Date(Date.UTC(y ?? 0, mo ?? 0, 1));
      m = next.toISOString().slice(0, 7);
    }
    return out;
  }
  const step = g === 'week' ? 7 : 1;
  // weeks start on Monday (ISO 8601, as date_trunc('week') does)
  const first = g === 'week' ? addDays(from, -((dayOfWeek(from) + 6) % 7)) : from;
  for (let d = first; d <= to && out.length <= MAX_BUCKETS; d = addDays(d, step)) {
    out.push(d);
  }
  return out;
}

function period(ctx: RequestCtx, q: TDashboardQuery): { from: TLocalDate; to: TLocalDate } {
  const to = q.to ?? localDateOf(ctx.clock.now());
  const from = q.from ?? addDays(to, -29);
  if (daysBetween(from, to) < 0) {
    throw fieldError('from', '开始日期不能晚于结束日期', 'range');
  }
  if (periods(from, to, q.granularity).length > MAX_BUCKETS) {
    throw fieldError('to', '时间范围过长，请按周或按月查看', 'range');
  }
  return { from, to };
}

/** OPEN_STATUSES as literals, so the planner can use the partial index of open matters. */
const OPEN_LITERAL = sql.raw(`(${OPEN_STATUSES.map((st) => `'${st}'`).join(', ')})`);

/**
 * The matters some counter can use, matching the filters, over THE matter scope: the period's
 * cohort, open ones (overdue), and closures in the period; as three disjoint parts of the region
 * and the (small) set of the scope outside it, so each part reads one index range instead of
 * every matter (matterScope's OR cannot use an index).
 */
function baseRows(
  scope: Scope,
  filters: SqlFragment[],
  range: { from: Date; toEnd: Date },
): SqlFragment {
  const { from, toEnd } = range;
  const inPeriod = (col: SqlFragment) => sql`(${col} >= ${from} AND ${col} < ${toEnd})`;
  const cohort = inPeriod(sql`m.registered_at`);
  const open = sql`m.status IN ${OPEN_LITERAL}`;
  const parts = [
    cohort,
    sql`${open} AND NOT ${cohort}`,
    sql`${inPeriod(sql`m.closed_at`)} AND NOT ${cohort} AND m.status NOT IN ${OPEN_LITERAL}`,
  ];
  const select = (source: SqlFragment, where: SqlFragment[]) =>
    sql`SELECT ${baseColumns(from, toEnd)} FROM ${source} WHERE ${sql.join(where, ' AND ')}`;
  const branches = parts.map((part) =>
    select(sql`outside x JOIN matter m ON m.id = x.id`, [...filters, part]),
  );
  if (scope.workByRegion) {
    const region = matterRegionWhere(scope, sql`m.region_code`);
    branches.push(...parts.map((part) => select(sql`matter m`, [region, ...filters, part])));
  }
  return sql`outside AS MATERIALIZED (${matterIdsOutsideRegion(scope)}),
    b AS (${sql.join(branches, ' UNION ALL ')})`;
}

async function aggregate(
  ctx: RequestCtx,
  q: TDashboardQuery,
  range: { from: Date; toEnd: Date },
  childLength: number | undefined,
): Promise<Row[]> {
  const filters = matterFilterWhere({ ...q, from: undefined, to: undefined });
  const { from, toEnd } = range;
  const inPeriod = (col: SqlFragment) => sql`(${col} >= ${from} AND ${col} < ${toEnd})`;
  const branch = (
    dim: string,
    key: SqlFragment,
    name: SqlFragment,
    extra = sql`true`,
    from = sql`b`,
  ) => sql`
    SELECT ${dim}::text AS dim, ${key} AS key, ${name} AS name, ${COUNTERS} FROM ${from} WHERE ${extra} GROUP BY 2, 3`;
  const regionBranch =
    childLength === undefined
      ? []
      : [
          branch(
            'region',
            sql`left(b.region_code, ${childLength})`,
            sql`NULL::text`,
            sql`length(b.region_code) >= ${childLength}`,
          ),
        ];
  const bucket = BUCKET[q.granularity];
  const branches = [
    branch('total', sql`''::text`, sql`NULL::text`),
    branch('type', sql`b.type`, sql`NULL::text`),
    // (dict, code) is unique: a join, not a name lookup per matter
    branch(
      'category',
      sql`b.category_code`,
      sql`d.name`,
      sql`true`,
      sql`b LEFT JOIN dict_item d ON d.dict = 'matter_category' AND d.code = b.category_code`,
    ),
    branch('channel', sql`b.channel`, sql`NULL::text`),
    ...regionBranch,
    branch('trend_in', bucket(sql`b.registered_at`), sql`NULL::text`, sql`b.in_range`),
    branch(
      'trend_closed',
      bucket(sql`b.closed_at`),
      sql`NULL::text`,
      sql`b.status IN ${CLOSED} AND ${inPeriod(sql`b.closed_at`)}`,
    ),
  ];
  return ctx.tx.query<Row>(sql`
    WITH ${baseRows(ctx.scope(), filters, range)}
    ${sql.join(branches, ' UNION ALL ')}`);
}

function buckets(
  rows: readonly Row[],
  dim: string,
  labels: Readonly<Record<string, string>>,
): TDashboard['byType'] {
  const found = new Map(rows.filter((r) => r.dim === dim).map((r) => [r.key, r.intake]));
  return Object.entries(labels).map(([code, name]) => ({
    code,
    name,
    intake: found.get(code) ?? 0,
  }));
}

/** The largest categories, then one 其他 bucket for the rest (code '*'). */
function topCategories(rows: readonly Row[]): TDashboard['byCategory'] {
  const all = rows
    .filter((r) => r.dim === 'category' && r.intake > 0)
    .map((r) => ({ code: r.key, name: r.name ?? r.key, intake: r.intake }))
    .sort((a, b) => b.intake - a.intake || a.code.localeCompare(b.code));
  const rest = all.slice(TOP_CATEGORIES).reduce((n, c) => n + c.intake, 0);
  return rest > 0
    ? [...all.slice(0, TOP_CATEGORIES), { code: '*', name: '其他', intake: rest }]
    : all.slice(0, TOP_CATEGORIES);
}

function trend(rows: readonly Row[], labels: readonly string[]): TDashboard['trend'] {
  const count = (dim: string, field: 'intake' | 'n') =>
    new Map(rows.filter((r) => r.dim === dim).map((r) => [r.key, r[field]]));
  const intake = count('trend_in', 'intake');
  const closed = count('trend_closed', 'n');
  return labels.map((p) => ({ period: p, intake: intake.get(p) ?? 0, closed: closed.get(p) ?? 0 }));
}

export async function dashboard(ctx: RequestCtx, q: TDashboardQuery): Promise<TDashboard> {
  const scope = ctx.scope();
  if (q.regionCode !== undefined && !isCodeInScope(scope, q.regionCode)) {
    throw fieldError('regionCode', '区划不存在或不在管辖范围内', 'not_found');
  }
  const regionCode = q.regionCode ?? ctx.me().regionCode;
  const { from, to } = period(ctx, q);
  const childLength = CHILD_LENGTH[regionCode.length];
  const rows = await aggregate(
    ctx,
    q,
    { from: instantAt(from), toEnd: endOfLocalDay(to) },
    childLength,
  );
  const children = await ctx.tx.query<{ code: string; name: string }>(
    sql`SELECT code, name FROM region WHERE parent_code = ${regionCode} ORDER BY code`,
  );
  const byRegionKey = new Map(rows.filter((r) => r.dim === 'region').map((r) => [r.key, r]));
  const total = rows.find((r) => r.dim === 'total') ?? ZERO;
  return {
    regionCode,
    from,
    to,
    granularity: q.granularity,
    totals: {
      intake: total.intake,
      closed: total.closed,
      closureRate: closureRate(total),
      onTimeRate: onTimeRate(total),
      overdue: total.overdue,
      satisfactionRate: satisfactionRate(total),
      reopens: total.reopens,
      localResolutionRate: localResolutionRate(total),
    },
    byType: buckets(rows, 'type', MATTER_TYPES),
    byCategory: topCategories(rows),
    byChannel: buckets(rows, 'channel', CHANNELS),
    byRegion: children.map((c) => {
      const r = byRegionKey.get(c.code) ?? ZERO;
      return {
        regionCode: c.code,
        name: c.name,
        intake: r.intake,
        closed: r.closed,
        overdue: r.overdue,
      };
    }),
    trend: trend(rows, periods(from, to, q.granularity)),
  };
}
