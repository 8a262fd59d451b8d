// Deadlines that reach into a year whose holiday notice has not been entered are provisional
// (core/calendar.ts counts weekends only there). Admins see those years and enter the notice.
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

export interface UncoveredYear {
  year: number;
  clocks: number;
}

// Local (Asia/Shanghai, fixed UTC+8, see core/calendar.ts) year of an instant; a due time of
// 24:00 belongs to the day it closes, hence the millisecond back.
const START_YEAR = sql`extract(year FROM (c.started_at AT TIME ZONE 'UTC') + interval '8 hours')::int`;
const DUE_YEAR = sql`extract(year FROM (c.due_at AT TIME ZONE 'UTC') + interval '8 hours' - interval '1 millisecond')::int`;

/** Years without a notice that open clocks count through, with how many clocks reach each. */
export async function findUncoveredYears(db: Queryable): Promise<UncoveredYear[]> {
  return db.query<UncoveredYear>(sql`
    SELECT y.year::int AS year, count(*)::int AS clocks
    FROM matter_clock c
    CROSS JOIN LATERAL generate_series(${START_YEAR}, ${DUE_YEAR}) AS y(year)
    WHERE c.stopped_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM calendar_year cy WHERE cy.year = y.year)
    GROUP BY y.year
    ORDER BY y.year`);
}

export async function countProvisionalClocks(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM matter_clock WHERE provisional AND stopped_at IS NULL`,
  );
  return rows[0]?.n ?? 0;
}
