import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from './app.ts';
import { createLiveBus } from './core/live.ts';
import { startInactivityJob } from './modules/users/inactivity.ts';
import { startSweeper } from './modules/matters/sweeper.ts';
import { drainOutbox, LoggingSmsProvider } from './modules/notifications/sms.ts';
import { sealAudit } from './core/audit-chain.ts';
import { loadConfig } from './core/config.ts';
import { createFieldCipher } from './core/crypto.ts';
import { migrate } from './core/db/migrate.ts';
import { openDatabase } from './core/db/open.ts';
import { loadFieldKey } from './core/keys.ts';
import { ensureBootstrapAdmin } from './modules/users/bootstrap.ts';
import { seedDemoCounty } from './modules/org/demo/seed.ts';
import { seedDemoWork } from './modules/matters/demo/seed-work.ts';

/** Starts the platform: database, migrations, demo data or bootstrap admin, HTTP, audit sealer. */
export async function startServer(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  const migration = await migrate(db);
  const cipher = createFieldCipher(await loadFieldKey(config));
  let sealing: Promise<unknown> = Promise.resolve();
  const seal = (): void => {
    sealing = sealing
      .then(() => sealAudit(db, config.auditCheckpointFile))
      .catch((err: unknown) => {
        console.error('audit sealer:', err);
      });
  };
  const live = await createLiveBus(db, config.databaseUrl);
  const { app, deps } = await buildApp({
    db,
    config,
    cipher,
    migration,
    onAuditCommitted: seal,
    live,
  });
  const sms = new LoggingSmsProvider(app.log);
  let draining: Promise<unknown> = Promise.resolve();
  const drain = (): void => {
    draining = draining
      .then(() => drainOutbox(db, sms, deps.clock.now(), { log: app.log }))
      .catch((err: unknown) => {
        console.error('outbox:', err);
      });
  };
  const outboxTimer = setInterval(drain, 10_000);
  outboxTimer.unref();
  const banner: string[] = [];
  if (config.mode === 'production') {
    banner.push(...(await ensureBootstrapAdmin(deps)));
  } else {
    banner.push(...(await seedDemoCounty(deps)));
    const made = await seedDemoWork({ db, config, cipher, migration });
    if (made > 0) {
      banner.push(`已生成 ${made} 件演示事项（近 40 天，经真实接口登记和流转）`);
    }
  }
  seal();
  const stopSweeper = startSweeper(db, 60_000, deps.clock, live);
  // A8: idle accounts are disabled hourly (the audit rows are sealed like any other)
  const stopInactivity = startInactivityJob(db, deps.clock, 3_600_000, seal);
  const timer = setInterval(seal, 5000);
  timer.unref();
  const address = await app.listen({ port: config.port, host: config.host });
  const pidFile = path.join(config.dataDir, 'server.pid');
  if (db.kind === 'pglite') {
    // tells the command-line tools that this process holds the embedded database
    await writeFile(pidFile, String(process.pid));
  }
  const url = address.replace('[::1]', 'localhost');
  console.log(
    `\n枫桥 Fengqiao ${deps.info.version} (${config.mode}, ${db.kind}, migration ${migration})`,
  );
  console.log(`  ${url}/            ${config.apiDocs ? `API docs: ${url}/docs` : ''}`);
  for (const line of banner) {
    console.log(line);
  }
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    clearInterval(outboxTimer);
    // ends the open notification streams first; app.close() would otherwise wait for them
    stopInactivity();
    await stopSweeper();
    await live.close();
    await app.close();
    await sealing;
    await draining;
    await db.close();
    await rm(pidFile, { force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
