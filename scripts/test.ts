// npm test: lint, typecheck, unit + integration on PGlite, integration again on PostgreSQL when
// TEST_DATABASE_URL is set, then the browser tests when they exist. Stops at the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Step {
  name: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  when?: () => boolean;
  skipReason?: string;
}

const pgUrl = process.env.TEST_DATABASE_URL ?? '';
const steps: Step[] = [
  { name: 'lint', cmd: 'npm', args: ['run', 'lint'] },
  { name: 'typecheck', cmd: 'npm', args: ['run', 'typecheck'] },
  {
    name: 'unit + integration (PGlite)',
    cmd: 'npx',
    args: ['vitest', 'run'],
    env: { TEST_DB_ENGINE: 'pglite' },
  },
  {
    name: 'integration (PostgreSQL)',
    cmd: 'npx',
    args: ['vitest', 'run'],
    env: { TEST_DB_ENGINE: 'postgresql' },
    when: () => pgUrl !== '',
    skipReason:
      'TEST_DATABASE_URL is not set, so the PostgreSQL pass was skipped (CI always sets it)',
  },
  {
    name: 'browser tests (Chromium)',
    cmd: 'npm',
    args: ['run', 'e2e'],
    when: () => existsSync('e2e/run.ts'),
    skipReason: 'no browser tests in this checkout yet',
  },
];

const results: string[] = [];
for (const step of steps) {
  if (step.when !== undefined && !step.when()) {
    console.log(`\n== ${step.name}: SKIPPED — ${step.skipReason ?? ''}`);
    results.push(`skipped  ${step.name}`);
    continue;
  }
  console.log(`\n== ${step.name}`);
  const started = Date.now();
  const r = spawnSync(step.cmd, step.args, {
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n== ${step.name}: FAILED (${secs} s)`);
    process.exit(r.status ?? 1);
  }
  results.push(`passed   ${step.name} (${secs} s)`);
}
console.log(`\n== summary\n${results.map((l) => `  ${l}`).join('\n')}`);
