// 群众评价: the citizen's rating is the engine's 回访 (follow_up) of the closed matter, run as the
// owning center's portal account — so 不满意 (≤ 2) reopens it exactly as a phone follow-up
// would, with the same history and audit rows. Once rated the matter is no longer 'closed', so a
// second rating of the same round is refused (409).
import type { TPortalTrack } from '@fengqiao/contracts/portal/schemas.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { performAction } from '../matters/engine.ts';
import { notifyUnits } from '../matters/notify-units.ts';
import { findPublicMatter, presentTrack } from './present.ts';
import { findByTrackingCode } from './queries.ts';
import { actAsCenter } from './system-actor.ts';

export async function rateMatter(
  ctx: RequestCtx,
  trackingCode: string,
  input: { satisfaction: number; comment?: string | undefined },
): Promise<TPortalTrack> {
  const m = await findPublicMatter(ctx, trackingCode);
  if (m.status !== 'closed') {
    throw new AppError('matter.invalid_transition', {
      message: '事项尚未办结或本次办理已评价，暂不能评价',
    });
  }
  const asOwner = await actAsCenter(ctx, m.owner_unit_id, ['matter.read', 'matter.verify']);
  const after = await performAction(asOwner, m.id, 'follow_up', {
    satisfaction: input.satisfaction,
    method: 'portal',
    ...(input.comment === undefined || input.comment === '' ? {} : { comment: input.comment }),
  });
  if (after.status !== 'archived') {
    await notifyUnits(
      ctx,
      new Map([[m.owner_unit_id, { kind: 'reopened', title: '群众评价不满意，事项已重新办理' }]]),
      { matterId: m.id, code: m.code, title: m.title },
    );
  }
  const rated = await findByTrackingCode(ctx.tx, m.tracking_code);
  if (rated === undefined) {
    throw notFound();
  }
  return presentTrack(ctx, rated);
}
