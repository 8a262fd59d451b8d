import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../core/config.ts';
import type { Db } from '../core/db/db.ts';
import { openDatabase } from '../core/db/open.ts';

/**
 * Opens the configured database for a command-line tool. The embedded PGlite allows one process
 * per data folder, so the tools refuse while the server holds it (its pid file is live).
 */
export async function openForCli(): Promise<{ db: Db; config: Config }> {
  const config = loadConfig();
  if (config.databaseUrl === null) {
    const pidFile = path.join(config.dataDir, 'server.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8'));
      let alive: boolean;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (alive) {
        throw new Error(
          `the server (pid ${pid}) is using ${config.dataDir}; stop it first (the embedded database allows one process)`,
        );
      }
    }
  }
  return { db: await openDatabase(config), config };
}

export async function runCli(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
