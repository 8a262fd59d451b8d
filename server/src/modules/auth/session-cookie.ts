import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, sha256 } from '../../core/crypto.ts';

export const SESSION_COOKIE = 'fq_sid';

/** The cookie carries a random token; the database keeps only its SHA-256 (a dump reveals no session). */
export function newSessionToken(): { token: string; id: string } {
  const token = randomToken();
  return { token, id: sha256(token) };
}

export function sessionIdFrom(request: FastifyRequest): string | null {
  const token = request.cookies[SESSION_COOKIE];
  return token === undefined || token === '' ? null : sha256(token);
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
  // G1: the browser forgets cached pages and storage of this origin on logout
  void reply.header('Clear-Site-Data', '"cache", "storage"');
}
