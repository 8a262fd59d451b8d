import type { Queryable } from '../../core/db/db.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';

/** Whose messages: a notification with a user is that user's alone; without one, its unit's. */
export interface Recipient {
  userId: number;
  unitId: number;
}

export interface NotificationRow {
  id: number;
  user_id: number | null;
  unit_id: number | null;
  kind: string;
  matter_id: number | null;
  title: string;
  body: string;
  read_at: Date | null;
  created_at: Date;
}

const COLUMNS = sql.raw(
  'n.id, n.user_id, n.unit_id, n.kind, n.matter_id, n.title, n.body, n.read_at, n.created_at',
);

/**
 * The one addressing rule, shared by list, read, replay and (in JavaScript) the live filter:
 * a personal message never reaches the colleagues of its unit.
 */
function addressedTo(r: Recipient): SqlFragment {
  return sql`(n.user_id = ${r.userId} OR (n.user_id IS NULL AND n.unit_id = ${r.unitId}))`;
}

export function isAddressedTo(
  ev: { userId: number | null; unitId: number | null },
  r: Recipient,
): boolean {
  return ev.userId === null ? ev.unitId === r.unitId : ev.userId === r.userId;
}

export async function listNotifications(
  db: Queryable,
  r: Recipient,
  f: { unread: boolean; limit: number; after?: number | undefined },
): Promise<NotificationRow[]> {
  const conds: SqlFragment[] = [addressedTo(r)];
  if (f.unread) {
    conds.push(sql`n.read_at IS NULL`);
  }
  if (f.after !== undefined) {
    conds.push(sql`n.id < ${f.after}`);
  }
  return db.query<NotificationRow>(sql`
    SELECT ${COLUMNS} FROM notification n WHERE ${sql.join(conds, ' AND ')}
    ORDER BY n.id DESC LIMIT ${f.limit + 1}`);
}

export async function countUnread(db: Queryable, r: Recipient): Promise<number> {
  const rows = await db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM notification n WHERE ${addressedTo(r)} AND n.read_at IS NULL`);
  return rows[0]?.n ?? 0;
}

/** Keeps the first read time; undefined when the message is missing or not the caller's. */
export async function markRead(
  db: Queryable,
  r: Recipient,
  id: number,
  at: Date,
): Promise<NotificationRow | undefined> {
  const rows = await db.query<NotificationRow>(sql`
    UPDATE notification n SET read_at = coalesce(n.read_at, ${at})
    WHERE n.id = ${id} AND ${addressedTo(r)}
    RETURNING ${COLUMNS}`);
  return rows[0];
}

/** Marks every unread message of the caller up to `upTo` read; returns how many. */
export async function markAllRead(
  db: Queryable,
  r: Recipient,
  upTo: number,
  at: Date,
): Promise<number> {
  const rows = await db.query<{ id: number }>(sql`
    UPDATE notification n SET read_at = ${at}
    WHERE n.id <= ${upTo} AND n.read_at IS NULL AND ${addressedTo(r)}
    RETURNING n.id`);
  return rows.length;
}

/** Messages after a stream's Last-Event-ID, oldest first, for the replay on reconnect. */
export async function listSince(
  db: Queryable,
  r: Recipient,
  afterId: number,
  limit: number,
): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(sql`
    SELECT ${COLUMNS} FROM notification n WHERE ${addressedTo(r)} AND n.id > ${afterId}
    ORDER BY n.id LIMIT ${limit}`);
}

export interface StreamSessionRow {
  stage: string;
  created_at: Date;
  last_seen_at: Date;
  user_id: number;
  status: string;
  unit_id: number;
  settings: Record<string, unknown> | null;
}

/**
 * The session behind an open stream, re-read on every heartbeat without touching it: a stream
 * must end on logout, disabling or transfer, yet an idle tab must still time out.
 */
export async function findStreamSession(
  db: Queryable,
  sessionId: string,
): Promise<StreamSessionRow | undefined> {
  const rows = await db.query<StreamSessionRow>(sql`
    SELECT s.stage, s.created_at, s.last_seen_at, u.id AS user_id, u.status, u.unit_id,
      (SELECT value FROM setting WHERE key = 'security') AS settings
    FROM user_session s JOIN app_user u ON u.id = s.user_id
    WHERE s.id = ${sessionId}`);
  return rows[0];
}
