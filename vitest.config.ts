import { defineConfig } from 'vitest/config';

const apiTests = ['src/**/*.test.ts', 'bench/**/*.test.ts'];
const projects = [
  {
    test: {
      name: 'pglite', include: apiTests, env: { TEST_DB: 'pglite' },
      globalSetup: ['test/support/global-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000,
    },
  },
  ...(process.env.TEST_DATABASE_URL ? [{
    test: {
      name: 'postgres', include: apiTests, env: { TEST_DB: 'pg' },
      globalSetup: ['test/support/global-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000,
    },
  }] : []),
  ...(process.env.SKIP_E2E ? [] : [{
    test: {
      name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000,
      fileParallelism: false,
    },
  }]),
];

export default defineConfig({
  test: {
    projects,
    pool: 'forks',
  },
});
