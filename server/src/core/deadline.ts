// Statutory deadlines: 民法典 第201–203条 day counting over the holiday calendar, pauses (中止),
// extensions, warnings and 督办 cards. Pure: `now` is always passed in.
import {
  addDays,
  DEFAULT_OFFICE_HOURS,
  endOfLocalDay,
  instantAt,
  isWorkingDay,
  localDateOf,
  parseOfficeHours,
  yearOf,
} from './calendar.ts';
import type { THolidayCalendar, TLocalDate, TMinuteWindow, TOfficeHours } from './calendar.ts';

export type TClockUnit = 'calendar_day' | 'working_day' | 'working_hour';

/** A period the clock does not run (e.g. 听证, 信访工作条例 第36条); `to: null` = still paused. */
export type TPause = { readonly from: Date; readonly to: Date | null };

export type TDeadlineInput = {
  /** UTC instant of the start event (收到, 受理 …). */
  readonly start: Date;
  readonly limit: number;
  readonly unit: TClockUnit;
  readonly calendar: THolidayCalendar;
  /** The unit's business hours: day clocks end at their close instead of 24:00 (第203条). */
  readonly officeHours?: TOfficeHours;
  readonly pauses?: readonly TPause[];
  /** Approved extension, counted like the limit (working days on a working-day clock; on a
   * working-hour clock each day adds one full office day of hours). */
  readonly extensionDays?: number;
  /** Required when a pause is open: the deadline is then computed as if the clock resumed now. */
  readonly now?: Date;
};

export type TDeadline = {
  readonly dueAt: Date;
  /** The local date the period ends on. */
  readonly lastDay: TLocalDate;
  /** Counting used a year with no holiday notice entered: recompute once it is published. */
  readonly provisional: boolean;
  readonly uncoveredYears: readonly number[];
  /** A pause is open: dueAt moves later every day until the clock resumes. */
  readonly frozen: boolean;
};

export type TDeadlineErrorCode =
  | 'deadline.invalid_input'
  | 'deadline.unbounded'
  | 'deadline.limit_exceeds_statute'
  | 'deadline.extension_exceeds_statute';

export class DeadlineError extends Error {
  readonly code: TDeadlineErrorCode;
  constructor(code: TDeadlineErrorCode, message: string) {
    super(message);
    this.name = 'DeadlineError';
    this.code = code;
  }
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
// Ten years of days: no statutory clock is that long, so a longer scan is a bad input, not a deadline.
const MAX_SCAN_DAYS = 3660;

type TInterval = { readonly from: number; readonly to: number };

type TScan = {
  readonly calendar: THolidayCalendar;
  readonly uncovered: Set<number>;
  readonly pauses: readonly TInterval[];
  readonly pausedDates: ReadonlySet<TLocalDate>;
};

function invalid(message: string): never {
  throw new DeadlineError('deadline.invalid_input', message);
}

function guard(step: number): void {
  if (step > MAX_SCAN_DAYS) {
    throw new DeadlineError('deadline.unbounded', `counting ran past ${MAX_SCAN_DAYS} days`);
  }
}

function isWorking(scan: TScan, date: TLocalDate): boolean {
  const { working, covered } = isWorkingDay(date, scan.calendar);
  if (!covered) {
    scan.uncovered.add(yearOf(date));
  }
  return working;
}

function resolvePauses(pauses: readonly TPause[], now: Date | undefined): TInterval[] {
  const intervals = pauses.map((pause) => {
    if (pause.to === null && now === undefined) {
      invalid('an open pause needs `now`: the clock stays frozen until it resumes');
    }
    const from = pause.from.getTime();
    const to = (pause.to ?? now ?? pause.from).getTime();
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
      invalid('a pause must have valid instants with from <= to (or an open pause before now)');
    }
    return { from, to };
  });
  const merged: TInterval[] = [];
  for (const next of intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from)) {
    const last = merged.at(-1);
    if (last !== undefined && next.from <= last.to) {
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, next.to) };
    } else {
      merged.push(next);
    }
  }
  return merged;
}

// Day clocks count whole days: a day on which the clock stood still for any part is not counted,
// just as 第201条 does not count the part-day of the start event.
function datesTouched(pauses: readonly TInterval[]): Set<TLocalDate> {
  const dates = new Set<TLocalDate>();
  for (const pause of pauses) {
    const last = localDateOf(new Date(pause.to - 1));
    let day = localDateOf(new Date(pause.from));
    for (let step = 0; day <= last; step += 1) {
      guard(step);
      dates.add(day);
      day = addDays(day, 1);
    }
  }
  return dates;
}

// 民法典 第203条: a period whose last day is a 法定休假日 ends on the first day after it. We read
// 法定休假日 as any rest day under the State Council calendar: the notice's days off and the weekly
// rest days (the 民事诉讼法 解释 and 行政诉讼 practice treat 节假日 as including 休息日). A weekend
// day made working by 调休 is a working day, so a period may end on it.
function rollToWorkingDay(scan: TScan, date: TLocalDate): TLocalDate {
  let day = date;
  for (let step = 0; scan.pausedDates.has(day) || !isWorking(scan, day); step += 1) {
    guard(step);
    day = addDays(day, 1);
  }
  return day;
}

// 民法典 第201条: the start day is not counted, counting begins the next day.
function countCalendarDays(scan: TScan, startDate: TLocalDate, total: number): TLocalDate {
  let day = startDate;
  for (let counted = 0, step = 0; counted < total; step += 1) {
    guard(step);
    day = addDays(day, 1);
    if (!scan.pausedDates.has(day)) {
      counted += 1;
    }
  }
  return rollToWorkingDay(scan, day);
}

// 第201条 literally: counting begins the day after the start event even if that event fell on a
// rest day, so a matter received on Saturday has Monday as working day 1.
function countWorkingDays(scan: TScan, startDate: TLocalDate, total: number): TLocalDate {
  let day = startDate;
  for (let counted = 0, step = 0; counted < total; step += 1) {
    guard(step);
    day = addDays(day, 1);
    if (!scan.pausedDates.has(day) && isWorking(scan, day)) {
      counted += 1;
    }
  }
  return day;
}

function freeSegments(window: TInterval, pauses: readonly TInterval[]): TInterval[] {
  const segments: TInterval[] = [];
  let cursor = window.from;
  for (const pause of pauses) {
    if (pause.to <= cursor || pause.from >= window.to) {
      continue;
    }
    if (pause.from > cursor) {
      segments.push({ from: cursor, to: pause.from });
    }
    cursor = pause.to;
  }
  if (cursor < window.to) {
    segments.push({ from: cursor, to: window.to });
  }
  return segments;
}

// 民法典 第201条第一款 counts hour periods from the start instant itself (no whole-day skip);
// only office hours on working days count, and paused time is cut out exactly.
function countWorkingHours(
  scan: TScan,
  start: Date,
  totalMs: number,
  windows: readonly TMinuteWindow[],
): Date {
  let remaining = totalMs;
  let day = localDateOf(start);
  for (let step = 0; ; step += 1) {
    guard(step);
    if (isWorking(scan, day)) {
      for (const window of windows) {
        const from = Math.max(instantAt(day, window.from).getTime(), start.getTime());
        const to = instantAt(day, window.to).getTime();
        for (const segment of from < to ? freeSegments({ from, to }, scan.pauses) : []) {
          const length = segment.to - segment.from;
          if (length >= remaining) {
            return new Date(segment.from + remaining);
          }
          remaining -= length;
        }
      }
    }
    day = addDays(day, 1);
  }
}

function validateInput(input: TDeadlineInput, extension: number): void {
  if (!Number.isFinite(input.start.getTime())) {
    invalid('start is not a valid instant');
  }
  if (!Number.isFinite(input.limit) || input.limit <= 0) {
    invalid('limit must be a positive number');
  }
  if (input.unit !== 'working_hour' && !Number.isInteger(input.limit)) {
    invalid('a day clock needs a whole number of days');
  }
  if (!Number.isInteger(extension) || extension < 0) {
    invalid('extensionDays must be a whole number >= 0');
  }
}

/** The local date a deadline falls on (24:00 belongs to the day it closes). */
export function dueDateOf(dueAt: Date): TLocalDate {
  return localDateOf(new Date(dueAt.getTime() - 1));
}

export function computeDeadline(input: TDeadlineInput): TDeadline {
  const extension = input.extensionDays ?? 0;
  validateInput(input, extension);
  const pauses = resolvePauses(input.pauses ?? [], input.now);
  const scan: TScan = {
    calendar: input.calendar,
    uncovered: new Set(),
    pauses,
    pausedDates: datesTouched(pauses),
  };
  const total = input.limit + extension;
  let dueAt: Date;
  if (input.unit === 'working_hour') {
    const windows = parseOfficeHours(input.officeHours ?? DEFAULT_OFFICE_HOURS);
    const officeDayMs = windows.reduce((sum, w) => sum + (w.to - w.from) * 60_000, 0);
    const totalMs = input.limit * MS_PER_HOUR + extension * officeDayMs;
    dueAt = countWorkingHours(scan, input.start, totalMs, windows);
  } else {
    const startDate = localDateOf(input.start);
    const lastDay =
      input.unit === 'calendar_day'
        ? countCalendarDays(scan, startDate, total)
        : countWorkingDays(scan, startDate, total);
    // 第203条: the last day ends at 24:00, or at the close of business hours where there are any.
    const close =
      input.officeHours === undefined ? undefined : parseOfficeHours(input.officeHours).at(-1);
    dueAt = close === undefined ? endOfLocalDay(lastDay) : instantAt(lastDay, close.to);
  }
  const uncoveredYears = [...scan.uncovered].sort((a, b) => a - b);
  return {
    dueAt,
    lastDay: dueDateOf(dueAt),
    provisional: uncoveredYears.length > 0,
    uncoveredYears,
    frozen: (input.pauses ?? []).some((pause) => pause.to === null),
  };
}

// ---- warnings and 督办 ----

export type TWarningState = 'normal' | 'yellow' | 'red';
export type TWarningOptions = {
  readonly yellowBefore: {
    readonly value: number;
    readonly unit: 'hour' | 'calendar_day' | 'working_day';
  };
  /** Needed for a working-day threshold. */
  readonly calendar?: THolidayCalendar;
};

/** Working days d with after < d <= upTo. */
function workingDaysAfter(after: TLocalDate, upTo: TLocalDate, calendar: THolidayCalendar): number {
  let count = 0;
  let day = addDays(after, 1);
  for (let step = 0; day <= upTo; step += 1) {
    guard(step);
    count += isWorkingDay(day, calendar).working ? 1 : 0;
    day = addDays(day, 1);
  }
  return count;
}

/**
 * 'red' once the deadline has passed (an act at exactly dueAt is still in time); 'yellow' within
 * `yellowBefore` of it. A working-day threshold of N turns yellow when fewer than N whole working
 * days remain after today.
 */
export function warningState(dueAt: Date, now: Date, options: TWarningOptions): TWarningState {
  if (now.getTime() > dueAt.getTime()) {
    return 'red';
  }
  const { value, unit } = options.yellowBefore;
  if (unit === 'working_day') {
    if (options.calendar === undefined) {
      return invalid('a working-day warning threshold needs the holiday calendar');
    }
    const left = workingDaysAfter(localDateOf(now), dueDateOf(dueAt), options.calendar);
    return left < value ? 'yellow' : 'normal';
  }
  const windowMs = value * (unit === 'hour' ? MS_PER_HOUR : MS_PER_DAY);
  return dueAt.getTime() - now.getTime() <= windowMs ? 'yellow' : 'normal';
}

/**
 * Working days overdue, by date difference as 督办 systems report it: the working days after the
 * due date up to and including today. 0 when not overdue, or overdue only since earlier today.
 */
export function overdueWorkingDays(dueAt: Date, now: Date, calendar: THolidayCalendar): number {
  if (now.getTime() <= dueAt.getTime()) {
    return 0;
  }
  return workingDaysAfter(dueDateOf(dueAt), localDateOf(now), calendar);
}

export type TSupervisionStage = 'acceptance' | 'handling';
export type TCardThresholds = { readonly yellow: number; readonly red: number };
export type TSupervisionCard = {
  readonly card: 'none' | 'yellow' | 'red';
  readonly overdueWorkingDays: number;
};

// Vendor practice (Tianque), configurable per deployment: 黄牌 受理 2 / 办理 5 and 红牌 受理 5 /
// 办理 10 working days overdue.
export const DEFAULT_CARD_THRESHOLDS = {
  acceptance: { yellow: 2, red: 5 },
  handling: { yellow: 5, red: 10 },
} as const satisfies Record<TSupervisionStage, TCardThresholds>;

export function supervisionCard(input: {
  readonly dueAt: Date;
  readonly now: Date;
  readonly calendar: THolidayCalendar;
  readonly stage: TSupervisionStage;
  readonly thresholds?: TCardThresholds;
}): TSupervisionCard {
  const thresholds = input.thresholds ?? DEFAULT_CARD_THRESHOLDS[input.stage];
  const overdue = overdueWorkingDays(input.dueAt, input.now, input.calendar);
  if (overdue >= thresholds.red) {
    return { card: 'red', overdueWorkingDays: overdue };
  }
  return { card: overdue >= thresholds.yellow ? 'yellow' : 'none', overdueWorkingDays: overdue };
}
