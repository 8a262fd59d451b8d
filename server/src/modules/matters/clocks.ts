import type { THolidayCalendar } from '../../core/calendar.ts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import {
  computeDeadline,
  warningState,
  type TClockUnit,
  type TPause,
} from '../../core/deadline.ts';
import { checkAgainstStatute, type TStatutoryClockKey } from '../../core/statutory-clocks.ts';
import { AppError } from '../../core/errors.ts';
import { loadCalendar } from './calendar-store.ts';

export type ClockKind = 'accept' | 'handle' | 'notice';

export interface PolicyRow {
  unit: TClockUnit;
  limit_value: number;
  max_extension: number;
  yellow_before: number;
  statutory_key: string | null;
  urgent_limit: number | null;
}

export interface ClockRow {
  id: number;
  matter_id: number;
  clock: ClockKind;
  unit: TClockUnit;
  limit_value: number;
  extension_value: number;
  max_extension: number;
  yellow_before: number;
  started_at: Date;
  due_at: Date;
  provisional: boolean;
  pauses: { from: string; to: string | null }[];
  stopped_at: Date | null;
}

/** The most specific policy wins: type + category, then type, then the '*' default. */
export async function findPolicy(
  tx: Tx,
  type: string,
  category: string,
  clock: ClockKind,
): Promise<PolicyRow | undefined> {
  return tx.maybeOne<PolicyRow>(sql`
    SELECT unit, limit_value, max_extension, yellow_before, statutory_key, urgent_limit
    FROM deadline_policy
    WHERE clock = ${clock} AND matter_type IN (${type}, '*')
      AND (category_code IS NULL OR ${category} LIKE category_code || '%')
    ORDER BY (matter_type = ${type}) DESC, length(coalesce(category_code, '')) DESC
    LIMIT 1`);
}

function pausesOf(row: Pick<ClockRow, 'pauses'>): TPause[] {
  return row.pauses.map((p) => ({
    from: new Date(p.from),
    to: p.to === null ? null : new Date(p.to),
  }));
}

/** Recomputes a clock's deadline from its start, limit, extension and pauses on the calendar. */
export function deadlineOf(
  row: ClockRow,
  calendar: THolidayCalendar,
  now: Date,
  officeHours: { start: string; end: string } | null,
) {
  return computeDeadline({
    start: row.started_at,
    limit: row.limit_value,
    unit: row.unit,
    calendar,
    pauses: pausesOf(row),
    extensionDays: row.extension_value,
    now,
    ...(officeHours === null ? {} : { officeHours }),
  });
}

export interface StartClock {
  matterId: number;
  cycle: number;
  type: string;
  category: string;
  urgent: boolean;
  regionCode: string;
  clock: ClockKind;
  officeHours: { start: string; end: string } | null;
  assignmentId?: number;
  /** A shorter limit chosen by the dispatcher, in the policy's unit. */
  limitOverride?: number | undefined;
}

/** Starts a clock under its policy; a configured or chosen limit may never exceed the statute. */
export async function startClock(
  tx: Tx,
  now: Date,
  s: StartClock,
  calendar?: THolidayCalendar,
): Promise<ClockRow | null> {
  const policy = await findPolicy(tx, s.type, s.category, s.clock);
  if (policy === undefined) {
    return null;
  }
  const base =
    s.urgent && policy.urgent_limit !== null
      ? Math.min(policy.urgent_limit, policy.limit_value)
      : policy.limit_value;
  if (s.limitOverride !== undefined && s.limitOverride > base) {
    throw new AppError('matter.limit_too_long', {
      fields: [
        {
          path: 'limit',
          code: 'too_long',
          message: `时限不能超过 ${base}（${UNIT_LABEL[policy.unit]}）`,
        },
      ],
    });
  }
  const limit = s.limitOverride ?? base;
  if (
    policy.statutory_key !== null &&
    checkAgainstStatute(policy.statutory_key as TStatutoryClockKey, limit) !== null
  ) {
    throw new AppError('matter.limit_too_long');
  }
  const cal = calendar ?? (await loadCalendar(tx));
  const d = computeDeadline({
    start: now,
    limit,
    unit: policy.unit,
    calendar: cal,
    ...(s.officeHours ? { officeHours: s.officeHours } : {}),
  });
  return tx.one<ClockRow>(sql`
    INSERT INTO matter_clock (matter_id, assignment_id, cycle, clock, unit, limit_value, max_extension, yellow_before,
      started_at, due_at, provisional, region_code)
    VALUES (${s.matterId}, ${s.assignmentId ?? null}, ${s.cycle}, ${s.clock}, ${policy.unit}, ${limit}, ${policy.max_extension},
      ${policy.yellow_before}, ${now}, ${d.dueAt}, ${d.provisional}, ${s.regionCode})
    RETURNING *`);
}

export const UNIT_LABEL: Record<TClockUnit, string> = {
  calendar_day: '自然日',
  working_day: '工作日',
  working_hour: '工作小时',
};

export async function openClocks(tx: Tx, matterId: number, clock?: ClockKind): Promise<ClockRow[]> {
  return tx.query<ClockRow>(sql`
    SELECT * FROM matter_clock WHERE matter_id = ${matterId} AND stopped_at IS NULL
      AND (${clock ?? null}::text IS NULL OR clock = ${clock ?? null})
    ORDER BY id`);
}

export async function stopClocks(
  tx: Tx,
  matterId: number,
  now: Date,
  clock?: ClockKind,
): Promise<void> {
  await tx.query(sql`
    UPDATE matter_clock SET stopped_at = ${now}
    WHERE matter_id = ${matterId} AND stopped_at IS NULL AND (${clock ?? null}::text IS NULL OR clock = ${clock ?? null})`);
}

/** 中止: the clocks stand still until resumed (e.g. 听证 time is not counted, 信访工作条例 第36条). */
export async function pauseClocks(tx: Tx, matterId: number, now: Date): Promise<void> {
  for (const c of await openClocks(tx, matterId)) {
    const pauses = [...c.pauses, { from: now.toISOString(), to: null }];
    await tx.query(
      sql`UPDATE matter_clock SET pauses = ${JSON.stringify(pauses)}::jsonb WHERE id = ${c.id}`,
    );
  }
}

export async function resumeClocks(
  tx: Tx,
  matterId: number,
  now: Date,
  officeHours: { start: string; end: string } | null,
): Promise<void> {
  const calendar = await loadCalendar(tx);
  for (const c of await openClocks(tx, matterId)) {
    const pauses = c.pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));
    const d = deadlineOf({ ...c, pauses }, calendar, now, officeHours);
    await tx.query(sql`
      UPDATE matter_clock SET pauses = ${JSON.stringify(pauses)}::jsonb, due_at = ${d.dueAt}, provisional = ${d.provisional}
      WHERE id = ${c.id}`);
  }
}

/** Adds an approved extension, refusing what would pass the policy's (or statute's) cap. */
export async function extendClock(
  tx: Tx,
  clock: ClockRow,
  value: number,
  now: Date,
  officeHours: { start: string; end: string } | null,
): Promise<ClockRow> {
  if (clock.extension_value + value > clock.max_extension) {
    throw new AppError('matter.extension_over_cap', {
      fields: [
        {
          path: 'value',
          code: 'over_cap',
          message: `延期合计不能超过 ${clock.max_extension}（${UNIT_LABEL[clock.unit]}）`,
        },
      ],
    });
  }
  const next = { ...clock, extension_value: clock.extension_value + value };
  const d = deadlineOf(next, await loadCalendar(tx), now, officeHours);
  return tx.one<ClockRow>(sql`
    UPDATE matter_clock SET extension_value = ${next.extension_value}, due_at = ${d.dueAt}, provisional = ${d.provisional}
    WHERE id = ${clock.id} RETURNING *`);
}

/** The matter shows its most urgent open clock: due date, provisional flag and warning. */
export async function refreshMatterDue(
  tx: Tx,
  matterId: number,
  now: Date,
  calendar?: THolidayCalendar,
): Promise<void> {
  const clocks = await openClocks(tx, matterId);
  const first = [...clocks].sort((a, b) => a.due_at.getTime() - b.due_at.getTime())[0];
  if (first === undefined) {
    await tx.query(sql`UPDATE matter SET warning = 'normal' WHERE id = ${matterId}`);
    return;
  }
  const cal = calendar ?? (await loadCalendar(tx));
  const paused = first.pauses.some((p) => p.to === null);
  const warning = paused
    ? 'normal'
    : warningState(first.due_at, now, {
        yellowBefore: {
          value: first.yellow_before,
          unit: first.unit === 'working_hour' ? 'hour' : first.unit,
        },
        calendar: cal,
      });
  await tx.query(sql`
    UPDATE matter SET due_at = ${first.due_at}, due_provisional = ${clocks.some((c) => c.provisional)}, warning = ${warning}
    WHERE id = ${matterId}`);
  await tx.query(sql`
    UPDATE matter_assignment SET due_at = ${first.due_at}, due_provisional = ${first.provisional}
    WHERE matter_id = ${matterId} AND status IN ('to_sign', 'handling', 'fed_back')`);
}
