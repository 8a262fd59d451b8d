import type { TRole, TSessionStage } from '@fengqiao/contracts';
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

export interface SessionRow {
  session_id: string;
  stage: TSessionStage;
  created_at: Date;
  last_seen_at: Date;
  user_id: number;
  username: string;
  display_name: string;
  status: string;
  unit_id: number;
  unit_name: string;
  unit_kind: string;
  region_code: string;
  clearance: number;
  is_demo: boolean;
  totp_enrolled: boolean;
  roles: TRole[];
  settings: Record<string, unknown> | null;
}

/** One query per request: session, account, unit, roles and the security settings. */
export async function findSession(db: Queryable, id: string): Promise<SessionRow | undefined> {
  const rows = await db.query<SessionRow>(sql`
    SELECT s.id AS session_id, s.stage, s.created_at, s.last_seen_at, u.id AS user_id, u.username,
      u.display_name, u.status, u.unit_id, un.name AS unit_name, un.kind AS unit_kind, un.region_code,
      u.clearance, u.is_demo, u.totp_enrolled_at IS NOT NULL AS totp_enrolled,
      coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles,
      (SELECT value FROM setting WHERE key = 'security') AS settings
    FROM user_session s
    JOIN app_user u ON u.id = s.user_id
    JOIN unit un ON un.id = u.unit_id
    WHERE s.id = ${id}`);
  return rows[0];
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query(sql`DELETE FROM user_session WHERE id = ${id}`);
}

export async function deleteUserSessions(
  db: Queryable,
  userId: number,
  exceptId: string | null = null,
): Promise<void> {
  await db.query(
    sql`DELETE FROM user_session WHERE user_id = ${userId} AND id IS DISTINCT FROM ${exceptId}`,
  );
}

export async function touchSession(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(sql`UPDATE user_session SET last_seen_at = ${at} WHERE id = ${id}`);
}

export async function insertSession(
  db: Queryable,
  s: {
    id: string;
    userId: number;
    stage: TSessionStage;
    at: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db.query(sql`
    INSERT INTO user_session (id, user_id, stage, created_at, last_seen_at, ip, user_agent)
    VALUES (${s.id}, ${s.userId}, ${s.stage}, ${s.at}, ${s.at}, ${s.ip}, ${s.userAgent?.slice(0, 300) ?? null})`);
}

export async function setSessionStage(
  db: Queryable,
  id: string,
  stage: TSessionStage,
): Promise<void> {
  await db.query(sql`UPDATE user_session SET stage = ${stage} WHERE id = ${id}`);
}

export interface LoginUserRow {
  id: number;
  username: string;
  password_hash: string;
  password_changed_at: Date;
  must_change_password: boolean;
  status: string;
  unit_id: number;
  region_code: string;
  totp_secret_enc: string | null;
  totp_enrolled_at: Date | null;
  totp_last_step: number | null;
  roles: TRole[];
}

export async function findLoginUser(
  db: Queryable,
  username: string,
): Promise<LoginUserRow | undefined> {
  const rows = await db.query<LoginUserRow>(sql`
    SELECT u.id, u.username, u.password_hash, u.password_changed_at, u.must_change_password, u.status,
      u.unit_id, u.region_code, u.totp_secret_enc, u.totp_enrolled_at, u.totp_last_step,
      coalesce((SELECT array_agg(r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
    FROM app_user u WHERE u.username = ${username}`);
  return rows[0];
}

export async function findLoginUserById(db: Queryable, id: number): Promise<LoginUserRow> {
  const rows = await db.query<LoginUserRow>(sql`
    SELECT u.id, u.username, u.password_hash, u.password_changed_at, u.must_change_password, u.status,
      u.unit_id, u.region_code, u.totp_secret_enc, u.totp_enrolled_at, u.totp_last_step,
      coalesce((SELECT array_agg(r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
    FROM app_user u WHERE u.id = ${id}`);
  const row = rows[0];
  if (row === undefined) {
    throw new Error(`user ${id} vanished`);
  }
  return row;
}

export interface ThrottleRow {
  failures: number;
  locked_until: Date | null;
}

/** Locks the counter row for this login name (creating it), so parallel attempts count once each. */
export async function lockThrottle(
  db: Queryable,
  username: string,
  at: Date,
): Promise<ThrottleRow> {
  await db.query(sql`
    INSERT INTO login_throttle (username, failures, updated_at) VALUES (${username}, 0, ${at})
    ON CONFLICT (username) DO NOTHING`);
  const rows = await db.query<ThrottleRow>(sql`
    SELECT failures, locked_until FROM login_throttle WHERE username = ${username} FOR UPDATE`);
  return rows[0] ?? { failures: 0, locked_until: null };
}

export async function saveThrottle(
  db: Queryable,
  username: string,
  t: ThrottleRow,
  at: Date,
): Promise<void> {
  await db.query(sql`
    UPDATE login_throttle SET failures = ${t.failures}, locked_until = ${t.locked_until}, updated_at = ${at}
    WHERE username = ${username}`);
}

export async function updatePassword(
  db: Queryable,
  userId: number,
  hash: string,
  at: Date,
  mustChange: boolean,
): Promise<void> {
  await db.query(sql`
    UPDATE app_user SET password_hash = ${hash}, password_changed_at = ${at},
      must_change_password = ${mustChange}, updated_at = ${at}
    WHERE id = ${userId}`);
}
