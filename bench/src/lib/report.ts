// One result row per measured case, printed as a table and written as JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import type { Summary } from './stats.ts';
import { RESULTS_DIR, type Machine } from './env.ts';

export interface Row {
  suite: string;
  name: string;
  engine: 'postgresql' | 'pglite' | 'duckdb' | 'node' | 'pgbench';
  /** Latency samples in ms (p50/p95/p99) … */
  stats?: Summary;
  /** … or a throughput / size figure. */
  value?: number;
  unit: string;
  /** A ratio against a reference measured in the same run, e.g. intake / pgbench TPS. */
  ratio?: { of: string; value: number };
  target?: string;
  met?: boolean | null;
  /** 1-minute load average when measured (the machine is shared). */
  load: number;
  note?: string;
}

export interface Report {
  scale: string;
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  database: Record<string, unknown>;
  rows: Row[];
}

const fmt = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v)
    ? ''
    : v >= 100
      ? Math.round(v).toLocaleString('en-US')
      : v >= 10
        ? v.toFixed(1)
        : v.toFixed(2);

export function tableLines(rows: readonly Row[]): string[] {
  const head = [
    'suite',
    'case',
    'engine',
    'p50',
    'p95',
    'p99',
    'n',
    'value',
    'ratio',
    'target',
    'met',
    'load',
  ];
  const body = rows.map((r) => [
    r.suite,
    r.name,
    r.engine,
    fmt(r.stats?.p50),
    fmt(r.stats?.p95),
    fmt(r.stats?.p99),
    r.stats ? String(r.stats.n) : '',
    r.value === undefined ? (r.stats ? 'ms' : '') : `${fmt(r.value)} ${r.unit}`,
    r.ratio ? `${r.ratio.value.toFixed(2)}× ${r.ratio.of}` : '',
    r.target ?? '',
    r.met === undefined || r.met === null ? '' : r.met ? 'yes' : 'NO',
    r.load.toFixed(1),
  ]);
  const lines = [head, ...body].map(
    (cells) => `| ${cells.map((c) => c.replaceAll('|', '/')).join(' | ')} |`,
  );
  lines.splice(1, 0, `|${head.map(() => '---').join('|')}|`);
  return lines;
}

export async function writeReport(report: Report, tag: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const day = report.startedAt.slice(0, 10);
  const base = `${RESULTS_DIR}/${day}-${report.scale}${tag}`;
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    `# Fengqiao bench, ${report.scale} scale, ${report.startedAt}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, ` +
      `${report.machine.postgres ?? 'no PostgreSQL'}, Node ${report.machine.node}, commit ${report.machine.commit ?? '?'}` +
      `${report.machine.uncommitted ? ' plus uncommitted changes' : ''}.`,
    '',
    '`load` is the 1-minute load average when the row was measured; the machine is shared, so ' +
      'on 2 CPUs a load above 2 means the figures include waiting for a CPU.',
    '',
    ...tableLines(report.rows),
    '',
  ];
  await writeFile(`${base}.md`, md.join('\n'));
  return `${base}.json`;
}
