// A ZIP central-directory reader for checking .docx uploads without extracting them: we learn the
// entry names and the sizes the archive *declares*, which is enough to refuse zip bombs before any
// program downstream (a viewer, an indexer) inflates them. ZIP64 and multi-disk archives are
// refused: a document under the 10 MB upload limit never needs them, but bombs use them.
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  /** Where the entry's data starts (after its local header). */
  dataOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const CDH_SIZE = 46;
const LFH_SIZE = 30;

function findEndOfDirectory(buf: Buffer): number {
  // the record sits at the very end, followed only by its own comment (≤ 65535 bytes)
  const last = buf.length - EOCD_SIZE;
  for (let i = last; i >= 0 && i >= last - 0xffff; i -= 1) {
    if (
      buf.readUInt32LE(i) === EOCD_SIG &&
      i + EOCD_SIZE + buf.readUInt16LE(i + 20) === buf.length
    ) {
      return i;
    }
  }
  return -1;
}

function readLocalDataOffset(buf: Buffer, offset: number): number {
  if (offset + LFH_SIZE > buf.length || buf.readUInt32LE(offset) !== LFH_SIG) {
    return -1;
  }
  return offset + LFH_SIZE + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
}

/**
 * The entries of a plain ZIP archive, or null when the structure is not one: no end record,
 * ZIP64 markers, a directory outside the file, a directory that does not end where the end record
 * starts, or an entry whose local header or data lies outside the file.
 */
export function readZipDirectory(buf: Buffer, maxEntries: number): ZipEntry[] | null {
  if (buf.length < EOCD_SIZE) {
    return null;
  }
  const eocd = findEndOfDirectory(buf);
  if (eocd < 0) {
    return null;
  }
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total || total === 0xffff || total > maxEntries) {
    return null;
  }
  if (cdOffset + cdSize !== eocd) {
    return null;
  }
  const entries: ZipEntry[] = [];
  let pos = cdOffset;
  for (let n = 0; n < total; n += 1) {
    if (pos + CDH_SIZE > eocd || buf.readUInt32LE(pos) !== CDH_SIG) {
      return null;
    }
    const nameLength = buf.readUInt16LE(pos + 28);
    const next =
      pos + CDH_SIZE + nameLength + buf.readUInt16LE(pos + 30) + buf.readUInt16LE(pos + 32);
    if (next > eocd) {
      return null;
    }
    const compressedSize = buf.readUInt32LE(pos + 20);
    const uncompressedSize = buf.readUInt32LE(pos + 24);
    const localOffset = buf.readUInt32LE(pos + 42);
    if (
      compressedSize === 0xffffffff ||
      uncompressedSize === 0xffffffff ||
      localOffset === 0xffffffff
    ) {
      return null;
    }
    const dataOffset = readLocalDataOffset(buf, localOffset);
    if (dataOffset < 0 || dataOffset + compressedSize > cdOffset) {
      return null;
    }
    entries.push({
      name: buf.toString('utf8', pos + CDH_SIZE, pos + CDH_SIZE + nameLength),
      flags: buf.readUInt16LE(pos + 8),
      method: buf.readUInt16LE(pos + 10),
      compressedSize,
      uncompressedSize,
      localOffset,
      dataOffset,
    });
    pos = next;
  }
  return pos === eocd ? entries : null;
}

/**
 * Inflates one entry, never past its declared size. Not used on uploads (they are checked, not
 * extracted); tests use it to read the .docx files we generate.
 */
export function readZipEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const data = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) {
    return Buffer.from(data);
  }
  if (entry.method !== 8) {
    throw new Error(`unsupported zip method ${entry.method}`);
  }
  return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
}
