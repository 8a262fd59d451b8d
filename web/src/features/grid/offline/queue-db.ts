// The device-side store of reports waiting for a network: one IndexedDB object store keyed by the
// report's Idempotency-Key. Photos are kept as ArrayBuffers (older mobile WebKit could not store
// Blobs in IndexedDB). Nothing here talks to the server.
import type { TRegisterMatter } from '@fengqiao/contracts';

const DB_NAME = 'fengqiao-grid';
const STORE = 'reports';

export interface QueuedPhoto {
  data: ArrayBuffer;
  type: string;
  name: string;
  /** Set once the upload succeeded, so a retry registers with the same body (same key). */
  attachmentId: number | null;
}

/** The registration body without its attachments: those are added as the photos are uploaded. */
export type TReportBody = Omit<TRegisterMatter, 'attachmentIds'>;

export interface QueuedReport {
  /** The Idempotency-Key, fixed when the report was made; also the store's key. */
  key: string;
  /** Whose report it is: another user's items are discarded at sign-in. */
  userId: number;
  createdAt: string;
  body: TReportBody;
  photos: QueuedPhoto[];
  /** pending: waits for a network; rejected: the server refused it (需修改). */
  state: 'pending' | 'rejected';
  message: string;
  fields: Record<string, string>;
  attempts: number;
  lastTriedAt: string | null;
}

let opening: Promise<IDBDatabase> | null = null;

function promisify<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });
}

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB open failed'));
    };
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

async function withStore<T>(
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  const tx = db.transaction(STORE, mode);
  const result = await promisify(run(tx.objectStore(STORE)));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    tx.onerror = () => {
      reject(tx.error ?? new Error('IndexedDB transaction failed'));
    };
    tx.onabort = () => {
      reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    };
  });
  return result;
}

export async function allReports(): Promise<QueuedReport[]> {
  const rows = await withStore('readonly', (s) => s.getAll() as IDBRequest<QueuedReport[]>);
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function saveReport(item: QueuedReport): Promise<void> {
  // a plain copy: reactive proxies cannot be structured-cloned
  const copy: QueuedReport = {
    ...item,
    body: JSON.parse(JSON.stringify(item.body)) as TReportBody,
    photos: item.photos.map((p) => ({ ...p })),
    fields: { ...item.fields },
  };
  await withStore('readwrite', (s) => s.put(copy));
}

export async function deleteReport(key: string): Promise<void> {
  await withStore('readwrite', (s) => s.delete(key));
}

/** Logout: nothing of this user's work stays on the device. */
export async function clearReports(): Promise<void> {
  await withStore('readwrite', (s) => s.clear());
}

/** Sign-in: items of any other user are dropped, never sent under the new user's session. */
export async function discardOtherUsers(userId: number): Promise<number> {
  const rows = await withStore('readonly', (s) => s.getAll() as IDBRequest<QueuedReport[]>);
  const others = rows.filter((r) => r.userId !== userId);
  for (const r of others) {
    await deleteReport(r.key);
  }
  return others.length;
}
