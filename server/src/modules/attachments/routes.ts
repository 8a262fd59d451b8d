// Thin: contract → verb. Uploads arrive as the raw file body (no multipart), typed by Content-Type.
import type { FastifyInstance } from 'fastify';
import { ATTACHMENT_ENDPOINTS } from '@fengqiao/contracts/attachments/endpoints.ts';
import {
  ATTACHMENT_MIME_TYPES,
  MAX_ATTACHMENT_BYTES,
} from '@fengqiao/contracts/attachments/schemas.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { downloadAttachment, uploadAttachment } from './service.ts';

const E = ATTACHMENT_ENDPOINTS;

export const attachmentRoutes: RouteDef[] = [
  route(E['attachments.upload'], (ctx, { query, raw }) =>
    uploadAttachment(ctx, { filename: query.filename, raw }),
  ),
  route(E['attachments.download'], (ctx, { params }) => downloadAttachment(ctx, params.id)),
];

/**
 * Lets the allowed file types through as raw buffers, capped at the upload limit (a larger body
 * is refused with 413 before it is read). Call on the root instance before routes are registered.
 */
export function registerAttachmentParsers(app: FastifyInstance): void {
  app.addContentTypeParser(
    ATTACHMENT_MIME_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_req, body, done) => {
      done(null, body);
    },
  );
}
