// The portal's SQL. A tracking code is the citizen's capability for one matter, so these reads
// go by tracking code instead of through a staff data scope; they select only what the public
// view and the receipt need, and presenters scrub all of it.
import type { TMatterStatus } from '@fengqiao/contracts';
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { MATTER_DOC_COLUMNS, MATTER_DOC_FROM, type MatterDocRow } from '../matters/documents.ts';

/** The printed documents' fields, plus what the public track view needs. */
export interface PublicMatterRow extends MatterDocRow {
  status: TMatterStatus;
  cycle: number;
  satisfaction: number | null;
  closed_at: Date | null;
  owner_unit_id: number;
}

export async function findByTrackingCode(
  db: Queryable,
  trackingCode: string,
): Promise<PublicMatterRow | undefined> {
  const rows = await db.query<PublicMatterRow>(sql`
    SELECT ${MATTER_DOC_COLUMNS}, m.status, m.cycle, m.satisfaction, m.closed_at, m.owner_unit_id
    FROM ${MATTER_DOC_FROM}
    WHERE m.tracking_code = ${trackingCode}`);
  return rows[0];
}

/** Encrypted names of the matter's parties: decrypted only to be masked out of public text. */
export async function listPartyNames(db: Queryable, matterId: number): Promise<string[]> {
  const rows = await db.query<{ name_enc: string }>(
    sql`SELECT name_enc FROM matter_party WHERE matter_id = ${matterId} ORDER BY id`,
  );
  return rows.map((r) => r.name_enc);
}

export interface PublicStepRow {
  action: string;
  at: Date;
  reopened: boolean;
}

/** The timeline without who did it and without comments: action and time only. */
export async function listSteps(db: Queryable, matterId: number): Promise<PublicStepRow[]> {
  return db.query<PublicStepRow>(sql`
    SELECT action, at, coalesce((after ->> 'reopened')::boolean, false) AS reopened
    FROM matter_history WHERE matter_id = ${matterId} ORDER BY id`);
}

/** 办理结果: the lead unit's feedback in the current cycle. */
export async function findResult(
  db: Queryable,
  matterId: number,
  cycle: number,
): Promise<string | null> {
  const rows = await db.query<{ feedback: string | null }>(sql`
    SELECT feedback FROM matter_assignment
    WHERE matter_id = ${matterId} AND cycle = ${cycle} AND is_lead AND feedback IS NOT NULL
    ORDER BY id DESC LIMIT 1`);
  return rows[0]?.feedback ?? null;
}
