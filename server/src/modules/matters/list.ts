import type { TMatterSummary, TWorklistCounts } from '@fengqiao/contracts';
import { OPEN_STATUSES, WORKLISTS, type z, type ZMatterListQuery } from '@fengqiao/contracts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { scopeWhere, type Scope } from '../../core/scope.ts';
import { searchTsQuery } from './search.ts';
import { matterScope, presentSummary, SUMMARY_COLUMNS, type SummaryRow } from './summary.ts';

type Query = z.output<typeof ZMatterListQuery>;
type Box = keyof typeof WORKLISTS;

/** The worklist boxes of the caller's unit (工作台), as SQL over `matter m`. */
function boxWhere(box: Box, unitId: number): SqlFragment {
  const open = sql`m.status = ANY(${[...OPEN_STATUSES]}::text[])`;
  const assigned = (status: string) => sql`EXISTS (SELECT 1 FROM matter_assignment a
    WHERE a.matter_id = m.id AND a.cycle = m.cycle AND a.unit_id = ${unitId} AND a.status = ${status})`;
  const involved = sql`(m.owner_unit_id = ${unitId} OR EXISTS (SELECT 1 FROM matter_assignment a
    WHERE a.matter_id = m.id AND a.cycle = m.cycle AND a.unit_id = ${unitId} AND a.status IN ('to_sign', 'handling', 'fed_back')))`;
  switch (box) {
    case 'all':
      return sql`true`;
    case 'to_accept':
      return sql`m.status = 'registered' AND m.owner_unit_id = ${unitId}`;
    case 'to_dispatch':
      return sql`m.status = 'accepted' AND m.owner_unit_id = ${unitId}`;
    case 'to_sign':
      return assigned('to_sign');
    case 'to_handle':
      return assigned('handling');
    case 'to_verify':
      return sql`m.status IN ('fed_back', 'verified', 'closed') AND m.owner_unit_id = ${unitId}`;
    case 'overdue':
      return sql`m.warning = 'red' AND ${open} AND ${involved}`;
    case 'due_soon':
      return sql`m.warning = 'yellow' AND ${open} AND ${involved}`;
    case 'supervised':
      return sql`m.supervised AND ${open} AND ${involved}`;
  }
}

/** The filter fields shared by the list, its export and the dashboard. */
export interface MatterFilters {
  type?: string | undefined;
  channel?: string | undefined;
  status?: string | undefined;
  warning?: string | undefined;
  gridCode?: string | undefined;
  categoryCode?: string | undefined;
  regionCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The list's column filters over `matter m`; dates are local (Asia/Shanghai) days, inclusive. */
export function matterFilterWhere(q: MatterFilters): SqlFragment[] {
  const out: SqlFragment[] = [];
  const eq = (col: string, v: string | undefined) => {
    if (v !== undefined) {
      out.push(sql`${sql.raw(col)} = ${v}`);
    }
  };
  eq('m.type', q.type);
  eq('m.channel', q.channel);
  eq('m.status', q.status);
  eq('m.warning', q.warning);
  eq('m.grid_code', q.gridCode);
  if (q.categoryCode !== undefined) {
    out.push(sql`m.category_code LIKE ${`${q.categoryCode}%`}`);
  }
  if (q.regionCode !== undefined) {
    out.push(sql`m.region_code LIKE ${`${q.regionCode}%`}`);
  }
  // dates are days in Asia/Shanghai
  if (q.from !== undefined) {
    out.push(sql`m.registered_at >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  }
  if (q.to !== undefined) {
    out.push(sql`m.registered_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  }
  return out;
}

interface Order {
  by: SqlFragment;
  key: (r: SummaryRow) => string;
  after: (cursor: string) => SqlFragment;
}

function orderFor(sort: Query['sort'], rank: SqlFragment): Order {
  const split = (c: string): [string, number] => {
    const i = c.lastIndexOf('|');
    return [c.slice(0, i), Number(c.slice(i + 1))];
  };
  switch (sort) {
    case 'oldest':
      return {
        by: sql`m.registered_at ASC, m.id ASC`,
        key: (r) => `${r.registered_at.toISOString()}|${r.id}`,
        after: (c) => {
          const [v, id] = split(c);
          return sql`(m.registered_at, m.id) > (${v}::timestamptz, ${id})`;
        },
      };
    case 'due':
      return {
        by: sql`coalesce(m.due_at, 'infinity') ASC, m.id ASC`,
        key: (r) => `${r.due_at?.toISOString() ?? 'infinity'}|${r.id}`,
        after: (c) => {
          const [v, id] = split(c);
          return sql`(coalesce(m.due_at, 'infinity'), m.id) > (${v}::timestamptz, ${id})`;
        },
      };
    case 'relevance':
      return {
        by: sql`${rank} DESC, m.id DESC`,
        key: (r) => `${r.rank ?? 0}|${r.id}`,
        after: (c) => {
          const [v, id] = split(c);
          return sql`(${rank}, m.id) < (${Number(v)}::real, ${id})`;
        },
      };
    case 'newest':
      return {
        by: sql`m.registered_at DESC, m.id DESC`,
        key: (r) => `${r.registered_at.toISOString()}|${r.id}`,
        after: (c) => {
          const [v, id] = split(c);
          return sql`(m.registered_at, m.id) < (${v}::timestamptz, ${id})`;
        },
      };
  }
}

/** The list's order; relevance without search text falls back to newest. */
export function matterListOrder(
  q: { sort: Query['sort']; q?: string | undefined },
  rank: SqlFragment,
): Order {
  const searching = q.q !== undefined && q.q !== '';
  return orderFor(q.sort === 'relevance' && !searching ? 'newest' : q.sort, rank);
}

function decodeCursor(after: string | undefined): string | null {
  if (after === undefined) {
    return null;
  }
  const text = Buffer.from(after, 'base64url').toString('utf8');
  return /^[^|]{1,40}\|\d{1,15}$/.test(text) ? text : null;
}

type ListWhereQuery = MatterFilters & {
  box: Box;
  q?: string | undefined;
  mine?: boolean | undefined;
};

/**
 * scope + box + filters + full-text search over `matter m`: the one WHERE behind the list, its
 * Excel export and anything else that must show "the same rows". Null when the search text
 * cannot match anything.
 */
export function matterListWhere(
  ctx: RequestCtx,
  q: ListWhereQuery,
): { where: SqlFragment[]; rank: SqlFragment } | null {
  const where = [
    matterScope(ctx.scope()),
    boxWhere(q.box, ctx.me().unitId),
    ...matterFilterWhere(q),
  ];
  if (q.mine === true) {
    where.push(sql`m.registered_by = ${ctx.me().userId}`);
  }
  if (q.q === undefined || q.q === '') {
    return { where, rank: sql`NULL::real` };
  }
  const tsq = searchTsQuery(q.q, (s) => ctx.deps.cipher.blindIndex(s));
  if (tsq === null) {
    return null;
  }
  where.push(sql`m.search @@ to_tsquery('simple', ${tsq})`);
  return { where, rank: sql`ts_rank(m.search, to_tsquery('simple', ${tsq}))` };
}

/**
 * `col in the scope's region` (scopeWhere), with a village scope as an equality: region codes
 * have at most 12 digits (region's CHECK, and matter rows reference region), so `LIKE 'p%'` of a
 * 12-digit p is `= p`; the planner then knows one value and reads (region_code, registered_at)
 * in list order instead of sorting the village's matters.
 */
export function matterRegionWhere(scope: Scope, col: SqlFragment): SqlFragment {
  const [p] = scope.prefixes;
  return scope.prefixes.length === 1 && p?.length === 12
    ? sql`${col} = ${p}`
    : scopeWhere(scope, col);
}

/**
 * `NOT (col in the scope's region)`; for one prefix as two index ranges (region codes are digit
 * strings COLLATE "C", and ':' sorts right after '9', so `LIKE 'p%'` is `p <= col < 'p:'`).
 */
function outsideRegion(scope: Scope, col: SqlFragment): SqlFragment {
  const [p] = scope.prefixes;
  if (scope.prefixes.length !== 1 || p === undefined) {
    return sql`NOT ${scopeWhere(scope, col)}`;
  }
  return sql`(${col} < ${p} OR ${col} >= ${`${p}:`})`;
}

/**
 * The ids matterScope admits beyond the region: what the caller's units were assigned, own or
 * registered outside it (all of it for a department). Index ranges only; assignment rows carry
 * their matter's region_code (it never changes), so no join is needed to test it. Together with
 * `scopeWhere(scope, m.region_code)` when `scope.workByRegion` (disjoint from it), exactly the
 * rows of matterScope.
 */
export function matterIdsOutsideRegion(scope: Scope): SqlFragment {
  const ids = sql`${scope.unitIds}::bigint[]`;
  const notIn = (col: SqlFragment) =>
    scope.workByRegion ? sql`AND ${outsideRegion(scope, col)}` : sql.empty;
  return sql`SELECT sa.matter_id AS id FROM matter_assignment sa WHERE sa.unit_id = ANY(${ids}) ${notIn(sql`sa.region_code`)}
    UNION SELECT o.id FROM matter o WHERE o.owner_unit_id = ANY(${ids}) ${notIn(sql`o.region_code`)}
    UNION SELECT r.id FROM matter r WHERE r.registered_unit_id = ANY(${ids}) ${notIn(sql`r.region_code`)}`;
}

/**
 * The first `limit` ids in `order` of THE matter scope ∩ `rest`, as the union of each scope
 * branch's own first `limit`: the region branch walks an index in list order and stops after a
 * page (the OR of matterScope cannot use an index for the region at all), the branch outside
 * the region is small and materialized first. Same rows as `matterScope AND rest`; for scopes
 * that see matters by region (centers).
 */
function scopedPage(
  scope: Scope,
  rest: SqlFragment[],
  order: SqlFragment,
  limit: number,
  ranking: boolean,
) {
  const where = (extra: SqlFragment[]) =>
    extra.length > 0 ? sql`WHERE ${sql.join(extra, ' AND ')}` : sql.empty;
  const outside = sql`(SELECT m.id FROM outside x JOIN matter m ON m.id = x.id ${where(rest)}
    ORDER BY ${order} LIMIT ${limit})`;
  const [p] = scope.prefixes;
  // Ranking ranks every match, so a county or larger is best driven by the text index; left()
  // keeps the planner from ANDing it with a bitmap of every matter of the region (bench: 220 of
  // 420 ms for a county). Not for date orders: left() hides the region's size from the planner,
  // which then sorts every match instead of walking the date index (bench: 7 → 247 ms, city).
  // Same rows: for digit codes, LIKE 'p%' is left(code, length(p)) = p.
  const region =
    ranking && scope.prefixes.length === 1 && p !== undefined && p.length <= 6
      ? sql`left(m.region_code, ${p.length}) = ${p}`
      : matterRegionWhere(scope, sql`m.region_code`);
  const ids = sql`(SELECT m.id FROM matter m ${where([region, ...rest])}
    ORDER BY ${order} LIMIT ${limit}) UNION ${outside}`;
  return { with: sql`WITH outside AS MATERIALIZED (${matterIdsOutsideRegion(scope)})`, ids };
}

/** Lists, worklists and search: always through THE matter scope; keyset pagination. */
export async function listMatters(
  ctx: RequestCtx,
  q: Query,
): Promise<{ items: TMatterSummary[]; nextCursor: string | null }> {
  const built = matterListWhere(ctx, q);
  if (built === null) {
    return { items: [], nextCursor: null };
  }
  // matterListWhere's first condition is matterScope; scopedPage applies the same scope
  const { where, rank } = built;
  const rest = where.slice(1);
  const order = matterListOrder(q, rank);
  const cursor = decodeCursor(q.after);
  if (cursor !== null) {
    rest.push(order.after(cursor));
  }
  const scope = ctx.scope();
  let rows: SummaryRow[];
  if (scope.workByRegion) {
    const ranking = q.sort === 'relevance' && q.q !== undefined && q.q !== '';
    const ids = scopedPage(scope, rest, order.by, q.limit + 1, ranking);
    rows = await ctx.tx.query<SummaryRow>(sql`${ids.with}
      SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank FROM matter m
      WHERE m.id IN (${ids.ids}) ORDER BY ${order.by} LIMIT ${q.limit + 1}`);
  } else {
    // a department's matters are a thin slice of every region: walking the list order and
    // testing the scope per row finds a page sooner than collecting all of them first
    rows = await ctx.tx.query<SummaryRow>(sql`
      SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank FROM matter m
      WHERE ${sql.join(where.slice(0, 1).concat(rest), ' AND ')}
      ORDER BY ${order.by} LIMIT ${q.limit + 1}`);
  }
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentSummary),
    nextCursor:
      rows.length > q.limit && last !== undefined
        ? Buffer.from(order.key(last)).toString('base64url')
        : null,
  };
}

/**
 * Each box counted on its own (each box's conditions lead to a small index range: the unit's
 * matters by status, its assignments, the warning or supervised matters) instead of one pass over
 * every matter of the scope; 全部 is the region's count plus the (disjoint) matters outside it.
 */
export async function worklistCounts(ctx: RequestCtx): Promise<TWorklistCounts> {
  const unit = ctx.me().unitId;
  const scope = ctx.scope();
  const boxes = (Object.keys(WORKLISTS) as Box[]).filter((b) => b !== 'all');
  const cols = boxes.map(
    (b) => sql`(SELECT count(*) FROM matter m
      WHERE ${matterScope(scope)} AND ${boxWhere(b, unit)})::int AS ${sql.ident(b)}`,
  );
  const inRegion = scope.workByRegion
    ? sql`(SELECT count(*) FROM matter m WHERE ${matterRegionWhere(scope, sql`m.region_code`)})`
    : sql`0`;
  return ctx.tx
    .one<TWorklistCounts>(sql`WITH outside AS MATERIALIZED (${matterIdsOutsideRegion(scope)})
    SELECT (${inRegion} + (SELECT count(*) FROM outside))::int AS "all", ${sql.join(cols)}`);
}
