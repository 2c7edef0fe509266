/**
 * Reports in a real browser: 怡江's secretary opens 统计报表, finds their own committee chosen, picks a quarter and
 * downloads the party statistics (its total of members is the figures catalogue's for the same level and period),
 * then the year's work report as a PDF.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import ExcelJS from '../../src/server/platform/exceljs.ts';
import { useE2E } from './harness.ts';

const e2e = useE2E({ timeoutMs: 240_000 });

async function pick(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  await options.filter({ hasText: option }).first().click();
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
}

describe('reports', () => {
  it('an org secretary downloads the quarterly statistics and the yearly work report of their committee', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.getByTestId('side-menu').getByRole('menuitem').filter({ hasText: /^统计报表$/ }).first().click();
    await page.waitForURL('**/reports');
    // a line of its own in the menu, under 首页; the level the secretary's grant names is chosen already
    await expect.poll(() => page.getByTestId('reports-org').innerText()).toContain('怡江社区党委');
    await pick(page, 'reports-quarter', '第三季度');

    const href = (await page.getByTestId('reports-xlsx').getAttribute('href'))!;
    const query = new URL(href, 'http://x').searchParams;
    expect(query.get('scopeKind')).toBe('org');
    expect(query.get('period')).toMatch(/^\d{4}Q3$/);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^怡江社区党委\d{4}年第三季度党内统计\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsx.path())!);
    const members = wb.getWorksheet('党员基本情况')!;
    let total: unknown = null;
    members.eachRow((r) => { if (r.getCell(1).value === '党员总数' && r.getCell(2).value === '合计') total = r.getCell(3).value; });
    // the same number the catalogue answers for the level and period
    const values = await page.evaluate(async (q) => {
      const r = await fetch(`/api/v1/figures/values?${q}&keys=directory.members`, { credentials: 'same-origin' });
      return (await r.json()) as { figures: { key: string; value: number }[] };
    }, query.toString());
    expect(values.figures[0].value).toBeGreaterThan(0);
    expect(total).toBe(values.figures[0].value);
    expect(wb.getWorksheet('各项指标')).toBeDefined();

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-pdf').click()]);
    expect(pdf.suggestedFilename()).toMatch(/^怡江社区党委\d{4}年度党建工作报告\.pdf$/);
    const bytes = fs.readFileSync((await pdf.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5000);
  }, 180_000);
});
