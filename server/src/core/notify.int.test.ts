import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { TREE } from '../testing/factories.ts';
import { sql } from './db/sql.ts';
import type { LiveBus, LiveEvent } from './live.ts';
import { notify } from './notify.ts';

let t: TestApp;
let unitId: number;
beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  unitId = t.f.center(TREE.T1);
});
afterAll(async () => {
  await t.close();
});

/** Records what would go out live, synchronously, so the test sees exactly when publish ran. */
function recordingBus(): LiveBus & { published: LiveEvent[] } {
  const published: LiveEvent[] = [];
  return {
    published,
    publish: (ev) => {
      published.push(ev);
    },
    subscribe: () => () => undefined,
    close: () => Promise.resolve(),
  };
}

class Rollback extends Error {}

async function countRows(table: 'notification' | 'outbox', title: string): Promise<number> {
  const rows =
    table === 'notification'
      ? await t.db.query<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM notification WHERE title = ${title}`,
        )
      : await t.db.query<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM outbox WHERE payload->>'text' = ${title}`,
        );
  return rows[0]?.n ?? 0;
}

describe('notify (in-app message + outbox, written with the change)', () => {
  it('writes the notification in the caller’s transaction and publishes only after COMMIT', async () => {
    const bus = recordingBus();
    let id = 0;
    await t.db.transaction(async (tx) => {
      id = await notify(
        { tx, live: bus, clock: t.clock },
        { unitId, kind: 'matter.dispatched', title: '收到新派遣事项', body: '请及时签收' },
      );
      const inside = await tx.query(sql`SELECT id FROM notification WHERE id = ${id}`);
      expect(inside).toEqual([{ id }]);
      // still inside the transaction: nothing may have been announced yet
      expect(bus.published).toEqual([]);
    });
    expect(bus.published).toEqual([
      {
        id,
        unitId,
        userId: null,
        kind: 'matter.dispatched',
        matterId: null,
        title: '收到新派遣事项',
      },
    ]);
    const row = await t.db.query<{ created_at: Date; body: string; read_at: Date | null }>(
      sql`SELECT created_at, body, read_at FROM notification WHERE id = ${id}`,
    );
    expect(row).toEqual([{ created_at: t.clock.now(), body: '请及时签收', read_at: null }]);
  });

  it('leaves no notification, no outbox row and no live event when the transaction rolls back', async () => {
    const bus = recordingBus();
    const title = `回滚消息${String(Date.now())}`;
    await expect(
      t.db.transaction(async (tx) => {
        await notify(
          { tx, live: bus, clock: t.clock },
          { unitId, kind: 'test', title, sms: { phone: '13800138000', text: title } },
        );
        throw new Rollback('the change failed after notify');
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(bus.published).toEqual([]);
    expect(await countRows('notification', title)).toBe(0);
    expect(await countRows('outbox', title)).toBe(0);
  });

  it('queues an SMS outbox row in the same transaction and keeps the phone out of the live event', async () => {
    const bus = recordingBus();
    const title = `短信消息${String(Date.now())}`;
    const user = await t.f.user({ roles: ['clerk'], regionCode: TREE.T1 });
    let id = 0;
    await t.db.transaction(async (tx) => {
      id = await notify(
        { tx, live: bus, clock: t.clock },
        {
          userId: user.id,
          unitId,
          kind: 'test',
          title,
          sms: { phone: '13800138000', text: title },
        },
      );
    });
    const outbox = await t.db.query<{ channel: string; payload: unknown; sent_at: Date | null }>(
      sql`SELECT channel, payload, sent_at FROM outbox WHERE payload->>'text' = ${title}`,
    );
    expect(outbox).toEqual([
      {
        channel: 'sms',
        payload: { phone: '13800138000', text: title, notificationId: id },
        sent_at: null,
      },
    ]);
    expect(JSON.stringify(bus.published)).not.toContain('13800138000');
    expect(bus.published).toEqual([
      { id, unitId, userId: user.id, kind: 'test', matterId: null, title },
    ]);
  });

  it('refuses a notification addressed to nobody', async () => {
    const bus = recordingBus();
    await expect(
      t.db.transaction((tx) =>
        notify({ tx, live: bus, clock: t.clock }, { kind: 'test', title: '无收件人' }),
      ),
    ).rejects.toThrow(/unitId or a userId/);
    expect(bus.published).toEqual([]);
  });

  it('reports a committed transaction as committed even if the bus throws', async () => {
    const throwing: LiveBus = {
      publish: () => {
        throw new Error('bus down');
      },
      subscribe: () => () => undefined,
      close: () => Promise.resolve(),
    };
    const title = `总线故障${String(Date.now())}`;
    await t.db.transaction((tx) =>
      notify({ tx, live: throwing, clock: t.clock }, { unitId, kind: 'test', title }),
    );
    expect(await countRows('notification', title)).toBe(1);
  });
});
