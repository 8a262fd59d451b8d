// The embedded default (PGlite in a worker thread): cold start of `node server/src/main.ts` on a
// fresh data folder (migrations + demo county) and on an existing one, resident memory, and
// intake through the HTTP API with the demo accounts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@fengqiao/server/modules/org/demo/accounts.ts';
import { REPO_DIR } from '../lib/env.ts';
import type { Row } from '../lib/report.ts';
import { load1 } from '../lib/stats.ts';
import { login, runIntake, type IntakeUser } from './intake.ts';

interface Started {
  child: ChildProcess;
  url: string;
  readyMs: number;
}

async function rssMiB(pid: number | undefined): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid ?? 0}/status`, 'utf8').catch(() => '');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

async function start(dataDir: string): Promise<Started> {
  const t0 = performance.now();
  // the embedded default: no DATABASE_URL at all
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: REPO_DIR,
    env: {
      ...env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/[\d.]+:\d+)\//.exec(out);
      if (m?.[1] !== undefined) {
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      reject(new Error(`server exited with ${code}: ${out.slice(-500)}`));
    });
  });
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url, readyMs: performance.now() - t0 };
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

interface DemoGrid {
  code: string;
  regionCode: string;
  bbox: [number, number, number, number] | null;
}

export async function runEmbedded(log: (s: string) => void, intakeSeconds: number): Promise<Row[]> {
  const rows: Row[] = [];
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fq-bench-embedded-'));
  try {
    const first = await start(dataDir);
    const mem1 = await rssMiB(first.child.pid);
    await stop(first);
    rows.push({
      suite: 'embedded',
      name: 'cold start, fresh data folder (PGlite init + migrations + demo county) to first /api/health',
      engine: 'pglite',
      value: Math.round(first.readyMs),
      unit: 'ms',
      load: load1(),
      note: `RSS ${mem1.rss} MiB at ready (peak ${mem1.hwm} MiB)`,
    });
    const again = await start(dataDir);
    const mem2 = await rssMiB(again.child.pid);
    rows.push({
      suite: 'embedded',
      name: 'cold start, existing data folder, to first /api/health',
      engine: 'pglite',
      value: Math.round(again.readyMs),
      unit: 'ms',
      load: load1(),
      note: `RSS ${mem2.rss} MiB at ready (peak ${mem2.hwm} MiB)`,
    });
    rows.push({
      suite: 'embedded',
      name: 'resident memory after start (server + PGlite worker, demo data)',
      engine: 'pglite',
      value: mem2.rss,
      unit: 'MiB',
      load: load1(),
    });
    log(
      `  embedded: fresh ${Math.round(first.readyMs)} ms, restart ${Math.round(again.readyMs)} ms, RSS ${mem2.rss} MiB`,
    );
    try {
      const grid = await login(again.url, 'grid', DEMO_PASSWORD);
      const me = (await (
        await fetch(`${again.url}/api/me`, { headers: { cookie: grid } })
      ).json()) as {
        unit: { regionCode: string };
      };
      const village = me.unit.regionCode;
      const list = (await (
        await fetch(`${again.url}/api/org/grids?regionCode=${village}`, {
          headers: { cookie: grid },
        })
      ).json()) as { items: DemoGrid[] };
      const grids = list.items
        .filter((g) => g.bbox !== null)
        .map((g) => {
          const [w, s, e, n] = g.bbox ?? [0, 0, 0, 0];
          return { code: g.code, w, s, e, n };
        });
      const user: IntakeUser = {
        id: 0,
        username: 'grid',
        kind: 'grid',
        regionCode: village,
        countyCode: village.slice(0, 6),
        grids,
        villages: [village],
      };
      for (const c of [1, 4]) {
        const r = await runIntake(
          again.url,
          [{ user, cookie: grid }],
          c,
          intakeSeconds,
          11,
          again.child.pid,
        );
        rows.push({
          suite: 'embedded',
          name: `intake via HTTP API (grid worker, point → grid), concurrency ${c}`,
          engine: 'pglite',
          value: r.perSecond,
          unit: 'matters/s',
          stats: r.latency,
          load: r.load,
          note: `${r.ok} ok, ${r.errors} errors${r.firstError === null ? '' : `: ${r.firstError}`}; CPU per matter: server + PGlite ${r.serverCpuMs ?? '?'} ms; RSS after ${(await rssMiB(again.child.pid)).rss} MiB`,
        });
        log(`  embedded intake c=${c}: ${r.perSecond}/s`);
      }
    } finally {
      await stop(again);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}
