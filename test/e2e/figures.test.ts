/**
 * 数据统计 in a real browser, on the 白峰 demo data: the joint meeting's office (`lingang`) opens the statistics page on
 * its own level, sees the article's 16 member units, opens the placements figure and finds exactly as many records as
 * the figure counts, downloads them as xlsx, and sees the ranking of the meeting's members; a narrower period changes
 * the numbers. The town's admin (`baifeng`) narrows the level to an org below the town.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoDataDir } from '../support/demo.ts';
import { RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const { dataDir, adminPassword } = await demoDataDir('lj-e2e-figures-');
const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('数据统计', () => {
  it('the office reads its figures, opens the records behind one, exports them and ranks the members', async () => {
    const page = await e2e.newPage({ width: 1280 });
    await e2e.login(page, 'lingang', adminPassword);
    await page.goto('/figures');
    await page.getByTestId('period-picker').getByText('全部').click();
    const units = page.getByTestId('figure-value-cobuild.jointUnits');
    await expect.poll(() => units.textContent(), { timeout: 30_000 }).toBe('16');
    const placements = page.getByTestId('figure-value-cobuild.placements');
    await expect.poll(async () => Number((await placements.textContent())?.replace(/\D/g, '')), { timeout: 30_000 }).toBeGreaterThanOrEqual(50);
    const n = Number((await placements.textContent())!.replace(/\D/g, ''));
    await placements.click();
    const drawer = page.getByTestId('figure-drawer');
    await expect.poll(() => drawer.getByTestId('figure-records-count').textContent(), { timeout: 30_000 }).toContain(`共 ${n} 条`);
    await screenshot(page, path.join(RESULTS_DIR, 'figures-records.png'));
    const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByTestId('figure-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^cobuild\.placements-all\.xlsx$/);
    const file = await download.path();
    expect(fs.readFileSync(file!).subarray(0, 2).toString()).toBe('PK');
    await drawer.getByRole('tab', { name: '下级排名' }).click();
    await expect.poll(() => drawer.getByTestId('figure-ranking').locator('svg').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    // a single month long ago: nothing was placed then
    await page.getByTestId('period-picker').getByText('月度').click();
    const el = page.getByTestId('period-picker-date');
    const input = (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
    await input.click();
    await input.fill('2020-01');
    await input.press('Enter');
    await expect.poll(() => placements.textContent(), { timeout: 30_000 }).toMatch(/^0/);
  });

  it('the town narrows the level to an org below it', async () => {
    const page = await e2e.newPage({ width: 1280 });
    await e2e.login(page, 'baifeng', adminPassword);
    await page.goto('/figures');
    await expect.poll(() => page.getByTestId('figures-group-cobuild').count(), { timeout: 30_000 }).toBe(1);
    const org = page.getByTestId('level-picker-org');
    await org.click();
    await page.locator('.ant-select-tree-node-content-wrapper').first().click();
    await expect.poll(() => page.getByTestId('figures-computed-at').count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, path.join(RESULTS_DIR, 'figures-town.png'));
  });
});
