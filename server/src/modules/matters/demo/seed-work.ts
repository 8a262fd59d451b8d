import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Config } from '../../../core/config.ts';
import type { FieldCipher } from '../../../core/crypto.ts';
import type { Db } from '../../../core/db/db.ts';
import { sql } from '../../../core/db/sql.ts';
import { seedDemoMatters } from './seed-matters.ts';

/**
 * Fills a fresh demo county with matters once: a separate app instance on a clock that walks
 * through the last weeks drives the real API; the rows are then marked as demo data.
 */
export async function seedDemoWork(o: {
  db: Db;
  config: Config;
  cipher: FieldCipher;
  migration: number;
}): Promise<number> {
  const done = await o.db.query(sql`SELECT 1 FROM setting WHERE key = 'demo_matters_seeded'`);
  if (done.length > 0) {
    return 0;
  }
  const clock = new ManualClock(new Date());
  const { app } = await buildApp({ ...o, clock, config: { ...o.config, logLevel: 'warn' } });
  try {
    await app.ready();
    const made = await seedDemoMatters(app, o.db, clock);
    await o.db.query(sql`UPDATE matter SET is_demo = true WHERE code LIKE '130435-%'`);
    await o.db.query(
      sql`INSERT INTO setting (key, value) VALUES ('demo_matters_seeded', ${JSON.stringify({ count: made })}::jsonb)`,
    );
    return made;
  } finally {
    await app.close();
  }
}
