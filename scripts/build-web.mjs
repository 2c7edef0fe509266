#!/usr/bin/env node
// Builds the web app (src/web → dist/web) with Vite, but only when dist/web/index.html is missing
// or older than the newest file under src/web, src/shared or vite.config.ts. Cheap enough for
// `npm install` (prepare) and test setup to call every time.
//
//   node scripts/build-web.mjs          build if stale
//   node scripts/build-web.mjs --force  always build
//   LIANJIAN_SKIP_WEB_BUILD=1           do nothing (e.g. production installs without devDependencies)
//
// The build goes to a temporary directory that is then swapped in, so a server serving dist/web
// (or a second concurrent build) never sees a half-written tree.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repoRoot, 'dist', 'web');
const indexHtml = join(outDir, 'index.html');
const inputs = [join(repoRoot, 'src', 'web'), join(repoRoot, 'src', 'shared'), join(repoRoot, 'vite.config.ts')];

/** Newest modification time (ms) of a file or of any file below a directory; 0 if absent. */
function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function rel(path) {
  return path.startsWith(repoRoot) ? path.slice(repoRoot.length + 1) : path;
}

async function main() {
  if (process.env.LIANJIAN_SKIP_WEB_BUILD === '1') {
    console.log('web: build skipped (LIANJIAN_SKIP_WEB_BUILD=1)');
    return;
  }
  const force = process.argv.includes('--force');
  const builtAt = existsSync(indexHtml) ? statSync(indexHtml).mtimeMs : 0;
  const sourcesAt = Math.max(...inputs.map(newestMtime));
  if (!force && builtAt > 0 && builtAt >= sourcesAt) {
    console.log(`web: up to date (${rel(outDir)})`);
    return;
  }

  // the bundle the server serves is always the production one, whoever builds it: the browser tests call this script from
  // vitest (NODE_ENV=test), and a test-mode bundle carries React's and antd's development warnings (console errors in
  // the page walk, e.g. antd 6.6's List deprecation) and runs slower
  process.env.NODE_ENV = 'production';
  let build;
  try {
    ({ build } = await import('vite'));
  } catch (err) {
    throw new Error(`vite is not installed (it is a devDependency); cannot build ${rel(outDir)}: ${err.message}`, { cause: err });
  }

  const started = Date.now();
  const tmpDir = join(repoRoot, 'dist', `.web-build-${process.pid}`);
  rmSync(tmpDir, { recursive: true, force: true });
  try {
    await build({
      configFile: join(repoRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: tmpDir, emptyOutDir: true },
    });
    if (!existsSync(join(tmpDir, 'index.html'))) throw new Error('vite build produced no index.html');
    swapIn(tmpDir, outDir);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  console.log(`web: built ${rel(outDir)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Replace `target` with `source` using renames (atomic per step on one filesystem). */
function swapIn(source, target) {
  const retired = [];
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        if (existsSync(target)) {
          const old = `${target}.old-${process.pid}-${attempt}`;
          renameSync(target, old);
          retired.push(old);
        }
        renameSync(source, target);
        return;
      } catch (err) {
        // Another build swapped its result in between our two renames: retry a few times.
        if (attempt >= 3 || !['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(err.code)) throw err;
      }
    }
  } finally {
    for (const old of retired) rmSync(old, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`web: build failed: ${err?.message ?? err}`);
  process.exit(1);
});
