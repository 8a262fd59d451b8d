// The region / unit / grid / staff trees of a generated scale, built in memory first (the matter
// generator draws from them), then written with batched INSERT … SELECT FROM unnest(…).
import { Rng } from '../lib/rng.ts';
import type { Scale } from './scales.ts';
import { personName, placeName } from './names.ts';

export type Rect = [w: number, s: number, e: number, n: number];

export interface GridSpec {
  code: string;
  villageCode: string;
  rect: Rect;
  households: number;
  population: number;
  /** Grid staff: the first is the full-time 专职网格员, the rest 兼职 (两长四员). */
  staff: number[];
}

export interface Village {
  code: string;
  name: string;
  urban: boolean;
  township: Township;
  /** Relative share of the matters of its city (skewed: a few hot villages). */
  weight: number;
  hot: boolean;
  grids: GridSpec[];
  centerId: number;
}

export interface Township {
  code: string;
  name: string;
  county: County;
  centerId: number;
  policeId: number;
  justiceId: number;
  mediationId: number;
  villages: Village[];
}

export interface County {
  code: string;
  name: string;
  cityCode: string;
  centerId: number;
  /** County departments by type (公安, 信访 …). */
  departments: Map<string, number>;
  townships: Township[];
}

export interface UnitRow {
  id: number;
  name: string;
  kind: 'center' | 'department' | 'mediation_org';
  departmentType: string | null;
  centerLevel: 'county' | 'township' | 'village' | null;
  grade: number | null;
  regionCode: string;
  parentId: number | null;
}

export interface UserRow {
  id: number;
  displayName: string;
  unitId: number;
  regionCode: string;
  role: string;
}

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent: string | null;
}

export interface Org {
  regions: RegionRow[];
  units: UnitRow[];
  users: UserRow[];
  counties: County[];
  villages: Village[];
  /** Staff of each unit (any business role), for picking the actor of a step. */
  staffOf: Map<number, number[]>;
  /** Region code of each center unit, and the parent center (for 上报). */
  centerRegion: Map<number, string>;
  /** Top-level scope codes that exist in this scale: province, cities. */
  provinceCode: string;
  cityCodes: string[];
}

export const COUNTY_DEPARTMENTS = [
  ['公安', '公安局'],
  ['法院', '人民法院'],
  ['检察', '人民检察院'],
  ['司法', '司法局'],
  ['信访', '信访局'],
  ['人社', '人力资源和社会保障局'],
  ['住建', '住房和城乡建设局'],
  ['自然资源', '自然资源局'],
  ['市场监管', '市场监督管理局'],
  ['城管', '城市管理综合行政执法局'],
  ['卫健', '卫生健康委员会'],
  ['教育', '教育局'],
] as const;

/** Integer parts of `total`, each ≥ `min`, with random sizes. */
export function splitTotal(total: number, parts: number, min: number, rng: Rng): number[] {
  const weights = Array.from({ length: parts }, () => rng.logNormal(1, 0.35));
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = total - parts * min;
  const out = weights.map((w) => min + Math.floor((spare * w) / sum));
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % parts, left--) {
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Tiles a rectangle into n rectangles (columns of stacked cells), shared edges identical. */
export function splitRect(rect: Rect, n: number, rng: Rng): Rect[] {
  const [w, s, e, nn] = rect;
  const cols = Math.max(1, Math.round(Math.sqrt(n)));
  const perCol = splitTotal(n, cols, 1, rng);
  const xs = cutPoints(w, e, cols, rng);
  const out: Rect[] = [];
  perCol.forEach((rows, c) => {
    const ys = cutPoints(s, nn, rows, rng);
    for (let r = 0; r < rows; r++) {
      out.push([xs[c] ?? w, ys[r] ?? s, xs[c + 1] ?? e, ys[r + 1] ?? nn]);
    }
  });
  return out;
}

function cutPoints(from: number, to: number, parts: number, rng: Rng): number[] {
  const weights = Array.from({ length: parts }, () => 0.7 + 0.6 * rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = [r6(from)];
  let acc = 0;
  for (let i = 0; i < parts - 1; i++) {
    acc += weights[i] ?? 1;
    out.push(r6(from + ((to - from) * acc) / sum));
  }
  out.push(r6(to));
  return out;
}

class Ids {
  unit = 0;
  user = 0;
}

interface Ctx {
  rng: Rng;
  ids: Ids;
  org: Org;
  usedNames: Set<string>;
}

function addUnit(ctx: Ctx, u: Omit<UnitRow, 'id'>): number {
  const id = ++ctx.ids.unit;
  ctx.org.units.push({ id, ...u });
  if (u.kind === 'center') {
    ctx.org.centerRegion.set(id, u.regionCode);
  }
  return id;
}

function addStaff(
  ctx: Ctx,
  unitId: number,
  regionCode: string,
  roles: [string, number][],
): number[] {
  const ids: number[] = [];
  for (const [role, count] of roles) {
    for (let i = 0; i < count; i++) {
      const id = ++ctx.ids.user;
      ctx.org.users.push({ id, displayName: personName(ctx.rng), unitId, regionCode, role });
      ids.push(id);
    }
  }
  const list = ctx.org.staffOf.get(unitId) ?? [];
  list.push(...ids);
  ctx.org.staffOf.set(unitId, list);
  return ids;
}

function addRegion(ctx: Ctx, code: string, name: string, level: number, parent: string | null) {
  ctx.org.regions.push({ code, name, level, parent });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function buildVillage(
  ctx: Ctx,
  t: Township,
  code: string,
  urban: boolean,
  rect: Rect,
  grids: number,
) {
  const stem = placeName(ctx.rng, ctx.usedNames);
  const name = `${stem}${urban ? '社区' : '村'}`;
  addRegion(ctx, code, `${name}${urban ? '居民委员会' : '村民委员会'}`, 5, t.code);
  const centerId = addUnit(ctx, {
    name: `${name}综治中心`,
    kind: 'center',
    departmentType: null,
    centerLevel: 'village',
    grade: 1 + ctx.rng.int(3),
    regionCode: code,
    parentId: t.centerId,
  });
  addStaff(ctx, centerId, code, [
    ['dispatcher', 1],
    ['clerk', 1],
  ]);
  const hot = false;
  const v: Village = {
    code,
    name,
    urban,
    township: t,
    weight: ctx.rng.logNormal(urban ? 1.4 : 1, 0.5),
    hot,
    grids: [],
    centerId,
  };
  splitRect(rect, grids, ctx.rng).forEach((gr, i) => {
    const households = Math.round(ctx.rng.range(urban ? 240 : 200, urban ? 330 : 360));
    const staff = addStaff(ctx, centerId, code, [['grid_worker', 5]]);
    v.grids.push({
      code: `${code}${pad(i + 1, 3)}`,
      villageCode: code,
      rect: gr,
      households,
      population: Math.round(households * ctx.rng.range(2.4, 3.1)),
      staff,
    });
  });
  return v;
}

function buildTownship(
  ctx: Ctx,
  county: County,
  code: string,
  kind: 'street' | 'town' | 'xiang',
  rect: Rect,
  villages: number,
  grids: number[],
): Township {
  const stem = placeName(ctx.rng, ctx.usedNames);
  const name = `${stem}${kind === 'street' ? '街道' : kind === 'town' ? '镇' : '乡'}`;
  addRegion(ctx, code, name, 4, county.code);
  const centerId = addUnit(ctx, {
    name: `${name}综治中心`,
    kind: 'center',
    departmentType: null,
    centerLevel: 'township',
    grade: 1 + ctx.rng.int(3),
    regionCode: code,
    parentId: county.centerId,
  });
  addStaff(ctx, centerId, code, [
    ['leader', 1],
    ['dispatcher', 6],
    ['clerk', 6],
    ['mediator', 2],
  ]);
  const dept = (type: string, label: string): number => {
    const id = addUnit(ctx, {
      name: `${name}${label}`,
      kind: 'department',
      departmentType: type,
      centerLevel: null,
      grade: null,
      regionCode: code,
      parentId: null,
    });
    addStaff(ctx, id, code, [['dept_handler', 10]]);
    return id;
  };
  const policeId = dept('公安', '派出所');
  const justiceId = dept('司法', '司法所');
  const mediationId = addUnit(ctx, {
    name: `${name}人民调解委员会`,
    kind: 'mediation_org',
    departmentType: null,
    centerLevel: null,
    grade: null,
    regionCode: code,
    parentId: null,
  });
  addStaff(ctx, mediationId, code, [['mediator', 5]]);
  const t: Township = {
    code,
    name,
    county,
    centerId,
    policeId,
    justiceId,
    mediationId,
    villages: [],
  };
  // 街道 have mostly 社区 (001–199), 镇 some, 乡 none (村 200–399)
  const urbanShare = kind === 'street' ? 0.9 : kind === 'town' ? 0.15 : 0;
  let community = 0;
  let village = 199;
  splitRect(rect, villages, ctx.rng).forEach((vr, i) => {
    const urban = ctx.rng.chance(urbanShare);
    const vcode = `${code}${pad(urban ? ++community : ++village, 3)}`;
    const v = buildVillage(ctx, t, vcode, urban, vr, grids[i] ?? 2);
    t.villages.push(v);
    ctx.org.villages.push(v);
  });
  return t;
}

function buildCounty(
  ctx: Ctx,
  cityCode: string,
  cityCenterId: number | null,
  code: string,
  rect: Rect,
  townships: number,
  villagesTotal: number,
  gridsTotal: number,
): County {
  const stem = placeName(ctx.rng, ctx.usedNames);
  const name = `${stem}${ctx.rng.chance(0.4) ? '区' : '县'}`;
  addRegion(ctx, code, name, 3, cityCode);
  const centerId = addUnit(ctx, {
    name: `${name}综治中心`,
    kind: 'center',
    departmentType: null,
    centerLevel: 'county',
    grade: 1,
    regionCode: code,
    parentId: cityCenterId,
  });
  addStaff(ctx, centerId, code, [
    ['leader', 2],
    ['dispatcher', 10],
    ['clerk', 10],
    ['mediator', 8],
  ]);
  const county: County = { code, name, cityCode, centerId, departments: new Map(), townships: [] };
  for (const [type, label] of COUNTY_DEPARTMENTS) {
    const id = addUnit(ctx, {
      name: `${name}${label}`,
      kind: 'department',
      departmentType: type,
      centerLevel: null,
      grade: null,
      regionCode: code,
      parentId: null,
    });
    addStaff(ctx, id, code, [['dept_handler', 25]]);
    county.departments.set(type, id);
  }
  const villageCounts = splitTotal(villagesTotal, townships, 5, ctx.rng);
  const gridCounts = splitTotal(gridsTotal, villagesTotal, 2, ctx.rng);
  const rects = splitRect(rect, townships, ctx.rng);
  let gi = 0;
  let street = 0;
  let town = 99;
  let xiang = 199;
  for (let i = 0; i < townships; i++) {
    const roll = ctx.rng.next();
    const kind = roll < 0.3 ? 'street' : roll < 0.8 ? 'town' : 'xiang';
    const tcode = `${code}${pad(kind === 'street' ? ++street : kind === 'town' ? ++town : ++xiang, 3)}`;
    const n = villageCounts[i] ?? 5;
    const t = buildTownship(
      ctx,
      county,
      tcode,
      kind,
      rects[i] ?? rect,
      n,
      gridCounts.slice(gi, gi + n),
    );
    gi += n;
    county.townships.push(t);
  }
  return county;
}

/** The whole organisation of a scale, deterministic by seed. */
export function buildOrg(scale: Scale, seed: number): Org {
  const rng = Rng.for(seed, 'org');
  const org: Org = {
    regions: [],
    units: [],
    users: [],
    counties: [],
    villages: [],
    staffOf: new Map(),
    centerRegion: new Map(),
    provinceCode: '36',
    cityCodes: [],
  };
  const ctx: Ctx = { rng, ids: new Ids(), org, usedNames: new Set() };
  addRegion(ctx, '36', '赣江省', 1, null);
  const withUpper = scale.name !== 'county';
  const provinceCenter =
    scale.name === 'province'
      ? addUnit(ctx, {
          name: '赣江省综治中心',
          kind: 'center',
          departmentType: null,
          centerLevel: 'county',
          grade: 1,
          regionCode: '36',
          parentId: null,
        })
      : null;
  if (provinceCenter !== null) {
    addStaff(ctx, provinceCenter, '36', [
      ['leader', 5],
      ['dispatcher', 20],
      ['clerk', 25],
    ]);
  }
  // cities on a 6 × 5 layout of ≈0.75° × 0.65° (≈72 km) squares around 115.9°E 27.6°N
  for (let c = 0; c < scale.cities; c++) {
    const code = `36${pad(c + 1, 2)}`;
    org.cityCodes.push(code);
    const stem = placeName(rng, ctx.usedNames);
    addRegion(ctx, code, `${stem}市`, 2, '36');
    const col = c % 6;
    const row = Math.floor(c / 6);
    const rect: Rect = [
      r6(113.6 + col * 0.78),
      r6(26.0 + row * 0.68),
      r6(113.6 + col * 0.78 + 0.75),
      r6(26.0 + row * 0.68 + 0.65),
    ];
    let cityCenter: number | null = null;
    if (withUpper) {
      // the city center grades as a county-level center in the schema's three grades
      cityCenter = addUnit(ctx, {
        name: `${stem}市综治中心`,
        kind: 'center',
        departmentType: null,
        centerLevel: 'county',
        grade: 1,
        regionCode: code,
        parentId: provinceCenter,
      });
      addStaff(ctx, cityCenter, code, [
        ['leader', 4],
        ['dispatcher', 16],
        ['clerk', 20],
      ]);
      for (const [type, label] of COUNTY_DEPARTMENTS) {
        const id = addUnit(ctx, {
          name: `${stem}市${label}`,
          kind: 'department',
          departmentType: type,
          centerLevel: null,
          grade: null,
          regionCode: code,
          parentId: null,
        });
        addStaff(ctx, id, code, [['dept_handler', 20]]);
      }
    }
    const n = scale.countiesPerCity;
    const tsp = splitTotal(scale.townshipsPerCity, n, 5, rng);
    const vil = tsp.map((t) => Math.round((t * scale.villagesPerCity) / scale.townshipsPerCity));
    const grd = vil.map((v) => Math.round((v * scale.gridsPerCity) / scale.villagesPerCity));
    splitRect(rect, n, rng).forEach((cr, i) => {
      org.counties.push(
        buildCounty(
          ctx,
          code,
          cityCenter,
          `${code}${pad(i + 1, 2)}`,
          cr,
          tsp[i] ?? 5,
          vil[i] ?? 50,
          grd[i] ?? 200,
        ),
      );
    });
  }
  // a few hot villages per city: ≈2–5 % of the city's matters each
  for (const cityCode of org.cityCodes) {
    const vs = org.villages.filter((v) => v.code.startsWith(cityCode));
    const total = vs.reduce((a, v) => a + v.weight, 0);
    for (let i = 0; i < 3; i++) {
      const v = rng.pick(vs);
      v.hot = true;
      v.weight = total * (0.02 + 0.03 * rng.next());
    }
  }
  return org;
}
