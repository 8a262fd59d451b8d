import { describe, expect, it } from 'vitest';
import { formatDeadline, formatTime } from './format.ts';

describe('formatDeadline', () => {
  it('shows a deadline that ends with a day as that day’s 24:00 (Asia/Shanghai)', () => {
    // 2026-11-26 00:00 in Shanghai
    expect(formatDeadline('2026-11-25T16:00:00.000Z')).toBe('2026-11-25 24:00');
  });

  it('shows any other deadline as its time', () => {
    expect(formatDeadline('2026-11-13T09:30:00.000Z')).toBe(formatTime('2026-11-13T09:30:00.000Z'));
    expect(formatDeadline('2026-11-13T09:30:00.000Z')).toBe('2026-11-13 17:30');
    expect(formatDeadline(null)).toBe('—');
  });
});
