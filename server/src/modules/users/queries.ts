import type { Queryable } from '../../core/db/db.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { scopeWhere, type Scope } from '../../core/scope.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  phone_enc: string | null;
  unit_id: number;
  unit_name: string;
  region_code: string;
  roles: string[];
  status: 'active' | 'disabled' | 'left';
  disabled_reason: string | null;
  locked_until: Date | null;
  totp_enrolled: boolean;
  last_login_at: Date | null;
  must_change_password: boolean;
  is_demo: boolean;
}

const SELECT_USER = sql`
  SELECT u.id, u.username, u.display_name, u.phone_enc, u.unit_id, un.name AS unit_name, u.region_code,
    coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles,
    u.status, u.disabled_reason,
    (SELECT t.locked_until FROM login_throttle t WHERE t.username = u.username) AS locked_until,
    u.totp_enrolled_at IS NOT NULL AS totp_enrolled, u.last_login_at, u.must_change_password, u.is_demo
  FROM app_user u JOIN unit un ON un.id = u.unit_id`;

/** Staff accounts only: the portal's per-center system accounts are not people to administer. */
const STAFF = sql`NOT EXISTS (SELECT 1 FROM portal_account pa WHERE pa.user_id = u.id)`;

export async function findUser(
  db: Queryable,
  id: number,
  scope: Scope,
): Promise<UserRow | undefined> {
  const rows = await db.query<UserRow>(
    sql`${SELECT_USER} WHERE u.id = ${id} AND ${STAFF} AND ${scopeWhere(scope, sql`u.region_code`)}`,
  );
  return rows[0];
}

export async function listUsers(
  db: Queryable,
  scope: Scope,
  f: {
    unitId?: number | undefined;
    q?: string | undefined;
    status?: string | undefined;
    role?: string | undefined;
    limit: number;
    after?: number | undefined;
  },
): Promise<UserRow[]> {
  const conds: SqlFragment[] = [STAFF, scopeWhere(scope, sql`u.region_code`)];
  if (f.unitId !== undefined) {
    conds.push(sql`u.unit_id = ${f.unitId}`);
  }
  if (f.status !== undefined) {
    conds.push(sql`u.status = ${f.status}`);
  }
  if (f.role !== undefined) {
    conds.push(
      sql`EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = ${f.role})`,
    );
  }
  if (f.q !== undefined && f.q !== '') {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(u.username LIKE ${like} OR u.display_name LIKE ${like})`);
  }
  if (f.after !== undefined) {
    conds.push(sql`u.id > ${f.after}`);
  }
  return db.query<UserRow>(
    sql`${SELECT_USER} WHERE ${sql.join(conds, ' AND ')} ORDER BY u.id LIMIT ${f.limit + 1}`,
  );
}

export async function insertUser(
  db: Queryable,
  u: {
    username: string;
    displayName: string;
    unitId: number;
    regionCode: string;
    phoneEnc: string | null;
    hash: string;
    at: Date;
    mustChange: boolean;
    isDemo?: boolean;
  },
): Promise<number> {
  const rows = await db.query<{ id: number }>(sql`
    INSERT INTO app_user (username, display_name, unit_id, region_code, phone_enc, password_hash,
      password_changed_at, must_change_password, is_demo, created_at, updated_at)
    VALUES (${u.username}, ${u.displayName}, ${u.unitId}, ${u.regionCode}, ${u.phoneEnc}, ${u.hash},
      ${u.at}, ${u.mustChange}, ${u.isDemo ?? false}, ${u.at}, ${u.at})
    RETURNING id`);
  const id = rows[0]?.id;
  if (id === undefined) {
    throw new Error('insert app_user returned nothing');
  }
  return id;
}

export async function usernameTaken(db: Queryable, username: string): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM app_user WHERE username = ${username}`);
  return rows.length > 0;
}

export async function updateUserFields(
  db: Queryable,
  id: number,
  f: {
    displayName?: string | undefined;
    unitId?: number | undefined;
    regionCode?: string | undefined;
    phoneEnc?: string | null | undefined;
  },
  at: Date,
): Promise<void> {
  await db.query(sql`
    UPDATE app_user SET
      display_name = coalesce(${f.displayName ?? null}, display_name),
      unit_id = coalesce(${f.unitId ?? null}::bigint, unit_id),
      region_code = coalesce(${f.regionCode ?? null}, region_code),
      phone_enc = CASE WHEN ${f.phoneEnc !== undefined} THEN ${f.phoneEnc ?? null} ELSE phone_enc END,
      updated_at = ${at}
    WHERE id = ${id}`);
}

export async function setUserStatus(
  db: Queryable,
  id: number,
  status: string,
  reason: string | null,
  at: Date,
): Promise<void> {
  await db.query(
    sql`UPDATE app_user SET status = ${status}, disabled_reason = ${reason}, updated_at = ${at} WHERE id = ${id}`,
  );
}

export async function replaceRoles(
  db: Queryable,
  userId: number,
  roles: readonly string[],
  by: number,
  at: Date,
): Promise<void> {
  await db.query(
    sql`DELETE FROM user_role WHERE user_id = ${userId} AND NOT (role = ANY(${[...roles]}::text[]))`,
  );
  for (const role of roles) {
    await db.query(sql`
      INSERT INTO user_role (user_id, role, granted_at, granted_by) VALUES (${userId}, ${role}, ${at}, ${by})
      ON CONFLICT (user_id, role) DO NOTHING`);
  }
}

export async function insertUserRoles(
  db: Queryable,
  userId: number,
  roles: readonly string[],
  by: number,
  at: Date,
): Promise<void> {
  for (const role of roles) {
    await db.query(sql`
      INSERT INTO user_role (user_id, role, granted_at, granted_by) VALUES (${userId}, ${role}, ${at}, ${by})`);
  }
}

export async function findUserRef(db: Queryable, id: number, scope: Scope) {
  const rows = await db.query<{ id: number; status: string; region_code: string }>(sql`
    SELECT u.id, u.status, u.region_code FROM app_user u
    WHERE u.id = ${id} AND ${STAFF} AND ${scopeWhere(scope, sql`u.region_code`)}`);
  return rows[0];
}

export async function clearThrottle(db: Queryable, username: string): Promise<void> {
  await db.query(sql`DELETE FROM login_throttle WHERE username = ${username}`);
}
