// Attachments of matters (photos, scans, documents): the allowlist and limits live here so the web
// app can refuse a file before uploading it, and the server checks the same list (SECURITY.md D3).
import { z } from '../zod.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Allowed content types → allowed filename extensions (the first is the canonical one). */
export const ATTACHMENT_TYPES = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  [DOCX]: ['docx'],
} as const satisfies Record<string, readonly [string, ...string[]]>;
export type TAttachmentMime = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_MIME_TYPES = Object.keys(ATTACHMENT_TYPES) as TAttachmentMime[];

/** 10 MB: a phone photo or a scanned multi-page PDF fits; video does not belong here. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Shown names are cut to this many characters (the extension is kept). */
export const MAX_ATTACHMENT_NAME = 100;

export const ZAttachmentUploadQuery = z
  .object({
    filename: z
      .string()
      .trim()
      .min(1, '请提供文件名')
      .max(255)
      // a name is a name, never a path: '../x', 'a/b', 'C:\x' and control characters are refused
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      .regex(/^[^/\\\u0000-\u001f\u007f]+$/, '文件名不能包含路径或控制字符')
      .refine((v) => v !== '.' && v !== '..', '文件名不能包含路径或控制字符'),
  })
  .strict();

export const ZAttachment = z.object({
  id: z.number().int(),
  filename: z.string(),
  mime: z.enum(ATTACHMENT_MIME_TYPES as [TAttachmentMime, ...TAttachmentMime[]]),
  size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TAttachment = z.infer<typeof ZAttachment>;
