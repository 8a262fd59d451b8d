// THE leader dashboard's question (GET /api/analytics/dashboard, modules/analytics/dashboard.ts)
// asked in its simplest form, to measure the product against: one plain GROUP BY over the base
// table per panel, in PostgreSQL and in DuckDB SQL over the same rows. Same cohort (matters of
// the region registered in the period, local Asia/Shanghai days inclusive), same filters (type,
// channel, category prefix, region drill-down), same panels: totals (受理 / 结案 / 按期 / 应结案 /
// 缓办 / 评价 / 满意 / 重办 / 就地化解), overdue now by child region, intake by type, category and
// channel, intake and closures by child region, the trend of intake and of closures by day, week
// or month. Two simplifications, both making the reference cheaper than the product, never
// dearer: 按期 is `closed_at <= due_at` (the product checks the closing round's handling clock,
// matter_clock), and the scope is the region prefix only (the product adds matters outside the
// region that the caller's units own, registered or were assigned).

export interface PageParams {
  /** Region code of the scope (2, 4, 6 or 9 digits). */
  region: string;
  /** Local dates, inclusive. */
  from: string;
  to: string;
  granularity: 'day' | 'week' | 'month';
  type?: string;
  channel?: string;
  categoryCode?: string;
}

export interface PageQuery {
  text: string;
  values: unknown[];
}

type Dialect = 'pg' | 'duck';

const OPEN =
  "('registered', 'accepted', 'dispatched', 'handling', 'fed_back', 'verified', 'suspended')";
const CLOSED = "('closed', 'archived')";
const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12 };

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The panels of one dashboard page as plain GROUP BY queries. */
export function pageQueries(p: PageParams, d: Dialect): PageQuery[] {
  const values: unknown[] = [];
  // PostgreSQL gets bind parameters (as the product does); DuckDB literals (trusted constants)
  const v = (x: string): string => {
    if (d === 'duck') {
      return lit(x);
    }
    values.push(x);
    return `$${values.length}`;
  };
  // DuckDB holds local timestamps (exported AT TIME ZONE 'Asia/Shanghai'); PostgreSQL timestamptz
  const at = (day: string) =>
    d === 'pg'
      ? `(${v(day)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`
      : `TIMESTAMP ${lit(day)}`;
  const local = (col: string) => (d === 'pg' ? `(${col} AT TIME ZONE 'Asia/Shanghai')` : col);
  const bucket = (col: string): string => {
    const l = local(col);
    if (p.granularity === 'month') {
      return d === 'pg' ? `to_char(${l}, 'YYYY-MM')` : `strftime(${l}, '%Y-%m')`;
    }
    if (p.granularity === 'week') {
      return d === 'pg'
        ? `to_char(date_trunc('week', ${l}), 'YYYY-MM-DD')`
        : `strftime(date_trunc('week', ${l}), '%Y-%m-%d')`;
    }
    return d === 'pg' ? `to_char(${l}, 'YYYY-MM-DD')` : `strftime(${l}, '%Y-%m-%d')`;
  };
  const scope = [`m.region_code LIKE ${v(`${p.region}%`)}`];
  if (p.type !== undefined) {
    scope.push(`m.type = ${v(p.type)}`);
  }
  if (p.channel !== undefined) {
    scope.push(`m.channel = ${v(p.channel)}`);
  }
  if (p.categoryCode !== undefined) {
    scope.push(`m.category_code LIKE ${v(`${p.categoryCode}%`)}`);
  }
  const from = at(p.from);
  const toEnd = at(nextDay(p.to));
  const inPeriod = (col: string) => `${col} >= ${from} AND ${col} < ${toEnd}`;
  const cohort = [...scope, inPeriod('m.registered_at')].join(' AND ');
  const child = `left(m.region_code, ${CHILD_LENGTH[p.region.length] ?? 12})`;
  const texts = [
    `SELECT count(*) AS intake, count(*) FILTER (WHERE m.status IN ${CLOSED}) AS closed,
       count(*) FILTER (WHERE m.status IN ${CLOSED} AND m.closed_at <= m.due_at) AS closed_on_time,
       count(*) FILTER (WHERE m.status NOT IN ('declined', 'merged')) AS due,
       count(*) FILTER (WHERE m.status = 'suspended') AS suspended,
       count(m.satisfaction) AS rated, count(*) FILTER (WHERE m.satisfaction >= 3) AS satisfied,
       coalesce(sum(m.reopen_count), 0) AS reopens, count(m.resolved_level) AS resolved,
       count(*) FILTER (WHERE m.resolved_level = m.arose_level) AS resolved_locally
     FROM matter m WHERE ${cohort}`,
    `SELECT ${child} AS k, count(*) AS overdue FROM matter m
     WHERE ${scope.join(' AND ')} AND m.status IN ${OPEN} AND m.warning = 'red' GROUP BY 1`,
    `SELECT m.type AS k, count(*) AS n FROM matter m WHERE ${cohort} GROUP BY 1`,
    `SELECT m.category_code AS k, count(*) AS n FROM matter m WHERE ${cohort} GROUP BY 1 ORDER BY 2 DESC`,
    `SELECT m.channel AS k, count(*) AS n FROM matter m WHERE ${cohort} GROUP BY 1`,
    `SELECT ${child} AS k, count(*) AS n, count(*) FILTER (WHERE m.status IN ${CLOSED}) AS closed
     FROM matter m WHERE ${cohort} GROUP BY 1`,
    `SELECT ${bucket('m.registered_at')} AS k, count(*) AS n FROM matter m WHERE ${cohort} GROUP BY 1`,
    `SELECT ${bucket('m.closed_at')} AS k, count(*) AS n FROM matter m
     WHERE ${scope.join(' AND ')} AND m.status IN ${CLOSED} AND ${inPeriod('m.closed_at')} GROUP BY 1`,
  ];
  // every query binds the same parameter list (unused trailing ones are not allowed in pg)
  return texts.map((text) => ({ text, values: d === 'pg' ? usedValues(text, values) : [] }));
}

/** PostgreSQL rejects unused parameters of a higher number only; keep the prefix used. */
function usedValues(text: string, values: unknown[]): unknown[] {
  let max = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    max = Math.max(max, Number(m[1]));
  }
  return values.slice(0, max);
}

/** The query string of the product endpoint for the same page. */
export function productUrl(p: PageParams, ownRegion: string): string {
  const q = new URLSearchParams({ from: p.from, to: p.to, granularity: p.granularity });
  if (p.region !== ownRegion) {
    q.set('regionCode', p.region);
  }
  if (p.type !== undefined) {
    q.set('type', p.type);
  }
  if (p.channel !== undefined) {
    q.set('channel', p.channel);
  }
  if (p.categoryCode !== undefined) {
    q.set('categoryCode', p.categoryCode);
  }
  return `/api/analytics/dashboard?${q.toString()}`;
}
