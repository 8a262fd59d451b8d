/**
 * Public geometry API for 网格 (grids): the primitives from ./geo-shape.ts plus a fast
 * point→grid index and a deterministic demo-grid layout. Pure: no I/O, no database.
 */
import { EDGE_EPS, bboxOf } from './geo-shape.ts';
import { packRings, pointInPacked, type TPackedRings } from './geo-point.ts';
import type { TBBox, TPolygon, TPolygonGeometry, TPosition } from './geo-shape.ts';

export * from './geo-shape.ts';
export * from './geo-point.ts';

export interface TGridFeature {
  code: string;
  geometry: TPolygonGeometry;
}

/** Bucket of value v among `count` equal slots from `min`; the one formula for items and queries. */
function slot(v: number, min: number, size: number, count: number): number {
  if (!(size > 0)) {
    return 0;
  }
  return Math.min(count - 1, Math.max(0, Math.floor((v - min) / size)));
}

/** Padded by the edge tolerance so a point pointInPolygon calls "on the edge" is never culled. */
function paddedBox(geometry: TPolygonGeometry): TBBox {
  const [w, s, e, n] = bboxOf(geometry);
  return [w - EDGE_EPS, s - EDGE_EPS, e + EDGE_EPS, n + EDGE_EPS];
}

/**
 * Point → grid lookup over a uniform bucket grid of feature bounding boxes. Buckets are sized for
 * about one feature each, so a query tests a handful of candidates exactly. When grids share an
 * edge the feature listed first wins, the same answer a linear scan would give. Boxes and buckets
 * live in flat typed arrays (one cache line per candidate box, no pointer chasing), and the rings
 * are packed once into flat arrays too, so a lookup allocates nothing.
 */
export class GridIndex {
  readonly #codes: string[];
  /** Every feature's rings, packed; feature i owns rings #first[i] .. #first[i + 1]. */
  readonly #rings: TPackedRings;
  readonly #first: Int32Array;
  /** [w, s, e, n] per feature, padded by EDGE_EPS. */
  readonly #boxes: Float64Array;
  /** Bucket k holds feature indexes #items[#starts[k] .. #starts[k + 1]), in feature order. */
  readonly #starts: Int32Array;
  readonly #items: Int32Array;
  readonly #bounds: TBBox = [Infinity, Infinity, -Infinity, -Infinity];
  readonly #cols: number = 0;
  readonly #rows: number = 0;
  readonly #cellW: number = 0;
  readonly #cellH: number = 0;

  constructor(features: readonly TGridFeature[]) {
    const n = features.length;
    this.#codes = features.map((f) => f.code);
    ({ packed: this.#rings, first: this.#first } = packRings(features.map((f) => f.geometry)));
    this.#boxes = new Float64Array(4 * n);
    const b = this.#bounds;
    for (const [i, f] of features.entries()) {
      const box = paddedBox(f.geometry);
      this.#boxes.set(box, 4 * i);
      b[0] = Math.min(b[0], box[0]);
      b[1] = Math.min(b[1], box[1]);
      b[2] = Math.max(b[2], box[2]);
      b[3] = Math.max(b[3], box[3]);
    }
    if (n > 0) {
      const width = b[2] - b[0];
      const height = b[3] - b[1];
      const cell = Math.sqrt((width * height) / n) || Math.max(width, height) / n || 1;
      // Caps keep degenerate (zero-width or very elongated) inputs from allocating huge tables.
      this.#cols = Math.max(1, Math.min(Math.ceil(width / cell), 4 * n));
      this.#rows = Math.max(1, Math.min(Math.ceil(height / cell), Math.ceil((4 * n) / this.#cols)));
      this.#cellW = width / this.#cols;
      this.#cellH = height / this.#rows;
    }
    [this.#starts, this.#items] = this.#fillBuckets(n);
  }

  get size(): number {
    return this.#codes.length;
  }

  /** The bucket range of feature i's box: [c0, c1, r0, r1]. */
  #span(i: number): [number, number, number, number] {
    const [w, s] = this.#bounds;
    const o = 4 * i;
    const box = this.#boxes;
    return [
      slot(box[o] ?? 0, w, this.#cellW, this.#cols),
      slot(box[o + 2] ?? 0, w, this.#cellW, this.#cols),
      slot(box[o + 1] ?? 0, s, this.#cellH, this.#rows),
      slot(box[o + 3] ?? 0, s, this.#cellH, this.#rows),
    ];
  }

  /** Two passes (count, then place) into compressed rows; features in order within a bucket. */
  #fillBuckets(n: number): [Int32Array, Int32Array] {
    const cells = this.#cols * this.#rows;
    const starts = new Int32Array(cells + 1);
    for (let i = 0; i < n; i++) {
      const [c0, c1, r0, r1] = this.#span(i);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const k = r * this.#cols + c + 1;
          starts[k] = (starts[k] ?? 0) + 1;
        }
      }
    }
    for (let k = 0; k < cells; k++) {
      starts[k + 1] = (starts[k + 1] ?? 0) + (starts[k] ?? 0);
    }
    const items = new Int32Array(starts[cells] ?? 0);
    const next = starts.slice(0, cells);
    for (let i = 0; i < n; i++) {
      const [c0, c1, r0, r1] = this.#span(i);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const k = r * this.#cols + c;
          items[next[k] ?? 0] = i;
          next[k] = (next[k] ?? 0) + 1;
        }
      }
    }
    return [starts, items];
  }

  /** Code of the grid containing (lon, lat), boundary inclusive; null if none does. */
  find(lon: number, lat: number): string | null {
    const [w, s, e, n] = this.#bounds;
    // Negated form also rejects NaN.
    if (!(lon >= w && lon <= e && lat >= s && lat <= n)) {
      return null;
    }
    const k =
      slot(lat, s, this.#cellH, this.#rows) * this.#cols + slot(lon, w, this.#cellW, this.#cols);
    const box = this.#boxes;
    const end = this.#starts[k + 1] ?? 0;
    for (let j = this.#starts[k] ?? 0; j < end; j++) {
      const i = this.#items[j] ?? 0;
      const o = 4 * i;
      if (
        lon >= (box[o] ?? 0) &&
        lon <= (box[o + 2] ?? 0) &&
        lat >= (box[o + 1] ?? 0) &&
        lat <= (box[o + 3] ?? 0) &&
        pointInPacked(lon, lat, this.#rings, this.#first[i] ?? 0, this.#first[i + 1] ?? 0)
      ) {
        return this.#codes[i] ?? null;
      }
    }
    return null;
  }
}

export interface TDemoGrid {
  code: string;
  villageCode: string;
  name: string;
  geometry: TPolygon;
}

export interface TDemoGridOptions {
  center: TPosition;
  seed: number;
  /** Width and height of the laid-out county in km; 30 suits 曲周县. */
  spanKm?: number;
}

type TRect = [w: number, s: number, e: number, n: number];
type TRng = () => number;

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_AT_EQUATOR = 111.32;

/** xorshift32: tiny and identical on every platform, which Math.random is not. */
function makeRng(seed: number): TRng {
  let x = (Math.trunc(seed) ^ 0x9e3779b9) | 0 || 0x6d2b79f5;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
  // Nearby seeds start in nearby states; a short warm-up decorrelates them.
  for (let i = 0; i < 8; i++) {
    next();
  }
  return next;
}

/** 1e-7° ≈ 1 cm. Every edge is rounded once and reused, so neighbours share identical edges. */
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

function pick<T>(arr: readonly T[], i: number): T {
  const v = arr[i];
  if (v === undefined) {
    throw new RangeError(`index ${i} out of range`);
  }
  return v;
}

/** Cut points splitting [start, start + length] into `parts` pieces of random-ish size. */
function cuts(start: number, length: number, parts: number, rng: TRng): number[] {
  const weights = Array.from({ length: parts }, () => 0.75 + 0.5 * rng());
  const total = weights.reduce((a, b) => a + b, 0);
  const out = [round7(start)];
  let acc = 0;
  for (const weight of weights) {
    acc += weight;
    out.push(round7(start + (length * acc) / total));
  }
  return out;
}

function halve(rect: TRect, alongLon: boolean, rng: TRng): [TRect, TRect] {
  const [w, s, e, n] = rect;
  const f = 0.4 + 0.2 * rng();
  if (alongLon) {
    const x = round7(w + (e - w) * f);
    return [
      [w, s, x, n],
      [x, s, e, n],
    ];
  }
  const y = round7(s + (n - s) * f);
  return [
    [w, s, e, y],
    [w, y, e, n],
  ];
}

/** 2–4 rectangles tiling `rect`: one cut across the long side, then optional cross cuts. */
function splitVillage(rect: TRect, lonScale: number, rng: TRng): TRect[] {
  const parts = 2 + Math.floor(rng() * 3);
  const wide = (rect[2] - rect[0]) * lonScale >= rect[3] - rect[1];
  const [a, b] = halve(rect, wide, rng);
  return [
    ...(parts >= 3 ? halve(a, !wide, rng) : [a]),
    ...(parts === 4 ? halve(b, !wide, rng) : [b]),
  ];
}

function rectPolygon([w, s, e, n]: TRect): TPolygon {
  // Counter-clockwise outer ring, as RFC 7946 recommends.
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

function villageGrids(villageCode: string, rect: TRect, lonScale: number, rng: TRng): TDemoGrid[] {
  const rects = splitVillage(rect, lonScale, rng);
  // Number north→south, then west→east, as grid-numbering rules customarily do.
  rects.sort((p, q) => q[3] - p[3] || p[0] - q[0]);
  return rects.map((r, i) => ({
    code: `${villageCode}${String(i + 1).padStart(3, '0')}`,
    villageCode,
    name: `第${i + 1}网格`,
    geometry: rectPolygon(r),
  }));
}

/**
 * DEMO GEOMETRY, not real boundaries. Lays villages (sorted by code) out as adjacent rectangles
 * in snake-ordered columns around `center`, then splits each into 2–4 grids. Same input and seed
 * always give the same output; grids tile without overlap because shared edges are identical.
 */
export function generateDemoGrids(
  villages: readonly { code: string }[],
  opts: TDemoGridOptions,
): TDemoGrid[] {
  const codes = [...new Set(villages.map((v) => v.code))].sort();
  const rng = makeRng(opts.seed);
  const [lon0, lat0] = opts.center;
  const spanKm = opts.spanKm ?? 30;
  const lonScale = Math.cos((lat0 * Math.PI) / 180);
  const dLat = spanKm / KM_PER_DEG_LAT;
  const dLon = spanKm / (KM_PER_DEG_LON_AT_EQUATOR * lonScale);
  const cols = Math.ceil(Math.sqrt(codes.length));
  const xs = cuts(lon0 - dLon / 2, dLon, cols, rng);
  const grids: TDemoGrid[] = [];
  let next = 0;
  for (let c = 0; c < cols; c++) {
    const count = Math.floor(codes.length / cols) + (c < codes.length % cols ? 1 : 0);
    // Ragged column ends so the outline looks less like a box.
    const height = dLat * (0.88 + 0.12 * rng());
    const ys = cuts(lat0 - dLat / 2 + (dLat - height) * rng(), height, count, rng);
    for (let r = 0; r < count; r++) {
      // Snake order keeps consecutive codes (usually the same 乡镇) next to each other.
      const row = c % 2 === 0 ? r : count - 1 - r;
      const rect: TRect = [pick(xs, c), pick(ys, row), pick(xs, c + 1), pick(ys, row + 1)];
      grids.push(...villageGrids(pick(codes, next++), rect, lonScale, rng));
    }
  }
  return grids;
}
