import type { TOut } from '../../api/client.ts';

export type TUser = TOut<'users.list'>['items'][number];

export const USER_STATUSES: Record<TUser['status'], string> = {
  active: '正常',
  disabled: '已停用',
  left: '已离职',
};

const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%&*+=?'];

function randomIndex(n: number): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return (buf[0] ?? 0) % n;
}

/**
 * A 12-character one-time password with all four character classes (more than the policy's three
 * of four), without look-alike characters, so it can be read out or written down for hand-over.
 */
export function generatePassword(): string {
  const chars = SETS.map((s) => s.charAt(randomIndex(s.length)));
  const all = SETS.join('');
  while (chars.length < 12) {
    chars.push(all.charAt(randomIndex(all.length)));
  }
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

export function formatTime(iso: string | null): string {
  // sv-SE formats as "2026-11-23 19:42:03": ISO order, 24-hour, Beijing time
  return iso === null
    ? ''
    : new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
}
