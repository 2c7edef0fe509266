/**
 * The cluster's phone pages in a real browser: the demo judge scores an entry (recused entries shown as
 * such), a member makes a pledge; both at 375 px without sideways scrolling. The data dir is seeded
 * beforehand (directory demo data + the cluster's), so the server starts on it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { migrate, openDatabase } from '../../src/server/db/client.ts';
import { seedCluster } from '../../src/server/modules/cluster/seed.ts';
import { seedIfEmpty } from '../../src/server/seed.ts';
import { hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-cluster-'));
const adminPassword = 'e2e-cluster-demo-pw';
{
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await seedIfEmpty(database, loadConfig({}, { adminPassword }));
  await seedCluster(database.db, { now: Date.now() });
  await database.close();
}
const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('cluster pages on a phone', () => {
  it('the demo judge scores an entry; entries of his own organisation show as recused', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'judge', adminPassword);
    await page.goto('/judging');
    expect(await page.getByTestId('page-title').innerText()).toBe('项目赛花会评分');
    await page.getByTestId('judge-entry').first().waitFor();
    const cards = page.getByTestId('judge-entry');
    const texts = await cards.allInnerTexts();
    expect(texts.some((x) => x.includes('回避'))).toBe(true);
    expect(await page.getByTestId('judge-progress').innerText()).toMatch(/^已评 0 \/ \d+ 个项目$/);
    const card = cards.filter({ hasNotText: '回避' }).first();
    const inputs = card.getByRole('spinbutton');
    const n = await inputs.count();
    expect(n).toBe(4);
    for (let i = 0; i < n; i++) await inputs.nth(i).fill('8');
    const saved = page.waitForResponse((r) => r.url().includes('/scores') && r.request().method() === 'PUT');
    await card.getByRole('button', { name: '保存评分' }).click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId('judge-progress').innerText()).toMatch(/^已评 1 \//);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'cluster-judge-375.png'));
  });

  it('a member makes a pledge and sees it in progress', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'member', adminPassword);
    await page.goto('/my-pledges');
    expect(await page.getByTestId('page-title').innerText()).toContain('我的承诺');
    await page.getByTestId('pledge-card').first().waitFor();
    const before = await page.getByTestId('pledge-card').count();
    const add = page.getByRole('button', { name: '新承诺' });
    await expect.poll(() => add.isEnabled()).toBe(true);
    await add.click();
    await page.getByLabel('承诺内容').fill('每月陪社区老人读一次报');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/pledges') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交承诺' }).click();
    expect((await created).status()).toBe(201);
    await expect.poll(() => page.getByTestId('pledge-card').count()).toBe(before + 1);
    expect(await page.getByTestId('pledge-card').first().innerText()).toContain('每月陪社区老人读一次报');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'cluster-pledges-375.png'));
  });

  it('the cluster coordinator sees the contests\' rankings and the plaque campaign\'s progress', async () => {
    const page = await e2e.newPage({ width: 1280 });
    await e2e.login(page, 'wuduojinhua', adminPassword);
    await page.goto('/contests');
    expect(await page.getByTestId('page-title').innerText()).toBe('项目赛花会');
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-table-row').count()).toBeGreaterThanOrEqual(10);
    expect(await page.getByRole('link', { name: /下载评分表/ }).getAttribute('href')).toMatch(/score-sheet\.xlsx$/);
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'cluster-contests-1280.png'));
    await page.goto('/plaques');
    await page.locator('.ant-table-row').first().waitFor();
    const row = await page.locator('.ant-table-row').first().innerText();
    expect(row).toContain('怡江社区党委');
    expect(row).toMatch(/100\s+100\s+40\s+20/);
    // the three levels are switches: putting up one more stairwell pledge moves the progress live
    const stairOff = page.getByRole('switch', { name: '楼道承诺', checked: false }).first();
    const levelSet = page.waitForResponse((r) => r.url().includes('/levels') && r.request().method() === 'POST');
    await stairOff.click();
    expect((await levelSet).status()).toBe(200);
    await expect.poll(() => page.locator('.ant-table-row').first().innerText()).toMatch(/100\s+100\s+40\s+21/);
    const pdf = await page.getByRole('link', { name: /打印标识/ }).getAttribute('href');
    const res = await page.request.get(pdf!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'cluster-plaques-1280.png'));
  });

  it('projects by level and community with export; an org admin reviews a pledge', async () => {
    const page = await e2e.newPage({ width: 1280 });
    await e2e.login(page, 'wuduojinhua', adminPassword);
    await page.goto('/projects');
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(34);
    expect(await page.getByText(/共 34 项：书记向前冲 5 项，支部打头阵 15 项，党员作表率 14 项/).count()).toBe(1);
    await page.getByText('支部打头阵', { exact: true }).first().click();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(15);
    const href = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    expect(href).toContain('level=branch');
    const x = await page.request.get(href!);
    expect(x.status()).toBe(200);

    const phone = await e2e.newPage({ width: 375 });
    await e2e.login(phone, 'yijiang', adminPassword);
    await phone.goto('/pledge-reviews');
    await phone.getByTestId('review-card').first().waitFor();
    const title = phone.getByText(/^待评定（\d+）$/);
    const before = Number((await title.innerText()).match(/\d+/)![0]);
    const card = phone.getByTestId('review-card').first();
    await card.getByRole('textbox').fill('按时兑现');
    const reviewed = phone.waitForResponse((r) => r.url().includes('/review') && r.request().method() === 'POST');
    await card.getByRole('button', { name: '已兑现' }).click();
    expect((await reviewed).status()).toBe(200);
    await expect.poll(async () => Number(((await title.innerText()).match(/\d+/) ?? ['0'])[0])).toBe(before - 1);
    expect(await hasHorizontalScroll(phone)).toBe(false);
  });
});
