import type { ServerResponse } from 'node:http';
import { ZSecuritySettings } from '@fengqiao/contracts';
import { NOTIFICATION_ENDPOINTS as E } from '@fengqiao/contracts/notifications/endpoints.ts';
import type { TNotification } from '@fengqiao/contracts/notifications/schemas.ts';
import type { Actor } from '../../core/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { route, type AppDeps, type RequestCtx, type RouteDef } from '../../core/http/context.ts';
import type { LiveEvent } from '../../core/live.ts';
import { DEFAULT_SECURITY } from '../auth/settings.ts';
import {
  countUnread,
  findStreamSession,
  isAddressedTo,
  listNotifications,
  listSince,
  markAllRead,
  markRead,
  type NotificationRow,
  type Recipient,
} from './queries.ts';

export interface StreamOptions {
  /** Comment line that keeps proxies from closing an idle stream; also re-checks the session. */
  heartbeatMs: number;
  /** At most this many missed messages are replayed after a reconnect (the list has the rest). */
  replayLimit: number;
}

const DEFAULTS: StreamOptions = { heartbeatMs: 25_000, replayLimit: 100 };
// a client that stops reading gets disconnected instead of growing our memory; it reconnects
const MAX_BUFFERED_BYTES = 256 * 1024;

function present(r: NotificationRow): TNotification {
  return {
    id: r.id,
    kind: r.kind,
    matterId: r.matter_id,
    title: r.title,
    body: r.body,
    unitId: r.unit_id,
    userId: r.user_id,
    readAt: r.read_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

function toEvent(r: NotificationRow): LiveEvent {
  return {
    id: r.id,
    unitId: r.unit_id,
    userId: r.user_id,
    kind: r.kind,
    matterId: r.matter_id,
    title: r.title,
  };
}

function recipientOf(actor: Actor): Recipient {
  return { userId: actor.userId, unitId: actor.unitId };
}

/** Same expiry rules as the authenticator, but read-only: an open tab must not keep a session alive. */
async function isSessionLive(db: Queryable, actor: Actor, now: Date): Promise<boolean> {
  const s = await findStreamSession(db, actor.sessionId);
  if (s === undefined) {
    return false;
  }
  const parsed = ZSecuritySettings.safeParse({ ...DEFAULT_SECURITY, ...(s.settings ?? {}) });
  const cfg = parsed.success ? parsed.data : DEFAULT_SECURITY;
  const t = now.getTime();
  return (
    t - s.last_seen_at.getTime() <= cfg.idleMinutes * 60_000 &&
    t - s.created_at.getTime() <= cfg.absoluteHours * 3_600_000 &&
    s.status === 'active' &&
    s.stage === 'active' &&
    s.user_id === actor.userId &&
    s.unit_id === actor.unitId
  );
}

function parseLastEventId(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,15}$/.test(value)) {
    return null;
  }
  return Number(value);
}

/** One open text/event-stream: writes frames until it ends, once, for whatever reason. */
class EventStream {
  private readonly raw: ServerResponse;
  private readonly cleanups: (() => void)[] = [];
  private done = false;
  /** A session check is in flight (a slow database must not pile them up). */
  checking = false;

  constructor(raw: ServerResponse) {
    this.raw = raw;
    raw.on('close', () => {
      this.end();
    });
    raw.on('error', () => {
      this.end();
    });
  }

  onEnd(fn: () => void): void {
    this.cleanups.push(fn);
  }

  write(chunk: string): void {
    if (this.done) {
      return;
    }
    this.raw.write(chunk);
    if (this.raw.writableLength > MAX_BUFFERED_BYTES) {
      this.end();
    }
  }

  end(): void {
    if (this.done) {
      return;
    }
    this.done = true;
    for (const fn of this.cleanups) {
      fn();
    }
    this.raw.end();
  }
}

async function heartbeat(stream: EventStream, deps: AppDeps, actor: Actor): Promise<void> {
  stream.write(': ping\n\n');
  if (stream.checking) {
    return;
  }
  stream.checking = true;
  try {
    if (!(await isSessionLive(deps.db, actor, deps.clock.now()))) {
      stream.end();
    }
  } catch (err) {
    // a database hiccup is no reason to drop every stream; the next beat checks again
    deps.log.warn({ err }, 'notification stream: session check failed');
  } finally {
    stream.checking = false;
  }
}

/**
 * Server-Sent Events: takes the socket over from Fastify and returns at once, holding no database
 * connection; events come from the live bus, filtered here to the caller's unit and user.
 */
async function openStream(ctx: RequestCtx, o: StreamOptions): Promise<undefined> {
  const actor = ctx.me();
  const { deps, reply } = ctx;
  const headers = reply.request.headers;
  // without this a plain GET (or inject() in tests) would hang on a response that never ends
  if (!(headers.accept ?? '').includes('text/event-stream')) {
    throw new AppError('request.invalid', {
      fields: [
        { path: 'accept', code: 'accept', message: '消息推送须以 Accept: text/event-stream 订阅' },
      ],
    });
  }
  const me = recipientOf(actor);
  const lastId = parseLastEventId(headers['last-event-id']);
  reply.hijack();
  // hijacked replies skip the onSend hooks, so the API's security headers are set here
  reply.raw.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    'X-Accel-Buffering': 'no',
    'X-Content-Type-Options': 'nosniff',
  });
  const stream = new EventStream(reply.raw);
  // ids already sent, kept only while the replay runs (a live event may overtake it)
  let replayed: Set<number> | null = new Set();
  const send = (ev: LiveEvent): void => {
    if (replayed?.has(ev.id) === true) {
      return;
    }
    replayed?.add(ev.id);
    stream.write(`id: ${ev.id}\nevent: notification\ndata: ${JSON.stringify(ev)}\n\n`);
  };
  const unsubscribe = deps.live.subscribe(
    (ev) => {
      if (isAddressedTo(ev, me)) {
        send(ev);
      }
    },
    () => {
      stream.end();
    },
  );
  const timer = setInterval(() => void heartbeat(stream, deps, actor), o.heartbeatMs);
  stream.onEnd(() => {
    clearInterval(timer);
    unsubscribe();
  });
  if (reply.raw.socket === null || reply.raw.socket.destroyed) {
    // the client left before we got here, so no 'close' event will come
    stream.end();
  }
  // randomised retry spreads the reconnects after a restart or a listener gap
  stream.write(`retry: ${2000 + Math.floor(Math.random() * 3000)}\nevent: ready\ndata: {}\n\n`);
  if (lastId !== null) {
    try {
      for (const row of await listSince(deps.db, me, lastId, o.replayLimit)) {
        send(toEvent(row));
      }
    } catch (err) {
      deps.log.warn({ err }, 'notification stream: replay failed');
    }
  }
  replayed = null;
  return undefined;
}

export function buildNotificationRoutes(opts: Partial<StreamOptions> = {}): RouteDef[] {
  const o: StreamOptions = { ...DEFAULTS, ...opts };
  return [
    route(E['notifications.list'], async (ctx, { query }) => {
      const me = recipientOf(ctx.me());
      const rows = await listNotifications(ctx.tx, me, {
        unread: query.unread === 'true',
        limit: query.limit,
        after: query.after,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(present),
        nextCursor: rows.length > query.limit && last !== undefined ? String(last.id) : null,
        unreadCount: await countUnread(ctx.tx, me),
      };
    }),
    route(E['notifications.read'], async (ctx, { params }) => {
      const row = await markRead(ctx.tx, recipientOf(ctx.me()), params.id, ctx.clock.now());
      if (row === undefined) {
        throw notFound();
      }
      await ctx.audit({
        event: 'notifications.read',
        targetType: 'notification',
        targetId: row.id,
      });
      return present(row);
    }),
    route(E['notifications.readAll'], async (ctx, { body }) => {
      const me = recipientOf(ctx.me());
      const count = await markAllRead(ctx.tx, me, body.upTo, ctx.clock.now());
      await ctx.audit({
        event: 'notifications.read_all',
        targetType: 'notification',
        details: { count, upTo: body.upTo },
      });
      return { count, unreadCount: await countUnread(ctx.tx, me) };
    }),
    route(E['notifications.stream'], (ctx) => openStream(ctx, o), { transaction: false }),
  ];
}

export const notificationRoutes: RouteDef[] = buildNotificationRoutes();
