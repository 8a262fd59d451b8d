// Verbs other modules use to resolve org references through the data scope. An id outside the
// caller's scope is reported exactly like a missing one.
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { scopeWhere, type Scope } from '../../core/scope.ts';

export interface UnitRef {
  id: number;
  name: string;
  kind: string;
  region_code: string;
}

export async function findUnitInScope(
  db: Queryable,
  id: number,
  scope: Scope,
): Promise<UnitRef | undefined> {
  const rows = await db.query<UnitRef>(sql`
    SELECT id, name, kind, region_code FROM unit WHERE id = ${id} AND ${scopeWhere(scope, sql`region_code`)}`);
  return rows[0];
}

export interface RegionRef {
  code: string;
  name: string;
  level: number;
}

export async function findRegionInScope(
  db: Queryable,
  code: string,
  scope: Scope,
): Promise<RegionRef | undefined> {
  const rows = await db.query<RegionRef>(sql`
    SELECT code, name, level FROM region WHERE code = ${code} AND ${scopeWhere(scope, sql`code`)}`);
  return rows[0];
}

export interface GridRef {
  code: string;
  name: string;
  region_code: string;
}

export async function findGridInScope(
  db: Queryable,
  code: string,
  scope: Scope,
): Promise<GridRef | undefined> {
  const rows = await db.query<GridRef>(sql`
    SELECT code, name, region_code FROM grid WHERE code = ${code} AND ${scopeWhere(scope, sql`region_code`)}`);
  return rows[0];
}
