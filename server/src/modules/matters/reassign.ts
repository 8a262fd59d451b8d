import type { z, ZReassign } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { fieldError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findAccountInScope } from '../users/accounts.ts';

/**
 * 移交离岗人员待办: the open tasks a staff member signed for move to a colleague of the same unit,
 * so a departure (网格员 turnover) leaves nothing orphaned. Both accounts must be in scope.
 */
export async function reassignTasks(
  ctx: RequestCtx,
  input: z.output<typeof ZReassign>,
): Promise<{ moved: number }> {
  const scope = ctx.scope();
  const from = await findAccountInScope(ctx.tx, input.fromUserId, scope);
  if (from === undefined) {
    throw fieldError('fromUserId', '人员不存在或不在管辖范围内', 'not_found');
  }
  const to = await findAccountInScope(ctx.tx, input.toUserId, scope);
  if (to?.status !== 'active') {
    throw fieldError('toUserId', '接手人员不存在、不在管辖范围内或已停用', 'not_found');
  }
  const same = await ctx.tx.maybeOne(sql`
    SELECT 1 FROM app_user a JOIN app_user b ON a.unit_id = b.unit_id WHERE a.id = ${from.id} AND b.id = ${to.id}`);
  if (same === undefined) {
    throw fieldError('toUserId', '接手人员须与原办理人员同属一个单位', 'other_unit');
  }
  const rows = await ctx.tx.query<{ id: number; matter_id: number }>(sql`
    UPDATE matter_assignment SET handler_id = ${to.id}
    WHERE handler_id = ${from.id} AND status IN ('to_sign', 'handling', 'fed_back') RETURNING id, matter_id`);
  await ctx.audit({
    event: 'matters.reassign',
    targetType: 'user',
    targetId: from.id,
    regionCode: from.region_code,
    reason: input.reason,
    details: { toUserId: to.id, assignments: rows.map((r) => r.id) },
  });
  return { moved: rows.length };
}
