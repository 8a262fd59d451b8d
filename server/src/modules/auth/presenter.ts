import type { TMe } from '@fengqiao/contracts';
import { passwordExpiresAt } from '@fengqiao/contracts/validators/password-policy.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findLoginUserById } from './queries.ts';
import { getSecuritySettings } from './settings.ts';

export async function presentMe(ctx: RequestCtx): Promise<TMe> {
  const a = ctx.me();
  const user = await findLoginUserById(ctx.tx, a.userId);
  const settings = await getSecuritySettings(ctx.tx);
  const expires = passwordExpiresAt(user.password_changed_at, settings.passwordProfile);
  return {
    id: a.userId,
    username: a.username,
    displayName: a.displayName,
    unit: { id: a.unitId, name: a.unitName, kind: a.unitKind, regionCode: a.regionCode },
    roles: a.roles,
    permissions: a.stage === 'active' ? a.permissions : [],
    stage: a.stage,
    totpEnrolled: user.totp_enrolled_at !== null,
    passwordExpiresAt: expires === null ? null : expires.toISOString(),
    idleTimeoutSeconds: settings.idleMinutes * 60,
    isDemo: a.isDemo,
  };
}
