// Runs PGlite on its own thread and serves it over the PostgreSQL wire protocol on a unix
// socket, so a slow query never blocks the web server's event loop (PGlite executes on the
// thread that calls it).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface WorkerInput {
  dataDir: string | null;
  socketPath: string;
  loadFrom: string | null;
}

const input = workerData as WorkerInput;
function requirePort(): NonNullable<typeof parentPort> {
  if (parentPort === null) {
    throw new Error('pglite-worker must run as a worker thread');
  }
  return parentPort;
}
const port = requirePort();

async function main(): Promise<void> {
  const fs = await import('node:fs/promises');
  const loadDataDir =
    input.loadFrom === null ? undefined : new Blob([await fs.readFile(input.loadFrom)]);
  const db = await PGlite.create({
    ...(input.dataDir === null ? {} : { dataDir: input.dataDir }),
    ...(loadDataDir === undefined ? {} : { loadDataDir }),
  });
  // The pool uses one client at a time, but node-postgres replaces a client after any query error
  // and the old socket may still be closing when the new one connects: allow a few sockets.
  // pglite-socket's queue keeps a transaction's statements together by connection.
  const server = new PGLiteSocketServer({
    db,
    path: input.socketPath,
    maxConnections: 8,
    debug: process.env.PGLITE_DEBUG === '1',
  });
  await server.start();
  port.on('message', (msg: { type: string; file?: string }) => {
    void (async () => {
      if (msg.type === 'dump' && msg.file !== undefined) {
        const blob = await db.dumpDataDir('none');
        await fs.writeFile(msg.file, Buffer.from(await blob.arrayBuffer()));
        port.postMessage({ type: 'dumped' });
      } else if (msg.type === 'close') {
        await server.stop();
        await db.close();
        port.postMessage({ type: 'closed' });
      }
    })();
  });
  port.postMessage({ type: 'ready' });
}

main().catch((err: unknown) => {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
});
