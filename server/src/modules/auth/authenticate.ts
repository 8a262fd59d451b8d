import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  MFA_ROLES,
  permissionsFor,
  ZSecuritySettings,
  type TSessionStage,
} from '@fengqiao/contracts';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { AppDeps } from '../../core/http/context.ts';
import { deleteSession, findSession, touchSession } from './queries.ts';
import { clearSessionCookie, sessionIdFrom } from './session-cookie.ts';
import { DEFAULT_SECURITY } from './settings.ts';

const TOUCH_EVERY_MS = 15_000;

/**
 * Loads the caller from the server-side session on every request, so logout, disabling and
 * changes of role or unit take effect on the very next request (SECURITY.md A4, A8, B7).
 */
export function createAuthenticator(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<Actor | null> => {
    const id = sessionIdFrom(request);
    if (id === null) {
      return null;
    }
    const isPublic = request.routeOptions.config.endpoint?.access.permission === 'public';
    const row = await findSession(deps.db, id);
    if (row === undefined) {
      return null;
    }
    const now = deps.clock.now().getTime();
    const parsed = ZSecuritySettings.safeParse({ ...DEFAULT_SECURITY, ...(row.settings ?? {}) });
    const s = parsed.success ? parsed.data : DEFAULT_SECURITY;
    const idle = now - row.last_seen_at.getTime() > s.idleMinutes * 60_000;
    const absolute = now - row.created_at.getTime() > s.absoluteHours * 3_600_000;
    if (idle || absolute || row.status !== 'active') {
      await deleteSession(deps.db, id);
      clearSessionCookie(reply, deps.config.secureCookies);
      if (isPublic) {
        return null;
      }
      throw new AppError(row.status === 'active' ? 'auth.session_expired' : 'auth.required');
    }
    if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await touchSession(deps.db, id, deps.clock.now());
    }
    const needsMfa = row.roles.some((r) => MFA_ROLES.includes(r));
    // A role granting admin powers to a session without a second factor gives no admin scope (A5)
    const stage: TSessionStage =
      row.stage === 'active' && needsMfa && !row.totp_enrolled ? 'totp_enrol' : row.stage;
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      unitId: row.unit_id,
      unitName: row.unit_name,
      unitKind: row.unit_kind,
      regionCode: row.region_code,
      roles: row.roles,
      permissions: permissionsFor(row.roles),
      sessionId: row.session_id,
      stage,
      clearance: row.clearance,
      isDemo: row.is_demo,
    };
  };
}
