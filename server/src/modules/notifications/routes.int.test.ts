import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../core/clock.ts';
import { loadConfig } from '../../core/config.ts';
import { createFieldCipher, generateKey, parseKey } from '../../core/crypto.ts';
import type { Db } from '../../core/db/db.ts';
import { currentMigration } from '../../core/db/migrate.ts';
import { sql } from '../../core/db/sql.ts';
import type { AppDeps, RouteDef } from '../../core/http/context.ts';
import { createLiveBus, type LiveBus, type LiveEvent } from '../../core/live.ts';
import { notify, type NotifyInput } from '../../core/notify.ts';
import { ALL_ROUTES } from '../../routes.ts';
import { Factory, TREE, type TestUser } from '../../testing/factories.ts';
import { createTestDb } from '../../testing/test-db.ts';
import { buildNotificationRoutes } from './routes.ts';

/** Counts live subscriptions, so a test can see a stream unsubscribe when its client leaves. */
function countingBus(bus: LiveBus): LiveBus & { active: () => number } {
  let active = 0;
  return {
    active: () => active,
    publish: (ev) => {
      bus.publish(ev);
    },
    subscribe(fn, onInterrupt) {
      active += 1;
      const off = bus.subscribe(fn, onInterrupt);
      let once = false;
      return () => {
        if (!once) {
          once = true;
          active -= 1;
          off();
        }
      };
    },
    close: () => bus.close(),
  };
}

interface Harness {
  app: FastifyInstance;
  deps: AppDeps;
  db: Db;
  clock: ManualClock;
  f: Factory;
  live: ReturnType<typeof countingBus>;
  base: string;
  call(
    method: string,
    url: string,
    o?: { cookie?: string; body?: unknown },
  ): Promise<LightMyRequestResponse>;
}

/**
 * Like testing/test-app.ts, plus the notification routes, a live bus in deps and a real socket
 * (an SSE stream cannot be read through inject()). A short heartbeat lets session checks show.
 */
async function createHarness(): Promise<Harness> {
  const db = await createTestDb();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fq-ntf-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const quiet = { warn: () => undefined, info: () => undefined };
  const live = countingBus(
    await createLiveBus(db, db.pool.options.connectionString ?? null, quiet),
  );
  const routes: RouteDef[] = [
    ...ALL_ROUTES.filter((r) => !r.endpoint.id.startsWith('notifications.')),
    ...buildNotificationRoutes({ heartbeatMs: 50 }),
  ];
  const { app, deps } = await buildApp({
    db,
    config,
    cipher: createFieldCipher(parseKey(generateKey())),
    clock,
    migration: await currentMigration(db),
    routes,
  });
  // the handlers read the bus from deps (server.ts passes the real one in production)
  Object.assign(deps, { live });
  const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  const call: Harness['call'] = (method, url, o = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: o.cookie === undefined ? {} : { cookie: o.cookie },
      ...(o.body === undefined ? {} : { payload: o.body as string }),
    });
  const f = new Factory(deps, (method, url, o = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: o.cookie === undefined ? {} : { cookie: o.cookie },
      ...(o.body === undefined ? {} : { payload: o.body as string }),
      ...(o.ip === undefined ? {} : { remoteAddress: o.ip }),
    }),
  );
  return { app, deps, db, clock, f, live, base, call };
}

interface Frame {
  event: string;
  data: string;
  id: string | null;
  comment: string | null;
}

/** A minimal EventSource over fetch: reads frames one by one; null when the server ends it. */
class SseClient {
  readonly status: number;
  readonly contentType: string | null;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly abort: AbortController;
  private readonly decoder = new TextDecoder();
  private buffer = '';

  private constructor(res: Response, abort: AbortController) {
    if (res.body === null) {
      throw new Error('no body');
    }
    this.status = res.status;
    this.contentType = res.headers.get('content-type');
    this.reader = res.body.getReader();
    this.abort = abort;
  }

  static async open(base: string, cookie: string, lastEventId?: number): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(`${base}/api/notifications/stream`, {
      headers: {
        cookie,
        accept: 'text/event-stream',
        ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }),
      },
      signal: abort.signal,
    });
    return new SseClient(res, abort);
  }

  async next(): Promise<Frame | null> {
    for (;;) {
      const cut = this.buffer.indexOf('\n\n');
      if (cut >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        return parseFrame(block);
      }
      const chunk = await withGuard(this.reader.read());
      if (chunk.done) {
        return null;
      }
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** The next `event: notification`, skipping heartbeats; null if the stream ends first. */
  async nextNotification(): Promise<LiveEvent | null> {
    for (;;) {
      const frame = await this.next();
      if (frame === null) {
        return null;
      }
      if (frame.event === 'notification') {
        return JSON.parse(frame.data) as LiveEvent;
      }
    }
  }

  close(): void {
    this.abort.abort();
  }
}

function parseFrame(block: string): Frame {
  const frame: Frame = { event: 'message', data: '', id: null, comment: null };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      frame.comment = line.slice(1).trim();
    } else if (line.startsWith('event: ')) {
      frame.event = line.slice(7);
    } else if (line.startsWith('data: ')) {
      frame.data = line.slice(6);
    } else if (line.startsWith('id: ')) {
      frame.id = line.slice(4);
    }
  }
  return frame;
}

/** Fails a read that never comes instead of hanging the run (a guard, not a timing assertion). */
function withGuard<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error('stream stalled'));
    }, 10_000);
  });
  return Promise.race([p, guard]).finally(() => {
    clearTimeout(timer);
  });
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition never held');
}

let h: Harness;
let unitA: number;
let unitB: number;
let me: TestUser;
let colleague: TestUser;
let cookie: string;
beforeAll(async () => {
  h = await createHarness();
  await h.f.tree();
  unitA = h.f.center(TREE.T1);
  unitB = h.f.center(TREE.T2);
  me = await h.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
  colleague = await h.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
  cookie = await h.f.login(me);
});
afterAll(async () => {
  // closing the bus first ends open streams; otherwise app.close() waits on them
  await h.live.close();
  await h.app.close();
  await h.db.close();
});

async function send(n: NotifyInput): Promise<number> {
  return h.db.transaction((tx) => notify({ tx, live: h.live, clock: h.clock }, n));
}

interface Page {
  items: { id: number; title: string; readAt: string | null; userId: number | null }[];
  nextCursor: string | null;
  unreadCount: number;
}

describe('notifications.list and notifications.read', () => {
  it('lists the caller’s own and unit messages newest first, never another unit’s or a colleague’s personal one', async () => {
    const unit = await send({ unitId: unitA, kind: 'test', title: '本单位消息' });
    const mine = await send({ userId: me.id, unitId: unitA, kind: 'test', title: '本人消息' });
    const other = await send({ unitId: unitB, kind: 'test', title: '他单位消息' });
    const theirs = await send({
      userId: colleague.id,
      unitId: unitA,
      kind: 'test',
      title: '同事消息',
    });
    const res = await h.call('GET', '/api/notifications?limit=100', { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json<Page>().items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([unit, mine]));
    expect(ids).not.toContain(other);
    expect(ids).not.toContain(theirs);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('filters unread, pages with nextCursor and counts unread messages', async () => {
    const a = await send({ userId: me.id, kind: 'test', title: '分页一' });
    const b = await send({ userId: me.id, kind: 'test', title: '分页二' });
    const first = (
      await h.call('GET', '/api/notifications?unread=true&limit=1', { cookie })
    ).json<Page>();
    expect(first.items.map((i) => i.id)).toEqual([b]);
    expect(first.nextCursor).toBe(String(b));
    const second = (
      await h.call('GET', `/api/notifications?unread=true&limit=1&after=${String(b)}`, { cookie })
    ).json<Page>();
    expect(second.items.map((i) => i.id)).toEqual([a]);
    expect(first.unreadCount).toBeGreaterThanOrEqual(2);
  });

  it('marks a message read once, keeps the first read time, audits it and drops it from the unread list', async () => {
    const id = await send({ unitId: unitA, kind: 'test', title: '待读消息' });
    const before = (await h.call('GET', '/api/notifications?limit=100', { cookie })).json<Page>();
    const res = await h.call('POST', `/api/notifications/${String(id)}/read`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ readAt: string }>().readAt).toBe(h.clock.now().toISOString());
    h.clock.advance(60_000);
    const again = await h.call('POST', `/api/notifications/${String(id)}/read`, { cookie });
    expect(again.json<{ readAt: string }>().readAt).toBe(res.json<{ readAt: string }>().readAt);
    const after = (
      await h.call('GET', '/api/notifications?unread=true&limit=100', { cookie })
    ).json<Page>();
    expect(after.items.map((i) => i.id)).not.toContain(id);
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    const audit = await h.db.query(sql`
      SELECT 1 FROM audit_log WHERE event = 'notifications.read' AND target_id = ${String(id)} AND actor_id = ${me.id}`);
    expect(audit.length).toBe(2);
  });

  it('marks all read up to the newest seen: later, other units’ and colleagues’ messages stay unread', async () => {
    const seen = await send({ unitId: unitA, kind: 'test', title: '已看到的' });
    const theirs = await send({ userId: colleague.id, unitId: unitA, kind: 'test', title: '同事' });
    const other = await send({ unitId: unitB, kind: 'test', title: '他单位' });
    const later = await send({ userId: me.id, kind: 'test', title: '刚到的' });
    const res = await h.call('POST', '/api/notifications/read-all', {
      cookie,
      body: { upTo: other },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ count: number; unreadCount: number }>()).toMatchObject({ unreadCount: 1 });
    const unread = await h.db.query<{ id: number }>(sql`
      SELECT id FROM notification WHERE id IN (${seen}, ${theirs}, ${other}, ${later}) AND read_at IS NULL
      ORDER BY id`);
    expect(unread.map((r) => r.id)).toEqual([theirs, other, later]);
    const audit = await h.db.query(sql`
      SELECT 1 FROM audit_log WHERE event = 'notifications.read_all' AND actor_id = ${me.id}`);
    expect(audit.length).toBe(1);
  });

  it('answers 404 to reading another unit’s or a colleague’s personal message, and changes nothing', async () => {
    const other = await send({ unitId: unitB, kind: 'test', title: '他单位' });
    const theirs = await send({
      userId: colleague.id,
      unitId: unitA,
      kind: 'test',
      title: '同事的',
    });
    for (const id of [other, theirs, 999_999_999]) {
      const res = await h.call('POST', `/api/notifications/${String(id)}/read`, { cookie });
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json<{ code: string }>().code).toBe('resource.not_found');
    }
    const rows = await h.db.query(
      sql`SELECT 1 FROM notification WHERE id IN (${other}, ${theirs}) AND read_at IS NOT NULL`,
    );
    expect(rows).toEqual([]);
  });
});

describe('notifications.stream (Server-Sent Events)', () => {
  it('answers 401 without a session and 400 to a request that does not accept an event stream', async () => {
    expect((await h.call('GET', '/api/notifications/stream')).statusCode).toBe(401);
    const plain = await h.call('GET', '/api/notifications/stream', { cookie });
    expect(plain.statusCode, plain.body).toBe(400);
    expect(plain.json<{ code: string }>().code).toBe('request.invalid');
  });

  it('pushes a notification for the caller’s unit committed in another transaction, and not another unit’s', async () => {
    const stream = await SseClient.open(h.base, cookie);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      expect((await stream.next())?.event).toBe('ready');
      // another unit's and a colleague's go first; a probe on the same bus proves they went out
      const probe = new Promise<void>((resolve) => {
        const seen = new Set<string>();
        const off = h.live.subscribe((ev) => {
          seen.add(ev.title);
          if (seen.has('推给他单位') && seen.has('推给同事')) {
            off();
            resolve();
          }
        });
      });
      await send({ unitId: unitB, kind: 'test', title: '推给他单位' });
      await send({ userId: colleague.id, unitId: unitA, kind: 'test', title: '推给同事' });
      await probe;
      const id = await send({ unitId: unitA, kind: 'matter.dispatched', title: '推给本单位' });
      expect(await stream.nextNotification()).toEqual({
        id,
        unitId: unitA,
        userId: null,
        kind: 'matter.dispatched',
        matterId: null,
        title: '推给本单位',
      });
      const personal = await send({ userId: me.id, kind: 'test', title: '推给本人' });
      expect((await stream.nextNotification())?.id).toBe(personal);
    } finally {
      stream.close();
    }
  });

  it('replays messages after Last-Event-ID when a client reconnects', async () => {
    const before = await send({ unitId: unitA, kind: 'test', title: '断线前' });
    const missed1 = await send({ unitId: unitA, kind: 'test', title: '断线期间一' });
    const missed2 = await send({ userId: me.id, kind: 'test', title: '断线期间二' });
    await send({ unitId: unitB, kind: 'test', title: '断线期间他单位' });
    const stream = await SseClient.open(h.base, cookie, before);
    try {
      expect((await stream.next())?.event).toBe('ready');
      expect((await stream.nextNotification())?.id).toBe(missed1);
      expect((await stream.nextNotification())?.id).toBe(missed2);
    } finally {
      stream.close();
    }
  });

  it('unsubscribes from the bus when the client disconnects', async () => {
    // the streams of earlier tests were closed by their clients; let the server notice first
    await until(() => h.live.active() === 0);
    const stream = await SseClient.open(h.base, cookie);
    expect((await stream.next())?.event).toBe('ready');
    expect(h.live.active()).toBe(1);
    stream.close();
    await until(() => h.live.active() === 0);
  });

  it('sends heartbeat comments and ends the stream once the session is logged out', async () => {
    const user = await h.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    const session = await h.f.login(user);
    const stream = await SseClient.open(h.base, session);
    try {
      expect((await stream.next())?.event).toBe('ready');
      expect((await stream.next())?.comment).toBe('ping');
      const out = await h.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: session },
      });
      expect(out.statusCode, out.body).toBeLessThan(300);
      // frames until the end: heartbeats only, then the server closes the stream
      let frame = await stream.next();
      while (frame !== null) {
        expect(frame.comment).toBe('ping');
        frame = await stream.next();
      }
    } finally {
      stream.close();
    }
  });

  it('ends the stream when the user is moved to another unit', async () => {
    const user = await h.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    const session = await h.f.login(user);
    const stream = await SseClient.open(h.base, session);
    try {
      expect((await stream.next())?.event).toBe('ready');
      await h.db.query(sql`UPDATE app_user SET unit_id = ${unitB} WHERE id = ${user.id}`);
      expect(await stream.nextNotification()).toBeNull();
    } finally {
      stream.close();
    }
  });

  it('ends open streams when the bus closes, so the server can shut down', async () => {
    const quiet = { warn: () => undefined, info: () => undefined };
    const own = await createLiveBus(h.db, h.db.pool.options.connectionString ?? null, quiet);
    const saved = h.deps;
    const previous = (saved as AppDeps & { live: LiveBus }).live;
    Object.assign(saved, { live: own });
    const stream = await SseClient.open(h.base, cookie);
    try {
      expect((await stream.next())?.event).toBe('ready');
      await own.close();
      expect(await stream.nextNotification()).toBeNull();
    } finally {
      Object.assign(saved, { live: previous });
      stream.close();
    }
  });
});
