// PROPOSAL demonstrator, not product code: modules/matters/list.ts + summary.ts matterScope with
// the changes the worklist benchmark motivates, served through the same HTTP route (buildApp's
// `routes` option) so current and proposed are measured alike. Changes, each marked PROPOSED:
//  1. THE matter scope as a UNION of (a) the region and (b) the matters outside it that the
//     caller's units are assigned, own or registered (materialized first, index-only). Each takes
//     its own top page through its own index (proposal 0006); the outer query merges two pages.
//     The OR form cannot use an index for the region at all (its EXISTS branch forces a
//     sequential scan of every matter).
//  2. worklistCounts: counts only unfinished matters (literal status list = the partial index of
//     0006), so 'all' means 在办 (unfinished) rather than every matter ever registered.
//  3. sort=relevance ranks the newest 2,000 matches of the query, not every match.
// Everything else (boxes, filters, keyset cursors, ordering) is list.ts verbatim.
import type { TMatterSummary, TWorklistCounts } from '@fengqiao/contracts';
import {
  ENDPOINTS,
  OPEN_STATUSES,
  WORKLISTS,
  type z,
  type ZMatterListQuery,
} from '@fengqiao/contracts';
import { sql, type SqlFragment } from '@fengqiao/server/core/db/sql.ts';
import { route, type RequestCtx, type RouteDef } from '@fengqiao/server/core/http/context.ts';
import { scopeWhere, type Scope } from '@fengqiao/server/core/scope.ts';
import { searchTsQuery } from '@fengqiao/server/modules/matters/search.ts';
import {
  presentSummary,
  SUMMARY_COLUMNS,
  type SummaryRow,
} from '@fengqiao/server/modules/matters/summary.ts';

type Query = z.output<typeof ZMatterListQuery>;
type Box = keyof typeof WORKLISTS;
/** Relevance ranks at most this many of the newest matches (PROPOSED 3). */
const RANK_WINDOW = 2000;

/**
 * PROPOSED (1): THE matter scope split into (a) the region and (b) the matters outside it that
 * the caller's units are assigned, own or registered. (b) is materialized first (index-only, and
 * nearly always empty for a center), so the planner never walks the whole registration index
 * looking for it under a LIMIT.
 */
function outsideIds(scope: Scope): SqlFragment {
  const ids = sql`${scope.unitIds}::bigint[]`;
  const notIn = (col: SqlFragment) =>
    scope.workByRegion ? sql`AND NOT ${scopeWhere(scope, col)}` : sql.empty;
  return sql`SELECT sa.matter_id AS id FROM matter_assignment sa WHERE sa.unit_id = ANY(${ids}) ${notIn(sql`sa.region_code`)}
    UNION SELECT o.id FROM matter o WHERE o.owner_unit_id = ANY(${ids}) ${notIn(sql`o.region_code`)}
    UNION SELECT r.id FROM matter r WHERE r.registered_unit_id = ANY(${ids}) ${notIn(sql`r.region_code`)}`;
}

/** Ids of the scope's matters matching `rest`: each branch's first `limit`, merged. */
function scopedIds(
  scope: Scope,
  rest: SqlFragment[],
  order: SqlFragment,
  limit: number,
): SqlFragment {
  const outside = sql`(SELECT m.id FROM outside x JOIN matter m ON m.id = x.id
    ${rest.length > 0 ? sql`WHERE ${sql.join(rest, ' AND ')}` : sql.empty} ORDER BY ${order} LIMIT ${limit})`;
  if (!scope.workByRegion) {
    return outside;
  }
  return sql`(SELECT m.id FROM matter m WHERE ${sql.join([scopeWhere(scope, sql`m.region_code`), ...rest], ' AND ')}
      ORDER BY ${order} LIMIT ${limit}) UNION ${outside}`;
}

function withOutside(scope: Scope): SqlFragment {
  return sql`WITH outside AS MATERIALIZED (${outsideIds(scope)})`;
}

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

function filters(q: Query): SqlFragment[] {
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

function decodeCursor(after: string | undefined): string | null {
  if (after === undefined) {
    return null;
  }
  const text = Buffer.from(after, 'base64url').toString('utf8');
  return /^[^|]{1,40}\|\d{1,15}$/.test(text) ? text : null;
}

export async function proposedListMatters(
  ctx: RequestCtx,
  q: Query,
): Promise<{ items: TMatterSummary[]; nextCursor: string | null }> {
  const actor = ctx.me();
  const where = [boxWhere(q.box, actor.unitId), ...filters(q)];
  let rank: SqlFragment = sql`NULL::real`;
  if (q.q !== undefined && q.q !== '') {
    const tsq = searchTsQuery(q.q, (s) => ctx.deps.cipher.blindIndex(s));
    if (tsq === null) {
      return { items: [], nextCursor: null };
    }
    where.push(sql`m.search @@ to_tsquery('simple', ${tsq})`);
    rank = sql`ts_rank(m.search, to_tsquery('simple', ${tsq}))`;
  }
  const sort = q.sort === 'relevance' && q.q === undefined ? 'newest' : q.sort;
  const order = orderFor(sort, rank);
  const cursor = decodeCursor(q.after);
  let rows: SummaryRow[];
  if (sort === 'relevance') {
    // PROPOSED (3): rank the newest RANK_WINDOW matches only, so a common term (纠纷) does not
    // compute ts_rank over every match of a province; rare terms have fewer matches anyway.
    const ids = scopedIds(ctx.scope(), where, sql`m.registered_at DESC, m.id DESC`, RANK_WINDOW);
    rows = await ctx.tx.query<SummaryRow>(sql`${withOutside(ctx.scope())}
      SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank FROM matter m WHERE m.id IN (${ids})
      ${cursor === null ? sql.empty : sql`AND ${order.after(cursor)}`}
      ORDER BY ${order.by} LIMIT ${q.limit + 1}`);
  } else {
    if (cursor !== null) {
      where.push(order.after(cursor));
    }
    const ids = scopedIds(ctx.scope(), where, order.by, q.limit + 1);
    rows = await ctx.tx.query<SummaryRow>(sql`${withOutside(ctx.scope())}
      SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank FROM matter m WHERE m.id IN (${ids})
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

/** PROPOSED (2): only unfinished matters are counted. */
export async function proposedWorklistCounts(ctx: RequestCtx): Promise<TWorklistCounts> {
  const unit = ctx.me().unitId;
  const boxes = Object.keys(WORKLISTS) as Box[];
  const cols = boxes.map(
    (b) => sql`count(*) FILTER (WHERE ${boxWhere(b, unit)})::int AS ${sql.ident(b)}`,
  );
  const scope = ctx.scope();
  const unfinished = sql`m.status IN ('registered', 'accepted', 'dispatched', 'handling', 'fed_back', 'verified', 'suspended', 'closed')`;
  const region = scope.workByRegion
    ? sql`(SELECT m.id FROM matter m WHERE ${scopeWhere(scope, sql`m.region_code`)} AND ${unfinished}) UNION`
    : sql.empty;
  return ctx.tx.one<Record<Box, number>>(sql`${withOutside(scope)}
    SELECT ${sql.join(cols)} FROM matter m WHERE m.id IN (${region}
      (SELECT m.id FROM outside x JOIN matter m ON m.id = x.id WHERE ${unfinished}))`);
}

/** The product's routes with the two list routes swapped for the proposed ones. */
export function withProposedLists(routes: readonly RouteDef[]): RouteDef[] {
  return routes.map((r) => {
    if (r.endpoint.id === 'matters.list') {
      return route(ENDPOINTS['matters.list'], (ctx, { query }) => proposedListMatters(ctx, query));
    }
    if (r.endpoint.id === 'matters.counts') {
      return route(ENDPOINTS['matters.counts'], (ctx) => proposedWorklistCounts(ctx));
    }
    return r;
  });
}
