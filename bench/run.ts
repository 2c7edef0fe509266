/**
 * `npm run bench [-- NAME…]`: runs every `bench/*.bench.ts` module (or those whose name contains one
 * of the NAMEs) and prints one table of their figures with goals and PASS/FAIL.
 *
 * A bench module exports `async function run(): Promise<BenchResult[]>` (see lib/report.ts); adding
 * a file is all it takes to plug one in. A bench is not a test: this exits 0 even when a goal is
 * missed (the table says FAIL); it exits 1 only when a module could not run at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, type BenchModule, type BenchResult } from './lib/report.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const all = fs.readdirSync(BENCH_DIR).filter((f) => f.endsWith(SUFFIX)).sort();
  const chosen = all.filter((f) => filters.length === 0 || filters.some((x) => f.slice(0, -SUFFIX.length).includes(x)));
  if (chosen.length === 0) {
    console.error(`No bench module matches ${filters.join(', ')}; available: ${all.map((f) => f.slice(0, -SUFFIX.length)).join(', ')}`);
    return 1;
  }

  const rows: { module: string; result: BenchResult }[] = [];
  const failed: string[] = [];
  for (const file of chosen) {
    const name = file.slice(0, -SUFFIX.length);
    console.error(`== ${name}`);
    const t0 = performance.now();
    try {
      const mod = (await import(pathToFileURL(path.join(BENCH_DIR, file)).href)) as Partial<BenchModule>;
      if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`);
      for (const result of await mod.run()) rows.push({ module: name, result });
    } catch (e) {
      failed.push(name);
      console.error(`  ${name} failed: ${(e as Error)?.stack ?? e}`);
    }
    console.error(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }

  console.log(`\nLianjian benchmarks — node ${process.version}, ${os.cpus().length} CPU(s), ${new Date().toISOString()}\n`);
  console.log(formatTable(rows));
  const goals = rows.filter((r) => r.result.pass !== undefined);
  const missed = goals.filter((r) => !r.result.pass).length;
  console.log(`\n${goals.length - missed}/${goals.length} goals met${failed.length ? `; could not run: ${failed.join(', ')}` : ''}`);
  return failed.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
