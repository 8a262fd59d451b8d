// Point-in-grid: the product's GridIndex (core/geo.ts) over demo layouts of ≈3,000 and ≈100,000
// grids (generateDemoGrids), over the bench database's own grids, and the SQL bounding-box lookup
// that registration uses today (modules/matters/place.ts). Target: ≥ 1 M lookups/s at 100 k grids.
import type { Db } from '@fengqiao/server/core/db/db.ts';
import {
  GridIndex,
  generateDemoGrids,
  pointInPolygon,
  type TGridFeature,
  type TPolygonGeometry,
} from '@fengqiao/server/core/geo.ts';
import { Rng } from '../lib/rng.ts';
import type { Row } from '../lib/report.ts';
import { load1, repeat, summarize } from '../lib/stats.ts';

function demoFeatures(villages: number, spanKm: number): TGridFeature[] {
  const codes = Array.from({ length: villages }, (_, i) => ({
    code: `36${String(1 + Math.floor(i / 2000)).padStart(4, '0')}${String(1 + (i % 2000)).padStart(6, '0')}`,
  }));
  return generateDemoGrids(codes, { center: [116.0, 28.0], seed: 7, spanKm }).map((g) => ({
    code: g.code,
    geometry: g.geometry,
  }));
}

function boundsOf(features: readonly TGridFeature[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const geom = f.geometry;
    const rings = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
    for (const poly of rings) {
      for (const [x = 0, y = 0] of poly[0] ?? []) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      }
    }
  }
  return b;
}

/** Lookups per second over `n` random points in the layout's bounds; best of three passes. */
function lookupRate(
  features: readonly TGridFeature[],
  n: number,
): { build: number; perSecond: number; hit: number } {
  const t0 = performance.now();
  const index = new GridIndex(features);
  const build = performance.now() - t0;
  const [w, s, e, nn] = boundsOf(features);
  const r = new Rng(42);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = w + (e - w) * r.next();
    ys[i] = s + (nn - s) * r.next();
  }
  let best = 0;
  let hits = 0;
  for (let pass = 0; pass < 3; pass++) {
    hits = 0;
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      if (index.find(xs[i] ?? 0, ys[i] ?? 0) !== null) {
        hits += 1;
      }
    }
    best = Math.max(best, n / ((performance.now() - t) / 1000));
  }
  return { build, perSecond: best, hit: hits / n };
}

export async function runGeo(db: Db | null, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const layouts: [string, number, number][] = [
    ['≈3,000 grids (demo layout, 1,000 villages)', 1000, 72],
    ['≈100,000 grids (demo layout, 33,334 villages)', 33_334, 400],
  ];
  for (const [label, villages, span] of layouts) {
    const features = demoFeatures(villages, span);
    const r = lookupRate(features, 1_000_000);
    const big = features.length > 50_000;
    rows.push({
      suite: 'geo',
      name: `GridIndex.find, ${features.length.toLocaleString()} grids: ${label}`,
      engine: 'node',
      value: Math.round(r.perSecond),
      unit: 'lookups/s',
      ...(big ? { target: '≥ 1 M/s at 100 k grids', met: r.perSecond >= 1_000_000 } : {}),
      load: load1(),
      note: `index built in ${r.build.toFixed(0)} ms; ${(r.hit * 100).toFixed(1)} % of points inside a grid`,
    });
    log(`  geo ${features.length} grids: ${Math.round(r.perSecond).toLocaleString()}/s`);
  }
  if (db === null) {
    return rows;
  }
  const grids = await db.pool.query<{
    code: string;
    region_code: string;
    geometry: TPolygonGeometry;
  }>('SELECT code, region_code, geometry FROM grid WHERE geometry IS NOT NULL ORDER BY code');
  const features = grids.rows.map((g) => ({ code: g.code, geometry: g.geometry }));
  const r = lookupRate(features, 1_000_000);
  rows.push({
    suite: 'geo',
    name: `GridIndex.find over the bench database's ${features.length.toLocaleString()} grids`,
    engine: 'node',
    value: Math.round(r.perSecond),
    unit: 'lookups/s',
    load: load1(),
    note: `index built in ${r.build.toFixed(0)} ms; ${(r.hit * 100).toFixed(1)} % hits`,
  });
  // today's registration path: bounding boxes in SQL, then pointInPolygon (place.ts)
  const rng = new Rng(43);
  for (const [label, len] of [
    ['village', 12],
    ['county', 6],
  ] as const) {
    const picks = Array.from({ length: 200 }, () => rng.pick(grids.rows));
    const samples = await repeat(
      async (i) => {
        const g = picks[i % picks.length];
        if (g === undefined) {
          return;
        }
        const ring =
          g.geometry.type === 'Polygon'
            ? g.geometry.coordinates[0]
            : g.geometry.coordinates[0]?.[0];
        const [x0 = 0, y0 = 0] = ring?.[0] ?? [];
        const [x1 = 0, y1 = 0] = ring?.[2] ?? [];
        const lon = (x0 + x1) / 2;
        const lat = (y0 + y1) / 2;
        const c = await db.pool.query<{ code: string; geometry: TPolygonGeometry }>(
          `SELECT code, region_code, geometry FROM grid
           WHERE region_code LIKE $1 AND geometry IS NOT NULL
             AND min_lon <= $2 AND max_lon >= $2 AND min_lat <= $3 AND max_lat >= $3 ORDER BY code`,
          [`${g.region_code.slice(0, len)}%`, lon, lat],
        );
        c.rows.find((x) => pointInPolygon(lon, lat, x.geometry));
      },
      { warmup: 10, iterations: 400, maxMs: 5000 },
    );
    const stats = summarize(samples);
    rows.push({
      suite: 'geo',
      name: `SQL bbox + pointInPolygon as in place.ts, region prefix = ${label}`,
      engine: 'postgresql',
      stats,
      value: Math.round(1000 / stats.mean),
      unit: 'lookups/s',
      load: load1(),
    });
  }
  return rows;
}
