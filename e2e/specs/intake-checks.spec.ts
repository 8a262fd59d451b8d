import type { Browser } from 'playwright-core';
import type { Server } from '../harness.ts';
import { expectText, fillDispute, openIntake, submitIntake } from './intake-steps.ts';
import { capture, choose, signIn, signOut, waitIdle } from './ui.ts';

export const name = 'intake: field errors, duplicates and 并入此件; list search; 联办 dispatch';

export async function run(browser: Browser, server: Server): Promise<void> {
  const token = `DUP${Date.now().toString(36)}`;
  // a dispatcher registers too (夜间值守) and, unlike a clerk, may merge
  const s = await signIn(browser, server, 'dispatcher');
  const { page } = s;
  await openIntake(page);

  // an empty form is checked against the contract before anything is sent
  await page.click('[data-test=intake-submit]');
  await page.waitForSelector('.el-form-item.is-error');
  const errors = await page.locator('.el-form-item.is-error').count();
  if (errors < 3) {
    throw new Error(`an empty registration marked only ${errors} fields`);
  }
  await expectText(page, '[data-test=intake-error]', '请检查标出的字段');
  await capture(page, 'intake-errors');

  await fillDispute(page, `小区东门垃圾站夜间清运噪音扰民，居民多次反映无果。${token}`);
  const first = await submitIntake(page);
  await page.click('[data-test=again]');
  await page.waitForSelector('[data-test=intake-form]');
  await waitIdle(page);

  // the same complaint again: the duplicate check offers the first one to merge into
  await fillDispute(page, `小区东门垃圾站夜间清运噪音扰民，又有居民来反映。${token}`);
  const second = await submitIntake(page, {
    mergeInto: first.code,
    beforeChoice: () => capture(page, 'intake-duplicates'),
  });
  await expectText(page, '[data-test=intake-done]', `已并入事项 ${first.code}`);
  await capture(page, 'intake-merged');

  // full-text search finds both, the merged one marked 已并单
  await page.click('[data-test=nav] >> text=事项列表');
  await page.waitForSelector('[data-test=matter-table]');
  await page.fill('input[data-test=search]', token);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === token);
  await page.locator('[data-test=matter-table] .el-table__row', { hasText: second.code }).waitFor();
  await expectText(page, '[data-test=matter-table]', first.code);
  await expectText(page, '[data-test=matter-table]', '已并单');
  await waitIdle(page);
  await capture(page, 'matter-list-search');

  // 受理, then 联办: two units, the second chosen as lead, marked 牵头 on the detail page
  await page.locator('[data-test=matter-table] .el-table__row', { hasText: first.code }).click();
  await page.waitForSelector('[data-test=matter-header]');
  await waitIdle(page);
  await page.click('[data-test=act-accept]');
  await page.click('.el-dialog:visible [data-test=action-submit]');
  await expectText(page, '[data-test=status]', '待派遣');
  await page.click('[data-test=act-dispatch]');
  await choose(page, '[data-test=dispatch-units]', '曲周县公安局');
  await choose(page, '[data-test=dispatch-units]', '曲周县司法局');
  await page.keyboard.press('Escape');
  await page.locator('[data-test=dispatch-lead] .el-radio', { hasText: '曲周县司法局' }).click();
  await page.click('.el-dialog:visible [data-test=action-submit]');
  await expectText(page, '[data-test=status]', '待签收');
  const lead = page.locator('[data-test=assignments] .el-table__row', { hasText: '曲周县司法局' });
  if ((await lead.locator('[data-test=lead]').count()) !== 1) {
    throw new Error('the lead unit of a 联办 is not marked 牵头');
  }
  await waitIdle(page);
  await capture(page, 'detail-joint-dispatch');
  await signOut(s);
}
