// node bench/src/summary.ts bench/results/<file>.json [more.json …]
// Prints the compact tables of bench/README.md "Latest results" from result files: every row but
// the per-filter-set dashboard details, latency as p50 / p95 / p99 (n), throughput as value, the
// ratio against the same run's reference, target met, and the load it was measured under.
import { readFile } from 'node:fs/promises';
import type { Report, Row } from './lib/report.ts';

const num = (v: number): string =>
  v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2);

function cell(r: Row): string {
  if (r.stats !== undefined) {
    const s = r.stats;
    return `${num(s.p50)} / ${num(s.p95)} / ${num(s.p99)} ms (${s.n})`;
  }
  return r.value === undefined ? '' : `${num(r.value)} ${r.unit}`;
}

async function main(): Promise<void> {
  for (const file of process.argv.slice(2)) {
    const report = JSON.parse(await readFile(file, 'utf8')) as Report;
    const m = report.machine;
    const db = report.database as { size?: string; matters?: number };
    console.log(
      `\n### ${report.scale}: ${file.split('/').at(-1) ?? file}\n\n` +
        `${report.startedAt.slice(0, 16)}Z, ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ` +
        `${m.postgres ?? ''}, Node ${m.node}, commit ${m.commit ?? '?'}` +
        `${(m as { uncommitted?: boolean }).uncommitted === true ? ' + working tree' : ''}; ` +
        `database ${db.size ?? '?'}, ${(db.matters ?? 0).toLocaleString('en-US')} matters.\n`,
    );
    console.log('| suite | case | p50 / p95 / p99 (n) or value | ratio | met | load |');
    console.log('|---|---|---|---|---|---|');
    for (const r of report.rows.filter((x) => x.suite !== 'dashboard-detail')) {
      const ratio = r.ratio === undefined ? '' : `${r.ratio.value}× ${r.ratio.of}`;
      const met = r.met === undefined || r.met === null ? '' : r.met ? 'yes' : 'no';
      console.log(
        `| ${r.suite} | ${r.name.replaceAll('|', '/')} | ${cell(r)} | ${ratio} | ${met} | ${r.load.toFixed(1)} |`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
