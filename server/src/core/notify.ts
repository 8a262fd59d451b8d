import type { Clock } from './clock.ts';
import type { Tx } from './db/db.ts';
import { sql } from './db/sql.ts';
import type { LiveBus, LiveEvent } from './live.ts';

export interface NotifyCtx {
  tx: Tx;
  live: LiveBus;
  clock: Clock;
}

export interface NotifyInput {
  /** Everyone in this unit, unless userId narrows it to one person. */
  unitId?: number;
  /** One person; the unit (if given too) is then context only, not a second audience. */
  userId?: number;
  kind: string;
  matterId?: number;
  title: string;
  body?: string;
  /** Also queue a text message; the phone goes only into the outbox row, never into logs or events. */
  sms?: { phone: string; text: string };
}

/**
 * Writes an in-app message (and an SMS outbox row) in the caller's transaction, so it exists
 * exactly when the change it reports commits; the live push goes out only after that commit.
 */
export async function notify(ctx: NotifyCtx, n: NotifyInput): Promise<number> {
  if (n.unitId === undefined && n.userId === undefined) {
    throw new Error('notify needs a unitId or a userId');
  }
  const now = ctx.clock.now();
  const row = await ctx.tx.one<{ id: number }>(sql`
    INSERT INTO notification (user_id, unit_id, kind, matter_id, title, body, created_at)
    VALUES (${n.userId ?? null}, ${n.unitId ?? null}, ${n.kind}, ${n.matterId ?? null},
      ${n.title}, ${n.body ?? ''}, ${now})
    RETURNING id`);
  if (n.sms !== undefined) {
    const payload = { phone: n.sms.phone, text: n.sms.text, notificationId: row.id };
    await ctx.tx.query(sql`
      INSERT INTO outbox (channel, payload, created_at)
      VALUES ('sms', ${JSON.stringify(payload)}::jsonb, ${now})`);
  }
  const ev: LiveEvent = {
    id: row.id,
    unitId: n.unitId ?? null,
    userId: n.userId ?? null,
    kind: n.kind,
    matterId: n.matterId ?? null,
    title: n.title,
  };
  ctx.tx.afterCommit(() => {
    // a throw here would make a committed transaction look failed to its caller
    try {
      ctx.live.publish(ev);
    } catch {
      // publish is documented not to throw; the row is committed and listed either way
    }
  });
  return row.id;
}
