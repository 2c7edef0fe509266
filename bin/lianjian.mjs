#!/usr/bin/env node
// The Lianjian CLI. The server is TypeScript; it runs from one bundled file, dist/server/main.mjs, which esbuild
// (it comes with tsx) builds in well under a second whenever the file is missing or older than a source file.
// Loading one file instead of compiling ~150 modules through a loader at every start saves about a second on a
// small machine. LIANJIAN_NO_BUNDLE=1 (or a failed build) runs the sources through tsx instead.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'server', 'main.mjs');

/** Newest modification time (ms) of any file below a directory. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The bundle's URL, built first when stale; null when it cannot be built. */
async function bundle() {
  const sources = Math.max(newest(join(root, 'src', 'server')), newest(join(root, 'src', 'shared')), statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(out) && statSync(out).mtimeMs >= sources) return pathToFileURL(out).href;
  const tmp = `${out}.${process.pid}.tmp.mjs`;
  try {
    const { build } = await import('esbuild');
    mkdirSync(dirname(out), { recursive: true });
    await build({
      entryPoints: [join(root, 'src', 'server', 'main.ts')], outfile: tmp, bundle: true, platform: 'node', format: 'esm',
      target: 'node20', packages: 'external', sourcemap: 'inline', logLevel: 'error',
    });
    renameSync(tmp, out); // atomic: a concurrent start never loads a half-written file
    return pathToFileURL(out).href;
  } catch (e) {
    rmSync(tmp, { force: true });
    console.error(`(could not bundle the server, running the sources: ${e?.message ?? e})`);
    return null;
  }
}

const url = process.env.LIANJIAN_NO_BUNDLE ? null : await bundle();
if (url) {
  process.setSourceMapsEnabled(true); // stack traces point at the TypeScript sources
  const { run } = await import(url);
  await run(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src/server/main.ts');
  await run(process.argv.slice(2));
}
