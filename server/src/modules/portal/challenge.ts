// The portal's robot check: issued by us, answered once, within five minutes. The table keeps only
// a keyed hash of the answer bound to the challenge id, so neither a database reader nor a replay
// of someone else's solved challenge gets a request through.
import type { TPortalChallenge } from '@fengqiao/contracts/portal/schemas.ts';
import { randomToken, type FieldCipher } from '../../core/crypto.ts';
import { sql } from '../../core/db/sql.ts';
import { AppError } from '../../core/errors.ts';
import { CommitThenFail, type RequestCtx } from '../../core/http/context.ts';
import { newPuzzle, puzzleImage } from './challenge-svg.ts';
import { assertChallengesBelow, ipKey, pruneExpired } from './throttle.ts';

export const CHALLENGE_TTL_SECONDS = 5 * 60;

/**
 * Browser tests drive the portal like a citizen but cannot read the picture. With
 * PORTAL_CHALLENGE_ECHO=1 (config.portalChallengeEcho; a production process refuses to start with
 * it) the answer is also sent in this response header, so the e2e harness can type it.
 */
export const CHALLENGE_ECHO_HEADER = 'X-Portal-Challenge-Answer';

/** Keyed (HMAC) so the small answer space cannot be read back from the table. */
export function challengeAnswerHash(cipher: FieldCipher, id: string, answer: string): string {
  return cipher.blindIndex(`portal-challenge:${id}:${answer}`);
}

/** Full-width digits and stray spaces are what people type on a phone; anything else is wrong. */
function normalizeAnswer(answer: string): string {
  return answer
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '');
}

export async function issueChallenge(ctx: RequestCtx): Promise<TPortalChallenge> {
  const ip = ipKey(ctx);
  await assertChallengesBelow(ctx, ip);
  await pruneExpired(ctx);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000);
  const id = randomToken(18);
  const puzzle = newPuzzle();
  await ctx.tx.query(sql`
    INSERT INTO portal_challenge (id, answer_hash, ip_hash, created_at, expires_at)
    VALUES (${id}, ${challengeAnswerHash(ctx.deps.cipher, id, String(puzzle.answer))}, ${ip}, ${now}, ${expiresAt})`);
  // mutating routes are audited (SECURITY.md C1); the row holds the address, never the answer
  await ctx.audit({ event: 'portal.challenge', targetType: 'portal_challenge' });
  if (ctx.deps.config.portalChallengeEcho && ctx.deps.config.mode !== 'production') {
    void ctx.reply.header(CHALLENGE_ECHO_HEADER, String(puzzle.answer));
  }
  return {
    challengeId: id,
    image: puzzleImage(puzzle.text),
    prompt: '请计算图中算式的结果',
    expiresAt: expiresAt.toISOString(),
  };
}

function rejected(message: string): CommitThenFail {
  return new CommitThenFail(
    new AppError('request.invalid', {
      message,
      fields: [{ path: 'answer', code: 'challenge', message }],
    }),
  );
}

/**
 * Uses the challenge up, right or wrong: one guess per challenge. A failure commits the use
 * before answering 400, so neither a replay nor guessing again can pass.
 */
export async function consumeChallenge(ctx: RequestCtx, id: string, answer: string): Promise<void> {
  const now = ctx.clock.now();
  const row = await ctx.tx.maybeOne<{ answer_hash: string; expires_at: Date }>(sql`
    UPDATE portal_challenge SET used_at = ${now}
    WHERE id = ${id} AND used_at IS NULL RETURNING answer_hash, expires_at`);
  if (row === undefined) {
    throw rejected('验证码无效或已使用，请重新获取');
  }
  if (row.expires_at.getTime() <= now.getTime()) {
    throw rejected('验证码已过期，请重新获取');
  }
  if (challengeAnswerHash(ctx.deps.cipher, id, normalizeAnswer(answer)) !== row.answer_hash) {
    throw rejected('验证码错误，请重新获取');
  }
}
