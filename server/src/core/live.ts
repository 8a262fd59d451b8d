import pg from 'pg';
import {
  ZLiveNotification,
  type TLiveNotification,
} from '@fengqiao/contracts/notifications/schemas.ts';
import type { Db } from './db/db.ts';
import { sql } from './db/sql.ts';

/** The PostgreSQL channel every server process LISTENs on. */
export const LIVE_CHANNEL = 'fengqiao_live';

export type LiveEvent = TLiveNotification;

export interface LiveLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Fan-out of committed notifications to the open browser sessions of every server process.
 * Delivery is best effort: the notification table stays the source of truth, and a subscriber
 * told `onInterrupt` may have missed events (its SSE client reconnects and replays from there).
 */
export interface LiveBus {
  /** Never throws: called from after-commit hooks, where a throw would report a commit as failed. */
  publish(ev: LiveEvent): void;
  /** Returns the unsubscribe function. `onInterrupt` runs when events may have been lost or the bus closes. */
  subscribe(fn: (ev: LiveEvent) => void, onInterrupt?: () => void): () => void;
  close(): Promise<void>;
}

const CONSOLE_LOG: LiveLog = {
  warn: (obj, msg) => {
    console.warn(`live: ${msg}`, obj);
  },
  info: (obj, msg) => {
    console.info(`live: ${msg}`, obj);
  },
};

interface Subscriber {
  fn: (ev: LiveEvent) => void;
  onInterrupt: (() => void) | undefined;
}

/**
 * The subscribers of one process. A Set rather than an EventEmitter: one listener per open tab
 * would trip EventEmitter's leak warning, and one throwing subscriber must not starve the rest.
 */
class Fanout {
  private readonly subs = new Set<Subscriber>();
  private readonly log: LiveLog;
  constructor(log: LiveLog) {
    this.log = log;
  }

  add(fn: (ev: LiveEvent) => void, onInterrupt?: () => void): () => void {
    const sub: Subscriber = { fn, onInterrupt };
    this.subs.add(sub);
    return () => {
      this.subs.delete(sub);
    };
  }

  emit(ev: LiveEvent): void {
    for (const sub of [...this.subs]) {
      try {
        sub.fn(ev);
      } catch (err) {
        this.log.warn({ err }, 'subscriber failed');
      }
    }
  }

  interruptAll(): void {
    for (const sub of [...this.subs]) {
      try {
        sub.onInterrupt?.();
      } catch (err) {
        this.log.warn({ err }, 'subscriber interrupt failed');
      }
    }
  }

  clear(): void {
    this.subs.clear();
  }
}

/**
 * The embedded database lives inside this one process (PGlite behind one socket, one connection),
 * so every session that can see its rows is in this process: an in-process fan-out is complete.
 */
export function createInProcessBus(log: LiveLog = CONSOLE_LOG): LiveBus {
  const fanout = new Fanout(log);
  let closed = false;
  return {
    publish(ev) {
      if (closed) {
        return;
      }
      // asynchronous like the PostgreSQL path, so no caller comes to rely on a synchronous delivery
      queueMicrotask(() => {
        fanout.emit(ev);
      });
    },
    subscribe: (fn, onInterrupt) => fanout.add(fn, onInterrupt),
    close() {
      closed = true;
      fanout.interruptAll();
      fanout.clear();
      return Promise.resolve();
    },
  };
}

// NOTIFY payloads must stay below 8000 bytes; ids plus a short title keep far below that.
const MAX_TITLE = 100;
const MAX_PAYLOAD_BYTES = 7000;

function encodeEvent(ev: LiveEvent): string {
  const short = { ...ev, kind: ev.kind.slice(0, 60), title: ev.title.slice(0, MAX_TITLE) };
  const text = JSON.stringify(short);
  return Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES
    ? text
    : JSON.stringify({ ...short, title: '' });
}

function decodeEvent(payload: string | undefined): LiveEvent | null {
  if (payload === undefined) {
    return null;
  }
  try {
    const parsed = ZLiveNotification.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface PgBusOptions {
  log?: LiveLog;
  /** First reconnect delay; doubles up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * PostgreSQL: one dedicated connection per process LISTENs on `fengqiao_live`; publishing is a
 * pg_notify through the pool, so an event from any process reaches the subscribers of all of them
 * (including the publisher's own, which therefore never short-circuits locally: no duplicates).
 */
export async function createPgLiveBus(
  db: Db,
  client: pg.ClientConfig,
  opts: PgBusOptions = {},
): Promise<LiveBus> {
  const log = opts.log ?? CONSOLE_LOG;
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 30_000;
  const fanout = new Fanout(log);
  let current: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    // not from the pool: a LISTENing session must stay open and must not be handed to a request
    const c = new pg.Client({
      ...client,
      application_name: 'fengqiao-live',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    c.on('error', (err) => {
      lost(c, err);
    });
    c.on('end', () => {
      lost(c, null);
    });
    c.on('notification', (msg) => {
      if (msg.channel !== LIVE_CHANNEL) {
        return;
      }
      const ev = decodeEvent(msg.payload);
      if (ev === null) {
        log.warn({ channel: msg.channel }, 'ignored a malformed live event');
        return;
      }
      fanout.emit(ev);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (err) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    current = c;
  };

  const scheduleReconnect = (): void => {
    if (closed || timer !== null) {
      return;
    }
    const base = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures, 16));
    // jitter so that the processes of a cluster do not reconnect in lockstep after a restart
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    timer = setTimeout(() => {
      timer = null;
      connect().then(
        () => {
          failures = 0;
          log.info({}, 'listener reconnected');
          // events published while we were away are lost: let streams reconnect and replay
          fanout.interruptAll();
        },
        (err: unknown) => {
          failures += 1;
          log.warn({ err, failures }, 'listener reconnect failed');
          scheduleReconnect();
        },
      );
    }, delay);
    timer.unref();
  };

  function lost(c: pg.Client, err: Error | null): void {
    if (current !== c) {
      return;
    }
    current = null;
    // keep an error listener: an 'error' without one would crash the process
    c.removeAllListeners('end');
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (closed) {
      return;
    }
    log.warn({ err: err?.message ?? 'connection ended' }, 'listener lost, reconnecting');
    scheduleReconnect();
  }

  await connect();

  return {
    publish(ev) {
      if (closed) {
        return;
      }
      db.query(sql`SELECT pg_notify(${LIVE_CHANNEL}, ${encodeEvent(ev)})`).catch((err: unknown) => {
        log.warn({ err, id: ev.id }, 'publish failed');
      });
    },
    subscribe: (fn, onInterrupt) => fanout.add(fn, onInterrupt),
    async close() {
      closed = true;
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      const c = current;
      current = null;
      fanout.interruptAll();
      fanout.clear();
      if (c !== null) {
        c.removeAllListeners('end');
        c.removeAllListeners('notification');
        await c.end().catch(() => undefined);
      }
    },
  };
}

/**
 * The bus for this deployment: LISTEN/NOTIFY on PostgreSQL (several processes share it), the
 * in-process fan-out on the embedded PGlite (one process by construction).
 */
export async function createLiveBus(
  db: Db,
  connectionString: string | null,
  log: LiveLog = CONSOLE_LOG,
): Promise<LiveBus> {
  if (db.kind === 'pglite' || connectionString === null) {
    return createInProcessBus(log);
  }
  return createPgLiveBus(db, { connectionString }, { log });
}
