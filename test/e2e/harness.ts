/**
 * Browser-test harness: the real server (`node bin/lianjian.mjs start`) as a child process on a free
 * port with a fresh DATA_DIR, and Debian's Chromium driven by playwright-core.
 *
 * A test file typically does:
 *
 *   const e2e = useE2E();                       // server + browser for the whole file
 *   it('…', async () => {
 *     const page = await e2e.newPage({ width: 375 });
 *     await e2e.login(page, 'admin', e2e.server.adminPassword);
 *   });
 *
 * `useE2E()` registers beforeAll/afterAll (start and always stop both), closes the pages each test
 * opened, and saves a screenshot of every open page into test-results/ when a test fails.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { demoDataDir } from '../support/demo.ts';
import { freePort } from '../support/net.ts';
export { freePort };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
const CLI = path.join(ROOT, 'bin', 'lianjian.mjs');
const run = promisify(execFile);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// ---- web bundle -------------------------------------------------------------------------------

let built: Promise<void> | undefined;
/** Builds dist/web when it is missing or older than its sources (cheap when up to date). */
export function ensureWebBuilt(): Promise<void> {
  built ??= run(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, maxBuffer: 16 << 20 })
    .then(() => undefined);
  return built;
}

// ---- server -----------------------------------------------------------------------------------


export interface ServerHandle {
  url: string;
  port: number;
  dataDir: string;
  /** LIANJIAN_ADMIN_PASSWORD: the password of every sign-in the demo data seeded (admin and the demo users) */
  readonly adminPassword: string;
  /** stdout + stderr of the server so far */
  output(): string;
  /** stops the process group and waits for it; removes the data dir unless keepDataDir */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** use this data dir (it is kept on stop); default: a fresh temporary one, removed on stop */
  dataDir?: string;
  adminPassword?: string;
  env?: Record<string, string>;
  /** how long to wait for /api/health (ms) */
  timeoutMs?: number;
}

/**
 * How long a server may take to start (migrate, seed the demo data, answer /api/health) by default: on a loaded
 * 2-core machine that has taken over a minute, and a test that fails only when the machine is busy is a defect.
 */
const START_TIMEOUT_MS = 240_000;

const running = new Set<ChildProcess>();
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}
// Last resort: never leave a server behind when the test process itself goes away.
process.once('exit', () => { for (const c of running) killGroup(c, 'SIGKILL'); });

export async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before answering /api/health:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`server did not answer /api/health within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts `node bin/lianjian.mjs start` on a free port and waits until /api/health answers 200. */
export async function startServer(opts: StartOptions = {}): Promise<ServerHandle> {
  const ownDir = !opts.dataDir;
  // by default a copy of the run's demo data directory (seeded once, test/support/demo.ts); with a password of its
  // own and no directory, the server seeds a fresh one itself
  const demo = !opts.dataDir && !opts.adminPassword ? await demoDataDir() : undefined;
  const dataDir = opts.dataDir ?? demo?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-'));
  const adminPassword = opts.adminPassword ?? demo?.adminPassword ?? `e2e-${randomBytes(9).toString('base64url')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: ROOT,
    detached: true, // its own process group, so stop() takes down anything it spawned
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '',
      LIANJIAN_ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'warn', NODE_ENV: 'production',
      ...opts.env,
    },
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));

  let stopped = false;
  const handle: ServerHandle = {
    url, port, dataDir, adminPassword,
    output: () => out,
    async stop() {
      if (stopped) return;
      stopped = true;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForHealth(url, child, opts.timeoutMs ?? START_TIMEOUT_MS, () => out);
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

// ---- browser ----------------------------------------------------------------------------------

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  width?: number;
  height?: number;
  /** the browser's language (navigator.language / Accept-Language) */
  locale?: string;
  /** the browser's time zone (default Asia/Shanghai; the app shows Beijing time whatever it is) */
  timezoneId?: string;
}

/** A new context (own cookies and localStorage) and page on the server's origin. */
export async function openPage(browser: Browser, server: ServerHandle, opts: PageOptions = {}): Promise<Page> {
  const width = opts.width ?? 1280;
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width, height: opts.height ?? (width < 768 ? 812 : 800) },
    locale: opts.locale ?? 'zh-CN',
    timezoneId: opts.timezoneId ?? 'Asia/Shanghai',
    isMobile: width < 768,
    hasTouch: width < 768,
    deviceScaleFactor: 1,
    // the app then turns Ant Design's animations off (src/web/App.tsx): a pop-up is usable as soon as it is shown
    reducedMotion: 'reduce',
  });
  // waits only matter when something is wrong: on a loaded 2-core CI machine (API test files running beside the
  // browser tests) a first write to a just-started server has been seen to take more than 15 s
  context.setDefaultTimeout(30_000);
  return context.newPage();
}

/** Signs in through the sign-in page and waits for the app shell. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/** Status of GET `path` made by the page itself (so with its cookies). */
export function fetchStatus(page: Page, apiPath: string): Promise<number> {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).status, apiPath);
}

/** Whether the document is wider than the viewport (i.e. scrolls sideways). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    return Math.max(doc.scrollWidth, document.body.scrollWidth) > doc.clientWidth + 1;
  });
}

/**
 * Picks `label` in an Ant Design Select (`select`: the .ant-select element) and waits until the select shows it. A
 * click on an option while the dropdown is still opening (its animation) can be lost on a busy machine: then it is
 * tried again, up to three times.
 */
export async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible:not([class*="-leave"])');
  for (let attempt = 1; ; attempt++) {
    // open it unless a dropdown is open (Escape would close the form's modal too)
    if (!(await dropdown.count())) await select.click();
    await dropdown.getByText(label, { exact: true }).first().click();
    try {
      // the select's own text is its value (the dropdown is rendered elsewhere in the page)
      await select.filter({ hasText: label }).first().waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

export function safeName(s: string): string {
  return s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 120) || 'test';
}

export async function screenshot(page: Page, file: string, fullPage = false): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}

// ---- the fixture -------------------------------------------------------------------------------

export interface E2E {
  readonly server: ServerHandle;
  readonly browser: Browser;
  /** a page in a new context, closed after the current test */
  newPage(opts?: PageOptions): Promise<Page>;
  /** signs in through the sign-in page; default: admin with the seeded password */
  login(page: Page, username?: string, password?: string): Promise<void>;
}

/** Server + browser for the test file, with per-test cleanup and screenshots of failures. */
export function useE2E(opts: StartOptions = {}): E2E {
  let server: ServerHandle | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    const [s, b] = await Promise.allSettled([startServer(opts), launchBrowser()]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
  }, (opts.timeoutMs ?? START_TIMEOUT_MS) + 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  // afterEach runs after the test's result is known and before anything is closed: the moment to
  // photograph what a failed test left on screen.
  afterEach(async (ctx) => {
    const open = contexts;
    contexts = [];
    if (ctx.task.result?.state === 'fail') {
      const base = safeName(`${path.basename(ctx.task.file?.name ?? 'e2e', '.test.ts')}-${ctx.task.name}`);
      let i = 0;
      for (const c of open) {
        for (const p of c.pages()) {
          const file = path.join(RESULTS_DIR, `${base}${i++ ? `-${i}` : ''}.png`);
          await screenshot(p, file, true).then(
            () => console.error(`screenshot of the failed test: ${path.relative(ROOT, file)}`),
            () => {},
          );
        }
      }
      if (server) console.error(`server output (tail):\n${server.output().slice(-4000)}`);
    }
    await Promise.all(open.map((c) => c.close().catch(() => {})));
  });

  const e2e: E2E = {
    get server() {
      if (!server) throw new Error('the server is not running (beforeAll failed?)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not running (beforeAll failed?)');
      return browser;
    },
    async newPage(pageOpts) {
      const page = await openPage(e2e.browser, e2e.server, pageOpts);
      contexts.push(page.context());
      return page;
    },
    login(page, username = 'admin', password) {
      return login(page, username, password ?? e2e.server.adminPassword);
    },
  };
  return e2e;
}
