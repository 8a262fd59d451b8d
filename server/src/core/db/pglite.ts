import { Worker } from 'node:worker_threads';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from './db.ts';

export interface PgliteOptions {
  /** Folder on disk; null keeps the database in memory (tests). */
  dataDir: string | null;
  /** A data-dir tarball made by dumpPglite, to start from a migrated template quickly. */
  loadFrom?: string | null;
}

export interface PgliteDb extends Db {
  /** Writes a tarball of the data directory (used for test templates and backups). */
  dump(file: string): Promise<void>;
}

function waitFor(worker: Worker, type: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string; message?: string }): void => {
      if (msg.type === type) {
        cleanup();
        resolve();
      } else if (msg.type === 'error') {
        cleanup();
        reject(new Error(`PGlite worker: ${msg.message ?? 'unknown error'}`));
      }
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`PGlite worker exited with ${code}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
  });
}

export async function openPglite(opts: PgliteOptions): Promise<PgliteDb> {
  // A short private folder: unix socket paths are limited to ~100 bytes.
  const socketDir = await mkdtemp(path.join(tmpdir(), 'fq-pgl-'));
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), {
    workerData: {
      dataDir: opts.dataDir,
      socketPath: path.join(socketDir, '.s.PGSQL.5432'),
      loadFrom: opts.loadFrom ?? null,
    },
  });
  await waitFor(worker, 'ready');
  // PGlite is a single connection: one pooled client, so transactions serialize here.
  const pool = new pg.Pool({ host: socketDir, user: 'postgres', database: 'postgres', max: 1 });
  const db = createDb('pglite', pool, async () => {
    worker.postMessage({ type: 'close' });
    await waitFor(worker, 'closed').catch(() => undefined);
    await worker.terminate();
    await rm(socketDir, { recursive: true, force: true });
  });
  return {
    ...db,
    async dump(file: string) {
      worker.postMessage({ type: 'dump', file });
      await waitFor(worker, 'dumped');
    },
  };
}
