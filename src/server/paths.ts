import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (the folder of package.json), found from this file — the same whether the server runs
 * from the sources (src/server) or from the bundle the CLI builds (dist/server/main.mjs).
 */
export const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${path.dirname(fileURLToPath(import.meta.url))}`);
    dir = up;
  }
})();

export const MIGRATIONS_DIR = path.join(ROOT, 'src', 'server', 'db', 'migrations');
export const WEB_DIR = path.join(ROOT, 'dist', 'web');
