import type { Browser, Page, Response } from 'playwright-core';
import { assertLooksRight, shot, type Server } from '../harness.ts';
import { expectText } from './intake-steps.ts';
import { assertActionsClear, capture, choose, signIn, signOut, waitIdle } from './ui.ts';

// The challenge is a picture for people. The server tells the answer to this harness only:
// PORTAL_CHALLENGE_ECHO=1 (set by harness.ts startServer; refused by a production server) adds
// it as a response header.
const ECHO_HEADER = 'x-portal-challenge-answer';

export const name = 'portal: 码上办 QR link → submit with challenge → receipt → track';

/** 稽山南苑社区 of 曲周镇, as printed on that community's QR code. */
const VILLAGE = '130435100001';

/** Answers of the challenges the page loaded, newest last. */
function watchChallenges(page: Page): string[] {
  const answers: string[] = [];
  page.on('response', (r: Response) => {
    if (r.url().endsWith('/api/portal/challenge') && r.status() === 201) {
      const a = r.headers()[ECHO_HEADER];
      if (a !== undefined) {
        answers.push(a);
      }
    }
  });
  return answers;
}

async function newChallengeLoaded(page: Page, answers: string[], before: number): Promise<string> {
  for (let i = 0; i < 100 && answers.length <= before; i += 1) {
    await page.waitForTimeout(100);
  }
  const a = answers.at(-1);
  if (answers.length <= before || a === undefined) {
    throw new Error(
      'the page did not load a new challenge (is PORTAL_CHALLENGE_ECHO reaching the server?)',
    );
  }
  await page.locator('[data-test=challenge-image]').waitFor();
  return a;
}

async function fieldError(page: Page, text: string): Promise<void> {
  await page
    .locator('.el-form-item__error', { hasText: text })
    .first()
    .waitFor({ timeout: 10_000 });
}

/** Staff print the QR code of a village (the page is a child of the staff shell once wired). */
async function printQr(browser: Browser, server: Server): Promise<void> {
  const staff = await signIn(browser, server, 'township');
  const { page } = staff;
  const entry = page.locator('[data-test=nav] >> text=码上办二维码');
  if ((await entry.count()) === 0) {
    console.log(
      '    (码上办二维码 is not in the staff menu yet: portalStaffRoutes/portalNav unwired)',
    );
    await signOut(staff);
    return;
  }
  await entry.click();
  await page.click('[data-test=qr-region]');
  await page.locator('.el-cascader-node', { hasText: '曲周镇' }).first().waitFor();
  // the first column is the user's township; open it and take one community
  await page.locator('.el-cascader-node', { hasText: '曲周镇' }).first().click();
  const village = page.locator('.el-cascader-node', { hasText: '稽山南苑社区' }).first();
  await village.waitFor();
  await village.locator('.el-radio').click();
  await page.keyboard.press('Escape');
  await page.locator('[data-test=qr-image]').waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-test=qr-image]');
    return img !== null && img.complete && img.naturalWidth > 0;
  });
  await expectText(page, '[data-test=qr-sheet]', '扫码反映诉求 · 查询办理进度');
  await expectText(page, '[data-test=qr-sheet]', '稽山南苑社区居民委员会');
  await waitIdle(page);
  await capture(page, 'portal-qr');
  // the print stylesheet leaves only the poster
  await page.emulateMedia({ media: 'print' });
  const visible = await page.evaluate(() => {
    const v = (sel: string) => {
      const el = document.querySelector(sel);
      return el !== null && getComputedStyle(el).visibility === 'visible';
    };
    return { menu: v('[data-test=nav]'), sheet: v('[data-test=qr-image]') };
  });
  if (visible.menu || !visible.sheet) {
    throw new Error(`printing shows the menu (${String(visible.menu)}) or hides the QR code`);
  }
  await shot(page, 'portal-qr-print');
  await page.emulateMedia({ media: 'screen' });
  await signOut(staff);
}

export async function run(browser: Browser, server: Server): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    hasTouch: true,
  });
  const page = await context.newPage();
  const foreign: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) {
      foreign.push(r.url());
    }
  });
  const answers = watchChallenges(page);

  // 码上办: the QR code's link opens the form with the community filled in and locked
  await page.goto(`${server.url}/portal?region=${VILLAGE}`);
  await expectText(page, '[data-test=region-locked]', '稽山南苑社区居民委员会');
  await expectText(page, '[data-test=region-locked]', '曲周镇');
  if ((await page.locator('[data-test^=portal-region-]').count()) !== 0) {
    throw new Error('a village QR code still offers region pickers');
  }
  if ((await page.locator('[data-test=watermark], [data-test=nav]').count()) !== 0) {
    throw new Error('the public portal shows staff chrome or a watermark');
  }
  let answer = await newChallengeLoaded(page, answers, 0);

  // checked in the page first: nothing is sent and the challenge is not used up
  await page.click('[data-test=portal-submit]');
  await fieldError(page, '此项为必填项');
  await fieldError(page, '请填写姓名');

  await choose(page, '[data-test=portal-category]', '投诉');
  await page.fill(
    'textarea[data-test=portal-description]',
    '小区东门外的路灯坏了半个多月，晚上老人孩子出门很不方便，请帮忙尽快修好。',
  );
  await page.fill('input[data-test=portal-name]', '王桂兰');
  await page.fill('input[data-test=portal-phone]', '13900001234');

  // a wrong answer: the server's 400 shows at the field and a new challenge replaces the old one
  const seen = answers.length;
  await page.fill('input[data-test=challenge-answer]', String(Number(answer) + 1));
  await page.click('[data-test=portal-submit]');
  await fieldError(page, '验证码错误');
  answer = await newChallengeLoaded(page, answers, seen);
  await page.fill('input[data-test=challenge-answer]', answer);
  await waitIdle(page);
  await capture(page, 'portal-submit');

  await page.click('[data-test=portal-submit]');
  await page.waitForURL((u) => u.pathname.startsWith('/portal/done/'));
  const tracking = (await page.textContent('[data-test=portal-tracking-code]'))?.trim() ?? '';
  if (!/^[2-9A-HJ-NP-Z]{10}$/.test(tracking)) {
    throw new Error(`the done page shows tracking code "${tracking}"`);
  }
  await waitIdle(page);
  await assertActionsClear(page);
  await capture(page, 'portal-done');

  // the printable 受理回执 opens in a new tab, reporter masked
  const [receipt] = await Promise.all([
    context.waitForEvent('page'),
    page.click('[data-test=portal-receipt]'),
  ]);
  await receipt.waitForLoadState('networkidle');
  const text = (await receipt.textContent('body')) ?? '';
  for (const want of ['受理回执', tracking, '王**']) {
    if (!text.includes(want)) {
      throw new Error(`the receipt lacks "${want}"`);
    }
  }
  if (text.includes('13900001234') || text.includes('王桂兰')) {
    throw new Error('the public receipt shows the full name or phone');
  }
  await assertLooksRight(receipt);
  await shot(receipt, 'receipt');
  await receipt.close();

  // 查询进度 in citizen language
  await page.click('[data-test=portal-go-track]');
  await page.waitForURL((u) => u.pathname === `/portal/track/${tracking}`);
  await expectText(page, '[data-test=portal-status]', '已提交，等待受理');
  await expectText(page, '[data-test=portal-steps]', '已登记');
  if ((await page.locator('[data-test=portal-rate]').count()) !== 0) {
    throw new Error('a request not yet closed offers a rating');
  }
  await waitIdle(page);
  await capture(page, 'portal-track');

  // a mistyped code says so, without a stack of errors
  await page.fill('input[data-test=track-input]', 'ZZZZZZZZZZ');
  await page.click('[data-test=track-submit]');
  await expectText(page, '[data-test=track-error]', '没有找到这个查询码');

  // the same form on a desktop, without a QR code: the citizen picks county → township → village
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${server.url}/portal`);
  await choose(page, '[data-test=portal-region-4]', '曲周镇');
  await choose(page, '[data-test=portal-region-5]', '凤凰城社区');
  await page.locator('[data-test=challenge-image]').waitFor();
  await waitIdle(page);
  await capture(page, 'portal-desktop');

  if (foreign.length > 0) {
    throw new Error(`requests left the server's own host: ${foreign.join(', ')}`);
  }
  await context.close();

  await printQr(browser, server);
}
