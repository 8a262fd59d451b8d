import type { TPermission } from '../permissions.ts';
import type { TMatterStatus } from '../matters/constants.ts';

/**
 * The one closed loop every matter runs (DESIGN.md "One matter, one loop"; DOMAIN.md §3): a table
 * of transitions that the server's one engine interprets. Types extend it with rows of their
 * own (see ./index.ts); no route or service holds a status `if` chain.
 *
 * - relation: who, besides holding the permission, may act: the owning center, a unit the matter
 *   is assigned to, the lead unit of a 联办, or a center above the matter in the region tree.
 * - to: the next status; 'same' keeps it; 'previous' returns to the status before a suspension;
 *   'computed' lets the action's effect decide (e.g. follow-up reopens on 不满意).
 * - guards: named conditions the engine checks on the loaded matter; each failure has its code.
 * - effects: named steps the engine runs in the same transaction, in order.
 */
export const ACTIONS = {
  accept: '受理',
  decline: '不予受理',
  dispatch: '派遣',
  sign: '签收',
  return: '退回',
  progress: '办理进展',
  feedback: '反馈',
  verify_pass: '核查通过',
  rework: '返工',
  close: '结案',
  follow_up: '回访',
  escalate: '上报',
  hand_down: '下派',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  deny_extension: '不批准延期',
  suspend: '中止',
  resume: '恢复',
  supervise: '督办',
  terminate: '终止',
  merge: '并单',
} as const;
export type TAction = keyof typeof ACTIONS;

export type TRelation = 'owner' | 'assignee' | 'lead' | 'owner_or_upper';

export type TGuard =
  | 'assignment_to_sign'
  | 'assignment_open'
  | 'assignment_handling'
  | 'pending_extension'
  | 'no_pending_extension'
  | 'not_closed_before'
  | 'has_parent_center';

export type TEffect =
  | 'stop_clock_accept'
  | 'start_clock_handle'
  | 'stop_clocks'
  | 'pause_clocks'
  | 'resume_clocks'
  | 'create_assignments'
  | 'sign_assignment'
  | 'return_assignment'
  | 'feedback_assignment'
  | 'rework_lead'
  | 'close_matter'
  | 'rate_and_maybe_reopen'
  | 'move_owner_up'
  | 'move_owner_down'
  | 'open_extension'
  | 'grant_extension'
  | 'refuse_extension'
  | 'create_supervision'
  | 'merge_into'
  | 'record_outcome';

/** Which request body an action takes (see contracts/src/matters/actions.ts). */
export type TInput =
  | 'none'
  | 'comment'
  | 'reason'
  | 'dispatch'
  | 'feedback'
  | 'follow_up'
  | 'unit'
  | 'extension'
  | 'supervise'
  | 'merge';

export interface TTransition {
  action: TAction;
  from: readonly TMatterStatus[];
  to: TMatterStatus | 'same' | 'previous' | 'computed';
  permission: TPermission;
  relation: TRelation;
  input: TInput;
  guards: readonly TGuard[];
  effects: readonly TEffect[];
}

const WORKING: readonly TMatterStatus[] = ['dispatched', 'handling'];
const OPEN: readonly TMatterStatus[] = [
  'registered',
  'accepted',
  'dispatched',
  'handling',
  'fed_back',
  'verified',
];

export const BASE_MACHINE: readonly TTransition[] = [
  {
    action: 'accept',
    from: ['registered'],
    to: 'accepted',
    permission: 'matter.accept',
    relation: 'owner',
    input: 'comment',
    guards: [],
    effects: ['stop_clock_accept'],
  },
  {
    action: 'decline',
    from: ['registered'],
    to: 'declined',
    permission: 'matter.accept',
    relation: 'owner',
    input: 'reason',
    guards: [],
    effects: ['stop_clocks', 'record_outcome'],
  },
  {
    action: 'dispatch',
    from: ['accepted'],
    to: 'dispatched',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'dispatch',
    guards: [],
    effects: ['stop_clock_accept', 'create_assignments', 'start_clock_handle'],
  },
  {
    action: 'sign',
    from: ['dispatched', 'handling'],
    to: 'computed',
    permission: 'matter.handle',
    relation: 'assignee',
    input: 'comment',
    guards: ['assignment_to_sign'],
    effects: ['sign_assignment'],
  },
  {
    action: 'return',
    from: WORKING,
    to: 'computed',
    permission: 'matter.handle',
    relation: 'assignee',
    input: 'reason',
    guards: ['assignment_open'],
    effects: ['return_assignment'],
  },
  {
    action: 'progress',
    from: ['handling'],
    to: 'same',
    permission: 'matter.handle',
    relation: 'assignee',
    input: 'comment',
    guards: ['assignment_handling'],
    effects: [],
  },
  {
    action: 'feedback',
    from: ['handling'],
    to: 'computed',
    permission: 'matter.handle',
    relation: 'assignee',
    input: 'feedback',
    guards: ['assignment_handling'],
    effects: ['feedback_assignment'],
  },
  {
    action: 'verify_pass',
    from: ['fed_back'],
    to: 'verified',
    permission: 'matter.verify',
    relation: 'owner',
    input: 'comment',
    guards: [],
    effects: [],
  },
  {
    action: 'rework',
    from: ['fed_back'],
    to: 'handling',
    permission: 'matter.verify',
    relation: 'owner',
    input: 'reason',
    guards: [],
    effects: ['rework_lead'],
  },
  {
    action: 'close',
    from: ['verified'],
    to: 'closed',
    permission: 'matter.verify',
    relation: 'owner',
    input: 'comment',
    guards: ['not_closed_before'],
    effects: ['stop_clocks', 'close_matter'],
  },
  {
    action: 'follow_up',
    from: ['closed'],
    to: 'computed',
    permission: 'matter.verify',
    relation: 'owner',
    input: 'follow_up',
    guards: [],
    effects: ['rate_and_maybe_reopen'],
  },
  {
    action: 'escalate',
    from: ['registered', 'accepted'],
    to: 'accepted',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'reason',
    guards: ['has_parent_center'],
    effects: ['stop_clock_accept', 'move_owner_up'],
  },
  {
    action: 'hand_down',
    from: ['registered', 'accepted'],
    to: 'accepted',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'unit',
    guards: [],
    effects: ['stop_clock_accept', 'move_owner_down'],
  },
  {
    action: 'request_extension',
    from: WORKING,
    to: 'same',
    permission: 'matter.handle',
    relation: 'lead',
    input: 'extension',
    guards: ['assignment_open', 'no_pending_extension'],
    effects: ['open_extension'],
  },
  {
    action: 'approve_extension',
    from: WORKING,
    to: 'same',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'comment',
    guards: ['pending_extension'],
    effects: ['grant_extension'],
  },
  {
    action: 'deny_extension',
    from: WORKING,
    to: 'same',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'reason',
    guards: ['pending_extension'],
    effects: ['refuse_extension'],
  },
  {
    action: 'suspend',
    from: ['accepted', 'dispatched', 'handling', 'fed_back'],
    to: 'suspended',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'reason',
    guards: [],
    effects: ['pause_clocks'],
  },
  {
    action: 'resume',
    from: ['suspended'],
    to: 'previous',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'comment',
    guards: [],
    effects: ['resume_clocks'],
  },
  {
    action: 'supervise',
    from: [...OPEN, 'suspended'],
    to: 'same',
    permission: 'matter.supervise',
    relation: 'owner_or_upper',
    input: 'supervise',
    guards: [],
    effects: ['create_supervision'],
  },
  {
    action: 'terminate',
    from: [...OPEN, 'suspended'],
    to: 'terminated',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'reason',
    guards: [],
    effects: ['stop_clocks', 'record_outcome'],
  },
  {
    action: 'merge',
    from: ['registered', 'accepted'],
    to: 'merged',
    permission: 'matter.dispatch',
    relation: 'owner',
    input: 'merge',
    guards: [],
    effects: ['stop_clocks', 'merge_into'],
  },
];
