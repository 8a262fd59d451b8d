// The server process of the intake benchmark: the product's buildApp on the bench database with
// the audit sealer wired as server.ts wires it, listening on a free port. Started by intake.ts;
// prints `READY <port>` and stops on SIGTERM. Production mode, so the cookie, hashing and
// logging paths are the production ones (LOG_LEVEL=warn keeps per-request logs out).
import { buildApp } from '@fengqiao/server/app.ts';
import { sealAudit } from '@fengqiao/server/core/audit-chain.ts';
import { loadConfig } from '@fengqiao/server/core/config.ts';
import { createFieldCipher, parseKey } from '@fengqiao/server/core/crypto.ts';
import { currentMigration } from '@fengqiao/server/core/db/migrate.ts';
import { openPostgres } from '@fengqiao/server/core/db/postgres.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl === null || config.key === null) {
    throw new Error('DATABASE_URL and FENGQIAO_KEY are required');
  }
  const db = openPostgres(config.databaseUrl);
  let sealing: Promise<unknown> = Promise.resolve();
  const seal = (): void => {
    sealing = sealing
      .then(() => sealAudit(db, config.auditCheckpointFile))
      .catch((err: unknown) => {
        console.error('audit sealer:', err);
      });
  };
  const { app } = await buildApp({
    db,
    config,
    cipher: createFieldCipher(parseKey(config.key)),
    migration: await currentMigration(db),
    onAuditCommitted: seal,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(`READY ${port}`);
  process.once('SIGTERM', () => {
    void (async () => {
      await app.close();
      await sealing;
      await db.close();
      process.exit(0);
    })();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
