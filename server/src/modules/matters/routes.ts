import { ENDPOINTS, MATTER_ACTION_ENDPOINTS, type TAction } from '@fengqiao/contracts';
import { notFound } from '../../core/errors.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { findDuplicates } from './duplicates.ts';
import { performAction, type ActionInput } from './engine.ts';
import { listMatters, worklistCounts } from './list.ts';
import { presentMatterById } from './presenter.ts';
import { findMatter, listHistory } from './queries.ts';
import { reassignTasks } from './reassign.ts';
import { registerMatter } from './register-matter.ts';
import { revealField } from './reveal.ts';
import { documentRoute } from './documents.ts';

const actionRoutes: RouteDef[] = Object.values(MATTER_ACTION_ENDPOINTS).map((ep) =>
  route(ep, (ctx, { params, body }) =>
    performAction(
      ctx,
      params.id,
      ep.id.slice('matters.'.length) as TAction,
      (body ?? {}) as ActionInput,
    ),
  ),
);

export const matterRoutes: RouteDef[] = [
  route(ENDPOINTS['matters.register'], (ctx, { body }) => registerMatter(ctx, body)),
  route(ENDPOINTS['matters.list'], (ctx, { query }) => listMatters(ctx, query)),
  route(ENDPOINTS['matters.counts'], (ctx) => worklistCounts(ctx)),
  route(ENDPOINTS['matters.get'], (ctx, { params }) => presentMatterById(ctx, params.id)),
  route(ENDPOINTS['matters.history'], async (ctx, { params }) => {
    const m = await findMatter(ctx.tx, params.id, ctx.scope());
    if (m === undefined) {
      throw notFound();
    }
    const rows = await listHistory(ctx.tx, m.id);
    return rows.map((h) => ({
      id: h.id,
      cycle: h.cycle,
      action: h.action,
      fromStatus: h.from_status,
      toStatus: h.to_status,
      actorName: h.actor_name,
      unitName: h.unit_name,
      at: h.at.toISOString(),
      comment: h.comment,
      attachmentIds: h.attachment_ids,
    }));
  }),
  route(ENDPOINTS['matters.reveal'], (ctx, { params, body }) => revealField(ctx, params.id, body)),
  route(ENDPOINTS['matters.duplicates'], (ctx, { body }) =>
    findDuplicates(ctx.tx, ctx.scope(), body, {
      now: ctx.clock.now(),
      blindIndex: (s) => ctx.deps.cipher.blindIndex(s),
    }),
  ),
  route(ENDPOINTS['matters.reassign'], (ctx, { body }) => reassignTasks(ctx, body)),
  documentRoute,
  ...actionRoutes,
];
