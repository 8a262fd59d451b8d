// Statutory clocks (DOMAIN.md §2): the limits a configured policy may tighten but never loosen.
import {
  computeDeadline,
  DeadlineError,
  type TClockUnit,
  type TDeadline,
  type TDeadlineInput,
} from './deadline.ts';

// ---- statutory clocks (DOMAIN.md §2) ----

export type TStatutoryClock<K extends string = string> = {
  readonly key: K;
  readonly label: string;
  readonly limit: number;
  readonly unit: TClockUnit;
  /** Longest extension in the clock's unit: 0 = none; null = open-ended by the parties' consent. */
  readonly maxExtension: number | null;
  readonly source: string;
};

function clock<K extends string>(
  key: K,
  label: string,
  limit: number,
  unit: TClockUnit,
  source: string,
  maxExtension: number | null = 0,
): TStatutoryClock<K> {
  return { key, label, limit, unit, maxExtension, source };
}

const CAL = 'calendar_day';
const WORK = 'working_day';
const XF = '信访工作条例';
const SJQR = '法释〔2011〕5号';
const TYTJ = '特邀调解规定(2016) 第27条';
const ZXTJ = '在线调解规则(2021)';
const LD = '劳动争议调解仲裁法';
const FY = '行政复议法(2023)';

// Statute text says 日 = calendar day unless 工作日 is written. Extensions need the stated approval.
export const STATUTORY_CLOCKS = [
  clock('petition.transfer', '转送/交办', 15, CAL, `${XF} 第22条`),
  clock('petition.acceptance_notice', '受理告知', 15, CAL, `${XF} 第23条第二款`),
  clock('petition.receipt_notice', '告知接收情况及途径', 15, CAL, `${XF} 第23条第三款`),
  clock('petition.objection', '异议', 5, WORK, `${XF} 第23条第三款`),
  // one extension of up to 30 days, 负责人批准, with the reason told to the 信访人
  clock('petition.resolve', '办结', 60, CAL, `${XF} 第34条`, 30),
  clock('petition.review_apply', '申请复查', 30, CAL, `${XF} 第35条`),
  clock('petition.review_decide', '复查意见', 30, CAL, `${XF} 第35条`),
  clock('petition.recheck_apply', '申请复核', 30, CAL, `${XF} 第36条`),
  // 听证 time is not counted: pass it as a pause
  clock('petition.recheck_decide', '复核意见', 30, CAL, `${XF} 第36条`),
  // 一般一个月, longer with both parties' consent. 民法典 第202条 would end a month on the
  // corresponding date; the rule is a norm, so we fix it at 30 days for one predictable clock.
  clock('mediation.people', '人民调解', 30, CAL, '司法部令第75号 第36条', null),
  clock(
    'mediation.confirm_apply',
    '申请司法确认',
    30,
    CAL,
    '人民调解法 第33条; 民事诉讼法 第205条',
  ),
  clock('mediation.confirm_accept', '司法确认受理', 3, CAL, `${SJQR} 第4条`),
  clock('mediation.confirm_decide', '司法确认决定', 15, CAL, `${SJQR} 第5条`, 10),
  clock('mediation.invited_delegated', '委派调解', 30, CAL, TYTJ, null),
  clock('mediation.invited_entrusted', '委托调解', 15, CAL, TYTJ, null),
  clock('mediation.invited_entrusted_simple', '委托调解(简易)', 7, CAL, TYTJ, null),
  clock('mediation.online_assign', '在线调解指派', 3, WORK, `${ZXTJ} 第11条`),
  clock('mediation.online_accept', '调解员接受', 3, WORK, `${ZXTJ} 第12条`),
  clock('labour.mediation', '劳动争议调解', 15, CAL, `${LD} 第14条`),
  clock('labour.arbitration_accept', '仲裁受理', 5, CAL, `${LD} 第29条`),
  clock('labour.arbitration_award', '仲裁裁决', 45, CAL, `${LD} 第43条`, 15),
  clock('reconsideration.apply', '申请行政复议', 60, CAL, `${FY} 第20条`),
  clock('reconsideration.review', '复议申请审查', 5, CAL, `${FY} 第30条`),
  clock('reconsideration.decide', '复议决定', 60, CAL, `${FY} 第62条`, 30),
  clock('reconsideration.decide_simple', '复议决定(简易)', 30, CAL, `${FY} 第62条`),
] as const;

export type TStatutoryClockKey = (typeof STATUTORY_CLOCKS)[number]['key'];

export function statutoryClock(key: TStatutoryClockKey): TStatutoryClock {
  const found = STATUTORY_CLOCKS.find((entry) => entry.key === key);
  if (found === undefined) {
    throw new DeadlineError('deadline.invalid_input', `unknown statutory clock ${key}`);
  }
  return found;
}

export type TStatuteViolation =
  'deadline.limit_exceeds_statute' | 'deadline.extension_exceeds_statute';

/** A configured policy may be stricter than the statute, never looser (limit in the clock's unit). */
export function checkAgainstStatute(
  key: TStatutoryClockKey,
  limit: number,
  extension = 0,
): TStatuteViolation | null {
  const statute = statutoryClock(key);
  if (limit > statute.limit) {
    return 'deadline.limit_exceeds_statute';
  }
  if (statute.maxExtension !== null && extension > statute.maxExtension) {
    return 'deadline.extension_exceeds_statute';
  }
  return null;
}

export function assertNotLongerThanStatutory(
  key: TStatutoryClockKey,
  limit: number,
  extension = 0,
): void {
  const violation = checkAgainstStatute(key, limit, extension);
  if (violation !== null) {
    const statute = statutoryClock(key);
    const cap = `${statute.limit} + ${statute.maxExtension ?? 'consent'} ${statute.unit}`;
    throw new DeadlineError(
      violation,
      `${statute.label}: ${limit} + ${extension} > ${cap} (${statute.source})`,
    );
  }
}

/** computeDeadline with the statute's unit and limit (or a stricter one), extension capped. */
export function computeStatutoryDeadline(
  key: TStatutoryClockKey,
  input: Omit<TDeadlineInput, 'limit' | 'unit'> & { readonly limit?: number },
): TDeadline {
  const statute = statutoryClock(key);
  const limit = input.limit ?? statute.limit;
  assertNotLongerThanStatutory(key, limit, input.extensionDays ?? 0);
  return computeDeadline({ ...input, limit, unit: statute.unit });
}
