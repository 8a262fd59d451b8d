import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TEndpoint } from '@fengqiao/contracts';
import type { Actor } from '../actor.ts';
import { writeAudit, type AuditContext } from '../audit.ts';
import type { Tx } from '../db/db.ts';
import { AppError } from '../errors.ts';
import { scopeFor } from '../scope.ts';
import {
  CommitThenFail,
  type AppDeps,
  type BinaryResult,
  type RequestCtx,
  type RouteDef,
} from './context.ts';
import { RateLimiter } from './rate-limit.ts';
import { claimIdempotencyKey, storeIdempotentResponse } from './idempotency.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    endpoint?: TEndpoint;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export type Authenticator = (request: FastifyRequest, reply: FastifyReply) => Promise<Actor | null>;

const NO_TX: Tx = new Proxy({} as Tx, {
  get() {
    throw new Error('this route runs without a database transaction');
  },
});

function isBinary(v: unknown): v is BinaryResult {
  return (
    typeof v === 'object' && v !== null && 'body' in v && Buffer.isBuffer((v as BinaryResult).body)
  );
}

async function auditDenied(
  deps: AppDeps,
  request: FastifyRequest,
  actor: Actor,
  ep: TEndpoint,
): Promise<void> {
  await deps.db.transaction((tx) =>
    writeAudit(
      tx,
      { actor, ip: request.ip, requestId: request.id, at: deps.clock.now() },
      { event: ep.id, outcome: 'denied', reason: 'permission.denied' },
    ),
  );
  deps.onAuditCommitted();
}

/**
 * The gate every request passes, in order: rate limit → authenticate → session stage →
 * permission. Deny by default: a route without a declared endpoint never reaches a handler.
 */
function installGate(app: FastifyInstance, deps: AppDeps, authenticate: Authenticator): void {
  const limiter = new RateLimiter(deps.db, deps.clock);
  app.decorateRequest('actor', null);
  // onRequest: the gate runs before the body is parsed or validated, so a caller without rights
  // learns nothing about the schema and costs us no parsing
  app.addHook('onRequest', async (request, reply) => {
    const ep = request.routeOptions.config.endpoint;
    if (ep === undefined) {
      throw new AppError('route.not_found');
    }
    const access = ep.access;
    const actor = await authenticate(request, reply);
    request.actor = actor;
    if (access.rateLimit !== undefined) {
      // per signed-in user (an office behind one NAT address is many people), else per address
      const caller = actor === null ? `ip:${request.ip}` : `user:${String(actor.userId)}`;
      const wait = await limiter.hit(
        `${ep.id}|${caller}`,
        access.rateLimit.max,
        access.rateLimit.windowSeconds,
      );
      if (wait > 0) {
        void reply.header('Retry-After', String(wait));
        throw new AppError('request.rate_limited');
      }
    }
    if (access.permission === 'public') {
      return;
    }
    if (actor === null) {
      throw new AppError('auth.required');
    }
    if (actor.stage !== 'active' && !(access.stages ?? []).includes(actor.stage)) {
      throw new AppError(
        actor.stage === 'mfa_pending'
          ? 'auth.mfa_pending'
          : actor.stage === 'totp_enrol'
            ? 'auth.totp_enrolment_required'
            : 'auth.password_change_required',
      );
    }
    if (access.permission !== 'authenticated' && !actor.permissions.includes(access.permission)) {
      await auditDenied(deps, request, actor, ep);
      throw new AppError('permission.denied');
    }
  });
}

async function runHandler(
  def: RouteDef,
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const ep = def.endpoint;
  let auditRows = 0;
  const outcome: { deferred: AppError | null; replay: { status: number } | null } = {
    deferred: null,
    replay: null,
  };
  const auditCtx = (): AuditContext => ({
    actor: request.actor,
    ip: request.ip,
    requestId: request.id,
    at: deps.clock.now(),
    onWrite: () => {
      auditRows += 1;
    },
  });
  const body = async (tx: Tx) => {
    const ctx: RequestCtx = {
      tx,
      deps,
      clock: deps.clock,
      actor: request.actor,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: request.id,
      reply,
      audit: (ev) =>
        writeAudit(
          tx,
          { ...auditCtx(), ...(ctx.actorHint ? { actorHint: ctx.actorHint } : {}) },
          ev,
        ),
      me: () => {
        if (request.actor === null) {
          throw new AppError('auth.required');
        }
        return request.actor;
      },
      scope: () => scopeFor(ctx.me()),
    };
    const raw = Buffer.isBuffer(request.body) ? request.body : null;
    if (ep.rawBody !== undefined && raw === null) {
      throw new AppError('request.unsupported_media');
    }
    const idem =
      ep.access.idempotent && ep.method !== 'GET' && ep.access.readOnly !== true
        ? await claimIdempotencyKey(tx, request, deps.clock.now())
        : { kind: 'none' as const };
    if (idem.kind === 'replay') {
      // a retry: the first answer again, and a trace of the retry in the audit log
      await ctx.audit({ event: `${ep.id}.replay`, details: { status: idem.status } });
      outcome.replay = idem;
      return idem.response;
    }
    try {
      const out = await def.handler(ctx, {
        params: request.params as never,
        query: request.query as never,
        body: raw === null ? request.body : undefined,
        raw,
      });
      if (ep.access.audit && auditRows === 0) {
        throw new Error(`route ${ep.id} is flagged audit but wrote no audit row`);
      }
      if (idem.kind === 'fresh') {
        await storeIdempotentResponse(tx, idem.claim, ep.status ?? 200, out);
      }
      return out;
    } catch (err) {
      if (err instanceof CommitThenFail) {
        outcome.deferred = err.error;
        return undefined;
      }
      throw err;
    }
  };
  const result = def.transaction ? await deps.db.transaction(body) : await body(NO_TX);
  if (auditRows > 0) {
    deps.onAuditCommitted();
  }
  if (outcome.deferred !== null) {
    throw outcome.deferred;
  }
  if (isBinary(result)) {
    const name = encodeURIComponent(result.filename);
    // printable pages and images open in the browser; anything else downloads. An inline page
    // runs sandboxed: no scripts, no same-origin access, nothing fetched but inline data.
    const inline = result.inline ?? /^(text\/html|image\/)/.test(result.contentType);
    void reply
      .header('Content-Type', result.contentType)
      .header(
        'Content-Disposition',
        `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
      )
      .header('X-Content-Type-Options', 'nosniff');
    if (inline) {
      void reply.header(
        'Content-Security-Policy',
        "sandbox allow-modals; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
      );
    }
    return reply.send(result.body);
  }
  void reply.status(outcome.replay?.status ?? ep.status ?? 200);
  return result;
}

export function registerRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  routes: readonly RouteDef[],
  authenticate: Authenticator,
): void {
  installGate(app, deps, authenticate);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const def of routes) {
    const ep = def.endpoint;
    typed.route({
      method: ep.method,
      url: ep.path.replace(/:(\w+)/g, ':$1'),
      config: { endpoint: ep },
      schema: {
        operationId: ep.id,
        summary: ep.summary,
        tags: [ep.tag],
        ...(ep.params ? { params: ep.params } : {}),
        ...(ep.query ? { querystring: ep.query } : {}),
        ...(ep.body ? { body: ep.body } : {}),
        ...(ep.binary ? {} : { response: { [ep.status ?? 200]: ep.response } }),
      },
      handler: (request, reply) => runHandler(def, deps, request, reply),
    });
  }
}
