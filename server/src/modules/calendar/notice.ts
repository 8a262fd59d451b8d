// A year's holiday notice as an administrator enters it, checked by the same parser that reads
// the bundled notices (core/calendar.ts), with its problems reported as Chinese field errors.
import type { TCalendarNotice } from '@fengqiao/contracts/calendar/schemas.ts';
import { HolidayCalendarError, loadHolidayCalendar } from '../../core/calendar.ts';
import type { TLocalDate } from '../../core/calendar.ts';
import { AppError } from '../../core/errors.ts';

export interface NoticeDay {
  date: TLocalDate;
  kind: 'off' | 'work';
  name: string;
}

// 调休 workdays are stored under the holiday's name plus this suffix, which calendar-store.ts
// strips again to attach them to their holiday.
export const WORKDAY_SUFFIX = '调休上班';

const PROBLEMS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^not a valid YYYY-MM-DD date: (.*)$/, (m) => `不是有效日期（YYYY-MM-DD）：${m[1] ?? ''}`],
  [
    /^(\S+) is too far from the notice year (\d+)$/,
    (m) => `${m[1] ?? ''} 与通知年份 ${m[2] ?? ''} 相距超过一年`,
  ],
  [/^expected a non-empty string$/, () => '不能为空'],
  [/^expected an inclusive range/, () => '放假区间应为 [首日, 末日]'],
  [
    /^range (\S+)\.\.(\S+) is reversed or too long$/,
    (m) => `放假区间 ${m[1] ?? ''} 至 ${m[2] ?? ''} 首末颠倒或超过 15 天`,
  ],
  [/^expected an array of dates$/, () => '调休上班日应为日期列表'],
  [
    /^(\S+) is not a Saturday or Sunday$/,
    (m) => `${m[1] ?? ''} 不是周六或周日，不能列为调休上班日`,
  ],
  [/^the notice this year was entered from is required$/, () => '须注明通知名称及文号'],
  [/^expected a non-empty array$/, () => '至少列出一个节日'],
  [/^(\S+) is listed twice$/, (m) => `${m[1] ?? ''} 重复列出`],
];

function translate(problem: string): string {
  for (const [pattern, message] of PROBLEMS) {
    const match = pattern.exec(problem);
    if (match !== null) {
      return message(match);
    }
  }
  return '节假日安排格式有误';
}

/** `years.2027.holidays[0].off[1]` → `holidays.0.off.1`, the body path the client sent. */
function bodyPath(corePath: string, year: number): string {
  if (corePath.startsWith('sources.')) {
    return 'source';
  }
  return corePath.replace(`years.${year}.`, '').replace(/\[(\d+)\]/g, '.$1');
}

function asFieldError(err: HolidayCalendarError, year: number): AppError {
  const match = /^holiday calendar: (\S+): (.*)$/.exec(err.message);
  const path = match?.[1] ?? 'holidays';
  const problem = match?.[2] ?? '';
  return new AppError('request.invalid', {
    fields: [{ path: bodyPath(path, year), code: 'calendar', message: translate(problem) }],
  });
}

/** The days a notice lists, validated; throws 400 with a Chinese field error when malformed. */
export function parseNotice(year: number, notice: TCalendarNotice): NoticeDay[] {
  let days: NoticeDay[];
  try {
    const calendar = loadHolidayCalendar({
      sources: { [String(year)]: notice.source },
      years: { [String(year)]: { holidays: notice.holidays } },
    });
    days = [...calendar.days].map(([date, rule]) =>
      rule.kind === 'off'
        ? { date, kind: 'off', name: rule.name }
        : { date, kind: 'work', name: `${rule.name}${WORKDAY_SUFFIX}` },
    );
  } catch (err) {
    if (err instanceof HolidayCalendarError) {
      throw asFieldError(err, year);
    }
    throw err;
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
