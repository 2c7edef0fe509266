/**
 * The chamber's mediation in a real browser: the committee (`shanghui`) takes in a dispute and assigns the demo
 * mediator; the mediator (`tiaojie`), on a 375 px phone, records a session, the agreement (and downloads its
 * PDF), the follow-up, and closes the case; the timeline shows every step.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { demoDataDir } from '../support/demo.ts';
import { fetchStatus, hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

// a copy of the run's demo data directory (test/support/demo.ts)
const { dataDir, adminPassword } = await demoDataDir('lj-e2e-chamber-');

const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function confirmPopconfirm(page: Page) {
  await page.locator('.ant-popconfirm:visible:not([class*="-leave"])').getByRole('button', { name: /确\s*定|OK/ }).click();
}
const posted = (page: Page, suffix: string) => page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix));

describe('mediation from intake to closing', () => {
  it('the committee takes in a case and assigns a mediator; the mediator works it to closing on a phone', async () => {
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto('/mediation');
    await desk.getByTestId('med-figures').waitFor();
    expect(await desk.getByTestId('med-figures').innerText()).toContain('74');
    await desk.getByTestId('med-new').click();
    await desk.getByTestId('med-party-0').getByLabel('姓名/名称').fill('王海涛');
    await desk.getByTestId('med-party-0').getByLabel('联系电话').fill('13811112222');
    await desk.getByTestId('med-party-1').getByLabel('姓名/名称').fill('宁波骆驼机电装备01有限公司');
    await desk.getByLabel('涉及金额（元）').fill('8600');
    await desk.getByTestId('med-facts').fill('申请人被拖欠两个月工资。');
    const created = posted(desk, '/api/v1/mediation-cases');
    await desk.getByTestId('med-intake-submit').click();
    const res = await created;
    expect(res.status(), await res.text()).toBe(201);
    const { id, number } = await res.json() as { id: string; number: string };
    await desk.getByTestId('med-case').waitFor();
    expect(await desk.getByTestId('med-stage').innerText()).toBe('已受理');

    await desk.getByTestId('med-act-assign').click();
    await desk.getByTestId('med-mediator').click();
    await desk.locator('.ant-select-item-option').filter({ hasText: '调解员（演示）' }).click();
    const assigned = posted(desk, '/mediators');
    await desk.getByTestId('med-form-assign-submit').click();
    expect((await assigned).status()).toBe(200);
    await expect.poll(() => desk.getByTestId('med-stage').innerText()).toBe('调解中');

    const phone = await e2e.newPage({ width: 375 });
    await e2e.login(phone, 'tiaojie', adminPassword);
    await phone.goto('/mediation');
    await phone.getByTestId('med-register').getByText(number).click();
    await phone.getByTestId('med-case').waitFor();
    expect(await phone.getByTestId('med-case').innerText()).toContain('13811112222');

    await phone.getByTestId('med-act-session').click();
    await phone.getByTestId('med-record').fill('听取双方陈述，企业同意支付拖欠工资。');
    const s = posted(phone, '/sessions');
    await phone.getByTestId('med-form-session-submit').click();
    expect((await s).status()).toBe(200);

    await phone.getByTestId('med-act-agreement').click();
    await phone.getByTestId('med-responsibility').fill('企业应按时足额支付工资。');
    await phone.getByTestId('med-term-0').fill('企业支付工资 8600 元');
    await phone.getByTestId('med-performance').fill('十日内银行转账');
    const a = posted(phone, '/agreement');
    await phone.getByTestId('med-form-agreement-submit').click();
    expect((await a).status()).toBe(200);
    await expect.poll(() => phone.getByTestId('med-stage').innerText()).toBe('达成协议');
    expect(await fetchStatus(phone, `/api/v1/mediation-cases/${id}/agreement.pdf`)).toBe(200);

    await phone.getByTestId('med-act-followup').click();
    await phone.getByTestId('med-visit-note').fill('电话回访，工资已到账。');
    const f = posted(phone, '/follow-up');
    await phone.getByTestId('med-form-followUp-submit').click();
    expect((await f).status()).toBe(200);

    await phone.getByTestId('med-act-close').click();
    const c = posted(phone, '/close');
    await confirmPopconfirm(phone);
    expect((await c).status()).toBe(200);
    await expect.poll(() => phone.getByTestId('med-stage').innerText()).toBe('已结案');
    const timeline = await phone.getByTestId('med-timeline').innerText();
    for (const step of ['受理', '指派', '调解', '回访', '已结案']) expect(timeline).toContain(step);
    expect(await hasHorizontalScroll(phone)).toBe(false);
    await screenshot(phone, path.join(RESULTS_DIR, 'screenshots', 'chamber-mediation-375.png'), true);
  });
});

describe('a service request from submission to rating', () => {
  it('the enterprise submits, the committee dispatches, the agency signs and replies on a phone, the enterprise rates it', async () => {
    const ent = await e2e.newPage({ width: 375 });
    await e2e.login(ent, 'qiye', adminPassword);
    await ent.goto('/services');
    await ent.getByTestId('svc-new').click();
    await ent.getByTestId('svc-new-title').fill('劳动争议预防法律体检');
    await ent.getByTestId('svc-new-detail').fill('请律师对用工制度做一次法律体检。');
    const created = posted(ent, '/api/v1/service-requests');
    await ent.getByTestId('svc-new-form-submit').click();
    const res = await created;
    expect(res.status(), await res.text()).toBe(201);
    const { id } = await res.json() as { id: string };
    await ent.getByTestId('svc-request').waitFor();
    expect(await ent.getByTestId('svc-stage').innerText()).toContain('受理');

    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto(`/services?id=${id}`);
    await desk.getByTestId('svc-act-dispatch').click();
    await desk.getByTestId('svc-agency').click();
    await desk.locator('.ant-select-item-option').filter({ hasText: '律师事务所' }).click();
    const d = posted(desk, '/dispatch');
    await desk.getByTestId('svc-form-dispatch-submit').click();
    expect((await d).status()).toBe(200);
    await expect.poll(() => desk.getByTestId('svc-stage').innerText()).toContain('交办');

    const agency = await e2e.newPage({ width: 375 });
    await e2e.login(agency, 'fuwu', adminPassword);
    await agency.goto('/services?box=inbox');
    await agency.getByTestId('svc-list-inbox').getByText('劳动争议预防法律体检').click();
    await agency.getByTestId('svc-request').waitFor();
    const s = posted(agency, '/sign');
    await agency.getByTestId('svc-act-sign').click();
    expect((await s).status()).toBe(200);
    await agency.getByTestId('svc-act-reply').click();
    await agency.getByTestId('svc-result').fill('已完成用工制度法律体检，出具意见书一份。');
    const rp = posted(agency, '/reply');
    await agency.getByTestId('svc-form-reply-submit').click();
    expect((await rp).status()).toBe(200);
    expect(await hasHorizontalScroll(agency)).toBe(false);
    await screenshot(agency, path.join(RESULTS_DIR, 'screenshots', 'chamber-agency-375.png'), true);

    await ent.reload();
    await ent.getByTestId('svc-act-rate').click();
    const rt = posted(ent, '/rate');
    await ent.getByTestId('svc-form-rate-submit').click();
    expect((await rt).status()).toBe(200);
    await expect.poll(() => ent.getByTestId('svc-stage').innerText()).toContain('办结');
    expect(await ent.getByTestId('svc-timeline').innerText()).toContain('评价');
    expect(await hasHorizontalScroll(ent)).toBe(false);
  });
});

describe('responsibility lists and the secretary ledger', () => {
  const okButton = (page: Page) => page.locator('.ant-modal:visible').getByRole('button', { name: /确\s*定|OK/ });

  it('the committee edits the yearly template (a total other than 100 refused in Chinese before sending) ', async () => {
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto('/duties');
    await desk.getByTestId('ledger-grids').waitFor();
    const puts: string[] = [];
    desk.on('request', (r) => { if (r.method() === 'PUT' && r.url().includes('/api/v1/duty-templates')) puts.push(r.url()); });
    await desk.getByTestId('duty-edit-template').click();
    const rows = desk.getByTestId('duty-template-rows');
    await rows.waitFor();
    await expect.poll(() => desk.getByTestId('duty-template-total').innerText()).toContain('100');
    const weight = rows.getByTestId('duty-item-weight').first();
    const w = Number(await weight.inputValue());
    await weight.fill(String(w + 5));
    await expect.poll(() => desk.getByTestId('duty-template-warning').innerText()).toContain('权重合计应为 100，现为 105');
    await desk.getByTestId('duty-template-submit').click();
    await expect.poll(() => desk.getByTestId('duty-template-error').innerText()).toContain('权重合计应为 100，现为 105');
    expect(puts).toHaveLength(0);
    await weight.fill(String(w));
    await expect.poll(() => desk.getByTestId('duty-template-warning').count()).toBe(0);
    const saved = desk.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/duty-templates'));
    await desk.getByTestId('duty-template-submit').click();
    expect((await saved).status()).toBe(200);
  });

  it('the grid leader opens a submitted ledger, follows its evidence, returns it with a comment; the committee submits it again for the branch, the grid accepts; the committee accepts and signs off; a correction is a new version with a reason', async () => {
    const grid = await e2e.newPage({ width: 1280 });
    await e2e.login(grid, 'wangge', adminPassword);
    await grid.goto('/duties');
    await grid.getByTestId('ledger-grids').waitFor();
    const open = grid.getByTestId('ledger-grids').locator('.ant-list-item').filter({ hasText: '已提交待审' }).first();
    await open.getByTestId('ledger-branch').click();
    await grid.getByTestId('ledger-lines').waitFor();
    const url = new URL(grid.url());
    const org = url.searchParams.get('org');
    const year = url.searchParams.get('year');
    expect(org).toBeTruthy();
    expect(await grid.getByTestId('ledger-status').innerText()).toBe('已提交待审');
    // the grid leader does not submit (no 提交审核 for them)
    expect(await grid.getByTestId('ledger-submit').count()).toBe(0);
    // 三会一课: the meetings held, each a link to its activity
    await grid.getByTestId('ledger-lines').locator('tr', { hasText: '三会一课' }).first().locator('.ant-table-row-expand-icon').click();
    const links = grid.getByTestId('ledger-lines').locator('a[href^="/activities?id="]');
    await links.first().waitFor();
    expect(await links.count()).toBeGreaterThan(0);

    await grid.getByRole('button', { name: /退\s*回/ }).click();
    await grid.locator('.ant-modal:visible textarea').fill('主题党日记录缺少签到表，请补充后再报。');
    const returned = posted(grid, '/review');
    await okButton(grid).click();
    expect((await returned).status()).toBe(200);
    await expect.poll(() => grid.getByTestId('ledger-status').innerText()).toBe('已退回');
    expect(await grid.getByText('主题党日记录缺少签到表').count()).toBeGreaterThan(0);
    // returned: no grid review until it is submitted again (here the committee submits for the branch, with a note)
    expect(await grid.getByTestId('ledger-grid-accept').count()).toBe(0);
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto(`/duties?org=${org}&year=${year}`);
    await desk.getByTestId('ledger-submit').click();
    await desk.locator('.ant-modal:visible textarea').fill('已补充签到表');
    const submitted = posted(desk, '/submit');
    await desk.locator('#ledger-submit-ok').click();
    expect((await submitted).status()).toBe(200);
    await expect.poll(() => desk.getByTestId('ledger-status').innerText()).toBe('已提交待审');
    expect(await desk.getByText('已补充签到表').count()).toBeGreaterThan(0);
    await grid.reload();
    await grid.getByTestId('ledger-grid-accept').waitFor();
    const accepted = posted(grid, '/review');
    await grid.getByTestId('ledger-grid-accept').click();
    expect((await accepted).status()).toBe(200);
    await expect.poll(() => grid.getByTestId('ledger-status').innerText()).toBe('网格已审核');

    await desk.reload();
    await desk.getByTestId('ledger-committee-accept').click();
    await expect.poll(() => desk.getByTestId('ledger-status').innerText()).toBe('党委已审核');
    const signed = posted(desk, '/sign-off');
    await desk.getByTestId('ledger-sign-off').click();
    expect((await signed).status()).toBe(200);
    await expect.poll(() => desk.getByTestId('ledger-status').innerText()).toBe('已销账');
    const score = await desk.getByTestId('ledger-score').innerText();
    expect(await desk.getByText('已冻结').count()).toBeGreaterThan(0);

    await desk.getByRole('button', { name: '更正（新版本）' }).click();
    await desk.locator('.ant-modal:visible textarea').fill('补录一次党员大会');
    const corrected = posted(desk, '/corrections');
    await okButton(desk).click();
    expect((await corrected).status()).toBe(200);
    await expect.poll(() => desk.getByTestId('ledger-status').innerText()).toBe('填报中');
    expect(await desk.getByText('更正原因: 补录一次党员大会').count()).toBe(1);
    const versions = desk.locator('.ant-card', { hasText: '版本' });
    expect(await versions.innerText()).toMatch(/v1 · 已销账/);
    expect(await versions.innerText()).toMatch(/v2 · 填报中 · 补录一次党员大会/);
    // the signed-off version stays readable with its frozen figures
    await versions.locator('.ant-list-item', { hasText: 'v1' }).getByRole('button').click();
    await expect.poll(() => desk.locator('.ant-modal:visible .ant-modal-title').innerText()).toBe(`v1 · ${score}`);
  });
});

describe('mentoring, talent and growth', () => {
  const option = (page: Page, text: string | RegExp) => page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();

  it('the committee reads the figures, records a pair (a take-over before its start refused by the server, nothing saved), and tags a developed member', async () => {
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto('/growth');
    const figures = desk.getByTestId('growth-figures');
    await figures.waitFor();
    await expect.poll(() => figures.innerText()).toContain('76');
    const fig = await figures.innerText();
    for (const n of ['25', '17', '19', '12', '11', '62']) expect(fig).toContain(n);

    await desk.getByTestId('growth-filter-outcome').click();
    await option(desk, '已接班').click();
    await expect.poll(() => desk.getByTestId('growth-pairs').locator('tbody tr.ant-table-row').count()).toBe(17);

    const mentor = await desk.evaluate(async () => {
      const r = await fetch('/api/v1/members?stage=full&pageSize=1&q=%E7%8E%8B');
      return (await r.json() as { items: { name: string }[] }).items[0].name;
    });
    await desk.getByTestId('growth-new-pair').click();
    const form = desk.getByTestId('growth-pair-form');
    const item = (label: string) => form.locator('.ant-form-item').filter({ hasText: label }).locator('input').first();
    await item('导师（党员企业家）').fill(mentor);
    await option(desk, mentor).click();
    await form.getByTestId('growth-mentee').fill('王小骆');
    await item('结对企业').fill('宁波骆驼');
    await option(desk, /有限公司$/).click();
    await form.getByLabel('结对日期').fill('2025-03-01');
    await form.getByLabel('结对日期').press('Enter');
    await form.getByLabel('结果').click();
    await option(desk, '已接班').click();
    await form.getByLabel('接班日期').fill('2024-01-01');
    await form.getByLabel('接班日期').press('Enter');
    const refused = posted(desk, '/api/v1/mentoring-pairs');
    await desk.getByTestId('growth-pair-form-submit').click();
    expect((await refused).status()).toBe(422);
    await expect.poll(() => form.innerText()).toContain('接班日期应在结对日期与今天之间');
    await form.getByLabel('接班日期').fill('2026-01-15');
    await form.getByLabel('接班日期').press('Enter');
    const created = posted(desk, '/api/v1/mentoring-pairs');
    await desk.getByTestId('growth-pair-form-submit').click();
    const res = await created;
    expect(res.status(), await res.text()).toBe(201);
    const card = (title: string) => figures.locator('.ant-card').filter({ hasText: title }).locator('.ant-statistic-content');
    await expect.poll(() => card('结对（对）').innerText()).toBe('26');
    expect(await card('已接班').innerText()).toBe('18');

    await desk.getByRole('tab', { name: '发展党员标记' }).click();
    await desk.getByTestId('growth-filter-talent').click();
    await option(desk, '未标记').click();
    const tagged = desk.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/members/'));
    await desk.getByTestId('growth-talents').getByTestId('growth-tag-owner').first().click();
    const tagRes = await tagged;
    expect(tagRes.status(), await tagRes.text()).toBe(200);
    await expect.poll(() => card('近年发展企业主').innerText()).toBe('12');
    await screenshot(desk, path.join(RESULTS_DIR, 'screenshots', 'chamber-growth.png'), true);
  });

  it('the committee records a partner school (an agreement ending before it starts refused by the server), places students from it; the figures count them', async () => {
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto('/growth');
    const figures = desk.getByTestId('growth-figures');
    await figures.waitFor();
    const card = (title: string) => figures.locator('.ant-card').filter({ hasText: title }).locator('.ant-statistic-content');
    await expect.poll(() => card('在协议期内的合作院校').innerText()).toBe('6');
    expect(await card('结对对象已入党').innerText()).toBe('3');
    await desk.getByRole('tab', { name: '合作院校' }).click();
    const table = desk.getByTestId('growth-schools');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(6);
    await desk.getByTestId('growth-new-school').click();
    const form = desk.getByTestId('growth-school-form');
    await form.getByTestId('growth-school-name').fill('宁波城市职业技术学院');
    await form.getByTestId('growth-school-contact').fill('钱老师');
    await form.getByLabel('协议起始').fill('2026-01-01');
    await form.getByLabel('协议起始').press('Enter');
    await form.getByLabel(/协议截止/).fill('2025-12-31');
    await form.getByLabel(/协议截止/).press('Enter');
    const refused = posted(desk, '/api/v1/school-partners');
    await desk.getByTestId('growth-school-form-submit').click();
    expect((await refused).status()).toBe(422);
    await expect.poll(() => form.innerText()).toContain('协议截止日期不能早于起始日期');
    await form.getByLabel(/协议截止/).fill('2028-12-31');
    await form.getByLabel(/协议截止/).press('Enter');
    const created = posted(desk, '/api/v1/school-partners');
    await desk.getByTestId('growth-school-form-submit').click();
    const res = await created;
    expect(res.status(), await res.text()).toBe(201);
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(7);
    await expect.poll(() => card('在协议期内的合作院校').innerText()).toBe('7');

    await desk.getByRole('tab', { name: '人才输送' }).click();
    await desk.getByTestId('growth-new-placement').click();
    const pf = desk.getByTestId('growth-placement-form');
    const item = (label: string) => pf.locator('.ant-form-item').filter({ hasText: label }).locator('input').first();
    await item('企业').fill('宁波骆驼');
    await option(desk, /有限公司$/).click();
    await item('合作院校').fill('宁波城市');
    await option(desk, '宁波城市职业技术学院').click();
    await pf.getByTestId('growth-people').fill('9');
    const placed = posted(desk, '/api/v1/talent-placements');
    await desk.getByTestId('growth-placement-form-submit').click();
    const pr = await placed;
    expect(pr.status(), await pr.text()).toBe(201);
    await desk.getByRole('tab', { name: '合作院校' }).click();
    await expect.poll(() => desk.getByTestId('growth-schools').locator('tr', { hasText: '宁波城市职业技术学院' }).innerText()).toContain('9 / 0');
  });

  it('the committee edits an investment record (its title) and deletes it', async () => {
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto('/growth');
    await desk.getByRole('tab', { name: '招商引资' }).click();
    const table = desk.getByTestId('growth-investments');
    const row = table.locator('tbody tr.ant-table-row').first();
    await row.waitFor();
    await row.getByTestId('growth-edit-investment').click();
    await desk.getByTestId('growth-inv-title').fill('智能制造装备项目（更正）');
    const put = desk.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/investment-records/'));
    await desk.getByTestId('growth-investment-form-submit').click();
    const res = await put;
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => row.innerText()).toContain('智能制造装备项目（更正）');
    const del = desk.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/v1/investment-records/'));
    await row.getByTestId('growth-delete-investment').click();
    await desk.locator('.ant-popconfirm:visible:not([class*="-leave"])').getByRole('button', { name: /删\s*除/ }).click();
    expect((await del).status()).toBe(200);
    await expect.poll(() => table.innerText()).not.toContain('智能制造装备项目（更正）');
  });
});

describe('workflow charts', () => {
  it('a secretary reads 发展党员 in 5 stages and 25 steps and follows a step to its page; the region admin edits 三会一课', async () => {
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto('/workflows');
    const dev = desk.getByTestId('wf-development');
    await dev.waitFor();
    expect(await dev.innerText()).toContain('5 个阶段 · 25 个步骤');
    expect(await dev.getByTestId('wf-stage').count()).toBe(5);
    expect(await desk.getByTestId('wf-edit').count()).toBe(0);
    await dev.getByTestId('wf-step-link').first().click();
    await desk.waitForURL(/\/members/);

    const admin = await e2e.newPage({ width: 1280 });
    await e2e.login(admin, 'luotuo', adminPassword);
    await admin.goto('/workflows');
    await admin.getByTestId('wf-development').waitFor();
    await admin.getByRole('tab', { name: '“三会一课”流程' }).click();
    await admin.getByTestId('wf-edit').click();
    const form = admin.getByTestId('wf-form');
    await form.getByTestId('wf-name').fill('“三会一课”流程（骆驼街道）');
    await form.getByTestId('wf-add-step').last().click();
    await form.getByTestId('wf-step-title').last().fill('会前学习党章');
    await form.getByTestId('wf-step-path').last().fill('/courseware');
    const saved = admin.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/workflows/meetings'));
    await admin.getByTestId('wf-form-submit').click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => admin.getByTestId('wf-meetings').innerText()).toContain('会前学习党章');
    expect(await admin.getByTestId('wf-meetings').innerText()).toContain('8 个步骤');
    await screenshot(admin, path.join(RESULTS_DIR, 'screenshots', 'chamber-workflows.png'), true);
  });
});

describe('the agencies\' catalogues', () => {
  it('the street (region-wide dispatcher) removes a service from an agency\'s catalogue; the committee has no editor', async () => {
    const desk = await e2e.newPage({ width: 1280 });
    await e2e.login(desk, 'shanghui', adminPassword);
    await desk.goto('/services');
    await desk.getByTestId('svc-agencies').waitFor();
    await expect.poll(() => desk.getByTestId('svc-agencies').locator('.ant-list-item').count()).toBeGreaterThan(0);
    expect(await desk.getByTestId('svc-catalogue-edit').count()).toBe(0);

    const admin = await e2e.newPage({ width: 1280 });
    await e2e.login(admin, 'luotuo', adminPassword);
    await admin.goto('/services');
    const first = admin.getByTestId('svc-agencies').locator('.ant-list-item').first();
    await first.waitFor();
    await first.getByTestId('svc-catalogue-edit').click();
    const form = admin.getByTestId('svc-catalogue');
    const tag = form.locator('.ant-select-selection-item').first();
    const label = (await tag.innerText()).trim();
    const before = await form.locator('.ant-select-selection-item').count();
    await tag.locator('.ant-select-selection-item-remove').click();
    expect(await form.locator('.ant-select-selection-item').count()).toBe(before - 1);
    const saved = admin.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/services'));
    await admin.getByTestId('svc-catalogue-submit').click();
    expect((await saved).status()).toBe(200);
    await expect.poll(async () => (await first.innerText()).includes(label)).toBe(false);
  });

  it('the street sets the service limits (签收 within 2 working days) from the dispatch tab', async () => {
    const admin = await e2e.newPage({ width: 1280 });
    await e2e.login(admin, 'luotuo', adminPassword);
    await admin.goto('/services');
    const card = admin.getByTestId('limits-service_request');
    await card.waitFor();
    await card.getByTestId('limits-edit').click();
    await admin.getByTestId('limits-days-dispatched').fill('2');
    const saved = admin.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/case-stage-limits'));
    await admin.getByTestId('limits-form-submit').click();
    const res = await saved;
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => card.innerText()).toContain('2 个工作日');
    expect(await card.innerText()).toContain('本区域设置');
  });
});
