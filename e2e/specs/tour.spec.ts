import type { Browser, Page } from 'playwright-core';
import type { Server } from '../harness.ts';
import { capture, signIn, signOut, waitIdle } from './ui.ts';

export const name = 'tour: every menu page of every role, own host only, no errors, nothing spills';

/** Roles that sign in without a second factor; the admin roles are toured by the admin spec. */
const USERS = ['leader', 'dispatcher', 'clerk', 'police', 'township', 'grid'];

/** The built app is served with a same-origin-only CSP and names no other host in its HTML. */
async function checkStaticShell(server: Server): Promise<void> {
  const r = await fetch(`${server.url}/`);
  const csp = r.headers.get('content-security-policy') ?? '';
  if (!/default-src 'self'/.test(csp)) {
    throw new Error(`the app is served without a same-origin CSP: ${csp}`);
  }
  const html = await r.text();
  const remote = /(?:src|href)\s*=\s*["'](?:https?:)?\/\/[^"']+/i.exec(html);
  if (remote !== null) {
    throw new Error(`index.html loads from another host: ${remote[0]}`);
  }
}

/** The account menu's change-password dialog shows the server's verdict at the field. */
async function tryChangePassword(page: Page): Promise<void> {
  await page.click('[data-test=account-menu]');
  await page.click('[data-test=change-password]');
  await page.fill('input[data-test=old-password]', 'Not-the-password-1');
  await page.fill('input[data-test=new-password]', 'Fq#2026-new-Pass');
  await page.fill('input[data-test=repeat-password]', 'Fq#2026-new-Pass');
  await page.click('[data-test=change-password-submit]');
  await page.waitForSelector('.el-dialog .el-form-item__error, .el-dialog .el-alert--error');
  await capture(page, 'change-password');
  await page.keyboard.press('Escape');
}

/** The demo county's matters were made on a simulated clock: none may be dated after now. */
async function checkDemoDates(browser: Browser, server: Server): Promise<void> {
  const s = await signIn(browser, server, 'leader');
  const r = await s.page.request.get(`${server.url}/api/matters?box=all&sort=newest&limit=1`);
  const newest = ((await r.json()) as { items: { registeredAt: string }[] }).items[0];
  if (newest === undefined || Date.parse(newest.registeredAt) > Date.now()) {
    throw new Error(`demo matters are missing or dated in the future: ${JSON.stringify(newest)}`);
  }
  await signOut(s);
}

/**
 * Issue 4: "no request from the built app goes to any host but its own". Every role opens every
 * page its menu offers; every request is recorded (signOut fails on a foreign one), and console
 * errors, uncaught exceptions and failed same-host requests (5xx) fail the tour.
 */
export async function run(browser: Browser, server: Server): Promise<void> {
  await checkStaticShell(server);
  await checkDemoDates(browser, server);
  for (const user of USERS) {
    const session = await signIn(browser, server, user);
    const { page } = session;
    const problems: string[] = [];
    page.on('console', (m) => {
      // "Failed to load resource" is the browser echoing an HTTP error answer: 4xx are answers
      // the pages handle (a wrong password below), 5xx are caught by the response listener
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 500) {
        problems.push(`${String(r.status())} ${r.url()}`);
      }
    });
    const entries = await page.$$eval('[data-test=nav] .el-menu-item', (items) =>
      items.map((i) => i.textContent.trim()),
    );
    if (entries.length === 0) {
      throw new Error(`${user} has no menu`);
    }
    for (const [i, label] of entries.entries()) {
      await page.click(`[data-test=nav] .el-menu-item >> text="${label}"`);
      await page.waitForLoadState('networkidle');
      await waitIdle(page);
      await capture(page, `tour-${user}-${String(i + 1)}`);
    }
    if (user === 'clerk') {
      await tryChangePassword(session.page);
    }
    if (problems.length > 0) {
      throw new Error(`${user}: ${problems.join(' | ')}`);
    }
    await signOut(session);
  }
}
