// Local (Asia/Shanghai) day arithmetic for generated deadlines, on the product's holiday calendar
// (2025–2026 notices; other years fall back to weekends, as the product flags them provisional).
import { defaultHolidayCalendar, isWorkingDay } from '@fengqiao/server/core/calendar.ts';

export const MS_HOUR = 3_600_000;
export const MS_DAY = 86_400_000;
const OFFSET = 8 * MS_HOUR;

/** Local day number (days since 1970-01-01 in Asia/Shanghai) of an instant. */
export function dayOf(ms: number): number {
  return Math.floor((ms + OFFSET) / MS_DAY);
}

/** 24:00 local of a day number: where a day-counted period ends (民法典 第203条). */
export function endOfDay(day: number): number {
  return (day + 1) * MS_DAY - OFFSET;
}

export function startOfDay(day: number): number {
  return day * MS_DAY - OFFSET;
}

export function isoDay(day: number): string {
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}

export class WorkCalendar {
  readonly #working: number[] = [];
  readonly #first: number;

  constructor(fromDay: number, toDay: number) {
    const cal = defaultHolidayCalendar();
    this.#first = fromDay;
    for (let d = fromDay; d <= toDay; d++) {
      if (isWorkingDay(isoDay(d), cal).working) {
        this.#working.push(d);
      }
    }
  }

  #firstAfter(day: number): number {
    let lo = 0;
    let hi = this.#working.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#working[mid] ?? 0) > day) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The deadline instant of `limit` units started at `startMs` (start day not counted). */
  due(startMs: number, limit: number, unit: 'working_day' | 'calendar_day'): number {
    const day = dayOf(startMs);
    if (unit === 'calendar_day') {
      return endOfDay(day + limit);
    }
    const i = this.#firstAfter(day) + limit - 1;
    const d = this.#working[i] ?? day + Math.ceil((limit * 7) / 5);
    return endOfDay(d);
  }

  /** `n` working days before the deadline day (the yellow warning threshold). */
  before(dueMs: number, n: number, unit: 'working_day' | 'calendar_day'): number {
    const day = dayOf(dueMs - 1);
    if (unit === 'calendar_day') {
      return startOfDay(day - n + 1);
    }
    const i = this.#firstAfter(day - 1) - n + 1;
    return startOfDay(this.#working[Math.max(0, i)] ?? day - n);
  }

  get firstDay(): number {
    return this.#first;
  }
}
