/**
 * Shared venues in a real browser, on the 白峰 demo data: the joint meeting's office books LNG's court from its
 * week calendar for a park firm and sees the conflict when it books the same slot again; 光大's liaison approves
 * a request waiting in the education base's queue.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { migrate, openDatabase } from '../../src/server/db/client.ts';
import { seedIfEmpty } from '../../src/server/seed.ts';
import { hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-venues-'));
const adminPassword = 'e2e-venues-demo-pw';
{
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await seedIfEmpty(database, loadConfig({}, { adminPassword }));
  await database.close();
}

const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('shared venues', () => {
  it('books a slot on the court from its calendar, then sees the conflict on a second try', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'lingang', adminPassword);
    await page.goto('/venues');
    await page.getByTestId('venue-card').filter({ hasText: '中海浙江LNG室内篮球场' }).getByTestId('venue-open').click();
    await page.getByTestId('venue-week').waitFor();
    await page.getByRole('button', { name: '下一页' }).click();
    // next week's Monday: the three firms play on Tuesday, Thursday and Saturday
    const monday = page.locator('[data-testid^="week-day-"]').first();
    await expect.poll(() => monday.innerText()).toMatch(/周一/);
    const bookOnce = async () => {
      await monday.getByTestId('week-book').click();
      const form = page.getByTestId('booking-form');
      await form.waitFor();
      await form.getByTestId('booking-booker').click();
      await page.keyboard.type('中宅');
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '宁波港中宅码头有限公司' }).first().click();
      await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
      await expect.poll(() => form.getByTestId('booking-booker').innerText()).toContain('宁波港中宅码头有限公司');
      await form.getByTestId('booking-purpose').fill('职工篮球友谊赛');
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/venue-bookings') && r.request().method() === 'POST');
      await page.getByTestId('booking-form-submit').click();
      return { form, status: (await answer).status() };
    };
    const first = await bookOnce();
    expect(first.status).toBe(201);
    await expect.poll(() => monday.getByTestId('calendar-booking').allInnerTexts()).toEqual([expect.stringMatching(/19:00–20:00 宁波港中宅码头有限公司\s*待审批/)]);
    const second = await bookOnce();
    expect(second.status).toBe(409);
    await expect.poll(() => page.getByTestId('booking-form-error').innerText()).toContain('该时段已被预约');
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'venues-conflict.png'));
    await page.locator('.ant-modal:visible').getByRole('button', { name: /取\s*消/ }).click();
    await page.goto('/my-bookings');
    await expect.poll(() => page.getByTestId('my-bookings').innerText()).toContain('职工篮球友谊赛');
  });

  it('the education base\'s liaison sees the year\'s visitors and approves a request from the queue (375 px)', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'guangda', adminPassword);
    await page.goto('/venues');
    await page.getByTestId('venue-card').filter({ hasText: '光大环保环境教育基地' }).getByTestId('venue-open').click();
    await expect.poll(() => page.getByTestId('venue-visitors').innerText()).toMatch(/^近一年参观 \d{4} 人次（\d+ 批）$/);
    const visitors = Number((await page.getByTestId('venue-visitors').innerText()).match(/\d{4}/)![0]);
    expect(visitors).toBeGreaterThan(4500);
    expect(visitors).toBeLessThan(5500);
    await page.goto('/venue-approvals');
    const queue = page.getByTestId('approval-queue');
    await expect.poll(() => queue.innerText()).toContain('白峰镇中心学校');
    const approved = page.waitForResponse((r) => r.url().includes('/approve') && r.request().method() === 'POST');
    await queue.locator('tr', { hasText: '白峰镇中心学校' }).getByTestId('booking-approve').click();
    expect((await approved).status()).toBe(200);
    await expect.poll(() => queue.innerText()).not.toContain('白峰镇中心学校');
    expect(await hasHorizontalScroll(page)).toBe(false);
  });
});
