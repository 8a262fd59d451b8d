import type { FastifyError, FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { ERRORS, type TErrorBody, type TErrorCode, type TFieldError } from '@fengqiao/contracts';
import { AppError, mapDbError } from '../errors.ts';

const FASTIFY_CODES: Record<string, TErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid',
  FST_ERR_CTP_INVALID_TYPE: 'request.unsupported_media',
};

function body(code: TErrorCode, requestId: string, extra: Partial<TErrorBody> = {}): TErrorBody {
  return { code, message: ERRORS[code].message, requestId, ...extra };
}

function validationFields(
  err: { validation: { instancePath: string; message?: string; keyword: string }[] },
  where: string | undefined,
): TFieldError[] {
  return err.validation.map((v) => ({
    path: [
      where === 'querystring' ? 'query' : where,
      v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
    ]
      .filter((s) => s !== undefined && s !== '')
      .join('.'),
    code: v.keyword,
    message: v.message ?? '格式不正确',
  }));
}

/** Browser-app pages: no file extension (so /.git/HEAD or *.map stay 404) and no API or docs path. */
function isAppPage(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return !/^\/(api|docs|swagger|openapi)(\/|$)/.test(pathname) && !pathname.includes('.');
}

/** One error body everywhere: { code, message, fields?, requestId } (SECURITY.md D5). */
export function installErrorHandler(app: FastifyInstance, spa: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    // the web app routes in the browser (history mode): unknown page URLs get its index.html
    if (spa && request.method === 'GET' && isAppPage(request.url)) {
      return reply.sendFile('index.html');
    }
    return reply.status(404).send(body('route.not_found', request.id));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const rid = request.id;
    if (error instanceof AppError) {
      return reply.status(error.status).send(
        body(error.code, rid, {
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
          ...(error.details ? { details: error.details } : {}),
        }),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = validationFields(error, error.validationContext);
      return reply.status(400).send(body('request.invalid', rid, { fields }));
    }
    const fastifyCode = FASTIFY_CODES[error.code];
    if (fastifyCode !== undefined) {
      return reply.status(ERRORS[fastifyCode].status).send(body(fastifyCode, rid));
    }
    const mapped = mapDbError(error);
    if (mapped !== null) {
      return reply
        .status(mapped.status)
        .send(body(mapped.code, rid, mapped.fields ? { fields: mapped.fields } : {}));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(400).send(body('request.invalid', rid));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error.cause, url: request.url }, 'response failed its contract');
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return reply.status(500).send(body('server.error', rid));
  });
}
