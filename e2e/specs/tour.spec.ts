import type { Browser } from 'playwright-core';
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
      if (m.type() === 'error') {
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
    if (problems.length > 0) {
      throw new Error(`${user}: ${problems.join(' | ')}`);
    }
    await signOut(session);
  }
}
