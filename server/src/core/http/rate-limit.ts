import type { Clock } from '../clock.ts';

/**
 * Fixed-window counters per (route, caller). In-process: with several server processes each
 * enforces its own window, so the effective limit is per process (documented in the ADR).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Returns the seconds to wait when over the limit, else 0. */
  hit(key: string, max: number, windowSeconds: number): number {
    const now = this.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    const w = this.windows.get(key);
    if (w === undefined || now - w.start >= windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      this.prune(now);
      return 0;
    }
    w.count += 1;
    return w.count > max ? Math.ceil((w.start + windowMs - now) / 1000) : 0;
  }

  private prune(now: number): void {
    if (this.windows.size < 10_000) {
      return;
    }
    for (const [k, w] of this.windows) {
      if (now - w.start > 3_600_000) {
        this.windows.delete(k);
      }
    }
  }
}
