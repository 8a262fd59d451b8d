import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { createInProcessBus } from '../../core/live.ts';
import { notify } from '../../core/notify.ts';
import { TREE } from '../../testing/factories.ts';
import { testEngine } from '../../testing/test-db.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { drainOutbox, LoggingSmsProvider, type SmsProvider } from './sms.ts';

let t: TestApp;
let unitId: number;
beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  unitId = t.f.center(TREE.T1);
  // each test starts from an empty outbox, so counts below are exact
  await t.db.query(sql`DELETE FROM outbox`);
});
afterAll(async () => {
  await t.close();
});

const live = createInProcessBus({ warn: () => undefined, info: () => undefined });

async function queue(n: number, phone = '13912345678'): Promise<string[]> {
  const texts: string[] = [];
  await t.db.transaction(async (tx) => {
    for (let i = 0; i < n; i += 1) {
      const text = `【枫桥】第${String(i)}条提醒 ${String(Math.random())}`;
      texts.push(text);
      await notify(
        { tx, live, clock: t.clock },
        { unitId, kind: 'test', title: text, sms: { phone, text } },
      );
    }
  });
  return texts;
}

function recorder(fail?: (text: string) => Error | null): SmsProvider & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(_phone, text) {
      // yield, so concurrent drainers really interleave between claim and mark
      await new Promise((r) => setImmediate(r));
      const err = fail?.(text) ?? null;
      if (err !== null) {
        throw err;
      }
      sent.push(text);
    },
  };
}

async function clearOutbox(): Promise<void> {
  await t.db.query(sql`DELETE FROM outbox`);
}

describe('SMS outbox', () => {
  it('sends each pending row once, marks sent_at and keeps only a masked number', async () => {
    await clearOutbox();
    const texts = await queue(3);
    const provider = recorder();
    const now = t.clock.now();
    expect(await drainOutbox(t.db, provider, now)).toEqual({ sent: 3, failed: 0 });
    expect(provider.sent).toEqual(texts);
    const rows = await t.db.query<{ sent_at: Date; attempts: number; phone: string }>(
      sql`SELECT sent_at, attempts, payload->>'phone' AS phone FROM outbox ORDER BY id`,
    );
    expect(rows).toEqual(texts.map(() => ({ sent_at: now, attempts: 1, phone: '139****5678' })));
    expect(await drainOutbox(t.db, provider, now)).toEqual({ sent: 0, failed: 0 });
    expect(provider.sent.length).toBe(3);
  });

  it('counts a failed send with its error (number masked) and retries it on the next run', async () => {
    await clearOutbox();
    await queue(1);
    let failNext = true;
    const provider = recorder(() => {
      if (!failNext) {
        return null;
      }
      failNext = false;
      return new Error('gateway rejected 13912345678: quota');
    });
    expect(await drainOutbox(t.db, provider, t.clock.now())).toEqual({ sent: 0, failed: 1 });
    const failed = await t.db.query<{ attempts: number; last_error: string; phone: string }>(
      sql`SELECT attempts, last_error, payload->>'phone' AS phone FROM outbox`,
    );
    expect(failed).toEqual([
      { attempts: 1, last_error: 'gateway rejected 139****5678: quota', phone: '13912345678' },
    ]);
    expect(await drainOutbox(t.db, provider, t.clock.now())).toEqual({ sent: 1, failed: 0 });
    const done = await t.db.query<{ attempts: number; last_error: string | null }>(
      sql`SELECT attempts, last_error FROM outbox`,
    );
    expect(done).toEqual([{ attempts: 2, last_error: null }]);
  });

  it('gives a row up after maxAttempts and scrubs its number', async () => {
    await clearOutbox();
    await queue(1);
    const provider = recorder(() => new Error('down'));
    for (let i = 0; i < 3; i += 1) {
      await drainOutbox(t.db, provider, t.clock.now(), { maxAttempts: 3 });
    }
    expect(await drainOutbox(t.db, provider, t.clock.now(), { maxAttempts: 3 })).toEqual({
      sent: 0,
      failed: 0,
    });
    const rows = await t.db.query<{ attempts: number; sent_at: Date | null; phone: string }>(
      sql`SELECT attempts, sent_at, payload->>'phone' AS phone FROM outbox`,
    );
    expect(rows).toEqual([{ attempts: 3, sent_at: null, phone: '139****5678' }]);
  });

  it('sends every row exactly once with two drainers running at the same time', async () => {
    await clearOutbox();
    const texts = await queue(40);
    const provider = recorder();
    // on PostgreSQL a second pool stands for a second process; PGlite serialises on its one connection
    const second =
      testEngine() === 'postgresql'
        ? createDb('postgresql', new pg.Pool({ ...t.db.pool.options, max: 2 }))
        : t.db;
    try {
      const [a, b] = await Promise.all([
        drainOutbox(t.db, provider, t.clock.now()),
        drainOutbox(second, provider, t.clock.now()),
      ]);
      expect(a.sent + b.sent).toBe(40);
      expect([...provider.sent].sort()).toEqual([...texts].sort());
      const pending = await t.db.query(sql`SELECT id FROM outbox WHERE sent_at IS NULL`);
      expect(pending).toEqual([]);
    } finally {
      if (second !== t.db) {
        await second.close();
      }
    }
  });

  it('the logging provider logs a masked number and the length, never the number or the text', async () => {
    const lines: string[] = [];
    const log = {
      info: (obj: object, msg: string) => lines.push(`${msg} ${JSON.stringify(obj)}`),
      warn: (obj: object, msg: string) => lines.push(`${msg} ${JSON.stringify(obj)}`),
    };
    await new LoggingSmsProvider(log).send('13912345678', '您的事项已受理');
    expect(lines.join('\n')).toContain('139****5678');
    expect(lines.join('\n')).not.toContain('13912345678');
    expect(lines.join('\n')).not.toContain('您的事项已受理');
    expect(lines.join('\n')).toContain('"length":7');
  });
});
