import type { Browser } from 'playwright-core';
import { assertLooksRight, shot, type Server } from '../harness.ts';

export const name = 'login';

/** Issue 4 (d): the lockout message after 5 wrong passwords, and a normal sign-in to the org browser. */
export async function run(browser: Browser, server: Server): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) {
      foreign.push(r.url());
    }
  });
  await page.goto(`${server.url}/login`);
  await page.waitForSelector('input[data-test=username]');
  await assertLooksRight(page);
  await shot(page, 'login');
  // an account no other spec signs in with, since it stays locked for the rest of the run
  await page.fill('input[data-test=username]', 'mediator');
  for (let i = 1; i <= 5; i += 1) {
    await page.fill('input[data-test=password]', `Wrong#Pass${i}`);
    await page.click('[data-test=submit]');
    await page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  }
  const message = await page.textContent('[data-test=error]');
  if (message === null || !message.includes('锁定')) {
    throw new Error(`expected a lockout message, got: ${String(message)}`);
  }
  await assertLooksRight(page);
  await shot(page, 'login-locked');
  await page.fill('input[data-test=username]', 'township');
  await page.fill('input[data-test=password]', 'Fengqiao@2026');
  await page.click('[data-test=submit]');
  await page.waitForURL(`${server.url}/`);
  // a sign-in lands on the workbench; the org browser is one menu entry away
  await page.waitForSelector('[data-test=box-cards]');
  await page.click('[data-test=nav] >> text=组织架构');
  await page.waitForSelector('.el-tree-node');
  await page.click('.el-tree-node__content');
  await page.waitForSelector('.el-table__row');
  await assertLooksRight(page);
  await shot(page, 'org-browser');
  if (foreign.length > 0) {
    throw new Error(`requests left the server's own host: ${foreign.join(', ')}`);
  }
  await page.close();
}
