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
  constructor(status: number, body: TErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

export interface RequestInput<E extends TEndpoint> {
  params?: TParams<E>;
  query?: Partial<TQuery<E>>;
  body?: TBody<E>;
  /** Extra headers, e.g. the Idempotency-Key of a registration. */
  headers?: Record<string, string>;
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

/** Calls any contract endpoint, including ones not yet in the aggregated ENDPOINTS table. */
export async function request<E extends TEndpoint>(
  ep: E,
  input: RequestInput<E> = {},
): Promise<TEpOut<E>> {
  const headers: Record<string, string> = { ...input.headers };
  if (input.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(endpointUrl(ep, input.params, input.query), {
    method: ep.method,
    credentials: 'same-origin',
    headers,
    ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const body = (data ?? {
      code: 'server.error',
      message: '服务器无响应',
      requestId: '',
    }) as TErrorBody;
    if (res.status === 401 && ep.access.permission !== 'public' && SESSION_GONE.has(body.code)) {
      onUnauthorized(body);
    }
    throw new ApiError(res.status, body);
  }
  return data as TEpOut<E>;
}

/** The one way the web talks to the server, typed by the contract's endpoint table. */
export function call<K extends TEndpointId>(
  id: K,
  input: RequestInput<Ep<K>> = {},
): Promise<TOut<K>> {
  return request(ENDPOINTS[id], input);
}
