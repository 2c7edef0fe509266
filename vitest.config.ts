import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const apiTests = ['src/**/*.test.ts', 'bench/**/*.test.ts'];
const citusFiles = () => {
  const files = (process.env.TEST_CITUS_FILES ?? '').split(/[\s,]+/).filter(Boolean);
  return files.length && !files.includes('all') ? files : apiTests;
};
/**
 * The API test files that never touch the database under test (pure functions, or the CLI on PGlite data directories
 * of its own): they run in the pglite project only, not once more per server (a file that uses the test database
 * imports it from test/support/).
 */
const dbFree = ['src', 'bench'].flatMap((dir) => (fs.readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts')).map((f) => path.join(dir, f)))
  .filter((f) => !/test\/support\//.test(fs.readFileSync(f, 'utf8')) && f !== path.join('src', 'server', 'db', 'client.test.ts'));
const projects = [
  {
    test: {
      name: 'pglite', include: apiTests, env: { TEST_DB: 'pglite' },
      globalSetup: ['test/support/global-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000,
    },
  },
  ...(process.env.TEST_DATABASE_URL ? [{
    test: {
      name: 'postgres', include: apiTests, exclude: dbFree, env: { TEST_DB: 'pg' },
      globalSetup: ['test/support/global-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000,
    },
  }] : []),
  // the API suite on a Citus cluster (docs/scaling.md); TEST_CITUS_FILES narrows it to some files ('all': every one)
  ...(process.env.TEST_CITUS_URL ? [{
    test: {
      name: 'citus', include: citusFiles(),
      // these two run only on their own PGlite data directories, whatever the project's database
      exclude: ['src/server/cli.test.ts', 'src/server/db/client.test.ts'],
      env: { TEST_DB: 'citus' },
      globalSetup: ['test/support/global-setup.ts'], testTimeout: 120_000, hookTimeout: 120_000,
    },
  }] : []),
  ...(process.env.SKIP_E2E ? [] : [{
    test: {
      name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000,
      // the demo data directory the servers start from, seeded once per run (test/support/demo.ts)
      globalSetup: ['test/support/global-setup.ts'],
      fileParallelism: false,
      // a page waits on the server, which on a loaded 2-core CI machine can take seconds (vitest's default is 1 s;
      // Playwright's own waits default to 30 s)
      expect: { poll: { timeout: 30_000 } },
    },
  }]),
];

export default defineConfig({
  test: {
    projects,
    pool: 'forks',
  },
});
