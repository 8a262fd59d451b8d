// Account verbs other modules call (the staff import, grid assignments): one way to create an
// account and one way to find one in scope, whatever the entry point.
import type { Queryable } from '../../core/db/db.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import type { Scope } from '../../core/scope.ts';
import { findUserRef, insertUser, insertUserRoles, usernameTaken } from './queries.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  unitId: number;
  regionCode: string;
  phone: string | null;
  password: string;
  roles: readonly string[];
}

/** Inserts an account that must change its password at first login; the caller audits. */
export async function createAccount(ctx: RequestCtx, a: NewAccount): Promise<number> {
  const now = ctx.clock.now();
  const id = await insertUser(ctx.tx, {
    username: a.username,
    displayName: a.displayName,
    unitId: a.unitId,
    regionCode: a.regionCode,
    phoneEnc: a.phone === null ? null : ctx.deps.cipher.encrypt(a.phone),
    hash: await ctx.deps.hasher.hash(a.password),
    at: now,
    mustChange: true,
  });
  await insertUserRoles(ctx.tx, id, a.roles, ctx.me().userId, now);
  return id;
}

/** Usernames are unique across the deployment, so this check is deliberately unscoped. */
export function isUsernameTaken(db: Queryable, username: string): Promise<boolean> {
  return usernameTaken(db, username);
}

export function findAccountInScope(db: Queryable, id: number, scope: Scope) {
  return findUserRef(db, id, scope);
}
