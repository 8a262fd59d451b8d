// One matter's life on the base loop (contracts/src/machines/base.ts), simulated from its
// registration until the anchor instant: every step writes the history row, assignment and clock
// changes the engine would, so status, warning, deadlines and timelines agree with each other.
import type { Rng } from '../lib/rng.ts';
import { SATISFACTION, type TypeProfile, type Target } from './profile.ts';
import { MS_HOUR, type WorkCalendar } from './time.ts';

export interface HistoryEvent {
  cycle: number;
  action: string;
  from: string | null;
  to: string;
  actorId: number;
  unitId: number;
  at: number;
  comment: string | null;
  after: string;
}

export interface AssignmentRec {
  id: number;
  cycle: number;
  unitId: number;
  isLead: boolean;
  status: 'to_sign' | 'handling' | 'fed_back' | 'returned' | 'done' | 'withdrawn';
  handlerId: number | null;
  dueAt: number | null;
  dispatchedBy: number;
  dispatchedAt: number;
  signedAt: number | null;
  fedBackAt: number | null;
  feedback: string | null;
  returnReason: string | null;
}

export interface ClockRec {
  id: number;
  assignmentId: number | null;
  cycle: number;
  clock: 'accept' | 'handle';
  unit: 'working_day' | 'calendar_day';
  limit: number;
  extension: number;
  maxExtension: number;
  yellowBefore: number;
  startedAt: number;
  dueAt: number;
  stoppedAt: number | null;
}

export interface LifeResult {
  status: string;
  cycle: number;
  reopenCount: number;
  ownerUnitId: number;
  crossLevel: boolean;
  resolvedLevel: number | null;
  dueAt: number | null;
  warning: 'normal' | 'yellow' | 'red';
  supervised: boolean;
  satisfaction: number | null;
  outcome: string | null;
  acceptedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  mergedInto: number | null;
  history: HistoryEvent[];
  assignments: AssignmentRec[];
  clocks: ClockRec[];
}

export interface LifeInput {
  id: number;
  registeredAt: number;
  acceptNow: boolean;
  profile: TypeProfile;
  urgent: boolean;
  channel: string;
  registeredUnit: number;
  registeredBy: number;
  ownerUnit: number;
  ownerLevel: number;
  /** The parent center of the owner (上报 target), or null at the top. */
  parentCenter: (unitId: number) => number | null;
  levelOf: (unitId: number) => number;
  /** A unit to dispatch to, for the target kind. */
  targetUnit: (t: Target, rng: Rng) => number;
  staff: (unitId: number, rng: Rng) => number;
}

export interface IdSource {
  assignment: number;
  clock: number;
  history: number;
  party: number;
}

const FEEDBACK = [
  '已现场处置完毕',
  '已协调相关部门解决',
  '已调解成功，双方签订协议',
  '已答复当事人',
  '已整改到位',
];
const OUTCOME: [string, number][] = [
  ['resolved', 86],
  ['explained', 9],
  ['not_feasible', 3],
  ['not_competent', 2],
];

function pickOutcome(r: Rng): string {
  let x = r.next() * 100;
  for (const [o, w] of OUTCOME) {
    x -= w;
    if (x < 0) {
      return o;
    }
  }
  return 'resolved';
}

/** Hours as a log-normal delay with a median, in ms. */
function hours(r: Rng, median: number, sigma = 0.9): number {
  return Math.max(0.05, r.logNormal(median, sigma)) * MS_HOUR;
}

class Sim {
  readonly history: HistoryEvent[] = [];
  readonly assignments: AssignmentRec[] = [];
  readonly clocks: ClockRec[] = [];
  status = 'registered';
  previous: string | null = null;
  cycle = 1;
  reopenCount = 0;
  owner: number;
  crossLevel = false;
  resolvedLevel: number | null = null;
  supervised = false;
  satisfaction: number | null = null;
  outcome: string | null = null;
  acceptedAt: number | null = null;
  closedAt: number | null = null;
  mergedInto: number | null = null;
  t: number;
  stopped = false;
  readonly in: LifeInput;
  readonly r: Rng;
  readonly cal: WorkCalendar;
  readonly anchor: number;
  readonly ids: IdSource;

  constructor(input: LifeInput, r: Rng, cal: WorkCalendar, anchor: number, ids: IdSource) {
    this.in = input;
    this.r = r;
    this.cal = cal;
    this.anchor = anchor;
    this.ids = ids;
    this.owner = input.ownerUnit;
    this.t = input.registeredAt;
  }

  /** Advances time; false (and the simulation stops) once the step would be after the anchor. */
  wait(ms: number): boolean {
    if (this.stopped || this.t + ms > this.anchor) {
      this.stopped = true;
      return false;
    }
    this.t += ms;
    return true;
  }

  step(action: string, to: string, unitId: number, comment: string | null = null, after = '{}') {
    this.history.push({
      cycle: this.cycle,
      action,
      from: action === 'register' ? null : this.status,
      to,
      actorId: this.in.staff(unitId, this.r),
      unitId,
      at: this.t,
      comment,
      after,
    });
    this.status = to;
  }

  openClock(clock: 'accept' | 'handle', assignmentId: number | null): ClockRec {
    const p = this.in.profile;
    const urgent = this.in.urgent;
    const limit = clock === 'accept' ? p.acceptLimit : urgent ? 1 : p.handleLimit;
    const unit = clock === 'accept' ? p.acceptUnit : p.handleUnit;
    const c: ClockRec = {
      id: ++this.ids.clock,
      assignmentId,
      cycle: this.cycle,
      clock,
      unit,
      limit,
      extension: 0,
      maxExtension: clock === 'accept' ? 0 : p.maxExtension,
      yellowBefore: clock === 'accept' ? Math.min(1, p.yellowBefore) : p.yellowBefore,
      startedAt: this.t,
      dueAt: this.cal.due(this.t, limit, unit),
      stoppedAt: null,
    };
    this.clocks.push(c);
    return c;
  }

  stopClocks(kind?: 'accept' | 'handle') {
    for (const c of this.clocks) {
      if (c.stoppedAt === null && (kind === undefined || c.clock === kind)) {
        c.stoppedAt = this.t;
      }
    }
  }
}

/** Runs one handling cycle from `accepted`; returns false when the anchor cut it short. */
function handleCycle(s: Sim): boolean {
  const { r, in: m } = s;
  const p = m.profile;
  if (!s.wait(hours(r, 2))) {
    return false;
  }
  const lead = m.targetUnit(p.targets.draw(r), r);
  const units = [lead];
  if (r.chance(0.03)) {
    const other = m.targetUnit(p.targets.draw(r), r);
    if (other !== lead) {
      units.push(other);
    }
  }
  const dispatcher = m.staff(s.owner, r);
  const mk = (unitId: number, isLead: boolean): AssignmentRec => ({
    id: ++s.ids.assignment,
    cycle: s.cycle,
    unitId,
    isLead: isLead || units.length === 1,
    status: 'to_sign',
    handlerId: null,
    dueAt: null,
    dispatchedBy: dispatcher,
    dispatchedAt: s.t,
    signedAt: null,
    fedBackAt: null,
    feedback: null,
    returnReason: null,
  });
  let asg = units.map((u, i) => mk(u, i === 0));
  s.assignments.push(...asg);
  s.stopClocks('accept');
  const handle = s.openClock('handle', asg[0]?.id ?? null);
  for (const a of asg) {
    a.dueAt = handle.dueAt;
  }
  s.step('dispatch', 'dispatched', s.owner, null, `{"units":[${units.join(',')}]}`);
  // 退回: the assignee refuses (wrong unit); the owner dispatches again to another unit
  if (r.chance(0.03)) {
    if (!s.wait(hours(r, 4))) {
      return false;
    }
    const first = asg[0];
    if (first !== undefined) {
      first.status = 'returned';
      first.returnReason = '非本单位职责，请重新派遣';
      // the other units of a 联办 are withdrawn with it: the owner dispatches afresh
      for (const other of asg.slice(1)) {
        other.status = 'withdrawn';
      }
      s.step('return', 'accepted', first.unitId, first.returnReason);
    }
    s.stopClocks('handle');
    if (!s.wait(hours(r, 3))) {
      return false;
    }
    const again = mk(m.targetUnit(p.targets.draw(r), r), true);
    asg = [again];
    s.assignments.push(again);
    const h2 = s.openClock('handle', again.id);
    again.dueAt = h2.dueAt;
    s.step('dispatch', 'dispatched', s.owner, null, `{"units":[${again.unitId}]}`);
  }
  for (const a of asg) {
    if (!s.wait(hours(r, 3))) {
      return false;
    }
    a.status = 'handling';
    a.signedAt = s.t;
    a.handlerId = m.staff(a.unitId, r);
    s.step('sign', 'handling', a.unitId);
  }
  const leadAsg = asg[0];
  if (leadAsg === undefined) {
    return false;
  }
  // handling time in working days, about 7/5 calendar days each
  const handleMs = r.logNormal(p.handleMedian, p.handleSigma) * 1.4 * 24 * MS_HOUR;
  const clock = s.clocks.at(-1);
  if (r.chance(0.15) && s.wait(handleMs * 0.4)) {
    s.step('progress', 'handling', leadAsg.unitId, '已联系当事人，正在核实情况');
  }
  if (clock !== undefined && handleMs > clock.dueAt - s.t && r.chance(0.4) && s.wait(hours(r, 6))) {
    s.step('request_extension', 'handling', leadAsg.unitId, '情况复杂，申请延期');
    if (!s.wait(hours(r, 8))) {
      return false;
    }
    const ext = Math.min(clock.maxExtension, 5);
    if (ext > 0 && r.chance(0.8)) {
      clock.extension = ext;
      clock.dueAt = s.cal.due(clock.dueAt - 1, ext, clock.unit);
      for (const a of asg) {
        a.dueAt = clock.dueAt;
      }
      s.step('approve_extension', 'handling', s.owner);
    } else {
      s.step('deny_extension', 'handling', s.owner, '不符合延期条件');
    }
  }
  if (
    clock !== undefined &&
    r.chance(0.4) &&
    s.t + handleMs > clock.dueAt &&
    clock.dueAt < s.anchor
  ) {
    // overdue matters draw a 督办 from the center above
    const at = s.t;
    s.t = Math.max(s.t, clock.dueAt);
    s.supervised = true;
    s.step('supervise', s.status, m.parentCenter(s.owner) ?? s.owner, '请加快办理进度，按期办结');
    s.t = Math.max(at, s.t);
  }
  if (r.chance(0.003)) {
    if (!s.wait(handleMs * 0.5)) {
      return false;
    }
    s.stopClocks();
    for (const a of asg) {
      a.status = 'withdrawn';
    }
    s.step('terminate', 'terminated', s.owner, '当事人撤回申请');
    return true;
  }
  if (!s.wait(Math.max(0, handleMs - (s.t - leadAsg.dispatchedAt)) + hours(r, 1))) {
    return false;
  }
  for (const a of asg) {
    a.status = 'fed_back';
    a.fedBackAt = s.t;
    a.feedback = r.pick(FEEDBACK);
  }
  s.outcome = pickOutcome(r);
  s.step('feedback', 'fed_back', leadAsg.unitId, leadAsg.feedback, `{"outcome":"${s.outcome}"}`);
  if (r.chance(0.02)) {
    if (!s.wait(hours(r, 8))) {
      return false;
    }
    s.step('rework', 'handling', s.owner, '办理结果不到位，请重新办理');
    leadAsg.status = 'handling';
    if (!s.wait(handleMs * 0.5)) {
      return false;
    }
    leadAsg.status = 'fed_back';
    leadAsg.fedBackAt = s.t;
    s.step('feedback', 'fed_back', leadAsg.unitId, '已按要求重新办理');
  }
  if (!s.wait(hours(r, 6))) {
    return false;
  }
  s.step('verify_pass', 'verified', s.owner);
  if (!s.wait(hours(r, 2))) {
    return false;
  }
  s.stopClocks();
  for (const a of asg) {
    a.status = 'done';
  }
  s.closedAt = s.t;
  s.resolvedLevel = m.levelOf(s.owner);
  s.step('close', 'closed', s.owner);
  return true;
}

function warningOf(s: Sim, due: ClockRec | undefined): 'normal' | 'yellow' | 'red' {
  if (due === undefined || s.status === 'suspended') {
    return 'normal';
  }
  if (s.anchor > due.dueAt) {
    return 'red';
  }
  return s.anchor >= s.cal.before(due.dueAt, due.yellowBefore, due.unit) ? 'yellow' : 'normal';
}

export function simulate(
  input: LifeInput,
  r: Rng,
  cal: WorkCalendar,
  anchor: number,
  ids: IdSource,
): LifeResult {
  const s = new Sim(input, r, cal, anchor, ids);
  const p = input.profile;
  s.step('register', 'registered', input.registeredUnit, null, `{"channel":"${input.channel}"}`);
  if (input.acceptNow) {
    s.acceptedAt = s.t;
    s.step('accept', 'accepted', s.owner);
  } else {
    s.openClock('accept', null);
  }
  run: {
    if (!input.acceptNow) {
      const slow = p.acceptUnit === 'calendar_day' ? 48 : 3;
      if (!s.wait(hours(r, slow))) {
        break run;
      }
      const roll = r.next();
      if (roll < 0.012) {
        s.stopClocks();
        s.outcome = '不属于受理范围';
        s.step('decline', 'declined', s.owner, '不属于本中心受理范围，已告知其他途径');
        break run;
      }
      if (roll < 0.017) {
        s.stopClocks();
        s.mergedInto = Math.max(1, input.id - 1 - r.int(500));
        s.step('merge', 'merged', s.owner, '与已登记事项重复，并单处理');
        break run;
      }
      s.acceptedAt = s.t;
      s.stopClocks('accept');
      s.step('accept', 'accepted', s.owner);
    }
    const parent = input.parentCenter(s.owner);
    if (parent !== null && input.ownerLevel <= 4 && r.chance(0.02)) {
      if (!s.wait(hours(r, 24))) {
        break run;
      }
      s.step('escalate', 'accepted', s.owner, '情况复杂，提请上级中心协调');
      s.owner = parent;
      s.crossLevel = true;
    }
    for (;;) {
      if (!handleCycle(s) || s.status !== 'closed') {
        break run;
      }
      if (!s.wait(hours(r, 36, 0.6))) {
        break run;
      }
      const rating = SATISFACTION.draw(r);
      s.satisfaction = rating;
      if (rating <= 2 && s.cycle < 3) {
        s.step(
          'follow_up',
          'accepted',
          s.owner,
          '群众不满意，重新办理',
          `{"satisfaction":${rating}}`,
        );
        s.cycle += 1;
        s.reopenCount += 1;
        s.resolvedLevel = null;
        continue;
      }
      s.step('follow_up', 'archived', s.owner, null, `{"satisfaction":${rating}}`);
      break run;
    }
  }
  const open = s.clocks.filter((c) => c.stoppedAt === null).sort((a, b) => a.dueAt - b.dueAt);
  const current = open[0];
  const last = s.clocks.at(-1);
  const lastEvent = s.history.at(-1);
  return {
    status: s.status,
    cycle: s.cycle,
    reopenCount: s.reopenCount,
    ownerUnitId: s.owner,
    crossLevel: s.crossLevel,
    resolvedLevel: s.resolvedLevel,
    dueAt: current?.dueAt ?? last?.dueAt ?? null,
    warning: warningOf(s, current),
    supervised: s.supervised,
    satisfaction: s.satisfaction,
    outcome: s.outcome,
    acceptedAt: s.acceptedAt,
    closedAt: s.closedAt,
    updatedAt: lastEvent?.at ?? input.registeredAt,
    mergedInto: s.mergedInto,
    history: s.history,
    assignments: s.assignments,
    clocks: s.clocks,
  };
}
