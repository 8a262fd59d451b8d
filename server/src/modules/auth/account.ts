import { toString as qrSvg } from 'qrcode';
import {
  checkPassword,
  isPasswordExpired,
} from '@fengqiao/contracts/validators/password-policy.ts';
import type { TFieldError } from '@fengqiao/contracts';
import { AppError } from '../../core/errors.ts';
import { CommitThenFail, type RequestCtx } from '../../core/http/context.ts';
import { encodeTotpSecret, decodeTotpSecret } from './totp-secret.ts';
import { checkTotp, newTotpSecret, totpFor } from './totp.ts';
import { nextStageAfterMfa, nextStageAfterPassword } from './login.ts';
import {
  deleteUserSessions,
  findLoginUserById,
  setSessionStage,
  updatePassword,
} from './queries.ts';
import { getSecuritySettings } from './settings.ts';
import { sql } from '../../core/db/sql.ts';

/** Password-policy problems as field errors with stable codes (SECURITY.md A2). */
export async function passwordProblems(
  ctx: RequestCtx,
  password: string,
  username: string,
  path: string,
): Promise<TFieldError[]> {
  const settings = await getSecuritySettings(ctx.tx);
  return checkPassword(password, { username, profile: settings.passwordProfile }).map((code) => ({
    path,
    code,
    message: PASSWORD_MESSAGES[code] ?? '密码不符合安全策略',
  }));
}

const PASSWORD_MESSAGES: Record<string, string> = {
  'password.too_short': '密码长度不足',
  'password.too_long': '密码过长',
  'password.classes': '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  'password.contains_username': '密码不能包含用户名',
  'password.common': '密码过于常见，请换一个',
};

export async function changeOwnPassword(
  ctx: RequestCtx,
  input: { oldPassword: string; newPassword: string },
) {
  const actor = ctx.me();
  const user = await findLoginUserById(ctx.tx, actor.userId);
  if (!(await ctx.deps.hasher.verify(user.password_hash, input.oldPassword))) {
    throw new AppError('auth.wrong_password', {
      fields: [{ path: 'oldPassword', code: 'wrong', message: '原密码错误' }],
    });
  }
  const fields = await passwordProblems(ctx, input.newPassword, user.username, 'newPassword');
  if (input.newPassword === input.oldPassword) {
    fields.push({
      path: 'newPassword',
      code: 'password.reused',
      message: '新密码不能与原密码相同',
    });
  }
  if (fields.length > 0) {
    throw new AppError('request.invalid', { fields });
  }
  await updatePassword(
    ctx.tx,
    user.id,
    await ctx.deps.hasher.hash(input.newPassword),
    ctx.clock.now(),
    false,
  );
  // every other session of this account ends: a changed password must lock out whoever knew the old one
  await deleteUserSessions(ctx.tx, user.id, actor.sessionId);
  const next =
    actor.stage === 'active' ? { stage: 'active' as const } : nextStageAfterPassword(user);
  await setSessionStage(ctx.tx, actor.sessionId, next.stage);
  await ctx.audit({ event: 'auth.password.change', targetType: 'user', targetId: user.id });
  return { ok: true as const };
}

export async function enrolTotp(ctx: RequestCtx) {
  const actor = ctx.me();
  const secret = newTotpSecret();
  await ctx.tx.query(
    sql`UPDATE app_user SET totp_secret_enc = ${encodeTotpSecret(ctx.deps.cipher, secret)}, totp_enrolled_at = NULL WHERE id = ${actor.userId}`,
  );
  await ctx.audit({ event: 'auth.totp.enrol', targetType: 'user', targetId: actor.userId });
  const otpauthUrl = totpFor(secret, actor.username).toString();
  const svg = await qrSvg(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    secret,
    otpauthUrl,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

async function verifyCode(ctx: RequestCtx, code: string): Promise<{ userId: number }> {
  const actor = ctx.me();
  const user = await findLoginUserById(ctx.tx, actor.userId);
  if (user.totp_secret_enc === null) {
    throw new AppError('auth.totp_not_enrolled');
  }
  const secret = decodeTotpSecret(ctx.deps.cipher, user.totp_secret_enc);
  const step = checkTotp(secret, code, ctx.clock.now(), user.totp_last_step);
  if (step === null) {
    await ctx.audit({
      event: 'auth.totp.verify',
      outcome: 'failure',
      targetType: 'user',
      targetId: user.id,
    });
    throw new CommitThenFail(new AppError('auth.totp_invalid'));
  }
  await ctx.tx.query(sql`UPDATE app_user SET totp_last_step = ${step} WHERE id = ${user.id}`);
  return { userId: user.id };
}

export async function confirmTotp(ctx: RequestCtx, code: string) {
  const { userId } = await verifyCode(ctx, code);
  await ctx.tx.query(
    sql`UPDATE app_user SET totp_enrolled_at = ${ctx.clock.now()} WHERE id = ${userId}`,
  );
  await setSessionStage(ctx.tx, ctx.me().sessionId, 'active');
  await ctx.audit({ event: 'auth.totp.confirm', targetType: 'user', targetId: userId });
  return { stage: 'active' as const, passwordReason: null };
}

export async function verifyTotpLogin(ctx: RequestCtx, code: string) {
  const { userId } = await verifyCode(ctx, code);
  const user = await findLoginUserById(ctx.tx, userId);
  const settings = await getSecuritySettings(ctx.tx);
  const next = nextStageAfterMfa(
    user,
    isPasswordExpired(user.password_changed_at, ctx.clock.now(), settings.passwordProfile),
  );
  await setSessionStage(ctx.tx, ctx.me().sessionId, next.stage);
  await ctx.audit({ event: 'auth.totp.verify', targetType: 'user', targetId: userId });
  return { stage: next.stage, passwordReason: next.reason };
}
