import type { Queryable } from '../../core/db/db.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { scopeWhere, type Scope } from '../../core/scope.ts';

export interface AuditListRow {
  id: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  actor_roles: string[];
  ip: string | null;
  event: string;
  target_type: string | null;
  target_id: string | null;
  region_code: string | null;
  outcome: 'success' | 'failure' | 'denied';
  reason: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  sealed: boolean;
}

/** Newest first. Rows without a region (e.g. a login attempt for an unknown name) are shown to every auditor. */
export async function listAudit(
  db: Queryable,
  scope: Scope,
  f: {
    actorId?: number | undefined;
    event?: string | undefined;
    targetType?: string | undefined;
    targetId?: string | undefined;
    outcome?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    after?: number | undefined;
  },
): Promise<AuditListRow[]> {
  const conds: SqlFragment[] = [
    sql`(a.region_code IS NULL OR ${scopeWhere(scope, sql`a.region_code`)})`,
  ];
  if (f.actorId !== undefined) {
    conds.push(sql`a.actor_id = ${f.actorId}`);
  }
  if (f.event !== undefined) {
    conds.push(sql`a.event = ${f.event}`);
  }
  if (f.targetType !== undefined) {
    conds.push(sql`a.target_type = ${f.targetType}`);
  }
  if (f.targetId !== undefined) {
    conds.push(sql`a.target_id = ${f.targetId}`);
  }
  if (f.outcome !== undefined) {
    conds.push(sql`a.outcome = ${f.outcome}`);
  }
  if (f.from !== undefined) {
    conds.push(sql`a.at >= ${f.from}::timestamptz`);
  }
  if (f.to !== undefined) {
    conds.push(sql`a.at < ${f.to}::timestamptz`);
  }
  if (f.after !== undefined) {
    conds.push(sql`a.id < ${f.after}`);
  }
  return db.query<AuditListRow>(sql`
    SELECT a.id, a.at, a.actor_id, a.actor_name, a.actor_roles, a.ip, a.event, a.target_type, a.target_id,
      a.region_code, a.outcome, a.reason, a.request_id, a.details,
      EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id) AS sealed
    FROM audit_log a WHERE ${sql.join(conds, ' AND ')}
    ORDER BY a.id DESC LIMIT ${f.limit + 1}`);
}
