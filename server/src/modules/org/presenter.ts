// Presenters copy an explicit list of fields (CONVENTIONS §4.4): a new column never leaks.
import type { TGrid, TRegion, TUnit } from '@fengqiao/contracts';
import type { TPolygonGeometry } from '../../core/geo.ts';
import type { RegionRow, UnitRow } from './queries.ts';
import type { AssignmentRow, GridRow, GridWorkerRow, StationRow } from './queries-grids.ts';

export function presentRegion(row: RegionRow): TRegion {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    isDemo: row.is_demo,
    childCount: row.child_count,
  };
}

export function presentUnit(row: UnitRow): TUnit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    departmentType: row.department_type,
    centerLevel: row.center_level,
    grade: row.grade,
    regionCode: row.region_code,
    regionName: row.region_name,
    parentId: row.parent_id,
    phone: row.phone,
    address: row.address,
    officeHours:
      row.office_hours === null
        ? null
        : { start: row.office_hours.start, end: row.office_hours.end },
    isDemo: row.is_demo,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentStation(row: StationRow) {
  return {
    id: row.id,
    centerId: row.center_id,
    centerName: row.center_name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    mode: row.mode,
    timetable: row.timetable,
  };
}

function bboxOfRow(row: GridRow): number[] | null {
  const { min_lon: w, min_lat: s, max_lon: e, max_lat: n } = row;
  return w === null || s === null || e === null || n === null ? null : [w, s, e, n];
}

/** Stored geometry passed validatePolygon on the way in, so it has this shape. */
function geometryOf(value: unknown): TPolygonGeometry | null {
  return value === null || value === undefined ? null : (value as TPolygonGeometry);
}

/** `workers` are this grid's assignments. */
export function presentGrid(
  row: GridRow,
  workers: readonly GridWorkerRow[],
  withGeometry: boolean,
): TGrid {
  return {
    code: row.code,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    kind: row.kind,
    households: row.households,
    population: row.population,
    bbox: bboxOfRow(row),
    ...(withGeometry ? { geometry: geometryOf(row.geometry) } : {}),
    isDemoGeometry: row.is_demo_geometry,
    workers: workers.map((w) => ({ userId: w.user_id, name: w.name, duty: w.duty })),
  };
}

export function presentAssignment(row: AssignmentRow) {
  return {
    id: row.id,
    gridCode: row.grid_code,
    gridName: row.grid_name,
    userId: row.user_id,
    userName: row.user_name,
    duty: row.duty,
    createdAt: row.created_at.toISOString(),
  };
}
