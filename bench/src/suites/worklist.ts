// Worklists (工作台) through GET /api/matters and GET /api/matters/worklists: every box, the
// list filters and sorts the API offers, keyset pages, for staff of a village, township, county,
// city and province center and of a department. Target: p99 < 20 ms at 10 M matters.
import type { Db } from '@fengqiao/server/core/db/db.ts';
import type { BenchApp } from '../lib/app.ts';
import { scopeRegions, staffAt, type ScopeActors } from '../lib/actors.ts';
import type { Row } from '../lib/report.ts';
import { load1, repeat, summarize } from '../lib/stats.ts';

interface Case {
  scope: string;
  name: string;
  url: string;
  /** Follow the first page's cursor and time the second page. */
  page2?: boolean;
}

function isoDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function worklistCases(anchor: Date): Case[] {
  const last30 = `from=${isoDay(anchor.getTime() - 30 * 86_400_000)}&to=${isoDay(anchor.getTime())}`;
  const boxes = ['to_accept', 'to_dispatch', 'to_verify', 'overdue', 'due_soon', 'supervised'];
  const center = (scope: string): Case[] => [
    { scope, name: 'all, newest', url: '/api/matters' },
    { scope, name: 'all, page 2', url: '/api/matters', page2: true },
    ...boxes.map((b) => ({ scope, name: `box ${b}`, url: `/api/matters?box=${b}` })),
    { scope, name: 'filter type=dispute', url: '/api/matters?type=dispute' },
    { scope, name: 'filter status=handling', url: '/api/matters?status=handling' },
    { scope, name: 'filter category D01', url: '/api/matters?categoryCode=D01' },
    { scope, name: 'filter channel=hotline_12345', url: '/api/matters?channel=hotline_12345' },
    { scope, name: 'filter warning=red', url: '/api/matters?warning=red' },
    { scope, name: 'filter last 30 days', url: `/api/matters?${last30}` },
    { scope, name: 'sort due', url: '/api/matters?sort=due' },
    { scope, name: 'sort oldest', url: '/api/matters?sort=oldest' },
    { scope, name: 'worklist counts', url: '/api/matters/worklists' },
  ];
  return [
    ...center('village'),
    ...center('township'),
    ...center('county'),
    ...center('city'),
    ...center('province'),
    { scope: 'department', name: 'box to_sign', url: '/api/matters?box=to_sign' },
    { scope: 'department', name: 'box to_handle', url: '/api/matters?box=to_handle' },
    { scope: 'department', name: 'all, newest', url: '/api/matters' },
    { scope: 'department', name: 'worklist counts', url: '/api/matters/worklists' },
  ];
}

/** Logged-in sessions per scope kind (several actors each, used round-robin). */
export async function sessionsByScope(
  db: Db,
  app: BenchApp,
  regions: ScopeActors,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const add = async (scope: string, codes: string[], role: string, dept?: string) => {
    const cookies: string[] = [];
    for (const code of codes) {
      const id = await staffAt(db, code, role, dept);
      if (id !== null) {
        cookies.push(await app.login(id));
      }
    }
    if (cookies.length > 0) {
      out.set(scope, cookies);
    }
  };
  await add('village', regions.villages, 'dispatcher');
  await add('township', regions.townships, 'dispatcher');
  await add('county', regions.counties, 'dispatcher');
  await add('city', regions.cities, 'dispatcher');
  if (regions.province !== null) {
    await add('province', [regions.province], 'dispatcher');
  }
  await add('department', regions.counties, 'dept_handler', '公安');
  return out;
}

export async function apiLatency(
  app: BenchApp,
  cookies: string[],
  url: string,
  page2: boolean,
  budgetMs: number,
): Promise<{ samples: number[]; rows: number; error: string | null }> {
  let rows = 0;
  let error: string | null = null;
  const next = new Map<string, string | null>();
  if (page2) {
    for (const c of cookies) {
      const first = await app.get(url, c);
      const body = JSON.parse(first.body) as { nextCursor?: string | null };
      next.set(c, body.nextCursor ?? null);
    }
  }
  const samples = await repeat(
    async (i) => {
      const cookie = cookies[i % cookies.length] ?? '';
      const cursor = next.get(cookie);
      const u = page2 && cursor ? `${url}${url.includes('?') ? '&' : '?'}after=${cursor}` : url;
      const res = await app.get(u, cookie);
      if (res.status !== 200) {
        error ??= `${res.status} ${res.body.slice(0, 200)}`;
      } else if (rows === 0) {
        const body = JSON.parse(res.body) as { items?: unknown[] };
        rows = body.items?.length ?? Object.keys(body).length;
      }
    },
    { warmup: 1, iterations: 60, maxMs: budgetMs, minIterations: 3 },
  );
  return { samples, rows, error };
}

export async function runWorklists(
  db: Db,
  app: BenchApp,
  meta: { anchor: string; cityCodes: string[]; provinceCode: string },
  budgetMs: number,
  log: (s: string) => void,
  variant = 'current',
): Promise<Row[]> {
  const regions = await scopeRegions(db, meta.cityCodes, meta.provinceCode);
  const sessions = await sessionsByScope(db, app, regions);
  const rows: Row[] = [];
  const baseline = sessions.get('township')?.[0];
  if (baseline !== undefined && variant === 'current') {
    const s = await repeat(() => app.get('/api/me', baseline), {
      warmup: 3,
      iterations: 100,
      maxMs: 3000,
    });
    rows.push({
      suite: 'worklist',
      name: 'reference: GET /api/me (gate + session, no matter SQL)',
      engine: 'postgresql',
      stats: summarize(s),
      unit: 'ms',
      load: load1(),
    });
  }
  for (const c of worklistCases(new Date(meta.anchor))) {
    const cookies = sessions.get(c.scope);
    if (cookies === undefined) {
      continue;
    }
    const r = await apiLatency(app, cookies, c.url, c.page2 === true, budgetMs);
    const stats = summarize(r.samples);
    rows.push({
      suite: 'worklist',
      name: `${c.scope}: ${c.name}${variant === 'current' ? '' : ` [${variant}]`}`,
      engine: 'postgresql',
      stats,
      unit: 'ms',
      target: 'p99 < 20 ms',
      met: stats.p99 < 20,
      load: load1(),
      ...(r.error === null ? {} : { note: `error ${r.error}` }),
    });
    log(
      `  worklist ${variant} ${c.scope}: ${c.name}: p50 ${stats.p50} p99 ${stats.p99} ms (n ${stats.n})`,
    );
  }
  return rows;
}
