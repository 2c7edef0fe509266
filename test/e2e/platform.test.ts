/**
 * The platform pages as the platform admin: the backups card on the home page (schedule, the list of runs,
 * "back up now" adds a verified run) and the audit log (actions and entity types as labels in both
 * languages; the actor picked by name, not by UUID).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useE2E } from './harness.ts';

const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-backups-'));
afterAll(() => fs.rmSync(backupDir, { recursive: true, force: true }));
const e2e = useE2E({ env: { BACKUP_DIR: backupDir, BACKUP_SCHEDULE: '02:00' } });

/** An action or entity code shown raw (`contest.publish`, `contest_score`). */
const RAW_CODE = /^[a-z][a-z0-9]*([._][a-z0-9]+)+$/;

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
    await expect.poll(() => run.count(), { timeout: 30_000 }).toBe(1);
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

    // English
    await page.getByTestId('lang-en').click();
    await expect.poll(async () => (await actions.allInnerTexts()).join('|')).toContain('Signed in');
    for (const a of await actions.allInnerTexts()) expect(a).not.toMatch(RAW_CODE);
    for (const e of await page.getByTestId('audit-entity-type').allInnerTexts()) expect(e).not.toMatch(RAW_CODE);
  });
});
