import { ENDPOINTS } from '@fengqiao/contracts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { changeOwnPassword, confirmTotp, enrolTotp, verifyTotpLogin } from './account.ts';
import { login } from './login.ts';
import { deleteSession } from './queries.ts';
import { clearSessionCookie } from './session-cookie.ts';
import { getSecuritySettings, saveSecuritySettings } from './settings.ts';
import { presentMe } from './presenter.ts';

export const authRoutes: RouteDef[] = [
  route(ENDPOINTS['auth.login'], (ctx, { body }) => login(ctx, body)),
  route(ENDPOINTS['auth.totp.verify'], (ctx, { body }) => verifyTotpLogin(ctx, body.code)),
  route(ENDPOINTS['auth.logout'], async (ctx) => {
    const actor = ctx.me();
    await deleteSession(ctx.tx, actor.sessionId);
    await ctx.audit({ event: 'auth.logout', targetType: 'user', targetId: actor.userId });
    clearSessionCookie(ctx.reply, ctx.deps.config.secureCookies);
    return { ok: true as const };
  }),
  route(ENDPOINTS['auth.me'], (ctx) => presentMe(ctx)),
  route(ENDPOINTS['auth.password.change'], (ctx, { body }) => changeOwnPassword(ctx, body)),
  route(ENDPOINTS['auth.totp.enrol'], (ctx) => enrolTotp(ctx)),
  route(ENDPOINTS['auth.totp.confirm'], (ctx, { body }) => confirmTotp(ctx, body.code)),
  route(ENDPOINTS['settings.security.get'], (ctx) => getSecuritySettings(ctx.tx)),
  route(ENDPOINTS['settings.security.update'], async (ctx, { body }) => {
    const before = await getSecuritySettings(ctx.tx);
    await saveSecuritySettings(ctx.tx, body, ctx.me().userId, ctx.clock.now());
    await ctx.audit({
      event: 'settings.security.update',
      targetType: 'setting',
      targetId: 'security',
      details: { before, after: body },
    });
    return body;
  }),
];
