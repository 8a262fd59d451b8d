// Browser tests: the real server (demo mode, fresh embedded database) driven in Debian's Chromium
// through playwright-core. Without Chromium they are skipped and say why, unless E2E_REQUIRED=1.
import { browserAvailable, CHROMIUM, launch, startServer } from './harness.ts';
import { readdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Server } from './harness.ts';

interface Spec {
  name: string;
  run(browser: Browser, server: Server): Promise<void>;
}

// every e2e/specs/*.spec.ts, in name order
const files = readdirSync(new URL('./specs/', import.meta.url))
  .filter((f) => f.endsWith('.spec.ts'))
  .sort();
const ALL: Spec[] = [];
for (const f of files) {
  ALL.push((await import(`./specs/${f}`)) as Spec);
}
// `node e2e/run.ts portal grid` runs only the specs whose names contain one of the words
const only = process.argv.slice(2);
const specs = only.length === 0 ? ALL : ALL.filter((s) => only.some((w) => s.name.includes(w)));

if (!browserAvailable()) {
  const why = `Chromium not found at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk)`;
  if (process.env.E2E_REQUIRED === '1') {
    console.error(`browser tests REQUIRED but cannot run: ${why}`);
    process.exit(1);
  }
  console.log(`browser tests SKIPPED: ${why}`);
  process.exit(0);
}

const server = await startServer();
const browser = await launch();
let passed = 0;
let failed = 0;
try {
  for (const spec of specs) {
    try {
      await spec.run(browser, server);
      passed += 1;
      console.log(`  ✓ ${spec.name}`);
    } catch (err) {
      failed += 1;
      console.log(`  ✗ ${spec.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
