// Shared steps of the browser specs (not a spec itself): sign in as a demo user, pick from an
// Element Plus dropdown, and check that nothing covers a page's action buttons.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpNow } from '../../server/src/modules/auth/totp.ts';
import { assertLooksRight, shot, type Server } from '../harness.ts';

export const DEMO_PASSWORD = 'Fengqiao@2026';

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests that left the server's own host (there must be none: intranets have no internet). */
  foreign: string[];
}

/** Signs a demo user in; admins (三员) answer the TOTP prompt with a code from `totpSecret`. */
export async function signIn(
  browser: Browser,
  server: Server,
  username: string,
  totpSecret?: string,
): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) {
      foreign.push(r.url());
    }
  });
  await page.goto(`${server.url}/login`);
  await page.fill('input[data-test=username]', username);
  await page.fill('input[data-test=password]', DEMO_PASSWORD);
  await page.click('[data-test=submit]');
  if (totpSecret !== undefined) {
    await page.waitForSelector('input[data-test=code]');
    await page.fill('input[data-test=code]', totpNow(totpSecret, new Date()));
    await page.click('[data-test=submit]');
  }
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.waitForSelector('[data-test=who]');
  return { context, page, foreign };
}

export async function signOut(s: Session): Promise<void> {
  if (s.foreign.length > 0) {
    throw new Error(`requests left the server's own host: ${s.foreign.join(', ')}`);
  }
  await s.page.click('[data-test=logout]');
  await s.page.waitForURL((u) => u.pathname.startsWith('/login'));
  await s.context.close();
}

/** Opens a dropdown (select) once it is enabled and clicks the option starting with this text. */
export async function choose(page: Page, trigger: string, option: string): Promise<void> {
  await page.waitForSelector(`${trigger} .el-select__wrapper:not(.is-disabled)`);
  const item = page
    .locator('.el-select-dropdown__item:visible')
    .filter({ hasText: new RegExp(`^\\s*${option}`) })
    .first();
  // options may still be loading when the list first opens: reopen until the option shows
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await page.click(trigger);
    try {
      await item.waitFor({ timeout: 5000 });
      break;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  await item.click();
}

export async function waitIdle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(
    () => document.querySelectorAll('.el-loading-mask:not([style*="display: none"])').length === 0,
  );
}

/**
 * Every action button is the topmost element at its centre (no dialog, watermark, sticky bar or
 * neighbour lies over it) and no two buttons intersect.
 */
export async function assertActionsClear(
  page: Page,
  container = '[data-test=actions]',
): Promise<void> {
  const problems = await page.evaluate((sel) => {
    const out: string[] = [];
    const buttons = Array.from(document.querySelectorAll<HTMLElement>(`${sel} button`)).filter(
      (b) => b.offsetParent !== null,
    );
    const boxes: { name: string; l: number; t: number; r: number; b: number }[] = [];
    for (const b of buttons) {
      b.scrollIntoView({ block: 'nearest' });
      const r = b.getBoundingClientRect();
      const name = b.textContent.trim();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit === null || !(b === hit || b.contains(hit))) {
        out.push(`"${name}" is covered by ${hit?.tagName ?? 'nothing'}.${String(hit?.className)}`);
      }
      // page coordinates, so scrolling between buttons does not matter
      boxes.push({
        name,
        l: r.left + scrollX,
        t: r.top + scrollY,
        r: r.right + scrollX,
        b: r.bottom + scrollY,
      });
    }
    boxes.forEach((x, i) => {
      for (const y of boxes.slice(i + 1)) {
        if (!(x.r <= y.l || y.r <= x.l || x.b <= y.t || y.b <= x.t)) {
          out.push(`"${x.name}" overlaps "${y.name}"`);
        }
      }
    });
    if (buttons.length === 0) {
      out.push(`no visible buttons in ${sel}`);
    }
    return out;
  }, container);
  if (problems.length > 0) {
    throw new Error(`action buttons are not clear: ${problems.join(' | ')}`);
  }
}

/**
 * Checks the look and saves a full-page screenshot from the top of the page: the menu and the
 * top bar are sticky, so a capture taken while scrolled would draw them mid-page.
 */
export async function capture(page: Page, name: string): Promise<void> {
  await page.evaluate(async () => {
    window.scrollTo(0, 0);
    // let opening dialogs and ticking checkboxes finish (spinners repeat forever: skip them)
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
  await assertLooksRight(page);
  await shot(page, name);
}
