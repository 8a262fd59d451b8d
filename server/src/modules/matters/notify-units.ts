import { notify } from '../../core/notify.ts';
import type { RequestCtx } from '../../core/http/context.ts';

/**
 * Tells units about a step of a matter: in-app messages written in the transaction of the change
 * and pushed live to open browsers after it commits (core/notify.ts).
 */
export async function notifyUnits(
  ctx: RequestCtx,
  targets: Map<number, { kind: string; title: string }>,
  m: { matterId: number; code: string; title: string },
): Promise<void> {
  for (const [unitId, n] of targets) {
    await notify(
      { tx: ctx.tx, live: ctx.deps.live, clock: ctx.clock },
      { unitId, kind: n.kind, matterId: m.matterId, title: n.title, body: `${m.code} ${m.title}` },
    );
  }
}
