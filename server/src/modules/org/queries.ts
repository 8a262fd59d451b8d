// The only SQL of the org module. Every read of a single row or a list takes a Scope and filters
// through core/scope.ts; writes trust ids the verbs already resolved in scope.
import type { Queryable } from '../../core/db/db.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { scopeWhere, type Scope } from '../../core/scope.ts';

export type Counts = Record<string, number>;

export function prefixLike(code: string): string {
  if (!/^\d+$/.test(code)) {
    throw new Error('region and grid codes are digit strings');
  }
  return `${code}%`;
}

export function escapeLike(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Runs an INSERT … RETURNING id and returns that id. */
export async function returnedId(db: Queryable, q: SqlFragment): Promise<number> {
  const rows = await db.query<{ id: number }>(q);
  const id = rows[0]?.id;
  if (id === undefined) {
    throw new Error('INSERT … RETURNING id returned no row');
  }
  return id;
}

/** Keeps only non-zero counts, so a 409 lists exactly what still refers to the row. */
export function nonZero(row: Counts | undefined): Counts {
  return Object.fromEntries(Object.entries(row ?? {}).filter(([, n]) => n > 0));
}

// ---------------------------------------------------------------- regions

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  is_demo: boolean;
  child_count: number;
}

export interface RegionNodeRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
}

const SELECT_REGION = sql`
  SELECT r.code, r.name, r.level, r.parent_code, r.valid_from, r.valid_to, r.is_demo,
    (SELECT count(*) FROM region c WHERE c.parent_code = r.code) AS child_count
  FROM region r`;

export async function findRegion(db: Queryable, code: string, scope: Scope) {
  const rows = await db.query<RegionRow>(
    sql`${SELECT_REGION} WHERE r.code = ${code} AND ${scopeWhere(scope, sql`r.code`)}`,
  );
  return rows[0];
}

/** Unscoped on purpose: a code is unique nationwide, whoever holds it. */
export async function regionCodeTaken(db: Queryable, code: string): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM region WHERE code = ${code}`);
  return rows.length > 0;
}

export async function insertRegion(
  db: Queryable,
  r: { code: string; name: string; level: number; parentCode: string; validFrom: string | null },
  at: Date,
): Promise<void> {
  await db.query(sql`
    INSERT INTO region (code, name, level, parent_code, valid_from, created_at, updated_at)
    VALUES (${r.code}, ${r.name}, ${r.level}, ${r.parentCode}, ${r.validFrom}, ${at}, ${at})`);
}

export async function updateRegion(
  db: Queryable,
  code: string,
  f: { name?: string | undefined; validTo?: string | null | undefined },
  at: Date,
): Promise<void> {
  await db.query(sql`
    UPDATE region SET name = coalesce(${f.name ?? null}, name),
      valid_to = CASE WHEN ${f.validTo !== undefined} THEN ${f.validTo ?? null}::date ELSE valid_to END,
      updated_at = ${at}
    WHERE code = ${code}`);
}

export async function regionReferences(db: Queryable, code: string): Promise<Counts> {
  const rows = await db.query<Counts>(sql`
    SELECT (SELECT count(*) FROM region WHERE parent_code = ${code}) AS region,
      (SELECT count(*) FROM unit WHERE region_code = ${code}) AS unit,
      (SELECT count(*) FROM grid WHERE region_code = ${code}) AS grid,
      (SELECT count(*) FROM app_user WHERE region_code = ${code}) AS app_user,
      (SELECT count(*) FROM station WHERE region_code = ${code}) AS station,
      (SELECT count(*) FROM grid_assignment WHERE region_code = ${code}) AS grid_assignment`);
  return nonZero(rows[0]);
}

export async function deleteRegion(db: Queryable, code: string): Promise<void> {
  await db.query(sql`DELETE FROM region WHERE code = ${code}`);
}

/** The topmost regions of a scope: in scope, with a parent outside it (or none). */
export async function scopeRoots(db: Queryable, scope: Scope): Promise<RegionNodeRow[]> {
  return db.query<RegionNodeRow>(sql`
    SELECT r.code, r.name, r.level, r.parent_code FROM region r
    WHERE ${scopeWhere(scope, sql`r.code`)}
      AND (r.parent_code IS NULL OR NOT ${scopeWhere(scope, sql`r.parent_code`)})
    ORDER BY r.code`);
}

export async function regionsInScope(db: Queryable, scope: Scope, maxLevel: number) {
  return db.query<RegionNodeRow>(sql`
    SELECT code, name, level, parent_code FROM region
    WHERE ${scopeWhere(scope, sql`code`)} AND level <= ${maxLevel} ORDER BY code`);
}

/** Rows per region code in a scope, for the tree's roll-up counts (one query per table). */
export async function countPerRegion(db: Queryable, table: 'unit' | 'grid', scope: Scope) {
  return db.query<{ code: string; n: number }>(sql`
    SELECT region_code AS code, count(*) AS n FROM ${sql.ident(table)}
    WHERE ${scopeWhere(scope, sql`region_code`)} GROUP BY region_code`);
}

// ---------------------------------------------------------------- 区划调整 (recode)

/** Any region or grid already under the new prefix blocks the recode. */
export async function recodeTargetTaken(db: Queryable, newCode: string): Promise<boolean> {
  const like = prefixLike(newCode);
  const rows = await db.query(sql`
    SELECT 1 FROM region WHERE code LIKE ${like}
    UNION ALL SELECT 1 FROM grid WHERE code LIKE ${like} LIMIT 1`);
  return rows.length > 0;
}

/** Rows the ON UPDATE CASCADE foreign keys will carry along, counted before they move. */
export async function countCascaded(db: Queryable, oldCode: string): Promise<Counts> {
  const like = prefixLike(oldCode);
  const rows = await db.query<Counts>(sql`
    SELECT (SELECT count(*) FROM unit WHERE region_code LIKE ${like}) AS unit,
      (SELECT count(*) FROM app_user WHERE region_code LIKE ${like}) AS app_user,
      (SELECT count(*) FROM station WHERE region_code LIKE ${like}) AS station,
      (SELECT count(*) FROM grid_assignment WHERE region_code LIKE ${like}) AS grid_assignment`);
  return rows[0] ?? {};
}

/**
 * Re-prefixes a region subtree. Grids move first in one statement (code and region_code
 * together, so their CHECK holds row by row) with their region foreign key deferred; then the
 * regions move and every other region_code column follows by ON UPDATE CASCADE; finally the
 * deferred key is checked at once so a failure surfaces here, not at COMMIT.
 */
export async function recodeSubtree(
  db: Queryable,
  r: { oldCode: string; newCode: string; newParent: string | null },
  at: Date,
): Promise<{ region: number; grid: number }> {
  const like = prefixLike(r.oldCode);
  const from = r.oldCode.length + 1;
  await db.query(sql`SET CONSTRAINTS grid_region_code_fkey DEFERRED`);
  const grids = await db.query(sql`
    UPDATE grid SET code = ${r.newCode} || substr(code, ${from}),
      region_code = ${r.newCode} || substr(region_code, ${from}), updated_at = ${at}
    WHERE code LIKE ${like} RETURNING code`);
  const regions = await db.query(sql`
    UPDATE region SET code = ${r.newCode} || substr(code, ${from}),
      parent_code = CASE WHEN code = ${r.oldCode} THEN ${r.newParent}
        ELSE ${r.newCode} || substr(parent_code, ${from}) END,
      updated_at = ${at}
    WHERE code LIKE ${like} RETURNING code`);
  await db.query(sql`SET CONSTRAINTS grid_region_code_fkey IMMEDIATE`);
  return { region: regions.length, grid: grids.length };
}

// ---------------------------------------------------------------- units

export interface UnitRow {
  id: number;
  name: string;
  kind: 'center' | 'department' | 'mediation_org' | 'other';
  department_type: string | null;
  center_level: 'county' | 'township' | 'village' | null;
  grade: number | null;
  region_code: string;
  region_name: string;
  parent_id: number | null;
  phone: string | null;
  address: string | null;
  office_hours: { start: string; end: string } | null;
  is_demo: boolean;
  updated_at: Date;
}

export interface UnitValues {
  name: string;
  kind: UnitRow['kind'];
  departmentType: string | null;
  centerLevel: UnitRow['center_level'];
  grade: number | null;
  regionCode: string;
  parentId: number | null;
  phone: string | null;
  address: string | null;
  officeHours: { start: string; end: string } | null;
}

const SELECT_UNIT = sql`
  SELECT u.id, u.name, u.kind, u.department_type, u.center_level, u.grade, u.region_code,
    r.name AS region_name, u.parent_id, u.phone, u.address, u.office_hours, u.is_demo, u.updated_at
  FROM unit u JOIN region r ON r.code = u.region_code`;

export async function findUnit(db: Queryable, id: number, scope: Scope) {
  const rows = await db.query<UnitRow>(
    sql`${SELECT_UNIT} WHERE u.id = ${id} AND ${scopeWhere(scope, sql`u.region_code`)}`,
  );
  return rows[0];
}

export async function listUnits(
  db: Queryable,
  scope: Scope,
  f: { regionCode?: string | undefined; kind?: string | undefined; q?: string | undefined },
  page: { limit: number; after?: number | undefined },
): Promise<UnitRow[]> {
  const conds: SqlFragment[] = [scopeWhere(scope, sql`u.region_code`)];
  if (f.regionCode !== undefined) {
    conds.push(sql`u.region_code LIKE ${prefixLike(f.regionCode)}`);
  }
  if (f.kind !== undefined) {
    conds.push(sql`u.kind = ${f.kind}`);
  }
  if (f.q !== undefined && f.q !== '') {
    conds.push(sql`u.name LIKE ${escapeLike(f.q)}`);
  }
  if (page.after !== undefined) {
    conds.push(sql`u.id > ${page.after}`);
  }
  return db.query<UnitRow>(
    sql`${SELECT_UNIT} WHERE ${sql.join(conds, ' AND ')} ORDER BY u.id LIMIT ${page.limit + 1}`,
  );
}

/** Units of that name in scope whose region is one of `regionCodes` (nearest region first). */
export async function findUnitsByName(
  db: Queryable,
  scope: Scope,
  name: string,
  regionCodes: readonly string[],
) {
  return db.query<{ id: number; region_code: string; kind: string }>(sql`
    SELECT id, region_code, kind FROM unit
    WHERE name = ${name} AND region_code = ANY(${[...regionCodes]}::text[])
      AND ${scopeWhere(scope, sql`region_code`)}
    ORDER BY length(region_code) DESC, id`);
}

export async function unitNameTaken(
  db: Queryable,
  regionCode: string,
  name: string,
  exceptId: number | null,
): Promise<boolean> {
  const rows = await db.query(sql`
    SELECT 1 FROM unit WHERE region_code = ${regionCode} AND name = ${name}
      AND id IS DISTINCT FROM ${exceptId}::bigint`);
  return rows.length > 0;
}

/** Ids of the unit and its ancestors, to refuse a parent that would close a cycle. */
export async function unitAncestry(db: Queryable, id: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(sql`
    WITH RECURSIVE up (id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM unit WHERE id = ${id}
      UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id
      WHERE up.depth < 50)
    SELECT id FROM up`);
  return rows.map((r) => r.id);
}

export async function insertUnit(db: Queryable, v: UnitValues, at: Date): Promise<number> {
  return returnedId(
    db,
    sql`
    INSERT INTO unit (name, kind, department_type, center_level, grade, region_code, parent_id,
      phone, address, office_hours, created_at, updated_at)
    VALUES (${v.name}, ${v.kind}, ${v.departmentType}, ${v.centerLevel}, ${v.grade},
      ${v.regionCode}, ${v.parentId}, ${v.phone}, ${v.address},
      ${v.officeHours === null ? null : JSON.stringify(v.officeHours)}::jsonb, ${at}, ${at})
    RETURNING id`,
  );
}

export async function updateUnit(db: Queryable, id: number, v: UnitValues, at: Date) {
  await db.query(sql`
    UPDATE unit SET name = ${v.name}, kind = ${v.kind}, department_type = ${v.departmentType},
      center_level = ${v.centerLevel}, grade = ${v.grade}, region_code = ${v.regionCode},
      parent_id = ${v.parentId}, phone = ${v.phone}, address = ${v.address},
      office_hours = ${v.officeHours === null ? null : JSON.stringify(v.officeHours)}::jsonb,
      updated_at = ${at}
    WHERE id = ${id}`);
}

export async function unitReferences(db: Queryable, id: number): Promise<Counts> {
  const rows = await db.query<Counts>(sql`
    SELECT (SELECT count(*) FROM app_user WHERE unit_id = ${id}) AS app_user,
      (SELECT count(*) FROM unit WHERE parent_id = ${id}) AS unit,
      (SELECT count(*) FROM station WHERE center_id = ${id} OR department_id = ${id}) AS station`);
  return nonZero(rows[0]);
}

export async function deleteUnit(db: Queryable, id: number): Promise<void> {
  await db.query(sql`DELETE FROM unit WHERE id = ${id}`);
}
