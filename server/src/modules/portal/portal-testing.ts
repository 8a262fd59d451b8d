// Test helpers for the portal: get a challenge, solve it the way only the server could (from the
// stored keyed hash), and submit a request from a given address.
import type { LightMyRequestResponse } from 'fastify';
import type { TPortalChallenge } from '@fengqiao/contracts/portal/schemas.ts';
import { sql } from '../../core/db/sql.ts';
import type { TestApp } from '../../testing/test-app.ts';
import { challengeAnswerHash } from './challenge.ts';

export async function getChallenge(t: TestApp, ip: string): Promise<TPortalChallenge> {
  const res = await t.call('POST', '/api/portal/challenge', { ip });
  if (res.statusCode !== 201) {
    throw new Error(`challenge: ${res.statusCode} ${res.body}`);
  }
  return res.json<TPortalChallenge>();
}

/** The answer, found by trying every possible one against the stored hash. */
export async function solve(t: TestApp, challengeId: string): Promise<string> {
  const rows = await t.db.query<{ answer_hash: string }>(
    sql`SELECT answer_hash FROM portal_challenge WHERE id = ${challengeId}`,
  );
  const hash = rows[0]?.answer_hash;
  for (let n = 0; n <= 200; n += 1) {
    if (challengeAnswerHash(t.deps.cipher, challengeId, String(n)) === hash) {
      return String(n);
    }
  }
  throw new Error(`no answer found for challenge ${challengeId}`);
}

export async function submit(
  t: TestApp,
  ip: string,
  body: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  const c = await getChallenge(t, ip);
  const answer = await solve(t, c.challengeId);
  return t.call('POST', '/api/portal/requests', {
    ip,
    body: { challengeId: c.challengeId, answer, ...body },
  });
}

/** Full ID numbers (18 or 15 digits) and bare mobile numbers: none may appear in public output. */
export const PII_PATTERNS: readonly RegExp[] = [
  /\d{17}[\dXx]/,
  /(?<!\d)\d{15}(?!\d)/,
  /1[3-9]\d{9}/,
];
