// The grid worker's outbox: a report is stored on the device with a fixed Idempotency-Key, then
// sent (photos first, then the registration). A request that got no answer is retried with the
// same key and the same body, so the server replays its first answer instead of registering
// twice; a refusal (4xx) is kept as 需修改 with the server's message, never dropped silently.
import { computed, ref } from 'vue';
import { ApiError } from '../../../api/client.ts';
import { describeError, fieldErrorsOf, isNetworkError } from '../../../api/errors.ts';
import { registerMatter, type TMatter } from '../../matters/api.ts';
import { newIdempotencyKey } from '../../matters/composables/idempotency-key.ts';
import { uploadPhoto } from '../api.ts';
import {
  allReports,
  deleteReport,
  discardOtherUsers,
  saveReport,
  type QueuedPhoto,
  type QueuedReport,
  type TReportBody,
} from './queue-db.ts';

export type { QueuedReport, TReportBody };

export type SendOutcome =
  | { kind: 'sent'; matter: TMatter }
  /** No answer (offline, timeout, server unavailable): kept and sent later with the same key. */
  | { kind: 'queued'; reason: string }
  | { kind: 'rejected'; error: ApiError };

const items = ref<QueuedReport[]>([]);
const flushing = ref(false);
const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
/** False when the device refuses IndexedDB (private mode, full disk): reports cannot wait. */
const storable = ref(true);
const sent = ref<{ id: number; code: string; at: string }[]>([]);
let owner: number | null = null;
const sending = new Set<string>();
let timer: ReturnType<typeof setInterval> | undefined;

const RETRY_MS = 60_000;

/** Answers that mean "try again later" rather than "this report is wrong". */
function isTransient(err: ApiError): boolean {
  return err.status === 401 || err.status === 408 || err.status === 429 || err.status >= 500;
}

async function persist(item: QueuedReport): Promise<void> {
  try {
    await saveReport(item);
  } catch {
    storable.value = false;
  }
}

function replaceItem(item: QueuedReport): void {
  const i = items.value.findIndex((x) => x.key === item.key);
  if (i >= 0) {
    items.value.splice(i, 1, item);
  } else {
    items.value.push(item);
  }
}

async function forget(key: string): Promise<void> {
  items.value = items.value.filter((x) => x.key !== key);
  await deleteReport(key).catch(() => undefined);
}

async function uploadMissing(item: QueuedReport): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, p] of item.photos.entries()) {
    let id = p.attachmentId;
    if (id === null) {
      const up = await uploadPhoto(new Blob([p.data], { type: p.type }), p.name);
      id = up.id;
      // stored before registering: a retry must send exactly the same body under the same key
      item.photos.splice(i, 1, { ...p, attachmentId: id });
      await persist(item);
    }
    ids.push(id);
  }
  return ids;
}

/** Sends one stored report; never runs twice at once for the same key in this tab. */
async function sendItem(item: QueuedReport): Promise<SendOutcome> {
  if (sending.has(item.key)) {
    return { kind: 'queued', reason: '正在发送' };
  }
  sending.add(item.key);
  item.attempts += 1;
  item.lastTriedAt = new Date().toISOString();
  try {
    const attachmentIds = await uploadMissing(item);
    const matter = await registerMatter({ ...item.body, attachmentIds }, item.key);
    await forget(item.key);
    sent.value.unshift({ id: matter.id, code: matter.code, at: new Date().toISOString() });
    return { kind: 'sent', matter };
  } catch (err) {
    if (isNetworkError(err) || (err instanceof ApiError && isTransient(err))) {
      item.state = 'pending';
      item.message = isNetworkError(err) ? '网络不可用，待网络恢复后自动发送' : describeError(err);
      replaceItem(item);
      await persist(item);
      return { kind: 'queued', reason: item.message };
    }
    const error = err as ApiError;
    item.state = 'rejected';
    item.message = describeError(error);
    item.fields = fieldErrorsOf(error);
    replaceItem(item);
    await persist(item);
    return { kind: 'rejected', error };
  } finally {
    sending.delete(item.key);
  }
}

/** Sends every waiting report in order; stops at the first one that gets no answer. */
async function flush(): Promise<number> {
  if (flushing.value || owner === null || !navigator.onLine) {
    return 0;
  }
  flushing.value = true;
  let count = 0;
  try {
    for (const item of items.value.filter((x) => x.state === 'pending')) {
      const r = await sendItem(item);
      if (r.kind === 'sent') {
        count += 1;
      } else if (r.kind === 'queued') {
        break;
      }
    }
  } finally {
    flushing.value = false;
  }
  return count;
}

function onOnline(): void {
  online.value = true;
  void flush();
}

function onOffline(): void {
  online.value = false;
}

let loading: Promise<void> | null = null;

/** Loads this user's stored reports once, after dropping any other user's. */
function load(userId: number): Promise<void> {
  if (owner !== userId || loading === null) {
    owner = userId;
    sent.value = [];
    loading = (async () => {
      try {
        await discardOtherUsers(userId);
        items.value = (await allReports()).filter((x) => x.userId === userId);
        storable.value = true;
      } catch {
        items.value = [];
        storable.value = false;
      }
    })();
  }
  return loading;
}

/**
 * Starts the outbox for the signed-in user (app start, sign-in): drops other users' items, loads
 * this user's and sends what waits. Safe to call again.
 */
async function start(userId: number): Promise<void> {
  await load(userId);
  if (timer === undefined) {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    // navigator.onLine can say "online" on a Wi-Fi without a way out: try again now and then
    timer = setInterval(() => {
      if (items.value.some((x) => x.state === 'pending')) {
        void flush();
      }
    }, RETRY_MS);
  }
  online.value = navigator.onLine;
  await flush();
}

/** A new report: stored first, then sent at once when the device says it is online. */
async function submit(
  userId: number,
  body: TReportBody,
  photos: { blob: Blob; name: string }[],
): Promise<SendOutcome> {
  const stored: QueuedPhoto[] = [];
  for (const p of photos) {
    stored.push({
      data: await p.blob.arrayBuffer(),
      type: p.blob.type,
      name: p.name,
      attachmentId: null,
    });
  }
  const item: QueuedReport = {
    key: newIdempotencyKey(),
    userId,
    createdAt: new Date().toISOString(),
    body,
    photos: stored,
    state: 'pending',
    message: '',
    fields: {},
    attempts: 0,
    lastTriedAt: null,
  };
  items.value.push(item);
  await persist(item);
  if (!navigator.onLine) {
    item.message = '设备离线，待网络恢复后自动发送';
    await persist(item);
    return { kind: 'queued', reason: item.message };
  }
  const outcome = await sendItem(item);
  if (outcome.kind === 'rejected') {
    // the worker is still looking at the form: the errors are shown there and fixed in place
    await forget(item.key);
  }
  return outcome;
}

/** A stored report, to be corrected in the form; it is removed once the corrected one is saved. */
function find(key: string): QueuedReport | null {
  return items.value.find((x) => x.key === key) ?? null;
}

/** Logout: the outbox is emptied in memory (the store itself is cleared by the caller). */
function reset(): void {
  items.value = [];
  sent.value = [];
  owner = null;
  loading = null;
}

export function useReportQueue() {
  return {
    items,
    pending: computed(() => items.value.filter((x) => x.state === 'pending')),
    rejected: computed(() => items.value.filter((x) => x.state === 'rejected')),
    flushing,
    online,
    storable,
    sent,
    start,
    submit,
    flush,
    remove: forget,
    find,
    load,
    reset,
  };
}
