import { sql } from '../../core/db/sql.ts';
import { GRID_COLUMNS } from '../../modules/org/import-grids.ts';
import { XLSX_TYPE, workbookBuffer, type SheetColumn } from '../../modules/org/import-sheet.ts';
import { STAFF_COLUMNS } from '../../modules/org/import-staff.ts';
import { UNIT_COLUMNS } from '../../modules/org/import-units.ts';
import { TEST_PASSWORD, unique } from '../factories.ts';
import type { TestApp } from '../test-app.ts';
import type { MatrixRequest, MatrixTargets } from './types.ts';

/** Digits a child code adds to a parent code of each length (2 → 4 → 6 → 9 → 12). */
const CHILD_DIGITS: Record<number, number> = { 2: 2, 4: 2, 6: 3, 9: 3 };
const PARENT_LENGTH: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };

/** A free child code of `parent`: one past the highest existing child. */
async function freeChildCode(t: TestApp, parent: string): Promise<string> {
  const digits = CHILD_DIGITS[parent.length];
  if (digits === undefined) {
    throw new Error(`region ${parent} cannot have children`);
  }
  const rows = await t.db.query<{ n: number }>(sql`
    SELECT coalesce(max(right(code, ${digits})::int), 0) + 1 AS n FROM region
    WHERE parent_code = ${parent}`);
  return `${parent}${String(rows[0]?.n ?? 1).padStart(digits, '0')}`;
}

/**
 * Where fresh regions go for `region`: under it, or for a village (which has no children)
 * under its township — the same scope verdict for an actor sitting at township T1.
 */
function hostOf(region: string): string {
  const parent = PARENT_LENGTH[region.length];
  return region.length === 12 && parent !== undefined ? region.slice(0, parent) : region;
}

async function freshRegion(t: TestApp, region: string): Promise<string> {
  const parent = hostOf(region);
  const code = await freeChildCode(t, parent);
  const level = { 4: 2, 6: 3, 9: 4, 12: 5 }[code.length] ?? 0;
  await t.db.query(sql`
    INSERT INTO region (code, name, level, parent_code)
    VALUES (${code}, ${unique('区划')}, ${level}, ${parent})`);
  return code;
}

async function freshUnit(t: TestApp, region: string, kind = 'department') {
  const name = unique('单位');
  const id = await t.f.unit({ regionCode: region, kind, name });
  return { id, name };
}

/**
 * A village for grid targets: the region itself when it is one; a township's first fixture
 * village; for a county a fresh township and village directly under it, so the grid belongs to
 * the county and to nothing narrower that an actor lower down could see.
 */
async function villageOf(t: TestApp, region: string): Promise<string> {
  if (region.length === 12) {
    return region;
  }
  if (region.length < 9) {
    return freshRegion(t, await freshRegion(t, region));
  }
  const like = `${region}%`;
  const rows = await t.db.query<{ code: string }>(
    sql`SELECT code FROM region WHERE code LIKE ${like} AND level = 5 ORDER BY code LIMIT 1`,
  );
  const code = rows[0]?.code;
  if (code === undefined) {
    throw new Error(`no village under ${region}`);
  }
  return code;
}

/** A grid worker whose unit sits in the village (fresh villages have no fixture center). */
async function freshWorker(t: TestApp, village: string): Promise<number> {
  const unitId = await t.f.unit({ regionCode: village });
  return (await t.f.user({ roles: ['grid_worker'], unitId })).id;
}

async function freeGridCode(t: TestApp, village: string): Promise<string> {
  const rows = await t.db.query<{ n: number }>(sql`
    SELECT coalesce(max(right(code, 3)::int), 0) + 1 AS n FROM grid WHERE region_code = ${village}`);
  return `${village}${String(rows[0]?.n ?? 1).padStart(3, '0')}`;
}

async function freshGrid(t: TestApp, region: string): Promise<string> {
  const village = await villageOf(t, region);
  const code = await freeGridCode(t, village);
  await t.db.query(
    sql`INSERT INTO grid (code, name, region_code) VALUES (${code}, ${unique('网格')}, ${village})`,
  );
  return code;
}

async function freshAssignment(t: TestApp, region: string) {
  const gridCode = await freshGrid(t, region);
  const worker = await freshWorker(t, gridCode.slice(0, 12));
  const rows = await t.db.query<{ id: number }>(sql`
    INSERT INTO grid_assignment (grid_code, user_id, duty, region_code)
    VALUES (${gridCode}, ${worker}, 'grid_worker', ${gridCode.slice(0, 12)}) RETURNING id`);
  return { id: rows[0]?.id ?? 0, gridCode };
}

async function freshStation(t: TestApp, region: string) {
  const center = await freshUnit(t, region, 'center');
  const dept = await freshUnit(t, region);
  const rows = await t.db.query<{ id: number }>(sql`
    INSERT INTO station (center_id, department_id, mode, region_code)
    VALUES (${center.id}, ${dept.id}, 'resident', ${region}) RETURNING id`);
  return { id: rows[0]?.id ?? 0, departmentName: dept.name };
}

async function upload(
  kind: string,
  region: string,
  columns: readonly SheetColumn[],
  row: readonly string[],
): Promise<MatrixRequest> {
  const payload = await workbookBuffer([{ name: kind, rows: [columns.map((c) => c.title), row] }]);
  return {
    url: `/api/org/import/${kind}?regionCode=${region}`,
    raw: { contentType: XLSX_TYPE, payload },
    out: 400,
  };
}

/** Matrix targets of every scoped org endpoint (all but the template download). */
export const ORG_TARGETS: MatrixTargets = {
  'org.regions.tree': {
    role: 'sysadmin',
    build: (_t, region) =>
      Promise.resolve({ url: `/api/org/regions/tree?root=${region}&depth=2`, out: 404 }),
  },
  'org.regions.get': {
    role: 'sysadmin',
    build: (_t, region) => Promise.resolve({ url: `/api/org/regions/${region}`, out: 404 }),
  },
  'org.regions.create': {
    role: 'sysadmin',
    async build(t, region) {
      const parentCode = hostOf(region);
      const code = await freeChildCode(t, parentCode);
      return {
        url: '/api/org/regions',
        body: { code, name: unique('新区划'), parentCode },
        out: 400,
      };
    },
  },
  'org.regions.update': {
    role: 'sysadmin',
    async build(t, region) {
      const code = await freshRegion(t, region);
      return { url: `/api/org/regions/${code}`, body: { name: unique('改名') }, out: 404 };
    },
  },
  'org.regions.delete': {
    role: 'sysadmin',
    async build(t, region) {
      return { url: `/api/org/regions/${await freshRegion(t, region)}`, out: 404 };
    },
  },
  'org.regions.recode': {
    role: 'sysadmin',
    async build(t, region) {
      const code = await freshRegion(t, region);
      const newCode = await freeChildCode(t, hostOf(region));
      return {
        url: `/api/org/regions/${code}/recode`,
        body: { newCode, reason: '区划调整（测试）' },
        out: 404,
      };
    },
  },
  'org.units.list': {
    role: 'sysadmin',
    async build(t, region) {
      const { name } = await freshUnit(t, region);
      return {
        url: `/api/org/units?q=${encodeURIComponent(name)}&limit=500`,
        marker: name,
        out: 'absent',
      };
    },
  },
  'org.units.get': {
    role: 'sysadmin',
    async build(t, region) {
      return { url: `/api/org/units/${(await freshUnit(t, region)).id}`, out: 404 };
    },
  },
  'org.units.create': {
    role: 'sysadmin',
    build: (_t, region) =>
      Promise.resolve({
        url: '/api/org/units',
        body: {
          name: unique('单位'),
          kind: 'department',
          departmentType: '公安',
          regionCode: region,
        },
        out: 400,
      }),
  },
  'org.units.update': {
    role: 'sysadmin',
    async build(t, region) {
      const { id } = await freshUnit(t, region);
      return { url: `/api/org/units/${id}`, body: { address: '新地址' }, out: 404 };
    },
  },
  'org.units.delete': {
    role: 'sysadmin',
    async build(t, region) {
      return { url: `/api/org/units/${(await freshUnit(t, region)).id}`, out: 404 };
    },
  },
  'org.stations.list': {
    role: 'sysadmin',
    async build(t, region) {
      const { departmentName } = await freshStation(t, region);
      return { url: '/api/org/stations', marker: departmentName, out: 'absent' };
    },
  },
  'org.stations.create': {
    role: 'sysadmin',
    async build(t, region) {
      const center = await freshUnit(t, region, 'center');
      const dept = await freshUnit(t, region);
      return {
        url: '/api/org/stations',
        body: { centerId: center.id, departmentId: dept.id, mode: 'rotating' },
        out: 400,
      };
    },
  },
  'org.stations.delete': {
    role: 'sysadmin',
    async build(t, region) {
      return { url: `/api/org/stations/${(await freshStation(t, region)).id}`, out: 404 };
    },
  },
  'org.grids.list': {
    role: 'sysadmin',
    async build(t, region) {
      const code = await freshGrid(t, region);
      return { url: '/api/org/grids?limit=5000', marker: code, out: 'absent' };
    },
  },
  'org.grids.get': {
    role: 'sysadmin',
    async build(t, region) {
      return { url: `/api/org/grids/${await freshGrid(t, region)}`, out: 404 };
    },
  },
  'org.grids.create': {
    role: 'sysadmin',
    async build(t, region) {
      const code = await freeGridCode(t, await villageOf(t, region));
      return { url: '/api/org/grids', body: { code, name: unique('网格') }, out: 400 };
    },
  },
  'org.grids.update': {
    role: 'sysadmin',
    async build(t, region) {
      const code = await freshGrid(t, region);
      return { url: `/api/org/grids/${code}`, body: { households: 321 }, out: 404 };
    },
  },
  'org.grids.delete': {
    role: 'sysadmin',
    async build(t, region) {
      return { url: `/api/org/grids/${await freshGrid(t, region)}`, out: 404 };
    },
  },
  'org.gridAssignments.list': {
    role: 'sysadmin',
    async build(t, region) {
      const { gridCode } = await freshAssignment(t, region);
      return { url: '/api/org/grid-assignments', marker: gridCode, out: 'absent' };
    },
  },
  'org.gridAssignments.create': {
    role: 'sysadmin',
    async build(t, region) {
      const gridCode = await freshGrid(t, region);
      const userId = await freshWorker(t, gridCode.slice(0, 12));
      return {
        url: '/api/org/grid-assignments',
        body: { gridCode, userId, duty: 'grid_leader' },
        out: 400,
      };
    },
  },
  'org.gridAssignments.delete': {
    role: 'sysadmin',
    async build(t, region) {
      return {
        url: `/api/org/grid-assignments/${(await freshAssignment(t, region)).id}`,
        out: 404,
      };
    },
  },
  'org.import.units': {
    role: 'sysadmin',
    build: (_t, region) =>
      upload('units', region, UNIT_COLUMNS, [
        unique('导入单位'),
        '职能部门',
        '司法',
        '',
        '',
        region,
      ]),
  },
  'org.import.staff': {
    role: 'sysadmin',
    async build(t, region) {
      const unit = await freshUnit(t, region);
      const row = [unique('imp'), '导入人员', unit.name, region, '', '受理员', TEST_PASSWORD];
      return upload('staff', region, STAFF_COLUMNS, row);
    },
  },
  'org.import.grids': {
    role: 'sysadmin',
    async build(t, region) {
      const code = await freeGridCode(t, await villageOf(t, region));
      return upload('grids', region, GRID_COLUMNS, [code, unique('导入网格')]);
    },
  },
};
