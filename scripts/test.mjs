#!/usr/bin/env node
/**
 * `npm test`: the whole suite. The API tests (projects pglite, postgres, citus — whichever the environment enables)
 * and the browser tests (project e2e) run as two vitest processes side by side, so that the browser tests, which
 * wait on a server and Chromium most of the time, use the second core instead of running after all the API files
 * (one vitest process puts a project without file parallelism in a group of its own that starts when the others are
 * done: on the 2-core CI machine that was half of the run). The browser run's lines are prefixed with "e2e │".
 *
 * With arguments (`npm test -- src/x.test.ts`, `npm test -- --project pglite`) it is plain `vitest run <args>`.
 * SKIP_E2E=1 leaves the browser tests out (vitest.config.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = process.argv.slice(2);

/** Runs vitest with `argv`; resolves to its exit code. `prefix`: its output goes line by line, each line prefixed. */
function run(argv, prefix) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', ...argv], {
      stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: process.env,
    });
    if (prefix) {
      for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
        readline.createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`));
      }
    }
    const stop = (signal) => child.kill(signal);
    process.once('SIGINT', stop).once('SIGTERM', stop);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let code;
if (args.length || process.env.SKIP_E2E) {
  code = await run(args);
} else {
  const started = Date.now();
  const [api, e2e] = await Promise.all([run(['--project', '!e2e']), run(['--project', 'e2e'], 'e2e │ ')]);
  const secs = Math.round((Date.now() - started) / 1000);
  console.log(`\nnpm test: API tests ${api === 0 ? 'passed' : `FAILED (exit ${api})`}, browser tests ${e2e === 0 ? 'passed' : `FAILED (exit ${e2e})`} — ${secs} s`);
  code = api || e2e;
}
process.exit(code);
