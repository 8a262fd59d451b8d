// The portal's calls. Public endpoints need no session; a 429's Retry-After (ApiError.retryAfter)
// tells the citizen when to try again.
import { ENDPOINTS } from '@fengqiao/contracts';
import type {
  TPortalOptions,
  TPortalRegionView,
  TPortalSubmit,
  TPortalTrack,
} from '@fengqiao/contracts/portal/schemas.ts';
import { ApiError, call, endpointUrl } from '../../api/client.ts';

export type { TPortalOptions, TPortalRegionView, TPortalSubmit, TPortalTrack };

/** The portal's errors are the shared client's (status, body, retryAfter). */
export { ApiError as PortalApiError };

export const portalOptions = () => call('portal.options');
export const portalRegion = (regionCode: string) =>
  call('portal.region', { params: { regionCode } });
export const newChallenge = () => call('portal.challenge');
export const submitRequest = (body: TPortalSubmit) => call('portal.submit', { body });
export const trackRequest = (trackingCode: string) =>
  call('portal.track', { params: { trackingCode } });
export const rateRequest = (trackingCode: string, satisfaction: number, comment: string) =>
  call('portal.rate', {
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
  if (err instanceof ApiError) {
    return err.status === 429 ? `提交过于频繁，${retryText(err.retryAfter)}` : err.body.message;
  }
  return '网络异常，请检查网络后重试';
}
