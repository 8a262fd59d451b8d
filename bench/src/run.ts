// npm run bench -- [--scale county|city|province] [--suites geo,embedded,intake,worklist,search,dashboard]
//                  [--seconds 20] [--budget 6000]
// Runs the benchmarks against the database made by `npm run bench:data` (BENCH_DATABASE_URL, by
// default postgres://postgres@127.0.0.1:5432/fq_bench_<scale>), prints one table and writes
// bench/results/<date>-<scale>.json and .md. See bench/README.md for what each figure means.
import { parseArgs } from 'node:util';
import { currentMigration, migrate } from '@fengqiao/server/core/db/migrate.ts';
import { openPostgres } from '@fengqiao/server/core/db/postgres.ts';
import { SCALES, type ScaleName } from './gen/scales.ts';
import { startApp } from './lib/app.ts';
import { benchUrl, databaseExists, withDatabase } from './lib/db.ts';
import { diskFree, machine } from './lib/env.ts';
import { benchKey, readMeta } from './lib/meta.ts';
import { tableLines, writeReport, type Report, type Row } from './lib/report.ts';
import { load1, waitForQuiet } from './lib/stats.ts';
import { runDashboard } from './suites/dashboard.ts';
import { runEmbedded } from './suites/embedded.ts';
import { runGeo } from './suites/geo.ts';
import {
  login,
  pickIntakeUsers,
  runIntake,
  startServer,
  type IntakeUser,
} from './suites/intake.ts';
import { dropPgbench, initPgbench, pgbenchAvailable, tpcb } from './suites/pgbench.ts';
import { runSearch } from './suites/search.ts';
import { runWorklists } from './suites/worklist.ts';

const ALL = ['geo', 'embedded', 'intake', 'worklist', 'search', 'dashboard'];

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: process.env.BENCH_SCALE ?? 'city' },
      suites: { type: 'string', default: ALL.join(',') },
      seconds: { type: 'string', default: '20' },
      budget: { type: 'string', default: '6000' },
      tag: { type: 'string', default: '' },
    },
  });
  const scale = values.scale as ScaleName;
  if (!(scale in SCALES)) {
    throw new Error('--scale must be county, city or province');
  }
  const suites = new Set(values.suites.split(','));
  const seconds = Number(values.seconds);
  const budget = Number(values.budget);
  const url = benchUrl(scale);
  if (!(await databaseExists(url))) {
    throw new Error(
      `no bench database at ${url}: run \`npm run bench:data -- --scale ${scale}\` first`,
    );
  }
  const db = openPostgres(url, 8);
  const startedAt = new Date().toISOString();
  const rows: Row[] = [];
  try {
    const meta = await readMeta(db);
    if (meta === null) {
      throw new Error(`${url} was not made by bench:data (no metadata comment)`);
    }
    // the product migrates its database at start; so does the bench (indexes of later migrations)
    const before = await currentMigration(db);
    const t0 = performance.now();
    const latest = await migrate(db);
    const migrated = {
      from: before,
      to: latest,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
    if (before !== latest) {
      log(`migrated the bench database ${before} → ${latest} in ${migrated.seconds} s`);
      await db.pool.query('ANALYZE');
    }
    const version = await db.pool.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    const settings = await db.pool.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN
       ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'synchronous_commit', 'jit')`,
    );
    const size = await db.pool.query<{ s: string }>(
      'SELECT pg_size_pretty(pg_database_size(current_database())) AS s',
    );
    const matters = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM matter');
    log(
      `scale ${scale}: ${Number(matters.rows[0]?.n).toLocaleString()} matters, database ${size.rows[0]?.s}, disk free ${diskFree()}`,
    );
    log(`load ${load1()} (waiting up to 60 s for < 2)`);
    await waitForQuiet(2, 60_000);

    if (suites.has('geo')) {
      log('geo');
      rows.push(...(await runGeo(db, log)));
    }
    if (suites.has('embedded')) {
      log('embedded (PGlite)');
      rows.push(...(await runEmbedded(log, Math.min(seconds, 15))));
    }
    if (suites.has('intake')) {
      log('intake through the HTTP API, next to pgbench TPC-B');
      rows.push(...(await intakeSuite(db, url, meta.seed, scale, seconds)));
    }
    if (suites.has('worklist') || suites.has('search') || suites.has('dashboard')) {
      const app = await startApp(db, benchKey(meta.seed));
      try {
        if (suites.has('worklist')) {
          log('worklists through GET /api/matters');
          rows.push(...(await runWorklists(db, app, meta, budget, log)));
        }
        if (suites.has('search')) {
          log('search through GET /api/matters?q=');
          rows.push(...(await runSearch(db, app, meta, budget, log)));
        }
        if (suites.has('dashboard')) {
          log('dashboard: GET /api/analytics/dashboard, naive GROUP BY, DuckDB');
          rows.push(...(await runDashboard(db, app, url, meta, budget, log)));
        }
      } finally {
        await app.close();
      }
    }
    const report: Report = {
      scale,
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machine(`PostgreSQL ${version.rows[0]?.v ?? '?'}`),
      database: {
        url: url.replace(/:[^:@/]*@/, ':***@'),
        size: size.rows[0]?.s,
        matters: Number(matters.rows[0]?.n),
        generated: meta,
        migration: migrated,
        settings: Object.fromEntries(
          settings.rows.map((s) => [s.name, `${s.setting}${s.unit ?? ''}`]),
        ),
      },
      rows,
    };
    const file = await writeReport(report, values.tag === '' ? '' : `-${values.tag}`);
    console.log(`\n${tableLines(rows.filter((r) => r.suite !== 'dashboard-detail')).join('\n')}\n`);
    log(`wrote ${file}`);
  } finally {
    await db.close();
  }
}

async function intakeSuite(
  db: ReturnType<typeof openPostgres>,
  url: string,
  seed: number,
  scale: ScaleName,
  seconds: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  const havePgbench = await pgbenchAvailable();
  if (havePgbench) {
    await initPgbench(url);
  }
  const server = await startServer(url, benchKey(seed));
  try {
    const users = await pickIntakeUsers(db, 16);
    const sessions: { user: IntakeUser; cookie: string }[] = [];
    for (const u of users) {
      sessions.push({ user: u, cookie: await login(server.url, u.username) });
    }
    const variants: { c: number; label: string; s: typeof sessions }[] = [1, 4, 16].map((c) => ({
      c,
      label: `spread over ${new Set(sessions.slice(0, c).map((x) => x.user.countyCode)).size} counties`,
      s: sessions,
    }));
    if (scale !== 'county') {
      const county = users[0]?.countyCode ?? '';
      const one = await pickIntakeUsers(db, 16, county);
      const oneSessions: typeof sessions = [];
      for (const u of one) {
        oneSessions.push({ user: u, cookie: await login(server.url, u.username) });
      }
      variants.push({ c: 16, label: 'all in one county', s: oneSessions });
    }
    for (const v of variants) {
      const tps = havePgbench ? await tpcb(withDatabase(url, 'postgres'), v.c, seconds) : null;
      if (tps !== null) {
        rows.push({
          suite: 'intake',
          name: `reference: pgbench TPC-B, ${v.c} client${v.c > 1 ? 's' : ''}`,
          engine: 'pgbench',
          value: Math.round(tps),
          unit: 'tx/s',
          load: load1(),
        });
      }
      const r = await runIntake(server.url, v.s, v.c, seconds, seed, server.child.pid);
      const ratio = tps === null ? null : r.perSecond / tps;
      rows.push({
        suite: 'intake',
        name: `POST /api/matters, concurrency ${v.c}, ${v.label}`,
        engine: 'postgresql',
        value: r.perSecond,
        unit: 'matters/s',
        stats: r.latency,
        ...(ratio === null
          ? {}
          : { ratio: { of: 'pgbench TPS', value: Math.round(ratio * 1000) / 1000 } }),
        target: '≥ 0.5× pgbench TPS',
        met: ratio === null ? null : ratio >= 0.5,
        load: r.load,
        note: `${r.ok} ok, ${r.errors} errors in ${r.seconds} s; CPU per matter: server process ${r.serverCpuMs ?? '?'} ms, PostgreSQL ${r.postgresCpuMs ?? '?'} ms, load generator ${r.clientCpuMs} ms${r.firstError === null ? '' : `; first error ${r.firstError}`}`,
      });
      log(
        `  intake c=${v.c} (${v.label}): ${r.perSecond}/s, p50 ${r.latency.p50} ms; pgbench ${tps?.toFixed(0) ?? '-'} tps`,
      );
    }
  } finally {
    await server.stop();
    if (havePgbench) {
      await dropPgbench(url);
    }
  }
  return rows;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
