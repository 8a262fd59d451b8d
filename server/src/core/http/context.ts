import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { TBody, TEndpoint, TParams, TQuery, TResponse } from '@fengqiao/contracts';
import type { Actor } from '../actor.ts';
import type { AuditEvent } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { FieldCipher } from '../crypto.ts';
import type { Db, Tx } from '../db/db.ts';
import type { AppError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import type { PasswordHasher } from '../../modules/auth/password-hash.ts';
import type { LiveBus } from '../live.ts';

/** Long-lived collaborators, built once in app.ts and passed to every handler. */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  cipher: FieldCipher;
  hasher: PasswordHasher;
  log: FastifyBaseLogger;
  info: {
    database: 'pglite' | 'postgresql';
    migration: number;
    startedAt: string;
    version: string;
  };
  /** Wakes the audit sealer after commits (it also runs on a timer). */
  onAuditCommitted: () => void;
  /** Live push of committed notifications to open browser sessions (core/live.ts). */
  live: LiveBus;
}

export interface RequestCtx {
  tx: Tx;
  deps: AppDeps;
  clock: Clock;
  /** The caller; null only on public routes. */
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  reply: FastifyReply;
  /** Who an audit row concerns before a session exists (login). */
  actorHint?: { id: number | null; name: string; roles?: string[]; unitId?: number | null };
  /** Writes one audit row in this request's transaction. */
  audit(ev: AuditEvent): Promise<void>;
  /** The caller (throws on public routes that have none). */
  me(): Actor;
  /** The caller's data scope (core/scope.ts). */
  scope(): Scope;
}

export interface RouteInput<E extends TEndpoint> {
  params: TParams<E>;
  query: TQuery<E>;
  body: TBody<E>;
  /** Raw request body for `rawBody` endpoints (e.g. an uploaded .xlsx). */
  raw: Buffer | null;
}

export interface BinaryResult {
  filename: string;
  contentType: string;
  body: Buffer;
  /** Open in the browser instead of downloading; default: HTML pages and images. */
  inline?: boolean;
}

export interface RouteDef<E extends TEndpoint = TEndpoint> {
  endpoint: E;
  handler: (ctx: RequestCtx, input: RouteInput<E>) => Promise<TResponse<E> | BinaryResult>;
  /** false for handlers that must not wait on the database (health). */
  transaction: boolean;
}

export function route<E extends TEndpoint>(
  endpoint: E,
  handler: (ctx: RequestCtx, input: RouteInput<E>) => Promise<TResponse<E> | BinaryResult>,
  opts: { transaction?: boolean } = {},
): RouteDef {
  return { endpoint, handler, transaction: opts.transaction ?? true };
}

/**
 * Thrown to answer with an error *after* committing what the handler wrote, e.g. a failed login
 * whose failure counter and audit row must persist.
 */
export class CommitThenFail extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.error = error;
  }
}
