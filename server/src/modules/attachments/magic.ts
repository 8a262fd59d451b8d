// Upload checks (SECURITY.md D3): the type is decided by the file's first bytes, never by its
// name or the client's Content-Type, which must merely agree. Each type is then checked for its
// structure and for active content. This is not a virus scan (ClamAV is a separate step).
import { inflateSync } from 'node:zlib';
import type { TAttachmentMime } from '@fengqiao/contracts/attachments/schemas.ts';
import { cleanJpeg, cleanPng, cleanWebp, type ImageResult } from './image-metadata.ts';
import { readZipDirectory } from './zip.ts';

export const DOCX_MIME: TAttachmentMime =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Limits for the sizes a .docx declares (it is never extracted here): zip bombs exceed them. */
export const DOCX_LIMITS = {
  maxEntries: 2000,
  maxEntryBytes: 50 * 1024 * 1024,
  maxTotalBytes: 100 * 1024 * 1024,
  /** Deflated XML reaches 10–30:1; 42.zip-style layers reach 1000:1. */
  maxRatio: 200,
} as const;

/** Budget for inflating a PDF's streams to look for hidden scripts. */
const PDF_INFLATE_BUDGET = 64 * 1024 * 1024;

const PROBLEMS = {
  empty: '文件为空',
  unsupported_type: '只能上传 JPG、PNG、WebP 图片，PDF 或 Word（.docx）文档',
  type_mismatch: '文件内容与声明的类型不符',
  malformed: '文件已损坏或格式不正确',
  trailing_data: '文件末尾含有多余数据（可能夹带其他文件），请另存后重新上传',
  markup: '文件中含有网页代码，不能上传',
  pdf_active_content: 'PDF 含有脚本、启动命令或嵌入文件，不能上传',
  pdf_encrypted: '加密的 PDF 无法检查，请去除密码保护后上传',
  pdf_too_large: 'PDF 解压后内容过大',
  docx_bomb: 'Word 文档解压后过大（疑似压缩炸弹）',
  docx_macro: '不能上传含宏的 Word 文档',
} as const;
export type UploadProblem = keyof typeof PROBLEMS;

/** A refused upload; the route turns it into a 400 with a field error on `file`. */
export class FileRejected extends Error {
  readonly problem: UploadProblem;
  constructor(problem: UploadProblem) {
    super(PROBLEMS[problem]);
    this.problem = problem;
  }
}

function startsWith(buf: Buffer, bytes: readonly number[], at = 0): boolean {
  return bytes.every((b, i) => buf[at + i] === b);
}

/** The type the content says it is, from its magic bytes, or null for anything else (SVG, HTML…). */
export function sniffMime(buf: Buffer): TAttachmentMime | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) {
    return 'image/jpeg';
  }
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'image/png';
  }
  if (buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  if (buf.toString('latin1', 0, 5) === '%PDF-') {
    return 'application/pdf';
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    return DOCX_MIME;
  }
  return null;
}

// What a browser sniffing the first bytes would take for a page: an image/HTML polyglot.
const MARKUP = /<(?:script|html|head|body|iframe|svg|object|embed|img|!doctype)[\s/>]/i;

/** Decodes #xx escapes in a PDF name, so /J#61vaScript is seen as /JavaScript. */
function decodePdfName(name: string): string {
  return name.replace(/#([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

const PDF_FORBIDDEN_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'Encrypt']);

function findForbiddenName(text: string): string | null {
  for (const m of text.matchAll(/\/([^\s()<>[\]{}/%]+)/g)) {
    const name = decodePdfName(m[1] ?? '');
    if (PDF_FORBIDDEN_NAMES.has(name)) {
      return name;
    }
  }
  return null;
}

/** The deflated streams of a PDF except images: object streams can hide /JavaScript in them. */
function* inflatedStreams(buf: Buffer): Generator<Buffer> {
  let budget = PDF_INFLATE_BUDGET;
  let from = 0;
  for (;;) {
    const start = buf.indexOf('stream', from, 'latin1');
    if (start < 0) {
      return;
    }
    const end = buf.indexOf('endstream', start + 6, 'latin1');
    if (end < 0) {
      return;
    }
    from = end + 9;
    // the stream's own dictionary: from its "n 0 obj" header (at most 4 KB back) to "stream"
    const header = buf.lastIndexOf(' obj', start, 'latin1');
    const dict = buf.toString('latin1', Math.max(header, start - 4096, 0), start);
    const dataStart = buf[start + 6] === 0x0d ? start + 8 : start + 7;
    if (!dict.includes('FlateDecode') || (/\/Image\b/.test(dict) && !dict.includes('ObjStm'))) {
      continue;
    }
    let out: Buffer;
    try {
      out = inflateSync(buf.subarray(dataStart, end), { maxOutputLength: budget });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new FileRejected('pdf_too_large');
      }
      continue; // not a deflate stream after all: nothing a reader would find in it either
    }
    budget -= out.length;
    yield out;
  }
}

function checkPdf(buf: Buffer): void {
  if (!/^%PDF-[12]\.\d/.test(buf.toString('latin1', 0, 8))) {
    throw new FileRejected('malformed');
  }
  // the last %%EOF ends the file (incremental updates add more, each with its own %%EOF)
  const eof = buf.lastIndexOf('%%EOF', buf.length, 'latin1');
  if (eof < 0) {
    throw new FileRejected('malformed');
  }
  if (!/^[\s\0]*$/.test(buf.toString('latin1', eof + 5))) {
    throw new FileRejected('trailing_data');
  }
  const forbidden = [buf.toString('latin1'), ...inflatedStreams(buf)]
    .map((part) => findForbiddenName(typeof part === 'string' ? part : part.toString('latin1')))
    .find((name) => name !== null);
  if (forbidden === 'Encrypt') {
    throw new FileRejected('pdf_encrypted');
  }
  if (forbidden !== undefined) {
    throw new FileRejected('pdf_active_content');
  }
}

function checkDocx(buf: Buffer): void {
  const entries = readZipDirectory(buf, DOCX_LIMITS.maxEntries);
  // a ZIP that does not start with its first entry has something prepended (a polyglot)
  if (entries === null || !entries.some((e) => e.localOffset === 0)) {
    throw new FileRejected('malformed');
  }
  let total = 0;
  for (const e of entries) {
    if (e.name.startsWith('/') || e.name.includes('\\') || e.name.split('/').includes('..')) {
      throw new FileRejected('malformed');
    }
    if ((e.flags & 1) !== 0 || (e.method !== 0 && e.method !== 8)) {
      throw new FileRejected('malformed'); // encrypted or exotic compression: Word writes neither
    }
    // deflate never grows data by more than ~0.1 % + a few bytes: a larger stream means the
    // declared size is a lie, and an extractor trusting it would be surprised
    if (e.compressedSize > e.uncompressedSize * 1.01 + 1024) {
      throw new FileRejected('docx_bomb');
    }
    total += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    const bomb = e.uncompressedSize > 1024 * 1024 && ratio > DOCX_LIMITS.maxRatio;
    if (
      bomb ||
      e.uncompressedSize > DOCX_LIMITS.maxEntryBytes ||
      total > DOCX_LIMITS.maxTotalBytes
    ) {
      throw new FileRejected('docx_bomb');
    }
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !entries.some((e) => e.name.startsWith('word/'))) {
    throw new FileRejected('unsupported_type');
  }
  if ([...names].some((n) => /vbaProject\.bin$/i.test(n))) {
    throw new FileRejected('docx_macro');
  }
}

function imageBody(result: ImageResult): Buffer {
  if ('problem' in result) {
    throw new FileRejected(result.problem);
  }
  return result.body;
}

/**
 * Checks an upload against the allowlist and returns what is stored: images without their
 * metadata, other types byte for byte. Throws FileRejected.
 */
export function inspectUpload(
  raw: Buffer,
  declared: string,
): { mime: TAttachmentMime; body: Buffer } {
  if (raw.length === 0) {
    throw new FileRejected('empty');
  }
  const mime = sniffMime(raw);
  if (mime === null) {
    throw new FileRejected('unsupported_type');
  }
  if (mime !== declared) {
    throw new FileRejected('type_mismatch');
  }
  if (MARKUP.test(raw.toString('latin1', 0, 1024))) {
    throw new FileRejected('markup');
  }
  switch (mime) {
    case 'image/jpeg':
      return { mime, body: imageBody(cleanJpeg(raw)) };
    case 'image/png':
      return { mime, body: imageBody(cleanPng(raw)) };
    case 'image/webp':
      return { mime, body: imageBody(cleanWebp(raw)) };
    case 'application/pdf':
      checkPdf(raw);
      return { mime, body: raw };
    default:
      checkDocx(raw);
      return { mime, body: raw };
  }
}
