/** Starting and stopping `node bin/lianjian.mjs start` as a child process, timing how long it takes to answer. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/net.ts';
export { freePort };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'bin', 'lianjian.mjs');


export interface Started {
  child: ChildProcess;
  url: string;
  /** wall time from spawn until /api/health answered 200 */
  readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}

const running = new Set<ChildProcess>();
process.once('exit', () => { for (const c of running) killGroup(c, 'SIGKILL'); });

/** Spawns `lianjian start` with `env` on a free port and waits (polling every 10 ms) for /api/health = 200. */
export async function startCli(env: Record<string, string>, timeoutMs = 60_000): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<void>((r) => child.once('exit', () => { running.delete(child); r(); }));
  const stop = async () => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = t0 + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`lianjian start exited (${child.exitCode ?? child.signalCode}):\n${out}`);
    }
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`lianjian start did not answer /api/health within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, url, readyMs: performance.now() - t0, output: () => out, stop };
}
