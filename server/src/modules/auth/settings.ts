import type { TSecuritySettings } from '@fengqiao/contracts';
import { ZSecuritySettings } from '@fengqiao/contracts';
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

/** 等保 profile defaults (SECURITY.md §2, A3, A4, A8, C4); secadmin may change them. */
export const DEFAULT_SECURITY: TSecuritySettings = {
  passwordProfile: 'dengbao',
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  idleMinutes: 30,
  absoluteHours: 12,
  inactiveDisableDays: 90,
  auditRetentionDays: 180,
};

export async function getSecuritySettings(db: Queryable): Promise<TSecuritySettings> {
  const rows = await db.query<{ value: unknown }>(
    sql`SELECT value FROM setting WHERE key = 'security'`,
  );
  const stored = rows[0]?.value;
  if (stored === undefined) {
    return DEFAULT_SECURITY;
  }
  const parsed = ZSecuritySettings.safeParse({ ...DEFAULT_SECURITY, ...(stored as object) });
  return parsed.success ? parsed.data : DEFAULT_SECURITY;
}

export async function saveSecuritySettings(
  db: Queryable,
  value: TSecuritySettings,
  by: number,
  at: Date,
): Promise<void> {
  await db.query(sql`
    INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('security', ${JSON.stringify(value)}::jsonb, ${at}, ${by})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`);
}
