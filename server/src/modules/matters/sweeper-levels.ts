// What the sweeper raises and says: the levels a clock has reached (warnings, 督办 cards) and
// the Chinese messages for each. Pure apart from reading the configured card thresholds.
import { z } from '@fengqiao/contracts';
import type { THolidayCalendar } from '../../core/calendar.ts';
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import {
  DEFAULT_CARD_THRESHOLDS,
  dueDateOf,
  supervisionCard,
  warningState,
  type TCardThresholds,
  type TSupervisionStage,
} from '../../core/deadline.ts';
import type { ClockRow } from './clocks.ts';

export type TAlertLevel = 'yellow' | 'red' | 'card_yellow' | 'card_red';
export type TThresholds = Record<TSupervisionStage, TCardThresholds>;

const CARD_THRESHOLDS_KEY = 'matter.card_thresholds';
const CLOCK_LABEL: Record<ClockRow['clock'], string> = {
  accept: '受理时限',
  handle: '办理时限',
  notice: '告知时限',
};
// 督办 cards count overdue working days per stage (黄牌 受理 2 / 办理 5, 红牌 受理 5 / 办理 10);
// a notice clock only warns.
const STAGE_OF: Record<ClockRow['clock'], TSupervisionStage | null> = {
  accept: 'acceptance',
  handle: 'handling',
  notice: null,
};

export interface Due {
  level: TAlertLevel;
  overdueWorkingDays: number;
  threshold: number | null;
}

const ZCard = z.object({ yellow: z.number().int().min(1), red: z.number().int().min(1) });
const ZThresholds = z.object({ acceptance: ZCard, handling: ZCard });

/** Card thresholds are configurable per deployment (setting 'matter.card_thresholds'). */
export async function loadCardThresholds(db: Queryable): Promise<TThresholds> {
  const rows = await db.query<{ value: unknown }>(
    sql`SELECT value FROM setting WHERE key = ${CARD_THRESHOLDS_KEY}`,
  );
  const parsed = ZThresholds.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : DEFAULT_CARD_THRESHOLDS;
}

/** The levels a clock has reached at `now`; a paused clock (中止) reaches none. */
export function levelsDue(
  row: Pick<ClockRow, 'clock' | 'unit' | 'due_at' | 'yellow_before' | 'pauses'>,
  now: Date,
  calendar: THolidayCalendar,
  thresholds: TThresholds,
): Due[] {
  if (row.pauses.some((p) => p.to === null)) {
    return [];
  }
  const unit = row.unit === 'working_hour' ? 'hour' : row.unit;
  const state = warningState(row.due_at, now, {
    yellowBefore: { value: row.yellow_before, unit },
    calendar,
  });
  if (state === 'normal') {
    return [];
  }
  if (state === 'yellow') {
    return [{ level: 'yellow', overdueWorkingDays: 0, threshold: null }];
  }
  const stage = STAGE_OF[row.clock];
  if (stage === null) {
    return [{ level: 'red', overdueWorkingDays: 0, threshold: null }];
  }
  const t = thresholds[stage];
  const card = supervisionCard({ dueAt: row.due_at, now, calendar, stage, thresholds: t });
  const out: Due[] = [
    { level: 'red', overdueWorkingDays: card.overdueWorkingDays, threshold: null },
  ];
  if (card.card !== 'none') {
    const level = card.card === 'yellow' ? 'card_yellow' : 'card_red';
    out.push({ level, overdueWorkingDays: card.overdueWorkingDays, threshold: t[card.card] });
  }
  return out;
}

/** The notification (and, for a card, the 督办 notice) of one raised level. */
export function messageOf(
  row: Pick<ClockRow, 'clock' | 'due_at'> & { code: string; title: string },
  due: Due,
): { kind: string; title: string; body: string } {
  const label = CLOCK_LABEL[row.clock];
  const dueDate = dueDateOf(row.due_at);
  const subject = `${row.code}「${row.title}」`;
  switch (due.level) {
    case 'yellow':
      return {
        kind: 'clock_yellow',
        title: `事项即将到期（${label}）`,
        body: `${subject}${label}将于 ${dueDate} 到期，请抓紧办理。`,
      };
    case 'red':
      return {
        kind: 'clock_red',
        title: `事项已超期（${label}）`,
        body: `${subject}${label}已于 ${dueDate} 届满，请立即办理并说明原因。`,
      };
    default: {
      const card = due.level === 'card_yellow' ? '黄牌' : '红牌';
      return {
        kind: due.level === 'card_yellow' ? 'supervision_yellow' : 'supervision_red',
        title: `事项被自动督办（${card}）`,
        body:
          `自动督办（${card}）：${subject}${label}已于 ${dueDate} 届满，超期 ${due.overdueWorkingDays} ` +
          `个工作日（${card}标准：超期 ${due.threshold ?? 0} 个工作日），请承办单位立即办理并反馈。`,
      };
    }
  }
}
