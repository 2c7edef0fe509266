/**
 * Party dues in a real browser, on the demo data: 怡江社区党委's secretary (`yijiang`, 375 px) opens 党费收缴, picks
 * 怡江社区第一党支部, sets a member's monthly dues from the declared income (the table's 1.5%), then records this
 * month paid in cash with a receipt number; the sheet shows it paid with the receipt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { migrate, openDatabase } from '../../src/server/db/client.ts';
import { seedIfEmpty } from '../../src/server/seed.ts';
import { hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-money-'));
const adminPassword = 'e2e-money-demo-pw';
{
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await seedIfEmpty(database, loadConfig({}, { adminPassword }));
  await database.close();
}

const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('party dues', () => {
  it('a collector sets a member\'s monthly dues and records this month paid with a receipt, at 375 px', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'yijiang', adminPassword);
    await page.goto('/dues');
    // the org tree loads, then the select is mounted again with its branches expanded
    await page.waitForLoadState('networkidle');
    await page.getByTestId('dues-branch').click();
    await page.keyboard.type('怡江社区第一党支部');
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '怡江社区第一党支部' }).first().click();
    const rows = page.getByTestId('dues-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    const row = rows.first();
    const name = (await row.locator('.ant-card-head-title').innerText()).split('\n')[0].trim();
    expect(await row.innerText()).toContain('本年度未核定');

    await row.getByTestId('dues-set').click();
    const amountForm = page.locator('.ant-modal:visible');
    await amountForm.waitFor();
    await amountForm.getByTestId('dues-income').fill('6000');
    await expect.poll(() => amountForm.getByTestId('dues-monthly').innerText()).toContain('¥90.00');
    await page.getByTestId('dues-amount-form-submit').click();
    const mine = rows.filter({ hasText: name }).first();
    await expect.poll(() => mine.innerText()).toContain('¥90.00/月');

    await mine.getByTestId('dues-pay').click();
    const payForm = page.locator('.ant-modal:visible');
    await payForm.waitFor();
    await expect.poll(() => payForm.getByTestId('dues-total').innerText()).toContain('¥90.00');
    await payForm.getByTestId('dues-receipt').fill('YJ-2026-0001');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/dues/payments') && r.request().method() === 'POST');
    await page.getByTestId('dues-pay-form-submit').click();
    expect((await answer).status()).toBe(201);
    await expect.poll(() => mine.innerText()).toContain('收据 YJ-2026-0001');
    expect(await mine.innerText()).toContain('已交');
    await expect.poll(() => page.getByTestId('dues-summary').innerText()).toMatch(/已交 ¥90\.00；支部党费账户余额 ¥90\.00/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'money-dues-sheet.png'));
  });
});
