/**
 * The chamber's mediation in a real browser: the committee (`shanghui`) takes in a dispute and assigns the demo
 * mediator; the mediator (`tiaojie`), on a 375 px phone, records a session, the agreement (and downloads its
 * PDF), the follow-up, and closes the case; the timeline shows every step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { migrate, openDatabase } from '../../src/server/db/client.ts';
import { seedIfEmpty } from '../../src/server/seed.ts';
import { fetchStatus, hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-e2e-chamber-'));
const adminPassword = 'e2e-chamber-demo-pw';
{
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await seedIfEmpty(database, loadConfig({}, { adminPassword }));
  await database.close();
}

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
