import { z } from '@fengqiao/contracts';
import { maskPhone, scrubText } from '@fengqiao/contracts/masking/mask.ts';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

/** A text-message gateway. Implementations must time out on their own: a send holds a row lock. */
export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

export interface SmsLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The default provider: sends nothing and logs a masked number and the text length, never the
 * number or the text (both may identify a citizen; SECURITY.md masking rules).
 */
export class LoggingSmsProvider implements SmsProvider {
  private readonly log: SmsLog;
  constructor(log: SmsLog) {
    this.log = log;
  }
  send(phone: string, text: string): Promise<void> {
    this.log.info({ to: maskPhone(phone), length: text.length }, 'sms not sent (logging provider)');
    return Promise.resolve();
  }
}

const ZSmsPayload = z.object({ phone: z.string().min(1), text: z.string() });

export interface DrainOptions {
  /** A row that failed this often is given up (and its number scrubbed). */
  maxAttempts?: number;
  /** Rows handled per call, so one call cannot run unbounded. */
  limit?: number;
  log?: SmsLog;
}

export interface DrainResult {
  sent: number;
  failed: number;
}

const SILENT: SmsLog = { info: () => undefined, warn: () => undefined };

function describeError(err: unknown, phone: string): string {
  const text = err instanceof Error ? err.message : String(err);
  // provider errors often echo the number: mask it before it reaches a column or a log line
  return scrubText(text.split(phone).join(maskPhone(phone)), 'staff').slice(0, 500);
}

type Outcome = { id: number; sent: boolean } | null;

/**
 * Sends one row per transaction: the row stays locked (FOR UPDATE SKIP LOCKED) from claim to
 * sent_at, so concurrent drainers in several processes each take different rows and every row is
 * sent once. A crash between the gateway's answer and COMMIT re-sends that row: at-least-once is
 * the honest guarantee. On PGlite the single connection serialises drainers anyway.
 */
async function drainOne(
  db: Db,
  provider: SmsProvider,
  now: Date,
  cursor: number,
  maxAttempts: number,
  log: SmsLog,
): Promise<Outcome> {
  return db.transaction(async (tx): Promise<Outcome> => {
    const row = await tx.maybeOne<{ id: number; payload: unknown; attempts: number }>(sql`
      SELECT id, payload, attempts FROM outbox
      WHERE channel = 'sms' AND sent_at IS NULL AND attempts < ${maxAttempts} AND id > ${cursor}
      ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`);
    if (row === undefined) {
      return null;
    }
    const parsed = ZSmsPayload.safeParse(row.payload);
    if (!parsed.success) {
      await tx.query(sql`
        UPDATE outbox SET attempts = ${maxAttempts}, last_error = 'invalid payload' WHERE id = ${row.id}`);
      log.warn({ id: row.id }, 'outbox row with an invalid sms payload given up');
      return { id: row.id, sent: false };
    }
    const { phone, text } = parsed.data;
    // once sent or given up, the row needs no full number any more (data minimisation)
    const masked = JSON.stringify({ phone: maskPhone(phone) });
    try {
      await provider.send(phone, text);
    } catch (err) {
      const error = describeError(err, phone);
      const givingUp = row.attempts + 1 >= maxAttempts;
      await tx.query(sql`
        UPDATE outbox SET attempts = attempts + 1, last_error = ${error},
          payload = CASE WHEN ${givingUp} THEN payload || ${masked}::jsonb ELSE payload END
        WHERE id = ${row.id}`);
      log.warn({ id: row.id, attempts: row.attempts + 1, givingUp, error }, 'sms send failed');
      return { id: row.id, sent: false };
    }
    await tx.query(sql`
      UPDATE outbox SET sent_at = ${now}, attempts = attempts + 1, last_error = NULL,
        payload = payload || ${masked}::jsonb
      WHERE id = ${row.id}`);
    return { id: row.id, sent: true };
  });
}

/** Sends pending SMS rows of the outbox; safe to run on a timer in every server process. */
export async function drainOutbox(
  db: Db,
  provider: SmsProvider,
  now: Date,
  opts: DrainOptions = {},
): Promise<DrainResult> {
  const maxAttempts = opts.maxAttempts ?? 5;
  const limit = opts.limit ?? 100;
  const log = opts.log ?? SILENT;
  const result: DrainResult = { sent: 0, failed: 0 };
  // walking forward by id: a row that just failed waits for the next call instead of spinning
  let cursor = 0;
  for (let i = 0; i < limit; i += 1) {
    const outcome = await drainOne(db, provider, now, cursor, maxAttempts, log);
    if (outcome === null) {
      break;
    }
    cursor = outcome.id;
    if (outcome.sent) {
      result.sent += 1;
    } else {
      result.failed += 1;
    }
  }
  return result;
}
