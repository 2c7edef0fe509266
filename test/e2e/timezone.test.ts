/**
 * Times are entered and shown in Asia/Shanghai whatever the browser's zone (issue 11): with the browser
 * in UTC, the 怡江 secretary enters a lesson 19:00–21:00; the list, the detail and the edit form show
 * 19:00–21:00 and the server holds 11:00–13:00 UTC.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from './harness.ts';

const e2e = useE2E();

describe('times in Beijing time whatever the browser zone', () => {
  it('a lesson entered 19:00–21:00 in a UTC browser shows as 19:00–21:00', async () => {
    const page = await e2e.newPage({ timezoneId: 'UTC' });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');
    await e2e.login(page, 'yijiang');
    await page.goto('/activities');
    await page.getByTestId('activity-new').click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('activity-title-input') });
    await page.getByTestId('activity-org').click();
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '怡江社区党委' }).first().click();
    const title = `时区测试党课 ${Date.now()}`;
    await page.getByTestId('activity-title-input').fill(title);
    const [start, end] = [modal.locator('.ant-picker-range input').nth(0), modal.locator('.ant-picker-range input').nth(1)];
    await start.click();
    await start.fill('2027-03-10 19:00');
    await start.press('Enter');
    await end.fill('2027-03-10 21:00');
    await end.press('Enter');
    await page.getByTestId('activity-save').click();
    await modal.waitFor({ state: 'hidden' });

    // what the server holds: 19:00 in Beijing is 11:00 UTC
    const stored = await page.evaluate(async (q) => {
      const res = await fetch(`/api/v1/activities?q=${encodeURIComponent(q)}`, { credentials: 'same-origin' });
      return ((await res.json()) as { items: { id: string; startsAt: string; endsAt: string }[] }).items;
    }, title);
    expect(stored).toHaveLength(1);
    expect(new Date(stored[0].startsAt).toISOString()).toBe('2027-03-10T11:00:00.000Z');
    expect(new Date(stored[0].endsAt).toISOString()).toBe('2027-03-10T13:00:00.000Z');

    // the list and the detail show Beijing time
    await page.getByTestId('activity-search').locator('input').fill(title);
    await page.getByTestId('activity-search').locator('input').press('Enter');
    const row = page.getByTestId('activity-table').locator('tr').filter({ hasText: title });
    await expect.poll(() => row.innerText()).toContain('2027-03-10 19:00–21:00');
    await page.goto(`/activities/${stored[0].id}`);
    await expect.poll(() => page.getByTestId('activity-facts').innerText()).toContain('2027-03-10 19:00–21:00');

    // and so do the edit form's pickers
    await page.getByTestId('activity-edit').click();
    const edit = page.locator('.ant-modal').filter({ has: page.getByTestId('activity-title-input') });
    await expect.poll(() => edit.locator('.ant-picker-range input').nth(0).inputValue()).toBe('2027-03-10 19:00');
    expect(await edit.locator('.ant-picker-range input').nth(1).inputValue()).toBe('2027-03-10 21:00');
  });
});
