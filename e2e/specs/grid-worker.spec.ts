// A grid worker on a phone (375 px, touch, GPS): lands on the mobile home, reports an event with a
// photo and the GPS point, reports again while offline (queued on the device, sent once when the
// network returns, even after a lost answer), checks in for the day, signs and feeds back a task,
// and on logout leaves nothing queued on the device.
import { crc32, deflateSync } from 'node:zlib';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import type { Server } from '../harness.ts';
import { assertActionsClear, capture, DEMO_PASSWORD, waitIdle } from './ui.ts';

export const name =
  'grid-worker: mobile report with photo and point, offline queue, check-in, task';

/** A real PNG (stripes, so it is not a flat image) for the camera input. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const on = Math.floor((x + y) / 8) % 2 === 0;
      row.set(on ? [185, 28, 28] : [245, 158, 11], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Matter {
  id: number;
  code: string;
  status: string;
  channel: string;
  gridCode: string | null;
  point: { lon: number; lat: number } | null;
  attachments: { id: number; mime: string }[];
}

async function json<T>(api: APIRequestContext, url: string, init?: { data: unknown }): Promise<T> {
  const res = init === undefined ? await api.get(url) : await api.post(url, { data: init.data });
  if (!res.ok()) {
    throw new Error(`${url}: ${String(res.status())} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** Matters of the village whose title carries this run's token (the count proves "exactly once"). */
async function reportsWith(
  api: APIRequestContext,
  village: string,
  token: string,
): Promise<Matter[]> {
  const page = await json<{ items: (Matter & { title: string })[] }>(
    api,
    `/api/matters?box=all&channel=grid_report&regionCode=${village}&limit=200`,
  );
  return page.items.filter((m) => m.title.includes(token));
}

async function queuedOnDevice(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('fengqiao-grid', 1);
        req.onupgradeneeded = () => {
          req.result.createObjectStore('reports', { keyPath: 'key' });
        };
        req.onsuccess = () => {
          const db = req.result;
          const c = db.transaction('reports').objectStore('reports').count();
          c.onsuccess = () => {
            db.close();
            resolve(c.result);
          };
          c.onerror = () => {
            db.close();
            reject(new Error('count failed'));
          };
        };
        req.onerror = () => {
          reject(new Error('open failed'));
        };
      }),
  );
}

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector, { hasText: text }).first().waitFor({ timeout: 15_000 });
}

/** Captures once the toasts of the last step have gone, so they do not hide the page. */
async function snap(page: Page, shotName: string): Promise<void> {
  await page.waitForSelector('.el-message', { state: 'detached', timeout: 10_000 });
  await waitIdle(page);
  await capture(page, shotName);
}

async function fillReport(page: Page, text: string, photo: boolean): Promise<void> {
  await page.waitForSelector('[data-test=grid-report] [data-test=report-submit]');
  if (photo) {
    await page.setInputFiles('[data-test=grid-report] [data-test=photo-input]', {
      name: 'camera.png',
      mimeType: 'image/png',
      buffer: png(320, 240),
    });
    await page.waitForSelector('[data-test=photo-thumb]');
  }
  await page.click('[data-test=cat-S1]');
  await page.fill('textarea[data-test=report-text]', text);
}

/** A task for the worker's village center: the township dispatcher registers and dispatches it. */
async function makeTask(server: Server, village: string, unitId: number, token: string) {
  const township = await request.newContext({ baseURL: server.url });
  await json(township, '/api/auth/login', {
    data: { username: 'township', password: DEMO_PASSWORD },
  });
  const m = await json<Matter>(township, '/api/matters', {
    data: {
      type: 'grid_event',
      categoryCode: 'G0',
      channel: 'phone',
      description: `${token} 独居老人家中水管破裂，请网格员上门查看并协助联系维修。`,
      regionCode: village,
      reporter: { name: '王秀英' },
      acceptNow: true,
    },
  });
  await json(township, `/api/matters/${String(m.id)}/dispatch`, {
    data: { assignments: [{ unitId, lead: true }] },
  });
  return { township, code: m.code, id: m.id };
}

export async function run(browser: Browser, server: Server): Promise<void> {
  const token = `GW${Date.now().toString(36).toUpperCase()}`;
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url())) {
      foreign.push(r.url());
    }
  });
  const api = page.request;

  // sign in on the phone: a grid worker lands on the mobile home, not the desk workbench
  await page.goto(`${server.url}/login`);
  await page.fill('input[data-test=username]', 'grid');
  await page.fill('input[data-test=password]', DEMO_PASSWORD);
  await page.click('[data-test=submit]');
  await page.waitForURL((u) => u.pathname === '/grid');
  await page.waitForSelector('[data-test=grid-home]');

  const me = await json<{ id: number; unit: { id: number; regionCode: string } }>(
    api,
    `${server.url}/api/me`,
  );
  const [assignment] = await json<{ gridCode: string }[]>(
    api,
    `${server.url}/api/org/grid-assignments?userId=${String(me.id)}`,
  );
  if (assignment === undefined) {
    throw new Error('demo user grid has no grid');
  }
  const grid = await json<{ code: string; regionCode: string; bbox: number[] | null }>(
    api,
    `${server.url}/api/org/grids/${assignment.gridCode}`,
  );
  const [minLon = 0, minLat = 0, maxLon = 0, maxLat = 0] = grid.bbox ?? [];
  const village = grid.regionCode;
  // the demo grids are rectangles: their centre lies inside
  await context.setGeolocation({
    longitude: (minLon + maxLon) / 2,
    latitude: (minLat + maxLat) / 2,
    accuracy: 12,
  });

  const task = await makeTask(server, village, me.unit.id, token);
  await page.reload();
  await page.waitForSelector('[data-test=grid-home]');
  await expectText(page, '[data-test=home-box-to_sign]', '1');
  await expectText(page, '[data-test=home-checkin]', '未签到');
  await snap(page, 'grid-home');

  // 1. report with a photo and the GPS point
  await page.click('[data-test=tab-report]');
  await expectText(page, '[data-test=location-ok]', '±12 米');
  await fillReport(page, `${token}A 村东桥头路灯杆倾斜，有倒塌危险，已设置临时警示。`, true);
  await snap(page, 'grid-report');
  await assertActionsClear(page);
  await page.click('[data-test=report-submit]');
  const codeEl = page.locator('[data-test=report-code]');
  await codeEl.waitFor({ timeout: 30_000 });
  const matterId = Number(await codeEl.getAttribute('data-id'));
  const matter = await json<Matter>(api, `${server.url}/api/matters/${String(matterId)}`);
  if (matter.code !== (await codeEl.textContent())?.trim()) {
    throw new Error(`shown code ${String(await codeEl.textContent())} is not ${matter.code}`);
  }
  if (matter.attachments.length !== 1 || matter.attachments[0]?.mime !== 'image/jpeg') {
    throw new Error(`report should carry one JPEG photo: ${JSON.stringify(matter.attachments)}`);
  }
  if (matter.gridCode !== grid.code || matter.point === null || matter.channel !== 'grid_report') {
    throw new Error(`report should be placed in grid ${grid.code}: ${JSON.stringify(matter)}`);
  }

  // 2. offline: the report waits on the device with its photo
  await context.setOffline(true);
  await page.click('[data-test=report-again]');
  await page.waitForSelector('[data-test=offline]');
  await fillReport(page, `${token}B 小区门口垃圾堆放多日无人清运，异味明显。`, true);
  await page.click('[data-test=report-submit]');
  await page.waitForSelector('[data-test=report-queued]');
  await expectText(page, '[data-test=queue-pending]', '待发送 1 条');
  if ((await queuedOnDevice(page)) !== 1) {
    throw new Error('the offline report is not stored on the device');
  }
  await snap(page, 'grid-queued');

  // 3. back online, but the first answer is lost after the server registered the report:
  //    the retry carries the same Idempotency-Key, so the report exists exactly once
  let lost = 0;
  let release: () => void = () => undefined;
  const lostOnce = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    (u) => u.pathname === '/api/matters',
    async (route) => {
      if (route.request().method() === 'POST' && lost === 0) {
        lost += 1;
        await route.fetch();
        await route.abort('connectionreset');
        release();
        return;
      }
      await route.continue();
    },
  );
  await context.setOffline(false);
  await lostOnce;
  await expectText(page, '[data-test=queue-pending]', '待发送 1 条');
  await page.unrouteAll({ behavior: 'wait' });
  await page.click('[data-test=queue-retry]');
  await page.waitForSelector('[data-test=queue-pending]', { state: 'detached' });
  await page.waitForSelector('[data-test=queue-sent]');
  const offline = await reportsWith(api, village, `${token}B`);
  if (offline.length !== 1) {
    throw new Error(`the offline report was registered ${String(offline.length)} times, not once`);
  }
  const sent = await json<Matter>(api, `${server.url}/api/matters/${String(offline[0]?.id)}`);
  if (sent.attachments.length !== 1 || sent.gridCode !== grid.code) {
    throw new Error(`the queued report lost its photo or point: ${JSON.stringify(sent)}`);
  }
  if ((await queuedOnDevice(page)) !== 0) {
    throw new Error('a sent report is still stored on the device');
  }

  // 3b. a queued report the server refuses (4xx) is kept as 需修改 with the message at its field,
  //     corrected in the form and sent again; it is never dropped or retried blindly
  await context.setOffline(true);
  await page.click('[data-test=report-again]');
  await fillReport(page, `${token}D 废品收购点占道经营。`, false);
  await page.click('[data-test=report-submit]');
  await page.waitForSelector('[data-test=report-queued]');
  await page.route(
    (u) => u.pathname === '/api/matters',
    async (route) => {
      if (route.request().method() !== 'POST') {
        await route.continue();
        return;
      }
      await route.fulfill({
        status: 400,
        json: {
          code: 'request.invalid',
          message: '请求参数有误',
          fields: [{ path: 'description', code: 'custom', message: '请写明占道的具体位置' }],
          requestId: 'e2e',
        },
      });
    },
  );
  await context.setOffline(false);
  await expectText(page, '[data-test=queue-rejected]', '1 条被退回需修改');
  await page.unrouteAll({ behavior: 'wait' });
  await page.click('[data-test=tab-me]');
  await expectText(page, '[data-test=queue-item-rejected]', '请写明占道的具体位置');
  await page.click('[data-test=queue-fix]');
  await expectText(page, '[data-test=grid-report]', '请写明占道的具体位置');
  await expectText(page, '[data-test=location-ok]', '±12 米');
  await page.fill(
    'textarea[data-test=report-text]',
    `${token}D 废品收购点在村委会西侧路口占道经营。`,
  );
  await page.click('[data-test=report-submit]');
  await page.locator('[data-test=report-code]').waitFor();
  if ((await reportsWith(api, village, `${token}D`)).length !== 1) {
    throw new Error('the corrected report was not registered exactly once');
  }
  if ((await queuedOnDevice(page)) !== 0) {
    throw new Error('the corrected report is still queued on the device');
  }

  // 4. daily check-in (零报告)
  await page.click('[data-test=tab-checkin]');
  await page.waitForSelector('[data-test=checkin-submit]:not([disabled])');
  await page.click('[data-test=checkin-nothing]');
  await assertActionsClear(page);
  await page.click('[data-test=checkin-submit]');
  await page.waitForSelector('[data-test=checked]');
  await expectText(page, '[data-test=checkin-history]', '零报告');
  await snap(page, 'grid-checkin');
  const checks = await json<{ items: { gridCode: string; nothingToReport: boolean }[] }>(
    api,
    `${server.url}/api/checkins?regionCode=${village}`,
  );
  if (checks.items.filter((c) => c.gridCode === grid.code && c.nothingToReport).length !== 1) {
    throw new Error(`expected one check-in today: ${JSON.stringify(checks.items)}`);
  }

  // 5. a task: open it from 待签收, sign it, feed back with a photo
  await page.click('[data-test=tab-tasks]');
  const card = page.locator(`[data-test=task-${task.code}]`);
  await card.waitFor();
  await snap(page, 'grid-tasks');
  await card.click();
  await page.waitForSelector('[data-test=grid-task] [data-test=act-sign]');
  await snap(page, 'grid-task');
  await assertActionsClear(page);
  await page.click('[data-test=act-sign]');
  await page.click('[data-test=sheet-sign] [data-test=sheet-submit]');
  await expectText(page, '[data-test=status]', '办理中');
  await page.click('[data-test=act-feedback]');
  const sheet = '[data-test=sheet-feedback]';
  await page.fill(
    `${sheet} textarea[data-test=feedback-result]`,
    '已上门关闭总阀，联系维修师傅更换水管，老人生活已恢复正常。',
  );
  await page.setInputFiles(`${sheet} [data-test=photo-input]`, {
    name: 'done.png',
    mimeType: 'image/png',
    buffer: png(200, 200),
  });
  await page.waitForSelector(`${sheet} [data-test=photo-thumb]`);
  await assertActionsClear(page, `${sheet} [data-test=sheet-actions]`);
  await snap(page, 'grid-feedback');
  await page.click(`${sheet} [data-test=sheet-submit]`);
  await expectText(page, '[data-test=status]', '待核查');
  const fedBack = await json<Matter>(task.township, `/api/matters/${String(task.id)}`);
  if (fedBack.status !== 'fed_back') {
    throw new Error(`task should be fed back, is ${fedBack.status}`);
  }

  // 5b. the app opens without coverage: the pages were kept on the phone (service worker), the
  // report waits in the queue and goes out once the network is back
  await page.waitForFunction(
    async () => {
      const keys = await (await caches.open('fq-grid-shell-v1')).keys();
      return (
        navigator.serviceWorker.controller !== null &&
        keys.some((r) => new URL(r.url).pathname === '/grid') &&
        keys.some((r) => r.url.endsWith('.js'))
      );
    },
    undefined,
    { timeout: 30_000, polling: 500 },
  );
  await context.setOffline(true);
  await page.goto(`${server.url}/grid/report`);
  await page.waitForSelector('[data-test=offline]');
  await fillReport(page, `${token}E 路口井盖缺失。`, false);
  await page.click('[data-test=report-submit]');
  await page.waitForSelector('[data-test=report-queued]');
  await snap(page, 'grid-offline-start');
  await context.setOffline(false);
  await page.waitForFunction(async () => (await fetch('/api/me')).ok, undefined, {
    timeout: 15_000,
    polling: 500,
  });
  for (let i = 0; i < 60 && (await queuedOnDevice(page)) > 0; i += 1) {
    await page.waitForTimeout(500);
  }
  const sentOnce = await reportsWith(task.township, village, `${token}E`);
  if (sentOnce.length !== 1) {
    throw new Error(`the report made offline reached the server ${String(sentOnce.length)} times`);
  }
  await page.goto(`${server.url}/grid`);
  await page.waitForSelector('[data-test=tab-report]');

  // 6. a report queued offline, then logout: nothing stays on the device, nothing is sent
  await context.setOffline(true);
  await page.click('[data-test=tab-report]');
  await fillReport(page, `${token}C 河堤护栏缺失一段。`, false);
  await page.click('[data-test=report-submit]');
  await page.waitForSelector('[data-test=report-queued]');
  await page.click('[data-test=tab-me]');
  await page.click('[data-test=logout]');
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForURL((u) => u.pathname === '/login');
  if ((await queuedOnDevice(page)) !== 0) {
    throw new Error('logout left queued reports on the device');
  }
  await context.setOffline(false);
  if ((await reportsWith(task.township, village, `${token}C`)).length !== 0) {
    throw new Error('a report wiped at logout reached the server');
  }
  await task.township.dispose();
  if (foreign.length > 0) {
    throw new Error(`requests left the server's own host: ${foreign.join(', ')}`);
  }
  await context.close();
}
