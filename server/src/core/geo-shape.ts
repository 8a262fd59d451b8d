/**
 * Geometry primitives for 网格 (grid) boundaries: types, validation, centroid (the point test is
 * in ./geo-point.ts).
 * Import from ./geo.ts, which re-exports these beside the grid index and demo layout.
 *
 * Coordinates are WGS-84 [lon, lat] degrees in GeoJSON order. All maths is planar in degrees:
 * grids are a few hundred metres across, so the distortion is far below what matters for
 * "which grid is this address in". No I/O and no database here so every caller (API, import,
 * seed scripts, tests) shares one definition of a valid grid.
 */

/** [lon, lat]; altitude is dropped on validation because grids are 2-D. */
export type TPosition = [number, number];
export type TRing = TPosition[];
export interface TPolygon {
  type: 'Polygon';
  coordinates: TRing[];
}
export interface TMultiPolygon {
  type: 'MultiPolygon';
  coordinates: TRing[][];
}
/** Any areal geometry a grid or region may have (an enclave makes a grid a MultiPolygon). */
export type TPolygonGeometry = TPolygon | TMultiPolygon;
export type TBBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export type TGeoErrorCode =
  | 'geo.type'
  | 'geo.ring_not_closed'
  | 'geo.too_few_points'
  | 'geo.out_of_range'
  | 'geo.self_intersection'
  | 'geo.not_in_china';
export type TGeoFailure = { ok: false; code: TGeoErrorCode; message: string };
export type TValidateResult = { ok: true; value: TPolygonGeometry; bbox: TBBox } | TGeoFailure;

/** Generous envelope of the PRC incl. 南海 islands; a sanity check against swapped lon/lat. */
export const CHINA_BBOX: TBBox = [73, 3, 136, 54];

/** Points closer than this to an edge count as on it (1e-10° ≈ 0.01 mm), absorbing FP noise. */
export const EDGE_EPS = 1e-10;

const fail = (code: TGeoErrorCode, message: string): TGeoFailure => ({ ok: false, code, message });

function asArray(v: unknown): readonly unknown[] | null {
  return Array.isArray(v) ? (v as unknown[]) : null;
}

function parsePosition(v: unknown): TPosition | null {
  const arr = asArray(v);
  if (!arr || arr.length < 2) {
    return null;
  }
  const [lon, lat] = arr;
  if (typeof lon !== 'number' || typeof lat !== 'number') {
    return null;
  }
  return Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : null;
}

function parseRing(v: unknown): TRing | null {
  const arr = asArray(v);
  if (!arr) {
    return null;
  }
  const ring: TRing = [];
  for (const item of arr) {
    const p = parsePosition(item);
    if (!p) {
      return null;
    }
    ring.push(p);
  }
  return ring;
}

function parsePolygonRings(v: unknown): TRing[] | null {
  const arr = asArray(v);
  if (!arr || arr.length === 0) {
    return null;
  }
  const rings: TRing[] = [];
  for (const item of arr) {
    const ring = parseRing(item);
    if (!ring) {
      return null;
    }
    rings.push(ring);
  }
  return rings;
}

/** Structural parse only; returns null for anything that is not Polygon/MultiPolygon-shaped. */
function parseGeometry(geojson: unknown): TPolygonGeometry | null {
  if (typeof geojson !== 'object' || geojson === null) {
    return null;
  }
  const { type, coordinates } = geojson as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') {
    const rings = parsePolygonRings(coordinates);
    return rings ? { type, coordinates: rings } : null;
  }
  if (type !== 'MultiPolygon') {
    return null;
  }
  const polys = asArray(coordinates);
  if (!polys || polys.length === 0) {
    return null;
  }
  const out: TRing[][] = [];
  for (const item of polys) {
    const rings = parsePolygonRings(item);
    if (!rings) {
      return null;
    }
    out.push(rings);
  }
  return { type, coordinates: out };
}

/** The polygons of a geometry as [outer, ...holes] ring lists. */
export function polygonsOf(geometry: TPolygonGeometry): TRing[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function samePoint(a: TPosition, b: TPosition): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Drops consecutive repeats: they are harmless in GeoJSON but would look like touching edges. */
function dedupeRing(ring: TRing): TRing {
  const out: TRing = [];
  for (const p of ring) {
    const last = out.at(-1);
    if (!last || !samePoint(last, p)) {
      out.push(p);
    }
  }
  return out;
}

function checkRing(ring: TRing, label: string): TGeoFailure | null {
  // A closed ring needs 3 distinct corners plus the repeated first one.
  if (ring.length < 4 || dedupeRing(ring).length < 4) {
    return fail(
      'geo.too_few_points',
      `${label}至少需要 4 个坐标点（含闭合点），且不少于 3 个不同顶点`,
    );
  }
  const first = ring[0];
  const last = ring.at(-1);
  if (!first || !last || !samePoint(first, last)) {
    return fail('geo.ring_not_closed', `${label}未闭合：首尾坐标必须相同`);
  }
  for (const [lon, lat] of ring) {
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      return fail(
        'geo.out_of_range',
        `${label}坐标 [${lon}, ${lat}] 超出范围：经度须在 -180～180，纬度须在 -90～90`,
      );
    }
  }
  return null;
}

export function bboxOf(geometry: TPolygonGeometry): TBBox {
  const box: TBBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygonsOf(geometry)) {
    // Holes lie inside the outer ring, so the outer ring alone bounds the polygon.
    for (const [lon, lat] of poly[0] ?? []) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

function orient(a: TPosition, b: TPosition, c: TPosition): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

/** For p already known to be collinear with a–b: does it lie on the closed segment? */
function withinSegment(a: TPosition, b: TPosition, p: TPosition): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Closed-segment intersection, touching included: in a simple ring non-neighbours never meet. */
function segmentsMeet(a: TPosition, b: TPosition, c: TPosition, d: TPosition): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    return true;
  }
  return (
    (o1 === 0 && withinSegment(a, b, c)) ||
    (o2 === 0 && withinSegment(a, b, d)) ||
    (o3 === 0 && withinSegment(c, d, a)) ||
    (o4 === 0 && withinSegment(c, d, b))
  );
}

/** Neighbouring edges share vertex s; they overlap only if the ring doubles back on itself. */
function foldsBack(p: TPosition, s: TPosition, q: TPosition): boolean {
  const dot = (p[0] - s[0]) * (q[0] - s[0]) + (p[1] - s[1]) * (q[1] - s[1]);
  return orient(p, s, q) === 0 && dot > 0;
}

/** O(n²) pairwise edge test: grids have a handful of vertices, so a sweep line is not worth it. */
export function ringSelfIntersects(ring: TRing): boolean {
  const pts = dedupeRing(ring);
  const m = pts.length - 1;
  const at = (i: number): TPosition => pts[i] ?? [NaN, NaN];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const hit =
        j === i + 1
          ? foldsBack(at(i), at(j), at(j + 1))
          : i === 0 && j === m - 1
            ? foldsBack(at(1), at(0), at(m - 1))
            : segmentsMeet(at(i), at(i + 1), at(j), at(j + 1));
      if (hit) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Checks a GeoJSON Polygon or MultiPolygon for use as a grid/region boundary. Returns a cleaned
 * 2-D copy. Rings are tested for self-intersection (outer rings and holes alike); ring-to-ring
 * relations (hole outside shell, overlapping parts) are not checked.
 */
export function validatePolygon(geojson: unknown): TValidateResult {
  const value = parseGeometry(geojson);
  if (!value) {
    return fail(
      'geo.type',
      '几何类型须为 Polygon 或 MultiPolygon，坐标为非空的 [经度, 纬度] 数值数组（GeoJSON 格式）',
    );
  }
  const polygons = polygonsOf(value);
  for (const [pi, poly] of polygons.entries()) {
    for (const [ri, ring] of poly.entries()) {
      const label = `${polygons.length > 1 ? `第 ${pi + 1} 个多边形的` : ''}${ri === 0 ? '外环' : `第 ${ri} 个内环`}`;
      const problem = checkRing(ring, label);
      if (problem) {
        return problem;
      }
    }
  }
  const bbox = bboxOf(value);
  const [w, s, e, n] = CHINA_BBOX;
  if (bbox[0] < w || bbox[1] < s || bbox[2] > e || bbox[3] > n) {
    return fail(
      'geo.not_in_china',
      '范围超出中国境内（东经 73°～136°，北纬 3°～54°），请检查是否把经纬度写反',
    );
  }
  for (const ring of polygons.flat()) {
    if (ringSelfIntersects(ring)) {
      return fail('geo.self_intersection', '多边形边界自相交或重叠，须为简单多边形');
    }
  }
  return { ok: true, value, bbox };
}

/** Signed area and first moments of a ring, relative to origin o to avoid FP cancellation. */
function ringMoments(ring: TRing, o: TPosition): [number, number, number] {
  let a = 0;
  let mx = 0;
  let my = 0;
  let prev = ring.at(-1);
  for (const cur of ring) {
    if (prev) {
      const [x0, y0] = [prev[0] - o[0], prev[1] - o[1]];
      const [x1, y1] = [cur[0] - o[0], cur[1] - o[1]];
      const cross = x0 * y1 - x1 * y0;
      a += cross / 2;
      mx += ((x0 + x1) * cross) / 6;
      my += ((y0 + y1) * cross) / 6;
    }
    prev = cur;
  }
  return [a, mx, my];
}

/** Area-weighted planar centroid (holes subtracted); vertex mean for degenerate input. */
export function centroid(geometry: TPolygonGeometry): TPosition {
  const rings = polygonsOf(geometry);
  const o = rings[0]?.[0]?.[0] ?? [0, 0];
  let area = 0;
  let mx = 0;
  let my = 0;
  for (const poly of rings) {
    for (const [ri, ring] of poly.entries()) {
      const [a, x, y] = ringMoments(ring, o);
      // Normalise winding so callers need not follow the right-hand rule; holes subtract.
      const k = (ri === 0 ? 1 : -1) * Math.sign(a);
      area += k * a;
      mx += k * x;
      my += k * y;
    }
  }
  if (Math.abs(area) > 0) {
    return [o[0] + mx / area, o[1] + my / area];
  }
  const pts = rings.flat(2);
  const sum = pts.reduce<TPosition>((s, p) => [s[0] + p[0], s[1] + p[1]], [0, 0]);
  return pts.length ? [sum[0] / pts.length, sum[1] / pts.length] : [NaN, NaN];
}
