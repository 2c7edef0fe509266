/**
 * The bridge-loan fund in a real browser, on the demo data: the fund officer (`zijin`) takes in an enterprise's
 * application with the bank's renewal commitment uploaded, prepares it; the approver (`shenpi`) approves it; zijin
 * disburses it and records the repayment with the tiered fee shown first. The approver — given the officer's role
 * too in this file, the case maker-checker exists for — is refused approving a loan they filed (375 px).
 *
 * Party dues in a real browser, on the demo data: 怡江社区党委's secretary (`yijiang`, 375 px) opens 党费收缴, picks
 * 怡江社区第一党支部, sets a member's monthly dues from the declared income (the table's 1.5%), then records this
 * month paid in cash with a receipt number; the sheet shows it paid with the receipt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/client.ts';
import { workbookBuffer } from '../../src/server/platform/xlsx.ts';
import { demoDataDir } from '../support/demo.ts';
import { chooseOption, hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

// a copy of the run's demo data directory (test/support/demo.ts)
const { dataDir, adminPassword } = await demoDataDir('lj-e2e-money-');
{
  const database = await openDatabase({ dataDir });
  // the approver also holds the fund officer's role (as a small fund's two people often do): maker-checker must still hold
  await database.query(`insert into grants (region_id, id, user_id, role, scope_kind, scope_id)
    select g.region_id, gen_random_uuid(), g.user_id, 'fund_officer', g.scope_kind, g.scope_id from grants g join users u on u.id = g.user_id
    where u.username = 'shenpi' and g.role = 'fund_approver'`);
  // a liaison made a fund officer of 孔浦街道 (which has no fund): may create one, so the menu shows 转贷互助资金
  await database.query(`insert into grants (region_id, id, user_id, role, scope_kind, scope_id)
    select k.region_id, gen_random_uuid(), u.id, 'fund_officer', 'region', k.region_id from users u, grants k join users ku on ku.id = k.user_id
    where u.username = 'guangda' and ku.username = 'kongpu' and k.role = 'region_admin'`);
  // a member of the lecture team made the dues collector (党费收缴员) of 百合社区第一党支部: no directory, only that branch's dues
  await database.query(`insert into grants (region_id, id, user_id, role, scope_kind, scope_id)
    select o.region_id, gen_random_uuid(), u.id, 'dues_collector', 'org', o.id from users u, orgs o
    where u.username = 'lecturer' and o.name = '百合社区第一党支部' and o.kind = 'branch'`);
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
    // … and on a loaded machine that may happen after the click: open it again until the branch shows
    const branch = page.locator('.ant-select-tree-node-content-wrapper', { hasText: '怡江社区第一党支部' }).first();
    await expect.poll(async () => {
      await page.getByTestId('dues-branch').click();
      await page.keyboard.type('怡江社区第一党支部');
      if (!(await branch.waitFor({ timeout: 3_000 }).then(() => true, () => false))) {
        await page.keyboard.press('Escape');
        return false;
      }
      await branch.click();
      return true;
    }, { timeout: 45_000 }).toBe(true);
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

describe('party dues: the collector and the member', () => {
  /** the collector (no directory) signs in at 375 px and picks 百合社区第一党支部 (the demo's dues) from their branches */
  const collectorSheet = async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'lecturer', adminPassword);
    await page.goto('/dues');
    await chooseOption(page, page.getByTestId('dues-branch'), '百合社区第一党支部');
    const rows = page.getByTestId('dues-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    return { page, rows };
  };

  it('the dues collector records a payment on the dues page with a receipt', async () => {
    const { page, rows } = await collectorSheet();
    const row = rows.filter({ has: page.getByTestId('dues-pay') }).first();
    const name = (await row.locator('.ant-card-head-title').innerText()).split('\n')[0].trim();
    await row.getByTestId('dues-pay').click();
    await page.locator('.ant-modal:visible').waitFor();
    await page.getByTestId('dues-receipt').fill('BH-E2E-0001');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/dues/payments') && r.request().method() === 'POST');
    await page.getByTestId('dues-pay-form-submit').click();
    expect((await answer).status()).toBe(201);
    await expect.poll(() => rows.filter({ hasText: name }).first().innerText()).toContain('收据 BH-E2E-0001');
    expect(await hasHorizontalScroll(page)).toBe(false);
  });

  it('the collector imports the year\'s bases: a file with a bad row lists it and changes nothing', async () => {
    const { page, rows } = await collectorSheet();
    const before = await rows.allInnerTexts();
    await page.getByTestId('dues-import').click();
    const file = await workbookBuffer([{ name: '党费基数', header: ['党员编号', '姓名', '人员类别', '税后月收入（元）'], rows: [['', '查无此人', '在岗职工', -5]] }]);
    await page.getByTestId('dues-import-modal').locator('input[type=file]').setInputFiles({ name: 'bases.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await expect.poll(() => page.getByTestId('dues-import-modal-report').innerText()).toContain('第 2 行');
    expect(await page.getByTestId('dues-import-modal-report').innerText()).toContain('本支部没有党员“查无此人”');
    await page.keyboard.press('Escape');
    expect(await rows.allInnerTexts()).toEqual(before);
  });

  it('a member opens 我的党费: their branch, the months and the disclosure', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'member', adminPassword);
    await page.goto('/my-dues');
    await expect.poll(() => page.getByTestId('my-dues-card').innerText()).toContain('所在支部：怡江社区第一党支部');
    expect(await page.getByTestId('my-dues-months').innerText()).toContain('12月');
    expect(await hasHorizontalScroll(page)).toBe(false);
  });
});

/** Today in Asia/Shanghai plus `n` days, YYYY-MM-DD. */
const shanghaiDay = (n = 0) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('bridge-loan fund', () => {
  it('the officer takes in an application with the commitment, the approver approves, the officer disburses and records the repayment', async () => {
    const zijin = await e2e.newPage();
    await e2e.login(zijin, 'zijin', adminPassword);
    await zijin.goto('/fund');
    // the balance sheet comes from the ledger: the demo's 2,847 loans
    await zijin.getByRole('tab', { name: '资产负债' }).click();
    await expect.poll(() => zijin.getByTestId('fund-fig-loans').innerText()).toBe('2,847');
    const sheet = await zijin.request.get((await zijin.getByTestId('fund-balance-pdf').getAttribute('href'))!);
    expect(sheet.headers()['content-type']).toContain('application/pdf');
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'money-balance-sheet.pdf'), await sheet.body());
    await zijin.getByRole('tab', { name: '会员企业' }).click();
    const statement = await zijin.getByTestId('fund-statement').first().getAttribute('href');
    expect((await zijin.request.get(statement!)).headers()['content-type']).toContain('spreadsheetml');
    await zijin.getByRole('tab', { name: '转贷台账' }).click();

    await zijin.getByTestId('fund-apply').click();
    const form = zijin.locator('.ant-modal:visible');
    await form.waitFor();
    await zijin.getByTestId('fund-apply-unit').click();
    await zijin.keyboard.type('互助会员07');
    await zijin.locator('.ant-select-item-option').filter({ hasText: '镇海骆驼互助会员07实业有限公司' }).click();
    await zijin.getByTestId('fund-apply-bank').fill('宁波银行骆驼支行');
    await zijin.getByTestId('fund-apply-bank-loan').fill('5000000');
    const due = form.locator('.ant-picker input');
    await due.click();
    await due.fill(shanghaiDay(5));
    await due.press('Enter');
    await zijin.getByTestId('fund-apply-renewal').fill('5000000');
    await form.locator('input[type=file]').setInputFiles({ name: '续贷承诺函.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => zijin.getByTestId('fund-commitment-file').innerText()).toContain('续贷承诺函.pdf');
    await zijin.getByTestId('fund-apply-amount').fill('4000000');
    const applied = zijin.waitForResponse((r) => r.url().endsWith('/api/v1/loans') && r.request().method() === 'POST');
    await zijin.getByTestId('fund-apply-form-submit').click();
    expect((await applied).status()).toBe(201);

    // the newest loan is first: prepare it
    const row = zijin.getByTestId('fund-loans').getByTestId('fund-loan-row').filter({ hasText: '镇海骆驼互助会员07实业有限公司' }).first();
    await expect.poll(() => row.innerText()).toContain('已申请');
    expect(await row.innerText()).toContain('续贷承诺函.pdf');
    await row.getByTestId('fund-prepare').click();
    await zijin.getByTestId('fund-prepare-form-submit').click();
    await expect.poll(() => row.innerText()).toContain('已初审');

    const shenpi = await e2e.newPage();
    await e2e.login(shenpi, 'shenpi', adminPassword);
    await shenpi.goto('/fund-approvals');
    const mine = shenpi.getByTestId('fund-to-approve').getByTestId('fund-loan-row').filter({ hasText: '镇海骆驼互助会员07实业有限公司' }).first();
    await mine.getByTestId('fund-approve').click();
    const approved = shenpi.waitForResponse((r) => r.url().endsWith('/approve'));
    await shenpi.getByTestId('fund-approve-form-submit').click();
    expect((await approved).status()).toBe(200);
    await expect.poll(() => mine.count()).toBe(0);

    await zijin.reload();
    await expect.poll(() => row.innerText()).toContain('已批准');
    await row.getByTestId('fund-disburse').click();
    await zijin.getByTestId('fund-disburse-form-submit').click();
    await expect.poll(() => row.innerText()).toContain('已放款');
    await row.getByTestId('fund-repay').click();
    // the tiered fee before confirming: one day at 0.02% of ¥4,000,000
    await expect.poll(() => zijin.getByTestId('fund-repay-fee').innerText()).toBe('¥800.00');
    expect(await zijin.getByTestId('fund-repay-days').innerText()).toContain('1 天');
    expect(await zijin.getByTestId('fund-repay-owed').innerText()).toBe('¥4,000,800.00');
    const repaid = zijin.waitForResponse((r) => r.url().endsWith('/repay'));
    await zijin.getByTestId('fund-repay-form-submit').click();
    expect((await repaid).status()).toBe(200);
    await expect.poll(() => row.innerText()).toContain('已还款');
    expect(await row.innerText()).toContain('¥800.00');
    await screenshot(zijin, path.join(RESULTS_DIR, 'screenshots', 'money-fund-loans.png'));
  });

  it('the approver cannot approve a loan they filed: the refusal in Chinese with its code, nothing changed, at 375 px', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'shenpi', adminPassword);
    // shenpi (who holds the officer's role too) takes in an application and prepares it, through the API as the pages do
    const headers = { 'x-requested-with': 'XMLHttpRequest' };
    const funds = await (await page.request.get('/api/v1/funds')).json() as { id: string }[];
    const fundId = funds[0].id;
    const members = await (await page.request.get(`/api/v1/funds/${fundId}/members`)).json() as { unitId: string; unitName: string }[];
    const unit = members.find((m) => m.unitName === '镇海骆驼互助会员11实业有限公司')!;
    const c = await (await page.request.post(`/api/v1/funds/${fundId}/commitments?unitId=${unit.unitId}`, {
      headers, multipart: { file: { name: '承诺.pdf', mimeType: 'application/pdf', buffer: PDF } },
    })).json() as { id: string };
    const loan = await page.request.post('/api/v1/loans', {
      headers, data: { fundId, unitId: unit.unitId, bank: '农业银行镇海支行', bankLoanFen: 300_000_000, bankDueOn: shanghaiDay(3), renewalFen: 300_000_000, commitmentId: c.id, amountFen: 200_000_000 },
    });
    expect(loan.status()).toBe(201);
    const { id } = await loan.json() as { id: string };
    expect((await page.request.post(`/api/v1/loans/${id}/prepare`, { headers })).status()).toBe(200);

    await page.goto('/fund-approvals');
    const row = page.getByTestId('fund-to-approve').getByTestId('fund-loan-row').filter({ hasText: unit.unitName }).first();
    await row.getByTestId('fund-approve').click();
    const answer = page.waitForResponse((r) => r.url().endsWith(`/loans/${id}/approve`));
    await page.getByTestId('fund-approve-form-submit').click();
    expect((await answer).status()).toBe(409);
    const refusal = page.getByTestId('fund-approve-form-error');
    await expect.poll(() => refusal.innerText()).toContain('不能审批');
    expect(await refusal.innerText()).toContain('FUND_MAKER_CHECKER');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'money-fund-maker-checker.png'));
    // nothing changed: still prepared, not approved
    const after = await (await page.request.get(`/api/v1/loans/${id}`)).json() as { status: string; approvedBy: string | null };
    expect(after).toMatchObject({ status: 'prepared', approvedBy: null });
  });

  it('the approver edits the rules (the penalty) and creates a fund from the web; the statement downloads as a PDF', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'shenpi', adminPassword);
    await page.goto('/fund');
    await page.getByRole('tab', { name: '会员企业' }).click();
    const pdf = await page.getByTestId('fund-statement-pdf').first().getAttribute('href');
    expect((await page.request.get(pdf!)).headers()['content-type']).toContain('application/pdf');
    await page.getByRole('tab', { name: '资产负债' }).click();
    await expect.poll(() => page.getByTestId('fund-rules-penalty').innerText()).toBe('0.10%/天（按逾期天数）');
    await page.getByTestId('fund-edit-rules').click();
    await page.getByTestId('fund-rules-penalty-input').fill('0.05');
    const put = page.waitForResponse((r) => r.url().endsWith('/rules') && r.request().method() === 'PUT');
    await page.getByTestId('fund-rules-form-submit').click();
    expect((await put).status()).toBe(200);
    await expect.poll(() => page.getByTestId('fund-rules-penalty').innerText()).toBe('0.05%/天（按逾期天数）');

    // shenpi holds the officer's role in this file: a new fund of the chamber's committee
    await page.getByTestId('fund-create').click();
    await page.getByTestId('fund-rules-name').fill('骆驼第二互助资金');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/funds') && r.request().method() === 'POST');
    await page.getByTestId('fund-rules-form-submit').click();
    expect((await created).status()).toBe(201);
    await expect.poll(() => page.getByTestId('fund-picker').innerText()).toContain('骆驼第二互助资金');
  });
});

describe('charity funds', () => {
  it('a donation gets its receipt; a disbursement prepared by zijin is approved by shenpi; the public page shows it at 375 px', async () => {
    const zijin = await e2e.newPage();
    await e2e.login(zijin, 'zijin', adminPassword);
    await zijin.goto('/charity');
    // the demo's 红色慈善爱心基金 (留本捐息): its principal kept apart from what may be spent
    await expect.poll(() => zijin.getByTestId('charity-balance').innerText()).toContain('红色慈善爱心基金');
    expect(await zijin.getByTestId('charity-balance').innerText()).toContain('留存本金（不可支出）');

    await zijin.getByTestId('charity-donate').click();
    await zijin.locator('.ant-modal:visible').waitFor();
    await zijin.getByTestId('charity-donor-name').fill('骆驼浏览器测试爱心实业有限公司');
    await zijin.getByTestId('charity-amount').fill('50000');
    const donated = zijin.waitForResponse((r) => r.url().endsWith('/donations') && r.request().method() === 'POST');
    await zijin.getByTestId('charity-donation-form-submit').click();
    const donation = await donated;
    expect(donation.status()).toBe(201);
    const { receiptNo } = await donation.json() as { receiptNo: string };
    const row = zijin.getByTestId('charity-donations').locator('tr').filter({ hasText: '骆驼浏览器测试爱心实业有限公司' }).first();
    await expect.poll(() => row.innerText()).toContain(receiptNo);
    expect(await row.innerText()).toContain('¥50,000.00');
    const pdf = await zijin.request.get((await row.getByTestId('charity-receipt-pdf').getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    await zijin.getByTestId('charity-disburse').click();
    await zijin.locator('.ant-modal:visible').waitFor();
    await zijin.getByTestId('charity-beneficiary').fill('骆驼街道浏览器测试困难家庭');
    await chooseOption(zijin, zijin.locator('.ant-modal:visible .ant-select').first(), '扶贫济困');
    await zijin.getByTestId('charity-disb-amount').fill('1000');
    const prepared = zijin.waitForResponse((r) => r.url().endsWith('/disbursements') && r.request().method() === 'POST');
    await zijin.getByTestId('charity-disbursement-form-submit').click();
    expect((await prepared).status()).toBe(201);

    const shenpi = await e2e.newPage();
    await e2e.login(shenpi, 'shenpi', adminPassword);
    await shenpi.goto('/charity');
    await shenpi.getByTestId('charity-tab-queue').click();
    const waiting = shenpi.getByTestId('charity-queue').locator('tr').filter({ hasText: '骆驼街道浏览器测试困难家庭' }).first();
    await waiting.getByTestId('charity-decide').click();
    const approved = shenpi.waitForResponse((r) => r.url().endsWith('/approve'));
    await shenpi.getByTestId('charity-approve').click();
    expect((await approved).status()).toBe(200);
    await expect.poll(() => waiting.count()).toBe(0);

    // the public disclosure, without signing in, at 375 px
    await zijin.reload();
    await zijin.getByRole('tab', { name: '公示' }).click();
    const url = await zijin.getByTestId('charity-public-url').innerText();
    const visitor = await e2e.newPage({ width: 375 });
    await visitor.goto(new URL(url).pathname);
    await expect.poll(() => visitor.getByTestId('charity-public-title').innerText()).toContain('红色慈善爱心基金');
    await expect.poll(() => visitor.getByTestId('charity-public-disbursements').innerText()).toContain('骆驼街道浏览器测试困难家庭');
    expect(await visitor.getByTestId('charity-public-disbursements').innerText()).toContain('¥1,000.00');
    expect(await visitor.getByTestId('charity-public-donations').innerText()).toContain('骆驼浏览器测试爱心实业有限公司');
    expect(await hasHorizontalScroll(visitor)).toBe(false);
    await screenshot(visitor, path.join(RESULTS_DIR, 'screenshots', 'money-charity-public.png'), true);
  });

  it('zijin creates a charity fund from the web: it opens with its ledger, and a donation shows on it', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'zijin', adminPassword);
    await page.goto('/charity');
    await page.getByTestId('charity-create').click();
    await page.getByTestId('charity-create-name').fill('骆驼浏览器测试助学基金');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/charity-funds') && r.request().method() === 'POST');
    await page.getByTestId('charity-create-form-submit').click();
    expect((await created).status()).toBe(201);
    await expect.poll(() => page.getByTestId('charity-balance').innerText()).toContain('骆驼浏览器测试助学基金');
    expect(await page.getByTestId('charity-balance').innerText()).toContain('捐本捐息');
    await page.getByTestId('charity-donate').click();
    await page.locator('.ant-modal:visible').waitFor();
    await page.getByTestId('charity-donor-name').fill('骆驼助学测试捐赠人');
    await page.getByTestId('charity-amount').fill('800');
    const donated = page.waitForResponse((r) => r.url().endsWith('/donations') && r.request().method() === 'POST');
    await page.getByTestId('charity-donation-form-submit').click();
    expect((await donated).status()).toBe(201);
    await expect.poll(() => page.getByTestId('charity-donated').innerText()).toBe('¥800.00');
    expect(await page.getByTestId('charity-donations').innerText()).toContain('骆驼助学测试捐赠人');
  });
});

describe('money menu', () => {
  it('the fund lines show only to those with a fund there: a region admin or a liaison without one sees none', async () => {
    const lines = async (username: string) => {
      const page = await e2e.newPage();
      const funds = page.waitForResponse((r) => r.url().endsWith('/api/v1/funds'));
      await e2e.login(page, username, adminPassword);
      await funds;
      // every line that shows only with content has its answer
      await page.locator('[data-testid="side-menu"][data-ready="true"]').waitFor();
      const paths = await page.getByTestId('side-menu').locator('[data-path]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!));
      await page.close();
      return paths;
    };
    // 骆驼街道's region admin reads the demo fund; 孔浦街道's has the same role and no fund
    expect(await lines('luotuo')).toContain('/fund');
    expect(await lines('kongpu')).not.toContain('/fund');
    // a liaison whose enterprise is in no fund: no 我的转贷; made a fund officer of 孔浦街道 (no fund yet, see the top of
    // the file) they see 转贷互助资金, to create the first (GET /api/v1/fund-orgs)
    const guangda = await lines('guangda');
    expect(guangda).not.toContain('/my-fund');
    expect(guangda).toContain('/fund');
    // the officer sees the fund and the charity funds
    expect(await lines('zijin')).toEqual(expect.arrayContaining(['/fund', '/charity']));
  });
});
