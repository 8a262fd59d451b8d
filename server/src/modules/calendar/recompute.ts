// After a calendar edit, every open deadline that counted through an edited day, and every
// provisional one, is computed again on the new calendar (民法典 第201–203条 day counting).
import type { THolidayCalendar, TLocalDate } from '../../core/calendar.ts';
import { addDays, endOfLocalDay, instantAt } from '../../core/calendar.ts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { deadlineOf, refreshMatterDue, type ClockRow } from '../matters/clocks.ts';

const BATCH_SIZE = 500;

interface RecomputeRow extends ClockRow {
  office_hours: { start: string; end: string } | null;
}

/** The first and last local date whose status the edit may have changed. */
export interface EditedSpan {
  first: TLocalDate;
  last: TLocalDate;
}

// A deadline depends only on the days from its start through its due date (and the roll past
// rest days, which ends on the due date), so a clock is affected iff that span meets the edit.
// Office hours are the owner unit's, as the matter engine uses when it starts a clock.
async function loadBatch(tx: Tx, span: EditedSpan, afterId: number): Promise<RecomputeRow[]> {
  return tx.query<RecomputeRow>(sql`
    SELECT c.*, u.office_hours
    FROM matter_clock c
    JOIN matter m ON m.id = c.matter_id
    JOIN unit u ON u.id = m.owner_unit_id
    WHERE c.stopped_at IS NULL
      AND (c.provisional
        OR (c.started_at < ${endOfLocalDay(span.last)} AND c.due_at > ${instantAt(span.first)}))
      AND c.id > ${afterId}
    ORDER BY c.id
    LIMIT ${BATCH_SIZE}`);
}

/**
 * Recomputes the affected open clocks in the caller's transaction, then the due date and warning
 * of each matter whose clock changed. Returns how many clocks were recomputed and changed.
 */
export async function recomputeClocks(
  tx: Tx,
  calendar: THolidayCalendar,
  now: Date,
  span: EditedSpan,
): Promise<{ recomputed: number; changed: number }> {
  let recomputed = 0;
  let changed = 0;
  const matters = new Set<number>();
  let afterId = 0;
  for (;;) {
    const rows = await loadBatch(tx, span, afterId);
    for (const row of rows) {
      const d = deadlineOf(row, calendar, now, row.office_hours);
      recomputed += 1;
      if (d.dueAt.getTime() === row.due_at.getTime() && d.provisional === row.provisional) {
        continue;
      }
      await tx.query(sql`
        UPDATE matter_clock SET due_at = ${d.dueAt}, provisional = ${d.provisional}
        WHERE id = ${row.id}`);
      changed += 1;
      matters.add(row.matter_id);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < BATCH_SIZE) {
      break;
    }
    afterId = last.id;
  }
  for (const matterId of matters) {
    await refreshMatterDue(tx, matterId, now, calendar);
  }
  return { recomputed, changed };
}

/**
 * The span an edit of `year` touches: the whole year (its coverage may change) plus any listed
 * day, old or new, that a notice puts in a neighbouring year (元旦 may start in late December).
 */
export function editedSpan(dates: readonly TLocalDate[], year: number): EditedSpan {
  const sorted = [`${year}-01-01`, addDays(`${year + 1}-01-01`, -1), ...dates].sort();
  return { first: sorted[0] ?? `${year}-01-01`, last: sorted.at(-1) ?? `${year}-12-31` };
}
