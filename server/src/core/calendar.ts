// Working days in mainland China. The base week is Mon–Fri work, Sat/Sun rest (国务院关于职工工作时间的规定
// 第七条); each year the State Council General Office notice (部分节假日安排的通知) lists days off and the
// weekend days made working (调休). All dates are local dates 'YYYY-MM-DD' in Asia/Shanghai.
// Pure: no I/O, no clock; the bundled notices are imported as data.
import holidayData from './data/cn-holidays-2025-2026.json' with { type: 'json' };

/** A local date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type TLocalDate = string;

export type THolidayYear = {
  /** The notice this year's data was entered from; required so every day off is traceable. */
  readonly source: string;
  readonly offDays: ReadonlySet<TLocalDate>;
  readonly workdays: ReadonlySet<TLocalDate>;
  /** date → the holiday it belongs to, for off days and their 调休 workdays */
  readonly names: ReadonlyMap<TLocalDate, string>;
};

export type TDayRule = { readonly kind: 'off' | 'workday'; readonly name: string };

export type THolidayCalendar = {
  /** Notice year → its data. A year is "covered" only once its notice has been entered. */
  readonly years: ReadonlyMap<number, THolidayYear>;
  /** Every listed day across notices: a notice may reach into the neighbouring year. */
  readonly days: ReadonlyMap<TLocalDate, TDayRule>;
};

export type TWorkingDay = { readonly working: boolean; readonly covered: boolean };

export class HolidayCalendarError extends Error {
  readonly code = 'calendar.malformed';
  constructor(problem: string) {
    super(`holiday calendar: ${problem}`);
    this.name = 'HolidayCalendarError';
  }
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
// Asia/Shanghai has been UTC+8 without daylight saving since 1992, so a fixed offset is exact for
// every date this platform handles and no time-zone database is needed.
const SHANGHAI_OFFSET_MS = 8 * 60 * MS_PER_MINUTE;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// The longest 长假 so far is 9 days (2026 春节); a longer range is a data-entry error.
const MAX_HOLIDAY_SPAN_DAYS = 15;

// ---- date math (local dates as day numbers since 1970-01-01) ----

function dayNumberOf(date: TLocalDate): number {
  const match = DATE_PATTERN.exec(date);
  if (match === null) {
    throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  }
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const dayNumber = ms / MS_PER_DAY;
  if (dateOfDayNumber(dayNumber) !== date) {
    throw new RangeError(`no such date: ${date}`);
  }
  return dayNumber;
}

function dateOfDayNumber(dayNumber: number): TLocalDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isLocalDate(value: unknown): value is TLocalDate {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) {
    return false;
  }
  const [year, month, day] = value.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined || year < 1000) {
    return false;
  }
  return dateOfDayNumber(Date.UTC(year, month - 1, day) / MS_PER_DAY) === value;
}

export function addDays(date: TLocalDate, days: number): TLocalDate {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: TLocalDate, to: TLocalDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: TLocalDate): number {
  return new Date(dayNumberOf(date) * MS_PER_DAY).getUTCDay();
}

export function yearOf(date: TLocalDate): number {
  return Number(date.slice(0, 4));
}

/** The Asia/Shanghai local date of a UTC instant. */
export function localDateOf(instant: Date): TLocalDate {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) {
    throw new RangeError('invalid Date');
  }
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant of a local date at `minuteOfDay` minutes after local midnight (1440 = 24:00). */
export function instantAt(date: TLocalDate, minuteOfDay = 0): Date {
  return new Date(
    dayNumberOf(date) * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE - SHANGHAI_OFFSET_MS,
  );
}

/** 24:00 of a local date, i.e. 00:00 of the next day: where a day-counted period ends (民法典 第203条). */
export function endOfLocalDay(date: TLocalDate): Date {
  return instantAt(date, 24 * 60);
}

// ---- office hours ----

export type TOfficeWindow = { readonly start: string; readonly end: string };
/** One window ('08:30'–'17:30') or several (a lunch break splits the day). */
export type TOfficeHours = TOfficeWindow | readonly TOfficeWindow[];
export type TMinuteWindow = { readonly from: number; readonly to: number };

// Default when a unit sets none: the common 机关 schedule 08:30–12:00 and 14:00–17:30 (7 hours).
// It is our assumption, not a statute; each unit should configure its own published hours.
export const DEFAULT_OFFICE_HOURS: readonly TOfficeWindow[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:00', end: '17:30' },
];

const TIME_PATTERN = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

function minuteOf(time: string): number {
  const match = TIME_PATTERN.exec(time);
  if (match === null) {
    throw new RangeError(`office hours: not HH:MM: ${time}`);
  }
  return match[1] === undefined ? 24 * 60 : Number(match[1]) * 60 + Number(match[2]);
}

/** Parses office hours into ascending, non-overlapping minute windows; throws on a bad schedule. */
export function parseOfficeHours(hours: TOfficeHours): readonly TMinuteWindow[] {
  const list: readonly TOfficeWindow[] = 'start' in hours ? [hours] : hours;
  if (list.length === 0) {
    throw new RangeError('office hours: no window');
  }
  const windows = list.map((w) => ({ from: minuteOf(w.start), to: minuteOf(w.end) }));
  windows.forEach((w, i) => {
    const previous = windows[i - 1];
    if (w.to <= w.from || (previous !== undefined && w.from < previous.to)) {
      throw new RangeError('office hours: windows must be ascending and not overlap');
    }
  });
  return windows;
}

// ---- the calendar ----

function isWeekend(date: TLocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

/**
 * Whether a local date is a working day. Listed 'off' days rest, listed 调休 days work, otherwise
 * Mon–Fri work. `covered` is false when the date's year has no notice entered: the answer then uses
 * weekends only, and callers must flag results as provisional. Coverage goes by the date's own
 * year; a late-December day set by the next year's notice is known once that notice is entered.
 */
export function isWorkingDay(date: TLocalDate, calendar: THolidayCalendar): TWorkingDay {
  const covered = calendar.years.has(yearOf(date));
  const rule = calendar.days.get(date);
  if (rule !== undefined) {
    return { working: rule.kind === 'workday', covered };
  }
  return { working: !isWeekend(date), covered };
}

/** A day off under a notice (法定节假日 including the weekend days inside the 放假 range). */
export function isStatutoryHoliday(date: TLocalDate, calendar: THolidayCalendar): boolean {
  return calendar.days.get(date)?.kind === 'off';
}

export function holidayNameOf(date: TLocalDate, calendar: THolidayCalendar): string | null {
  return calendar.days.get(date)?.name ?? null;
}

// ---- loading ----

function fail(path: string, problem: string): never {
  throw new HolidayCalendarError(`${path}: ${problem}`);
}

function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(path, 'expected an object');
  }
  return value as Record<string, unknown>;
}

function asDate(value: unknown, path: string, noticeYear: number): TLocalDate {
  if (!isLocalDate(value)) {
    return fail(path, `not a valid YYYY-MM-DD date: ${String(value)}`);
  }
  // A notice only reaches into the neighbouring years (元旦 ranges may start in late December).
  if (Math.abs(yearOf(value) - noticeYear) > 1) {
    return fail(path, `${value} is too far from the notice year ${noticeYear}`);
  }
  return value;
}

type TListedDay = { readonly date: TLocalDate; readonly rule: TDayRule };

function parseHoliday(raw: unknown, path: string, year: number): TListedDay[] {
  const holiday = asRecord(raw, path);
  const name = holiday['name'];
  if (typeof name !== 'string' || name.trim() === '') {
    return fail(`${path}.name`, 'expected a non-empty string');
  }
  const off = holiday['off'];
  if (!Array.isArray(off) || off.length !== 2) {
    return fail(`${path}.off`, 'expected an inclusive range [first, last]');
  }
  const first = asDate(off[0], `${path}.off[0]`, year);
  const last = asDate(off[1], `${path}.off[1]`, year);
  const span = daysBetween(first, last);
  if (span < 0 || span >= MAX_HOLIDAY_SPAN_DAYS) {
    return fail(`${path}.off`, `range ${first}..${last} is reversed or too long`);
  }
  const days: TListedDay[] = [];
  for (let i = 0; i <= span; i += 1) {
    days.push({ date: addDays(first, i), rule: { kind: 'off', name } });
  }
  const workdays = holiday['workdays'];
  if (!Array.isArray(workdays)) {
    return fail(`${path}.workdays`, 'expected an array of dates');
  }
  workdays.forEach((value: unknown, i) => {
    const date = asDate(value, `${path}.workdays[${i}]`, year);
    // 调休 turns a weekend day into a working day; a listed weekday would mean a typo.
    if (!isWeekend(date)) {
      fail(`${path}.workdays[${i}]`, `${date} is not a Saturday or Sunday`);
    }
    days.push({ date, rule: { kind: 'workday', name } });
  });
  return days;
}

function parseYear(
  key: string,
  value: unknown,
  source: unknown,
  days: Map<TLocalDate, TDayRule>,
): THolidayYear {
  const year = Number(key);
  if (typeof source !== 'string' || source.trim() === '') {
    return fail(`sources.${key}`, 'the notice this year was entered from is required');
  }
  const holidays = asRecord(value, `years.${key}`)['holidays'];
  if (!Array.isArray(holidays) || holidays.length === 0) {
    return fail(`years.${key}.holidays`, 'expected a non-empty array');
  }
  const offDays = new Set<TLocalDate>();
  const workdays = new Set<TLocalDate>();
  const names = new Map<TLocalDate, string>();
  holidays.forEach((raw: unknown, i) => {
    for (const { date, rule } of parseHoliday(raw, `years.${key}.holidays[${i}]`, year)) {
      if (days.has(date)) {
        fail(`years.${key}.holidays[${i}]`, `${date} is listed twice`);
      }
      days.set(date, rule);
      (rule.kind === 'off' ? offDays : workdays).add(date);
      names.set(date, rule.name);
    }
  });
  return { source, offDays, workdays, names };
}

/**
 * Parses holiday notices in the shape of data/cn-holidays-2025-2026.json:
 * `{ sources: { [year]: citation }, years: { [year]: { holidays: [{ name, off: [first, last],
 * workdays: [...] }] } } }`. Throws HolidayCalendarError on anything malformed.
 */
export function loadHolidayCalendar(json: unknown): THolidayCalendar {
  const root = asRecord(json, 'root');
  const rawYears = asRecord(root['years'], 'years');
  const sources = asRecord(root['sources'], 'sources');
  const years = new Map<number, THolidayYear>();
  const days = new Map<TLocalDate, TDayRule>();
  for (const [key, value] of Object.entries(rawYears)) {
    if (!/^\d{4}$/.test(key)) {
      fail(`years.${key}`, 'expected a four-digit year');
    }
    years.set(Number(key), parseYear(key, value, sources[key], days));
  }
  if (years.size === 0) {
    fail('years', 'no year entered');
  }
  return { years, days };
}

let bundled: THolidayCalendar | undefined;

/** The notices bundled with the platform (2025, 2026). Later years are entered by administrators. */
export function defaultHolidayCalendar(): THolidayCalendar {
  bundled ??= loadHolidayCalendar(holidayData);
  return bundled;
}
