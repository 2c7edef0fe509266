/**
 * The big screen (数据大屏) in a real browser, on the demo data: 孔浦街道's region admin (`kongpu`) opens the region's
 * big screen full screen (the 1920×1080 stage scaled to the window, figures from the catalogue, the feeds with
 * names masked, each block's freshness), picks 本季度 and makes a kiosk link that keeps it, a visitor signed out
 * plays it, and once revoked the visitor's screen shows "not found".
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const e2e = useE2E();

describe('big screen', () => {
  it('the region admin opens the big screen, makes a kiosk link that works signed out, and revokes it', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    await page.getByTestId('side-menu').locator('[data-path="/bigscreen"]').click();
    await page.getByTestId('page-title').filter({ hasText: '数据大屏' }).waitFor();

    // the full-screen view of the region (the button opens it in a new tab: follow its link here)
    // enabled once the region is known
    await expect.poll(() => page.getByTestId('bigscreen-open').getAttribute('href')).toMatch(/^\/bigscreen-view\?regionId=/);
    const href = await page.getByTestId('bigscreen-open').getAttribute('href');
    const view = await e2e.newPage({ width: 1280, height: 720 });
    await e2e.login(view, 'kongpu');
    await view.goto(href!);
    await expect.poll(() => view.getByTestId('bigscreen-title').innerText()).toContain('孔浦');
    // scaled to fit 1280×720: 1280 / 1920
    expect(Number(await view.getByTestId('bigscreen-stage').getAttribute('data-scale'))).toBeCloseTo(1280 / 1920, 2);
    await expect.poll(() => view.getByTestId('bigscreen-figure').count()).toBeGreaterThan(0);
    for (const block of ['bigscreen-figures', 'bigscreen-tree', 'bigscreen-trends', 'bigscreen-feeds']) {
      expect(await view.getByTestId(`${block}-fresh`).innerText(), block).toMatch(/^数据时间 \d{2}:\d{2}:\d{2}$/);
    }
    const checkins = await view.getByTestId('bigscreen-feed-checkins').innerText();
    expect(checkins).toMatch(/\*/);
    await screenshot(view, path.join(RESULTS_DIR, 'screenshots', 'bigscreen-region.png'));

    // the trend chart draws figures that have data on the demo (kiosk.test.ts checks which)
    expect(await view.getByTestId('bigscreen-trend-keys').getAttribute('data-keys')).toMatch(/\w/);

    // the period: 季度 → the current quarter, rolling; the full-screen link and the kiosk link keep it
    await page.getByTestId('bigscreen-grain').getByText('季度').click();
    await expect.poll(() => page.getByTestId('bigscreen-open').getAttribute('href')).toMatch(/period=quarter/);
    const qView = await e2e.newPage({ width: 1280, height: 720 });
    await e2e.login(qView, 'kongpu');
    await qView.goto((await page.getByTestId('bigscreen-open').getAttribute('href'))!);
    await expect.poll(() => qView.getByTestId('bigscreen-period').getAttribute('data-period')).toMatch(/^\d{4}Q[1-4]$/);
    expect(await qView.getByTestId('bigscreen-period').innerText()).toMatch(/^\d{4} 年第 [1-4] 季度$/);
    await qView.close();

    // a kiosk link of the region, this quarter
    await page.getByTestId('kiosk-new').click();
    await page.getByTestId('kiosk-name').fill('街道大厅屏');
    await page.getByTestId('kiosk-form-submit').click();
    const row = page.getByTestId('kiosk-links').locator('tr', { hasText: '街道大厅屏' });
    expect(await row.getByTestId('kiosk-period').innerText()).toBe('本季度（随时间滚动）');
    const url = await row.getByTestId('kiosk-url').innerText();
    expect(url).toMatch(/\/kiosk\/[A-Za-z0-9_-]{32}$/);

    // a lobby screen, signed out
    const lobby = await e2e.newPage({ width: 1920, height: 1080 });
    await lobby.goto(new URL(url).pathname);
    await expect.poll(() => lobby.getByTestId('bigscreen-title').innerText()).toContain('孔浦');
    expect(Number(await lobby.getByTestId('bigscreen-stage').getAttribute('data-scale'))).toBeCloseTo(1, 2);
    await expect.poll(() => lobby.getByTestId('bigscreen-figure').count()).toBeGreaterThan(0);
    expect(await lobby.getByTestId('bigscreen-period').getAttribute('data-period')).toMatch(/^\d{4}Q[1-4]$/);
    expect(await lobby.getByTestId('bigscreen-feed-checkins').innerText()).toMatch(/\*/);
    await screenshot(lobby, path.join(RESULTS_DIR, 'screenshots', 'bigscreen-kiosk.png'));

    // revoked: the lobby screen's next load says so
    await row.getByTestId('kiosk-revoke').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await row.getByText('已撤销').waitFor();
    await lobby.reload();
    await expect.poll(() => lobby.getByTestId('bigscreen-404').innerText()).toContain('不存在或已撤销');
  });
});
