import {
  ACTIONS,
  ASSIGNMENT_STATUSES,
  CHANNELS,
  MATTER_STATUSES,
  MATTER_TYPES,
  WARNINGS,
  type TMatterStatus,
} from '@fengqiao/contracts';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

export const STATUS_TAG: Record<TMatterStatus, TagType> = {
  registered: 'warning',
  accepted: 'warning',
  dispatched: 'primary',
  handling: 'primary',
  fed_back: 'primary',
  verified: 'success',
  closed: 'success',
  archived: 'info',
  declined: 'info',
  suspended: 'info',
  terminated: 'info',
  merged: 'info',
};

/** History rows also carry engine events that are not user actions (registration itself). */
const EVENT_LABELS: Record<string, string> = { register: '登记', ...ACTIONS };

/** A code's label, or the code itself when a newer server sends one this page does not know. */
function lookup(table: Record<string, string>, code: string): string {
  return Object.hasOwn(table, code) ? (table[code] ?? code) : code;
}

export const label = {
  type: (v: string) => lookup(MATTER_TYPES, v),
  channel: (v: string) => lookup(CHANNELS, v),
  status: (v: string) => lookup(MATTER_STATUSES, v),
  warning: (v: string) => lookup(WARNINGS, v),
  event: (v: string) => lookup(EVENT_LABELS, v),
  assignment: (v: string) => lookup(ASSIGNMENT_STATUSES, v),
};

const FMT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour12: false,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Times are stored in UTC and always shown in Asia/Shanghai, whatever the browser's zone. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) {
    return '—';
  }
  return FMT.format(new Date(iso)).replaceAll('/', '-');
}

/**
 * A deadline: one that ends with a day (local midnight) reads as that day's 24:00, the way
 * notices write it (“11 月 25 日 24 时前”), not as the next day's 00:00.
 */
export function formatDeadline(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) {
    return '—';
  }
  const text = formatTime(iso);
  if (!text.endsWith(' 00:00')) {
    return text;
  }
  const dayBefore = formatTime(new Date(Date.parse(iso) - 60_000).toISOString()).slice(0, 10);
  return `${dayBefore} 24:00`;
}

/** "剩 2 天 3 小时" / "超期 5 小时", for a deadline next to its warning colour. */
export function dueText(iso: string | null, now = Date.now()): string {
  if (iso === null) {
    return '';
  }
  const ms = new Date(iso).getTime() - now;
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  const span =
    hours >= 24
      ? `${Math.floor(hours / 24)} 天${hours % 24 > 0 ? ` ${hours % 24} 小时` : ''}`
      : `${Math.max(hours, 0)} 小时`;
  if (ms < 0) {
    return `超期 ${span}`;
  }
  return hours < 1 ? '不足 1 小时' : `剩 ${span}`;
}
