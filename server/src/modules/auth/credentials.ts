// Credential verbs other modules call (account administration): never their SQL directly.
import type { Tx } from '../../core/db/db.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { deleteUserSessions, updatePassword } from './queries.ts';

/** Ends every session of a user at once (disabling, password reset: SECURITY.md A8). */
export async function endUserSessions(tx: Tx, userId: number): Promise<void> {
  await deleteUserSessions(tx, userId);
}

export async function storePassword(
  ctx: RequestCtx,
  userId: number,
  password: string,
  opts: { mustChange: boolean },
): Promise<void> {
  await updatePassword(
    ctx.tx,
    userId,
    await ctx.deps.hasher.hash(password),
    ctx.clock.now(),
    opts.mustChange,
  );
}
