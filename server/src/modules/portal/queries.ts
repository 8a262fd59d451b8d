// The portal's SQL. A tracking code is the citizen's capability for one matter, so these reads
// go by tracking code instead of through a staff data scope; they select only what the public
// view and the receipt need, and presenters scrub all of it.
import type { TChannel, TMatterStatus, TMatterType } from '@fengqiao/contracts';
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

export interface PublicMatterRow {
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
  region_name: string | null;
  county_name: string | null;
  address: string | null;
  anonymous: boolean;
  reporter_name_enc: string | null;
  urgent: boolean;
  status: TMatterStatus;
  cycle: number;
  due_at: Date | null;
  outcome: string | null;
  satisfaction: number | null;
  registered_at: Date;
  accepted_at: Date | null;
  closed_at: Date | null;
  owner_unit_id: number;
  owner_unit_name: string;
  registered_unit_name: string;
}

export async function findByTrackingCode(
  db: Queryable,
  trackingCode: string,
): Promise<PublicMatterRow | undefined> {
  const rows = await db.query<PublicMatterRow>(sql`
    SELECT m.id, m.code, m.tracking_code, m.type, m.category_code,
      (SELECT d.name FROM dict_item d WHERE d.dict = 'matter_category' AND d.code = m.category_code) AS category_name,
      m.channel, m.title, m.description, m.region_code,
      (SELECT r.name FROM region r WHERE r.code = m.region_code) AS region_name,
      (SELECT r.name FROM region r WHERE r.code = left(m.region_code, 6)) AS county_name,
      m.address, m.anonymous, m.reporter_name_enc, m.urgent, m.status, m.cycle, m.due_at, m.outcome,
      m.satisfaction, m.registered_at, m.accepted_at, m.closed_at, m.owner_unit_id,
      ou.name AS owner_unit_name, ru.name AS registered_unit_name
    FROM matter m JOIN unit ou ON ou.id = m.owner_unit_id JOIN unit ru ON ru.id = m.registered_unit_id
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
