import type { FastifyRequest } from 'fastify';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

export interface IdempotencyClaim {
  actorKey: string;
  key: string;
  hash: string;
}

export type IdempotencyOutcome =
  | { kind: 'fresh'; claim: IdempotencyClaim }
  | { kind: 'replay'; status: number; response: unknown }
  | { kind: 'none' };

/**
 * Idempotency-Key (SECURITY.md §6.3): the key is claimed in the write's own transaction under a
 * primary key, so a concurrent retry waits for the first attempt and then sees its answer; a
 * rolled-back attempt leaves no claim. Same key with another body → 422.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  request: FastifyRequest,
  now: Date,
): Promise<IdempotencyOutcome> {
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string' || header === '') {
    return { kind: 'none' };
  }
  if (!KEY.test(header)) {
    throw new AppError('request.invalid', {
      fields: [
        {
          path: 'header.idempotency-key',
          code: 'format',
          message: '幂等键应为 8–100 位字母、数字或 _.:-',
        },
      ],
    });
  }
  const actorKey = request.actor === null ? `ip:${request.ip}` : `user:${request.actor.userId}`;
  const hash = sha256(JSON.stringify({ url: request.url, body: request.body ?? null }));
  const inserted = await tx.query(sql`
    INSERT INTO idempotency_key (actor_key, key, request_hash, created_at) VALUES (${actorKey}, ${header}, ${hash}, ${now})
    ON CONFLICT (actor_key, key) DO NOTHING RETURNING key`);
  if (inserted.length > 0) {
    return { kind: 'fresh', claim: { actorKey, key: header, hash } };
  }
  const prior = await tx.one<{
    request_hash: string;
    status_code: number | null;
    response: unknown;
  }>(sql`
    SELECT request_hash, status_code, response FROM idempotency_key WHERE actor_key = ${actorKey} AND key = ${header}`);
  if (prior.request_hash !== hash) {
    throw new AppError('request.idempotency_mismatch');
  }
  return { kind: 'replay', status: prior.status_code ?? 200, response: prior.response };
}

export async function storeIdempotentResponse(
  tx: Tx,
  claim: IdempotencyClaim,
  status: number,
  response: unknown,
): Promise<void> {
  await tx.query(sql`
    UPDATE idempotency_key SET status_code = ${status}, response = ${JSON.stringify(response)}::jsonb
    WHERE actor_key = ${claim.actorKey} AND key = ${claim.key}`);
}
