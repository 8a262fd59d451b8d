// The portal's system actor. A citizen has no account, yet a portal request must become a matter
// through the one registration path (registerMatter) and a rating must run through the one engine
// (performAction), both of which act for an actor. The portal therefore acts as the owning
// center's portal account: a real app_user row (so registered_by and history keep their foreign
// keys and the timeline reads “群众（网上门户）”) that can never log in — status disabled, no
// roles, and a password hash no password verifies. Its in-memory permissions are only what the
// one step needs, and its scope is the center's, exactly like a clerk of that center.
import { randomBytes } from 'node:crypto';
import type { TPermission } from '@fengqiao/contracts';
import type { Actor } from '../../core/actor.ts';
import { sql } from '../../core/db/sql.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { scopeFor } from '../../core/scope.ts';

export const PORTAL_ACCOUNT_NAME = '群众（网上门户）';
/** Not a scrypt string, so verify() always answers false (modules/auth/password-hash.ts). */
const NO_LOGIN_HASH = '!portal-system-account:no-login';

interface CenterRow {
  id: number;
  name: string;
  region_code: string;
}

async function findPortalUser(ctx: RequestCtx, centerId: number) {
  return ctx.tx.maybeOne<{ id: number; username: string }>(sql`
    SELECT u.id, u.username FROM portal_account p JOIN app_user u ON u.id = p.user_id
    WHERE p.center_id = ${centerId}`);
}

/** The center's portal account, created on its first use. */
async function portalUser(
  ctx: RequestCtx,
  center: CenterRow,
): Promise<{ id: number; username: string }> {
  const known = await findPortalUser(ctx, center.id);
  if (known !== undefined) {
    return known;
  }
  const now = ctx.clock.now();
  // a random suffix: a staff account may already use any predictable name
  const username = `sys.portal.${center.id}.${randomBytes(3).toString('hex')}`;
  const user = await ctx.tx.one<{ id: number }>(sql`
    INSERT INTO app_user (username, display_name, unit_id, region_code, password_hash, password_changed_at,
      status, disabled_reason, created_at, updated_at)
    VALUES (${username}, ${PORTAL_ACCOUNT_NAME}, ${center.id}, ${center.region_code}, ${NO_LOGIN_HASH}, ${now},
      'disabled', '系统账号：群众网上门户代为登记和评价，不能登录', ${now}, ${now})
    RETURNING id`);
  const linked = await ctx.tx.query(sql`
    INSERT INTO portal_account (center_id, user_id, created_at) VALUES (${center.id}, ${user.id}, ${now})
    ON CONFLICT (center_id) DO NOTHING RETURNING user_id`);
  if (linked.length > 0) {
    return { id: user.id, username };
  }
  // a concurrent first request created the center's account: use that one, drop ours
  await ctx.tx.query(sql`DELETE FROM app_user WHERE id = ${user.id}`);
  const winner = await findPortalUser(ctx, center.id);
  if (winner === undefined) {
    throw new Error(`portal account of center ${center.id} vanished`);
  }
  return winner;
}

/**
 * A request context acting as the portal account of `centerId`. Audit rows of the request name
 * that account (the request itself has no session), and the data scope is the center's.
 */
export async function actAsCenter(
  ctx: RequestCtx,
  centerId: number,
  permissions: TPermission[],
): Promise<RequestCtx> {
  const center = await ctx.tx.one<CenterRow>(sql`
    SELECT id, name, region_code FROM unit WHERE id = ${centerId} AND kind = 'center'`);
  const user = await portalUser(ctx, center);
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: PORTAL_ACCOUNT_NAME,
    unitId: center.id,
    unitName: center.name,
    unitKind: 'center',
    regionCode: center.region_code,
    roles: [],
    permissions,
    sessionId: 'portal',
    stage: 'active',
    clearance: 0,
    isDemo: false,
  };
  // ctx.audit reads actorHint from the request's own context at write time
  ctx.actorHint = { id: user.id, name: user.username, roles: [], unitId: center.id };
  return { ...ctx, actor, me: () => actor, scope: () => scopeFor(actor) };
}
