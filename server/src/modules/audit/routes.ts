import { ENDPOINTS } from '@fengqiao/contracts';
import { verifyAuditChain } from '../../core/audit-chain.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { listAudit } from './queries.ts';

export const auditRoutes: RouteDef[] = [
  route(ENDPOINTS['audit.list'], async (ctx, { query }) => {
    const rows = await listAudit(ctx.tx, ctx.scope(), query);
    const page = rows.slice(0, query.limit);
    // reading the audit log is itself audited (C1)
    await ctx.audit({
      event: 'audit.list',
      targetType: 'audit_log',
      details: { filters: Object.keys(query) },
    });
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        actorRoles: r.actor_roles,
        ip: r.ip,
        event: r.event,
        targetType: r.target_type,
        targetId: r.target_id,
        regionCode: r.region_code,
        outcome: r.outcome,
        reason: r.reason,
        requestId: r.request_id,
        details: r.details,
        sealed: r.sealed,
      })),
      nextCursor: rows.length > query.limit && last !== undefined ? String(last.id) : null,
    };
  }),
  route(ENDPOINTS['audit.verify'], async (ctx) => {
    const result = await verifyAuditChain(ctx.tx, ctx.deps.config.auditCheckpointFile);
    await ctx.audit({
      event: 'audit.verify',
      outcome: result.ok ? 'success' : 'failure',
      details: { checked: result.checked, problems: result.problems.length },
    });
    return result;
  }),
];
