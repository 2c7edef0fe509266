/**
 * The canteen story in a real browser, on the 白峰 demo data: the canteen's liaison (`guangming`, 375 px) raises a need
 * of two vacancies; the joint meeting's office (`lingang`) accepts, publishes and dispatches it to every village and
 * community in one action; 上阳村's secretary (`shangyang`, 375 px) finds it in the inbox, claims both slots and records
 * the two placements; the liaison confirms and rates it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { migrate, openDatabase } from '../../src/server/db/client.ts';
import { seedIfEmpty } from '../../src/server/seed.ts';
import { hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-cobuild-'));
const adminPassword = 'e2e-cobuild-demo-pw';
{
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await seedIfEmpty(database, loadConfig({}, { adminPassword }));
  await database.close();
}

const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const posted = (page: Page, suffix: string) => page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix));
const TITLE = '光明码头食堂招聘洗碗工';

describe('the canteen story', () => {
  it('raise → dispatch to all villages → claim → placements → rating', async () => {
    // the liaison, on a phone, raises the need for the canteen
    const liaison = await e2e.newPage({ width: 375 });
    await e2e.login(liaison, 'guangming', adminPassword);
    await liaison.goto('/my-needs');
    await liaison.getByTestId('need-new').click();
    await liaison.getByTestId('need-title').fill(TITLE);
    await liaison.getByTestId('need-quantity').fill('2');
    const raised = posted(liaison, '/api/v1/needs');
    await liaison.getByTestId('need-form-submit').click();
    const res = await raised;
    expect(res.status(), await res.text()).toBe(201);
    await liaison.getByTestId('need-view').waitFor();
    expect(await liaison.getByTestId('need-status').innerText()).toBe('待审核');
    expect(await hasHorizontalScroll(liaison)).toBe(false);

    // the office accepts, publishes, dispatches to every village and community
    const office = await e2e.newPage({ width: 1280 });
    await e2e.login(office, 'lingang', adminPassword);
    await office.goto('/needs');
    await office.getByTestId('need-figures').waitFor();
    expect(await office.getByTestId('need-figures').innerText()).toMatch(/落实就业 5\d 人/);
    await office.getByTestId('needs-table').getByRole('link', { name: TITLE }).click();
    await office.getByTestId('need-view').waitFor();
    const accepted = posted(office, '/review');
    await office.getByTestId('need-accept').click();
    expect((await accepted).status()).toBe(200);
    const published = posted(office, '/publish');
    await office.getByTestId('need-publish').click();
    expect((await published).status()).toBe(200);
    await office.getByTestId('need-dispatch').click();
    const dispatched = posted(office, '/dispatches');
    await office.getByTestId('dispatch-form-submit').click();
    expect((await dispatched).status()).toBe(200);
    await expect.poll(() => office.getByTestId('need-dispatches').locator('tr.ant-table-row').count()).toBe(5);
    const recipients = await office.getByTestId('need-dispatches').innerText();
    for (const v of ['峰南社区', '上阳村', '白峰村', '小门村', '勤山村']) expect(recipients).toContain(v);

    // 上阳村's secretary, on a phone: the inbox, claim both slots, record the two placements
    const secretary = await e2e.newPage({ width: 375 });
    await e2e.login(secretary, 'shangyang', adminPassword);
    await secretary.goto('/need-inbox');
    await secretary.getByTestId('inbox-item').filter({ hasText: TITLE }).click();
    await secretary.getByTestId('need-view').waitFor();
    await secretary.getByTestId('need-claim').click();
    await secretary.getByTestId('claim-form').getByRole('spinbutton').fill('2');
    const claimed = posted(secretary, '/claim');
    await secretary.getByTestId('claim-form-submit').click();
    expect((await claimed).status()).toBe(200);
    await expect.poll(() => secretary.getByTestId('need-slots').innerText()).toBe('2 / 0 / 2');
    for (const [name, day] of [['陈小燕', '2026-12-01'], ['林建国', '2026-12-02']]) {
      await secretary.getByTestId('need-record').click();
      await secretary.getByTestId('result-form').getByLabel('姓名').fill(name);
      await secretary.getByTestId('result-form').getByLabel('到岗日期').fill(day);
      const recorded = posted(secretary, '/results');
      await secretary.getByTestId('result-form-submit').click();
      expect((await recorded).status()).toBe(201);
      await expect.poll(() => secretary.getByTestId('need-results').innerText()).toContain(name);
    }
    expect(await secretary.getByTestId('need-slots').innerText()).toBe('2 / 2 / 2');
    expect(await hasHorizontalScroll(secretary)).toBe(false);
    await screenshot(secretary, path.join(RESULTS_DIR, 'cobuild-secretary-375.png'));

    // the liaison confirms and rates
    await liaison.goto('/my-needs');
    await liaison.getByTestId('my-need').filter({ hasText: TITLE }).click();
    await liaison.getByTestId('need-view').waitFor();
    const confirmed = posted(liaison, '/confirm');
    await liaison.getByTestId('need-confirm').click();
    expect((await confirmed).status()).toBe(200);
    await liaison.getByTestId('need-rate').click();
    await liaison.getByTestId('rate-form').getByLabel('评价意见').fill('两天就招满了');
    const rated = posted(liaison, '/rating');
    await liaison.getByTestId('rate-form-submit').click();
    expect((await rated).status()).toBe(200);
    await expect.poll(() => liaison.getByTestId('need-status').innerText()).toBe('已评价');
    expect(await liaison.getByTestId('need-rating').innerText()).toBe('5 星');
    await screenshot(liaison, path.join(RESULTS_DIR, 'cobuild-liaison-375.png'));
  }, 180_000);
});
