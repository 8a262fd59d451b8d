// Steps on the 一窗受理 page shared by the browser specs (not a spec itself).
import type { Page } from 'playwright-core';
import { choose, waitIdle } from './ui.ts';

/** A valid 公民身份号码 (the GB 11643 example) and the same with a wrong check digit. */
export const GOOD_ID = '11010519491231002X';
export const BAD_ID = '110105194912310021';

export async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    (arg: { sel: string; want: string }) =>
      document.querySelector(arg.sel)?.textContent.includes(arg.want) === true,
    { sel: selector, want: text },
  );
}

export async function openIntake(page: Page): Promise<void> {
  await page.click('[data-test=nav] >> text=一窗受理');
  await page.waitForSelector('[data-test=intake-form]');
  await waitIdle(page);
}

/** Fills a walk-in neighbour dispute in 曲周镇 稽山南苑 第1网格, the way a clerk types it. */
export async function fillDispute(page: Page, description: string): Promise<void> {
  await choose(page, '[data-test=type]', '矛盾纠纷');
  await page.click('[data-test=category]');
  await page.keyboard.type('邻里');
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: '邻里纠纷' }).click();
  await choose(page, '[data-test=region-4]', '曲周镇');
  await waitIdle(page);
  await choose(page, '[data-test=region-5]', '稽山南苑社区居民委员会');
  await waitIdle(page);
  await choose(page, '[data-test=grid]', '第1网格');
  await page.fill('input[data-test=address]', '稽山南苑小区 3 号楼 2 单元');
  await page.fill('input[data-test=reporter-name]', '张秀英');
  await page.fill('input[data-test=reporter-phone]', '13800138000');
  // the GB 11643 check runs as the clerk types
  await page.fill('input[data-test=reporter-id]', BAD_ID);
  await expectText(page, '[data-test=reporter-id-check]', '校验码不正确');
  await page.fill('input[data-test=reporter-id]', GOOD_ID);
  await expectText(page, '[data-test=reporter-id-check]', '校验通过');
  await page.click('[data-test=add-party]');
  await page.fill('input[data-test=party-0-name]', '李建国');
  await page.fill('textarea[data-test=description]', description);
}

/**
 * Submits with Ctrl+Enter. Possible duplicates are waved through, unless `mergeInto` names the
 * code of the matter to merge into. Returns the code and tracking code shown.
 */
export async function submitIntake(
  page: Page,
  opts: { mergeInto?: string; beforeChoice?: () => Promise<void> } = {},
): Promise<{ code: string; tracking: string }> {
  await page.keyboard.press('Control+Enter');
  const dialog = page.locator('[data-test=not-duplicate]');
  const done = page.locator('[data-test=intake-done]');
  await Promise.race([dialog.waitFor(), done.waitFor()]);
  if (await dialog.isVisible()) {
    await opts.beforeChoice?.();
    if (opts.mergeInto === undefined) {
      await dialog.click();
    } else {
      const row = page.locator('.el-dialog:visible .el-table__row', { hasText: opts.mergeInto });
      await row.locator('[data-test=merge-into]').click();
    }
  } else if (opts.mergeInto !== undefined) {
    throw new Error(`no duplicates were suggested, expected ${opts.mergeInto}`);
  }
  await done.waitFor();
  const code = (await page.textContent('[data-test=done-code]'))?.trim() ?? '';
  const tracking = (await page.textContent('[data-test=done-tracking]'))?.trim() ?? '';
  if (!/^\d{6}-\d{8}-\d{4}$/.test(code) || tracking.length !== 10) {
    throw new Error(`registration showed code "${code}" and tracking code "${tracking}"`);
  }
  return { code, tracking };
}
