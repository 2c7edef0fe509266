/**
 * Accounts and roles in a real browser: 孔浦's region admin creates a judge's account (a resident
 * representative), grants the judge role on the open contest, and the judge signs in with the first
 * password and is made to choose their own before anything else.
 */
import type { Page } from 'playwright-core';
import ExcelJS from '../../src/server/platform/exceljs.ts';
import { describe, expect, it } from 'vitest';
import { useE2E } from './harness.ts';

// the machine may be shared: a generous start-up time
const e2e = useE2E({ timeoutMs: 240_000 });

/** Picks an option of the antd Select with this test id (typing `search` first, when given). */
async function pick(page: Page, testId: string, option: string | RegExp | null, search?: string) {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(search);
  const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  await (option === null ? options.first() : options.filter({ hasText: option }).first()).click();
  // until this dropdown has closed, its options would be the ones the next pick finds
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
}

describe('accounts and roles', () => {
  it('a region admin creates a judge account and grants it; the judge must change the first password', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    await page.getByTestId('side-menu').getByRole('menuitem').filter({ hasText: /^用户与授权$/ }).click();
    await page.waitForURL('**/accounts');
    // the region's accounts with their grants, role labels in Chinese
    await expect.poll(() => page.getByText('组织管理员 · 怡江社区党委').count()).toBeGreaterThan(0);

    await page.getByTestId('acc-create').click();
    await page.getByTestId('acc-username').fill('rep_zhang');
    await page.getByTestId('acc-displayname').fill('居民代表张伟');
    await page.getByTestId('acc-create-submit').click();
    const password = (await page.getByTestId('acc-first-password').innerText()).trim();
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(await page.getByTestId('acc-first-username').innerText()).toBe('rep_zhang');
    // the first passwords as xlsx to hand out
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('acc-passwords-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('初始密码.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect([1, 2, 3, 4].map((c) => String(wb.worksheets[0].getRow(2).getCell(c).value ?? ''))).toEqual(['居民代表张伟', '', 'rep_zhang', password]);
    await page.getByTestId('acc-passwords-close').click();

    // grant the judge role on the open contest, in the drawer
    await page.getByTestId('acc-search').locator('input').fill('rep_zhang');
    await page.getByTestId('acc-search').locator('input').press('Enter');
    await page.getByTestId('acc-grants-rep_zhang').click();
    await pick(page, 'acc-role', /^评委$/, '评委');
    await pick(page, 'acc-scope', null);
    await page.getByTestId('acc-grant-submit').click();
    await expect.poll(() => page.getByTestId('acc-drawer').getByText('评委', { exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByText(/^评委 · /).count()).toBeGreaterThan(0);

    // the judge signs in with the first password: only the change-password screen until it is changed
    const judge = await e2e.newPage();
    await judge.goto('/login');
    await judge.getByTestId('login-username').fill('rep_zhang');
    await judge.getByTestId('login-password').fill(password);
    await judge.getByTestId('login-submit').click();
    await judge.getByTestId('force-password').waitFor();
    expect(await judge.getByTestId('side-menu').count()).toBe(0);
    await judge.getByTestId('password-current').fill(password);
    await judge.getByTestId('password-new').fill('my-own-password-1');
    await judge.getByTestId('password-confirm').fill('my-own-password-1');
    await judge.getByTestId('password-submit').click();
    await judge.getByTestId('user-menu').waitFor();
    // now a judge: the contest scoring page is in the menu, the accounts page is not
    const labels = await judge.getByTestId('side-menu').getByRole('menuitem').allInnerTexts();
    expect(labels.join('|')).not.toContain('用户与授权');
    await judge.reload();
    await judge.getByTestId('user-menu').waitFor();
    expect(await judge.getByTestId('force-password').count()).toBe(0);

    // back on the admin's page the account no longer waits for a password change
    await page.reload();
    await page.getByTestId('acc-search').locator('input').fill('rep_zhang');
    await page.getByTestId('acc-search').locator('input').press('Enter');
    const row = page.locator('tr', { hasText: 'rep_zhang' });
    await expect.poll(() => row.innerText()).toContain('正常');
    await expect.poll(() => row.innerText()).not.toContain('待改初始密码');
  }, 240_000);

  it('the menu is grouped by capability, shows only pages with content for the caller, and every page has breadcrumbs', async () => {
    const page = await e2e.newPage();
    await e2e.login(page);
    const menu = page.getByTestId('side-menu');
    const labels = (await menu.getByRole('menuitem').allInnerTexts()).map((x) => x.trim());
    // the platform admin has no member record and judges nothing: no dead ends
    expect(labels).toEqual(expect.arrayContaining(['首页', '组织与党员', '党员', '系统管理', '审计日志', '用户与授权']));
    for (const dead of ['项目评分', '我的', '我的承诺', '我的事务']) expect(labels).not.toContain(dead);
    await menu.getByRole('menuitem').filter({ hasText: /^审计日志$/ }).click();
    await page.waitForURL('**/audit');
    await expect.poll(() => page.getByTestId('breadcrumbs').innerText()).toMatch(/首页\s*\/\s*系统管理\s*\/\s*审计日志/);

    // a member sees their own pages, grouped under 我的事务
    const member = await e2e.newPage();
    await e2e.login(member, 'member');
    const mine = (await member.getByTestId('side-menu').getByRole('menuitem').allInnerTexts()).map((x) => x.trim());
    expect(mine).toEqual(expect.arrayContaining(['我的事务', '我的']));
  }, 240_000);
});
