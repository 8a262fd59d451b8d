// The clock sweeper: raises each warning (yellow = due soon, red = overdue) and each automatic
// 督办 card exactly once per (clock, level). Several server processes may sweep the same
// PostgreSQL at once; the UNIQUE (clock_id, level) of clock_alert decides who raised a level,
// and only that process writes its effects, in the same transaction as the alert row.
import { hostname } from 'node:os';
import { writeAudit, type AuditContext } from '../../core/audit.ts';
import type { THolidayCalendar } from '../../core/calendar.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db, Tx } from '../../core/db/db.ts';
import { createInProcessBus, type LiveBus } from '../../core/live.ts';
import { notify, type NotifyCtx } from '../../core/notify.ts';
import { sql } from '../../core/db/sql.ts';
import { findUncoveredYears } from '../calendar/provisional.ts';
import { loadCalendar } from './calendar-store.ts';
import { refreshMatterDue, type ClockRow } from './clocks.ts';
import {
  levelsDue,
  loadCardThresholds,
  messageOf,
  type Due,
  type TThresholds,
} from './sweeper-levels.ts';

// Each batch commits on its own, so a long sweep never holds one big transaction.
const BATCH_SIZE = 500;
const SWEEPER_ACTOR = { id: null, name: 'system:sweeper' };

interface SweepRow extends ClockRow {
  assignment_id: number | null;
  code: string;
  title: string;
  owner_unit_id: number;
  region_code: string;
  matter_cycle: number;
  raised: string[];
}

interface SweepCtx {
  now: Date;
  who: string;
  calendar: THolidayCalendar;
  thresholds: TThresholds;
  live: LiveBus;
}

// Yellow starts at most yellow_before working days ahead; twice that plus the longest 长假 (9
// days) and its weekends bounds it in calendar days, so clocks further out are not read at all.
async function loadBatch(
  tx: Tx,
  now: Date,
  after: { matterId: number; id: number },
): Promise<SweepRow[]> {
  return tx.query<SweepRow>(sql`
    SELECT c.id, c.matter_id, c.assignment_id, c.clock, c.unit, c.limit_value, c.extension_value,
      c.max_extension, c.yellow_before, c.started_at, c.due_at, c.provisional, c.pauses, c.stopped_at,
      m.code, m.title, m.owner_unit_id, m.region_code, m.cycle AS matter_cycle,
      ARRAY(SELECT a.level FROM clock_alert a WHERE a.clock_id = c.id) AS raised
    FROM matter_clock c JOIN matter m ON m.id = c.matter_id
    WHERE c.stopped_at IS NULL
      AND c.due_at <= ${now}::timestamptz + make_interval(days => c.yellow_before * 2 + 20)
      AND NOT EXISTS (SELECT 1 FROM clock_alert a WHERE a.clock_id = c.id
        AND a.level = CASE WHEN c.clock = 'notice' THEN 'red' ELSE 'card_red' END)
      AND (c.matter_id, c.id) > (${after.matterId}, ${after.id})
    ORDER BY c.matter_id, c.id
    LIMIT ${BATCH_SIZE}`);
}

/** The owner unit and every unit with an open task on the matter's current cycle. */
async function recipientUnits(tx: Tx, row: SweepRow): Promise<number[]> {
  const rows = await tx.query<{ unit_id: number }>(sql`
    SELECT DISTINCT unit_id FROM matter_assignment
    WHERE matter_id = ${row.matter_id} AND cycle = ${row.matter_cycle}
      AND status IN ('to_sign', 'handling', 'fed_back')`);
  return [...new Set([row.owner_unit_id, ...rows.map((r) => r.unit_id)])];
}

/** The unit a 督办 card is addressed to: the clock's own task, else the lead task, else the owner. */
async function supervisedUnit(tx: Tx, row: SweepRow): Promise<number> {
  const target = await tx.maybeOne<{ unit_id: number }>(sql`
    SELECT unit_id FROM matter_assignment
    WHERE matter_id = ${row.matter_id} AND cycle = ${row.matter_cycle}
      AND (id = ${row.assignment_id} OR (is_lead AND status IN ('to_sign', 'handling', 'fed_back')))
    ORDER BY coalesce(id = ${row.assignment_id}, false) DESC, id DESC
    LIMIT 1`);
  return target?.unit_id ?? row.owner_unit_id;
}

async function applyEffects(
  tx: Tx,
  row: SweepRow,
  due: Due,
  ctx: SweepCtx,
  units: number[],
): Promise<void> {
  const message = messageOf(row, due);
  if (due.level === 'card_yellow' || due.level === 'card_red') {
    const toUnit = await supervisedUnit(tx, row);
    await tx.query(sql`
      INSERT INTO supervision (matter_id, cycle, level, automatic, by_user, by_unit, to_unit, notice,
        reply_due, created_at, region_code)
      VALUES (${row.matter_id}, ${row.matter_cycle}, ${due.level === 'card_yellow' ? 'yellow' : 'red'},
        true, NULL, NULL, ${toUnit}, ${message.body}, NULL, ${ctx.now}, ${row.region_code})`);
    await tx.query(sql`UPDATE matter SET supervised = true WHERE id = ${row.matter_id}`);
  }
  const notifyCtx: NotifyCtx = { tx, live: ctx.live, clock: { now: () => ctx.now } };
  for (const unitId of units) {
    await notify(notifyCtx, { unitId, ...message, matterId: row.matter_id });
  }
  const audit: AuditContext = {
    actor: null,
    actorHint: SWEEPER_ACTOR,
    ip: null,
    requestId: null,
    at: ctx.now,
  };
  await writeAudit(tx, audit, {
    event: 'matters.clock_alert',
    targetType: 'matter',
    targetId: row.matter_id,
    regionCode: row.region_code,
    details: {
      clockId: row.id,
      clock: row.clock,
      level: due.level,
      dueAt: row.due_at.toISOString(),
      overdueWorkingDays: due.overdueWorkingDays,
      raisedBy: ctx.who,
    },
  });
}

/** Raises the levels a clock has newly reached; returns how many this process won. */
async function sweepClock(tx: Tx, row: SweepRow, ctx: SweepCtx): Promise<number> {
  const due = levelsDue(row, ctx.now, ctx.calendar, ctx.thresholds).filter(
    (d) => !row.raised.includes(d.level),
  );
  let raised = 0;
  let units: number[] | null = null;
  for (const d of due) {
    const won = await tx.maybeOne<{ id: number }>(sql`
      INSERT INTO clock_alert (clock_id, matter_id, level, raised_at, raised_by)
      VALUES (${row.id}, ${row.matter_id}, ${d.level}, ${ctx.now}, ${ctx.who})
      ON CONFLICT (clock_id, level) DO NOTHING
      RETURNING id`);
    if (won === undefined) {
      continue; // another process raised it: its transaction carries the effects
    }
    units ??= await recipientUnits(tx, row);
    await applyEffects(tx, row, d, ctx, units);
    raised += 1;
  }
  if (raised > 0) {
    await refreshMatterDue(tx, row.matter_id, ctx.now, ctx.calendar);
  }
  return raised;
}

function isRetryable(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : null;
  return code === '40P01' || code === '40001';
}

// Batches run in (matter, clock) order in every process, so two sweepers take their locks in
// the same order; a deadlock with a request transaction is still possible, hence the retry.
async function sweepBatch(
  db: Db,
  ctx: SweepCtx,
  after: { matterId: number; id: number },
): Promise<{ raised: number; last: SweepRow | undefined; full: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(async (tx) => {
        const rows = await loadBatch(tx, ctx.now, after);
        let raised = 0;
        for (const row of rows) {
          raised += await sweepClock(tx, row, ctx);
        }
        return { raised, last: rows.at(-1), full: rows.length === BATCH_SIZE };
      });
    } catch (err) {
      if (attempt >= 3 || !isRetryable(err)) {
        throw err;
      }
    }
  }
}

/**
 * Tells the sysadmins' units once per year that open deadlines reach into a year whose holiday
 * notice is missing; the setting row 'calendar_alert:<year>' is the once-only guard.
 */
async function alertUncoveredYears(db: Db, ctx: SweepCtx): Promise<void> {
  const { now, who } = ctx;
  for (const { year, clocks } of await findUncoveredYears(db)) {
    await db.transaction(async (tx) => {
      const won = await tx.maybeOne<{ key: string }>(sql`
        INSERT INTO setting (key, value, updated_at)
        VALUES (${`calendar_alert:${year}`}, ${JSON.stringify({ clocks, raisedBy: who })}::jsonb, ${now})
        ON CONFLICT (key) DO NOTHING
        RETURNING key`);
      if (won === undefined) {
        return;
      }
      const title = `${year} 年节假日安排尚未录入`;
      const body = `有 ${clocks} 个未结期限计算到 ${year} 年，暂按周末计算（临时期限）。请在国务院办公厅通知发布后录入节假日安排，系统将自动重算。`;
      const units = await tx.query<{ unit_id: number }>(sql`
        SELECT DISTINCT u.unit_id FROM app_user u JOIN user_role r ON r.user_id = u.id
        WHERE r.role = 'sysadmin' AND u.status = 'active'`);
      const notifyCtx: NotifyCtx = { tx, live: ctx.live, clock: { now: () => now } };
      for (const { unit_id: unitId } of units) {
        await notify(notifyCtx, { unitId, kind: 'calendar_missing', title, body });
      }
      await writeAudit(
        tx,
        { actor: null, actorHint: SWEEPER_ACTOR, ip: null, requestId: null, at: now },
        {
          event: 'calendar.missing_year_alert',
          targetType: 'calendar_year',
          targetId: year,
          regionCode: null,
          details: { clocks },
        },
      );
    });
  }
}

/**
 * One pass over every open clock; returns how many alerts this process raised. `live` pushes the
 * notifications to open browsers after each commit (the rows are what counts; without a bus they
 * are simply read on the next poll).
 */
export async function sweepClocks(
  db: Db,
  now: Date,
  who: string,
  live: LiveBus = createInProcessBus(),
): Promise<{ raised: number }> {
  const ctx: SweepCtx = {
    now,
    who,
    calendar: await loadCalendar(db),
    thresholds: await loadCardThresholds(db),
    live,
  };
  let raised = 0;
  let after = { matterId: 0, id: 0 };
  for (;;) {
    const batch = await sweepBatch(db, ctx, after);
    raised += batch.raised;
    if (batch.last === undefined || !batch.full) {
      break;
    }
    after = { matterId: batch.last.matter_id, id: batch.last.id };
  }
  await alertUncoveredYears(db, ctx);
  return { raised };
}

/**
 * Sweeps every `intervalMs` (never two passes of one process at once); returns a stop function
 * that waits for a pass in progress. Call from server.ts after migrations.
 */
export function startSweeper(
  db: Db,
  intervalMs: number,
  clock: Clock,
  live?: LiveBus,
): () => Promise<void> {
  const who = `sweeper:${hostname()}:${process.pid}`;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = (): void => {
    if (busy) {
      return;
    }
    busy = true;
    running = sweepClocks(db, clock.now(), who, live)
      .then(() => undefined)
      .catch((err: unknown) => {
        console.error('clock sweeper:', err);
      })
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
