// SQL of the org module, second half (queries.ts holds regions and units): stations, grids,
// grid assignments, and the account rows the staff import writes.
import type { Queryable } from '../../core/db/db.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { scopeWhere, type Scope } from '../../core/scope.ts';
import { nonZero, prefixLike, returnedId, type Counts } from './queries.ts';

// ---------------------------------------------------------------- stations

export interface StationRow {
  id: number;
  center_id: number;
  center_name: string;
  department_id: number;
  department_name: string;
  mode: 'resident' | 'rotating' | 'on_call';
  timetable: string | null;
  region_code: string;
}

const SELECT_STATION = sql`
  SELECT s.id, s.center_id, c.name AS center_name, s.department_id, d.name AS department_name,
    s.mode, s.timetable, s.region_code
  FROM station s JOIN unit c ON c.id = s.center_id JOIN unit d ON d.id = s.department_id`;

export async function listStations(
  db: Queryable,
  scope: Scope,
  f: { centerId?: number | undefined; departmentId?: number | undefined },
): Promise<StationRow[]> {
  const conds: SqlFragment[] = [scopeWhere(scope, sql`s.region_code`)];
  if (f.centerId !== undefined) {
    conds.push(sql`s.center_id = ${f.centerId}`);
  }
  if (f.departmentId !== undefined) {
    conds.push(sql`s.department_id = ${f.departmentId}`);
  }
  return db.query<StationRow>(
    sql`${SELECT_STATION} WHERE ${sql.join(conds, ' AND ')} ORDER BY s.center_id, s.id`,
  );
}

export async function findStation(db: Queryable, id: number, scope: Scope) {
  const rows = await db.query<StationRow>(
    sql`${SELECT_STATION} WHERE s.id = ${id} AND ${scopeWhere(scope, sql`s.region_code`)}`,
  );
  return rows[0];
}

export async function stationExists(db: Queryable, centerId: number, departmentId: number) {
  const rows = await db.query(
    sql`SELECT 1 FROM station WHERE center_id = ${centerId} AND department_id = ${departmentId}`,
  );
  return rows.length > 0;
}

export async function insertStation(
  db: Queryable,
  s: {
    centerId: number;
    departmentId: number;
    mode: string;
    timetable: string | null;
    regionCode: string;
  },
  at: Date,
): Promise<number> {
  return returnedId(
    db,
    sql`
    INSERT INTO station (center_id, department_id, mode, timetable, region_code, created_at)
    VALUES (${s.centerId}, ${s.departmentId}, ${s.mode}, ${s.timetable}, ${s.regionCode}, ${at})
    RETURNING id`,
  );
}

export async function deleteStation(db: Queryable, id: number): Promise<void> {
  await db.query(sql`DELETE FROM station WHERE id = ${id}`);
}

// ---------------------------------------------------------------- grids

export interface GridRow {
  code: string;
  name: string;
  region_code: string;
  region_name: string;
  kind: 'comprehensive' | 'dedicated';
  households: number | null;
  population: number | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  geometry: unknown;
  is_demo_geometry: boolean;
}

export interface GridWorkerRow {
  grid_code: string;
  user_id: number;
  name: string;
  duty: 'grid_worker' | 'grid_leader' | 'assistant';
}

export interface GridValues {
  name: string;
  kind: GridRow['kind'];
  households: number | null;
  population: number | null;
  /** undefined leaves the stored boundary alone; null clears it. */
  geometry?: { value: unknown; bbox: readonly number[] } | null;
}

function selectGrid(withGeometry: boolean): SqlFragment {
  return sql`
    SELECT g.code, g.name, g.region_code, r.name AS region_name, g.kind, g.households,
      g.population, g.min_lon, g.min_lat, g.max_lon, g.max_lat, g.is_demo_geometry,
      ${withGeometry ? sql`g.geometry` : sql`NULL::jsonb`} AS geometry
    FROM grid g JOIN region r ON r.code = g.region_code`;
}

export async function findGrid(db: Queryable, code: string, scope: Scope) {
  const rows = await db.query<GridRow>(
    sql`${selectGrid(true)} WHERE g.code = ${code} AND ${scopeWhere(scope, sql`g.region_code`)}`,
  );
  return rows[0];
}

export async function listGrids(
  db: Queryable,
  scope: Scope,
  f: { regionCode?: string | undefined; withGeometry: boolean; limit: number; after?: string },
): Promise<GridRow[]> {
  const conds: SqlFragment[] = [scopeWhere(scope, sql`g.region_code`)];
  if (f.regionCode !== undefined) {
    conds.push(sql`g.region_code LIKE ${prefixLike(f.regionCode)}`);
  }
  if (f.after !== undefined) {
    conds.push(sql`g.code > ${f.after}`);
  }
  return db.query<GridRow>(sql`
    ${selectGrid(f.withGeometry)} WHERE ${sql.join(conds, ' AND ')}
    ORDER BY g.code LIMIT ${f.limit + 1}`);
}

/** Workers of several grids in one query (a page of grids never costs one query per grid). */
export async function gridWorkers(db: Queryable, codes: readonly string[]) {
  if (codes.length === 0) {
    return [];
  }
  return db.query<GridWorkerRow>(sql`
    SELECT a.grid_code, a.user_id, u.display_name AS name, a.duty
    FROM grid_assignment a JOIN app_user u ON u.id = a.user_id
    WHERE a.grid_code = ANY(${[...codes]}::text[]) ORDER BY a.grid_code, a.duty, a.id`);
}

/** Unscoped on purpose: grid codes are unique nationwide. */
export async function gridCodeTaken(db: Queryable, code: string): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM grid WHERE code = ${code}`);
  return rows.length > 0;
}

function geometryValue(v: GridValues['geometry']): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v.value);
}

export async function insertGrid(
  db: Queryable,
  g: GridValues & { code: string; regionCode: string },
  at: Date,
): Promise<void> {
  const b = g.geometry?.bbox ?? [];
  await db.query(sql`
    INSERT INTO grid (code, name, region_code, kind, households, population, geometry,
      min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
    VALUES (${g.code}, ${g.name}, ${g.regionCode}, ${g.kind}, ${g.households}, ${g.population},
      ${geometryValue(g.geometry)}::jsonb, ${b[0] ?? null}, ${b[1] ?? null}, ${b[2] ?? null},
      ${b[3] ?? null}, ${at}, ${at})`);
}

export async function updateGrid(db: Queryable, code: string, g: GridValues, at: Date) {
  const b = g.geometry?.bbox ?? [];
  const geometry =
    g.geometry === undefined
      ? sql``
      : sql`, geometry = ${geometryValue(g.geometry)}::jsonb, min_lon = ${b[0] ?? null},
        min_lat = ${b[1] ?? null}, max_lon = ${b[2] ?? null}, max_lat = ${b[3] ?? null},
        is_demo_geometry = false`;
  await db.query(sql`
    UPDATE grid SET name = ${g.name}, kind = ${g.kind}, households = ${g.households},
      population = ${g.population}, updated_at = ${at} ${geometry}
    WHERE code = ${code}`);
}

export async function gridReferences(db: Queryable, code: string): Promise<Counts> {
  const rows = await db.query<Counts>(sql`
    SELECT (SELECT count(*) FROM grid_assignment WHERE grid_code = ${code}) AS grid_assignment`);
  return nonZero(rows[0]);
}

export async function deleteGrid(db: Queryable, code: string): Promise<void> {
  await db.query(sql`DELETE FROM grid WHERE code = ${code}`);
}

// ---------------------------------------------------------------- grid assignments

export interface AssignmentRow {
  id: number;
  grid_code: string;
  grid_name: string;
  user_id: number;
  user_name: string;
  duty: GridWorkerRow['duty'];
  region_code: string;
  created_at: Date;
}

const SELECT_ASSIGNMENT = sql`
  SELECT a.id, a.grid_code, g.name AS grid_name, a.user_id, u.display_name AS user_name, a.duty,
    a.region_code, a.created_at
  FROM grid_assignment a JOIN grid g ON g.code = a.grid_code JOIN app_user u ON u.id = a.user_id`;

export async function listAssignments(
  db: Queryable,
  scope: Scope,
  f: { gridCode?: string | undefined; userId?: number | undefined },
): Promise<AssignmentRow[]> {
  const conds: SqlFragment[] = [scopeWhere(scope, sql`a.region_code`)];
  if (f.gridCode !== undefined) {
    conds.push(sql`a.grid_code = ${f.gridCode}`);
  }
  if (f.userId !== undefined) {
    conds.push(sql`a.user_id = ${f.userId}`);
  }
  return db.query<AssignmentRow>(
    sql`${SELECT_ASSIGNMENT} WHERE ${sql.join(conds, ' AND ')} ORDER BY a.grid_code, a.id`,
  );
}

export async function findAssignment(db: Queryable, id: number, scope: Scope) {
  const rows = await db.query<AssignmentRow>(
    sql`${SELECT_ASSIGNMENT} WHERE a.id = ${id} AND ${scopeWhere(scope, sql`a.region_code`)}`,
  );
  return rows[0];
}

export async function assignmentExists(
  db: Queryable,
  gridCode: string,
  userId: number,
  duty: string,
) {
  const rows = await db.query(sql`
    SELECT 1 FROM grid_assignment
    WHERE grid_code = ${gridCode} AND user_id = ${userId} AND duty = ${duty}`);
  return rows.length > 0;
}

export async function insertAssignment(
  db: Queryable,
  a: { gridCode: string; userId: number; duty: string; regionCode: string },
  at: Date,
): Promise<number> {
  return returnedId(
    db,
    sql`
    INSERT INTO grid_assignment (grid_code, user_id, duty, region_code, created_at)
    VALUES (${a.gridCode}, ${a.userId}, ${a.duty}, ${a.regionCode}, ${at}) RETURNING id`,
  );
}

export async function deleteAssignment(db: Queryable, id: number): Promise<void> {
  await db.query(sql`DELETE FROM grid_assignment WHERE id = ${id}`);
}

/**
 * Runs one import row inside a savepoint, so a constraint error the checks did not foresee
 * (a concurrent insert) rejects that row only instead of aborting the whole import.
 */
export async function inSavepoint<T>(db: Queryable, fn: () => Promise<T>): Promise<T> {
  await db.query(sql`SAVEPOINT org_import_row`);
  try {
    const out = await fn();
    await db.query(sql`RELEASE SAVEPOINT org_import_row`);
    return out;
  } catch (err) {
    await db.query(sql`ROLLBACK TO SAVEPOINT org_import_row`);
    throw err;
  }
}
