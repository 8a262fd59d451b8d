import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import quzhou from '../modules/org/demo/quzhou-130435.json' with { type: 'json' };
import {
  GridIndex,
  centroid,
  generateDemoGrids,
  pointInPolygon,
  ringSelfIntersects,
  validatePolygon,
} from './geo.ts';
import type { TBBox, TDemoGrid, TGeoErrorCode, TPolygon, TPosition, TRing } from './geo.ts';

const QUZHOU_CENTER: TPosition = [114.95, 36.78];

const square = (w: number, s: number, size: number): TRing => [
  [w, s],
  [w + size, s],
  [w + size, s + size],
  [w, s + size],
  [w, s],
];
const poly = (...rings: TRing[]): TPolygon => ({ type: 'Polygon', coordinates: rings });

function villageCodes(count: number): { code: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    code: `130435${String(100_200 + i)}`,
  }));
}

function boxOf(g: TDemoGrid): TBBox {
  const ring = g.geometry.coordinates[0] ?? [];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function bruteFind(grids: readonly TDemoGrid[], lon: number, lat: number): string | null {
  return grids.find((g) => pointInPolygon(lon, lat, g.geometry))?.code ?? null;
}

describe('validatePolygon', () => {
  const expectCode = (input: unknown, code: TGeoErrorCode): void => {
    const r = validatePolygon(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
  };

  it('accepts a simple polygon, returns a 2-D copy and its bbox', () => {
    const input = {
      type: 'Polygon',
      coordinates: [square(114.9, 36.7, 0.01).map(([x, y]) => [x, y, 50])],
    };
    const r = validatePolygon(input);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toEqual(poly(square(114.9, 36.7, 0.01)));
      expect(r.bbox[0]).toBe(114.9);
      expect(r.bbox[1]).toBe(36.7);
      expect(r.bbox[2]).toBeCloseTo(114.91, 12);
      expect(r.bbox[3]).toBeCloseTo(36.71, 12);
    }
  });

  it('accepts a polygon with a hole and a MultiPolygon', () => {
    expect(validatePolygon(poly(square(115, 36, 1), square(115.2, 36.2, 0.2))).ok).toBe(true);
    const multi = {
      type: 'MultiPolygon',
      coordinates: [[square(115, 36, 0.1)], [square(116, 36, 0.1)]],
    };
    expect(validatePolygon(multi).ok).toBe(true);
  });

  it('geo.type for wrong shapes', () => {
    for (const input of [
      null,
      42,
      'Polygon',
      { type: 'Point', coordinates: [115, 36] },
      { type: 'Polygon' },
      { type: 'Polygon', coordinates: [] },
      { type: 'Polygon', coordinates: [[['115', '36']]] },
      { type: 'Polygon', coordinates: [[[115, Number.NaN]]] },
      { type: 'MultiPolygon', coordinates: [] },
      { type: 'MultiPolygon', coordinates: [square(115, 36, 1)] },
    ]) {
      expectCode(input, 'geo.type');
    }
  });

  it('geo.ring_not_closed', () => {
    const open = square(115, 36, 1).slice(0, 4);
    open.push([115.5, 35.9]);
    expectCode(poly(open), 'geo.ring_not_closed');
  });

  it('geo.too_few_points, counting distinct vertices', () => {
    const tri: TRing = [
      [115, 36],
      [116, 36],
      [115, 36],
    ];
    expectCode(poly(tri), 'geo.too_few_points');
    const dup: TRing = [
      [115, 36],
      [116, 36],
      [116, 36],
      [115, 36],
    ];
    expectCode(poly(dup), 'geo.too_few_points');
  });

  it('geo.out_of_range', () => {
    expectCode(poly(square(180.5, 36, 1)), 'geo.out_of_range');
    expectCode(poly(square(115, 89.5, 1)), 'geo.out_of_range');
  });

  it('geo.not_in_china, including swapped lon/lat', () => {
    expectCode(poly(square(2.3, 48.8, 0.1)), 'geo.not_in_china');
    expectCode(poly(square(36.78, 114.95 - 90, 0.1)), 'geo.not_in_china');
  });

  it('geo.self_intersection: bow-tie, fold-back spike, touching vertex, bad hole', () => {
    const bowtie: TRing = [
      [115, 36],
      [116, 37],
      [116, 36],
      [115, 37],
      [115, 36],
    ];
    expectCode(poly(bowtie), 'geo.self_intersection');
    const spike: TRing = [
      [115, 36],
      [116, 36],
      [116.5, 36],
      [116, 36.0000001],
      [116, 37],
      [115, 37],
      [115, 36],
    ];
    expect(ringSelfIntersects(spike)).toBe(false);
    const foldBack: TRing = [
      [115, 36],
      [116, 36],
      [116.5, 36],
      [116, 36],
      [116, 37],
      [115, 37],
      [115, 36],
    ];
    expectCode(poly(foldBack), 'geo.self_intersection');
    const figure8: TRing = [
      [115, 36],
      [116, 36],
      [115.5, 36.5],
      [116, 37],
      [115, 37],
      [115.5, 36.5],
      [115, 36],
    ];
    expectCode(poly(figure8), 'geo.self_intersection');
    // Zero-area triangle: only the neighbouring-edge fold-back test can see it.
    const flat: TRing = [
      [115, 36],
      [116, 36],
      [115.5, 36],
      [115, 36],
    ];
    expectCode(poly(flat), 'geo.self_intersection');
    expectCode(poly(square(115, 36, 1), bowtie), 'geo.self_intersection');
  });

  it('every error code is reachable and distinct', () => {
    const seen = new Set<string>();
    for (const input of [
      null,
      poly(square(115, 36, 1).slice(0, 3)),
      poly(
        square(115, 36, 1)
          .slice(0, 4)
          .concat([[115.1, 36]]),
      ),
      poly(square(200, 36, 1)),
      poly(square(20, 36, 1)),
      poly([
        [115, 36],
        [116, 37],
        [116, 36],
        [115, 37],
        [115, 36],
      ]),
    ]) {
      const r = validatePolygon(input);
      if (!r.ok) {
        seen.add(r.code);
      }
    }
    expect(seen.size).toBe(6);
  });
});

describe('pointInPolygon', () => {
  const withHole = poly(square(115, 36, 10), square(118, 39, 2));

  it('inside, outside, edge and vertex', () => {
    expect(pointInPolygon(116, 37, withHole)).toBe(true);
    expect(pointInPolygon(126, 37, withHole)).toBe(false);
    expect(pointInPolygon(114.999, 37, withHole)).toBe(false);
    expect(pointInPolygon(115, 40, withHole)).toBe(true);
    expect(pointInPolygon(125, 46, withHole)).toBe(true);
    expect(pointInPolygon(120, 36, withHole)).toBe(true);
  });

  it('holes exclude their interior but their edges count as boundary', () => {
    expect(pointInPolygon(119, 40, withHole)).toBe(false);
    expect(pointInPolygon(118, 40, withHole)).toBe(true);
    expect(pointInPolygon(120, 41, withHole)).toBe(true);
    expect(pointInPolygon(117.9, 40, withHole)).toBe(true);
  });

  it('concave polygon and MultiPolygon', () => {
    const ell: TRing = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ];
    const l = poly(ell);
    expect(pointInPolygon(0.5, 1.5, l)).toBe(true);
    expect(pointInPolygon(1.5, 1.5, l)).toBe(false);
    expect(pointInPolygon(1.5, 1, l)).toBe(true);
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1)], [ell]] };
    expect(pointInPolygon(0.5, 1.5, multi)).toBe(true);
    expect(pointInPolygon(3, 3, multi)).toBe(false);
  });

  it('agrees with the closed-rectangle formula (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 110, max: 120, noNaN: true }),
        fc.double({ min: 30, max: 40, noNaN: true }),
        (x, y) => {
          const inRect = x >= 113 && x <= 117 && y >= 33 && y <= 37;
          expect(pointInPolygon(x, y, poly(square(113, 33, 4)))).toBe(inRect);
        },
      ),
    );
  });
});

describe('centroid', () => {
  it('of a square, either winding', () => {
    const ring = square(115, 36, 2);
    const [x, y] = centroid(poly(ring));
    expect(x).toBeCloseTo(116, 9);
    expect(y).toBeCloseTo(37, 9);
    const [rx, ry] = centroid(poly([...ring].reverse()));
    expect(rx).toBeCloseTo(116, 9);
    expect(ry).toBeCloseTo(37, 9);
  });

  it('subtracts holes and weights MultiPolygon parts by area', () => {
    const [x] = centroid(poly(square(0, 0, 4), square(2, 0.5, 2)));
    expect(x).toBeCloseTo((4 * 4 * 2 - 2 * 2 * 3) / (16 - 4), 9);
    const multi = {
      type: 'MultiPolygon' as const,
      coordinates: [[square(0, 0, 1)], [square(10, 0, 3)]],
    };
    expect(centroid(multi)[0]).toBeCloseTo((1 * 0.5 + 9 * 11.5) / 10, 9);
  });
});

describe('generateDemoGrids', () => {
  const grids = generateDemoGrids(villageCodes(37), { center: QUZHOU_CENTER, seed: 7 });

  it('gives every village 2–4 valid grids with codes village+001… and names 第N网格', () => {
    const byVillage = new Map<string, TDemoGrid[]>();
    for (const g of grids) {
      expect(validatePolygon(g.geometry).ok).toBe(true);
      expect(g.code).toMatch(/^\d{15}$/);
      expect(g.code.startsWith(g.villageCode)).toBe(true);
      byVillage.set(g.villageCode, [...(byVillage.get(g.villageCode) ?? []), g]);
    }
    expect(byVillage.size).toBe(37);
    for (const [village, list] of byVillage) {
      expect(list.length).toBeGreaterThanOrEqual(2);
      expect(list.length).toBeLessThanOrEqual(4);
      list.forEach((g, i) => {
        expect(g.code).toBe(`${village}${String(i + 1).padStart(3, '0')}`);
        expect(g.name).toBe(`第${i + 1}网格`);
      });
    }
  });

  it('grids do not overlap (pairwise, positive-area intersection)', () => {
    const boxes = grids.map(boxOf);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i] ?? [0, 0, 0, 0];
        const b = boxes[j] ?? [0, 0, 0, 0];
        const ow = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        const oh = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        expect(ow > 0 && oh > 0, `${grids[i]?.code} overlaps ${grids[j]?.code}`).toBe(false);
      }
    }
  });

  it('covers about 30 km around the centre', () => {
    const boxes = grids.map(boxOf);
    const w = Math.min(...boxes.map((b) => b[0]));
    const e = Math.max(...boxes.map((b) => b[2]));
    const s = Math.min(...boxes.map((b) => b[1]));
    const n = Math.max(...boxes.map((b) => b[3]));
    const kmWide = (e - w) * 111.32 * Math.cos((36.78 * Math.PI) / 180);
    expect(kmWide).toBeCloseTo(30, 0);
    expect((n - s) * 110.574).toBeGreaterThan(26);
    expect((n - s) * 110.574).toBeLessThanOrEqual(30.001);
    expect(Math.abs((w + e) / 2 - QUZHOU_CENTER[0])).toBeLessThan(1e-6);
  });

  it('is deterministic by seed', () => {
    const again = generateDemoGrids(villageCodes(37), { center: QUZHOU_CENTER, seed: 7 });
    expect(again).toEqual(grids);
    const shuffled = generateDemoGrids(villageCodes(37).reverse(), {
      center: QUZHOU_CENTER,
      seed: 7,
    });
    expect(shuffled).toEqual(grids);
    const other = generateDemoGrids(villageCodes(37), { center: QUZHOU_CENTER, seed: 8 });
    expect(other).not.toEqual(grids);
  });

  it('handles no villages and a single village', () => {
    expect(generateDemoGrids([], { center: QUZHOU_CENTER, seed: 1 })).toEqual([]);
    const one = generateDemoGrids(villageCodes(1), { center: QUZHOU_CENTER, seed: 1 });
    expect(one.length).toBeGreaterThanOrEqual(2);
  });

  it('lays out all 曲周县 villages from the demo data', () => {
    const villages = quzhou.townships.flatMap((t) => t.villages);
    const all = generateDemoGrids(villages, { center: QUZHOU_CENTER, seed: 130435 });
    expect(new Set(all.map((g) => g.villageCode)).size).toBe(villages.length);
    expect(new Set(all.map((g) => g.code)).size).toBe(all.length);
    expect(all.every((g) => validatePolygon(g.geometry).ok)).toBe(true);
    const index = new GridIndex(all);
    const mid = all[Math.floor(all.length / 2)];
    if (mid) {
      const [x, y] = centroid(mid.geometry);
      expect(index.find(x, y)).toBe(mid.code);
    }
  });
});

describe('GridIndex', () => {
  it('is empty-safe and rejects NaN and far points', () => {
    expect(new GridIndex([]).find(115, 36)).toBeNull();
    const index = new GridIndex([{ code: 'a', geometry: poly(square(115, 36, 1)) }]);
    expect(index.find(Number.NaN, 36.5)).toBeNull();
    expect(index.find(120, 36.5)).toBeNull();
    expect(index.find(116, 37)).toBe('a');
  });

  it('agrees with a linear scan on random points, vertices and edges (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1 }), fc.double({ min: 0, max: 1 })), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.nat(),
        (villages, seed, unitPoints, pickVertex) => {
          const grids = generateDemoGrids(villageCodes(villages), { center: QUZHOU_CENTER, seed });
          const index = new GridIndex(grids);
          const [w, s, e, n] = [114.7, 36.55, 115.2, 37.0];
          const points: TPosition[] = unitPoints.map(([u, v]) => [
            w + u * (e - w),
            s + v * (n - s),
          ]);
          const ring = grids[pickVertex % grids.length]?.geometry.coordinates[0] ?? [];
          points.push(...ring);
          const [a, b] = [ring[0], ring[2]];
          if (a && b) {
            points.push([(a[0] + b[0]) / 2, a[1]], [a[0], (a[1] + b[1]) / 2]);
          }
          for (const [x, y] of points) {
            expect(index.find(x, y)).toBe(bruteFind(grids, x, y));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('handles 100,000 grids with fast lookups', () => {
    const grids = generateDemoGrids(villageCodes(34_000), {
      center: QUZHOU_CENTER,
      seed: 3,
      spanKm: 150,
    });
    expect(grids.length).toBeGreaterThan(100_000);
    const index = new GridIndex(grids);
    expect(index.size).toBe(grids.length);
    const started = performance.now();
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      const g = grids[(i * 7919) % grids.length];
      if (g) {
        const [x, y] = centroid(g.geometry);
        hits += index.find(x, y) === g.code ? 1 : 0;
      }
    }
    expect(hits).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
