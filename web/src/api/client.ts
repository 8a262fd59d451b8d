import {
  ENDPOINTS,
  type TBody,
  type TEndpoint,
  type TEndpointId,
  type TErrorBody,
  type TParams,
  type TQuery,
} from '@fengqiao/contracts';
import type { z } from '@fengqiao/contracts';

type Ep<K extends TEndpointId> = (typeof ENDPOINTS)[K];
export type TOut<K extends TEndpointId> = z.output<Ep<K>['response']>;
export type TEpOut<E extends TEndpoint> = z.output<E['response']>;

export class ApiError extends Error {
  readonly status: number;
  readonly body: TErrorBody;
  /** Seconds until a limit lets the caller try again (429 with Retry-After), else null. */
  readonly retryAfter: number | null;
  constructor(status: number, body: TErrorBody, retryAfter: number | null = null) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

export interface RequestInput<E extends TEndpoint> {
  params?: TParams<E>;
  query?: Partial<TQuery<E>>;
  body?: TBody<E>;
  /** Extra headers, e.g. the Idempotency-Key of a registration. */
  headers?: Record<string, string>;
  /** A file sent as the raw request body (uploads, imports), with its content type. */
  raw?: { data: Blob; type: string };
}

type UnauthorizedHandler = (body: TErrorBody) => void;
let onUnauthorized: UnauthorizedHandler = () => undefined;

/** The session module sends the user back to the login page when any call finds the session gone. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

/** The URL of an endpoint: for links (printable documents, attachments) and for fetch. */
export function endpointUrl<E extends TEndpoint>(
  ep: E,
  params?: TParams<E>,
  query?: Partial<TQuery<E>>,
): string {
  let path: string = ep.path;
  for (const [k, v] of Object.entries(params ?? {})) {
    path = path.replace(`:${k}`, encodeURIComponent(String(v)));
  }
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      qs.set(k, String(v));
    }
  }
  return qs.size > 0 ? `${path}?${qs.toString()}` : path;
}

const SESSION_GONE = new Set(['auth.required', 'auth.session_expired']);

/**
 * Sends a request and returns the answer when it is a success; otherwise throws an ApiError (a
 * network failure rejects with fetch's own TypeError). A lost session sends the user to login.
 */
async function send<E extends TEndpoint>(ep: E, input: RequestInput<E>): Promise<Response> {
  const headers: Record<string, string> = { ...input.headers };
  let body: BodyInit | undefined;
  if (input.raw !== undefined) {
    headers['content-type'] = input.raw.type;
    body = input.raw.data;
  } else if (input.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.body);
  }
  const res = await fetch(endpointUrl(ep, input.params, input.query), {
    method: ep.method,
    credentials: 'same-origin',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  if (res.ok) {
    return res;
  }
  const data: unknown = await res.json().catch(() => null);
  const error = (data ?? {
    code: 'server.error',
    message: '服务器无响应',
    requestId: '',
  }) as TErrorBody;
  if (res.status === 401 && ep.access.permission !== 'public' && SESSION_GONE.has(error.code)) {
    onUnauthorized(error);
  }
  const wait = Number(res.headers.get('Retry-After'));
  throw new ApiError(res.status, error, Number.isFinite(wait) && wait > 0 ? wait : null);
}

/** Calls any contract endpoint, including ones not yet in the aggregated ENDPOINTS table. */
export async function request<E extends TEndpoint>(
  ep: E,
  input: RequestInput<E> = {},
): Promise<TEpOut<E>> {
  const res = await send(ep, input);
  return (await res.json()) as TEpOut<E>;
}

/** The server's file name (RFC 5987 filename*), or the fallback. */
function filenameOf(res: Response, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  if (star !== undefined) {
    try {
      return decodeURIComponent(star);
    } catch {
      // a malformed name: use the fallback
    }
  }
  return fallback;
}

/** A file answer (export, template): the bytes and the name the server gave them. */
export async function download<K extends TEndpointId>(
  id: K,
  input: RequestInput<Ep<K>> = {},
  fallbackName = 'download',
): Promise<{ blob: Blob; filename: string }> {
  const res = await send(ENDPOINTS[id], input);
  return { blob: await res.blob(), filename: filenameOf(res, fallbackName) };
}

/** The one way the web talks to the server, typed by the contract's endpoint table. */
export function call<K extends TEndpointId>(
  id: K,
  input: RequestInput<Ep<K>> = {},
): Promise<TOut<K>> {
  return request(ENDPOINTS[id], input);
}
