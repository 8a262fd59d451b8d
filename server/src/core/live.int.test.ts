import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testEngine } from '../testing/test-db.ts';
import { createDb, type Db } from './db/db.ts';
import { sql } from './db/sql.ts';
import {
  createInProcessBus,
  createLiveBus,
  createPgLiveBus,
  LIVE_CHANNEL,
  type LiveBus,
  type LiveEvent,
} from './live.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});

const QUIET = { warn: () => undefined, info: () => undefined };

function event(id: number, title = `消息${String(id)}`): LiveEvent {
  return { id, unitId: 7, userId: null, kind: 'test', matterId: null, title };
}

/** Resolves with the first event a subscriber sees that matches; the subscription then ends. */
function nextEvent(bus: LiveBus, match: (ev: LiveEvent) => boolean): Promise<LiveEvent> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(new Error('no live event arrived'));
    }, 10_000);
    const off = bus.subscribe((ev) => {
      if (match(ev)) {
        clearTimeout(guard);
        off();
        resolve(ev);
      }
    });
  });
}

describe('in-process live bus (embedded PGlite: one process)', () => {
  it('delivers each event to every subscriber, after publish returns', async () => {
    const bus = createInProcessBus(QUIET);
    const a: number[] = [];
    const b: number[] = [];
    bus.subscribe((ev) => a.push(ev.id));
    bus.subscribe((ev) => b.push(ev.id));
    bus.publish(event(1));
    expect(a).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(a).toEqual([1]);
    expect(b).toEqual([1]);
    await bus.close();
  });

  it('keeps delivering to the others when one subscriber throws, and stops after unsubscribe', async () => {
    const bus = createInProcessBus(QUIET);
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('broken tab');
    });
    const off = bus.subscribe((ev) => seen.push(ev.id));
    bus.publish(event(1));
    await new Promise((r) => setImmediate(r));
    off();
    bus.publish(event(2));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([1]);
    await bus.close();
  });

  it('interrupts every subscriber on close, so open streams end and the server can stop', async () => {
    const bus = createInProcessBus(QUIET);
    let interrupted = 0;
    bus.subscribe(
      () => undefined,
      () => {
        interrupted += 1;
      },
    );
    bus.subscribe(
      () => undefined,
      () => {
        interrupted += 1;
      },
    );
    await bus.close();
    expect(interrupted).toBe(2);
  });
});

describe('createLiveBus', () => {
  it('picks LISTEN/NOTIFY on PostgreSQL and the in-process bus on PGlite', async () => {
    const url = db.pool.options.connectionString ?? null;
    const bus = await createLiveBus(db, url, QUIET);
    // the round trip works either way; which path it took shows in pg_stat_activity below
    const got = nextEvent(bus, (ev) => ev.id === 41);
    bus.publish(event(41));
    expect(await got).toEqual(event(41));
    if (testEngine() === 'postgresql') {
      const listeners = await db.query(sql`
        SELECT 1 FROM pg_stat_activity
        WHERE application_name = 'fengqiao-live' AND datname = current_database()`);
      expect(listeners.length).toBe(1);
    }
    await bus.close();
  });
});

const serverOnly = testEngine() === 'postgresql';
if (!serverOnly) {
  console.log(
    'skipped on PGlite (PostgreSQL-only: LISTEN/NOTIFY across several connections and processes); set TEST_DATABASE_URL to run it',
  );
}

describe.skipIf(!serverOnly)('PostgreSQL live bus across processes (PostgreSQL-only)', () => {
  it('delivers an event published by one process to the subscribers of another', async () => {
    // a second pool and a second listener stand for a second server process
    const other = createDb('postgresql', new pg.Pool({ ...db.pool.options, max: 2 }));
    const busA = await createPgLiveBus(db, db.pool.options, { log: QUIET });
    const busB = await createPgLiveBus(other, db.pool.options, { log: QUIET });
    try {
      const atB = nextEvent(busB, (ev) => ev.id === 101);
      const atA = nextEvent(busA, (ev) => ev.id === 101);
      busA.publish(event(101, '跨进程'));
      expect(await atB).toEqual(event(101, '跨进程'));
      // the publisher's own subscribers hear it through PostgreSQL too, exactly once
      expect(await atA).toEqual(event(101, '跨进程'));
      const back = nextEvent(busA, (ev) => ev.id === 102);
      busB.publish(event(102));
      expect(await back).toEqual(event(102));
    } finally {
      await busA.close();
      await busB.close();
      await other.close();
    }
  });

  it('ignores foreign or malformed payloads on the channel', async () => {
    const bus = await createPgLiveBus(db, db.pool.options, { log: QUIET });
    try {
      const seen: number[] = [];
      bus.subscribe((ev) => seen.push(ev.id));
      const valid = nextEvent(bus, (ev) => ev.id === 202);
      await db.query(sql`SELECT pg_notify(${LIVE_CHANNEL}, 'not json')`);
      await db.query(sql`SELECT pg_notify(${LIVE_CHANNEL}, '{"id":"x"}')`);
      bus.publish(event(202));
      await valid;
      expect(seen).toEqual([202]);
    } finally {
      await bus.close();
    }
  });

  it('truncates a long title so the NOTIFY payload stays under 8000 bytes', async () => {
    const bus = await createPgLiveBus(db, db.pool.options, { log: QUIET });
    try {
      const got = nextEvent(bus, (ev) => ev.id === 303);
      bus.publish(event(303, '长'.repeat(5000)));
      expect((await got).title).toBe('长'.repeat(100));
    } finally {
      await bus.close();
    }
  });

  it('reconnects after its listening connection is killed, and interrupts subscribers so they replay', async () => {
    const bus = await createPgLiveBus(db, db.pool.options, {
      log: QUIET,
      minBackoffMs: 10,
      maxBackoffMs: 100,
    });
    try {
      const interrupted = new Promise<void>((resolve) => {
        bus.subscribe(() => undefined, resolve);
      });
      await db.query(sql`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'fengqiao-live' AND datname = current_database()`);
      await interrupted;
      const got = nextEvent(bus, (ev) => ev.id === 404);
      bus.publish(event(404));
      expect(await got).toEqual(event(404));
    } finally {
      await bus.close();
    }
  });
});
