import type { Browser, Page } from 'playwright-core';
import type { Server } from '../harness.ts';
import { expectText } from './intake-steps.ts';
import { assertActionsClear, capture, signIn, signOut, waitIdle } from './ui.ts';

export const name = 'follow-up: the center’s 回访 — 满意 archives, 不满意 reopens a new round';

/** Opens the n-th matter of the dispatcher's closed-awaiting-follow-up list. */
async function openClosed(page: Page, server: Server, n: number): Promise<string> {
  await page.goto(`${server.url}/matters?status=closed&sort=oldest`);
  const rows = page.locator('[data-test=matter-table] .el-table__row');
  await rows.nth(n).waitFor();
  await waitIdle(page);
  await rows.nth(n).click();
  await page.waitForSelector('[data-test=matter-header]');
  await waitIdle(page);
  await expectText(page, '[data-test=status]', '已结案待回访');
  return page.url();
}

async function followUp(page: Page, level: number, comment: string): Promise<void> {
  await page.click('[data-test=act-follow_up]');
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  await page.click(`[data-test=satisfaction-${String(level)}]`);
  await dialog.locator('textarea').fill(comment);
  await assertActionsClear(page, '.el-dialog .el-dialog__footer');
  await capture(page, `follow-up-${String(level)}`);
  await page.click('.el-dialog:visible [data-test=action-submit]');
  await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
  await waitIdle(page);
}

/**
 * Issue 4 §4 "follow-up rating": the dispatcher phones the citizen back. 满意 ends the loop
 * (已办结); 不满意 (DOMAIN: ≤ 2 of 5) sends the matter into a new round of handling, which the
 * dialog warns about before it is sent.
 */
export async function run(browser: Browser, server: Server): Promise<void> {
  const s = await signIn(browser, server, 'dispatcher');
  const { page } = s;
  await openClosed(page, server, 0);
  await followUp(page, 5, '电话回访，群众表示满意');
  await expectText(page, '[data-test=status]', '已办结');

  await openClosed(page, server, 0);
  await page.click('[data-test=act-follow_up]');
  await page.locator('.el-dialog:visible').waitFor();
  await page.click('[data-test=satisfaction-1]');
  await page.waitForSelector('.el-dialog:visible >> text=事项将重新进入办理');
  await page.keyboard.press('Escape');
  await page
    .locator('.el-dialog:visible')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await followUp(page, 1, '群众反映问题没有解决');
  const status = (await page.textContent('[data-test=status]')) ?? '';
  if (status.includes('已办结') || status.includes('已结案待回访')) {
    throw new Error(`不满意 did not reopen the matter: ${status}`);
  }
  await capture(page, 'follow-up-reopened');
  await signOut(s);
}
