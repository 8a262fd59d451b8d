import type { Clock } from '../clock.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

const PRUNE_EVERY_MS = 10 * 60_000;
/** Windows are at most an hour long; a day of history is plenty. */
const KEEP_MS = 24 * 3_600_000;

/**
 * Fixed-window counters per (route, caller) in PostgreSQL, so a limit holds however many server
 * processes answer (SECURITY.md D4): one upsert per limited request.
 */
export class RateLimiter {
  private readonly db: Db;
  private readonly clock: Clock;
  private lastPrune = 0;

  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Counts one hit; returns the seconds to wait when over the limit, else 0. */
  async hit(key: string, max: number, windowSeconds: number): Promise<number> {
    const now = this.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    const rows = await this.db.query<{ count: number }>(sql`
      INSERT INTO rate_window (key, window_start, count) VALUES (${key}, ${new Date(start)}, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_window.count + 1
      RETURNING count`);
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.db.query(
        sql`DELETE FROM rate_window WHERE window_start < ${new Date(now - KEEP_MS)}`,
      );
    }
    const count = rows[0]?.count ?? 0;
    return count > max ? Math.max(1, Math.ceil((start + windowMs - now) / 1000)) : 0;
  }
}
