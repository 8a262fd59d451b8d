import type { TAction, TErrorCode, TMatter, TMatterStatus } from '@fengqiao/contracts';
import { linkAttachments } from '../attachments/service.ts';
import { ACTIONS, transitionFor } from '@fengqiao/contracts';
import { AppError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { EFFECTS, type EffectState } from './effects.ts';
import { failingGuard, loadFacts, relationHolds } from './facts.ts';
import { presentMatterById } from './presenter.ts';
import { findMatter, insertHistory, updateMatter } from './queries.ts';
import { notifyUnits } from './notify-units.ts';

export type ActionInput = Record<string, unknown>;

function textOf(input: ActionInput, key: string): string | null {
  const v = input[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * THE engine: every action on every matter type runs here, driven by the transition table in
 * contracts/src/machines. Load through the scope (404), check permission, relation and guards
 * (403/409 with stable codes), run the effects, write the state change, one history row and
 * one audit row in the same transaction, then present the matter with the caller's abilities.
 */
export async function performAction(
  ctx: RequestCtx,
  id: number,
  action: TAction,
  input: ActionInput,
): Promise<TMatter> {
  const actor = ctx.me();
  const now = ctx.clock.now();
  const m = await findMatter(ctx.tx, id, ctx.scope(), true);
  if (m === undefined) {
    throw notFound();
  }
  const t = transitionFor(m.type, m.status, action);
  if (t === null) {
    throw new AppError('matter.invalid_transition', {
      message: `当前状态（${m.status}）不允许“${ACTIONS[action]}”`,
      details: { status: m.status, action },
    });
  }
  if (!actor.permissions.includes(t.permission)) {
    throw new AppError('permission.denied');
  }
  const facts = await loadFacts(ctx.tx, m, actor);
  if (!relationHolds(t.relation, facts)) {
    throw new AppError('matter.not_your_task');
  }
  const guard = failingGuard(t.guards, facts);
  if (guard !== null) {
    throw new AppError(guard as TErrorCode);
  }
  const state: EffectState = {
    ctx,
    m,
    facts,
    input,
    now,
    change: {
      status:
        t.to === 'same' || t.to === 'computed'
          ? m.status
          : t.to === 'previous'
            ? (m.suspended_from ?? m.status)
            : t.to,
    },
    notify: new Map(),
    comment:
      textOf(input, 'comment') ??
      textOf(input, 'reason') ??
      textOf(input, 'result') ??
      textOf(input, 'notice'),
    details: {},
  };
  for (const effect of t.effects) {
    await EFFECTS[effect](state);
  }
  await commitTransition(state, action);
  return presentMatterById(ctx, id);
}

async function commitTransition(s: EffectState, action: TAction): Promise<void> {
  const { ctx, m, now } = s;
  const actor = ctx.me();
  const to: TMatterStatus = s.change.status;
  await updateMatter(ctx.tx, m, s.change, now);
  const attachmentIds = Array.isArray(s.input.attachmentIds)
    ? (s.input.attachmentIds as number[])
    : [];
  // photos and papers sent with a step (a feedback's scene photo) become the matter's own
  await linkAttachments(ctx.tx, attachmentIds, m.id, actor.userId);
  await insertHistory(ctx.tx, {
    matterId: m.id,
    cycle: m.cycle,
    action,
    from: m.status,
    to,
    actorId: actor.userId,
    unitId: actor.unitId,
    at: now,
    comment: s.comment,
    attachmentIds,
    before: { status: m.status, ownerUnitId: m.owner_unit_id, cycle: m.cycle },
    after: { status: to, ...s.details },
    regionCode: m.region_code,
  });
  await ctx.audit({
    event: `matters.${action}`,
    targetType: 'matter',
    targetId: m.id,
    regionCode: m.region_code,
    details: { from: m.status, to, ...s.details },
  });
  await notifyUnits(ctx, s.notify, { matterId: m.id, code: m.code, title: m.title });
}
