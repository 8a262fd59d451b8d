import { AppError, fieldError } from '../../core/errors.ts';
import { sql } from '../../core/db/sql.ts';
import type { Tx } from '../../core/db/db.ts';
import { isCodeInScope } from '../../core/scope.ts';
import type { EffectState } from './effects.ts';
import { insertAssignment } from './queries.ts';

interface TargetUnit {
  id: number;
  kind: string;
  center_level: string | null;
  region_code: string;
  stationed: boolean;
}

/**
 * 网格事项准入清单: down-dispatch to a village (grid) center only for admitted categories.
 * The most specific rule wins (the region's own list, then the category's nearest parent).
 */
export async function checkGridAdmission(
  tx: Tx,
  category: string,
  regionCode: string,
): Promise<void> {
  const rule = await tx.maybeOne<{ admitted: boolean; rule: string }>(sql`
    SELECT admitted, rule FROM grid_admission
    WHERE ${category} LIKE category_code || '%' AND (region_code IS NULL OR ${regionCode} LIKE region_code || '%')
    ORDER BY length(coalesce(region_code, '')) DESC, length(category_code) DESC LIMIT 1`);
  if (rule === undefined || !rule.admitted) {
    const why = rule?.rule ?? '该类别未列入网格事项准入清单';
    throw new AppError('matter.grid_not_admitted', {
      message: `不能下派网格：${why}`,
      fields: [{ path: 'assignments', code: 'not_admitted', message: why }],
    });
  }
}

/**
 * 派遣 to one unit, or several with one lead (联办). A target must be in the dispatcher's scope
 * or stationed at the owning center (常驻/轮驻/随驻); anything else is treated as not existing.
 */
export async function createAssignments(s: EffectState): Promise<number[]> {
  const { ctx, m, now } = s;
  const actor = ctx.me();
  const list = Array.isArray(s.input.assignments)
    ? (s.input.assignments as { unitId: number; lead?: boolean }[])
    : [];
  const units: number[] = [];
  for (const [i, a] of list.entries()) {
    const unit = await ctx.tx.maybeOne<TargetUnit>(sql`
      SELECT u.id, u.kind, u.center_level, u.region_code,
        EXISTS (SELECT 1 FROM station st WHERE st.center_id = ${m.owner_unit_id} AND st.department_id = u.id) AS stationed
      FROM unit u WHERE u.id = ${a.unitId}`);
    const visible =
      unit !== undefined && (unit.stationed || isCodeInScope(ctx.scope(), unit.region_code));
    if (unit === undefined || !visible || unit.id === m.owner_unit_id) {
      throw fieldError(`assignments.${i}.unitId`, '承办单位不存在或不在派遣范围内', 'not_found');
    }
    if (unit.kind === 'center' && unit.center_level === 'village') {
      await checkGridAdmission(ctx.tx, m.category_code, m.region_code);
    }
    await insertAssignment(ctx.tx, {
      matterId: m.id,
      cycle: s.change.cycle ?? m.cycle,
      unitId: unit.id,
      isLead: list.length === 1 || a.lead === true,
      by: actor.userId,
      at: now,
      regionCode: m.region_code,
    });
    units.push(unit.id);
  }
  s.details.units = units;
  return units;
}
