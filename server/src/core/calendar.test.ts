import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import data from './data/cn-holidays-2025-2026.json' with { type: 'json' };
import {
  addDays,
  dayOfWeek,
  defaultHolidayCalendar,
  endOfLocalDay,
  HolidayCalendarError,
  holidayNameOf,
  instantAt,
  isLocalDate,
  isStatutoryHoliday,
  isWorkingDay,
  loadHolidayCalendar,
  localDateOf,
  parseOfficeHours,
} from './calendar.ts';

const cal = defaultHolidayCalendar();

// Written out from the notice texts, independently of the JSON, so a bad copy of the data fails.
const N2025 = '国办发明电〔2024〕12号';
const N2026 = '国务院办公厅关于2026年部分节假日安排的通知';

function range(first: string, days: number, name: string): [string, string][] {
  return Array.from({ length: days }, (_, i): [string, string] => [addDays(first, i), name]);
}

const OFF_2025: [string, string][] = [
  ...range('2025-01-01', 1, '元旦'),
  ...range('2025-01-28', 8, '春节'),
  ...range('2025-04-04', 3, '清明节'),
  ...range('2025-05-01', 5, '劳动节'),
  ...range('2025-05-31', 3, '端午节'),
  ...range('2025-10-01', 8, '国庆节、中秋节'),
];
const WORK_2025: [string, string][] = [
  ['2025-01-26', '春节'],
  ['2025-02-08', '春节'],
  ['2025-04-27', '劳动节'],
  ['2025-09-28', '国庆节、中秋节'],
  ['2025-10-11', '国庆节、中秋节'],
];
const OFF_2026: [string, string][] = [
  ...range('2026-01-01', 3, '元旦'),
  ...range('2026-02-15', 9, '春节'),
  ...range('2026-04-04', 3, '清明节'),
  ...range('2026-05-01', 5, '劳动节'),
  ...range('2026-06-19', 3, '端午节'),
  ...range('2026-09-25', 3, '中秋节'),
  ...range('2026-10-01', 7, '国庆节'),
];
const WORK_2026: [string, string][] = [
  ['2026-01-04', '元旦'],
  ['2026-02-14', '春节'],
  ['2026-02-28', '春节'],
  ['2026-05-09', '劳动节'],
  ['2026-09-20', '国庆节'],
  ['2026-10-10', '国庆节'],
];

describe('holiday notices 2025–2026', () => {
  it.each(OFF_2025)(`${N2025}: %s (%s) is a day off`, (date, name) => {
    expect(isWorkingDay(date, cal)).toEqual({ working: false, covered: true });
    expect(isStatutoryHoliday(date, cal)).toBe(true);
    expect(holidayNameOf(date, cal)).toBe(name);
  });

  it.each(WORK_2025)(`${N2025}: %s (%s 调休) is a working day`, (date, name) => {
    expect([0, 6]).toContain(dayOfWeek(date));
    expect(isWorkingDay(date, cal)).toEqual({ working: true, covered: true });
    expect(isStatutoryHoliday(date, cal)).toBe(false);
    expect(holidayNameOf(date, cal)).toBe(name);
  });

  it.each(OFF_2026)(`${N2026}: %s (%s) is a day off`, (date, name) => {
    expect(isWorkingDay(date, cal)).toEqual({ working: false, covered: true });
    expect(isStatutoryHoliday(date, cal)).toBe(true);
    expect(holidayNameOf(date, cal)).toBe(name);
  });

  it.each(WORK_2026)(`${N2026}: %s (%s 调休) is a working day`, (date, name) => {
    expect([0, 6]).toContain(dayOfWeek(date));
    expect(isWorkingDay(date, cal)).toEqual({ working: true, covered: true });
    expect(isStatutoryHoliday(date, cal)).toBe(false);
    expect(holidayNameOf(date, cal)).toBe(name);
  });

  it('State Council notices: the bundled data lists exactly these days and nothing else', () => {
    const listed = [...cal.days.entries()].map(([date, rule]) => `${date} ${rule.kind}`).sort();
    const expected = [
      ...[...OFF_2025, ...OFF_2026].map(([date]) => `${date} off`),
      ...[...WORK_2025, ...WORK_2026].map(([date]) => `${date} workday`),
    ].sort();
    expect(listed).toEqual(expected);
    expect(cal.years.get(2025)?.offDays.size).toBe(28);
    expect(cal.years.get(2026)?.offDays.size).toBe(33);
    expect(cal.years.get(2025)?.source).toContain(N2025);
  });
});

describe('the ordinary week', () => {
  const weekdays = ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'];
  const weekends = ['2025-03-08', '2025-03-09', '2026-03-07', '2026-03-08'];

  it.each(weekdays)('国务院关于职工工作时间的规定 第7条: weekday %s is a working day', (date) => {
    expect(isWorkingDay(date, cal)).toEqual({ working: true, covered: true });
  });

  it.each(weekends)('国务院关于职工工作时间的规定 第7条: weekend %s is a rest day', (date) => {
    expect(isWorkingDay(date, cal)).toEqual({ working: false, covered: true });
    expect(isStatutoryHoliday(date, cal)).toBe(false);
  });

  it('国务院关于职工工作时间的规定 第7条: every covered day outside the notices follows Mon–Fri', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 729 }), (offset) => {
        const date = addDays('2025-01-01', offset);
        fc.pre(!cal.days.has(date));
        const weekday = dayOfWeek(date);
        expect(isWorkingDay(date, cal).working).toBe(weekday >= 1 && weekday <= 5);
      }),
    );
  });

  it('DOMAIN.md §2: a year without a notice (2027) falls back to weekends and is not covered', () => {
    expect(isWorkingDay('2027-01-01', cal)).toEqual({ working: true, covered: false });
    expect(isWorkingDay('2027-01-02', cal)).toEqual({ working: false, covered: false });
    expect(isWorkingDay('2024-12-31', cal)).toEqual({ working: true, covered: false });
  });
});

describe('Asia/Shanghai date math', () => {
  it('UTC+8 (no DST since 1992): 16:00Z is already the next local day', () => {
    expect(localDateOf(new Date('2025-03-03T15:59:59.999Z'))).toBe('2025-03-03');
    expect(localDateOf(new Date('2025-03-03T16:00:00Z'))).toBe('2025-03-04');
    expect(localDateOf(new Date('2025-07-01T16:00:00Z'))).toBe('2025-07-02');
  });

  it('UTC+8: local wall time maps to the UTC instant 8 hours earlier', () => {
    expect(instantAt('2025-03-04', 8 * 60 + 30).toISOString()).toBe('2025-03-04T00:30:00.000Z');
    expect(instantAt('2025-01-01').toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });

  it('民法典 第203条: the last day ends at 24:00, the next local midnight', () => {
    expect(endOfLocalDay('2025-12-31').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(localDateOf(new Date(endOfLocalDay('2025-12-31').getTime() - 1))).toBe('2025-12-31');
  });

  it('Gregorian calendar: day arithmetic crosses months, years and leap days', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(dayOfWeek('2025-01-01')).toBe(3);
  });

  it('ISO 8601: only real YYYY-MM-DD dates are local dates', () => {
    expect(isLocalDate('2025-02-28')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-2-28')).toBe(false);
    expect(isLocalDate('0050-01-01')).toBe(false);
    expect(isLocalDate(20250228)).toBe(false);
    expect(() => addDays('2025-13-01', 1)).toThrow(RangeError);
  });

  it('UTC+8: localDateOf and instantAt round-trip for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), (ms) => {
        const instant = new Date(ms);
        const day = localDateOf(instant);
        expect(instantAt(day).getTime()).toBeLessThanOrEqual(ms);
        expect(endOfLocalDay(day).getTime()).toBeGreaterThan(ms);
      }),
    );
  });
});

describe('office hours', () => {
  it('第203条 (close of business hours): windows parse to minutes in order', () => {
    expect(parseOfficeHours({ start: '08:30', end: '17:30' })).toEqual([{ from: 510, to: 1050 }]);
    expect(parseOfficeHours([{ start: '00:00', end: '24:00' }])).toEqual([{ from: 0, to: 1440 }]);
  });

  it('第203条 (close of business hours): malformed or overlapping windows are rejected', () => {
    expect(() => parseOfficeHours({ start: '8:30', end: '17:30' })).toThrow(RangeError);
    expect(() => parseOfficeHours({ start: '17:30', end: '08:30' })).toThrow(RangeError);
    expect(() => parseOfficeHours([])).toThrow(RangeError);
    const overlapping = [
      { start: '08:30', end: '12:00' },
      { start: '11:00', end: '17:30' },
    ];
    expect(() => parseOfficeHours(overlapping)).toThrow(RangeError);
  });
});

describe('loadHolidayCalendar', () => {
  const holiday = (off: unknown, workdays: unknown = [], name: unknown = '春节') => ({
    sources: { '2025': N2025 },
    years: { '2025': { holidays: [{ name, off, workdays }] } },
  });

  it('DOMAIN.md §2: the bundled file loads and keeps its sources', () => {
    const loaded = loadHolidayCalendar(data);
    expect([...loaded.years.keys()]).toEqual([2025, 2026]);
    expect(loaded.years.get(2026)?.source).toBe(data.sources['2026']);
  });

  it.each([
    ['not an object', 42],
    ['no years', { sources: {} }],
    ['no sources', { years: holiday(['2025-01-01', '2025-01-01']).years }],
    ['a bad year key', { sources: { '25': 'x' }, years: { '25': { holidays: [] } } }],
    ['empty holidays', { sources: { '2025': 'x' }, years: { '2025': { holidays: [] } } }],
    ['an impossible date', holiday(['2025-02-29', '2025-03-01'])],
    ['a reversed range', holiday(['2025-02-04', '2025-01-28'])],
    ['a range over 15 days', holiday(['2025-01-01', '2025-01-31'])],
    ['a date far from the notice year', holiday(['2030-01-01', '2030-01-01'])],
    ['a 调休 workday on a weekday', holiday(['2025-01-28', '2025-02-04'], ['2025-02-07'])],
    ['a 调休 workday inside the off range', holiday(['2025-01-25', '2025-02-04'], ['2025-01-26'])],
    ['a missing name', holiday(['2025-01-01', '2025-01-01'], [], '')],
    ['workdays not an array', holiday(['2025-01-01', '2025-01-01'], '2025-01-26')],
  ])('国务院办公厅 notice format: rejects %s', (_label, json) => {
    expect(() => loadHolidayCalendar(json)).toThrow(HolidayCalendarError);
  });

  it('国务院办公厅 notice format: a day listed by two holidays is a data error', () => {
    const json = {
      sources: { '2025': N2025 },
      years: {
        '2025': {
          holidays: [
            { name: 'A', off: ['2025-01-01', '2025-01-02'], workdays: [] },
            { name: 'B', off: ['2025-01-02', '2025-01-03'], workdays: [] },
          ],
        },
      },
    };
    expect(() => loadHolidayCalendar(json)).toThrow(/listed twice/);
  });
});
