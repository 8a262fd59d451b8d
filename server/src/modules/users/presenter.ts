import type { TUser } from '@fengqiao/contracts';
import { maskPhone } from '@fengqiao/contracts/masking/mask.ts';
import type { FieldCipher } from '../../core/crypto.ts';
import type { UserRow } from './queries.ts';

/** Staff phones are personal data: shown masked (SECURITY.md §3). */
export function presentUser(row: UserRow, cipher: FieldCipher, now: Date): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone_enc === null ? null : maskPhone(cipher.decrypt(row.phone_enc)),
    unitId: row.unit_id,
    unitName: row.unit_name,
    regionCode: row.region_code,
    roles: row.roles,
    status: row.status,
    disabledReason: row.disabled_reason,
    lockedUntil:
      row.locked_until !== null && row.locked_until > now ? row.locked_until.toISOString() : null,
    totpEnrolled: row.totp_enrolled,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    mustChangePassword: row.must_change_password,
    isDemo: row.is_demo,
  };
}
