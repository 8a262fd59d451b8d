// THE REFERENCE QUERY SET of the analytics dashboards (there is no analytics module yet): the
// questions a 综治中心 dashboard answers for its scope (DOMAIN.md §6 metrics), with every filter
// the dashboard offers. The future modules/analytics must answer each of these for a township,
// county, city and province scope in < 100 ms at 10 M matters and faster than DuckDB's scan of
// the same rows; `npm run bench` times three ways of answering them:
//   base   — a straightforward GROUP BY over `matter` (what a first analytics module would write)
//   rollup — bench/proposals/0005_matter_stat_rollup.sql (month / day rollups per region level;
//            a daily trend filtered by more than the type falls back to the base table)
//   duckdb — the same GROUP BY in DuckDB over the rows exported with COPY
// Semantics: 结案率 = closed / (all − suspended); 按期结案率 = closed by the deadline / closed;
// 满意率 = (非常满意 + 满意 + 基本满意) / rated; overdue = open with a red warning.

export type Question =
  | 'kpi'
  | 'by_status'
  | 'by_type'
  | 'by_category'
  | 'by_channel'
  | 'by_region'
  | 'trend_month'
  | 'trend_week'
  | 'trend_day';

export const QUESTIONS: readonly Question[] = [
  'kpi',
  'by_status',
  'by_type',
  'by_category',
  'by_channel',
  'by_region',
  'trend_month',
  'trend_week',
  'trend_day',
];

export interface DashFilter {
  type?: string;
  categoryPrefix?: string;
  channel?: string;
  status?: string;
  warning?: string;
}

export interface DashParams {
  /** Region code of the scope (2, 4, 6 or 9 digits). */
  scope: string;
  /** Reporting period [from, to): whole months, local dates. */
  from: string;
  to: string;
  /** Starts of the weekly (26 weeks) and daily (90 days) trends. */
  weekFrom: string;
  dayFrom: string;
  filter: DashFilter;
}

export const OPEN = [
  'registered',
  'accepted',
  'dispatched',
  'handling',
  'fed_back',
  'verified',
  'suspended',
];
const OPEN_SQL = OPEN.map((s) => `'${s}'`).join(', ');
const LEVEL_OF_LENGTH: Record<number, number> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };
const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12 };

export interface PgQuery {
  text: string;
  values: unknown[];
  /** Rollup answers that fall back to the base table say so. */
  fallback?: boolean;
}

/** Literal for DuckDB text (trusted bench constants; quotes doubled anyway). */
const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

class Params {
  values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

type Dialect = 'pg' | 'duck';

/** WHERE over raw matter rows for the period starting at `from`. */
function baseWhere(p: DashParams, from: string, d: Dialect, prm: Params): string {
  const v = (x: string) => (d === 'pg' ? prm.add(x) : lit(x));
  const at = (day: string) =>
    d === 'pg' ? `(${v(day)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'` : `DATE ${lit(day)}`;
  const parts = [
    `m.region_code LIKE ${v(`${p.scope}%`)}`,
    `m.registered_at >= ${at(from)}`,
    `m.registered_at < ${at(p.to)}`,
  ];
  const f = p.filter;
  if (f.type !== undefined) {
    parts.push(`m.type = ${v(f.type)}`);
  }
  if (f.categoryPrefix !== undefined) {
    parts.push(`m.category_code LIKE ${v(`${f.categoryPrefix}%`)}`);
  }
  if (f.channel !== undefined) {
    parts.push(`m.channel = ${v(f.channel)}`);
  }
  if (f.status !== undefined) {
    parts.push(`m.status = ${v(f.status)}`);
  }
  if (f.warning !== undefined) {
    parts.push(`m.warning = ${v(f.warning)}`);
  }
  return parts.join(' AND ');
}

function local(col: string, d: Dialect): string {
  return d === 'pg' ? `(${col} AT TIME ZONE 'Asia/Shanghai')` : col;
}

/** The question as a GROUP BY over raw rows, in PostgreSQL or DuckDB SQL. */
export function baseQuery(q: Question, p: DashParams, d: Dialect): PgQuery {
  const prm = new Params();
  const from = q === 'trend_day' ? p.dayFrom : q === 'trend_week' ? p.weekFrom : p.from;
  const where = baseWhere(p, from, d, prm);
  const hours =
    d === 'pg'
      ? 'extract(epoch FROM m.closed_at - m.registered_at) / 3600'
      : "date_diff('second', m.registered_at, m.closed_at) / 3600.0";
  const group = (key: string, limit = '') => ({
    text: `SELECT ${key} AS k, count(*) AS n, count(m.closed_at) AS closed FROM matter m WHERE ${where} GROUP BY 1 ORDER BY 2 DESC${limit}`,
    values: prm.values,
  });
  switch (q) {
    case 'kpi':
      return {
        text: `SELECT count(*) AS total, count(m.closed_at) AS closed,
          count(*) FILTER (WHERE m.status = 'suspended') AS suspended,
          count(*) FILTER (WHERE m.closed_at <= m.due_at) AS on_time,
          count(*) FILTER (WHERE m.warning = 'red' AND m.status IN (${OPEN_SQL})) AS overdue,
          count(m.satisfaction) AS rated, count(*) FILTER (WHERE m.satisfaction >= 3) AS satisfied,
          avg(m.satisfaction) AS satisfaction, avg(${hours}) AS handle_hours
          FROM matter m WHERE ${where}`,
        values: prm.values,
      };
    case 'by_status':
      return group('m.status');
    case 'by_type':
      return group('m.type');
    case 'by_category':
      return group('m.category_code', ' LIMIT 50');
    case 'by_channel':
      return group('m.channel');
    case 'by_region':
      return group(`left(m.region_code, ${CHILD_LENGTH[p.scope.length] ?? 12})`);
    case 'trend_month':
      return group(`date_trunc('month', ${local('m.registered_at', d)})`);
    case 'trend_week':
      return group(`date_trunc('week', ${local('m.registered_at', d)})`);
    case 'trend_day':
      return group(`CAST(${local('m.registered_at', d)} AS date)`);
  }
}

function rollupWhere(
  p: DashParams,
  level: number,
  scopeMatch: 'eq' | 'children',
  prm: Params,
): string {
  const parts = [
    `s.level = ${prm.add(level)}`,
    scopeMatch === 'eq'
      ? `s.region_code = ${prm.add(p.scope)}`
      : `s.region_code LIKE ${prm.add(`${p.scope}%`)}`,
    `s.month >= ${prm.add(p.from)}::date`,
    `s.month < ${prm.add(p.to)}::date`,
  ];
  const f = p.filter;
  if (f.type !== undefined) {
    parts.push(`s.type = ${prm.add(f.type)}`);
  }
  if (f.categoryPrefix !== undefined) {
    parts.push(`s.category_code LIKE ${prm.add(`${f.categoryPrefix}%`)}`);
  }
  if (f.channel !== undefined) {
    parts.push(`s.channel = ${prm.add(f.channel)}`);
  }
  if (f.status !== undefined) {
    parts.push(`s.status = ${prm.add(f.status)}`);
  }
  if (f.warning !== undefined) {
    parts.push(`s.warning = ${prm.add(f.warning)}`);
  }
  return parts.join(' AND ');
}

/** The question answered from the proposed rollups (base table where they cannot answer). */
export function rollupQuery(q: Question, p: DashParams): PgQuery {
  const level = LEVEL_OF_LENGTH[p.scope.length] ?? 5;
  const prm = new Params();
  const group = (key: string, limit = '', match: 'eq' | 'children' = 'eq', lv = level) => ({
    text: `SELECT ${key} AS k, sum(s.n) AS n, sum(s.closed) AS closed FROM matter_stat_month s
      WHERE ${rollupWhere(p, lv, match, prm)} GROUP BY 1 ORDER BY 2 DESC${limit}`,
    values: prm.values,
  });
  if (level > 5) {
    return { ...baseQuery(q, p, 'pg'), fallback: true };
  }
  const f = p.filter;
  const dayOk =
    level <= 4 &&
    f.categoryPrefix === undefined &&
    f.channel === undefined &&
    f.status === undefined &&
    f.warning === undefined;
  switch (q) {
    case 'kpi':
      return {
        text: `SELECT sum(s.n) AS total, sum(s.closed) AS closed, sum(s.suspended) AS suspended,
          sum(s.on_time) AS on_time, sum(s.n) FILTER (WHERE s.warning = 'red' AND s.status IN (${OPEN_SQL})) AS overdue,
          sum(s.rated) AS rated, sum(s.satisfied) AS satisfied,
          sum(s.satisfaction_sum)::float8 / nullif(sum(s.rated), 0) AS satisfaction,
          sum(s.handle_hours) / nullif(sum(s.closed), 0) AS handle_hours
          FROM matter_stat_month s WHERE ${rollupWhere(p, level, 'eq', prm)}`,
        values: prm.values,
      };
    case 'by_status':
      return group('s.status');
    case 'by_type':
      return group('s.type');
    case 'by_category':
      return group('s.category_code', ' LIMIT 50');
    case 'by_channel':
      return group('s.channel');
    case 'by_region':
      return level >= 5
        ? { ...baseQuery(q, p, 'pg'), fallback: true }
        : group('s.region_code', '', 'children', level + 1);
    case 'trend_month':
      return group('s.month');
    case 'trend_week':
    case 'trend_day': {
      if (!dayOk) {
        return { ...baseQuery(q, p, 'pg'), fallback: true };
      }
      const from = q === 'trend_day' ? p.dayFrom : p.weekFrom;
      const key = q === 'trend_day' ? 's.day' : "date_trunc('week', s.day)";
      const parts = [
        `s.level = ${prm.add(level)}`,
        `s.region_code = ${prm.add(p.scope)}`,
        `s.day >= ${prm.add(from)}::date`,
        `s.day < ${prm.add(p.to)}::date`,
      ];
      if (f.type !== undefined) {
        parts.push(`s.type = ${prm.add(f.type)}`);
      }
      return {
        text: `SELECT ${key} AS k, sum(s.n) AS n, sum(s.closed) AS closed FROM matter_stat_day s
          WHERE ${parts.join(' AND ')} GROUP BY 1 ORDER BY 1`,
        values: prm.values,
      };
    }
  }
}

/** The filter sets of the dashboard (each alone, then combined). */
export const FILTER_SETS: readonly { label: string; filter: DashFilter }[] = [
  { label: 'no filter', filter: {} },
  { label: 'type=grid_event', filter: { type: 'grid_event' } },
  { label: 'category D*', filter: { categoryPrefix: 'D' } },
  { label: 'channel=hotline_12345', filter: { channel: 'hotline_12345' } },
  { label: 'status=archived', filter: { status: 'archived' } },
  { label: 'warning=red', filter: { warning: 'red' } },
  {
    label: 'dispute+walk_in+D01',
    filter: { type: 'dispute', channel: 'walk_in', categoryPrefix: 'D01' },
  },
];
