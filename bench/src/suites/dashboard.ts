// Dashboard aggregates for a township, county, city and province scope: the reference questions
// (dashboard/queries.ts) × every filter set, answered by a GROUP BY over matter, by the proposed
// rollups and by DuckDB over the same rows. Targets: < 100 ms at 10 M, faster than DuckDB.
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { applyRollup, dropRollup } from '../dashboard/rollup.ts';
import {
  FILTER_SETS,
  QUESTIONS,
  baseQuery,
  rollupQuery,
  type DashParams,
  type Question,
} from '../dashboard/queries.ts';
import { scopeRegions } from '../lib/actors.ts';
import { exportAndLoad, type DuckLoad } from '../lib/duck.ts';
import type { Row } from '../lib/report.ts';
import { load1, repeat, summarize } from '../lib/stats.ts';

type Engine = 'base' | 'rollup' | 'duckdb';

function periods(anchorIso: string): Omit<DashParams, 'scope' | 'filter'> {
  const local = new Date(new Date(anchorIso).getTime() + 8 * 3_600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const day = (offset: number) => iso(new Date(Date.UTC(y, m, local.getUTCDate() + offset)));
  return {
    from: iso(new Date(Date.UTC(y, m - 11, 1))),
    to: iso(new Date(Date.UTC(y, m + 1, 1))),
    weekFrom: day(-182),
    dayFrom: day(-89),
  };
}

async function timeQuery(
  engine: Engine,
  db: Db,
  duck: DuckLoad,
  q: Question,
  p: DashParams,
  iterations: number,
  maxMs: number,
): Promise<{ samples: number[]; fallback: boolean; first: unknown }> {
  let first: unknown = null;
  if (engine === 'duckdb') {
    const text = baseQuery(q, p, 'duck').text;
    const samples = await repeat(
      async () => {
        const r = await duck.connection.runAndReadAll(text);
        first ??= r.getRowObjectsJson()[0];
      },
      { warmup: 1, iterations, maxMs, minIterations: 2 },
    );
    return { samples, fallback: false, first };
  }
  const query = engine === 'base' ? baseQuery(q, p, 'pg') : rollupQuery(q, p);
  const samples = await repeat(
    async () => {
      const r = await db.pool.query(query.text, query.values);
      first ??= r.rows[0];
    },
    { warmup: 1, iterations, maxMs, minIterations: 2 },
  );
  return { samples, fallback: query.fallback === true, first };
}

export async function runDashboard(
  db: Db,
  databaseUrl: string,
  meta: { scale: string; anchor: string; cityCodes: string[]; provinceCode: string },
  budgetMs: number,
  log: (s: string) => void,
): Promise<Row[]> {
  const rows: Row[] = [];
  log('  dashboard: applying proposal 0005 (rollups) and building it');
  const build = await applyRollup(db);
  rows.push({
    suite: 'dashboard',
    name: `rollup build (proposal 0005): ${build.monthRows.toLocaleString()} month rows, ${build.dayRows.toLocaleString()} day rows`,
    engine: 'postgresql',
    value: Math.round(build.buildSeconds * 10) / 10,
    unit: 's',
    load: load1(),
    note: `DDL incl. matter_registered_idx ${build.createSeconds.toFixed(1)} s; refresh of one dirty month ${build.refreshMonthSeconds.toFixed(2)} s`,
  });
  log('  dashboard: exporting matter with COPY and loading DuckDB');
  const duck = await exportAndLoad(databaseUrl, meta.scale);
  rows.push({
    suite: 'dashboard',
    name: `DuckDB load: COPY export ${duck.exportSeconds.toFixed(1)} s (${Math.round(duck.csvBytes / 2 ** 20)} MiB CSV), read_csv ${duck.loadSeconds.toFixed(1)} s`,
    engine: 'duckdb',
    value: duck.rows,
    unit: 'rows',
    load: load1(),
  });
  try {
    const regions = await scopeRegions(db, meta.cityCodes, meta.provinceCode);
    const scopes: [string, string][] = [
      ['township', regions.townships[0] ?? ''],
      ['county', regions.counties[0] ?? ''],
    ];
    if (meta.scale !== 'county') {
      scopes.push(['city', regions.cities[0] ?? '']);
    }
    if (meta.scale === 'province') {
      scopes.push(['province', meta.provinceCode]);
    }
    const per = periods(meta.anchor);
    for (const [scopeName, scope] of scopes) {
      for (const engine of ['rollup', 'duckdb', 'base'] as Engine[]) {
        const heavy = engine === 'base' && (scopeName === 'city' || scopeName === 'province');
        const sets = heavy
          ? FILTER_SETS.filter((f) => f.label === 'no filter' || f.label.includes('+'))
          : FILTER_SETS;
        const all: number[] = [];
        const worst = { q: '', p99: 0 };
        const pages: number[] = [];
        let fallbacks = 0;
        for (const fs of sets) {
          const p: DashParams = { scope, ...per, filter: fs.filter };
          let page = 0;
          for (const q of QUESTIONS) {
            const r = await timeQuery(engine, db, duck, q, p, heavy ? 2 : 5, budgetMs / 40);
            const s = summarize(r.samples);
            all.push(...r.samples);
            page += s.p50;
            fallbacks += r.fallback ? 1 : 0;
            if (s.p99 > worst.p99) {
              worst.q = `${q} / ${fs.label}`;
              worst.p99 = s.p99;
            }
            rows.push({
              suite: 'dashboard-detail',
              name: `${scopeName}: ${q} / ${fs.label}`,
              engine: engine === 'duckdb' ? 'duckdb' : 'postgresql',
              stats: s,
              unit: 'ms',
              load: load1(),
              note: `${engine}${r.fallback ? ' (base-table fallback)' : ''}; first row ${JSON.stringify(r.first)}`,
            });
          }
          pages.push(page);
        }
        const stats = summarize(all);
        const target = engine === 'duckdb' ? undefined : 'each query < 100 ms';
        rows.push({
          suite: 'dashboard',
          name: `${scopeName} (${scope}): ${QUESTIONS.length} questions × ${sets.length} filter sets, ${engine}`,
          engine: engine === 'duckdb' ? 'duckdb' : 'postgresql',
          stats,
          unit: 'ms',
          ...(target === undefined ? {} : { target, met: stats.max < 100 }),
          load: load1(),
          note: `worst ${worst.q} p99 ${worst.p99} ms; page of ${QUESTIONS.length} (sum of p50) ${Math.round(Math.max(...pages))} ms max${fallbacks > 0 ? `; ${fallbacks} answers fell back to the base table` : ''}`,
        });
        log(
          `  dashboard ${scopeName} ${engine}: p50 ${stats.p50} p99 ${stats.p99} max ${stats.max} ms (n ${stats.n})`,
        );
      }
      // ratios against DuckDB in the same run
      const mine = rows.filter(
        (r) => r.suite === 'dashboard' && r.name.startsWith(`${scopeName} (`),
      );
      const duckRow = mine.find((r) => r.engine === 'duckdb');
      for (const r of mine) {
        if (r !== duckRow && duckRow?.stats && r.stats) {
          r.ratio = {
            of: 'DuckDB p50 (>1 = faster)',
            value: Math.round((duckRow.stats.p50 / r.stats.p50) * 100) / 100,
          };
          if (r.name.endsWith('rollup') || r.name.endsWith('base')) {
            r.met = (r.met ?? true) && r.stats.p50 < duckRow.stats.p50;
            r.target = 'each query < 100 ms, faster than DuckDB';
          }
        }
      }
    }
  } finally {
    await duck.close();
    await dropRollup(db);
  }
  return rows;
}
