import type { z } from './zod.ts';
import type { TPermission } from './permissions.ts';

export type THttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type TSessionStage = 'active' | 'mfa_pending' | 'password_change' | 'totp_enrol';

/**
 * Every route declares how it may be reached. `public` routes need no session; `authenticated`
 * ones need a session but no permission (the caller's own account); all others name one
 * permission from the catalog.
 */
export interface TAccess {
  permission: TPermission | 'authenticated' | 'public';
  /** Filtered by the data-scope predicate (core/scope.ts); joins the permission matrix. */
  scoped: boolean;
  /** Returns personal information (masked unless revealed). */
  pii: boolean;
  /** Writes exactly one audit row per successful call. */
  audit: boolean;
  /** Safe to retry: GET, or a write that takes an Idempotency-Key. */
  idempotent: boolean;
  rateLimit?: { max: number; windowSeconds: number };
  /** A POST that only reads (a query too large for a URL): changes nothing, so writes no audit row. */
  readOnly?: boolean;
  /** Session stages besides 'active' that may call this route (e.g. change password). */
  stages?: readonly TSessionStage[];
}

export interface TEndpoint {
  id: string;
  method: THttpMethod;
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Raw body content types accepted instead of JSON (e.g. an Excel import). */
  rawBody?: readonly string[];
  response: z.ZodType;
  /** Success status; 200 unless stated. */
  status?: 200 | 201 | 202 | 204;
  /** Responds with a file instead of JSON. */
  binary?: boolean;
  access: TAccess;
}

export function defineEndpoints<const T extends Record<string, Omit<TEndpoint, 'id'>>>(
  defs: T,
): { [K in keyof T]: T[K] & { id: K & string } } {
  const out: Record<string, TEndpoint> = {};
  for (const [id, def] of Object.entries(defs)) {
    out[id] = { ...def, id };
  }
  return out as { [K in keyof T]: T[K] & { id: K & string } };
}

type InferOr<S, D> = S extends z.ZodType ? z.output<S> : D;
export type TParams<E extends TEndpoint> = InferOr<E['params'], Record<string, never>>;
export type TQuery<E extends TEndpoint> = InferOr<E['query'], Record<string, never>>;
export type TBody<E extends TEndpoint> = InferOr<E['body'], undefined>;
export type TResponse<E extends TEndpoint> = z.input<E['response']>;
