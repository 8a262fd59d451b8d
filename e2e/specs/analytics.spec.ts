import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import type { Browser, Page, Response } from 'playwright-core';
import type { Server } from '../harness.ts';
import { capture, signIn, signOut, waitIdle } from './ui.ts';

export const name = 'analytics: dashboard, grid map, Excel export and the live bell';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Totals {
  intake: number;
  closed: number;
  closureRate: number | null;
  onTimeRate: number | null;
  overdue: number;
  satisfactionRate: number | null;
  reopens: number;
  localResolutionRate: number | null;
}
interface Dashboard {
  regionCode: string;
  totals: Totals;
  byRegion: { regionCode: string; name: string; intake: number }[];
  trend: { period: string }[];
}
interface Grid {
  code: string;
  regionCode: string;
  geometry?: unknown;
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const r = await page.request.get(new URL(path, page.url()).toString());
  if (!r.ok()) {
    throw new Error(`GET ${path}: ${String(r.status())} ${await r.text()}`);
  }
  return (await r.json()) as T;
}

async function postJson<T>(page: Page, path: string, body: unknown): Promise<T> {
  const r = await page.request.post(new URL(path, page.url()).toString(), {
    data: body,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  if (!r.ok()) {
    throw new Error(`POST ${path}: ${String(r.status())} ${await r.text()}`);
  }
  return (await r.json()) as T;
}

const rate = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Every tile shows the number the API gives for the very query the page sent. */
async function assertTilesMatch(page: Page, res: Response): Promise<Dashboard> {
  const url = new URL(res.url());
  const api = await getJson<Dashboard>(page, `${url.pathname}${url.search}`);
  const t = api.totals;
  const expected: Record<keyof Totals, string> = {
    intake: String(t.intake),
    closed: String(t.closed),
    closureRate: rate(t.closureRate),
    onTimeRate: rate(t.onTimeRate),
    overdue: String(t.overdue),
    satisfactionRate: rate(t.satisfactionRate),
    reopens: String(t.reopens),
    localResolutionRate: rate(t.localResolutionRate),
  };
  for (const [key, want] of Object.entries(expected)) {
    const shown = (await page.textContent(`[data-test=kpi-${key}] [data-test=kpi-value]`))?.trim();
    if (shown !== want) {
      throw new Error(`tile ${key} shows ${String(shown)}, the API says ${want} (${url.search})`);
    }
  }
  return api;
}

const dashboardAnswer = (page: Page, match: (u: URL) => boolean) =>
  page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/analytics/dashboard' && r.ok() && match(u);
  });

/** The grid outlines the map drew (its SVG paths with the grid strokes; see map-option.ts). */
const drawnGrids = (page: Page) =>
  page
    .locator(
      '[data-test=map-chart] svg path[stroke="#94a3b8"], [data-test=map-chart] svg path[stroke="#dc2626"]',
    )
    .count();

/** The entries of a zip (an .xlsx) by name, inflated. */
function unzip(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) {
    throw new Error('the download is not a zip file');
  }
  let p = buf.readUInt32LE(eocd + 16);
  const entries = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries; i += 1) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const file = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(file, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** A township registers a matter in one of its grids and escalates it to the county center. */
async function seedEscalatedMatter(
  page: Page,
): Promise<{ id: number; code: string; gridCode: string; villageCode: string }> {
  const me = await getJson<{ unit: { regionCode: string } }>(page, '/api/me');
  const grids = await getJson<{ items: Grid[] }>(
    page,
    `/api/org/grids?regionCode=${me.unit.regionCode}&withGeometry=true&limit=50`,
  );
  const grid = grids.items.find((g) => g.geometry !== null && g.geometry !== undefined);
  if (grid === undefined) {
    throw new Error('the township has no grid with a boundary');
  }
  const m = await postJson<{ id: number; code: string }>(page, '/api/matters', {
    type: 'dispute',
    categoryCode: 'D01',
    channel: 'walk_in',
    title: '网格地图测试：邻里因排水沟堵塞发生争执',
    description: '两户邻居因排水沟堵塞、雨水倒灌发生争执，请求协调处理。',
    regionCode: grid.regionCode,
    gridCode: grid.code,
    reporter: { name: '王测试' },
    acceptNow: true,
  });
  return { id: m.id, code: m.code, gridCode: grid.code, villageCode: grid.regionCode };
}

async function checkDashboard(browser: Browser, server: Server): Promise<void> {
  const s = await signIn(browser, server, 'leader');
  const { page } = s;
  const first = dashboardAnswer(page, (u) => u.searchParams.get('granularity') === 'day');
  await page.goto(`${server.url}/dashboard`);
  const res = await first;
  await waitIdle(page);
  const county = await assertTilesMatch(page, res);
  if (county.trend.length < 28) {
    throw new Error(
      `the default view should be 30 days by day, got ${String(county.trend.length)}`,
    );
  }
  await page.waitForSelector('[data-test=chart-trend] svg');
  await page.hover('[data-test=kpi-help-closureRate]');
  await page.waitForSelector('.fq-kpi-tip:visible');
  if (!((await page.textContent('.fq-kpi-tip:visible')) ?? '').includes('应结案数')) {
    throw new Error('the 结案率 tooltip does not give its formula');
  }
  await page.mouse.move(0, 0);
  await page.waitForSelector('.fq-kpi-tip', { state: 'hidden' });
  await capture(page, 'dashboard');

  // granularity: weekly buckets, labelled by the Monday they start on
  const weekly = dashboardAnswer(page, (u) => u.searchParams.get('granularity') === 'week');
  await page.click('[data-test=g-week]');
  await assertTilesMatch(page, await weekly);
  await page.waitForSelector('[data-test=chart-trend] svg text:has-text("起")');
  if (!page.url().includes('g=week')) {
    throw new Error('the granularity is not kept in the URL');
  }

  // drill down: click a township's name on the region chart
  const target = county.byRegion.find((r) => r.intake > 0) ?? county.byRegion[0];
  if (target === undefined) {
    throw new Error('the county has no townships on the dashboard');
  }
  const drilled = dashboardAnswer(
    page,
    (u) => u.searchParams.get('regionCode') === target.regionCode,
  );
  await page
    .locator('[data-test=chart-region] svg text', { hasText: new RegExp(`^${target.name}$`) })
    .first()
    .click();
  const township = await assertTilesMatch(page, await drilled);
  await page.waitForSelector(`[data-test=trail-current]:has-text("${target.name}")`);
  if (township.byRegion.length === 0 || township.totals.intake !== target.intake) {
    throw new Error(`the drill-down into ${target.name} does not show its own figures`);
  }
  // Back climbs up again
  const back = dashboardAnswer(page, (u) => !u.searchParams.has('regionCode'));
  await page.goBack();
  await back;

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/dashboard`);
  await waitIdle(page);
  await page.waitForSelector('[data-test=chart-category] svg');
  await capture(page, 'dashboard-1920');
  await signOut(s);
}

async function checkMap(
  browser: Browser,
  server: Server,
  seeded: { code: string; gridCode: string; villageCode: string },
): Promise<void> {
  const s = await signIn(browser, server, 'leader');
  const { page } = s;
  // the user's own scope first: the whole county
  await page.goto(`${server.url}/map`);
  await waitIdle(page);
  await page.waitForSelector('[data-test=map-chart] svg path');
  const all = await getJson<{ items: Grid[] }>(page, '/api/org/grids?withGeometry=true&limit=5000');
  const countyShapes = all.items.filter((g) => g.geometry !== null && g.geometry !== undefined);
  if ((await drawnGrids(page)) !== countyShapes.length) {
    throw new Error(
      `the county map drew ${String(await drawnGrids(page))} of ${String(countyShapes.length)} grids`,
    );
  }
  await capture(page, 'map-county');

  const township = seeded.villageCode.slice(0, 9);
  await page.goto(`${server.url}/map?regionCode=${township}`);
  await waitIdle(page);
  await page.waitForSelector('[data-test=map-chart] svg path');
  const grids = await getJson<{ items: Grid[] }>(
    page,
    `/api/org/grids?regionCode=${township}&withGeometry=true&limit=5000`,
  );
  const withShape = grids.items.filter((g) => g.geometry !== null && g.geometry !== undefined);
  const drawn = await drawnGrids(page);
  if (withShape.length === 0 || drawn !== withShape.length) {
    throw new Error(`the map drew ${String(drawn)} grids, the API has ${String(withShape.length)}`);
  }
  if ((await page.locator('[data-test=demo-geometry]').count()) !== 1) {
    throw new Error('the demo geometry note is missing');
  }
  // the seeded grid is the one coloured for 1–2 open matters (no other demo matter has a grid)
  const counts = await getJson<{ gridCode: string; open: number }[]>(
    page,
    `/api/matters/grid-counts?regionCode=${township}`,
  );
  const busy = counts.filter((c) => c.open > 0);
  if (!busy.some((c) => c.gridCode === seeded.gridCode)) {
    throw new Error('the seeded matter is not counted in its grid');
  }
  await capture(page, 'map');
  const shape = page.locator(
    '[data-test=map-chart] svg path[fill="#bfdbfe"][stroke="#94a3b8"], [data-test=map-chart] svg path[fill="#bfdbfe"][stroke="#dc2626"]',
  );
  if ((await shape.count()) !== busy.length) {
    throw new Error(
      `${String(await shape.count())} grids coloured, ${String(busy.length)} have matters`,
    );
  }
  const box = await shape.first().boundingBox();
  if (box === null) {
    throw new Error('the coloured grid has no box');
  }
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('[data-test=grid-panel]');
  await page.waitForSelector(`[data-test=grid-matter]:has-text("${seeded.code}")`);
  // move off the map and let the chart's tooltip fade before the capture
  await page.mouse.move(0, 0);
  await page.waitForTimeout(600);
  await capture(page, 'map-grid-selected');
  await page.click(`[data-test=grid-matter]:has-text("${seeded.code}")`);
  await page.waitForURL((u) => /\/matters\/\d+$/.test(u.pathname));
  await signOut(s);
}

async function checkExportAndBell(browser: Browser, server: Server): Promise<void> {
  const s = await signIn(browser, server, 'dispatcher');
  const { page } = s;
  await page.goto(`${server.url}/matters`);
  await waitIdle(page);
  const before = await getJson<{ unreadCount: number }>(page, '/api/notifications?limit=1');
  await page.waitForSelector(
    `[data-test=bell-count] sup:has-text("${String(before.unreadCount)}")`,
  );
  await page.waitForSelector('[data-test=bell]');

  // something new arrives: a township escalates a matter to this center, the bell counts it live
  const t = await signIn(browser, server, 'township');
  const seeded = await seedEscalatedMatter(t.page);
  await postJson(t.page, `/api/matters/${String(seeded.id)}/escalate`, {
    reason: '涉及跨村排水设施，需县级协调住建部门处理',
  });
  await signOut(t);
  await page.waitForSelector('.fq-live-toast:has-text("下级中心上报事项")', { timeout: 15_000 });
  const after = await getJson<{ unreadCount: number }>(page, '/api/notifications?limit=1');
  if (after.unreadCount <= before.unreadCount) {
    throw new Error('the escalation left no unread message');
  }
  await page.waitForSelector(`[data-test=bell-count] sup:has-text("${String(after.unreadCount)}")`);
  await page.click('[data-test=bell]');
  await page.waitForSelector('[data-test=bell-item]:has-text("下级中心上报事项")');
  await page.waitForSelector('[data-test=bell-live]:has-text("已连接")');
  await capture(page, 'bell');
  // 全部已读: one request; the badge goes away and the server agrees
  await page.click('[data-test=bell-read-all]');
  await page.waitForSelector('[data-test=bell-count] sup', { state: 'hidden' });
  const cleared = await getJson<{ unreadCount: number }>(page, '/api/notifications?limit=1');
  if (cleared.unreadCount !== 0) {
    throw new Error(`全部已读 left ${String(cleared.unreadCount)} unread`);
  }
  await page.keyboard.press('Escape');

  // export with a filter: the sheet holds exactly the list's rows and names the exporter
  const me = await getJson<{ displayName: string }>(page, '/api/me');
  await page.goto(`${server.url}/matters?type=dispute`);
  await waitIdle(page);
  await capture(page, 'matters-export');
  const list = await getJson<{ items: { code: string; type: string }[] }>(
    page,
    '/api/matters?type=dispute&limit=200',
  );
  const [download, response] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/matters/export'),
    page.click('[data-test=export]'),
  ]);
  if (!response.ok() || !(response.headers()['content-type'] ?? '').startsWith(XLSX)) {
    throw new Error(
      `export answered ${String(response.status())} ${String(response.headers()['content-type'])}`,
    );
  }
  if (new URL(response.url()).searchParams.get('type') !== 'dispute') {
    throw new Error('the export did not carry the list filter');
  }
  const file = await download.path();
  const buf = await readFile(file);
  if (buf.length === 0 || !download.suggestedFilename().endsWith('.xlsx')) {
    throw new Error(`bad download ${download.suggestedFilename()} (${String(buf.length)} bytes)`);
  }
  const zip = unzip(buf);
  const text = [...zip.entries()]
    .filter(([n]) => n.startsWith('xl/'))
    .map(([, v]) => v)
    .join('\n');
  if (!text.includes(me.displayName)) {
    throw new Error('the sheet does not name the exporting user');
  }
  if (!text.includes(`共 ${String(list.items.length)} 条`)) {
    throw new Error(`the sheet does not hold the list's ${String(list.items.length)} rows`);
  }
  if (!list.items.every((m) => text.includes(m.code))) {
    throw new Error('a matter of the list is missing from the sheet');
  }
  if (/<f>|<f |definedName|state="hidden"/.test(text)) {
    throw new Error('the sheet has formulas, defined names or hidden sheets');
  }
  await signOut(s);
  await checkMap(browser, server, seeded);
}

export async function run(browser: Browser, server: Server): Promise<void> {
  await checkDashboard(browser, server);
  await checkExportAndBell(browser, server);
}
