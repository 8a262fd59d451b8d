import { ApiError } from './client.ts';

/** A sentence for an error banner or toast; field details are listed after the message. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.body.fields?.map((f) => f.message).join('；');
    return fields !== undefined && fields !== ''
      ? `${err.body.message}：${fields}`
      : err.body.message;
  }
  return '网络异常，请稍后再试';
}

/**
 * Field errors keyed by the form's own path ("reporter.idNumber"). Schema failures come back as
 * "body.reporter.idNumber" and the service's own checks without the prefix, so both are mapped.
 */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiError) {
    for (const f of err.body.fields ?? []) {
      const path = f.path.replace(/^body\./, '');
      out[path] ??= f.message;
    }
  }
  return out;
}

/** True when the request never got an answer, so a retry with the same Idempotency-Key is safe. */
export function isNetworkError(err: unknown): boolean {
  return !(err instanceof ApiError);
}
