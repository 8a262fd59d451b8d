// THE dashboard formulas (DOMAIN.md §6), in one place: the SQL counters every group computes and
// the rates built from them. Rates are fractions 0–1, null when the denominator is 0.
//
// The base relation `b` (dashboard.ts) holds the matters in scope that match the filters, with:
//   in_range — registered within the period (the period's cohort: 受理量 and every rate),
//   open     — still being worked on (OPEN_STATUSES),
//   on_time  — closed with no handling clock of the closing round stopped after its deadline.
import { OPEN_STATUSES } from '@fengqiao/contracts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';

/** 结案: closed, awaiting or past the 回访 (a reopened matter is open again, not closed). */
export const CLOSED = sql`('closed', 'archived')`;
/** Never became a case: 不予受理, and 并单 (it lives on in the matter it was merged into). */
const NOT_A_CASE = sql`('declined', 'merged')`;

/**
 * Columns of `b` that the counters need, computed per matter over `matter m`. on_time is a
 * scalar count, not NOT EXISTS: the planner may turn an EXISTS into one hash of every late clock
 * ever (a scan of matter_clock per request); a count is probed per row through
 * matter_clock_late_idx (migration 0006), which holds only the late handling clocks.
 */
export function baseColumns(from: Date, toEnd: Date): SqlFragment {
  return sql`
    m.type, m.category_code, m.channel, m.region_code, m.status, m.warning, m.satisfaction,
    m.reopen_count, m.arose_level, m.resolved_level, m.registered_at, m.closed_at,
    (m.registered_at >= ${from} AND m.registered_at < ${toEnd}) AS in_range,
    m.status = ANY(${[...OPEN_STATUSES]}::text[]) AS open,
    CASE WHEN m.status IN ${CLOSED} THEN (
      SELECT count(*) FROM matter_clock c WHERE c.matter_id = m.id AND c.cycle = m.cycle
        AND c.clock = 'handle' AND c.stopped_at > c.due_at) = 0 ELSE false END AS on_time`;
}

/** The counters of one group of `b`, by name. */
export const COUNTERS = sql`
  count(*)::int AS n,
  -- 受理量
  count(*) FILTER (WHERE b.in_range)::int AS intake,
  -- 结案数
  count(*) FILTER (WHERE b.in_range AND b.status IN ${CLOSED})::int AS closed,
  -- 按期结案数
  count(*) FILTER (WHERE b.in_range AND b.status IN ${CLOSED} AND b.on_time)::int AS closed_on_time,
  -- 应结案数: every case of the cohort (declined and merged ones never were cases)
  count(*) FILTER (WHERE b.in_range AND b.status NOT IN ${NOT_A_CASE})::int AS due,
  -- 缓办数: 中止 (suspended) matters are left out of 应结案数 [DOMAIN.md §3, local]
  count(*) FILTER (WHERE b.in_range AND b.status = 'suspended')::int AS suspended,
  -- 超期: open and past the deadline now (the sweeper's red warning), whenever registered
  count(*) FILTER (WHERE b.open AND b.warning = 'red')::int AS overdue,
  -- valid evaluations, and the satisfied ones: 非常满意 5, 满意 4, 基本满意 3
  count(*) FILTER (WHERE b.in_range AND b.satisfaction IS NOT NULL)::int AS rated,
  count(*) FILTER (WHERE b.in_range AND b.satisfaction >= 3)::int AS satisfied,
  -- 重办: reopenings after 不满意
  coalesce(sum(b.reopen_count) FILTER (WHERE b.in_range), 0)::int AS reopens,
  -- resolved matters (a level is recorded at 结案 and cleared on reopening) …
  count(*) FILTER (WHERE b.in_range AND b.resolved_level IS NOT NULL)::int AS resolved,
  -- … and those resolved at the level where they arose (no 上交)
  count(*) FILTER (WHERE b.in_range AND b.resolved_level = b.arose_level)::int AS resolved_locally`;

export interface Counters {
  n: number;
  intake: number;
  closed: number;
  closed_on_time: number;
  due: number;
  suspended: number;
  overdue: number;
  rated: number;
  satisfied: number;
  reopens: number;
  resolved: number;
  resolved_locally: number;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;
}

/** 结案率 = 结案数 / (应结案数 − 缓办数) [DOMAIN.md §6, local]. */
export function closureRate(c: Counters): number | null {
  return ratio(c.closed, c.due - c.suspended);
}

/** 按期结案率 = 按期结案数 / (应结案数 − 缓办数) [DOMAIN.md §6, local 金华]. */
export function onTimeRate(c: Counters): number | null {
  return ratio(c.closed_on_time, c.due - c.suspended);
}

/** 满意率 = (非常满意 + 满意 + 基本满意) / 有效评价数 [DOMAIN.md §6; 基本满意 counted]. */
export function satisfactionRate(c: Counters): number | null {
  return ratio(c.satisfied, c.rated);
}

/**
 * 就地化解率 = resolved where they arose / resolved [DOMAIN.md §6, inferred]: “小事不出村、
 * 大事不出镇”. arose_level is the owning center's level at registration, resolved_level the
 * owner's level at 结案, so a matter escalated (上报) and closed above is not local.
 */
export function localResolutionRate(c: Counters): number | null {
  return ratio(c.resolved_locally, c.resolved);
}

export const ZERO: Counters = {
  n: 0,
  intake: 0,
  closed: 0,
  closed_on_time: 0,
  due: 0,
  suspended: 0,
  overdue: 0,
  rated: 0,
  satisfied: 0,
  reopens: 0,
  resolved: 0,
  resolved_locally: 0,
};
