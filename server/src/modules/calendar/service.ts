// The holiday calendar kept by administrators: one State Council notice per year. Entering or
// replacing a notice recomputes the deadlines that counted through the year in the same
// transaction, so no matter shows a due date computed on the old calendar after the commit.
import type {
  TCalendarNotice,
  TCalendarUpdateResult,
  TCalendarYear,
  TProvisionalReport,
} from '@fengqiao/contracts/calendar/schemas.ts';
import { addDays, yearOf } from '../../core/calendar.ts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { fieldError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { loadCalendar } from '../matters/calendar-store.ts';
import { parseNotice, WORKDAY_SUFFIX, type NoticeDay } from './notice.ts';
import { countProvisionalClocks, findUncoveredYears } from './provisional.ts';
import { editedSpan, recomputeClocks } from './recompute.ts';

interface DayRow {
  day: string;
  kind: 'off' | 'work';
  name: string;
}

async function loadDays(tx: Tx, year: number): Promise<DayRow[]> {
  return tx.query<DayRow>(
    sql`SELECT day::text AS day, kind, name FROM calendar_day WHERE year = ${year} ORDER BY day`,
  );
}

/** Consecutive days off of one name form one 放假 range; 调休 workdays join their holiday. */
function holidaysOf(days: readonly DayRow[]): TCalendarYear['holidays'] {
  const out: TCalendarYear['holidays'] = [];
  for (const d of days.filter((x) => x.kind === 'off')) {
    const last = out.at(-1);
    if (last !== undefined && last.name === d.name && addDays(last.off[1], 1) === d.day) {
      last.off[1] = d.day;
    } else {
      out.push({ name: d.name, off: [d.day, d.day], workdays: [] });
    }
  }
  for (const d of days.filter((x) => x.kind === 'work')) {
    const name = d.name.endsWith(WORKDAY_SUFFIX) ? d.name.slice(0, -WORKDAY_SUFFIX.length) : d.name;
    (out.find((h) => h.name === name) ?? out[0])?.workdays.push(d.day);
  }
  return out;
}

export async function getCalendarYear(tx: Tx, year: number): Promise<TCalendarYear> {
  const row = await tx.maybeOne<{ source: string; updated_at: Date }>(
    sql`SELECT source, updated_at FROM calendar_year WHERE year = ${year}`,
  );
  const days = row === undefined ? [] : await loadDays(tx, year);
  return {
    year,
    covered: row !== undefined,
    source: row?.source ?? null,
    updatedAt: row?.updated_at.toISOString() ?? null,
    days: days.map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
    holidays: holidaysOf(days),
  };
}

// calendar_day is keyed by date: a late-December day may belong to one notice only.
async function assertDaysFree(tx: Tx, year: number, days: readonly NoticeDay[]): Promise<void> {
  const taken = await tx.query<{ day: string; year: number }>(sql`
    SELECT day::text AS day, year FROM calendar_day
    WHERE year <> ${year} AND day = ANY(${days.map((d) => d.date)}::date[])
    ORDER BY day LIMIT 1`);
  const clash = taken[0];
  if (clash !== undefined) {
    throw fieldError('holidays', `${clash.day} 已列入 ${clash.year} 年的节假日安排`, 'taken');
  }
  if (!days.some((d) => yearOf(d.date) === year)) {
    throw fieldError('holidays', `通知中没有 ${year} 年的日期，请核对年份`, 'wrong_year');
  }
}

async function replaceDays(
  tx: Tx,
  year: number,
  source: string,
  days: readonly NoticeDay[],
  now: Date,
): Promise<void> {
  await tx.query(sql`
    INSERT INTO calendar_year (year, source, updated_at) VALUES (${year}, ${source}, ${now})
    ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, updated_at = EXCLUDED.updated_at`);
  await tx.query(sql`DELETE FROM calendar_day WHERE year = ${year}`);
  await tx.query(sql`
    INSERT INTO calendar_day (day, kind, name, year)
    SELECT d.day, d.kind, d.name, ${year}::int
    FROM unnest(${days.map((d) => d.date)}::date[], ${days.map((d) => d.kind)}::text[],
      ${days.map((d) => d.name)}::text[]) AS d(day, kind, name)`);
}

/** Enters or replaces a year's notice and recomputes every deadline it may move. */
export async function updateCalendarYear(
  ctx: RequestCtx,
  year: number,
  notice: TCalendarNotice,
): Promise<TCalendarUpdateResult> {
  const { tx } = ctx;
  const now = ctx.clock.now();
  const days = parseNotice(year, notice);
  await assertDaysFree(tx, year, days);
  const before = await getCalendarYear(tx, year);
  await replaceDays(tx, year, notice.source, days, now);
  const calendar = await loadCalendar(tx);
  const span = editedSpan([...before.days.map((d) => d.date), ...days.map((d) => d.date)], year);
  const { recomputed, changed } = await recomputeClocks(tx, calendar, now, span);
  const result = {
    year,
    offDays: days.filter((d) => d.kind === 'off').length,
    workdays: days.filter((d) => d.kind === 'work').length,
    recomputed,
    changed,
  };
  await ctx.audit({
    event: 'calendar.update',
    targetType: 'calendar_year',
    targetId: year,
    regionCode: null,
    details: {
      source: notice.source,
      previousSource: before.source,
      previousDays: before.days.length,
      ...result,
    },
  });
  return result;
}

export async function provisionalReport(tx: Tx): Promise<TProvisionalReport> {
  return {
    years: await findUncoveredYears(tx),
    provisionalClocks: await countProvisionalClocks(tx),
  };
}
