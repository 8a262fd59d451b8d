// The machine a run is measured on, recorded next to every figure.
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../../results', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));

export function diskFree(path = BENCH_DIR): string {
  const s = statfsSync(path);
  return `${((s.bavail * s.bsize) / 2 ** 30).toFixed(0)} GiB`;
}

export function diskFreeBytes(path = BENCH_DIR): number {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  diskFree: string;
  postgres: string | null;
  commit: string | null;
  /** The working tree differed from the commit (tracked or new files). */
  uncommitted: boolean;
}

export function machine(postgres: string | null): Machine {
  let commit: string | null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR })
      .toString()
      .trim();
  } catch {
    commit = null;
  }
  let uncommitted: boolean;
  try {
    uncommitted =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=normal'], { cwd: REPO_DIR })
        .toString()
        .trim() !== '';
  } catch {
    uncommitted = false;
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    diskFree: diskFree(),
    postgres,
    commit,
    uncommitted,
  };
}
