import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { shot, type Server } from '../harness.ts';
import { capture, signIn, waitIdle } from './ui.ts';

export const name = 'admin';

/** The demo admins' TOTP secrets, printed at first start and kept in the server's data folder. */
function demoSecrets(server: Server): Record<string, string> {
  return JSON.parse(readFileSync(`${server.dataDir}/demo-totp.json`, 'utf8')) as Record<
    string,
    string
  >;
}

async function nav(page: Page, label: string): Promise<void> {
  await page.click(`[data-test=nav] >> text=${label}`);
  await waitIdle(page);
}

async function dialogGone(page: Page, selector: string): Promise<void> {
  await page.locator(`${selector}:visible`).waitFor({ state: 'hidden' });
}

/** 组织架构: the county's units; a new unit; a unit still in use cannot be deleted. */
async function orgTree(page: Page): Promise<void> {
  await nav(page, '组织架构');
  await page.click('[data-test=region-tree] .el-tree-node__content');
  await page.waitForSelector('[data-test=units] .el-table__row');
  await page.click('[data-test=unit-new]');
  await page.fill('input[data-test=unit-name]', '曲周县矛盾纠纷多元化解测试中心');
  await page.click('[data-test=unit-kind] >> text=调解组织');
  await page.click('[data-test=unit-save]');
  await dialogGone(page, '[data-test=unit-dialog]');
  await page
    .locator('[data-test=units] .el-table__row', { hasText: '曲周县矛盾纠纷多元化解测试中心' })
    .waitFor();
  // the county center holds staff accounts: the server refuses and says why
  const center = page.locator('[data-test=units] .el-table__row', { hasText: '曲周县综治中心' });
  await center.first().locator('text=删除').click();
  await page.click('.el-message-box__btns >> text=删除');
  const box = page.locator('.el-message-box:visible', { hasText: '不能删除' });
  await box.waitFor();
  const message = await box.textContent();
  if (message === null || !message.includes('人员账号')) {
    throw new Error(`expected the in-use reason to name staff accounts, got: ${String(message)}`);
  }
  await box.locator('.el-message-box__btns button').click();
  await waitIdle(page);
  await capture(page, 'admin-org');
}

/** 人员账号: a new account gets a one-time password shown once. */
async function users(page: Page): Promise<void> {
  await nav(page, '人员账号');
  await page.waitForSelector('[data-test=users] .el-table__row');
  await page.click('[data-test=user-new]');
  await page.fill('input[data-test=user-username]', 'e2e_clerk2');
  await page.fill('input[data-test=user-name]', '测试受理员');
  await page.click('[data-test=user-dialog] [data-test=user-unit]');
  await page.keyboard.type('曲周县综治中心');
  await page
    .locator('.el-select-dropdown__item:visible')
    .filter({ hasText: /^\s*曲周县综治中心/ })
    .first()
    .click();
  await page.click('[data-test=user-save]');
  const password = await page.locator('[data-test=one-time-password]').textContent();
  if (password === null || password.trim().length < 12) {
    throw new Error(`expected a one-time password, got: ${String(password)}`);
  }
  await page.click('[data-test=password-reveal] >> text=我已记下');
  await dialogGone(page, '[data-test=password-reveal]');
  await page.locator('[data-test=users] .el-table__row', { hasText: 'e2e_clerk2' }).waitFor();
  await waitIdle(page);
  await capture(page, 'admin-users');
}

/** 节假日日历: 2026's notice is bundled, so 国庆节 shows as days off. */
async function calendar(page: Page): Promise<void> {
  await nav(page, '节假日日历');
  await page.waitForSelector('[data-test=month-12]');
  const year = await page.textContent('[data-test=calendar-year]');
  if (year?.includes('2026') === true) {
    await page.waitForSelector('[data-test=month-10] .day.off[data-date="2026-10-01"]');
  }
  await capture(page, 'admin-calendar');
}

/** 字典维护: the matter categories as a tree, with the system items marked. */
async function dicts(page: Page): Promise<void> {
  await nav(page, '字典维护');
  await page.waitForSelector('[data-test=dict-tree] .el-table__row');
  await capture(page, 'admin-dicts');
}

/** 时限与准入清单: a limit longer than its statute is refused at the field. */
async function policies(page: Page): Promise<void> {
  await nav(page, '时限与准入');
  await page.waitForSelector('[data-test=policies] .el-table__row');
  await capture(page, 'admin-policies');
  const statutory = page
    .locator('[data-test=policies] .el-table__row', { hasText: '不超过' })
    .first();
  await statutory.locator('text=编辑').click();
  await page.fill('[data-test=policy-limit] input, input[data-test=policy-limit]', '3000');
  await page.click('[data-test=policy-save]');
  await page
    .locator('[data-test=policy-dialog] .el-form-item__error', { hasText: '法定时限' })
    .waitFor();
  await page.click('[data-test=policy-dialog] >> text=取消');
}

async function audit(page: Page): Promise<void> {
  await nav(page, '审计日志');
  await page.waitForSelector('[data-test=audit-table] .el-table__row');
  await page.click('[data-test=verify]');
  await page.waitForSelector('[data-test=verify-ok]');
  await page.click('[data-test=audit-table] .el-table__row');
  await page.waitForSelector('[data-test=audit-drawer] .json');
  await capture(page, 'admin-audit-detail');
  await page.keyboard.press('Escape');
  await page.locator('[data-test=audit-drawer]').waitFor({ state: 'hidden' });
  await capture(page, 'admin-audit');
}

/** The security administrator raises the lockout threshold; the server echoes the saved value. */
async function security(page: Page): Promise<void> {
  await nav(page, '安全策略');
  await page.waitForSelector('[data-test=security-settings] .el-input-number');
  const threshold = page.locator('.el-form-item', { hasText: '连续失败次数' }).locator('input');
  await threshold.fill('6');
  await threshold.press('Tab');
  await page.click('[data-test=security-save]');
  await page.waitForSelector('.el-message--success');
  await capture(page, 'admin-security');
  // put it back: the login spec counts on 5
  await threshold.fill('5');
  await threshold.press('Tab');
  await page.click('[data-test=security-save]');
  await page.locator('.el-message--success').nth(1).waitFor();
}

export async function run(browser: Browser, server: Server): Promise<void> {
  const secrets = demoSecrets(server);
  const admin = await signIn(browser, server, 'admin', secrets.admin ?? '');
  try {
    await orgTree(admin.page);
    await users(admin.page);
    await calendar(admin.page);
    await dicts(admin.page);
    await policies(admin.page);
  } catch (err) {
    await shot(admin.page, 'admin-failure');
    throw err;
  }
  if (admin.foreign.length > 0) {
    throw new Error(`requests left the server's own host: ${admin.foreign.join(', ')}`);
  }
  await admin.context.close();

  const auditor = await signIn(browser, server, 'auditor', secrets.auditor ?? '');
  try {
    await audit(auditor.page);
  } catch (err) {
    await shot(auditor.page, 'admin-failure');
    throw err;
  }
  if (auditor.foreign.length > 0) {
    throw new Error(`requests left the server's own host: ${auditor.foreign.join(', ')}`);
  }
  await auditor.context.close();

  const sec = await signIn(browser, server, 'secadmin', secrets.secadmin ?? '');
  try {
    await security(sec.page);
  } catch (err) {
    await shot(sec.page, 'admin-failure');
    throw err;
  }
  if (sec.foreign.length > 0) {
    throw new Error(`requests left the server's own host: ${sec.foreign.join(', ')}`);
  }
  await sec.context.close();
}
