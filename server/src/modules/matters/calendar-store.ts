import type { THolidayCalendar } from '../../core/calendar.ts';
import { addDays, loadHolidayCalendar } from '../../core/calendar.ts';
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

interface DayRow {
  day: string;
  kind: 'off' | 'work';
  name: string;
  year: number;
}

interface Holiday {
  name: string;
  off: [string, string];
  workdays: string[];
}

const WORKDAY_SUFFIX = '调休上班';

/** Consecutive days off of one name become one notice range; its 调休 workdays ride along. */
function holidaysOf(rows: DayRow[]): Holiday[] {
  const out: Holiday[] = [];
  for (const r of rows.filter((d) => d.kind === 'off')) {
    const last = out.at(-1);
    if (last !== undefined && last.name === r.name && addDays(last.off[1], 1) === r.day) {
      last.off[1] = r.day;
    } else {
      out.push({ name: r.name, off: [r.day, r.day], workdays: [] });
    }
  }
  for (const r of rows.filter((d) => d.kind === 'work')) {
    const name = r.name.endsWith(WORKDAY_SUFFIX) ? r.name.slice(0, -WORKDAY_SUFFIX.length) : r.name;
    const target = out.find((h) => h.name === name) ?? out[0];
    target?.workdays.push(r.day);
  }
  return out;
}

/**
 * The holiday calendar as administrators keep it in the database (seeded from the State Council
 * notices), in the shape core/calendar.ts understands. Years without a row are uncovered, so
 * deadlines reaching into them come out provisional.
 */
export async function loadCalendar(db: Queryable): Promise<THolidayCalendar> {
  const years = await db.query<{ year: number; source: string }>(
    sql`SELECT year, source FROM calendar_year ORDER BY year`,
  );
  const days = await db.query<DayRow>(
    sql`SELECT day::text AS day, kind, name, year FROM calendar_day ORDER BY day`,
  );
  const json = {
    sources: Object.fromEntries(years.map((y) => [String(y.year), y.source])),
    years: Object.fromEntries(
      years.map((y) => [
        String(y.year),
        { holidays: holidaysOf(days.filter((d) => d.year === y.year)) },
      ]),
    ),
  };
  return loadHolidayCalendar(json);
}
