import type { Browser, Page } from 'playwright-core';
import type { Server } from '../harness.ts';
import { capture, signIn, signOut, waitIdle } from './ui.ts';

export const name =
  'township isolation: another township’s matter is invisible (list, search, URL)';

interface Row {
  id: number;
  code: string;
  regionCode: string;
}

async function getJson(page: Page, server: Server, path: string): Promise<unknown> {
  const r = await page.request.get(`${server.url}${path}`);
  return r.json();
}

async function me(page: Page, server: Server): Promise<{ regionCode: string; name: string }> {
  const body = (await getJson(page, server, '/api/me')) as {
    unit: { regionCode: string; name: string };
  };
  return body.unit;
}

async function matters(page: Page, server: Server, limit: number): Promise<Row[]> {
  const body = (await getJson(page, server, `/api/matters?box=all&limit=${String(limit)}`)) as {
    items: Row[];
  };
  return body.items;
}

/**
 * Issue 4 (c): township T2's dispatcher picks one of T2's matters; T1's dispatcher cannot find it
 * in the list or by full-text search, and opening its URL directly shows "not found" — the same
 * answer as for an id that does not exist (out-of-scope ids answer 404).
 */
export async function run(browser: Browser, server: Server): Promise<void> {
  const t2 = await signIn(browser, server, 'township2');
  const t2Unit = await me(t2.page, server);
  const list2 = await matters(t2.page, server, 50);
  const theirs = list2[0];
  if (theirs === undefined) {
    throw new Error(`the demo has no matter in ${t2Unit.name}`);
  }
  if (!list2.every((m) => m.regionCode.startsWith(t2Unit.regionCode))) {
    throw new Error('township2 sees matters outside its township');
  }
  // the owner does see it, in the UI too
  await t2.page.goto(`${server.url}/matters/${String(theirs.id)}`);
  await t2.page.waitForSelector('[data-test=matter-header]');
  await signOut(t2);

  const t1 = await signIn(browser, server, 'township');
  const { page } = t1;
  const t1Unit = await me(page, server);
  if (t1Unit.regionCode === t2Unit.regionCode || theirs.regionCode.startsWith(t1Unit.regionCode)) {
    throw new Error('the two demo townships are not disjoint');
  }

  // API: direct id → 404, same as an id that does not exist
  const direct = await page.request.get(`${server.url}/api/matters/${String(theirs.id)}`);
  const none = await page.request.get(`${server.url}/api/matters/999999999`);
  if (direct.status() !== 404 || none.status() !== 404) {
    throw new Error(`expected 404/404, got ${String(direct.status())}/${String(none.status())}`);
  }
  const body = await direct.text();
  if (body.includes(theirs.code)) {
    throw new Error('the 404 answer leaks the matter code');
  }

  // UI list: every row is in T1; the full-text search for T2's code finds nothing
  await page.click('[data-test=nav] >> text=事项列表');
  await page.waitForSelector('[data-test=matter-table]');
  await waitIdle(page);
  const own = await matters(page, server, 100);
  if (!own.every((m) => m.regionCode.startsWith(t1Unit.regionCode))) {
    throw new Error('township sees matters outside its township');
  }
  await page.fill('input[data-test=search]', theirs.code);
  await page.press('input[data-test=search]', 'Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === theirs.code);
  await waitIdle(page);
  const rows = await page.locator('[data-test=matter-table] .el-table__row').count();
  if (rows !== 0) {
    throw new Error(`search for another township's code shows ${String(rows)} rows`);
  }
  await page.waitForSelector('text=没有符合条件的事项');
  await capture(page, 'isolation-search');

  // UI direct URL: the not-found page, nothing of the matter on it
  await page.goto(`${server.url}/matters/${String(theirs.id)}`);
  await page.waitForSelector('text=事项不存在或不在您的查看范围内');
  await waitIdle(page);
  const text = await page.textContent('body');
  if (text?.includes(theirs.code) === true) {
    throw new Error('the not-found page shows the matter code');
  }
  await capture(page, 'isolation-direct-url');
  await signOut(t1);
}
