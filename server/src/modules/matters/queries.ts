import type { TChannel, TMatterStatus, TMatterType } from '@fengqiao/contracts';
import type { Queryable, Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import type { Scope } from '../../core/scope.ts';
import { matterScope } from './summary.ts';

export interface MatterRow {
  id: number;
  code: string;
  tracking_code: string;
  type: TMatterType;
  category_code: string;
  category_name: string | null;
  channel: TChannel;
  title: string;
  description: string;
  region_code: string;
  region_name: string;
  grid_code: string | null;
  address: string | null;
  lon: number | null;
  lat: number | null;
  anonymous: boolean;
  reporter_name_enc: string | null;
  reporter_phone_enc: string | null;
  reporter_idno_enc: string | null;
  reported_unit_id: number | null;
  urgent: boolean;
  collective: boolean;
  headcount: number | null;
  repeat: boolean;
  cross_level: boolean;
  risk: 'red' | 'orange' | 'yellow' | 'blue' | null;
  status: TMatterStatus;
  suspended_from: TMatterStatus | null;
  cycle: number;
  reopen_count: number;
  owner_unit_id: number;
  owner_unit_name: string;
  owner_region_code: string;
  owner_office_hours: { start: string; end: string } | null;
  registered_unit_id: number;
  arose_level: number;
  resolved_level: number | null;
  due_at: Date | null;
  due_provisional: boolean;
  warning: 'normal' | 'yellow' | 'red';
  supervised: boolean;
  satisfaction: number | null;
  merged_into: number | null;
  outcome: string | null;
  registered_at: Date;
  accepted_at: Date | null;
  closed_at: Date | null;
  updated_at: Date;
  version: number;
}

const SELECT_MATTER = sql`
  SELECT m.*, u.name AS owner_unit_name, u.region_code AS owner_region_code, u.office_hours AS owner_office_hours,
    (SELECT r.name FROM region r WHERE r.code = m.region_code) AS region_name,
    (SELECT d.name FROM dict_item d WHERE d.dict = 'matter_category' AND d.code = m.category_code) AS category_name
  FROM matter m JOIN unit u ON u.id = m.owner_unit_id`;

/** Through THE matter scope: out of scope is the same `undefined` as missing. */
export async function findMatter(
  db: Queryable,
  id: number,
  scope: Scope,
  forUpdate = false,
): Promise<MatterRow | undefined> {
  const lock = forUpdate ? sql`FOR UPDATE OF m` : sql.empty;
  const rows = await db.query<MatterRow>(
    sql`${SELECT_MATTER} WHERE m.id = ${id} AND ${matterScope(scope)} ${lock}`,
  );
  return rows[0];
}

export interface AssignmentRow {
  id: number;
  matter_id: number;
  cycle: number;
  unit_id: number;
  unit_name: string;
  is_lead: boolean;
  status: 'to_sign' | 'handling' | 'fed_back' | 'returned' | 'done' | 'withdrawn';
  handler_id: number | null;
  due_at: Date | null;
  signed_at: Date | null;
  fed_back_at: Date | null;
  feedback: string | null;
  return_reason: string | null;
}

export async function listAssignments(
  db: Queryable,
  matterId: number,
  cycle: number,
): Promise<AssignmentRow[]> {
  return db.query<AssignmentRow>(sql`
    SELECT a.*, u.name AS unit_name FROM matter_assignment a JOIN unit u ON u.id = a.unit_id
    WHERE a.matter_id = ${matterId} AND a.cycle = ${cycle} ORDER BY a.is_lead DESC, a.id`);
}

export async function insertAssignment(
  tx: Tx,
  a: {
    matterId: number;
    cycle: number;
    unitId: number;
    isLead: boolean;
    by: number;
    at: Date;
    regionCode: string;
  },
): Promise<number> {
  const row = await tx.one<{ id: number }>(sql`
    INSERT INTO matter_assignment (matter_id, cycle, unit_id, is_lead, status, dispatched_by, dispatched_at, region_code)
    VALUES (${a.matterId}, ${a.cycle}, ${a.unitId}, ${a.isLead}, 'to_sign', ${a.by}, ${a.at}, ${a.regionCode})
    RETURNING id`);
  return row.id;
}

export async function setAssignment(
  tx: Tx,
  id: number,
  f: {
    status: AssignmentRow['status'];
    handlerId?: number;
    signedAt?: Date;
    fedBackAt?: Date;
    feedback?: string | null;
    returnReason?: string;
  },
): Promise<void> {
  await tx.query(sql`
    UPDATE matter_assignment SET status = ${f.status},
      handler_id = coalesce(${f.handlerId ?? null}::bigint, handler_id),
      signed_at = coalesce(${f.signedAt ?? null}::timestamptz, signed_at),
      fed_back_at = coalesce(${f.fedBackAt ?? null}::timestamptz, fed_back_at),
      feedback = CASE WHEN ${f.feedback !== undefined} THEN ${f.feedback ?? null} ELSE feedback END,
      return_reason = coalesce(${f.returnReason ?? null}, return_reason)
    WHERE id = ${id}`);
}

export async function closeOpenAssignments(
  tx: Tx,
  matterId: number,
  status: 'done' | 'withdrawn',
): Promise<void> {
  await tx.query(sql`
    UPDATE matter_assignment SET status = ${status}
    WHERE matter_id = ${matterId} AND status IN ('to_sign', 'handling', 'fed_back')`);
}

export interface HistoryInsert {
  matterId: number;
  cycle: number;
  action: string;
  from: string | null;
  to: string;
  actorId: number | null;
  unitId: number | null;
  at: Date;
  comment: string | null;
  attachmentIds: readonly number[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  regionCode: string;
}

export async function insertHistory(tx: Tx, h: HistoryInsert): Promise<void> {
  await tx.query(sql`
    INSERT INTO matter_history (matter_id, cycle, action, from_status, to_status, actor_id, actor_unit_id, at,
      comment, attachment_ids, before, after, region_code)
    VALUES (${h.matterId}, ${h.cycle}, ${h.action}, ${h.from}, ${h.to}, ${h.actorId}, ${h.unitId}, ${h.at},
      ${h.comment}, ${[...h.attachmentIds]}::bigint[], ${JSON.stringify(h.before)}::jsonb, ${JSON.stringify(h.after)}::jsonb, ${h.regionCode})`);
}

export interface HistoryRow {
  id: number;
  cycle: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_name: string | null;
  unit_name: string | null;
  at: Date;
  comment: string | null;
  attachment_ids: number[];
}

export async function listHistory(db: Queryable, matterId: number): Promise<HistoryRow[]> {
  return db.query<HistoryRow>(sql`
    SELECT h.id, h.cycle, h.action, h.from_status, h.to_status, u.display_name AS actor_name, un.name AS unit_name,
      h.at, h.comment, h.attachment_ids
    FROM matter_history h LEFT JOIN app_user u ON u.id = h.actor_id LEFT JOIN unit un ON un.id = h.actor_unit_id
    WHERE h.matter_id = ${matterId} ORDER BY h.id`);
}

export interface PendingExtension {
  id: number;
  clock_id: number;
  value: number;
  reason: string;
}

export async function findPendingExtension(
  db: Queryable,
  matterId: number,
): Promise<PendingExtension | undefined> {
  const rows = await db.query<PendingExtension>(sql`
    SELECT id, clock_id, value, reason FROM extension_request WHERE matter_id = ${matterId} AND status = 'pending'`);
  return rows[0];
}

/** Columns that change on a transition; the engine writes them all in one UPDATE. */
export interface MatterChange {
  status: TMatterStatus;
  owner_unit_id?: number;
  suspended_from?: TMatterStatus | null;
  cycle?: number;
  reopen_count?: number;
  cross_level?: boolean;
  resolved_level?: number | null;
  satisfaction?: number | null;
  merged_into?: number | null;
  outcome?: string | null;
  supervised?: boolean;
  accepted_at?: Date;
  closed_at?: Date;
}

export async function updateMatter(tx: Tx, m: MatterRow, c: MatterChange, at: Date): Promise<void> {
  await tx.query(sql`
    UPDATE matter SET status = ${c.status},
      owner_unit_id = ${c.owner_unit_id ?? m.owner_unit_id},
      suspended_from = ${c.suspended_from === undefined ? m.suspended_from : c.suspended_from},
      cycle = ${c.cycle ?? m.cycle},
      reopen_count = ${c.reopen_count ?? m.reopen_count},
      cross_level = ${c.cross_level ?? m.cross_level},
      resolved_level = ${c.resolved_level === undefined ? m.resolved_level : c.resolved_level},
      satisfaction = ${c.satisfaction === undefined ? m.satisfaction : c.satisfaction},
      merged_into = ${c.merged_into === undefined ? m.merged_into : c.merged_into},
      outcome = ${c.outcome === undefined ? m.outcome : c.outcome},
      supervised = ${c.supervised ?? m.supervised},
      accepted_at = ${c.accepted_at ?? m.accepted_at},
      closed_at = ${c.closed_at ?? m.closed_at},
      updated_at = ${at}, version = version + 1
    WHERE id = ${m.id}`);
}
