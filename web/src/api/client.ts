import {
  ENDPOINTS,
  type TBody,
  type TEndpointId,
  type TErrorBody,
  type TParams,
  type TQuery,
} from '@fengqiao/contracts';
import type { z } from '@fengqiao/contracts';

type Ep<K extends TEndpointId> = (typeof ENDPOINTS)[K];
export type TOut<K extends TEndpointId> = z.output<Ep<K>['response']>;

export class ApiError extends Error {
  readonly status: number;
  readonly body: TErrorBody;
  constructor(status: number, body: TErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

interface CallInput<K extends TEndpointId> {
  params?: TParams<Ep<K>>;
  query?: Partial<TQuery<Ep<K>>>;
  body?: TBody<Ep<K>>;
}

/** The one way the web talks to the server, typed by the contract's endpoint table. */
export async function call<K extends TEndpointId>(
  id: K,
  input: CallInput<K> = {},
): Promise<TOut<K>> {
  const ep = ENDPOINTS[id];
  let path: string = ep.path;
  for (const [k, v] of Object.entries(input.params ?? {})) {
    path = path.replace(`:${k}`, encodeURIComponent(String(v)));
  }
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      qs.set(k, String(v));
    }
  }
  const url = qs.size > 0 ? `${path}?${qs.toString()}` : path;
  const res = await fetch(url, {
    method: ep.method,
    credentials: 'same-origin',
    headers: input.body === undefined ? {} : { 'content-type': 'application/json' },
    ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const body = (data ?? {
      code: 'server.error',
      message: '服务器无响应',
      requestId: '',
    }) as TErrorBody;
    throw new ApiError(res.status, body);
  }
  return data as TOut<K>;
}
