/**
 * The canteen story in a real browser, on the 白峰 demo data: the canteen's liaison (`guangming`, 375 px) raises a need
 * of two vacancies; the joint meeting's office (`lingang`) accepts, publishes and dispatches it to every village and
 * community in one action; 上阳村's secretary (`shangyang`, 375 px) finds it in the inbox, claims both slots and records
 * the two placements; the liaison confirms and rates it.
 *
 * The joint meeting's pages: the office edits the members' roles and the rotating host; it calls a meeting, the
 * canteen's liaison proposes an item before the deadline (375 px), the office accepts it, records the decision and
 * assigns an action to the canteen, which the liaison finds among its actions and attaches a photo to as evidence; the bulletin PDF downloads. The first
 * grid's leader (`wangge`) finds the grid on the same page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { workbookBuffer } from '../../src/server/platform/xlsx.ts';
import { addDays, todayShanghai } from '../../src/shared/dates.ts';
import { demoDataDir } from '../support/demo.ts';
import { chooseOption, hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

// a copy of the run's demo data directory (test/support/demo.ts)
const { dataDir, adminPassword } = await demoDataDir('lj-e2e-cobuild-');

const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const posted = (page: Page, suffix: string) => page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix));
const TITLE = '光明码头食堂招聘洗碗工';
const answered = (page: Page, method: string, suffix: string) =>
  page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(suffix));

/**
 * Confirms the open Popconfirm once its opening animation is over: on the loaded CI machine a click during the zoom
 * landed beside the button and nothing was sent.
 */
async function confirmPop(page: Page) {
  const pop = page.locator('.ant-popconfirm:visible');
  await pop.waitFor();
  await expect.poll(() => pop.evaluate((el) => el.getAnimations({ subtree: true }).length)).toBe(0);
  await pop.locator('.ant-btn-primary').click();
}

/** Picks an option of the antd Select `select`. */
async function pick(page: Page, select: Locator, option: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
}

/** The input of an antd widget carrying a test id (on the input itself or on its wrapper). */
const inputOf = async (el: Locator) => ((await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input'));

/** Types a date (YYYY-MM-DD) into the antd DatePicker with this test id (within `scope`). */
async function pickDate(scope: Page | Locator, testId: string, day: string) {
  const input = await inputOf(scope.getByTestId(testId));
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(day);
}

describe('the canteen story', () => {
  it('raise → dispatch to all villages → claim → placements → rating', async () => {
    // the liaison, on a phone, raises the need for the canteen
    const liaison = await e2e.newPage({ width: 375 });
    await e2e.login(liaison, 'guangming', adminPassword);
    await liaison.goto('/my-needs');
    await liaison.getByTestId('need-new').click();
    await liaison.getByTestId('need-title').fill(TITLE);
    await liaison.getByTestId('need-quantity').fill('2');
    // the joint meeting is filled in once the form's list of them has loaded (on a busy machine, after the typing)
    await expect.poll(() => liaison.getByTestId('need-alliance').innerText()).not.toBe('');
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

describe('the joint meeting\'s pages', () => {
  const MEETING = 'e2e 园区专题联席会议';
  const ITEM = 'e2e 食堂职工夜班通勤';
  const ACTION = 'e2e 报送夜班通勤人数';

  it('the office edits the members\' roles and the rotating host', async () => {
    const office = await e2e.newPage({ width: 1280 });
    await e2e.login(office, 'lingang', adminPassword);
    await office.goto('/meetings');
    await office.getByTestId('jm-tab-members').click();
    const rows = office.getByTestId('jm-members-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(4);
    expect(await rows.nth(0).innerText()).toContain('宁波港光明码头');
    expect(await rows.nth(0).getByTestId('jm-member-role').innerText()).toBe('主席单位');
    expect(await rows.nth(0).getByTestId('jm-member-liaison').innerText()).toContain('光明码头联络员');
    // the fourth member becomes a vice-chair, and moves up one place
    const fourth = (await rows.nth(3).locator('td').nth(1).innerText()).trim();
    await pick(office, rows.nth(3).getByTestId('jm-member-role'), '副主席单位');
    await rows.nth(3).getByTestId('jm-member-up').click();
    const saved = answered(office, 'PUT', '/members');
    await office.getByTestId('jm-members-save').click();
    const res = await saved;
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => rows.nth(2).locator('td').nth(1).innerText()).toContain(fourth.split(/\s/)[0]);
    expect(await rows.nth(2).getByTestId('jm-member-role').innerText()).toBe('副主席单位');
    // the rotation, generated in the new order for two years further on, then one year changed
    const year = Number(todayShanghai().slice(0, 4));
    await (await inputOf(office.getByTestId('jm-hosts-from'))).fill(String(year + 5));
    await (await inputOf(office.getByTestId('jm-hosts-years'))).fill('2');
    const generated = answered(office, 'POST', '/hosts');
    await office.getByTestId('jm-hosts-generate').click();
    expect((await generated).status()).toBe(200);
    const hosts = office.getByTestId('jm-hosts-table').locator('tr.ant-table-row');
    await expect.poll(() => hosts.last().innerText()).toContain(String(year + 6));
    expect(await hosts.last().innerText()).toContain('光大环保');
    const changed = answered(office, 'PUT', `/hosts/${year + 6}`);
    await pick(office, hosts.last().getByTestId('jm-host-select'), '宁波港光明码头');
    expect((await changed).status()).toBe(200);
    await expect.poll(() => hosts.last().innerText()).toContain('宁波港光明码头');
  }, 120_000);

  it('call a meeting → a liaison proposes an item → accepted, decided, an action → on the liaison\'s list → the bulletin', async () => {
    const heldOn = addDays(todayShanghai(), 30);
    const office = await e2e.newPage({ width: 1280 });
    await e2e.login(office, 'lingang', adminPassword);
    await office.goto('/meetings');
    await office.getByTestId('jm-title').fill(MEETING);
    await pickDate(office, 'jm-date', heldOn);
    const created = posted(office, '/api/v1/meetings');
    await office.getByTestId('jm-create').click();
    const res = await created;
    expect(res.status(), await res.text()).toBe(201);
    await office.getByTestId('jm-meeting').waitFor();

    // the canteen's liaison, on a phone, proposes an item before the deadline
    const liaison = await e2e.newPage({ width: 375 });
    await e2e.login(liaison, 'guangming', adminPassword);
    await liaison.goto('/my-needs');
    const card = liaison.getByTestId('jm-coming').filter({ hasText: MEETING });
    await card.getByTestId('jm-propose-title').fill(ITEM);
    const proposed = posted(liaison, '/agenda-items');
    await card.getByTestId('jm-propose').click();
    expect((await proposed).status()).toBe(201);
    expect(await hasHorizontalScroll(liaison)).toBe(false);

    // the office accepts it, records the decision and assigns an action to the canteen
    await office.reload();
    await office.getByRole('row').filter({ hasText: MEETING }).first().click();
    const item = office.getByTestId('jm-item').filter({ hasText: ITEM });
    expect(await item.innerText()).toContain('待审定');
    const accepted = posted(office, '/review');
    await item.getByTestId('jm-accept').click();
    expect((await accepted).status()).toBe(200);
    await item.getByTestId('jm-decision').fill('由光明码头统计夜班职工通勤需求，镇交通办协调夜班车');
    const decided = answered(office, 'PUT', '/decision');
    await item.getByTestId('jm-decide').click();
    expect((await decided).status()).toBe(200);
    await item.getByTestId('jm-action-title').fill(ACTION);
    await pick(office, item.getByTestId('jm-action-owner'), '宁波港光明码头');
    await pickDate(item, 'jm-action-due', addDays(heldOn, 14));
    const assigned = posted(office, '/actions');
    await item.getByTestId('jm-action-add').click();
    const a = await assigned;
    expect(a.status(), await a.text()).toBe(201);
    await expect.poll(() => item.innerText()).toContain(ACTION);

    // the owner's liaison finds it among its unit's actions
    await liaison.reload();
    const mine = liaison.getByTestId('jm-my-action').filter({ hasText: ACTION });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('未开始');
    expect(await mine.innerText()).toContain(MEETING);
    // and attaches a photo as its evidence (375 px): the file is listed and downloads
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const uploaded = posted(liaison, '/files');
    await mine.locator('input[type=file]').setInputFiles({ name: '通勤调查照片.png', mimeType: 'image/png', buffer: png });
    const up = await uploaded;
    expect(up.status(), await up.text()).toBe(201);
    await expect.poll(() => mine.getByTestId('jm-action-file').innerText()).toContain('通勤调查照片.png');
    const fileHref = await mine.getByTestId('jm-action-file').getAttribute('href');
    expect(await liaison.evaluate(async (u) => (await fetch(u!, { credentials: 'same-origin' })).status, fileHref)).toBe(200);
    expect(await hasHorizontalScroll(liaison)).toBe(false);
    // the office finds it on the meeting's actions board
    await office.reload();
    await office.getByRole('row').filter({ hasText: MEETING }).first().click();
    await expect.poll(() => office.getByTestId('jm-action-file').filter({ hasText: '通勤调查照片.png' }).count()).toBeGreaterThan(0);

    // the bulletin PDF downloads
    const href = await office.getByRole('link', { name: '会议简报（PDF）' }).getAttribute('href');
    const pdf = await office.evaluate(async (u) => {
      const r = await fetch(u!, { credentials: 'same-origin' });
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...b.subarray(0, 5)), size: b.length };
    }, href);
    expect(pdf).toMatchObject({ status: 200, head: '%PDF-' });
    expect(pdf.type).toContain('application/pdf');
    expect(pdf.size).toBeGreaterThan(1000);
    await screenshot(office, path.join(RESULTS_DIR, 'cobuild-meeting-office.png'), true);
  }, 180_000);

  it('a liaison withdraws its own item still proposed (375 px); the office deletes a meeting called by mistake', async () => {
    const liaison = await e2e.newPage({ width: 375 });
    await e2e.login(liaison, 'guangming', adminPassword);
    await liaison.goto('/my-needs');
    const card = liaison.getByTestId('jm-coming').filter({ hasText: MEETING });
    await card.getByTestId('jm-propose-title').fill('e2e 要撤回的议题');
    const proposed = posted(liaison, '/agenda-items');
    await card.getByTestId('jm-propose').click();
    expect((await proposed).status()).toBe(201);
    const mine = card.getByTestId('jm-my-item').filter({ hasText: 'e2e 要撤回的议题' });
    await mine.getByTestId('jm-withdraw').click();
    const withdrawn = answered(liaison, 'DELETE', '');
    await confirmPop(liaison);
    expect((await withdrawn).status()).toBe(200);
    await expect.poll(() => mine.count()).toBe(0);
    expect(await hasHorizontalScroll(liaison)).toBe(false);

    const office = await e2e.newPage({ width: 1280 });
    await e2e.login(office, 'lingang', adminPassword);
    await office.goto('/meetings');
    await office.getByTestId('jm-title').fill('e2e 误建的会议');
    await pickDate(office, 'jm-date', addDays(todayShanghai(), 40));
    const created = posted(office, '/api/v1/meetings');
    await office.getByTestId('jm-create').click();
    expect((await created).status()).toBe(201);
    await office.getByTestId('jm-delete').click();
    const deleted = answered(office, 'DELETE', '');
    await confirmPop(office);
    expect((await deleted).status()).toBe(200);
    await office.getByTestId('jm-create').waitFor();
    await expect.poll(() => office.locator('body').innerText()).not.toContain('e2e 误建的会议');
  }, 120_000);

  it('a village secretary claims a need shown to the whole town for the village and withdraws the claim (375 px); the office sees it and edits a need', async () => {
    const sec = await e2e.newPage({ width: 375 });
    await e2e.login(sec, 'shangyang', adminPassword);
    await sec.goto('/need-inbox');
    await sec.getByTestId('inbox-open-need').filter({ hasText: '养老院周末志愿者' }).click();
    await sec.getByTestId('need-claim-open').click();
    await sec.getByTestId('claim-open-slots').fill('2');
    const claimed = posted(sec, '/claims');
    await sec.getByTestId('claim-open-form-submit').click();
    const res = await claimed;
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => sec.getByTestId('need-claims').innerText()).toContain('上阳村');
    expect(await hasHorizontalScroll(sec)).toBe(false);
    // then withdraws the claim with a reason: the two slots go back to the need
    await sec.getByTestId('claim-withdraw').click();
    await sec.getByTestId('withdraw-claim-reason').fill('村里志愿者周六另有安排');
    const withdrawn = posted(sec, '/withdraw');
    await sec.getByTestId('withdraw-claim-form-submit').click();
    const w = await withdrawn;
    expect(w.status(), await w.text()).toBe(200);
    await expect.poll(() => sec.getByTestId('need-claims').innerText()).toContain('村里志愿者周六另有安排');
    expect(await sec.getByTestId('claim-withdraw').count()).toBe(0);
    expect(await hasHorizontalScroll(sec)).toBe(false);

    const office = await e2e.newPage({ width: 1280 });
    await e2e.login(office, 'lingang', adminPassword);
    // the office sees the withdrawal on the dispatch tracking
    await office.goto('/needs');
    await office.getByTestId('needs-table').getByRole('link', { name: '养老院周末志愿者' }).click();
    await expect.poll(() => office.getByTestId('need-dispatches').innerText()).toContain('已撤回认领');
    expect(await office.getByTestId('need-dispatches').innerText()).toContain('村里志愿者周六另有安排');
    await office.goto('/needs');
    await office.getByTestId('needs-table').getByRole('link', { name: '峙北路口增设路标' }).click();
    await office.getByTestId('need-edit').click();
    await office.getByTestId('need-edit-title').fill('峙北路口增设指示路标');
    const saved = answered(office, 'PATCH', '');
    await office.getByTestId('need-edit-form-submit').click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => office.getByTestId('need-view').innerText()).toContain('峙北路口增设指示路标');
  }, 120_000);

  it('the first grid\'s leader holds the grid\'s meetings on the same page', async () => {
    const leader = await e2e.newPage({ width: 1280 });
    await e2e.login(leader, 'wangge', adminPassword);
    await leader.goto('/meetings');
    await expect.poll(() => leader.getByTestId('jm-alliance').innerText()).toContain('第一网格');
    await leader.getByTestId('jm-tab-members').click();
    await expect.poll(() => leader.getByTestId('jm-members-table').locator('tr.ant-table-row').count()).toBeGreaterThan(4);
    expect(await leader.getByTestId('jm-members-save').count()).toBe(1);
  }, 60_000);

  it('a liaison offers a resource at 375 px; the office finds it among the bus-link need\'s suggestions and links it', async () => {
    const RES = 'e2e 码头通勤班车空座';
    const liaison = await e2e.newPage({ width: 375 });
    await e2e.login(liaison, 'guangming', adminPassword);
    await liaison.goto('/my-needs');
    await liaison.getByTestId('res-new').click();
    await liaison.getByTestId('res-title').fill(RES);
    await pick(liaison, liaison.getByTestId('res-category'), '交通出行');
    await liaison.getByTestId('res-quantity').fill('20');
    const offered = posted(liaison, '/api/v1/resources');
    await liaison.getByTestId('res-form-submit').click();
    const res = await offered;
    expect(res.status(), await res.text()).toBe(201);
    await liaison.getByTestId('res-item').filter({ hasText: RES }).waitFor();
    expect(await hasHorizontalScroll(liaison)).toBe(false);

    const office = await e2e.newPage({ width: 1280 });
    await e2e.login(office, 'lingang', adminPassword);
    await office.goto('/needs');
    await office.getByTestId('needs-table').getByRole('link', { name: '园区公交线路延伸至上阳村' }).click();
    const suggested = office.getByTestId('need-resources-suggested').locator('.ant-list-item').filter({ hasText: RES });
    await suggested.waitFor();
    expect(await suggested.innerText()).toContain('宁波港光明码头');
    const linked = posted(office, '/resources');
    await suggested.getByTestId('resource-link').click();
    expect((await linked).status()).toBe(200);
    await expect.poll(() => office.getByTestId('need-resources-linked').innerText()).toContain(RES);

    // the matched need and resource become a co-building project, with a milestone, run on its project page
    const PROJECT = 'e2e 上阳村通勤班车联建项目';
    await office.getByTestId('need-project-new').click();
    const form = office.getByTestId('coproject-form');
    await chooseOption(office, form.getByTestId('coproject-resource'), `${RES}（宁波港光明码头有限公司）`);
    await form.getByTestId('coproject-title').fill(PROJECT);
    await form.getByTestId('coproject-start').fill('2026-12-01');
    await form.getByTestId('coproject-end').fill('2027-03-31');
    await form.getByTestId('coproject-ms-add').click();
    await form.getByTestId('coproject-ms-title').fill('班车试运行');
    await form.getByTestId('coproject-ms-due').fill('2027-01-15');
    const made = posted(office, '/api/v1/cobuild-projects');
    await office.getByTestId('coproject-form-submit').click();
    const mres = await made;
    expect(mres.status(), await mres.text()).toBe(201);
    await office.getByTestId('need-project').getByRole('link', { name: PROJECT }).click();
    await office.waitForURL('**/projects/*');
    await expect.poll(() => office.locator('body').innerText()).toContain('班车试运行');
    expect(await office.locator('body').innerText()).toContain('联建项目');

    // the joint meeting's projects list: the two projects of the demo's decisions and this one; the office records an outcome
    await office.goto('/meetings');
    await office.getByTestId('jm-tab-projects').click();
    const table = office.getByTestId('coprojects-table');
    await expect.poll(() => table.innerText()).toContain(PROJECT);
    expect(await table.innerText()).toContain('园区早晚通勤专线');
    expect(await table.innerText()).toContain(RES);
    await table.getByRole('row').filter({ hasText: PROJECT }).getByTestId('coproject-outcome').click();
    await office.getByTestId('coproject-outcome-text').fill('每日两班，乘坐村民 35 人次');
    const updated = answered(office, 'PATCH', '');
    await office.getByTestId('coproject-outcome-form-submit').click();
    expect((await updated).status()).toBe(200);
    await expect.poll(() => table.getByRole('row').filter({ hasText: PROJECT }).innerText()).toContain('每日两班');

    // the office's resources list: filtered by category, the resource opened shows the need it serves; the export follows the filter
    await office.getByTestId('jm-tab-resources').click();
    await chooseOption(office, office.getByTestId('res-filter-category'), '交通出行');
    const rrow = office.getByTestId('resources-table').getByRole('row').filter({ hasText: RES });
    await rrow.waitFor();
    await rrow.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => office.getByTestId('resource-needs-linked').innerText()).toContain('园区公交线路延伸至上阳村');
    expect(await office.getByTestId('res-export').getAttribute('href')).toContain('category=transport');

    // resources collected on paper: a file with a problem reports its row and imports nothing; the corrected one imports
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-resources-'));
    const row = (party: string) => [['e2e 码头会议室', '场地阵地', party, 30, '需预约', '', '联席会议', '']];
    const header = ['资源名称', '类别', '提供单位', '数量/容量', '使用条件', '提供至', '公开范围', '说明'];
    fs.writeFileSync(path.join(dir, 'bad.xlsx'), await workbookBuffer([{ name: '资源清单', header, rows: row('上阳村') }]));
    fs.writeFileSync(path.join(dir, 'good.xlsx'), await workbookBuffer([{ name: '资源清单', header, rows: row('宁波港光明码头有限公司') }]));
    await office.getByTestId('res-import').click();
    const input = office.getByTestId('res-import-modal').locator('input[type=file]');
    const refused = office.waitForResponse((r) => r.url().endsWith('/api/v1/resources/import'));
    await input.setInputFiles(path.join(dir, 'bad.xlsx'));
    expect((await refused).status()).toBe(422);
    expect(await office.getByTestId('res-import-modal-report').locator('li').allInnerTexts()).toEqual(['第 2 行：“上阳村”不是本联席会议（网格）的成员单位']);
    const imported = office.waitForResponse((r) => r.url().endsWith('/api/v1/resources/import'));
    await input.setInputFiles(path.join(dir, 'good.xlsx'));
    expect((await imported).status()).toBe(201);
    fs.rmSync(dir, { recursive: true, force: true });
    await chooseOption(office, office.getByTestId('res-filter-category'), '场地阵地');
    await office.getByTestId('resources-table').getByRole('row').filter({ hasText: 'e2e 码头会议室' }).waitFor();
  }, 120_000);
});
