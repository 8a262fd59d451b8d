import { ACTIONS, ENDPOINTS, ROLES, type TAction, type TRole } from '@fengqiao/contracts';
import type { TOut } from '../../api/client.ts';

export type TAuditEntry = TOut<'audit.list'>['items'][number];
export type TVerifyResult = TOut<'audit.verify'>;

// Events written outside a route of the same id (background jobs, the login steps).
const OTHER_EVENTS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login.locked': '登录（账号已锁定）',
  'calendar.missing_year_alert': '节假日安排缺失提醒',
  'demo.seed': '生成演示数据',
  'matters.clock_alert': '期限预警',
  'matters.register': '登记事项',
  'matters.document': '生成文书',
  message: '站内消息',
  'system.bootstrap': '系统初始化',
  'routine.checkin': '巡查签到',
  'portal.challenge': '群众端验证',
};

const ENDPOINT_IDS = new Set<string>(Object.keys(ENDPOINTS));

/** An event's name in Chinese: a route's summary, a matter action, or one of the other events. */
export function eventLabel(event: string): string {
  const replay = event.endsWith('.replay');
  const base = replay ? event.slice(0, -'.replay'.length) : event;
  let label = OTHER_EVENTS[base];
  if (label === undefined && ENDPOINT_IDS.has(base)) {
    label = ENDPOINTS[base as keyof typeof ENDPOINTS].summary;
  }
  const action = base.slice('matters.'.length);
  if (label === undefined && base.startsWith('matters.') && action in ACTIONS) {
    label = ACTIONS[action as TAction];
  }
  return `${label ?? base}${replay ? '（重复提交）' : ''}`;
}

/** The events worth filtering on: every audited route plus the others above. */
export const EVENT_OPTIONS: { value: string; label: string }[] = [
  ...Object.entries(OTHER_EVENTS).map(([value, label]) => ({ value, label })),
  ...Object.entries(ENDPOINTS)
    .filter(([, ep]) => ep.access.audit)
    .map(([value, ep]) => ({ value, label: ep.summary })),
].sort((a, b) => a.value.localeCompare(b.value));

export const OUTCOMES: Record<TAuditEntry['outcome'], { label: string; type: string }> = {
  success: { label: '成功', type: 'success' },
  failure: { label: '失败', type: 'warning' },
  denied: { label: '拒绝', type: 'danger' },
};

export const PROBLEM_KINDS: Record<TVerifyResult['problems'][number]['kind'], string> = {
  changed: '记录被修改',
  removed: '记录被删除',
  truncated: '末尾记录被截断',
  chain_broken: '哈希链断裂',
  checkpoint_mismatch: '与外部检查点不符',
};

export function roleNames(roles: readonly string[]): string {
  return roles.map((r) => (r in ROLES ? ROLES[r as TRole] : r)).join('、');
}
