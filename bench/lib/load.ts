/**
 * An HTTP load generator: N keep-alive connections over loopback, each sending one request after
 * another for a fixed time (warm-up first, not recorded), recording every request's latency.
 *
 * It runs in a worker thread, so its own work does not share the event loop of a server that lives
 * in the calling thread (the platform bench measures an app in its own process).
 */
import http from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { percentile } from './report.ts';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  /** concurrent connections, each with one request in flight */
  connections: number;
  /** recorded phase */
  durationMs: number;
  /** unrecorded phase before it */
  warmupMs: number;
  /** the status every response must have (others count as errors) */
  expectStatus?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** first error seen, for the report */
  firstError?: string;
  elapsedMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** every recorded latency (ms), sorted */
  latencies: Float64Array;
}

const WORKER_TAG = 'lianjian-bench-load';

/** Runs the load in a worker thread and resolves with its figures. */
export function measure(opts: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // A worker cannot start from a .ts file on Node 20 even under `--import tsx`: it registers tsx
    // itself, then imports this module, whose last lines run the load.
    const entry = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(entry, { eval: true, workerData: { tag: WORKER_TAG, opts } });
    let result: LoadResult | undefined;
    worker.once('message', (m: LoadResult) => { result = m; });
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load worker exited with ${code}`))));
  });
}

/** Several results of one scenario (e.g. interleaved rounds) as one. */
export function combine(results: LoadResult[]): LoadResult {
  const total = results.reduce((n, r) => n + r.latencies.length, 0);
  const all = new Float64Array(total);
  let at = 0;
  for (const r of results) { all.set(r.latencies, at); at += r.latencies.length; }
  all.sort();
  const elapsedMs = results.reduce((n, r) => n + r.elapsedMs, 0);
  return {
    requests: total, errors: results.reduce((n, r) => n + r.errors, 0),
    firstError: results.find((r) => r.firstError)?.firstError, elapsedMs,
    rps: total / (elapsedMs / 1000),
    p50Ms: percentile(all, 50), p99Ms: percentile(all, 99), maxMs: all[all.length - 1] ?? NaN, latencies: all,
  };
}

/** The same, in the calling thread. */
export async function generate(opts: LoadOptions): Promise<LoadResult> {
  const url = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections });
  const expect = opts.expectStatus ?? 200;
  let errors = 0;
  let firstError: string | undefined;

  const once = () => new Promise<void>((resolve) => {
    const req = http.request({
      agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET',
      headers: { accept: 'application/json', ...opts.headers },
    }, (res) => {
      if (res.statusCode !== expect) {
        errors++;
        firstError ??= `HTTP ${res.statusCode}`;
      }
      res.resume();
      res.once('end', resolve);
      res.once('error', () => resolve());
    });
    req.once('error', (e) => { errors++; firstError ??= e.message; resolve(); });
    req.end();
  });

  const phase = async (ms: number, latencies: number[] | null) => {
    const end = performance.now() + ms;
    const worker = async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await once();
        latencies?.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: opts.connections }, worker));
  };

  await phase(opts.warmupMs, null);
  errors = 0;
  firstError = undefined;
  const latencies: number[] = [];
  const t0 = performance.now();
  await phase(opts.durationMs, latencies);
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length, errors, firstError, elapsedMs,
    rps: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1] ?? NaN,
    latencies: sorted,
  };
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  const { opts } = workerData as { opts: LoadOptions };
  generate(opts).then((r) => parentPort!.postMessage(r, [r.latencies.buffer as ArrayBuffer]), (e: unknown) => { throw e; });
}
