// Intake through the HTTP API: POST /api/matters as a grid worker (point → grid lookup) or a
// township clerk (a dispute with parties), with session auth, zod validation, the workflow
// engine (clock, history), audit + sealer, notifications, search indexing and Idempotency-Key,
// on the product server (intake-server.ts) in its own process. Matters/s at each concurrency.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { matterText } from '../gen/texts.ts';
import { personName, phoneNumber } from '../gen/names.ts';
import { BENCH_PASSWORD } from '../gen/write-org.ts';
import { Rng } from '../lib/rng.ts';
import { summarize, load1, type Summary } from '../lib/stats.ts';

const SERVER = fileURLToPath(new URL('./intake-server.ts', import.meta.url));

export interface IntakeUser {
  id: number;
  username: string;
  kind: 'grid' | 'clerk';
  regionCode: string;
  countyCode: string;
  /** Grids of the user's village (grid workers) with their bounding boxes. */
  grids: { code: string; w: number; s: number; e: number; n: number }[];
  villages: string[];
}

/** Grid workers spread over villages (and counties), plus township clerks. */
export async function pickIntakeUsers(
  db: Db,
  n: number,
  countyCode?: string,
): Promise<IntakeUser[]> {
  const like = `${countyCode ?? ''}%`;
  const grid = await db.pool.query<{ id: number; username: string; region_code: string }>(
    `SELECT DISTINCT ON (u.region_code) u.id, u.username, u.region_code
     FROM app_user u JOIN user_role r ON r.user_id = u.id AND r.role = 'grid_worker'
     WHERE u.region_code LIKE $1 ORDER BY u.region_code, u.id`,
    [like],
  );
  const clerks = await db.pool.query<{ id: number; username: string; region_code: string }>(
    `SELECT DISTINCT ON (u.region_code) u.id, u.username, u.region_code
     FROM app_user u JOIN user_role r ON r.user_id = u.id AND r.role = 'clerk'
     WHERE length(u.region_code) = 9 AND u.region_code LIKE $1 ORDER BY u.region_code, u.id`,
    [like],
  );
  // round-robin over counties so concurrent requests spread like real traffic
  const spread = <T extends { region_code: string }>(rows: T[], k: number): T[] => {
    const byCounty = new Map<string, T[]>();
    rows.forEach((r, i) => {
      if (i % 7 === 0) {
        const c = r.region_code.slice(0, 6);
        byCounty.set(c, [...(byCounty.get(c) ?? []), r]);
      }
    });
    const lists = [...byCounty.values()];
    const out: T[] = [];
    for (let i = 0; out.length < k && i < 10_000; i++) {
      const list = lists[i % lists.length];
      const item = list?.[Math.floor(i / lists.length)];
      if (item !== undefined) {
        out.push(item);
      }
    }
    return out;
  };
  const nClerks = Math.max(1, Math.round(n / 4));
  const users: IntakeUser[] = [];
  for (const g of spread(grid.rows, n - nClerks)) {
    const grids = await db.pool.query<{
      code: string;
      min_lon: number;
      min_lat: number;
      max_lon: number;
      max_lat: number;
    }>(
      'SELECT code, min_lon, min_lat, max_lon, max_lat FROM grid WHERE region_code = $1 ORDER BY code',
      [g.region_code],
    );
    users.push({
      id: g.id,
      username: g.username,
      kind: 'grid',
      regionCode: g.region_code,
      countyCode: g.region_code.slice(0, 6),
      grids: grids.rows.map((x) => ({
        code: x.code,
        w: x.min_lon,
        s: x.min_lat,
        e: x.max_lon,
        n: x.max_lat,
      })),
      villages: [g.region_code],
    });
  }
  for (const c of spread(clerks.rows, nClerks)) {
    const v = await db.pool.query<{ code: string }>(
      'SELECT code FROM region WHERE parent_code = $1 ORDER BY code',
      [c.region_code],
    );
    users.push({
      id: c.id,
      username: c.username,
      kind: 'clerk',
      regionCode: c.region_code,
      countyCode: c.region_code.slice(0, 6),
      grids: [],
      villages: v.rows.map((x) => x.code),
    });
  }
  // bench accounts are old: renew their password date so the 等保 expiry does not stop the login
  await db.pool.query(
    'UPDATE app_user SET password_changed_at = now(), last_login_at = now(), status = $2 WHERE id = ANY($1)',
    [users.map((u) => u.id), 'active'],
  );
  await db.pool.query('DELETE FROM login_throttle WHERE username = ANY($1)', [
    users.map((u) => u.username),
  ]);
  return users;
}

export interface ServerHandle {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startServer(databaseUrl: string, key: string): Promise<ServerHandle> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fq-bench-srv-'));
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      FENGQIAO_KEY: key,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /READY (\d+)/.exec(buf);
      if (m) {
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`intake server exited with ${code}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function login(
  base: string,
  username: string,
  password = BENCH_PASSWORD,
): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { stage?: string; code?: string };
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fq_sid='));
  if (res.status !== 200 || cookie === undefined || body.stage !== 'active') {
    throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  }
  return cookie.split(';')[0] ?? '';
}

/** A registration body as the web form sends it. */
export function registerBody(u: IntakeUser, r: Rng): Record<string, unknown> {
  const village = r.pick(u.villages);
  if (u.kind === 'grid') {
    const g = r.pick(u.grids);
    const category = r.pick(['G4', 'G4', 'G0', 'G1', 'G2', 'G3', 'G6', 'U1']);
    const [title, description] = matterText(r, category, { village: '本村', township: '本镇' });
    return {
      type: 'grid_event',
      categoryCode: category,
      channel: 'grid_report',
      title,
      description,
      regionCode: village,
      point: { lon: g.w + (g.e - g.w) * r.next(), lat: g.s + (g.n - g.s) * r.next() },
      reporter: { name: personName(r), phone: phoneNumber(r) },
      acceptNow: r.chance(0.7),
    };
  }
  const category = r.pick(['D01', 'D00', 'D02', 'D12', 'D09']);
  const [title, description] = matterText(r, category, { village: '本村', township: '本镇' });
  return {
    type: 'dispute',
    categoryCode: category,
    channel: 'walk_in',
    title,
    description,
    regionCode: village,
    address: `${village.slice(-3)}号院`,
    reporter: { name: personName(r), phone: phoneNumber(r) },
    parties: [
      { role: 'applicant', name: personName(r), phone: phoneNumber(r) },
      { role: 'respondent', name: personName(r) },
    ],
    risk: r.pick(['blue', 'yellow']),
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere. */
export async function cpuSeconds(pid: number | undefined): Promise<number | null> {
  const stat = await readFile(`/proc/${pid ?? 0}/stat`, 'utf8').catch(() => null);
  if (stat === null) {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of every `postgres` process on this machine (server and backends), or null. */
export async function postgresCpuSeconds(): Promise<number | null> {
  const pids = await readdir('/proc').catch(() => null);
  if (pids === null) {
    return null;
  }
  let total = 0;
  for (const pid of pids.filter((p) => /^\d+$/.test(p))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (stat.includes('(postgres)')) {
      total += (await cpuSeconds(Number(pid))) ?? 0;
    }
  }
  return total;
}

export interface IntakeResult {
  concurrency: number;
  seconds: number;
  ok: number;
  errors: number;
  perSecond: number;
  latency: Summary;
  load: number;
  firstError: string | null;
  /** CPU ms per registered matter of the server process and of this (client) process. */
  serverCpuMs: number | null;
  clientCpuMs: number;
  /** CPU ms per matter of all postgres processes (includes other databases' work, if any). */
  postgresCpuMs: number | null;
}

/** `concurrency` loops POSTing registrations for `seconds`; each loop is one logged-in user. */
export async function runIntake(
  base: string,
  sessions: { user: IntakeUser; cookie: string }[],
  concurrency: number,
  seconds: number,
  seed: number,
  serverPid?: number,
): Promise<IntakeResult> {
  const cpu0 = await cpuSeconds(serverPid);
  const pg0 = await postgresCpuSeconds();
  const client0 = process.cpuUsage();
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  const loop = async (k: number): Promise<void> => {
    const s = sessions[k % sessions.length];
    if (s === undefined) {
      return;
    }
    const r = Rng.for(seed, `intake-${concurrency}`, k);
    for (let i = 0; performance.now() < end; i++) {
      const body = JSON.stringify(registerBody(s.user, r));
      const t0 = performance.now();
      const res = await fetch(`${base}/api/matters`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: s.cookie,
          'idempotency-key': `bench-${seed}-${concurrency}-${k}-${i}-${Math.round(start)}`,
        },
        body,
      });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      if (res.status === 201) {
        ok += 1;
      } else {
        errors += 1;
        firstError ??= `${res.status} ${text.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, k) => loop(k)));
  const elapsed = (performance.now() - start) / 1000;
  const cpu1 = await cpuSeconds(serverPid);
  const pg1 = await postgresCpuSeconds();
  const client = process.cpuUsage(client0);
  const per = (ms: number) => Math.round((ms / Math.max(1, ok)) * 100) / 100;
  return {
    concurrency,
    seconds: Math.round(elapsed * 10) / 10,
    ok,
    errors,
    perSecond: Math.round((ok / elapsed) * 10) / 10,
    latency: summarize(latencies),
    load: load1(),
    firstError,
    serverCpuMs: cpu0 === null || cpu1 === null ? null : per((cpu1 - cpu0) * 1000),
    clientCpuMs: per((client.user + client.system) / 1000),
    postgresCpuMs: pg0 === null || pg1 === null ? null : per((pg1 - pg0) * 1000),
  };
}
