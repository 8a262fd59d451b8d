import { MFA_ROLES, type TSessionStage } from '@fengqiao/contracts';
import { isPasswordExpired } from '@fengqiao/contracts/validators/password-policy.ts';
import { AppError } from '../../core/errors.ts';
import { CommitThenFail, type RequestCtx } from '../../core/http/context.ts';
import { sql } from '../../core/db/sql.ts';
import {
  findLoginUser,
  insertSession,
  lockThrottle,
  saveThrottle,
  type LoginUserRow,
} from './queries.ts';
import { newSessionToken, setSessionCookie } from './session-cookie.ts';
import { getSecuritySettings } from './settings.ts';

export type PasswordReason = 'initial' | 'expired' | 'reset' | null;

/** The first stage a fresh session must pass: 2FA, then a password change, then 2FA enrolment. */
export function firstStage(
  user: LoginUserRow,
  expired: boolean,
): { stage: TSessionStage; reason: PasswordReason } {
  if (user.totp_enrolled_at !== null) {
    return { stage: 'mfa_pending', reason: null };
  }
  return nextStageAfterMfa(user, expired);
}

export function nextStageAfterMfa(
  user: LoginUserRow,
  expired: boolean,
): { stage: TSessionStage; reason: PasswordReason } {
  if (user.must_change_password) {
    return { stage: 'password_change', reason: 'initial' };
  }
  if (expired) {
    return { stage: 'password_change', reason: 'expired' };
  }
  return nextStageAfterPassword(user);
}

export function nextStageAfterPassword(user: LoginUserRow): {
  stage: TSessionStage;
  reason: PasswordReason;
} {
  const needsMfa = user.roles.some((r) => MFA_ROLES.includes(r));
  return {
    stage: needsMfa && user.totp_enrolled_at === null ? 'totp_enrol' : 'active',
    reason: null,
  };
}

/**
 * Password login (SECURITY.md A1–A4). Unknown names and wrong passwords take the same path: the
 * failure counter is keyed by the login name whether or not it exists, and a full scrypt
 * verification runs either way (against a dummy hash when there is no account).
 */
export async function login(ctx: RequestCtx, input: { username: string; password: string }) {
  const { tx, clock } = ctx;
  const hasher = ctx.deps.hasher;
  const dummyHash = await hasher.dummyHash;
  const hasherVerify = (h: string, p: string) => hasher.verify(h, p);
  const now = clock.now();
  const name = input.username.trim().toLowerCase().slice(0, 100);
  const settings = await getSecuritySettings(tx);
  const throttle = await lockThrottle(tx, name, now);
  const user = await findLoginUser(tx, name);
  const hint = {
    id: user?.id ?? null,
    name,
    roles: user?.roles ?? [],
    unitId: user?.unit_id ?? null,
  };
  const audit = (outcome: 'success' | 'failure', reason?: string, event = 'auth.login') =>
    ctx.audit({
      event,
      outcome,
      targetType: 'user',
      targetId: user?.id ?? name,
      regionCode: user?.region_code ?? null,
      ...(reason ? { reason } : {}),
    });
  ctx.actorHint = hint;
  if (throttle.locked_until !== null && throttle.locked_until > now) {
    await hasherVerify(dummyHash, input.password);
    await audit('failure', 'locked');
    throw new CommitThenFail(
      new AppError('auth.locked', {
        details: { lockedUntil: throttle.locked_until.toISOString() },
      }),
    );
  }
  const valid = await hasherVerify(user?.password_hash ?? dummyHash, input.password);
  if (!valid || user === undefined || user.status !== 'active') {
    const failures = throttle.failures + 1;
    const locks = failures >= settings.lockoutThreshold;
    const lockedUntil = locks ? new Date(now.getTime() + settings.lockoutMinutes * 60_000) : null;
    await saveThrottle(
      tx,
      name,
      { failures: locks ? 0 : failures, locked_until: lockedUntil },
      now,
    );
    await audit('failure', 'invalid_credentials');
    if (lockedUntil !== null) {
      await audit('failure', `locked for ${settings.lockoutMinutes} minutes`, 'auth.lock');
      throw new CommitThenFail(
        new AppError('auth.locked', { details: { lockedUntil: lockedUntil.toISOString() } }),
      );
    }
    throw new CommitThenFail(new AppError('auth.invalid_credentials'));
  }
  await saveThrottle(tx, name, { failures: 0, locked_until: null }, now);
  const expired = isPasswordExpired(user.password_changed_at, now, settings.passwordProfile);
  const { stage, reason } = firstStage(user, expired);
  const { token, id } = newSessionToken();
  await insertSession(tx, {
    id,
    userId: user.id,
    stage,
    at: now,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  await tx.query(sql`UPDATE app_user SET last_login_at = ${now} WHERE id = ${user.id}`);
  await audit('success', stage === 'active' ? undefined : `stage ${stage}`);
  setSessionCookie(ctx.reply, token, ctx.deps.config.secureCookies);
  return { stage, passwordReason: reason };
}
