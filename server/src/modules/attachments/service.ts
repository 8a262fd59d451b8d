// Attachment verbs: upload (checked, cleaned, stored, then recorded), download (scope-checked),
// and the two the matters module calls when it registers or shows a matter.
import { createHash } from 'node:crypto';
import {
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NAME,
  type TAttachment,
  type TAttachmentMime,
} from '@fengqiao/contracts/attachments/schemas.ts';
import type { TMatter } from '@fengqiao/contracts';
import type { Tx } from '../../core/db/db.ts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import { CommitThenFail, type BinaryResult, type RequestCtx } from '../../core/http/context.ts';
import { FileRejected, inspectUpload } from './magic.ts';
import {
  findVisibleAttachment,
  insertAttachment,
  linkUnlinked,
  listByMatter,
  type AttachmentRow,
} from './queries.ts';
import { readAttachmentFile, writeAttachmentFile } from './storage.ts';

// Bidi overrides and zero-width characters make "photo<U+202E>fdp.exe" show as "photoexe.pdf".
const UNSAFE_NAME_CHARS =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  /[\u0000-\u001f\u007f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The name shown and offered on download: no path parts or control/bidi characters, at most
 * MAX_ATTACHMENT_NAME characters, and an extension that matches the checked type.
 */
export function sanitizeFilename(name: string, mime: TAttachmentMime): string {
  const base = (name.split(/[/\\]/).pop() ?? '').normalize('NFC');
  const clean = base
    .replace(UNSAFE_NAME_CHARS, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  const allowed: readonly string[] = ATTACHMENT_TYPES[mime];
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
  const keep = allowed.includes(ext);
  const finalExt = keep ? ext : (allowed[0] ?? 'bin');
  const stemChars = Array.from(keep ? clean.slice(0, dot) : clean);
  const stem = stemChars
    .slice(0, MAX_ATTACHMENT_NAME - finalExt.length - 1)
    .join('')
    .trim();
  return `${stem === '' ? '附件' : stem}.${finalExt}`;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function present(row: AttachmentRow): TAttachment {
  return { id: row.id, filename: row.filename, mime: row.mime, size: row.size, sha256: row.sha256 };
}

export async function uploadAttachment(
  ctx: RequestCtx,
  input: { filename: string; raw: Buffer | null },
): Promise<TAttachment> {
  const actor = ctx.me();
  if (input.raw === null) {
    throw new AppError('request.unsupported_media');
  }
  if (input.raw.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('request.too_large');
  }
  let checked: ReturnType<typeof inspectUpload>;
  try {
    checked = inspectUpload(input.raw, mediaType(ctx.reply.request.headers['content-type']));
  } catch (err) {
    if (!(err instanceof FileRejected)) {
      throw err;
    }
    // refused files are kept in the audit trail: a run of them is what an attack looks like (D9)
    await ctx.audit({
      event: 'attachments.upload',
      outcome: 'failure',
      reason: err.problem,
      details: { size: input.raw.length },
    });
    throw new CommitThenFail(fieldError('file', err.message, err.problem));
  }
  const at = ctx.clock.now();
  const storageName = await writeAttachmentFile(ctx.deps.config.dataDir, at, checked.body);
  const row = await insertAttachment(ctx.tx, {
    filename: sanitizeFilename(input.filename, checked.mime),
    mime: checked.mime,
    size: checked.body.length,
    sha256: sha256(checked.body),
    storage_name: storageName,
    uploaded_by: actor.userId,
    uploaded_at: at,
    region_code: actor.regionCode,
  });
  // no file name in the audit row: names often carry a person's name (C2)
  await ctx.audit({
    event: 'attachments.upload',
    targetType: 'attachment',
    targetId: row.id,
    details: { mime: row.mime, size: row.size, sha256: row.sha256 },
  });
  return present(row);
}

export async function downloadAttachment(ctx: RequestCtx, id: number): Promise<BinaryResult> {
  const actor = ctx.me();
  const row = await findVisibleAttachment(ctx.tx, id, ctx.scope(), actor.userId);
  if (row === undefined) {
    throw notFound();
  }
  let body: Buffer;
  try {
    body = await readAttachmentFile(ctx.deps.config.dataDir, row.storage_name);
  } catch (err) {
    ctx.deps.log.error({ err, attachmentId: row.id }, 'attachment file unreadable');
    throw new AppError('server.error');
  }
  // a file changed behind the application is not served (SECURITY.md E3)
  if (sha256(body) !== row.sha256) {
    ctx.deps.log.error({ attachmentId: row.id }, 'attachment checksum mismatch');
    throw new AppError('server.error');
  }
  await ctx.audit({
    event: 'attachments.download',
    targetType: 'attachment',
    targetId: row.id,
    regionCode: row.region_code,
    details: { matterId: row.matter_id, sha256: row.sha256 },
  });
  // uploads are what people sent in: always a download, never rendered in our origin
  return { filename: row.filename, contentType: row.mime, body, inline: false };
}

/**
 * Links uploads to a matter being registered. Only the registering user's own, not yet linked
 * uploads qualify; any other id is answered like a missing one (SECURITY.md B4), and the caller's
 * transaction then rolls back whatever was linked.
 */
export async function linkAttachments(
  tx: Tx,
  ids: number[],
  matterId: number,
  uploaderId: number,
): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) {
    return;
  }
  const linked = new Set(await linkUnlinked(tx, wanted, matterId, uploaderId));
  const missing = wanted.filter((id) => !linked.has(id));
  if (missing.length > 0) {
    throw fieldError('attachmentIds', `附件不存在或不能关联：${missing.join('、')}`, 'not_found');
  }
}

/** The attachments of a matter the caller has already been allowed to see. */
export async function listAttachments(tx: Tx, matterId: number): Promise<TMatter['attachments']> {
  const rows = await listByMatter(tx, matterId);
  return rows.map((r) => ({ id: r.id, filename: r.filename, mime: r.mime, size: r.size }));
}
