import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include:
      process.env.TEST_DB_ENGINE === 'postgresql'
        ? ['server/src/**/*.int.test.ts']
        : ['contracts/src/**/*.test.ts', 'server/src/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['server/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
