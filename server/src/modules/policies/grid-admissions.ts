// 网格事项准入清单: which categories may be pushed down to a grid, with the rule cited when a
// down-dispatch is refused (国办函〔2025〕66号: 职能部门职责事项不得随意下沉基层). This API keeps
// the national list (region_code NULL); regional overrides stay in the table for later.
import type { TGridAdmission, TUpsertGridAdmission } from '@fengqiao/contracts/policies/schemas.ts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { fieldError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';

interface AdmissionRow {
  id: number;
  category_code: string;
  category_name: string | null;
  admitted: boolean;
  rule: string;
  region_code: string | null;
}

function presentAdmission(row: AdmissionRow): TGridAdmission {
  return {
    id: row.id,
    categoryCode: row.category_code,
    categoryName: row.category_name,
    admitted: row.admitted,
    rule: row.rule,
    regionCode: row.region_code,
  };
}

const SELECT_ADMISSION = sql`
  SELECT g.id, g.category_code, g.admitted, g.rule, g.region_code,
    (SELECT d.name FROM dict_item d WHERE d.dict = 'matter_category' AND d.code = g.category_code)
      AS category_name
  FROM grid_admission g`;

export async function listAdmissions(tx: Tx): Promise<TGridAdmission[]> {
  const rows = await tx.query<AdmissionRow>(
    sql`${SELECT_ADMISSION} ORDER BY g.region_code NULLS FIRST, g.category_code`,
  );
  return rows.map(presentAdmission);
}

async function findNational(tx: Tx, categoryCode: string): Promise<AdmissionRow | undefined> {
  return tx.maybeOne<AdmissionRow>(sql`
    ${SELECT_ADMISSION} WHERE g.category_code = ${categoryCode} AND g.region_code IS NULL`);
}

/** Admits or refuses a category for grids; one national row per category. */
export async function upsertAdmission(
  ctx: RequestCtx,
  body: TUpsertGridAdmission,
): Promise<TGridAdmission> {
  const known = await ctx.tx.maybeOne(sql`
    SELECT 1 FROM dict_item WHERE dict = 'matter_category' AND code = ${body.categoryCode}`);
  if (known === undefined) {
    throw fieldError('categoryCode', '事项类别不存在', 'unknown');
  }
  const before = await findNational(ctx.tx, body.categoryCode);
  await ctx.tx.query(sql`
    INSERT INTO grid_admission (category_code, admitted, rule, region_code)
    VALUES (${body.categoryCode}, ${body.admitted}, ${body.rule}, NULL)
    ON CONFLICT (category_code, region_code)
    DO UPDATE SET admitted = EXCLUDED.admitted, rule = EXCLUDED.rule`);
  const row = await findNational(ctx.tx, body.categoryCode);
  if (row === undefined) {
    throw new Error('grid admission vanished after upsert');
  }
  const after = presentAdmission(row);
  await ctx.audit({
    event: 'admissions.upsert',
    targetType: 'grid_admission',
    targetId: row.id,
    regionCode: null,
    details: { before: before === undefined ? null : presentAdmission(before), after },
  });
  return after;
}
