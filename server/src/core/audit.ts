import type { Actor } from './actor.ts';
import type { Tx } from './db/db.ts';
import { sql } from './db/sql.ts';

export interface AuditEvent {
  event: string;
  outcome?: 'success' | 'failure' | 'denied';
  targetType?: string;
  targetId?: string | number;
  regionCode?: string | null;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface AuditContext {
  actor: Actor | null;
  /** For events before a session exists (login): who it concerns. */
  actorHint?: { id: number | null; name: string; roles?: string[]; unitId?: number | null };
  ip: string | null;
  requestId: string | null;
  at: Date;
  /** Counts rows written in this request, so a route flagged `audit` proves it wrote one. */
  onWrite?: () => void;
}

/**
 * Writes one audit row in the caller's transaction (CONVENTIONS §4.5): the row commits with the
 * change or not at all. The hash chain is added later by the sealer over committed rows, so
 * writers never serialize on the chain. Details must hold no secrets or full personal data.
 */
export async function writeAudit(tx: Tx, ctx: AuditContext, ev: AuditEvent): Promise<void> {
  const a = ctx.actor;
  const actorId = a?.userId ?? ctx.actorHint?.id ?? null;
  const actorName = a?.username ?? ctx.actorHint?.name ?? null;
  const roles = a?.roles ?? ctx.actorHint?.roles ?? [];
  const unitId = a?.unitId ?? ctx.actorHint?.unitId ?? null;
  const region = ev.regionCode === undefined ? (a?.regionCode ?? null) : ev.regionCode;
  await tx.query(sql`
    INSERT INTO audit_log (at, actor_id, actor_name, actor_roles, actor_unit_id, ip, event,
      target_type, target_id, region_code, outcome, reason, request_id, details)
    VALUES (${ctx.at}, ${actorId}, ${actorName}, ${roles}::text[], ${unitId}, ${ctx.ip}, ${ev.event},
      ${ev.targetType ?? null}, ${ev.targetId === undefined ? null : String(ev.targetId)}, ${region},
      ${ev.outcome ?? 'success'}, ${ev.reason ?? null}, ${ctx.requestId}, ${JSON.stringify(ev.details ?? {})}::jsonb)`);
  ctx.onWrite?.();
}
