/**
 * The message centre in a real browser, on the 孔浦 demo data: 怡江社区党委's secretary (`yijiang`) sends a notice to
 * the committee's members; a member of 怡江社区第一党支部 (`member`, on a phone) sees the bell's count go up, opens the
 * list, reads the notice and marks it read, and the count goes down; "mark all read" empties it. The region admin
 * (`kongpu`) adds a webhook channel on the outbound channels page and sees the (empty) dead-letter list.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasHorizontalScroll, useE2E } from './harness.ts';

const e2e = useE2E();

const bellCount = async (page: Page) => Number(await page.getByTestId('notify-bell').getAttribute('data-count'));
const answered = (page: Page, method: string, suffix: string) =>
  page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(suffix));

describe('the message centre', () => {
  it('a secretary sends a notice; the member sees the bell count, opens the list and marks it read', async () => {
    const member = await e2e.newPage({ width: 375 });
    await e2e.login(member, 'member');
    await expect.poll(() => member.getByTestId('notify-bell').getAttribute('data-count')).not.toBeNull();
    const before = await bellCount(member);

    const secretary = await e2e.newPage();
    await e2e.login(secretary, 'yijiang');
    await secretary.goto('/messages');
    await secretary.getByTestId('notice-new').click();
    await secretary.getByTestId('notice-org').click();
    await secretary.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '怡江社区党委' }).first().click();
    const title = `周五微党课通知 ${Date.now()}`;
    await secretary.getByTestId('notice-title').fill(title);
    await secretary.getByTestId('notice-body').fill('请于周五 19:00 到社区党群服务中心参加。');
    const sent = answered(secretary, 'POST', '/api/v1/notices');
    await secretary.getByTestId('notice-form-submit').click();
    const res = await sent;
    expect(res.status(), await res.text()).toBe(201);
    const recipients = (await res.json() as { recipients: number }).recipients;
    expect(recipients).toBeGreaterThan(0);
    await secretary.locator('.ant-message').filter({ hasText: `通知已发送给 ${recipients} 名党员` }).waitFor();
    // the sent list shows it
    await secretary.getByRole('tab', { name: '已发通知' }).click();
    await secretary.getByTestId('notices-table').filter({ hasText: title }).waitFor();

    // the member's bell counts it (after a reload: the bell also counts again every minute)
    await member.reload();
    await expect.poll(() => bellCount(member)).toBe(before + 1);
    await member.getByTestId('notify-bell').click();
    await member.waitForURL('**/messages');
    const item = member.getByTestId('notify-item').filter({ hasText: title });
    await item.waitFor();
    expect(await item.getAttribute('data-read')).toBe('false');
    expect(await item.innerText()).toContain('怡江社区党委书记（演示）');
    expect(await hasHorizontalScroll(member)).toBe(false);
    const read = answered(member, 'POST', '/read');
    await item.getByTestId('notify-mark-read').click();
    expect((await read).status()).toBe(200);
    await expect.poll(() => item.getAttribute('data-read')).toBe('true');
    await expect.poll(() => bellCount(member)).toBe(before);

    // the unread filter, then mark all read
    await member.getByTestId('notify-filter').getByText('未读').click();
    await expect.poll(() => member.getByTestId('notify-item').filter({ hasText: title }).count()).toBe(0);
    const all = answered(member, 'POST', '/api/v1/messages/read-all');
    await member.getByTestId('notify-read-all').click();
    expect((await all).status()).toBe(200);
    await expect.poll(() => bellCount(member)).toBe(0);
  });

  it('the region admin adds a webhook channel and sees the dead-letter list', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    await page.goto('/notify/channels');
    await page.getByTestId('channels-table').waitFor();
    await page.getByTestId('channel-new').click();
    await page.getByTestId('channel-name').fill('街道工作群机器人');
    await page.getByTestId('channel-url').fill('http://127.0.0.1:9/robot/send?key=demo');
    const made = answered(page, 'POST', '/api/v1/notify/channels');
    await page.getByTestId('channel-form-submit').click();
    expect((await made).status()).toBe(201);
    await page.getByTestId('channels-table').filter({ hasText: '街道工作群机器人' }).waitFor();
    await page.getByTestId('dead-letters').filter({ hasText: '没有死信' }).waitFor();
  });
});
