import type { TEffect, TMatterStatus } from '@fengqiao/contracts';
import { OUTCOMES, REOPEN_AT_OR_BELOW, SATISFACTION } from '@fengqiao/contracts';
import { AppError, fieldError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { sql } from '../../core/db/sql.ts';
import {
  extendClock,
  openClocks,
  pauseClocks,
  refreshMatterDue,
  resumeClocks,
  startClock,
  stopClocks,
} from './clocks.ts';
import { createAssignments } from './dispatch.ts';
import type { Facts } from './facts.ts';
import {
  closeOpenAssignments,
  setAssignment,
  type MatterChange,
  type MatterRow,
} from './queries.ts';
import { findMatter } from './queries.ts';

export interface EffectState {
  ctx: RequestCtx;
  m: MatterRow;
  facts: Facts;
  input: Record<string, unknown>;
  now: Date;
  change: MatterChange;
  /** Units to tell about this step, with the message kind and title. */
  notify: Map<number, { kind: string; title: string }>;
  comment: string | null;
  /** Extra facts for the history row's `after` and the audit details. */
  details: Record<string, unknown>;
}

const LEVEL_OF_REGION: Record<number, number> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };

function num(s: EffectState, key: string): number {
  const v = s.input[key];
  return typeof v === 'number' ? v : 0;
}

function str(s: EffectState, key: string): string {
  const v = s.input[key];
  return typeof v === 'string' ? v : '';
}

function mine(s: EffectState) {
  const a = s.facts.mine;
  if (a === undefined) {
    throw new AppError('matter.assignment_not_open');
  }
  return a;
}

async function handleClock(s: EffectState, limitOverride?: number): Promise<void> {
  const { ctx, m, now } = s;
  await startClock(ctx.tx, now, {
    matterId: m.id,
    cycle: s.change.cycle ?? m.cycle,
    type: m.type,
    category: m.category_code,
    urgent: m.urgent,
    regionCode: m.region_code,
    clock: 'handle',
    officeHours: m.owner_office_hours,
    limitOverride,
  });
  await refreshMatterDue(ctx.tx, m.id, now);
}

/** The lead's step moves the matter; a co-unit of a 联办 only moves its own sub-state. */
function leadMoves(s: EffectState, to: TMatterStatus): void {
  if (s.facts.mine?.is_lead === true) {
    s.change.status = to;
  }
}

export const EFFECTS: Record<TEffect, (s: EffectState) => Promise<void>> = {
  async stop_clock_accept(s) {
    await stopClocks(s.ctx.tx, s.m.id, s.now, 'accept');
    if (s.m.accepted_at === null) {
      s.change.accepted_at = s.now;
    }
    await refreshMatterDue(s.ctx.tx, s.m.id, s.now);
  },
  async start_clock_handle(s) {
    await handleClock(s, typeof s.input.limit === 'number' ? s.input.limit : undefined);
  },
  async stop_clocks(s) {
    await stopClocks(s.ctx.tx, s.m.id, s.now);
    await refreshMatterDue(s.ctx.tx, s.m.id, s.now);
  },
  async pause_clocks(s) {
    await pauseClocks(s.ctx.tx, s.m.id, s.now);
    s.change.suspended_from = s.m.status;
    await refreshMatterDue(s.ctx.tx, s.m.id, s.now);
  },
  async resume_clocks(s) {
    await resumeClocks(s.ctx.tx, s.m.id, s.now, s.m.owner_office_hours);
    s.change.suspended_from = null;
    await refreshMatterDue(s.ctx.tx, s.m.id, s.now);
  },
  async create_assignments(s) {
    const units = await createAssignments(s);
    for (const u of units) {
      s.notify.set(u, { kind: 'dispatched', title: '新派遣事项待签收' });
    }
  },
  async sign_assignment(s) {
    const a = mine(s);
    await setAssignment(s.ctx.tx, a.id, {
      status: 'handling',
      handlerId: s.ctx.me().userId,
      signedAt: s.now,
    });
    leadMoves(s, 'handling');
    s.details.assignmentId = a.id;
  },
  async return_assignment(s) {
    const a = mine(s);
    await setAssignment(s.ctx.tx, a.id, { status: 'returned', returnReason: str(s, 'reason') });
    const othersOpen = s.facts.assignments.some(
      (x) => x.id !== a.id && ['to_sign', 'handling'].includes(x.status),
    );
    if (a.is_lead || !othersOpen) {
      // back to the dispatcher (改派): the other units of the 联办 are withdrawn with it
      await closeOpenAssignments(s.ctx.tx, s.m.id, 'withdrawn');
      await stopClocks(s.ctx.tx, s.m.id, s.now, 'handle');
      await refreshMatterDue(s.ctx.tx, s.m.id, s.now);
      s.change.status = 'accepted';
      s.notify.set(s.m.owner_unit_id, { kind: 'returned', title: '派遣事项被退回，请改派' });
    }
    s.details.assignmentId = a.id;
  },
  async feedback_assignment(s) {
    const a = mine(s);
    const outcome = str(s, 'outcome') as keyof typeof OUTCOMES;
    await setAssignment(s.ctx.tx, a.id, {
      status: 'fed_back',
      fedBackAt: s.now,
      feedback: str(s, 'result'),
    });
    if (a.is_lead) {
      s.change.status = 'fed_back';
      s.change.outcome = OUTCOMES[outcome];
      s.notify.set(s.m.owner_unit_id, { kind: 'fed_back', title: '承办单位已反馈，请核查' });
    }
    s.details.assignmentId = a.id;
    s.details.outcome = outcome;
  },
  async rework_lead(s) {
    const lead = s.facts.assignments.find((x) => x.is_lead && x.status === 'fed_back');
    if (lead !== undefined) {
      await setAssignment(s.ctx.tx, lead.id, { status: 'handling', feedback: null });
      s.notify.set(lead.unit_id, { kind: 'rework', title: '事项核查未通过，请返工' });
    }
  },
  async close_matter(s) {
    // 结案 counts once: a reopened matter keeps its first closing time for the metrics
    if (s.m.closed_at === null) {
      s.change.closed_at = s.now;
    }
    const owner = await s.ctx.tx.one<{ region_code: string }>(
      sql`SELECT region_code FROM unit WHERE id = ${s.m.owner_unit_id}`,
    );
    s.change.resolved_level = LEVEL_OF_REGION[owner.region_code.length] ?? null;
    await closeOpenAssignments(s.ctx.tx, s.m.id, 'done');
  },
  rate_and_maybe_reopen(s) {
    const rating = num(s, 'satisfaction');
    s.change.satisfaction = rating;
    s.details.satisfaction = SATISFACTION[rating as keyof typeof SATISFACTION];
    if (rating <= REOPEN_AT_OR_BELOW) {
      // 不满意: a new handling cycle at the owning center, counted as a reopen
      s.change.status = 'accepted';
      s.change.cycle = s.m.cycle + 1;
      s.change.reopen_count = s.m.reopen_count + 1;
      s.change.resolved_level = null;
      s.details.reopened = true;
    } else {
      s.change.status = 'archived';
    }
    return Promise.resolve();
  },
  move_owner_up(s) {
    const parent = s.facts.parentCenterId;
    if (parent === null) {
      throw new AppError('matter.no_parent_center');
    }
    s.change.owner_unit_id = parent;
    s.change.cross_level = true;
    s.details.toUnitId = parent;
    s.notify.set(parent, { kind: 'escalated', title: '下级中心上报事项' });
    return Promise.resolve();
  },
  async move_owner_down(s) {
    const unitId = num(s, 'unitId');
    const target = await s.ctx.tx.maybeOne<{ id: number; region_code: string; kind: string }>(sql`
      SELECT id, region_code, kind FROM unit WHERE id = ${unitId}`);
    const ownerRegion = s.m.owner_region_code;
    if (
      target === undefined ||
      target.kind !== 'center' ||
      target.region_code.length <= ownerRegion.length ||
      !target.region_code.startsWith(ownerRegion) ||
      !s.m.region_code.startsWith(target.region_code)
    ) {
      throw fieldError('unitId', '只能下派给事项所在地的下级综治中心', 'not_found');
    }
    s.change.owner_unit_id = target.id;
    s.details.toUnitId = target.id;
    s.notify.set(target.id, { kind: 'handed_down', title: '上级中心下派事项' });
  },
  async open_extension(s) {
    const [clock] = await openClocks(s.ctx.tx, s.m.id, 'handle');
    if (clock === undefined) {
      throw new AppError('matter.invalid_transition');
    }
    const value = num(s, 'value');
    if (clock.extension_value + value > clock.max_extension) {
      throw fieldError('value', `延期合计不能超过 ${clock.max_extension}`, 'over_cap');
    }
    const actor = s.ctx.me();
    await s.ctx.tx.query(sql`
      INSERT INTO extension_request (matter_id, clock_id, requested_by, requested_unit, value, reason, status, created_at)
      VALUES (${s.m.id}, ${clock.id}, ${actor.userId}, ${actor.unitId}, ${value}, ${str(s, 'reason')}, 'pending', ${s.now})`);
    s.details.extension = value;
    s.notify.set(s.m.owner_unit_id, { kind: 'extension_requested', title: '承办单位申请延期' });
  },
  async grant_extension(s) {
    const p = s.facts.pendingExtension;
    const [clock] = await openClocks(s.ctx.tx, s.m.id, 'handle');
    if (p === undefined || clock === undefined) {
      throw new AppError('matter.no_pending_extension');
    }
    await extendClock(s.ctx.tx, clock, p.value, s.now, s.m.owner_office_hours);
    await s.ctx.tx.query(sql`
      UPDATE extension_request SET status = 'approved', decided_by = ${s.ctx.me().userId}, decided_at = ${s.now},
        decision_reason = ${s.comment} WHERE id = ${p.id}`);
    await refreshMatterDue(s.ctx.tx, s.m.id, s.now);
    s.details.extension = p.value;
    notifyAssignees(s, 'extension_approved', '延期申请已批准');
  },
  async refuse_extension(s) {
    const p = s.facts.pendingExtension;
    if (p === undefined) {
      throw new AppError('matter.no_pending_extension');
    }
    await s.ctx.tx.query(sql`
      UPDATE extension_request SET status = 'denied', decided_by = ${s.ctx.me().userId}, decided_at = ${s.now},
        decision_reason = ${s.comment} WHERE id = ${p.id}`);
    notifyAssignees(s, 'extension_denied', '延期申请未获批准');
  },
  async create_supervision(s) {
    const actor = s.ctx.me();
    const level = str(s, 'level') || 'normal';
    const replyDays = num(s, 'replyDays');
    const replyDue = replyDays > 0 ? new Date(s.now.getTime() + replyDays * 86_400_000) : null;
    const target =
      s.facts.assignments.find((a) => a.is_lead && ['to_sign', 'handling'].includes(a.status))
        ?.unit_id ?? s.m.owner_unit_id;
    await s.ctx.tx.query(sql`
      INSERT INTO supervision (matter_id, cycle, level, automatic, by_user, by_unit, to_unit, notice, reply_due, created_at, region_code)
      VALUES (${s.m.id}, ${s.m.cycle}, ${level}, false, ${actor.userId}, ${actor.unitId}, ${target}, ${str(s, 'notice')},
        ${replyDue}, ${s.now}, ${s.m.region_code})`);
    s.change.supervised = true;
    s.details.level = level;
    s.notify.set(target, { kind: 'supervised', title: '事项被督办' });
  },
  async merge_into(s) {
    const targetId = num(s, 'targetId');
    const target =
      targetId === s.m.id ? undefined : await findMatter(s.ctx.tx, targetId, s.ctx.scope());
    if (target === undefined || ['merged', 'declined', 'terminated'].includes(target.status)) {
      throw fieldError('targetId', '目标事项不存在、不在管辖范围内或已终结', 'not_found');
    }
    s.change.merged_into = target.id;
    s.change.outcome = `并入 ${target.code}`;
    s.details.targetId = target.id;
  },
  record_outcome(s) {
    s.change.outcome = s.comment;
    return Promise.resolve();
  },
};

function notifyAssignees(s: EffectState, kind: string, title: string): void {
  for (const a of s.facts.assignments.filter((x) => ['to_sign', 'handling'].includes(x.status))) {
    s.notify.set(a.unit_id, { kind, title });
  }
}
