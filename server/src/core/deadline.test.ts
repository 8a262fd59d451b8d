import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, defaultHolidayCalendar, isWorkingDay, localDateOf } from './calendar.ts';
import {
  computeDeadline,
  DeadlineError,
  overdueWorkingDays,
  supervisionCard,
  warningState,
} from './deadline.ts';
import {
  assertNotLongerThanStatutory,
  checkAgainstStatute,
  computeStatutoryDeadline,
  STATUTORY_CLOCKS,
  statutoryClock,
} from './statutory-clocks.ts';
import type { TDeadlineInput } from './deadline.ts';

const calendar = defaultHolidayCalendar();

/** An Asia/Shanghai wall-clock time as a UTC instant. */
const sh = (local: string): Date => new Date(`${local}+08:00`);
/** 24:00 of a local date, as an ISO instant. */
const midnightAfter = (date: string): string => sh(`${addDays(date, 1)}T00:00`).toISOString();

function deadline(start: string, rest: Omit<TDeadlineInput, 'start' | 'calendar'>) {
  return computeDeadline({ start: sh(start), calendar, ...rest });
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    if (error instanceof DeadlineError) {
      return error.code;
    }
    throw error;
  }
  return null;
}

const days = (limit: number, extensionDays?: number) =>
  ({
    limit,
    unit: 'calendar_day',
    ...(extensionDays === undefined ? {} : { extensionDays }),
  }) as const;
const workdays = (limit: number) => ({ limit, unit: 'working_day' }) as const;
const hours = (limit: number) => ({ limit, unit: 'working_hour' }) as const;

describe('calendar-day clocks', () => {
  it('民法典第201条: the start day is not counted, counting begins the next day', () => {
    const result = deadline('2025-03-03T10:00', days(15));
    expect(result.lastDay).toBe('2025-03-18');
    expect(deadline('2025-03-03T23:59', days(15)).lastDay).toBe('2025-03-18');
    expect(deadline('2025-03-03T00:01', days(1)).lastDay).toBe('2025-03-04');
  });

  it('民法典第201条: the start day is the Asia/Shanghai date, not the UTC date', () => {
    const result = computeDeadline({
      start: new Date('2025-03-03T16:30:00Z'),
      calendar,
      ...days(15),
    });
    expect(result.lastDay).toBe('2025-03-19');
  });

  it('民法典第203条: without business hours the last day ends at 24:00 Asia/Shanghai', () => {
    const result = deadline('2025-03-03T10:00', days(15));
    expect(result.dueAt.toISOString()).toBe('2025-03-18T16:00:00.000Z');
    expect(result.dueAt.toISOString()).toBe(midnightAfter('2025-03-18'));
  });

  it('民法典第203条: where there are business hours the last day ends at their close', () => {
    const officeHours = { start: '08:30', end: '17:30' };
    const result = deadline('2025-03-03T10:00', { ...days(15), officeHours });
    expect(result.dueAt.toISOString()).toBe('2025-03-18T09:30:00.000Z');
    expect(result.lastDay).toBe('2025-03-18');
  });

  it.each([
    ['国庆 2025', '2025-09-16T09:00', 15, '2025-10-09'],
    ['春节 2025', '2025-01-13T09:00', 15, '2025-02-05'],
    ['春节 2026', '2026-02-01T09:00', 15, '2026-02-24'],
    ['国庆 2026', '2026-09-16T09:00', 15, '2026-10-08'],
    ['清明 2025', '2025-03-05T09:00', 30, '2025-04-07'],
  ])(
    '民法典第203条: a last day in %s moves to the day after the holiday',
    (_holiday, start, limit, lastDay) => {
      expect(deadline(start, days(limit)).lastDay).toBe(lastDay);
    },
  );

  it('民法典第203条 (our reading: 休息日 are 法定休假日): a Saturday last day moves to Monday', () => {
    expect(deadline('2025-03-07T09:00', days(15)).lastDay).toBe('2025-03-24');
  });

  it('民法典第203条 + 国办 notice: a last day on a 调休 working Saturday stays put', () => {
    // 2025-02-08 is a Saturday made working for 春节; without 调休 it would move to 02-10.
    expect(deadline('2025-01-24T09:00', days(15)).lastDay).toBe('2025-02-08');
  });

  it('信访工作条例第22条: 转送/交办 within 15 days of 登记', () => {
    const result = computeStatutoryDeadline('petition.transfer', {
      start: sh('2025-03-03T10:00'),
      calendar,
    });
    expect(result.lastDay).toBe('2025-03-18');
  });

  it('信访工作条例第34条: 60 days from acceptance, then 民法典第203条 past 劳动节', () => {
    const result = computeStatutoryDeadline('petition.resolve', {
      start: sh('2025-03-03T10:00'),
      calendar,
    });
    // day 60 is 2025-05-02, inside 劳动节 (05-01..05-05)
    expect(result.lastDay).toBe('2025-05-06');
  });

  it('信访工作条例第34条: 60 days from acceptance, one extension ≤ 30', () => {
    const start = sh('2025-03-03T10:00');
    const extended = computeStatutoryDeadline('petition.resolve', {
      start,
      calendar,
      extensionDays: 30,
    });
    // day 90 is 2025-06-01, inside 端午节 (05-31..06-02)
    expect(extended.lastDay).toBe('2025-06-03');
    const tooLong = () =>
      computeStatutoryDeadline('petition.resolve', { start, calendar, extensionDays: 31 });
    expect(codeOf(tooLong)).toBe('deadline.extension_exceeds_statute');
  });

  it('信访工作条例第22条: 转送/交办 has no extension to grant', () => {
    const start = sh('2025-03-03T10:00');
    const extended = () =>
      computeStatutoryDeadline('petition.transfer', { start, calendar, extensionDays: 1 });
    expect(codeOf(extended)).toBe('deadline.extension_exceeds_statute');
  });

  it('民法典第201/203条: the period never ends before start + limit and always on a working day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 660 }), fc.integer({ min: 1, max: 60 }), (o, limit) => {
        const startDate = addDays('2025-01-01', o);
        const { lastDay, provisional } = deadline(`${startDate}T12:00`, days(limit));
        const nominal = addDays(startDate, limit);
        expect(lastDay >= nominal).toBe(true);
        expect(isWorkingDay(lastDay, calendar).working).toBe(true);
        for (let day = nominal; day < lastDay; day = addDays(day, 1)) {
          expect(isWorkingDay(day, calendar).working).toBe(false);
        }
        expect(provisional).toBe(false);
      }),
    );
  });
});

describe('working-day clocks', () => {
  it('信访工作条例第23条第三款: 异议 within 5 working days, across 国庆 2025 and its 调休', () => {
    // 09-28 (Sun, 调休) 1, 09-29 2, 09-30 3, 10-01..10-08 off, 10-09 4, 10-10 5
    const result = deadline('2025-09-26T15:00', workdays(5));
    expect(result.lastDay).toBe('2025-10-10');
    expect(result.dueAt.toISOString()).toBe(midnightAfter('2025-10-10'));
  });

  it('民法典第203条: a working-day clock ends at the close of business hours where there are any', () => {
    const result = deadline('2025-09-26T15:00', {
      ...workdays(5),
      officeHours: { start: '08:30', end: '17:30' },
    });
    expect(result.dueAt.toISOString()).toBe('2025-10-10T09:30:00.000Z');
  });

  it.each([
    ['春节 2025', '2025-01-24T09:00', '2025-02-07'],
    ['春节 2026', '2026-02-12T09:00', '2026-02-26'],
  ])(
    '信访工作条例第23条第三款: 5 working days skip %s and count its 调休 days',
    (_h, start, last) => {
      expect(deadline(start, workdays(5)).lastDay).toBe(last);
    },
  );

  it('民法典第201条 (literal reading): a matter received on Saturday has Monday as day 1', () => {
    expect(deadline('2025-03-08T10:00', workdays(5)).lastDay).toBe('2025-03-14');
  });

  it('民法典第201条: exactly `limit` working days lie after the start day, the last one included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 640 }), fc.integer({ min: 1, max: 20 }), (o, limit) => {
        const startDate = addDays('2025-01-01', o);
        const { lastDay } = deadline(`${startDate}T12:00`, workdays(limit));
        let counted = 0;
        for (let day = addDays(startDate, 1); day <= lastDay; day = addDays(day, 1)) {
          counted += isWorkingDay(day, calendar).working ? 1 : 0;
        }
        expect(counted).toBe(limit);
        expect(isWorkingDay(lastDay, calendar).working).toBe(true);
      }),
    );
  });
});

describe('working-hour clocks (default office hours 08:30–12:00, 14:00–17:30)', () => {
  it.each([
    ['the same afternoon into the next morning', '2025-03-03T10:00', 8, '2025-03-04T03:00:00.000Z'],
    ['a weekend', '2025-03-07T16:00', 4, '2025-03-10T03:00:00.000Z'],
    ['国庆 2025', '2025-09-30T17:00', 2, '2025-10-09T02:00:00.000Z'],
    ['a start before opening', '2025-03-03T07:00', 1, '2025-03-03T01:30:00.000Z'],
    ['a start on Saturday', '2025-03-08T10:00', 1, '2025-03-10T01:30:00.000Z'],
  ])('民法典第201条第一款: hours run from the start instant, across %s', (_l, start, h, due) => {
    expect(deadline(start, hours(h)).dueAt.toISOString()).toBe(due);
  });

  it('民法典第203条: a period that fills the morning ends at 12:00, not after lunch', () => {
    const result = deadline('2025-03-03T08:30', hours(3.5));
    expect(result.dueAt.toISOString()).toBe('2025-03-03T04:00:00.000Z');
    expect(result.lastDay).toBe('2025-03-03');
  });

  it('民法典第203条: the unit’s own business hours replace the default', () => {
    const officeHours = { start: '08:00', end: '18:00' };
    const result = deadline('2025-03-03T17:00', { ...hours(3), officeHours });
    expect(result.dueAt.toISOString()).toBe('2025-03-04T02:00:00.000Z');
  });

  it('信访工作条例第34条 (extension counted like the limit): one day adds one office day', () => {
    const result = deadline('2025-03-03T08:30', { ...hours(7), extensionDays: 1 });
    expect(result.dueAt.toISOString()).toBe(sh('2025-03-04T17:30').toISOString());
  });
});

describe('pauses (中止)', () => {
  const hearing = { from: sh('2025-03-10T09:00'), to: sh('2025-03-12T17:00') };

  it('信访工作条例第36条: 听证 days are not counted in the 30-day 复核 period', () => {
    const plain = computeStatutoryDeadline('petition.recheck_decide', {
      start: sh('2025-03-03T10:00'),
      calendar,
    });
    expect(plain.lastDay).toBe('2025-04-02');
    const paused = computeStatutoryDeadline('petition.recheck_decide', {
      start: sh('2025-03-03T10:00'),
      calendar,
      pauses: [hearing],
    });
    // +3 days (03-10, 03-11, 03-12) = 04-05, inside 清明节 → 04-07
    expect(paused.lastDay).toBe('2025-04-07');
    expect(paused.frozen).toBe(false);
  });

  it('信访工作条例第36条: a pause ending at local midnight does not touch the next day', () => {
    const pauses = [{ from: sh('2025-03-10T09:00'), to: sh('2025-03-11T00:00') }];
    expect(deadline('2025-03-03T10:00', { ...days(30), pauses }).lastDay).toBe('2025-04-03');
  });

  it('信访工作条例第36条: overlapping pauses are counted once', () => {
    const pauses = [
      { from: sh('2025-03-10T09:00'), to: sh('2025-03-11T12:00') },
      { from: sh('2025-03-11T10:00'), to: sh('2025-03-12T17:00') },
    ];
    expect(deadline('2025-03-03T10:00', { ...days(30), pauses }).lastDay).toBe('2025-04-07');
  });

  it('信访工作条例第36条: pauses outside the running period change nothing', () => {
    const pauses = [
      { from: sh('2025-03-01T09:00'), to: sh('2025-03-03T09:00') },
      { from: sh('2025-05-01T09:00'), to: sh('2025-05-09T09:00') },
    ];
    expect(deadline('2025-03-03T10:00', { ...days(30), pauses }).lastDay).toBe('2025-04-02');
  });

  it('信访工作条例第36条: an open pause freezes the clock; dueAt is computed as if resumed now', () => {
    const pauses = [{ from: sh('2025-03-10T09:00'), to: null }];
    const now = sh('2025-03-16T10:00');
    const result = deadline('2025-03-03T10:00', { ...days(30), pauses, now });
    // 03-10..03-16 = 7 days not counted: 04-02 + 7 = 04-09
    expect(result.lastDay).toBe('2025-04-09');
    expect(result.frozen).toBe(true);
    const missingNow = () => deadline('2025-03-03T10:00', { ...days(30), pauses });
    expect(codeOf(missingNow)).toBe('deadline.invalid_input');
  });

  it('信访工作条例第36条: a working-day clock skips paused working days', () => {
    const pauses = [{ from: sh('2025-03-05T10:00'), to: sh('2025-03-06T10:00') }];
    expect(deadline('2025-03-03T10:00', workdays(5)).lastDay).toBe('2025-03-10');
    expect(deadline('2025-03-03T10:00', { ...workdays(5), pauses }).lastDay).toBe('2025-03-12');
  });

  it('信访工作条例第36条: a working-hour clock skips exactly the paused office time', () => {
    const pauses = [{ from: sh('2025-03-03T10:00'), to: sh('2025-03-03T11:00') }];
    const result = deadline('2025-03-03T08:30', { ...hours(7), pauses });
    expect(result.dueAt.toISOString()).toBe(sh('2025-03-04T09:30').toISOString());
    const lunch = [{ from: sh('2025-03-03T12:00'), to: sh('2025-03-03T14:00') }];
    const untouched = deadline('2025-03-03T08:30', { ...hours(7), pauses: lunch });
    expect(untouched.dueAt.toISOString()).toBe(sh('2025-03-03T17:30').toISOString());
  });

  it('信访工作条例第36条: a pause that ends before it starts is rejected', () => {
    const pauses = [{ from: sh('2025-03-12T09:00'), to: sh('2025-03-10T09:00') }];
    expect(codeOf(() => deadline('2025-03-03T10:00', { ...days(30), pauses }))).toBe(
      'deadline.invalid_input',
    );
  });
});

describe('provisional deadlines (DOMAIN.md §2: 2027 notice not yet published)', () => {
  it('DOMAIN.md §2: a calendar-day clock ending in 2027 is provisional and names the year', () => {
    const result = deadline('2026-12-10T10:00', days(30));
    // 2027-01-09 is a Saturday; weekends-only fallback moves it to Monday
    expect(result.lastDay).toBe('2027-01-11');
    expect(result.provisional).toBe(true);
    expect(result.uncoveredYears).toEqual([2027]);
  });

  it('DOMAIN.md §2: a working-day clock counting through 2027 is provisional', () => {
    const result = deadline('2026-12-29T10:00', workdays(5));
    expect(result.lastDay).toBe('2027-01-05');
    expect(result.provisional).toBe(true);
  });

  it('DOMAIN.md §2: a clock ending inside covered years is not provisional', () => {
    expect(deadline('2026-11-01T10:00', days(15)).provisional).toBe(false);
    expect(deadline('2026-12-16T10:00', days(15))).toMatchObject({
      lastDay: '2026-12-31',
      provisional: false,
    });
    // the uncovered start year is never consulted: its day is not counted (第201条)
    expect(deadline('2024-12-20T10:00', days(15))).toMatchObject({
      lastDay: '2025-01-06',
      provisional: false,
    });
  });
});

describe('input validation', () => {
  it.each([
    ['a zero limit', days(0)],
    ['a fractional day limit', days(1.5)],
    ['a negative extension', days(15, -1)],
    ['a fractional extension', days(15, 0.5)],
  ])('民法典第200条 (periods are whole days or hours): rejects %s', (_label, rest) => {
    expect(codeOf(() => deadline('2025-03-03T10:00', rest))).toBe('deadline.invalid_input');
  });

  it('民法典第201条: a start instant is required', () => {
    const bad = () => computeDeadline({ start: new Date('nope'), calendar, ...days(15) });
    expect(codeOf(bad)).toBe('deadline.invalid_input');
  });
});

describe('warning states', () => {
  const due = sh('2025-03-15T00:00'); // 2025-03-14 (Fri) 24:00

  it.each([
    ['2025-03-14T10:00', 'normal'],
    ['2025-03-14T22:00', 'yellow'],
    ['2025-03-15T00:00', 'yellow'],
  ] as const)('民法典第203条 (in time until 24:00): 2 hours before, at %s → %s', (now, state) => {
    const options = { yellowBefore: { value: 2, unit: 'hour' } } as const;
    expect(warningState(due, sh(now), options)).toBe(state);
  });

  it('民法典第203条: one millisecond after the period ends the matter is red', () => {
    const options = { yellowBefore: { value: 2, unit: 'hour' } } as const;
    expect(warningState(due, new Date(due.getTime() + 1), options)).toBe('red');
  });

  it('DOMAIN.md §2 (督办 warnings): a calendar-day threshold is measured back from dueAt', () => {
    const options = { yellowBefore: { value: 1, unit: 'calendar_day' } } as const;
    expect(warningState(due, sh('2025-03-13T23:59'), options)).toBe('normal');
    expect(warningState(due, sh('2025-03-14T00:00'), options)).toBe('yellow');
  });

  it('DOMAIN.md §2 (督办 warnings): a working-day threshold counts whole working days left', () => {
    const options = { yellowBefore: { value: 1, unit: 'working_day' }, calendar } as const;
    expect(warningState(due, sh('2025-03-13T10:00'), options)).toBe('normal');
    expect(warningState(due, sh('2025-03-14T10:00'), options)).toBe('yellow');
    const missing = () =>
      warningState(due, sh('2025-03-14T10:00'), { ...options, calendar: undefined });
    expect(codeOf(missing)).toBe('deadline.invalid_input');
  });

  it('国办 notice: a working-day warning skips 国庆, unlike a calendar-day one', () => {
    const afterHoliday = sh('2025-10-10T00:00');
    const now = sh('2025-09-30T10:00');
    const byWork = { yellowBefore: { value: 2, unit: 'working_day' }, calendar } as const;
    const byDay = { yellowBefore: { value: 2, unit: 'calendar_day' } } as const;
    expect(warningState(afterHoliday, now, byWork)).toBe('yellow');
    expect(warningState(afterHoliday, now, byDay)).toBe('normal');
  });
});

describe('督办 cards (Tianque practice: 黄牌 受理 2 / 办理 5, 红牌 受理 5 / 办理 10 working days)', () => {
  const due = sh('2025-03-15T00:00'); // 2025-03-14 (Fri) 24:00

  it.each([
    ['2025-03-14T20:00', 0],
    ['2025-03-15T10:00', 0],
    ['2025-03-17T10:00', 1],
    ['2025-03-18T10:00', 2],
    ['2025-03-21T10:00', 5],
    ['2025-03-28T10:00', 10],
  ] as const)('DOMAIN.md §2 督办: at %s the matter is %i working days overdue', (now, n) => {
    expect(overdueWorkingDays(due, sh(now), calendar)).toBe(n);
  });

  it('DOMAIN.md §2 督办: overdue days skip 国庆 2025', () => {
    const end = sh('2025-10-01T00:00');
    expect(overdueWorkingDays(end, sh('2025-10-08T10:00'), calendar)).toBe(0);
    expect(overdueWorkingDays(end, sh('2025-10-09T10:00'), calendar)).toBe(1);
  });

  it('DOMAIN.md §2 督办: overdue after 17:30 close counts from the next working day', () => {
    const close = sh('2025-03-14T17:30');
    expect(overdueWorkingDays(close, sh('2025-03-14T18:00'), calendar)).toBe(0);
    expect(overdueWorkingDays(close, sh('2025-03-17T09:00'), calendar)).toBe(1);
  });

  it.each([
    ['acceptance', '2025-03-17T10:00', 'none'],
    ['acceptance', '2025-03-18T10:00', 'yellow'],
    ['acceptance', '2025-03-21T10:00', 'red'],
    ['handling', '2025-03-18T10:00', 'none'],
    ['handling', '2025-03-21T10:00', 'yellow'],
    ['handling', '2025-03-28T10:00', 'red'],
  ] as const)('DOMAIN.md §2 督办: %s stage at %s shows card %s', (stage, now, card) => {
    expect(supervisionCard({ dueAt: due, now: sh(now), calendar, stage }).card).toBe(card);
  });

  it('DOMAIN.md §2 督办: thresholds are configurable per deployment', () => {
    const thresholds = { yellow: 1, red: 3 };
    const now = sh('2025-03-17T10:00');
    expect(supervisionCard({ dueAt: due, now, calendar, stage: 'handling', thresholds })).toEqual({
      card: 'yellow',
      overdueWorkingDays: 1,
    });
  });
});

describe('STATUTORY_CLOCKS', () => {
  it.each([
    ['petition.transfer', 15, 'calendar_day', 0, '第22条'],
    ['petition.acceptance_notice', 15, 'calendar_day', 0, '第23条第二款'],
    ['petition.receipt_notice', 15, 'calendar_day', 0, '第23条第三款'],
    ['petition.objection', 5, 'working_day', 0, '第23条第三款'],
    ['petition.resolve', 60, 'calendar_day', 30, '第34条'],
    ['petition.review_apply', 30, 'calendar_day', 0, '第35条'],
    ['petition.review_decide', 30, 'calendar_day', 0, '第35条'],
    ['petition.recheck_apply', 30, 'calendar_day', 0, '第36条'],
    ['petition.recheck_decide', 30, 'calendar_day', 0, '第36条'],
    ['mediation.people', 30, 'calendar_day', null, '司法部令第75号 第36条'],
    ['mediation.confirm_apply', 30, 'calendar_day', 0, '人民调解法 第33条'],
    ['mediation.confirm_accept', 3, 'calendar_day', 0, '法释〔2011〕5号 第4条'],
    ['mediation.confirm_decide', 15, 'calendar_day', 10, '法释〔2011〕5号 第5条'],
  ] as const)('DOMAIN.md §2: %s is %i (%s, +%s) per %s', (key, limit, unit, maxExt, source) => {
    const entry = statutoryClock(key);
    expect(entry).toMatchObject({ limit, unit, maxExtension: maxExt });
    expect(entry.source).toContain(source);
  });

  it('DOMAIN.md §2: every clock has a unique key, a label and a cited source', () => {
    const keys = STATUTORY_CLOCKS.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of STATUTORY_CLOCKS) {
      expect(entry.label.length).toBeGreaterThan(0);
      expect(entry.source).toMatch(/第\d+条/);
    }
  });

  it('信访工作条例第34条: a policy may be stricter than the statute but never longer', () => {
    expect(checkAgainstStatute('petition.resolve', 45)).toBeNull();
    expect(checkAgainstStatute('petition.resolve', 60, 30)).toBeNull();
    expect(checkAgainstStatute('petition.resolve', 61)).toBe('deadline.limit_exceeds_statute');
    expect(checkAgainstStatute('petition.resolve', 60, 31)).toBe(
      'deadline.extension_exceeds_statute',
    );
    expect(() => {
      assertNotLongerThanStatutory('petition.resolve', 60, 30);
    }).not.toThrow();
    expect(
      codeOf(() => {
        assertNotLongerThanStatutory('petition.resolve', 90);
      }),
    ).toBe('deadline.limit_exceeds_statute');
  });

  it('信访工作条例第23条: the 5-working-day 异议 clock cannot be configured longer', () => {
    expect(
      codeOf(() => {
        assertNotLongerThanStatutory('petition.objection', 6);
      }),
    ).toBe('deadline.limit_exceeds_statute');
    const result = computeStatutoryDeadline('petition.objection', {
      start: sh('2025-09-26T15:00'),
      calendar,
    });
    expect(result.lastDay).toBe('2025-10-10');
  });

  it('司法部令第75号第36条: 人民调解 extends by both parties’ consent without a cap', () => {
    expect(checkAgainstStatute('mediation.people', 30, 90)).toBeNull();
    expect(checkAgainstStatute('mediation.people', 31)).toBe('deadline.limit_exceeds_statute');
  });

  it('法释〔2011〕5号第5条: 司法确认 decision in 15 days, +10 with the president’s approval', () => {
    expect(checkAgainstStatute('mediation.confirm_decide', 15, 10)).toBeNull();
    expect(checkAgainstStatute('mediation.confirm_decide', 15, 11)).toBe(
      'deadline.extension_exceeds_statute',
    );
  });

  it('信访工作条例第34条: a stricter configured limit is used instead of the statute', () => {
    const start = sh('2025-03-03T10:00');
    const result = computeStatutoryDeadline('petition.resolve', { start, calendar, limit: 30 });
    expect(result.lastDay).toBe(localDateOf(sh('2025-04-02T10:00')));
  });
});
