// Point-in-polygon for 网格 boundaries: rings packed into flat arrays, so one geometry
// (registration) and a hundred thousand (GridIndex) use the same exact test.
import { EDGE_EPS, polygonsOf } from './geo-shape.ts';
import type { TPolygonGeometry, TRing } from './geo-shape.ts';

/**
 * Rings packed into flat arrays for fast point tests: ring r's vertices are the pairs
 * coords[2 * start[r] .. 2 * start[r + 1]); outer[r] = 1 marks the outer ring that starts a
 * polygon, followed by its holes. Many geometries pack into one set (GridIndex), each owning a
 * range of rings.
 */
export interface TPackedRings {
  coords: Float64Array;
  start: Int32Array;
  outer: Uint8Array;
}

/** Packs geometries; ring range of geometry g is first[g] .. first[g + 1]. */
export function packRings(geometries: readonly TPolygonGeometry[]): {
  packed: TPackedRings;
  first: Int32Array;
} {
  const rings: { ring: TRing; outer: boolean }[] = [];
  const first = new Int32Array(geometries.length + 1);
  for (const [g, geometry] of geometries.entries()) {
    first[g] = rings.length;
    for (const poly of polygonsOf(geometry)) {
      for (const [k, ring] of poly.entries()) {
        rings.push({ ring, outer: k === 0 });
      }
    }
  }
  first[geometries.length] = rings.length;
  const start = new Int32Array(rings.length + 1);
  const outer = new Uint8Array(rings.length);
  let vertices = 0;
  for (const [r, x] of rings.entries()) {
    start[r] = vertices;
    outer[r] = x.outer ? 1 : 0;
    vertices += x.ring.length;
  }
  start[rings.length] = vertices;
  const coords = new Float64Array(2 * vertices);
  for (const [r, x] of rings.entries()) {
    let o = 2 * (start[r] ?? 0);
    for (const [lon, lat] of x.ring) {
      coords[o++] = lon;
      coords[o++] = lat;
    }
  }
  return { packed: { coords, start, outer }, first };
}

function nearSegment(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2));
  const ex = ax + t * dx - x;
  const ey = ay + t * dy - y;
  return ex * ex + ey * ey <= EDGE_EPS * EDGE_EPS;
}

const OUTSIDE = 0;
const INSIDE = 1;
const BOUNDARY = 2;

/**
 * Ray casting (crossing number) over ring r, with an explicit edge test so boundaries are
 * deterministic. The exact distance test runs only for edges whose box (widened by EDGE_EPS)
 * holds the point: a point within EDGE_EPS of a segment always lies in that box, so the answer
 * is the same, and most edges are rejected by four comparisons.
 */
function locateInRing(x: number, y: number, p: TPackedRings, r: number): number {
  const c = p.coords;
  const from = 2 * (p.start[r] ?? 0);
  const to = 2 * (p.start[r + 1] ?? 0);
  if (to === from) {
    return OUTSIDE;
  }
  let inside = false;
  let px = c[to - 2] ?? 0;
  let py = c[to - 1] ?? 0;
  for (let o = from; o < to; o += 2) {
    const cx = c[o] ?? 0;
    const cy = c[o + 1] ?? 0;
    if (
      x >= Math.min(px, cx) - EDGE_EPS &&
      x <= Math.max(px, cx) + EDGE_EPS &&
      y >= Math.min(py, cy) - EDGE_EPS &&
      y <= Math.max(py, cy) + EDGE_EPS &&
      nearSegment(x, y, px, py, cx, cy)
    ) {
      return BOUNDARY;
    }
    if (py > y !== cy > y && x < px + ((y - py) * (cx - px)) / (cy - py)) {
      inside = !inside;
    }
    px = cx;
    py = cy;
  }
  return inside ? INSIDE : OUTSIDE;
}

/** True when (x, y) is inside the rings r0 .. r1 (polygons with holes) or on a boundary. */
export function pointInPacked(
  x: number,
  y: number,
  p: TPackedRings,
  r0: number,
  r1: number,
): boolean {
  let r = r0;
  while (r < r1) {
    const side = locateInRing(x, y, p, r);
    if (side === BOUNDARY) {
      return true;
    }
    let q = r + 1;
    let inHole = false;
    for (; q < r1 && p.outer[q] === 0; q++) {
      if (side === INSIDE) {
        const h = locateInRing(x, y, p, q);
        if (h === BOUNDARY) {
          return true;
        }
        inHole ||= h === INSIDE;
      }
    }
    if (side === INSIDE && !inHole) {
      return true;
    }
    r = q;
  }
  return false;
}

/** True when (lon, lat) is inside the geometry or on its boundary (hole edges included). */
export function pointInPolygon(lon: number, lat: number, geometry: TPolygonGeometry): boolean {
  const { packed } = packRings([geometry]);
  return pointInPacked(lon, lat, packed, 0, packed.outer.length);
}
