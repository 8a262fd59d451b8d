// 网格员配置: which staff member works which grid, and as what (网格员, 网格长, 网格协管员).
import type { TFieldError } from '@fengqiao/contracts';
import { AppError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findAccountInScope } from '../users/accounts.ts';
import { findGridInScope } from './lookup.ts';
import { presentAssignment } from './presenter.ts';
import { OUT_OF_SCOPE, problem, throwIfProblems } from './problems.ts';
import {
  assignmentExists,
  deleteAssignment as deleteAssignmentRow,
  findAssignment,
  insertAssignment,
  listAssignments as listAssignmentRows,
} from './queries-grids.ts';

async function refProblems(
  ctx: RequestCtx,
  ref: { gridCode?: string | undefined; userId?: number | undefined },
): Promise<TFieldError[]> {
  const scope = ctx.scope();
  const out: TFieldError[] = [];
  const { gridCode, userId } = ref;
  if (gridCode !== undefined && (await findGridInScope(ctx.tx, gridCode, scope)) === undefined) {
    out.push(problem('gridCode', 'not_found', `网格${OUT_OF_SCOPE}`));
  }
  if (userId !== undefined && (await findAccountInScope(ctx.tx, userId, scope)) === undefined) {
    out.push(problem('userId', 'not_found', `人员${OUT_OF_SCOPE}`));
  }
  return out;
}

export async function listAssignments(
  ctx: RequestCtx,
  query: { gridCode?: string | undefined; userId?: number | undefined },
) {
  throwIfProblems(await refProblems(ctx, query));
  return (await listAssignmentRows(ctx.tx, ctx.scope(), query)).map(presentAssignment);
}

export async function createAssignment(
  ctx: RequestCtx,
  input: { gridCode: string; userId: number; duty: string },
) {
  const scope = ctx.scope();
  const grid = await findGridInScope(ctx.tx, input.gridCode, scope);
  const user = await findAccountInScope(ctx.tx, input.userId, scope);
  const problems: TFieldError[] = [];
  if (grid === undefined) {
    problems.push(problem('gridCode', 'not_found', `网格${OUT_OF_SCOPE}`));
  }
  if (user === undefined) {
    problems.push(problem('userId', 'not_found', `人员${OUT_OF_SCOPE}`));
  } else if (user.status !== 'active') {
    problems.push(problem('userId', 'inactive', '该人员账号已停用或已离职'));
  }
  if (problems.length > 0 || grid === undefined) {
    throw new AppError('request.invalid', { fields: problems });
  }
  if (await assignmentExists(ctx.tx, grid.code, input.userId, input.duty)) {
    throw new AppError('resource.conflict', {
      fields: [problem('userId', 'taken', '该人员已按此职责配置到该网格')],
    });
  }
  const id = await insertAssignment(
    ctx.tx,
    { gridCode: grid.code, userId: input.userId, duty: input.duty, regionCode: grid.region_code },
    ctx.clock.now(),
  );
  await ctx.audit({
    event: 'org.gridAssignments.create',
    targetType: 'grid_assignment',
    targetId: id,
    regionCode: grid.region_code,
    details: { gridCode: grid.code, userId: input.userId, duty: input.duty },
  });
  const row = await findAssignment(ctx.tx, id, scope);
  if (row === undefined) {
    throw notFound();
  }
  return presentAssignment(row);
}

export async function deleteAssignment(ctx: RequestCtx, id: number) {
  const row = await findAssignment(ctx.tx, id, ctx.scope());
  if (row === undefined) {
    throw notFound();
  }
  await deleteAssignmentRow(ctx.tx, id);
  await ctx.audit({
    event: 'org.gridAssignments.delete',
    targetType: 'grid_assignment',
    targetId: id,
    regionCode: row.region_code,
    details: { gridCode: row.grid_code, userId: row.user_id, duty: row.duty },
  });
  return { ok: true as const };
}
