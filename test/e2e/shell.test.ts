/**
 * The web shell in a real browser against the real server: sign-in, menu, language switch, sign-out,
 * 404, the phone layout, change password; and the screenshots the README links.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fetchStatus, hasHorizontalScroll, ROOT, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const e2e = useE2E({ timeoutMs: 240_000 });

const menuLabels = (page: Page) =>
  page.getByTestId('side-menu').getByRole('menuitem').allInnerTexts().then((xs) => xs.map((x) => x.trim()));
const HAN = /\p{Script=Han}/u;

/** The admin sees every entry; more pages join the menu as modules land, so check the ones the shell has. */
async function expectMenu(page: Page, locale: 'zh' | 'en') {
  const labels = await menuLabels(page);
  if (locale === 'zh') {
    expect(labels.slice(0, 1)).toEqual(['首页']);
    expect(labels).toContain('审计日志');
    for (const l of labels) expect(l).toMatch(HAN);
  } else {
    expect(labels.slice(0, 1)).toEqual(['Home']);
    expect(labels).toContain('Audit log');
    for (const l of labels) expect(l).not.toMatch(HAN); // every entry translated
  }
  return labels;
}

/** Switches the language and waits until the server has stored the choice (signed-in pages only). */
async function switchLanguage(page: Page, to: 'zh' | 'en') {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/locale') && r.request().method() === 'PUT');
  await page.getByTestId(`lang-${to}`).click();
  expect((await saved).status()).toBe(200);
}

/** Photographs the page for the README: docs/screenshots/NAME.png (see the note in the test). */
async function readmeShot(page: Page, name: string) {
  const fresh = path.join(RESULTS_DIR, 'screenshots', `${name}.png`);
  await screenshot(page, fresh);
  const doc = path.join(ROOT, 'docs', 'screenshots', `${name}.png`);
  if (process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(doc)) {
    fs.mkdirSync(path.dirname(doc), { recursive: true });
    fs.copyFileSync(fresh, doc);
  }
}

describe('web shell', () => {
  it('a wrong password shows the error and signs nobody in', async () => {
    const page = await e2e.newPage();
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').isVisible()).toBe(true);
    expect(await page.getByTestId('login-error').innerText()).toMatch(/用户名或密码|密码/);
    expect(page.url()).toMatch(/\/login$/);
    expect(await fetchStatus(page, '/api/v1/me')).toBe(401);
  });

  it('signs in, shows the menu, switches language (kept after reload and on the server), signs out', async () => {
    const page = await e2e.newPage();
    await e2e.login(page);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByTestId('side-menu').waitFor();
    const zh = await expectMenu(page, 'zh');
    expect(await page.getByTestId('page-title').innerText()).toBe('首页');
    // the health card: the kind of database and migrations up to date
    const health = page.getByTestId('health-card');
    await expect.poll(() => health.innerText()).toContain('pglite');
    expect(await health.innerText()).toContain('已是最新');

    await switchLanguage(page, 'en');
    expect(await expectMenu(page, 'en')).toHaveLength(zh.length);
    expect(await page.getByTestId('page-title').innerText()).toBe('Home');
    expect(await page.getByTestId('user-menu').getAttribute('aria-label')).toBe('User menu');

    await page.reload();
    await page.getByTestId('side-menu').waitFor();
    await expectMenu(page, 'en');
    expect(await page.getByTestId('page-title').innerText()).toBe('Home');

    // a new browser (no localStorage) gets the language saved on the server once signed in
    const other = await e2e.newPage();
    await other.goto('/login');
    expect(await other.getByTestId('login-submit').innerText()).toBe('登录');
    await e2e.login(other);
    await expectMenu(other, 'en');
    await switchLanguage(other, 'zh');
    expect(await expectMenu(other, 'zh')).toEqual(zh);

    // sign out from the first page
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lj_sid');
    expect(cookie).toBeDefined();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    await page.getByTestId('login-username').waitFor();
    expect(await fetchStatus(page, '/api/v1/me')).toBe(401);
    // the session is gone on the server, not only the cookie in this browser
    const replay = await fetch(`${e2e.server.url}/api/v1/me`, { headers: { cookie: `lj_sid=${cookie!.value}` } });
    expect(replay.status).toBe(401);
    // the other browser's session is untouched
    expect(await fetchStatus(other, '/api/v1/me')).toBe(200);
  });

  it('an unknown route shows the 404 page', async () => {
    const page = await e2e.newPage();
    await e2e.login(page);
    await page.goto('/no/such/page');
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('404');
    expect(await page.getByText('抱歉，您访问的页面不存在。').isVisible()).toBe(true);
    await page.getByTestId('back-home').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('首页');
  });

  it('at 375 px the pages do not scroll sideways and the menu opens from the toggle', async () => {
    const page = await e2e.newPage({ width: 375 });
    await page.goto('/login');
    await page.getByTestId('login-username').waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);

    await e2e.login(page);
    await page.getByTestId('permissions-card').waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await page.getByTestId('side-menu').count()).toBe(0); // no side bar on a phone

    await page.getByTestId('menu-toggle').click();
    const menu = page.getByTestId('side-menu');
    await menu.waitFor();
    await expectMenu(page, 'zh');
    await menu.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL('**/audit');
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('审计日志');
    await expect.poll(() => menu.isVisible()).toBe(false); // the drawer closed after navigating
    await page.waitForLoadState('networkidle');
    expect(await hasHorizontalScroll(page)).toBe(false);
  });

  it('takes the README screenshots (sign-in and home, 1280 and 375 px)', async () => {
    for (const width of [1280, 375]) {
      const page = await e2e.newPage({ width });
      await page.goto('/login');
      await page.getByTestId('login-submit').waitFor();
      await page.evaluate(() => document.fonts.ready);
      await readmeShot(page, `login-${width}`);
      await e2e.login(page);
      await page.getByTestId('permissions-card').waitFor();
      await expect.poll(() => page.getByTestId('health-card').innerText()).toContain('pglite');
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => document.fonts.ready);
      await readmeShot(page, `home-${width}`);
    }
    for (const name of ['login-1280', 'login-375', 'home-1280', 'home-375']) {
      expect(fs.statSync(path.join(ROOT, 'docs', 'screenshots', `${name}.png`)).size).toBeGreaterThan(5_000);
    }
  });

  // Last: it changes the admin's password for the rest of this file.
  it('changes the password; the new one signs in, the old one no longer does', async () => {
    const page = await e2e.newPage();
    await e2e.login(page);
    const next = `${e2e.server.adminPassword}-new`;
    await page.getByTestId('user-menu').click();
    await page.getByTestId('change-password').click();
    await page.getByTestId('password-current').fill(e2e.server.adminPassword);
    await page.getByTestId('password-new').fill(next);
    await page.getByTestId('password-confirm').fill(next);
    const changed = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'));
    await page.getByTestId('password-submit').click();
    expect((await changed).status()).toBe(200);
    await expect.poll(() => page.getByText('密码已修改').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('password-submit').count()).toBe(0); // the dialog closed
    const old = e2e.server.adminPassword;
    expect(await fetchStatus(page, '/api/v1/me')).toBe(200); // this session survives

    const again = await e2e.newPage();
    await again.goto('/login');
    await again.getByTestId('login-username').fill('admin');
    await again.getByTestId('login-password').fill(old);
    await again.getByTestId('login-submit').click();
    await again.getByTestId('login-error').waitFor();
    await e2e.login(again, 'admin', next);
    expect(await fetchStatus(again, '/api/v1/me')).toBe(200);
  });
});
