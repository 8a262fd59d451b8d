// The reference: pgbench's built-in TPC-B-like script on the same PostgreSQL server in the same
// run, at the same client counts as the intake benchmark (default settings, synchronous commit).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { onServer, withDatabase } from '../lib/db.ts';

const run = promisify(execFile);
export const PGBENCH_DB = 'fq_bench_pgbench';
const PGBENCH_SCALE = 10;

function connArgs(url: string): string[] {
  const u = new URL(url);
  return [
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
  ];
}

function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return u.password ? { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } : process.env;
}

export async function pgbenchAvailable(): Promise<boolean> {
  try {
    await run('pgbench', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** Creates and initialises the pgbench database (scale 10: 1 M accounts, ≈160 MB). */
export async function initPgbench(serverUrl: string): Promise<void> {
  await onServer(serverUrl, async (db) => {
    await db.pool.query(`DROP DATABASE IF EXISTS ${PGBENCH_DB} WITH (FORCE)`);
    await db.pool.query(`CREATE DATABASE ${PGBENCH_DB}`);
  });
  await run(
    'pgbench',
    [...connArgs(serverUrl), '-i', '-q', '-s', String(PGBENCH_SCALE), PGBENCH_DB],
    {
      env: pgEnv(serverUrl),
    },
  );
}

export async function dropPgbench(serverUrl: string): Promise<void> {
  await onServer(serverUrl, async (db) => {
    await db.pool.query(`DROP DATABASE IF EXISTS ${PGBENCH_DB} WITH (FORCE)`);
  });
}

/** TPS (excluding connection time) of `clients` clients for `seconds`. */
export async function tpcb(serverUrl: string, clients: number, seconds: number): Promise<number> {
  const { stdout } = await run(
    'pgbench',
    [
      ...connArgs(withDatabase(serverUrl, PGBENCH_DB)),
      '-n',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, 2)),
      '-T',
      String(seconds),
      PGBENCH_DB,
    ],
    { env: pgEnv(serverUrl) },
  );
  const m =
    /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(
      stdout,
    );
  if (m === null) {
    throw new Error(`unexpected pgbench output:\n${stdout}`);
  }
  return Number(m[1]);
}
