import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { systemClock, type Clock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import type { FieldCipher } from './core/crypto.ts';
import type { Db } from './core/db/db.ts';
import type { AppDeps, RouteDef } from './core/http/context.ts';
import { installErrorHandler } from './core/http/error-handler.ts';
import { installOpenApi } from './core/http/openapi.ts';
import { registerRoutes } from './core/http/register.ts';
import { createAuthenticator } from './modules/auth/authenticate.ts';
import {
  createPasswordHasher,
  PRODUCTION_SCRYPT,
  TEST_SCRYPT,
  type PasswordHasher,
} from './modules/auth/password-hash.ts';
import { ALL_ROUTES } from './routes.ts';
import { registerAttachmentParsers } from './modules/attachments/routes.ts';
import { createInProcessBus, type LiveBus } from './core/live.ts';

export const VERSION = '0.1.0';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// the built staff console and portal; WEB_DIST points elsewhere (parallel builds, packaging)
const WEB_DIST = process.env.WEB_DIST ?? fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface BuildOptions {
  db: Db;
  config: Config;
  cipher: FieldCipher;
  migration: number;
  clock?: Clock;
  hasher?: PasswordHasher;
  routes?: readonly RouteDef[];
  onAuditCommitted?: () => void;
  /** The live channel; tests and single-process runs get the in-process one. */
  live?: LiveBus;
}

function installSecurityHeaders(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'TRACE' || request.method === 'TRACK') {
      return reply.status(405).send();
    }
    return undefined;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('X-Frame-Options', 'DENY');
    void reply.header('Referrer-Policy', 'no-referrer');
    if (!reply.hasHeader('Content-Security-Policy')) {
      void reply.header(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'",
      );
    }
    if (config.mode === 'production') {
      void reply.header('Strict-Transport-Security', 'max-age=31536000');
    }
    if (request.url.startsWith('/api/')) {
      void reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });
}

/** Builds the HTTP app around its collaborators; used by main.ts and by every integration test. */
export interface RegisteredRoute {
  method: string | string[];
  url: string;
  endpointId: string | null;
}

export async function buildApp(
  opts: BuildOptions,
): Promise<{ app: FastifyInstance; deps: AppDeps; registered: RegisteredRoute[] }> {
  const app = Fastify({
    logger:
      opts.config.mode === 'test'
        ? false
        : {
            level: opts.config.logLevel,
            redact: ['req.headers.cookie', 'req.headers.authorization'],
          },
    genReqId: () => randomUUID(),
    trustProxy: opts.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
  });
  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    registered.push({ method: r.method, url: r.url, endpointId: r.config?.endpoint?.id ?? null });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  app.addContentTypeParser(
    XLSX,
    { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 },
    (_req, body, done) => {
      done(null, body);
    },
  );
  registerAttachmentParsers(app);
  const spa = existsSync(path.join(WEB_DIST, 'index.html'));
  installErrorHandler(app, spa);
  installSecurityHeaders(app, opts.config);
  const deps: AppDeps = {
    db: opts.db,
    config: opts.config,
    clock: opts.clock ?? systemClock,
    cipher: opts.cipher,
    hasher:
      opts.hasher ??
      createPasswordHasher(opts.config.mode === 'test' ? TEST_SCRYPT : PRODUCTION_SCRYPT),
    log: app.log,
    info: {
      database: opts.db.kind,
      migration: opts.migration,
      startedAt: new Date().toISOString(),
      version: VERSION,
    },
    onAuditCommitted: opts.onAuditCommitted ?? (() => undefined),
    live: opts.live ?? createInProcessBus(app.log),
  };
  if (opts.config.apiDocs) {
    await installOpenApi(app);
  }
  await app.register((scope) => {
    registerRoutes(scope, deps, opts.routes ?? ALL_ROUTES, createAuthenticator(deps));
    return Promise.resolve();
  });
  if (spa) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }
  return { app, deps, registered };
}
