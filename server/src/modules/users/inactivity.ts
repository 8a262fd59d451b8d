// SECURITY.md A8: an account that has not signed in for `inactiveDisableDays` (default 90) is
// disabled by a background job, with one audit row per account; its sessions end with it.
// The three administrators (三员) are left alone: disabling the last of them would leave nobody
// able to re-enable anyone, and they sign in with a second factor. Demo accounts are not people.
import { ADMIN_ROLES } from '@fengqiao/contracts';
import { writeAudit } from '../../core/audit.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { endUserSessions } from '../auth/credentials.ts';
import { getSecuritySettings } from '../auth/settings.ts';

const JOB = { id: null, name: 'system:inactivity' };

/** Disables every staff account idle past the limit at `now`; returns their ids. */
export async function disableInactiveAccounts(db: Db, now: Date): Promise<number[]> {
  const { inactiveDisableDays: days } = await getSecuritySettings(db);
  const reason = `连续 ${days} 天未登录，系统自动停用`;
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; username: string; region_code: string }>(sql`
      UPDATE app_user u SET status = 'disabled', disabled_reason = ${reason}, updated_at = ${now}
      WHERE u.status = 'active'
        AND coalesce(u.last_login_at, u.created_at) < ${now}::timestamptz - make_interval(days => ${days})
        AND NOT EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = ANY(${[...ADMIN_ROLES]}::text[]))
        AND NOT EXISTS (SELECT 1 FROM portal_account pa WHERE pa.user_id = u.id)
        AND NOT u.is_demo
      RETURNING u.id, u.username, u.region_code`);
    for (const r of rows) {
      await endUserSessions(tx, r.id);
      await writeAudit(
        tx,
        { actor: null, actorHint: JOB, ip: null, requestId: null, at: now },
        {
          event: 'users.auto_disabled',
          targetType: 'user',
          targetId: r.id,
          regionCode: r.region_code,
          reason,
          details: { username: r.username, days },
        },
      );
    }
    return rows.map((r) => r.id);
  });
}

/** Runs the job now and then every `intervalMs`; returns a stop function. */
export function startInactivityJob(
  db: Db,
  clock: Clock,
  intervalMs: number,
  onDisabled: () => void,
): () => void {
  const tick = (): void => {
    disableInactiveAccounts(db, clock.now())
      .then((ids) => {
        if (ids.length > 0) {
          onDisabled();
        }
      })
      .catch((err: unknown) => {
        console.error('inactivity job:', err);
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return () => {
    clearInterval(timer);
  };
}
