import { z } from '../zod.ts';
import { defineEndpoints } from '../endpoint.ts';
import { ZIdParams } from '../common.ts';
import { ATTACHMENT_MIME_TYPES, ZAttachment, ZAttachmentUploadQuery } from './schemas.ts';

export const ATTACHMENT_ENDPOINTS = defineEndpoints({
  'attachments.upload': {
    method: 'POST',
    path: '/api/attachments',
    tag: 'attachments',
    summary: '上传附件（照片、PDF、Word），登记事项时再关联',
    query: ZAttachmentUploadQuery,
    rawBody: ATTACHMENT_MIME_TYPES,
    response: ZAttachment,
    status: 201,
    access: {
      permission: 'matter.register',
      // addresses no existing object: the upload belongs to its uploader until a matter links it
      scoped: false,
      pii: false,
      audit: true,
      idempotent: false,
      rateLimit: { max: 60, windowSeconds: 60 },
    },
  },
  'attachments.download': {
    method: 'GET',
    path: '/api/attachments/:id',
    tag: 'attachments',
    summary: '下载附件（仅限可见事项的附件或本人尚未关联的上传）',
    params: ZIdParams,
    response: z.unknown(),
    binary: true,
    // a case file leaving the system is a sensitive read: one audit row per download (C1)
    access: { permission: 'matter.read', scoped: true, pii: true, audit: true, idempotent: true },
  },
});
