/**
 * The directory pages in a real browser against the real server and its demo data: the member list
 * and its pinyin-initials search, a member's detail, the organisation tree with its counts, and the
 * roster import wizard's row errors.
 */
import ExcelJS from '../../src/server/platform/exceljs.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/server/modules/directory/idcard.ts';
import { namePinyin } from '../../src/server/modules/directory/pinyin.ts';
import { chooseOption, hasHorizontalScroll, useE2E } from './harness.ts';

const e2e = useE2E();

/** The names in the member table's first column, once it has rows. */
async function memberNames(page: Page): Promise<string[]> {
  const links = page.getByTestId('member-table').getByTestId('member-link');
  await links.first().waitFor();
  return links.allInnerTexts();
}

describe('directory pages', () => {
  it('finds a member by pinyin initials and opens the detail (yijiang)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.getByTestId('side-menu').getByRole('menuitem').filter({ hasText: /^党员$/ }).click();
    await page.waitForURL('**/members');
    const names = await memberNames(page);
    expect(names.length).toBeGreaterThan(0);
    // a member whose initials are at least three letters, like the article's 张慧敏 ← "zhm"
    const name = names.find((n) => namePinyin(n).initials.length >= 3) ?? names[0];
    const initials = namePinyin(name).initials;

    await page.getByTestId('member-search').fill(initials);
    await page.getByTestId('member-search-submit').click();
    await page.waitForURL(`**/members?q=${initials}`);
    // the list shows the member, and only rows the search matches (by name, pinyin or initials);
    // polled, because the previous rows stay on screen until the answer arrives
    const matches = (n: string) => {
      const p = namePinyin(n);
      return n.includes(initials) || p.full.includes(initials) || p.initials.includes(initials);
    };
    await expect.poll(async () => {
      const shown = await memberNames(page);
      return shown.includes(name) && shown.every(matches);
    }).toBe(true);
    // the filter survives a reload (it lives in the URL)
    await page.reload();
    expect(await page.getByTestId('member-search').inputValue()).toBe(initials);

    await page.getByTestId('member-table').getByTestId('member-link').filter({ hasText: name }).first().click();
    await page.waitForURL(/\/members(\/|\?id=)[0-9a-f-]{36}/);
    await expect.poll(() => page.getByTestId('member-name').innerText()).toBe(name);
    await page.getByTestId('member-stages').waitFor();
    expect(await page.getByTestId('member-fields').innerText()).toContain('怡江社区');
    // yijiang holds members.pii: the full birth date
    expect(await page.getByTestId('member-birth').innerText()).toMatch(/^(19|20)\d\d-\d\d-\d\d$/);
  });

  it('a reader without members.pii sees the birth year and year age (wuduojinhua)', async () => {
    const coordinator = await e2e.newPage();
    await e2e.login(coordinator, 'wuduojinhua');
    await coordinator.goto('/members');
    await memberNames(coordinator);
    const births = await coordinator.getByTestId('member-table').getByTestId('member-birth').allInnerTexts();
    expect(births.length).toBeGreaterThan(0);
    expect(births[0]).toMatch(/^(19|20)\d\d年（\d+）$/);
    await coordinator.getByTestId('member-table').getByTestId('member-link').first().click();
    await coordinator.waitForURL(/\/members(\/|\?id=)[0-9a-f-]{36}/);
    await expect.poll(() => coordinator.getByTestId('member-birth').innerText()).toMatch(/^(19|20)\d\d年$/);
  });

  it('the member form reports every problem at once before sending, fills birth date and gender from the ID number, marks the stage date required (yijiang)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.goto('/members');
    await memberNames(page);
    const posts: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/v1/members')) posts.push(r.url()); });
    await page.getByTestId('member-create').click();
    const form = page.getByTestId('member-form');
    await form.waitFor();
    const item = (testId: string) => form.locator('.ant-form-item').filter({ has: page.getByTestId(testId) });
    // a valid ID number fills the birth date and the gender as it is typed
    await page.getByTestId('member-form-name').fill('轮次测试');
    await page.getByTestId('member-form-idNumber').fill(makeIdNumber('330205', '1990-04-12', 'F', 7));
    await expect.poll(() => item('member-form-birthDate').locator('input').inputValue()).toBe('1990-04-12');
    expect(await item('member-form-gender').innerText()).toContain('女');
    // then a wrong check digit, a bad phone, and the probationary stage without its date
    const good = makeIdNumber('330205', '1990-04-12', 'F', 7);
    await page.getByTestId('member-form-idNumber').fill(good.slice(0, 17) + (good[17] === '1' ? '2' : '1'));
    await page.getByTestId('member-form-phone').fill('12345');
    await chooseOption(page, item('member-form-stage').locator('.ant-select'), '预备党员');
    // the stage date the stage requires carries the required mark
    await expect.poll(() => item('member-form-joinedOn').locator('label').getAttribute('class')).toMatch(/ant-form-item-required/);
    await expect.poll(() => item('member-form-fullOn').count()).toBe(0);
    await page.getByTestId('member-form-submit').click();
    const errorOf = (testId: string) => item(testId).locator('.ant-form-item-explain-error');
    // every problem at once, in Chinese, and nothing was sent
    await expect.poll(() => errorOf('member-form-idNumber').innerText()).toMatch(/校验位错误/);
    expect(await errorOf('member-form-phone').innerText()).toMatch(/电话号码格式不正确/);
    expect(await errorOf('member-form-joinedOn').innerText()).toMatch(/当前阶段的日期必填/);
    expect(await errorOf('member-form-orgId').innerText()).toMatch(/必填/);
    expect(posts).toEqual([]);
    // put right, it saves
    await page.getByTestId('member-form-idNumber').fill(good);
    await page.getByTestId('member-form-phone').fill('13800001234');
    await item('member-form-orgId').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible').getByText('怡江社区党委', { exact: true }).first().click();
    // on a loaded machine a click can land while a dropdown still animates: see each value taken before saving
    await expect.poll(() => item('member-form-orgId').locator('.ant-select').innerText()).toContain('怡江社区党委');
    const joined = item('member-form-joinedOn').locator('input');
    await joined.click();
    await joined.fill('2025-07-01');
    await joined.press('Enter');
    await expect.poll(() => joined.inputValue()).toBe('2025-07-01');
    await expect.poll(() => page.locator('.ant-picker-dropdown:visible').count()).toBe(0);
    await page.getByTestId('member-form-submit').click();
    // no problem left on the form, and it was sent once
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual([]);
    await expect.poll(() => posts.length).toBe(1);
    await form.waitFor({ state: 'detached' });
  });

  it('shows 怡江社区党委 in the organisation tree with its member and branch counts', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.goto('/orgs');
    const region = await page.evaluate(async () => (await (await fetch('/api/v1/regions')).json()) as { items: { id: string }[] });
    const tree = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/orgs/tree?regionId=${id}`)).json()) as { items: { name: string; memberCount: number; branchCount: number }[] },
      region.items[0].id,
    );
    const yijiang = tree.items.find((n) => n.name === '怡江社区党委');
    expect(yijiang).toBeDefined();
    expect(yijiang!.memberCount).toBeGreaterThan(0);

    const row = page.getByTestId('org-tree').locator('tr', { hasText: '怡江社区党委' });
    await row.first().waitFor();
    const cells = (await row.first().locator('td').allInnerTexts()).map((c) => c.trim());
    expect(cells).toContain(String(yijiang!.memberCount));
    expect(cells).toContain(String(yijiang!.branchCount));
    // its branches are listed under it
    expect(await page.getByTestId('org-tree').innerText()).toContain('怡江社区第一党支部');

    await row.first().getByTestId('org-link').first().click();
    await page.waitForURL(/\/orgs(\/|\?id=)[0-9a-f-]{36}/);
    await expect.poll(() => page.getByTestId('org-name').innerText()).toBe('怡江社区党委');
    await page.getByTestId('org-fields').waitFor();
  });

  it('the unit liaison sees the joint meeting its unit belongs to under 联建组织 and on the unit page (guangda)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'guangda');
    await page.goto('/alliances');
    await expect.poll(() => page.getByTestId('alliance-table').innerText()).toContain('临港产业园区党建联席会议');
    await page.goto('/units');
    await page.getByTestId('unit-table').getByText('光大环保能源（宁波）有限公司').first().click();
    await expect.poll(() => page.getByTestId('unit-fields').innerText()).toContain('临港产业园区党建联席会议');
  });

  it('exports the org and unit lists as xlsx, as they are filtered and masked (yijiang, baifeng, guangda)', async () => {
    const rowsOf = async (page: Page, testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      const file = await download.path();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file!);
      const rows: string[][] = [];
      wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
      return rows;
    };
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.goto('/orgs');
    await page.getByTestId('org-tree').waitFor();
    const orgs = await rowsOf(page, 'org-export');
    expect(orgs[0].slice(0, 3)).toEqual(['名称', '类型', '上级组织']);
    expect(orgs.map((r) => r[0])).toContain('怡江社区党委');
    // the units page: the kind filter in the URL is what the export holds
    const admin = await e2e.newPage();
    await e2e.login(admin, 'baifeng');
    await admin.goto('/units?kind=enterprise');
    await admin.getByTestId('unit-table').locator('tr.ant-table-row').first().waitFor();
    const shown = (await admin.getByTestId('unit-table').locator('tr.ant-table-row td:first-child').allInnerTexts()).map((x) => x.trim()).filter(Boolean);
    expect(shown.length).toBeGreaterThan(0);
    const units = await rowsOf(admin, 'unit-export');
    expect(units[0][0]).toBe('单位名称');
    for (const r of units.slice(1)) expect(r[1]).toBe('企业');
    expect(units.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(shown));
    // a liaison (no directory.write) gets the phone masked, as in the list
    const liaison = await e2e.newPage();
    await e2e.login(liaison, 'guangda');
    await liaison.goto('/units');
    await liaison.getByTestId('unit-table').getByText('光大环保能源（宁波）有限公司').first().waitFor();
    const theirs = await rowsOf(liaison, 'unit-export');
    expect(theirs.slice(1).map((r) => r[0])).toEqual(['光大环保能源（宁波）有限公司']);
    expect(theirs[1][7]).toMatch(/^(|\d{3}\*{4}\d{4})$/);
  });

  it('ticks two members on two pages and exports only those (yijiang)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.goto('/members?pageSize=10');
    const first = (await memberNames(page))[0];
    await page.getByTestId('member-table').locator('tbody tr.ant-table-row').first().locator('.ant-checkbox-input').check();
    await page.locator('.ant-pagination-item-2').first().click();
    await expect.poll(async () => (await memberNames(page))[0]).not.toBe(first);
    const second = (await memberNames(page))[0];
    await page.getByTestId('member-table').locator('tbody tr.ant-table-row').first().locator('.ant-checkbox-input').check();
    const button = page.getByTestId('member-export-selected');
    expect(await button.innerText()).toContain('导出所选（2）');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const names: string[] = [];
    wb.worksheets[0].eachRow((r, n) => { if (n > 1) names.push(String(r.getCell(1).value)); });
    expect(names.sort()).toEqual([first, second].sort());
  });

  it('the header search finds members and orgs in scope; out of scope nothing (yijiang, baifeng)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.goto('/members');
    const names = await memberNames(page);
    const name = names.find((n) => n !== '轮次测试') ?? names[0];
    const hitsFor = async (p: Page, q: string) => {
      await p.getByTestId('global-search-input').fill(q);
      await expect.poll(async () => (await p.locator('.ant-select-dropdown:visible [data-testid=search-hit]').count()) + (await p.getByTestId('search-none').count())).toBeGreaterThan(0);
      return p.locator('.ant-select-dropdown:visible [data-testid=search-hit]').allInnerTexts();
    };
    await hitsFor(page, name);
    await expect.poll(async () => (await page.locator('.ant-select-dropdown:visible [data-testid=search-hit]').allInnerTexts()).some((h) => h.startsWith(name))).toBe(true);
    expect(await page.locator('.ant-select-dropdown:visible').innerText()).toContain('党员');
    await hitsFor(page, '怡江社区');
    await expect.poll(async () => (await page.locator('.ant-select-dropdown:visible [data-testid=search-hit]').allInnerTexts()).some((h) => h.startsWith('怡江社区党委'))).toBe(true);
    // another region's admin finds none of it
    const other = await e2e.newPage();
    await e2e.login(other, 'baifeng');
    await other.goto('/members');
    expect(await hitsFor(other, name)).toEqual([]);
    expect(await hitsFor(other, '怡江社区')).toEqual([]);
    await other.getByTestId('search-none').waitFor();
  });

  it('the import wizard lists the row with a bad ID number (kongpu, phone width)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党员花名册');
    ws.addRow(['姓名', '性别', '民族', '出生日期', '身份证号', '手机', '所在支部', '人员类别', '入党日期', '转正日期']);
    const good = makeIdNumber('330205', '1985-04-12', 'F', 7);
    const bad = makeIdNumber('330205', '1979-09-30', 'M', 3);
    const badCheck = bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0'); // wrong check digit
    ws.addRow(['测试甲', '女', '汉族', '1985-04-12', good, '13800001111', '怡江社区第一党支部', '正式党员', '2010-07-01', '2011-07-01']);
    ws.addRow(['测试乙', '男', '汉族', '1979-09-30', badCheck, '13800002222', '怡江社区第一党支部', '正式党员', '2005-07-01', '2006-07-01']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());

    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'kongpu');
    await page.goto('/members/import');
    await page.getByTestId('import-template').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'roster.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-check-result').waitFor();

    const totals = await page.getByTestId('import-totals').innerText();
    expect(totals).toMatch(/总行数\s*2/);
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const rows = await errors.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => /^\s*3\b/.test(r) && r.includes('身份证'))).toBe(true);
    expect(rows.every((r) => !/^\s*2\b/.test(r))).toBe(true); // the good row has no error
    // the marked file and "import the valid rows only" are offered; "import all" is not
    expect(await page.getByTestId('import-report').getAttribute('href')).toMatch(/^\/api\/v1\/members\/import-reports\//);
    await page.getByTestId('import-valid-only').waitFor();
    expect(await page.getByTestId('import-all').isDisabled()).toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
  });
});
