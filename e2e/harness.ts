import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { fileURLToPath } from 'node:url';

export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const MAIN = fileURLToPath(new URL('../server/src/main.ts', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Server {
  url: string;
  /** The server's fresh data folder (demo TOTP secrets live in demo-totp.json there). */
  dataDir: string;
  stop(): void;
}

/** Starts the real server in demo mode on a fresh embedded database and a free port. */
export async function startServer(): Promise<Server> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fq-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      // the portal's picture challenge also answers in a header, so a browser test can solve it
      // (refused in production: the server will not start with it)
      PORTAL_CHALLENGE_ECHO: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not start:\n${log}`));
    }, 120_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      reject(new Error(`server exited ${String(code)}:\n${log}`));
    });
  });
  return { url, dataDir, stop: () => child.kill('SIGTERM') };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Mechanical look checks: the CJK font is in use and no element spills out of its container. */
export async function assertLooksRight(page: Page): Promise<void> {
  const font = await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK SC"'));
  if (!font) {
    throw new Error('CJK font (Noto Sans CJK SC) is not available to the page');
  }
  const overflow = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>('button, .el-button, .el-alert, .el-input, h1, h2, p'),
    )) {
      const parent = el.parentElement;
      // the dialog's own close button sits in the corner by design
      if (parent === null || el.offsetParent === null || el.matches('.el-dialog__headerbtn')) {
        continue;
      }
      const r = el.getBoundingClientRect();
      const p = parent.getBoundingClientRect();
      if (r.right > p.right + 1 || r.left < p.left - 1 || el.scrollWidth > el.clientWidth + 1) {
        bad.push(`${el.tagName}.${el.className}: ${el.textContent.slice(0, 30)}`);
      }
    }
    return bad;
  });
  if (overflow.length > 0) {
    throw new Error(`elements overflow their containers: ${overflow.join(' | ')}`);
  }
}
