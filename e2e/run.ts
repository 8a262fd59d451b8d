// Browser tests: the real server (demo mode, fresh embedded database) driven in Debian's Chromium
// through playwright-core. Without Chromium they are skipped and say why, unless E2E_REQUIRED=1.
import { browserAvailable, CHROMIUM, launch, startServer } from './harness.ts';
import * as login from './specs/login.spec.ts';
import * as matterLoop from './specs/matter-loop.spec.ts';
import * as intakeChecks from './specs/intake-checks.spec.ts';

const specs = [login, matterLoop, intakeChecks];

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
