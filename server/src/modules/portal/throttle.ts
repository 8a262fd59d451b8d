// The portal's limits (SECURITY.md A10, D4). The per-route limits in the endpoint contract are
// in-process windows against bursts; these count rows in the database, so they hold however many
// server processes answer. Addresses and phones are kept as keyed hashes only.
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { AppError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';

export interface Limit {
  max: number;
  windowSeconds: number;
}

export const PORTAL_LIMITS = {
  /** Requests submitted from one address per hour. */
  submitPerIp: { max: 5, windowSeconds: 3600 },
  /** Requests naming one contact phone per hour, from any address. */
  submitPerPhone: { max: 5, windowSeconds: 3600 },
  /** Unknown tracking codes tried from one address per hour: then every lookup waits. */
  missPerIp: { max: 20, windowSeconds: 3600 },
  /** Challenges issued to one address per ten minutes. */
  challengePerIp: { max: 30, windowSeconds: 600 },
} as const satisfies Record<string, Limit>;

export type PortalEventKind = 'submit' | 'miss';

export function ipKey(ctx: RequestCtx): string {
  return ctx.deps.cipher.blindIndex(`portal-ip:${ctx.ip ?? 'unknown'}`);
}

/** Digits only, so 010-12345678 and 01012345678 count as one phone. */
export function phoneKey(ctx: RequestCtx, phone: string): string {
  return ctx.deps.cipher.blindIndex(`portal-phone:${phone.replace(/\D/g, '')}`);
}

/**
 * 429 with Retry-After once `limit.max` rows are inside the window. `recent` selects the `at`
 * column of the caller's rows, newest first; the wait ends when the oldest of the last `max`
 * rows leaves the window.
 */
async function assertBelow(
  ctx: RequestCtx,
  limit: Limit,
  recent: (since: Date) => SqlFragment,
): Promise<void> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - limit.windowSeconds * 1000);
  const row = await ctx.tx.one<{ n: number; oldest: Date | null }>(sql`
    SELECT count(*)::int AS n, min(at) AS oldest FROM (${recent(since)} LIMIT ${limit.max}) x`);
  if (row.n < limit.max || row.oldest === null) {
    return;
  }
  const wait = Math.ceil(
    (row.oldest.getTime() + limit.windowSeconds * 1000 - now.getTime()) / 1000,
  );
  void ctx.reply.header('Retry-After', String(Math.max(1, wait)));
  throw new AppError('request.rate_limited');
}

export function assertEventsBelow(
  ctx: RequestCtx,
  kind: PortalEventKind,
  by: { ip: string } | { phone: string },
  limit: Limit,
): Promise<void> {
  const match = 'ip' in by ? sql`ip_hash = ${by.ip}` : sql`phone_hash = ${by.phone}`;
  return assertBelow(
    ctx,
    limit,
    (since) => sql`
      SELECT at FROM portal_event WHERE kind = ${kind} AND ${match} AND at > ${since} ORDER BY at DESC`,
  );
}

export function assertChallengesBelow(ctx: RequestCtx, ip: string): Promise<void> {
  return assertBelow(
    ctx,
    PORTAL_LIMITS.challengePerIp,
    (since) => sql`
      SELECT created_at AS at FROM portal_challenge WHERE ip_hash = ${ip} AND created_at > ${since}
      ORDER BY created_at DESC`,
  );
}

export async function recordEvent(
  ctx: RequestCtx,
  kind: PortalEventKind,
  ip: string,
  phone: string | null = null,
): Promise<void> {
  await ctx.tx.query(sql`
    INSERT INTO portal_event (kind, ip_hash, phone_hash, at) VALUES (${kind}, ${ip}, ${phone}, ${ctx.clock.now()})`);
}

/** Forgets counters and challenges well past every window (run when challenges are issued). */
export async function pruneExpired(ctx: RequestCtx): Promise<void> {
  const now = ctx.clock.now().getTime();
  await ctx.tx.query(
    sql`DELETE FROM portal_event WHERE at < ${new Date(now - 2 * 24 * 3600 * 1000)}`,
  );
  await ctx.tx.query(
    sql`DELETE FROM portal_challenge WHERE expires_at < ${new Date(now - 3600 * 1000)}`,
  );
}
