// Timing helpers: percentiles over samples, time-boxed repetition, and the load of the machine
// (other processes share it; every figure records the load average it was measured under).
import { loadavg } from 'node:os';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
    max: round(s.at(-1) ?? Number.NaN),
  };
}

export interface RepeatOptions {
  warmup?: number;
  /** Stop after this many timed runs … */
  iterations: number;
  /** … or once this much time has passed (slow queries get fewer samples; n says how many). */
  maxMs: number;
  /** At least this many timed runs even past maxMs. */
  minIterations?: number;
}

/** Runs `fn(i)` repeatedly and returns the wall time of each timed run in ms. */
export async function repeat(
  fn: (i: number) => Promise<unknown>,
  o: RepeatOptions,
): Promise<number[]> {
  for (let i = 0; i < (o.warmup ?? 1); i++) {
    await fn(i);
  }
  const samples: number[] = [];
  const start = performance.now();
  const min = o.minIterations ?? 3;
  for (let i = 0; i < o.iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
    if (performance.now() - start > o.maxMs && samples.length >= min) {
      break;
    }
  }
  return samples;
}

export function load1(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/** Waits (up to maxMs) for the 1-minute load to drop below `below`, so a run starts quiet. */
export async function waitForQuiet(below: number, maxMs: number): Promise<number> {
  const start = performance.now();
  while (load1() >= below && performance.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 5000));
  }
  return load1();
}
