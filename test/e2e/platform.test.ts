/**
 * The platform pages as the platform admin: the backups card on the home page (schedule, the list of runs,
 * "back up now" adds a verified run) and the audit log (actions and entity types as labels in both
 * languages; the actor picked by name, not by UUID); and the roster import's progress bar on a large file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/server/modules/directory/idcard.ts';
import ExcelJS from '../../src/server/platform/exceljs.ts';
import { useE2E } from './harness.ts';

const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-backups-'));
afterAll(() => fs.rmSync(backupDir, { recursive: true, force: true }));
const e2e = useE2E({ env: { BACKUP_DIR: backupDir, BACKUP_SCHEDULE: '02:00' } });

/** An action or entity code shown raw (`contest.publish`, `contest_score`). */
const RAW_CODE = /^[a-z][a-z0-9]*([._][a-z0-9]+)+$/;

async function bigRoster(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员花名册');
  ws.addRow(['姓名', '性别', '民族', '出生日期', '身份证号', '手机', '所在支部', '人员类别', '入党日期', '转正日期']);
  for (let i = 0; i < 3000; i++) {
    const born = `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
    ws.addRow([`进度测试${i}`, i % 2 ? '男' : '女', '汉族', born, makeIdNumber('330205', born, i % 2 ? 'M' : 'F', i % 1000),
      `138${String(i).padStart(8, '0')}`, '怡江社区第一党支部', '正式党员', '2010-07-01', '2011-07-01']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('platform pages', () => {
  it('the backups card shows the schedule and lists a backup taken now', async () => {
    const page = await e2e.newPage();
    await e2e.login(page);
    const card = page.getByTestId('backups-card');
    await card.waitFor();
    expect(await page.getByTestId('backup-schedule').innerText()).toBe('每天 02:00（北京时间）');
    expect(await page.getByTestId('backup-next').innerText()).toMatch(/^\d{4}-\d\d-\d\d 02:00:00$/);
    await expect.poll(() => card.innerText()).toContain('还没有备份记录');

    await page.getByTestId('backup-now').click();
    const run = page.getByTestId('backup-runs').locator('tbody tr.ant-table-row');
    // a backup dumps and re-reads the whole demo database: on the loaded CI machine that has taken over 30 s
    await expect.poll(() => run.count(), { timeout: 90_000 }).toBe(1);
    const text = await run.first().innerText();
    expect(text).toContain('已校验');
    expect(text).toMatch(/\.jsonl\.gz|\.gz|lianjian/);
    // the file is in BACKUP_DIR
    expect(fs.readdirSync(backupDir).length).toBeGreaterThan(0);
  });

  it('the audit log shows labels in both languages and filters by an actor picked by name', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu'); // a sign-in of kongpu's for the admin to find
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await e2e.login(page);
    await page.goto('/audit');
    const actions = page.getByTestId('audit-action');
    await actions.first().waitFor();
    const zh = await actions.allInnerTexts();
    expect(zh.length).toBeGreaterThan(0);
    for (const a of zh) expect(a).not.toMatch(RAW_CODE);
    for (const e of await page.getByTestId('audit-entity-type').allInnerTexts()) expect(e).not.toMatch(RAW_CODE);
    expect(zh).toContain('登录');

    // the actor by name: kongpu's sign-in
    await page.getByTestId('audit-filter-actor').click();
    await page.getByTestId('audit-filter-actor').locator('input').fill('kongpu');
    const option = page.locator('.ant-select-item-option').filter({ hasText: 'kongpu' }).first();
    await option.waitFor();
    await option.click();
    await page.getByTestId('audit-search').click();
    await page.waitForURL(/actorId=[0-9a-f-]{36}/);
    expect(page.url()).toContain('actorName=');
    await expect.poll(async () => new Set(await page.getByTestId('audit-actor').allInnerTexts()).size).toBe(1);
    // a reload keeps the name in the picker, not the id
    await page.reload();
    await expect.poll(() => page.getByTestId('audit-filter-actor').innerText()).toContain('kongpu');

    // and by action, picked by its label; the export takes the same filters
    await page.getByTestId('audit-filter-action').click();
    await page.getByTestId('audit-filter-action').locator('input').fill('退出登录');
    await page.locator('.ant-select-item-option').filter({ hasText: '退出登录' }).first().click();
    await page.getByTestId('audit-search').click();
    await page.waitForURL(/action=auth\.logout/);
    await expect.poll(async () => [...new Set(await actions.allInnerTexts())]).toEqual(['退出登录']);
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/audit\.xlsx\?.*action=auth\.logout/);
    expect(href).toMatch(/actorId=[0-9a-f-]{36}/);
    const x = await page.request.get(href!);
    expect(x.status()).toBe(200);
    expect(x.headers()['content-type']).toContain('spreadsheetml');

    // English
    await page.getByTestId('lang-en').click();
    await expect.poll(async () => (await actions.allInnerTexts()).join('|')).toContain('Signed out');
    for (const a of await actions.allInnerTexts()) expect(a).not.toMatch(RAW_CODE);
    for (const e of await page.getByTestId('audit-entity-type').allInnerTexts()) expect(e).not.toMatch(RAW_CODE);
  });

  it('the roster import shows a progress bar while a large file is sent and processed', async () => {
    const buffer = await bigRoster();
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    await page.goto('/members/import');
    await page.getByTestId('import-template').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'roster.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer,
    });
    await page.getByTestId('import-check').click();
    // the bar, with the bytes sent, then "processing" once the file is up, until the answer comes
    const bar = page.getByTestId('import-progress');
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('data-phase')).toBe('processing');
    expect(await bar.innerText()).toContain('服务器正在逐行处理');
    await page.getByTestId('import-check-result').waitFor({ timeout: 60_000 });
    await bar.waitFor({ state: 'detached' });
    expect(await page.getByTestId('import-totals').innerText()).toMatch(/总行数\s*3,?000/);
  });

  it('while the server reads the rows the bar counts them (its answer held back, the rows it read are shown)', async () => {
    const buffer = await bigRoster();
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    // the server reads 3,000 rows in well under a second here: hold its answer so that the page polls meanwhile
    await page.route('**/api/v1/members/import', async (route) => {
      const response = await route.fetch();
      await new Promise((r) => setTimeout(r, 3000));
      await route.fulfill({ response });
    });
    await page.goto('/members/import');
    await page.getByTestId('import-template').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'roster.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer,
    });
    await page.getByTestId('import-check').click();
    const bar = page.getByTestId('import-progress');
    await expect.poll(() => bar.innerText().catch(() => '')).toMatch(/已处理 3,?000 \/ 3,?000 行/);
    await page.getByTestId('import-check-result').waitFor({ timeout: 60_000 });
  });
});
