// Attachment files live outside the database under <DATA_DIR>/attachments/<yyyy>/<mm>/<name>, with
// a random server-made name: nothing the client sends reaches a path. Each file is fsynced (and
// its folder) before the row that points at it is written (SECURITY.md §6.2 D); a crash between
// the two leaves an orphan file for the reconciler, never a row without its file.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

const STORAGE_NAME = /^\d{4}\/\d{2}\/[0-9a-f]{32}$/;

function attachmentRoot(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** Year and month in China time, so a file uploaded at 00:30 on the 1st files under that month. */
function shanghaiYearMonth(at: Date): { year: string; month: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: get('year'), month: get('month') };
}

async function syncFolder(dir: string): Promise<void> {
  // makes the new directory entry durable; some platforms cannot open folders, which is harmless
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* best effort only */
  }
}

/** Writes a new file durably and returns its storage name (`yyyy/mm/<32 hex>`). */
export async function writeAttachmentFile(
  dataDir: string,
  at: Date,
  body: Buffer,
): Promise<string> {
  const { year, month } = shanghaiYearMonth(at);
  const name = `${year}/${month}/${randomBytes(16).toString('hex')}`;
  const dir = path.join(attachmentRoot(dataDir), year, month);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(attachmentRoot(dataDir), name);
  // 'wx': never overwrite, even in the astronomically unlikely case of a repeated name
  const fh = await open(file, 'wx', 0o600);
  try {
    await fh.writeFile(body);
    await fh.sync();
    await fh.close();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw err;
  }
  await syncFolder(dir);
  return name;
}

export async function readAttachmentFile(dataDir: string, storageName: string): Promise<Buffer> {
  // the name comes from our own row, but a tampered row must still not walk out of the folder
  if (!STORAGE_NAME.test(storageName)) {
    throw new Error('invalid attachment storage name');
  }
  return readFile(path.join(attachmentRoot(dataDir), storageName));
}
