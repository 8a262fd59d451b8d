// Image clean-up before storing (SECURITY.md D3 "no EXIF GPS"): instead of re-encoding pixels
// (no image codec on the server), each format's container is walked and rebuilt without its
// metadata blocks. The walk is also the structural check: a file that does not parse to its end
// marker, or carries bytes after it (a JPEG/PNG + ZIP polyglot), is refused.
import { crc32 } from 'node:zlib';

export type ImageResult = { body: Buffer } | { problem: 'malformed' | 'trailing_data' };

const MALFORMED = { problem: 'malformed' } as const;
const TRAILING = { problem: 'trailing_data' } as const;

function isAllZero(buf: Buffer): boolean {
  return buf.every((b) => b === 0);
}

/** The EXIF Orientation (1–8) of an APP1 payload, so a photo still shows upright once stripped. */
export function readExifOrientation(app1: Buffer): number | null {
  if (app1.length < 14 || app1.toString('latin1', 0, 6) !== 'Exif\0\0') {
    return null;
  }
  const tiff = app1.subarray(6);
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') {
    return null;
  }
  const le = order === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (u16(2) !== 42 || ifd + 2 > tiff.length) {
    return null;
  }
  const count = u16(ifd);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) {
      return null;
    }
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

/** A minimal APP1 segment holding only the Orientation tag (big-endian TIFF, one IFD entry). */
function orientationSegment(orientation: number): Buffer {
  const seg = Buffer.alloc(36);
  seg.writeUInt16BE(0xffe1, 0);
  seg.writeUInt16BE(34, 2);
  seg.write('Exif\0\0MM\0\x2a', 4, 'latin1');
  seg.writeUInt32BE(8, 14); // IFD0 right after the TIFF header
  seg.writeUInt16BE(1, 18); // one entry
  seg.writeUInt16BE(0x0112, 20); // Orientation
  seg.writeUInt16BE(3, 22); // SHORT
  seg.writeUInt32BE(1, 24);
  seg.writeUInt16BE(orientation, 28);
  return seg; // next-IFD offset (bytes 32–35) stays 0
}

/** Skips the entropy-coded data after a SOS header: up to the next marker that is not RST/stuffed. */
function skipScan(buf: Buffer, from: number): number {
  let pos = from;
  while (pos + 1 < buf.length) {
    if (buf[pos] === 0xff) {
      const next = buf[pos + 1] ?? 0;
      if (next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7)) {
        return pos;
      }
    }
    pos += 1;
  }
  return -1;
}

/**
 * JPEG: drops APP1 (EXIF with GPS, XMP) and APP13 (IPTC/Photoshop, which may name the author and
 * place) and keeps the Orientation tag. Refuses data after EOI except zero padding.
 */
export function cleanJpeg(buf: Buffer): ImageResult {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) {
    return MALFORMED;
  }
  const parts: Buffer[] = [];
  let orientation: number | null = null;
  let insertAt = 0; // index in parts after which the orientation segment goes
  let pos = 2;
  let sawScan = false;
  for (;;) {
    if (pos >= buf.length || buf[pos] !== 0xff) {
      return MALFORMED;
    }
    while (pos < buf.length && buf[pos] === 0xff) {
      pos += 1; // fill bytes before a marker
    }
    const marker = buf[pos];
    pos += 1;
    if (marker === undefined) {
      return MALFORMED;
    }
    if (marker === 0xd9) {
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(Buffer.from([0xff, marker]));
      continue;
    }
    if (pos + 2 > buf.length) {
      return MALFORMED;
    }
    const end = pos + buf.readUInt16BE(pos);
    if (end < pos + 2 || end > buf.length) {
      return MALFORMED;
    }
    if (marker === 0xe1) {
      orientation ??= readExifOrientation(buf.subarray(pos + 2, end));
    } else if (marker !== 0xed) {
      parts.push(Buffer.from([0xff, marker]), buf.subarray(pos, end));
      if (marker === 0xe0 && parts.length === 2) {
        insertAt = 2; // keep JFIF APP0 first, as readers expect
      }
    }
    pos = end;
    if (marker === 0xda) {
      sawScan = true;
      const next = skipScan(buf, pos);
      if (next < 0) {
        return MALFORMED;
      }
      parts.push(buf.subarray(pos, next));
      pos = next;
    }
  }
  if (!sawScan) {
    return MALFORMED;
  }
  if (!isAllZero(buf.subarray(pos))) {
    return TRAILING;
  }
  if (orientation !== null && orientation !== 1) {
    parts.splice(insertAt, 0, orientationSegment(orientation));
  }
  return { body: Buffer.concat([Buffer.from([0xff, 0xd8]), ...parts, Buffer.from([0xff, 0xd9])]) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Metadata chunks: EXIF (may hold GPS) and free text (author, comments, software). */
const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt']);

/** PNG: walks the chunks (checking each CRC) to IEND, drops metadata chunks, refuses trailing data. */
export function cleanPng(buf: Buffer): ImageResult {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return MALFORMED;
  }
  const parts: Buffer[] = [PNG_SIGNATURE];
  let pos = 8;
  let first = true;
  for (;;) {
    if (pos + 12 > buf.length) {
      return MALFORMED;
    }
    const length = buf.readUInt32BE(pos);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > buf.length) {
      return MALFORMED;
    }
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if ((first && type !== 'IHDR') || !/^[A-Za-z]{4}$/.test(type)) {
      return MALFORMED;
    }
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== buf.readUInt32BE(pos + 8 + length)) {
      return MALFORMED;
    }
    first = false;
    if (!PNG_DROP.has(type)) {
      parts.push(buf.subarray(pos, end));
    }
    pos = end;
    if (type === 'IEND') {
      break;
    }
  }
  return pos === buf.length ? { body: Buffer.concat(parts) } : TRAILING;
}

const VP8X_XMP = 0x04;
const VP8X_EXIF = 0x08;

/** WebP: the RIFF size must cover the file exactly; EXIF and XMP chunks are dropped. */
export function cleanWebp(buf: Buffer): ImageResult {
  if (buf.length < 20 || buf.toString('latin1', 0, 4) !== 'RIFF') {
    return MALFORMED;
  }
  if (buf.toString('latin1', 8, 12) !== 'WEBP') {
    return MALFORMED;
  }
  const riffEnd = 8 + buf.readUInt32LE(4);
  if (riffEnd < buf.length) {
    return TRAILING;
  }
  if (riffEnd > buf.length) {
    return MALFORMED;
  }
  const chunks: Buffer[] = [];
  let pos = 12;
  while (pos < buf.length) {
    if (pos + 8 > buf.length) {
      return MALFORMED;
    }
    const fourcc = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const end = pos + 8 + size + (size % 2);
    if (end > buf.length || (pos === 12 && !['VP8 ', 'VP8L', 'VP8X'].includes(fourcc))) {
      return MALFORMED;
    }
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') {
      const chunk = Buffer.from(buf.subarray(pos, end));
      if (fourcc === 'VP8X' && size >= 10) {
        chunk.writeUInt8((chunk[8] ?? 0) & ~(VP8X_EXIF | VP8X_XMP), 8);
      }
      chunks.push(chunk);
    }
    pos = end;
  }
  const body = Buffer.concat([Buffer.alloc(12), ...chunks]);
  body.write('RIFF', 0, 'latin1');
  body.writeUInt32LE(body.length - 8, 4);
  body.write('WEBP', 8, 'latin1');
  return { body };
}
