import type { TMatterSummary, TWorklistCounts } from '@fengqiao/contracts';
import { OPEN_STATUSES, WORKLISTS, type z, type ZMatterListQuery } from '@fengqiao/contracts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import type { RequestCtx } from '../../core/http/context.ts';
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

type ListWhereQuery = MatterFilters & { box: Box; q?: string | undefined };

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

/** Lists, worklists and search: always through THE matter scope; keyset pagination. */
export async function listMatters(
  ctx: RequestCtx,
  q: Query,
): Promise<{ items: TMatterSummary[]; nextCursor: string | null }> {
  const built = matterListWhere(ctx, q);
  if (built === null) {
    return { items: [], nextCursor: null };
  }
  const { where, rank } = built;
  const order = matterListOrder(q, rank);
  const cursor = decodeCursor(q.after);
  if (cursor !== null) {
    where.push(order.after(cursor));
  }
  const rows = await ctx.tx.query<SummaryRow>(sql`
    SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank FROM matter m
    WHERE ${sql.join(where, ' AND ')} ORDER BY ${order.by} LIMIT ${q.limit + 1}`);
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

export async function worklistCounts(ctx: RequestCtx): Promise<TWorklistCounts> {
  const unit = ctx.me().unitId;
  const boxes = Object.keys(WORKLISTS) as Box[];
  const cols = boxes.map(
    (b) => sql`count(*) FILTER (WHERE ${boxWhere(b, unit)})::int AS ${sql.ident(b)}`,
  );
  const row = await ctx.tx.one<Record<Box, number>>(sql`
    SELECT ${sql.join(cols)} FROM matter m WHERE ${matterScope(ctx.scope())}`);
  return row;
}
