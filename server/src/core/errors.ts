import { ERRORS, type TErrorCode, type TFieldError } from '@fengqiao/contracts';

/** A client-facing failure with a stable code; the error handler maps it to the one error body. */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly status: number;
  readonly fields: TFieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: TErrorCode,
    opts: { fields?: TFieldError[]; details?: Record<string, unknown>; message?: string } = {},
  ) {
    super(opts.message ?? ERRORS[code].message);
    this.code = code;
    this.status = ERRORS[code].status;
    this.fields = opts.fields;
    this.details = opts.details;
  }
}

export function notFound(): AppError {
  return new AppError('resource.not_found');
}

/** 400 with one field error: used for ids in a body that are missing or out of scope. */
export function fieldError(path: string, message: string, code = 'invalid'): AppError {
  return new AppError('request.invalid', { fields: [{ path, code, message }] });
}

/** Maps PostgreSQL constraint errors raised by the client's own data to 409/400, never 500. */
export function mapDbError(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) {
    return null;
  }
  const e = err as { code?: string; constraint?: string; detail?: string };
  switch (e.code) {
    case '23505':
      return new AppError('resource.conflict', { details: { constraint: e.constraint ?? null } });
    case '23503':
      return new AppError('resource.in_use', { details: { constraint: e.constraint ?? null } });
    case '23514':
      if (e.constraint === 'user_role_separation') {
        return new AppError('permission.separation_of_duties');
      }
      return new AppError('request.invalid', {
        fields: [{ path: e.constraint ?? '', code: 'check', message: '数据不符合约束' }],
      });
    case '22001':
    case '22P02':
    case '22003':
      return new AppError('request.invalid', {
        fields: [{ path: '', code: 'format', message: '数据格式或长度超出范围' }],
      });
    default:
      return null;
  }
}
