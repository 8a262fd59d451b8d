// 区划调整: a region gets a new code and its whole subtree (regions, grids, and every row that
// refers to them) moves with it, in the request's one transaction.
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { isCodeInScope } from '../../core/scope.ts';
import { countCascaded, findRegion, recodeSubtree, recodeTargetTaken } from './queries.ts';
import { OUT_OF_SCOPE } from './problems.ts';
import { parentCodeOf } from './regions.ts';

export async function recodeRegion(
  ctx: RequestCtx,
  code: string,
  input: { newCode: string; reason: string },
) {
  const scope = ctx.scope();
  const region = await findRegion(ctx.tx, code, scope);
  if (region === undefined) {
    throw notFound();
  }
  const { newCode } = input;
  if (newCode.length !== code.length) {
    throw fieldError('newCode', `新代码应与原代码同为 ${code.length} 位`, 'length');
  }
  if (newCode === code) {
    throw fieldError('newCode', '新代码与原代码相同', 'unchanged');
  }
  const newParent = parentCodeOf(newCode);
  // The new position must be one the caller administers: its parent (or, for a 省, the code).
  const placeOk =
    newParent === null
      ? isCodeInScope(scope, newCode)
      : (await findRegion(ctx.tx, newParent, scope)) !== undefined;
  if (!placeOk) {
    const what = newParent === null ? '新代码' : `新代码的上级区划 ${newParent} `;
    throw fieldError('newCode', `${what}${OUT_OF_SCOPE}`, 'not_found');
  }
  if (await recodeTargetTaken(ctx.tx, newCode)) {
    throw new AppError('org.recode_conflict', {
      fields: [{ path: 'newCode', code: 'taken', message: '新区划代码（或其下级代码）已被使用' }],
    });
  }
  const cascaded = await countCascaded(ctx.tx, code);
  const moved = await recodeSubtree(ctx.tx, { oldCode: code, newCode, newParent }, ctx.clock.now());
  const rows = { ...moved, ...cascaded };
  const rowsUpdated = Object.values(rows).reduce((a, b) => a + b, 0);
  await ctx.audit({
    event: 'org.regions.recode',
    targetType: 'region',
    targetId: code,
    regionCode: newCode,
    reason: input.reason,
    details: { oldCode: code, newCode, rows },
  });
  return { oldCode: code, newCode, rowsUpdated };
}
