import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAttachment } from '@fengqiao/contracts/attachments/schemas.ts';
import { MAX_ATTACHMENT_BYTES } from '@fengqiao/contracts/attachments/schemas.ts';
import { sql } from '../../core/db/sql.ts';
import type { RouteDef } from '../../core/http/context.ts';
import { ALL_ROUTES } from '../../routes.ts';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readExifOrientation } from './image-metadata.ts';
import { attachmentRoutes } from './routes.ts';
import { linkAttachments, sanitizeFilename } from './service.ts';

// --- tiny files, built byte by byte -------------------------------------------------------------

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Latitude 36°47'12.34" as three RATIONALs: the bytes that must not survive the upload. */
const GPS_LATITUDE = Buffer.alloc(24);
[36, 1, 47, 1, 1234, 100].forEach((v, i) => GPS_LATITUDE.writeUInt32LE(v, i * 4));

/** EXIF (little-endian TIFF): IFD0 {Orientation = 6, GPS IFD pointer}, GPS IFD {N, latitude}. */
function exifWithGps(): Buffer {
  const tiff = Buffer.alloc(68);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    tiff.writeUInt32LE(value, at + 8);
  };
  tiff.writeUInt16LE(2, 8);
  entry(10, 0x0112, 3, 1, 6);
  entry(22, 0x8825, 4, 1, 38);
  tiff.writeUInt16LE(2, 38);
  entry(40, 0x0001, 2, 2, 0x4e); // 'N'
  entry(52, 0x0002, 5, 3, 68);
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, GPS_LATITUDE]);
}

/** A 1×1 grey baseline JPEG; `extra` segments go after JFIF. */
function jpeg(extra: Buffer[] = [], trailer: Buffer = Buffer.alloc(0)): Buffer {
  const huffman = (tableClass: number) =>
    segment(0xc4, Buffer.from([tableClass, 1, ...Array<number>(15).fill(0), 0]));
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...extra,
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    huffman(0x00),
    huffman(0x10),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    Buffer.from([0x3f, 0xff, 0xd9]),
    trailer,
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(extra: Buffer[] = [], trailer: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    ...extra,
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
    trailer,
  ]);
}

function pdf(extraObjects = '', catalogExtra = '', tail = ''): Buffer {
  return Buffer.from(
    `%PDF-1.7\n%\xe2\xe3\xcf\xd3\n` +
      `1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${catalogExtra}>>\nendobj\n` +
      `2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n` +
      `3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n` +
      extraObjects +
      `trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n${tail}`,
    'latin1',
  );
}

interface ZipSpec {
  name: string;
  data: Buffer;
  deflate?: boolean;
  /** Overrides the uncompressed size written into the headers (a lying archive). */
  declaredSize?: number;
}

function zip(entries: ZipSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);
function docx(
  document: ZipSpec = {
    name: 'word/document.xml',
    data: Buffer.from('<w:document/>'),
    deflate: true,
  },
): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: Buffer.from('<Relationships/>') },
    document,
  ]);
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// --- the app --------------------------------------------------------------------------------------

let t: TestApp;
let f: MatterFactory;
let owner: Actor; // dispatcher + clerk of T1
let colleague: Actor; // another dispatcher of T1
let county: Actor; // dispatcher of C1
let other: Actor; // dispatcher of T2

const mine = new Set(attachmentRoutes.map((r) => r.endpoint.id));
const routes: RouteDef[] = [
  ...ALL_ROUTES.filter((r) => !mine.has(r.endpoint.id)),
  ...attachmentRoutes,
];

beforeAll(async () => {
  t = await createTestApp({ routes });
  await t.f.tree();
  f = new MatterFactory(t);
  owner = await f.center(TREE.T1);
  county = await f.center(TREE.C1);
  other = await f.center(TREE.T2);
  const c = await t.f.as({ roles: ['dispatcher'], regionCode: TREE.T1 });
  colleague = { userId: c.user.id, unitId: c.user.unitId, cookie: c.cookie };
});
afterAll(async () => {
  await t.close();
});

function upload(who: Actor, body: Buffer, contentType: string, filename = 'file.bin') {
  return t.call('POST', `/api/attachments?filename=${encodeURIComponent(filename)}`, {
    cookie: who.cookie,
    body,
    headers: { 'content-type': contentType },
  });
}

async function uploaded(who: Actor, body: Buffer, contentType: string, filename: string) {
  const res = await upload(who, body, contentType, filename);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<TAttachment>();
}

function download(who: Actor, id: number) {
  return t.call('GET', `/api/attachments/${id}`, { cookie: who.cookie });
}

function expectRejected(res: LightMyRequestResponse, problem: string): void {
  expect(res.statusCode).toBe(400);
  const body = res.json<{ code: string; fields: { path: string; code: string }[] }>();
  expect(body.code).toBe('request.invalid');
  expect(body.fields[0]).toMatchObject({ path: 'file', code: problem });
}

// --- uploads ------------------------------------------------------------------------------------

describe('POST /api/attachments (upload)', () => {
  it('stores a JPEG without its EXIF/GPS segment but keeps the orientation', async () => {
    const original = jpeg([segment(0xe1, exifWithGps())]);
    expect(original.includes(GPS_LATITUDE)).toBe(true);
    const a = await uploaded(owner, original, 'image/jpeg', '现场照片.JPG');
    expect(a).toMatchObject({ filename: '现场照片.jpg', mime: 'image/jpeg' });
    const res = await download(owner, a.id);
    expect(res.statusCode).toBe(200);
    const stored = res.rawPayload;
    expect(stored.includes(GPS_LATITUDE)).toBe(false);
    expect(stored.includes(Buffer.from('Exif\0\0II', 'latin1'))).toBe(false);
    expect(stored.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(stored.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(stored.includes(Buffer.from('JFIF\0', 'latin1'))).toBe(true);
    // the one APP1 left holds only the orientation, so the photo still shows upright
    const app1 = stored.indexOf(Buffer.from([0xff, 0xe1]));
    expect(readExifOrientation(stored.subarray(app1 + 4, app1 + 4 + 32))).toBe(6);
    expect(a.size).toBe(stored.length);
  });

  it('stores a PNG without its text chunks, named on the server under attachments/yyyy/mm', async () => {
    const original = png([pngChunk('tEXt', Buffer.from('Author\0王建国', 'utf8'))]);
    const a = await uploaded(owner, original, 'image/png', 'scan.png');
    const row = await t.db.query<{
      storage_name: string;
      sha256: string;
      matter_id: number | null;
      uploaded_by: number;
      region_code: string;
    }>(
      sql`SELECT storage_name, sha256, matter_id, uploaded_by, region_code FROM attachment WHERE id = ${a.id}`,
    );
    expect(row[0]).toMatchObject({
      matter_id: null,
      uploaded_by: owner.userId,
      region_code: TREE.T1,
      sha256: a.sha256,
    });
    const name = row[0]?.storage_name ?? '';
    expect(name).toMatch(/^2026\/03\/[0-9a-f]{32}$/);
    const file = path.join(t.config.dataDir, 'attachments', name);
    const onDisk = await readFile(file);
    expect(onDisk.includes(Buffer.from('Author'))).toBe(false);
    expect(onDisk).toEqual(png());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('stores a PDF and a DOCX byte for byte', async () => {
    const p = pdf();
    const a = await uploaded(owner, p, 'application/pdf', '材料.pdf');
    expect(a).toMatchObject({ mime: 'application/pdf', size: p.length, filename: '材料.pdf' });
    expect((await download(owner, a.id)).rawPayload).toEqual(p);
    const d = docx();
    const b = await uploaded(owner, d, DOCX, '笔录.docx');
    expect(b).toMatchObject({ mime: DOCX, size: d.length });
  });

  it('accepts a WebP and drops its EXIF chunk', async () => {
    const vp8l = Buffer.from([0x2f, 0, 0, 0, 0, 0x88, 0x88, 0x08, 0, 0]);
    const chunk = (fourcc: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.write(fourcc, 0, 'latin1');
      head.writeUInt32LE(data.length, 4);
      return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
    };
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x08;
    const chunks = Buffer.concat([
      chunk('VP8X', vp8x),
      chunk('VP8L', vp8l),
      chunk('EXIF', exifWithGps()),
    ]);
    const head = Buffer.alloc(12);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(chunks.length + 4, 4);
    head.write('WEBP', 8, 'latin1');
    const a = await uploaded(owner, Buffer.concat([head, chunks]), 'image/webp', 'a.webp');
    const stored = (await download(owner, a.id)).rawPayload;
    expect(stored.includes(GPS_LATITUDE)).toBe(false);
    expect(stored.readUInt32LE(4)).toBe(stored.length - 8);
    expect(stored[20]).toBe(0); // VP8X no longer announces EXIF
  });

  it('sanitizes names: no bidi tricks, at most 100 characters, an extension matching the type', () => {
    expect(sanitizeFilename('photo\u202egnp.exe', 'image/png')).toBe('photo_gnp.exe.png');
    expect(sanitizeFilename('报告.PDF', 'application/pdf')).toBe('报告.pdf');
    expect(sanitizeFilename('...', 'image/png')).toBe('附件.png');
    const long = sanitizeFilename(`${'长'.repeat(300)}.jpg`, 'image/jpeg');
    expect(Array.from(long)).toHaveLength(100);
    expect(long.endsWith('.jpg')).toBe(true);
  });

  it('rejects content whose magic bytes are not on the allowlist', async () => {
    expectRejected(
      await upload(owner, Buffer.from('MZ\x90\0 not an image'), 'image/jpeg'),
      'unsupported_type',
    );
    expectRejected(
      await upload(owner, Buffer.from('GIF89a\x01\0\x01\0'), 'image/png'),
      'unsupported_type',
    );
  });

  it('rejects a file whose declared type differs from its content', async () => {
    expectRejected(await upload(owner, png(), 'image/jpeg', 'a.jpg'), 'type_mismatch');
    expectRejected(await upload(owner, pdf(), DOCX, 'a.docx'), 'type_mismatch');
  });

  it('rejects SVG: 415 as its own type, 400 when declared as PNG', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    const res = await upload(owner, svg, 'image/svg+xml', 'a.svg');
    expect(res.statusCode).toBe(415);
    expectRejected(await upload(owner, svg, 'image/png', 'a.png'), 'unsupported_type');
  });

  it('rejects polyglots: a PNG with a ZIP appended, a JPEG carrying HTML, a PDF with a ZIP after %%EOF', async () => {
    expectRejected(await upload(owner, png([], docx()), 'image/png'), 'trailing_data');
    expectRejected(
      await upload(owner, jpeg([], Buffer.from('PK\x03\x04payload')), 'image/jpeg'),
      'trailing_data',
    );
    const html = segment(0xfe, Buffer.from('<html><script>alert(document.cookie)</script></html>'));
    expectRejected(await upload(owner, jpeg([html]), 'image/jpeg'), 'markup');
    const pdfZip = pdf('', '', docx().toString('latin1'));
    expectRejected(await upload(owner, pdfZip, 'application/pdf'), 'trailing_data');
  });

  it('rejects PDFs with JavaScript, launch actions or embedded files, also when hidden', async () => {
    const js = pdf('', '/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ');
    expectRejected(await upload(owner, js, 'application/pdf'), 'pdf_active_content');
    const escaped = pdf('', '/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> ');
    expectRejected(await upload(owner, escaped, 'application/pdf'), 'pdf_active_content');
    const launch = pdf('', '/OpenAction << /S /Launch /F (cmd.exe) >> ');
    expectRejected(await upload(owner, launch, 'application/pdf'), 'pdf_active_content');
    const hidden = deflateSync(Buffer.from('4 0 << /S /JavaScript /JS (app.alert(1)) >>'));
    const objStm =
      `5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${hidden.length} >>\nstream\n` +
      `${hidden.toString('latin1')}\nendstream\nendobj\n`;
    expectRejected(await upload(owner, pdf(objStm), 'application/pdf'), 'pdf_active_content');
  });

  it('refuses the upload in the audit trail, with the reason', async () => {
    await upload(owner, pdf('', '/OpenAction << /S /JavaScript /JS (x) >> '), 'application/pdf');
    const rows = await t.db.query<{ outcome: string; reason: string }>(sql`
      SELECT outcome, reason FROM audit_log WHERE event = 'attachments.upload' AND actor_id = ${owner.userId}
        AND outcome = 'failure' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toEqual({ outcome: 'failure', reason: 'pdf_active_content' });
  });

  it('rejects DOCX zip bombs: a huge declared size, a real 1000:1 ratio, a lying small size', async () => {
    const tiny = Buffer.from('<w:document/>'.repeat(100));
    const declaredHuge = docx({
      name: 'word/document.xml',
      data: tiny,
      deflate: true,
      declaredSize: 0x7ff00000,
    });
    expectRejected(await upload(owner, declaredHuge, DOCX, 'a.docx'), 'docx_bomb');
    const zeros = docx({
      name: 'word/document.xml',
      data: Buffer.alloc(20 * 1024 * 1024),
      deflate: true,
    });
    expectRejected(await upload(owner, zeros, DOCX, 'a.docx'), 'docx_bomb');
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
    const lying = docx({ name: 'word/document.xml', data: random, declaredSize: 10 });
    expectRejected(await upload(owner, lying, DOCX, 'a.docx'), 'docx_bomb');
  });

  it('rejects a ZIP that is not a Word document, and a macro-enabled one', async () => {
    expectRejected(
      await upload(owner, zip([{ name: 'evil.exe', data: Buffer.from('MZ') }]), DOCX),
      'unsupported_type',
    );
    const macro = zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
      { name: 'word/vbaProject.bin', data: Buffer.from('macro') },
    ]);
    expectRejected(await upload(owner, macro, DOCX), 'docx_macro');
  });

  it('rejects a body over 10 MB with 413', async () => {
    const big = Buffer.concat([png(), Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const res = await upload(owner, big, 'image/png', 'big.png');
    expect(res.statusCode).toBe(413);
    expect(res.json<{ code: string }>().code).toBe('request.too_large');
  });

  it('rejects path parts in the file name', async () => {
    for (const name of ['../../etc/passwd.png', '..\\..\\boot.png', 'a/b.png', '..']) {
      const res = await upload(owner, png(), 'image/png', name);
      expect(res.statusCode, name).toBe(400);
      expect(res.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('query.filename');
    }
  });

  it('needs matter.register', async () => {
    const { cookie } = await t.f.as({ roles: ['leader'], regionCode: TREE.T1 });
    const res = await t.call('POST', '/api/attachments?filename=a.png', {
      cookie,
      body: png(),
      headers: { 'content-type': 'image/png' },
    });
    expect(res.statusCode).toBe(403);
  });
});

// --- downloads and linking -----------------------------------------------------------------------

describe('attachments sent with an action', () => {
  it("a feedback's photo joins the matter: listed on it, downloadable by the owner center", async () => {
    const { matter, owner: center, assignee } = await f.inStatus(TREE.V1a, 'handling');
    const photo = await uploaded(assignee.actor, png(), 'image/png', '现场.png');
    const res = await f.call(assignee.actor, 'POST', `/api/matters/${matter.id}/feedback`, {
      result: '已到现场处理完毕',
      outcome: 'resolved',
      attachmentIds: [photo.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<{ attachments: { id: number }[] }>();
    expect(after.attachments.map((a) => a.id)).toContain(photo.id);
    expect((await download(center, photo.id)).statusCode).toBe(200);
  });

  it("someone else's or an unknown attachment fails the step and changes nothing", async () => {
    const { matter, owner: center, assignee } = await f.inStatus(TREE.V1a, 'handling');
    const theirs = await uploaded(center, png(), 'image/png', '别人的.png');
    const res = await f.call(assignee.actor, 'POST', `/api/matters/${matter.id}/feedback`, {
      result: '已到现场处理完毕',
      outcome: 'resolved',
      attachmentIds: [theirs.id, 999_999_999],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('attachmentIds');
    const now = await f.call(center, 'GET', `/api/matters/${matter.id}`);
    expect(now.json<{ status: string }>().status).toBe('handling');
  });
});

describe('GET /api/attachments/:id (download)', () => {
  it('serves the uploader an unlinked file as an attachment with nosniff and no-store, audited', async () => {
    const a = await uploaded(owner, png(), 'image/png', '现场 照片(1).png');
    const res = await download(owner, a.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const disposition = String(res.headers['content-disposition']);
    const encoded = /^attachment; filename\*=UTF-8''([A-Za-z0-9%!#$&+.^_`|~'()*-]+)$/.exec(
      disposition,
    )?.[1];
    expect(decodeURIComponent(encoded ?? '')).toBe('现场 照片(1).png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    const audit = await t.db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log WHERE event = 'attachments.download' AND target_id = ${String(a.id)}`);
    expect(audit[0]?.n).toBe(1);
  });

  it('returns 404 for an unlinked upload to anyone but the uploader, even in the same township', async () => {
    const a = await uploaded(owner, png(), 'image/png', 'draft.png');
    expect((await download(other, a.id)).statusCode).toBe(404);
    expect((await download(colleague, a.id)).statusCode).toBe(404);
    expect((await download(county, a.id)).statusCode).toBe(404);
    expect((await download(owner, 999_999)).statusCode).toBe(404);
  });

  it('once a registration links it, serves whoever sees the matter and 404s another township', async () => {
    const a = await uploaded(owner, png(), 'image/png', 'evidence.png');
    const m = await f.register(TREE.V1a, { attachmentIds: [a.id] });
    expect(m.attachments).toEqual([
      { id: a.id, filename: 'evidence.png', mime: 'image/png', size: a.size },
    ]);
    expect((await download(colleague, a.id)).statusCode).toBe(200);
    expect((await download(county, a.id)).statusCode).toBe(200);
    expect((await download(other, a.id)).statusCode).toBe(404);
  });

  it('refuses to link another user’s upload or a linked one (400 on attachmentIds), linking nothing', async () => {
    const theirs = await uploaded(colleague, png(), 'image/png', 'theirs.png');
    const own = await uploaded(owner, png(), 'image/png', 'own.png');
    const res = await f.call(owner, 'POST', '/api/matters', {
      type: 'dispute',
      categoryCode: 'D01',
      channel: 'walk_in',
      description: '邻里纠纷',
      regionCode: TREE.V1a,
      anonymous: true,
      attachmentIds: [own.id, theirs.id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('attachmentIds');
    const rows = await t.db.query<{ matter_id: number | null }>(
      sql`SELECT matter_id FROM attachment WHERE id IN (${own.id}, ${theirs.id})`,
    );
    expect(rows.every((r) => r.matter_id === null)).toBe(true);
  });

  it('linkAttachments accepts only the uploader’s unlinked ids', async () => {
    const a = await uploaded(owner, png(), 'image/png', 'x.png');
    const m = await f.register(TREE.V1a, { attachmentIds: [a.id] });
    await expect(
      t.db.transaction((tx) => linkAttachments(tx, [a.id], m.id, owner.userId)),
    ).rejects.toMatchObject({ code: 'request.invalid', fields: [{ path: 'attachmentIds' }] });
    await expect(
      t.db.transaction((tx) => linkAttachments(tx, [], m.id, owner.userId)),
    ).resolves.toBeUndefined();
  });

  it('refuses to serve a file changed behind the application', async () => {
    const a = await uploaded(owner, png(), 'image/png', 'tampered.png');
    await t.db.query(sql`UPDATE attachment SET sha256 = ${'0'.repeat(64)} WHERE id = ${a.id}`);
    expect((await download(owner, a.id)).statusCode).toBe(500);
  });
});
