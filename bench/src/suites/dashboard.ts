// The leader dashboard at a township (the hot one: skewed data), county, city and province scope:
// THE PRODUCT's GET /api/analytics/dashboard through buildApp().inject, as a dispatcher of the
// scope's center, for every filter the endpoint offers (type, channel, category, region
// drill-down) over the default 30 days by day and over 12 months by month; next to the same
// page answered by plain GROUP BYs over the base table (dashboard/page.ts) and by DuckDB over
// the same rows exported with COPY. Target: < 100 ms at 10 M and faster than DuckDB.
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { pageQueries, productUrl, type PageParams } from '../dashboard/page.ts';
import type { BenchApp } from '../lib/app.ts';
import { scopeRegions, staffAt } from '../lib/actors.ts';
import { exportAndLoad, type DuckLoad } from '../lib/duck.ts';
import type { Row } from '../lib/report.ts';
import { load1, repeat, summarize, type Summary } from '../lib/stats.ts';

type Engine = 'product' | 'base' | 'duckdb';
type Filter = Pick<PageParams, 'type' | 'channel' | 'categoryCode'> & { drill?: boolean };

/** The filters of the dashboard endpoint, each alone, then combined. */
export const FILTER_SETS: readonly { label: string; filter: Filter }[] = [
  { label: 'no filter', filter: {} },
  { label: 'type=grid_event', filter: { type: 'grid_event' } },
  { label: 'channel=hotline_12345', filter: { channel: 'hotline_12345' } },
  { label: 'category D*', filter: { categoryCode: 'D' } },
  {
    label: 'dispute+walk_in+D01',
    filter: { type: 'dispute', channel: 'walk_in', categoryCode: 'D01' },
  },
  { label: 'drill-down to the busiest child region', filter: { drill: true } },
];

function localDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The two periods: the endpoint's default (30 days to the data's anchor, by day) and a year. */
function periodsOf(anchorIso: string): Pick<PageParams, 'from' | 'to' | 'granularity'>[] {
  const anchor = new Date(anchorIso).getTime();
  const to = localDay(anchor);
  const yearFrom = `${String(Number(to.slice(0, 4)) - 1)}-${to.slice(5, 7)}-01`;
  return [
    { from: localDay(anchor - 29 * 86_400_000), to, granularity: 'day' },
    { from: yearFrom, to, granularity: 'month' },
  ];
}

async function busiestChild(db: Db, region: string): Promise<string | null> {
  const len = { 2: 4, 4: 6, 6: 9, 9: 12 }[region.length];
  if (len === undefined) {
    return null;
  }
  const r = await db.pool.query<{ k: string }>(
    `SELECT left(region_code, $2) AS k FROM matter
     WHERE region_code LIKE $1 AND id > (SELECT max(id) FROM matter) - 200000
     GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    [`${region}%`, len],
  );
  return r.rows[0]?.k ?? null;
}

async function timePage(
  engine: Engine,
  ctx: { db: Db; duck: DuckLoad; app: BenchApp; cookie: string; own: string },
  p: PageParams,
  iterations: number,
  maxMs: number,
): Promise<{ samples: number[]; check: string }> {
  let check = '';
  if (engine === 'product') {
    const url = productUrl(p, ctx.own);
    const samples = await repeat(
      async () => {
        const res = await ctx.app.get(url, ctx.cookie);
        if (res.status !== 200) {
          throw new Error(`${url}: ${res.status} ${res.body.slice(0, 300)}`);
        }
        if (check === '') {
          const body = JSON.parse(res.body) as { totals: { intake: number; closed: number } };
          check = `intake ${body.totals.intake}, closed ${body.totals.closed}`;
        }
      },
      { warmup: 1, iterations, maxMs, minIterations: 3 },
    );
    return { samples, check };
  }
  const queries = pageQueries(p, engine === 'base' ? 'pg' : 'duck');
  const samples = await repeat(
    async () => {
      for (const [i, q] of queries.entries()) {
        if (engine === 'base') {
          const r = await ctx.db.pool.query<Record<string, string>>(q.text, q.values);
          if (i === 0 && check === '') {
            check = `intake ${r.rows[0]?.intake}, closed ${r.rows[0]?.closed}`;
          }
        } else {
          const r = await ctx.duck.connection.runAndReadAll(q.text);
          if (i === 0 && check === '') {
            const row = r.getRowObjectsJson()[0];
            check = `intake ${JSON.stringify(row?.intake)}, closed ${JSON.stringify(row?.closed)}`;
          }
        }
      }
    },
    { warmup: 1, iterations, maxMs, minIterations: 3 },
  );
  return { samples, check };
}

export async function runDashboard(
  db: Db,
  app: BenchApp,
  databaseUrl: string,
  meta: { scale: string; anchor: string; cityCodes: string[]; provinceCode: string },
  budgetMs: number,
  log: (s: string) => void,
  variant = '',
): Promise<Row[]> {
  const rows: Row[] = [];
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
    if (regions.province !== null) {
      scopes.push(['province', regions.province]);
    }
    const periods = periodsOf(meta.anchor);
    for (const [scopeName, scope] of scopes) {
      const user = await staffAt(db, scope, 'dispatcher');
      if (user === null) {
        log(`  dashboard ${scopeName}: no dispatcher at ${scope}, skipped`);
        continue;
      }
      const cookie = await app.login(user);
      const child = await busiestChild(db, scope);
      for (const per of periods) {
        const perLabel = per.granularity === 'day' ? '30 days by day' : '12 months by month';
        const byEngine = new Map<Engine, { all: number[]; worst: string; worstP99: number }>();
        for (const fs of FILTER_SETS) {
          if (fs.filter.drill === true && child === null) {
            continue;
          }
          const { drill, ...filter } = fs.filter;
          const p: PageParams = {
            region: drill === true && child !== null ? child : scope,
            ...per,
            ...filter,
          };
          const checks: string[] = [];
          const stats = new Map<Engine, Summary>();
          for (const engine of ['product', 'base', 'duckdb'] as Engine[]) {
            const heavy =
              engine !== 'product' && (scopeName === 'province' || scopeName === 'city');
            const r = await timePage(
              engine,
              { db, duck, app, cookie, own: scope },
              p,
              heavy ? 5 : 15,
              budgetMs / 6,
            );
            const s = summarize(r.samples);
            stats.set(engine, s);
            checks.push(`${engine}: ${r.check}`);
            const acc = byEngine.get(engine) ?? { all: [], worst: '', worstP99: 0 };
            acc.all.push(...r.samples);
            if (s.p99 > acc.worstP99) {
              acc.worst = fs.label;
              acc.worstP99 = s.p99;
            }
            byEngine.set(engine, acc);
          }
          const mine = stats.get('product');
          const duckS = stats.get('duckdb');
          const baseS = stats.get('base');
          if (mine !== undefined && duckS !== undefined && baseS !== undefined) {
            rows.push({
              suite: 'dashboard-detail',
              name: `${scopeName}: ${perLabel} / ${fs.label}${variant}`,
              engine: 'postgresql',
              stats: mine,
              unit: 'ms',
              ratio: {
                of: 'DuckDB p50 (>1 = faster)',
                value: Math.round((duckS.p50 / mine.p50) * 100) / 100,
              },
              target: '< 100 ms, faster than DuckDB',
              met: mine.p99 < 100 && mine.p50 < duckS.p50,
              load: load1(),
              note: `naive GROUP BY p50 ${baseS.p50} ms, DuckDB p50 ${duckS.p50} ms; ${checks.join('; ')}`,
            });
          }
        }
        const duckAll = summarize(byEngine.get('duckdb')?.all ?? []);
        const baseAll = summarize(byEngine.get('base')?.all ?? []);
        for (const engine of ['product', 'base', 'duckdb'] as Engine[]) {
          const acc = byEngine.get(engine);
          if (acc === undefined) {
            continue;
          }
          const s = summarize(acc.all);
          const label =
            engine === 'product'
              ? 'GET /api/analytics/dashboard (the product)'
              : engine === 'base'
                ? 'reference: naive GROUP BY over matter, 8 queries'
                : 'reference: DuckDB over the COPY export, 8 queries';
          rows.push({
            suite: 'dashboard',
            name: `${scopeName} (${scope}), ${perLabel}, ${FILTER_SETS.length} filter sets: ${label}${variant}`,
            engine: engine === 'duckdb' ? 'duckdb' : 'postgresql',
            stats: s,
            unit: 'ms',
            ...(engine === 'duckdb'
              ? {}
              : {
                  ratio: {
                    of: 'DuckDB p50 (>1 = faster)',
                    value: Math.round((duckAll.p50 / s.p50) * 100) / 100,
                  },
                }),
            ...(engine === 'product'
              ? {
                  target: '< 100 ms, faster than DuckDB',
                  met: s.p99 < 100 && s.p50 < duckAll.p50,
                }
              : {}),
            load: load1(),
            note: `worst filter set ${acc.worst} (p99 ${acc.worstP99} ms)${engine === 'product' ? `; naive GROUP BY p50 ${baseAll.p50} ms` : ''}`,
          });
          log(
            `  dashboard ${scopeName} ${perLabel} ${engine}: p50 ${s.p50} p99 ${s.p99} ms (n ${s.n})`,
          );
        }
      }
    }
  } finally {
    await duck.close();
  }
  return rows;
}
