// Who the read benchmarks act as: staff of centers and departments at each level, chosen from the
// generated data (a hot village's township first, so skew is always exercised).
import type { Db } from '@fengqiao/server/core/db/db.ts';

export interface ScopeActors {
  hotVillage: string;
  villages: string[];
  townships: string[];
  counties: string[];
  cities: string[];
  province: string | null;
}

/** Region codes for each scope level, the hot ones first. */
export async function scopeRegions(
  db: Db,
  cityCodes: string[],
  province: string,
): Promise<ScopeActors> {
  const recent = await db.pool.query<{ region_code: string; n: number }>(
    `SELECT region_code, count(*)::int AS n FROM matter WHERE id > (SELECT max(id) FROM matter) - 100000
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3`,
  );
  const hot = recent.rows[0]?.region_code ?? '';
  const others = await db.pool.query<{ code: string; level: number }>(
    `SELECT DISTINCT ON (level, left(code, 6)) code, level FROM region WHERE level IN (3, 4, 5)
     ORDER BY level, left(code, 6), code`,
  );
  const of = (level: number) => others.rows.filter((r) => r.level === level).map((r) => r.code);
  const uniq = (xs: string[]) => [...new Set(xs)];
  const hasCenter = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM unit WHERE kind = 'center' AND length(region_code) = 2`,
  );
  return {
    hotVillage: hot,
    villages: uniq([hot, ...of(5)]).slice(0, 3),
    townships: uniq([hot.slice(0, 9), ...of(4)]).slice(0, 3),
    counties: uniq([hot.slice(0, 6), ...of(3)]).slice(0, 3),
    cities: (cityCodes.length > 1 ? uniq([hot.slice(0, 4), ...cityCodes]) : cityCodes).slice(0, 3),
    province: (hasCenter.rows[0]?.n ?? 0) > 0 ? province : null,
  };
}

/** A user with `role` at the center (or a department of `departmentType`) of a region. */
export async function staffAt(
  db: Db,
  regionCode: string,
  role: string,
  departmentType?: string,
): Promise<number | null> {
  const r = await db.pool.query<{ id: number }>(
    `SELECT u.id FROM app_user u JOIN user_role ur ON ur.user_id = u.id AND ur.role = $2
     JOIN unit n ON n.id = u.unit_id
     WHERE n.region_code = $1 AND n.kind = $3 AND ($4::text IS NULL OR n.department_type = $4)
     ORDER BY u.id LIMIT 1`,
    [
      regionCode,
      role,
      departmentType === undefined ? 'center' : 'department',
      departmentType ?? null,
    ],
  );
  return r.rows[0]?.id ?? null;
}
