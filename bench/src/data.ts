// npm run bench:data -- --scale county|city|province [--seed 1] [--years 5] [--embedded DIR]
// Fills a fresh database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
// fq_bench_<scale>) through the product's migrations with a deterministic organisation and
// several years of matters. See bench/README.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { migrate } from '@fengqiao/server/core/db/migrate.ts';
import { openPglite } from '@fengqiao/server/core/db/pglite.ts';
import { openPostgres } from '@fengqiao/server/core/db/postgres.ts';
import { generateMatters } from './gen/matters.ts';
import { buildOrg } from './gen/org.ts';
import { SCALES, expectedMatters, type ScaleName } from './gen/scales.ts';
import { writeOrg } from './gen/write-org.ts';
import { benchUrl, enterBulkMode, leaveBulkMode, recreateDatabase } from './lib/db.ts';
import { benchCipher, fastEncryptor, writeMeta, type BenchMeta } from './lib/meta.ts';
import { RESULTS_DIR, diskFree } from './lib/env.ts';

export const DEFAULT_ANCHOR = '2026-11-20T02:00:00Z';
const BIG_TABLES = [
  'matter',
  'matter_party',
  'matter_assignment',
  'matter_clock',
  'matter_history',
];

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: process.env.BENCH_SCALE ?? 'county' },
      seed: { type: 'string', default: '1' },
      years: { type: 'string' },
      anchor: { type: 'string', default: DEFAULT_ANCHOR },
      embedded: { type: 'string' },
    },
  });
  const scaleName = values.scale;
  if (!(scaleName in SCALES)) {
    throw new Error('--scale must be county, city or province');
  }
  const base = SCALES[scaleName as ScaleName];
  const scale = values.years === undefined ? base : { ...base, years: Number(values.years) };
  const seed = Number(values.seed);
  const anchor = new Date(values.anchor);
  const t0 = performance.now();
  log(
    `disk free ${diskFree()}; memory ${(freemem() / 2 ** 30).toFixed(1)} of ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  );
  log(
    `scale ${scale.name}: ≈${expectedMatters(scale).toLocaleString()} matters over ${scale.years} years, seed ${seed}`,
  );
  let db: Db;
  if (values.embedded !== undefined) {
    await mkdir(values.embedded, { recursive: true });
    db = await openPglite({ dataDir: values.embedded });
    log(`embedded PGlite in ${values.embedded}`);
  } else {
    const url = benchUrl(scale.name);
    await recreateDatabase(url);
    db = openPostgres(url, 4);
    log(`PostgreSQL ${url.replace(/:[^:@/]*@/, ':***@')} (recreated)`);
  }
  try {
    await migrate(db);
    const org = buildOrg(scale, seed);
    log(
      `org: ${org.regions.length} regions, ${org.units.length} units, ${org.villages.reduce((a, v) => a + v.grids.length, 0)} grids, ${org.users.length} staff`,
    );
    await writeOrg(db, org, seed, new Date(anchor.getTime() - 400 * 86_400_000));
    await db.pool.query('SET synchronous_commit = off').catch(() => undefined);
    const restore = await enterBulkMode(db, BIG_TABLES);
    log(
      `bulk mode: dropped ${restore.indexes.length} indexes, ${restore.constraints.length} foreign keys`,
    );
    const tGen = performance.now();
    const res = await generateMatters({
      db,
      org,
      scale,
      seed,
      anchor: anchor.getTime(),
      cipher: benchCipher(seed),
      encrypt: fastEncryptor(seed),
      onProgress: (n, day) => {
        const s = (performance.now() - tGen) / 1000;
        log(`  ${day}: ${n.toLocaleString()} matters, ${Math.round(n / s).toLocaleString()}/s`);
      },
    });
    const genSeconds = (performance.now() - tGen) / 1000;
    log(
      `matters ${res.matters.toLocaleString()}, history ${res.history.toLocaleString()} in ${genSeconds.toFixed(0)} s`,
    );
    log(`server time per table: ${JSON.stringify(res.serverMs)}`);
    log('restoring indexes and foreign keys');
    const tIdx = performance.now();
    await leaveBulkMode(db, restore, log);
    const indexSeconds = (performance.now() - tIdx) / 1000;
    for (const t of BIG_TABLES) {
      await db.pool.query(
        `SELECT setval(pg_get_serial_sequence('${t}', 'id'), greatest(1, (SELECT max(id) FROM ${t})))`,
      );
    }
    const seq = [...res.codeSeq.entries()];
    for (let i = 0; i < seq.length; i += 10_000) {
      const part = seq.slice(i, i + 10_000);
      await db.pool.query(
        'INSERT INTO matter_code_seq (prefix, last) SELECT * FROM unnest($1::text[], $2::int[])',
        [part.map((p) => p[0]), part.map((p) => p[1])],
      );
    }
    log('VACUUM ANALYZE');
    const tVac = performance.now();
    await db.pool.query('VACUUM (ANALYZE)');
    const vacuumSeconds = (performance.now() - tVac) / 1000;
    const counts: Record<string, number> = {};
    for (const t of ['region', 'unit', 'grid', 'app_user', ...BIG_TABLES]) {
      const r = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
      counts[t] = Number(r.rows[0]?.n ?? 0);
    }
    const size = await db.pool.query<{ s: string }>(
      'SELECT pg_size_pretty(pg_database_size(current_database())) AS s',
    );
    const seconds = (performance.now() - t0) / 1000;
    const meta: BenchMeta = {
      scale: scale.name,
      seed,
      anchor: anchor.toISOString(),
      years: scale.years,
      generatedAt: new Date().toISOString(),
      seconds: Math.round(seconds),
      counts,
      provinceCode: org.provinceCode,
      cityCodes: org.cityCodes,
    };
    await writeMeta(db, meta);
    const summary = {
      ...meta,
      databaseSize: size.rows[0]?.s ?? null,
      phases: {
        generateAndInsertSeconds: Math.round(genSeconds),
        indexSeconds: Math.round(indexSeconds),
        vacuumSeconds: Math.round(vacuumSeconds),
      },
      mattersPerSecond: Math.round(res.matters / genSeconds),
      engine: db.kind,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = `${RESULTS_DIR}/data-${scale.name}${db.kind === 'pglite' ? '-embedded' : ''}.json`;
    await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
    log(`done in ${seconds.toFixed(0)} s, database ${summary.databaseSize}; ${file}`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
