// The portal's calls. Public endpoints need no session; a 429 carries Retry-After, which the
// shared client drops, so the portal reads it here to tell the citizen when to try again.
import { ENDPOINTS, type TEndpoint, type TErrorBody } from '@fengqiao/contracts';
import type {
  TPortalOptions,
  TPortalRegionView,
  TPortalSubmit,
  TPortalTrack,
} from '@fengqiao/contracts/portal/schemas.ts';
import { ApiError, endpointUrl, type RequestInput, type TEpOut } from '../../api/client.ts';

export type { TPortalOptions, TPortalRegionView, TPortalSubmit, TPortalTrack };

export class PortalApiError extends ApiError {
  /** Seconds until the limit lets this address try again (429 only). */
  readonly retryAfter: number | null;
  constructor(status: number, body: TErrorBody, retryAfter: number | null) {
    super(status, body);
    this.retryAfter = retryAfter;
  }
}

async function portalRequest<E extends TEndpoint>(
  ep: E,
  input: RequestInput<E> = {},
): Promise<TEpOut<E>> {
  const res = await fetch(endpointUrl(ep, input.params, input.query), {
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
    const wait = Number(res.headers.get('Retry-After'));
    throw new PortalApiError(res.status, body, Number.isFinite(wait) && wait > 0 ? wait : null);
  }
  return data as TEpOut<E>;
}

export const portalOptions = () => portalRequest(ENDPOINTS['portal.options']);
export const portalRegion = (regionCode: string) =>
  portalRequest(ENDPOINTS['portal.region'], { params: { regionCode } });
export const newChallenge = () => portalRequest(ENDPOINTS['portal.challenge']);
export const submitRequest = (body: TPortalSubmit) =>
  portalRequest(ENDPOINTS['portal.submit'], { body });
export const trackRequest = (trackingCode: string) =>
  portalRequest(ENDPOINTS['portal.track'], { params: { trackingCode } });
export const rateRequest = (trackingCode: string, satisfaction: number, comment: string) =>
  portalRequest(ENDPOINTS['portal.rate'], {
    params: { trackingCode },
    body: comment.trim() === '' ? { satisfaction } : { satisfaction, comment: comment.trim() },
  });

export const receiptUrl = (trackingCode: string) =>
  endpointUrl(ENDPOINTS['portal.receipt'], { trackingCode });
export const qrUrl = (regionCode: string, format: 'svg' | 'png') =>
  endpointUrl(ENDPOINTS['portal.qr'], { regionCode }, { format });

/** When to try again, in words: "请于 14:05 后再试（约 3 分钟）". */
export function retryText(seconds: number | null): string {
  if (seconds === null) {
    return '请稍后再试';
  }
  const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
  });
  const span = seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
  return `请于 ${at} 后再试（约 ${span}）`;
}

/** A sentence for the citizen; rate limits say when to come back. */
export function portalErrorText(err: unknown): string {
  if (err instanceof PortalApiError) {
    if (err.status === 429) {
      return `提交过于频繁，${retryText(err.retryAfter)}`;
    }
    return err.body.message;
  }
  if (err instanceof ApiError) {
    return err.body.message;
  }
  return '网络异常，请检查网络后重试';
}
