/**
 * Shared venues in a real browser, on the 白峰 demo data: the joint meeting's office books LNG's court from its
 * week calendar for a park firm and sees the conflict when it books the same slot again; 光大's liaison approves
 * a request waiting in the education base's queue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/client.ts';
import { demoDataDir } from '../support/demo.ts';
import { fetchStatus, hasHorizontalScroll, RESULTS_DIR, screenshot, useE2E } from './harness.ts';

// a copy of the run's demo data directory (test/support/demo.ts)
const { dataDir, adminPassword } = await demoDataDir('lj-e2e-venues-');
{
  // the joint meeting's office also records donations for the town's charity fund (made in the test below)
  const database = await openDatabase({ dataDir });
  await database.query(`insert into grants (region_id, id, user_id, role, scope_kind, scope_id)
    select g.region_id, gen_random_uuid(), g.user_id, 'fund_officer', 'org', a.lead_org_id from grants g
      join users u on u.id = g.user_id join alliances a on a.region_id = g.region_id and a.id = g.scope_id
    where u.username = 'lingang' and g.scope_kind = 'alliance' and a.lead_org_id is not null limit 1`);
  await database.close();
}

const e2e = useE2E({ dataDir, adminPassword });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('shared venues', () => {
  it('books a slot on the court from its calendar, then sees the conflict on a second try', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'lingang', adminPassword);
    await page.goto('/venues');
    await page.getByTestId('venue-card').filter({ hasText: '中海浙江LNG室内篮球场' }).getByTestId('venue-open').click();
    await page.getByTestId('venue-week').waitFor();
    await page.getByRole('button', { name: '下一页' }).click();
    // next week's Monday: the three firms play on Tuesday, Thursday and Saturday
    const monday = page.locator('[data-testid^="week-day-"]').first();
    await expect.poll(() => monday.innerText()).toMatch(/周一/);
    const bookOnce = async () => {
      await monday.getByTestId('week-book').click();
      const form = page.getByTestId('booking-form');
      await form.waitFor();
      await form.getByTestId('booking-booker').click();
      await page.keyboard.type('中宅');
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '宁波港中宅码头有限公司' }).first().click();
      await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
      await expect.poll(() => form.getByTestId('booking-booker').innerText()).toContain('宁波港中宅码头有限公司');
      await form.getByTestId('booking-purpose').fill('职工篮球友谊赛');
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/venue-bookings') && r.request().method() === 'POST');
      await page.getByTestId('booking-form-submit').click();
      const res = await answer;
      return { form, status: res.status(), key: res.request().headers()['idempotency-key'] };
    };
    const first = await bookOnce();
    expect(first.status).toBe(201);
    await expect.poll(() => monday.getByTestId('calendar-booking').allInnerTexts()).toEqual([expect.stringMatching(/19:00–20:00 宁波港中宅码头有限公司\s*待审批/)]);
    const second = await bookOnce();
    expect(second.status).toBe(409);
    // one Idempotency-Key per opened form: the second form is a new request, not a retry of the first
    expect(first.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.key).not.toBe(first.key);
    await expect.poll(() => page.getByTestId('booking-form-error').innerText()).toContain('该时段已被预约');
    await screenshot(page, path.join(RESULTS_DIR, 'screenshots', 'venues-conflict.png'));
    await page.locator('.ant-modal:visible').getByRole('button', { name: /取\s*消/ }).click();
    await page.goto('/my-bookings');
    await expect.poll(() => page.getByTestId('my-bookings').innerText()).toContain('职工篮球友谊赛');
  });

  it('the education base\'s liaison sees the year\'s visitors and approves a request from the queue (375 px)', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'guangda', adminPassword);
    await page.goto('/venues');
    await page.getByTestId('venue-card').filter({ hasText: '光大环保环境教育基地' }).getByTestId('venue-open').click();
    await expect.poll(() => page.getByTestId('venue-visitors').innerText()).toMatch(/^近一年参观 \d{4} 人次（\d+ 批）$/);
    const visitors = Number((await page.getByTestId('venue-visitors').innerText()).match(/\d{4}/)![0]);
    expect(visitors).toBeGreaterThan(4500);
    expect(visitors).toBeLessThan(5500);
    await page.goto('/venue-approvals');
    const queue = page.getByTestId('approval-queue');
    await expect.poll(() => queue.innerText()).toContain('白峰镇中心学校');
    const approved = page.waitForResponse((r) => r.url().includes('/approve') && r.request().method() === 'POST');
    await queue.locator('tr', { hasText: '白峰镇中心学校' }).getByTestId('booking-approve').click();
    expect((await approved).status()).toBe(200);
    await expect.poll(() => queue.innerText()).not.toContain('白峰镇中心学校');
    expect(await hasHorizontalScroll(page)).toBe(false);
  });

  it('the owner closes the court over next Tuesday\'s booking: the form lists it and cancels it with a reason', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'baifeng', adminPassword);
    await page.goto('/venues');
    await page.getByTestId('venue-card').filter({ hasText: '中海浙江LNG室内篮球场' }).getByTestId('venue-open').click();
    await page.getByTestId('venue-week').waitFor();
    const tuesday = plusDays(mondayOf(shanghaiToday()), 8);
    await page.getByRole('button', { name: '停用时段' }).click();
    const form = page.locator('.ant-modal:visible').filter({ has: page.getByTestId('blackout-form-submit') });
    await form.waitFor();
    for (const [i, value] of [[0, `${tuesday} 18:00`], [1, `${tuesday} 21:30`]] as const) {
      const input = form.locator('.ant-picker input').nth(i);
      await input.click();
      await input.fill(value);
      await input.press('Enter');
      await expect.poll(() => input.inputValue()).toBe(value);
    }
    await page.keyboard.press('Tab');
    await form.locator('input[id$="reason"]').first().fill('篮球架检修（e2e）');
    const first = page.waitForResponse((r) => r.url().endsWith('/blackouts') && r.request().method() === 'POST');
    await page.getByTestId('blackout-form-submit').click();
    expect((await first).status()).toBe(409);
    // the booking in the way is named; closing over it needs the owner to cancel it, with a reason the booker is told
    await expect.poll(() => form.getByTestId('blackout-hits').innerText()).toContain('宁波港光明码头有限公司');
    expect(await form.getByTestId('blackout-hits').innerText()).toContain(`${tuesday} 18:30–20:00`);
    await form.getByTestId('blackout-cancel-bookings').check();
    await form.getByTestId('blackout-cancel-reason').fill('场馆检修，本次活动取消，敬请谅解');
    await expect.poll(() => page.getByTestId('blackout-form-submit').innerText()).toMatch(/停用并取消预约/);
    const second = page.waitForResponse((r) => r.url().endsWith('/blackouts') && r.request().method() === 'POST');
    await page.getByTestId('blackout-form-submit').click();
    const made = await second;
    expect(made.status(), await made.text()).toBe(201);
    const body = await made.json() as { cancelled: { id: string; bookerName: string }[] };
    expect(body.cancelled.map((c) => c.bookerName)).toEqual(['宁波港光明码头有限公司']);
    await form.waitFor({ state: 'hidden' });
    // the booking is cancelled with the reason; the calendar shows the closure that day
    const booking = await page.evaluate(async (id) => (await (await fetch(`/api/v1/venue-bookings/${id}`)).json()) as { status: string; cancelReason?: string | null }, body.cancelled[0].id);
    expect(booking.status).toBe('cancelled');
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId(`week-day-${tuesday}`).innerText()).toContain('篮球架检修（e2e）');
    expect(await page.getByTestId(`week-day-${tuesday}`).innerText()).not.toContain('宁波港光明码头有限公司');
  });

  it('调整周期时间 from the web changes a weekly series and keeps the occurrence moved on its own', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'baifeng', adminPassword);
    await page.goto('/my-bookings');
    await page.getByTestId('my-bookings').waitFor();
    type B = { id: string; seriesId: string | null; bookerName: string; startsAt: string; endsAt: string; status: string; isException: boolean };
    const api = async (method: string, url: string, body?: unknown) => page.evaluate(async ([m, u, b]) => {
      const r = await fetch(u as string, { method: m as string, headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' }, body: b === undefined ? undefined : JSON.stringify(b) });
      return { status: r.status, json: await r.json() as unknown };
    }, [method, url, body] as const);
    const seriesOf = async () => ((await api('GET', '/api/v1/venue-bookings?view=mine&pageSize=200')).json as { items: B[] }).items
      .filter((b) => b.bookerName === '宁波峙北再生资源有限公司' && (b.status === 'approved' || b.status === 'pending')).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const before = await seriesOf();
    expect(before.length).toBeGreaterThan(3);
    // the third occurrence to come moves on its own: 20:00–21:30 the same day (waiting for the owner's approval again)
    const moved = before[2];
    const day = shanghaiDay(moved.startsAt);
    const mv = await api('POST', `/api/v1/venue-bookings/${moved.id}/move`, { startsAt: `${day}T20:00:00+08:00`, endsAt: `${day}T21:30:00+08:00` });
    expect(mv.status, JSON.stringify(mv.json)).toBe(200);
    await page.reload();

    // the whole series from the web: 19:00, 120 minutes
    const row = page.getByTestId('my-bookings').locator('tr', { hasText: '宁波峙北再生资源有限公司' }).filter({ has: page.getByTestId('series-change') }).first();
    await row.getByTestId('series-change').click();
    const form = page.locator('.ant-modal:visible').filter({ has: page.getByTestId('series-change-form-submit') });
    await form.waitFor();
    await form.getByText('整个周期').click();
    const time = form.getByTestId('series-change-time');
    await time.click();
    await time.fill('19:00');
    await time.press('Enter');
    await form.getByTestId('series-change-duration').fill('120');
    const changed = page.waitForResponse((r) => /\/api\/v1\/venue-series\/[^/]+\/change$/.test(r.url()) && r.request().method() === 'POST');
    await page.getByTestId('series-change-form-submit').click();
    const answer = await changed;
    expect(answer.status(), await answer.text()).toBe(200);
    const r = await answer.json() as { changed: number; occurrences: { bookingId: string; outcome: string }[] };
    expect(r.changed).toBeGreaterThan(0);
    expect(r.occurrences.find((o) => o.bookingId === moved.id)?.outcome).not.toBe('changed');
    await form.waitFor({ state: 'hidden' });

    const after = new Map((await seriesOf()).map((b) => [b.id, b]));
    // the moved occurrence kept its own time; the others to come start at 19:00 for two hours
    expect(after.get(moved.id)).toMatchObject({ isException: true });
    expect(shanghaiTime(after.get(moved.id)!.startsAt)).toBe('20:00');
    expect(shanghaiTime(after.get(moved.id)!.endsAt)).toBe('21:30');
    for (const b of before.filter((x) => x.id !== moved.id)) {
      expect([shanghaiTime(after.get(b.id)!.startsAt), shanghaiTime(after.get(b.id)!.endsAt)]).toEqual(['19:00', '21:00']);
    }
    await expect.poll(() => page.getByTestId('my-bookings').innerText()).toContain(`${day} 20:00–21:30`);
  });
});

/** Today in Shanghai, YYYY-MM-DD (the server's clock is the real one here). */
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
const shanghaiTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16);
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The Monday of a day's week (Monday first). */
const mondayOf = (day: string) => plusDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

describe('volunteer service hours and certificates', () => {
  it('the joint meeting records a volunteer\'s hours, issues a certificate, and its public page shows it (375 px)', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'lingang', adminPassword);
    await page.goto('/volunteer-teams');
    await page.getByTestId('volunteer-teams').locator('tr', { hasText: '产业园生态志愿者' }).click();
    const first = page.getByTestId('volunteers').locator('a[data-testid^="volunteer-"]').first();
    await first.waitFor();
    const name = await first.innerText();
    await first.click();
    const drawer = page.getByTestId('volunteer-drawer');
    await drawer.getByTestId('hours-add').click();
    const form = page.getByTestId('hours-form');
    await form.waitFor();
    const day = form.locator('.ant-picker input');
    await day.click();
    await day.fill(shanghaiToday());
    await day.press('Enter');
    await form.locator('input#description, input[id$="description"]').fill('园区垃圾分类督导（e2e）');
    const recorded = page.waitForResponse((r) => r.url().endsWith('/api/v1/volunteer-hours') && r.request().method() === 'POST');
    await page.getByTestId('hours-form-submit').click();
    const entry = await recorded;
    expect(entry.status(), await entry.text()).toBe(201);
    expect(await entry.json()).toMatchObject({ hours: 2, status: 'approved', servedOn: shanghaiToday() });
    await expect.poll(() => drawer.getByTestId('hours-ledger').innerText()).toContain('园区垃圾分类督导（e2e）');

    await drawer.getByTestId('certificate-issue').click();
    const cert = page.getByTestId('certificate-form');
    await cert.waitFor();
    for (const [i, value] of [[0, `${shanghaiToday().slice(0, 4)}-01-01`], [1, shanghaiToday()]] as const) {
      const input = cert.locator('.ant-picker input').nth(i);
      await input.click();
      await input.fill(value);
      await input.press('Enter');
    }
    await cert.getByTestId('certificate-issuer').fill('临港联席会议办公室');
    await cert.getByTestId('certificate-contact').fill('0574-86000000');
    const issued = page.waitForResponse((r) => /\/api\/v1\/volunteers\/[^/]+\/certificates$/.test(r.url()) && r.request().method() === 'POST');
    await page.getByTestId('certificate-form-submit').click();
    const answer = await issued;
    expect(answer.status(), await answer.text()).toBe(201);
    const c = await answer.json() as { id: string; number: string; hours: number; services: number };
    expect(c.number).toMatch(/^ZY-\d{4}-[0-9A-Z]{10}$/);
    expect(c.hours).toBeGreaterThanOrEqual(2);
    await expect.poll(() => drawer.getByTestId('certificates').innerText()).toContain(c.number);
    expect(await fetchStatus(page, `/api/v1/volunteer-certificates/${c.id}/pdf`)).toBe(200);
    expect(await hasHorizontalScroll(page)).toBe(false);

    // the public verification page
    const pub = await e2e.newPage({ width: 375 });
    await pub.goto(`/vc/${c.number}`);
    const body = await pub.locator('body').innerText();
    expect(body).toContain('有效');
    expect(body).toContain(c.number);
    expect(body).toContain(name);
    expect(body).toContain(`${c.hours} 小时`);
    expect(body).toContain(`${c.services}`);
    expect(await hasHorizontalScroll(pub)).toBe(false);
    await screenshot(pub, path.join(RESULTS_DIR, 'screenshots', 'volunteer-certificate-check.png'));
  });
});

describe('hours from an activity\'s check-ins', () => {
  it('the town takes the 峰南 day\'s check-ins into 党员义工服务队\'s ledger (those already credited are skipped) and reads the year\'s figures', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'baifeng', adminPassword);
    await page.goto('/volunteer-teams');
    await page.getByTestId('volunteer-teams').locator('tr', { hasText: '党员义工服务队' }).click();
    await page.getByTestId('hours-from-activity').click();
    await page.getByTestId('hours-from-activity-select').click();
    await page.keyboard.type('峰南');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '峰南' }).first().click();
    const sent = page.waitForResponse((r) => r.url().endsWith('/hours-from-activity') && r.request().method() === 'POST');
    await page.getByTestId('hours-from-activity-form-submit').click();
    const answer = await sent;
    expect(answer.status(), await answer.text()).toBe(200);
    const { created, skipped } = await answer.json() as { created: number; skipped: number };
    // the seed credited the day's 37 check-ins already
    expect(created).toBe(0);
    expect(skipped).toBeGreaterThanOrEqual(37);
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain(`已生成 0 条待确认时长（跳过 ${skipped} 条）`);
    // this year's figures of the town's teams: per team, then per political status
    const figures = page.getByTestId('volunteer-figures');
    await expect.poll(() => figures.innerText()).toMatch(/\d{4} 年：志愿者 \d+ 名，服务 \d+ 次，[\d.]+ 小时/);
    await expect.poll(() => figures.getByTestId('volunteer-figures-table').innerText()).toContain('产业园生态志愿者');
    expect(await figures.getByTestId('volunteer-figures-table').innerText()).toContain('党员义工服务队');
    await figures.getByText('政治面貌', { exact: true }).click();
    await expect.poll(() => figures.getByTestId('volunteer-figures-table').innerText()).toMatch(/团员\s+14/);
  });
});

describe('events open to units\' staff (联谊, 义卖)', () => {
  it('the joint meeting\'s mixer: a registration through the public page (375 px), the same phone refused, door check-in by code, the rose sale, the link turned off', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'lingang', adminPassword);
    await page.goto('/events');
    await page.getByTestId('event-activities').locator('tr', { hasText: '缘来白峰' }).click();
    const panel = page.getByTestId('event-panel');
    await expect.poll(() => panel.getByTestId('event-summary').innerText()).toMatch(/共 80 个名额：已报名 74，候补 0，已签到 66/);
    const url = await panel.getByTestId('event-url').innerText();
    expect(url).toMatch(/\/e\/[A-Za-z0-9_-]{32}$/);
    await panel.getByTestId('event-qr').locator('img').waitFor();
    await expect.poll(() => panel.getByTestId('event-registrations').innerText()).toContain('驻白峰部队营区');

    // someone of a park firm registers from a phone, without an account
    const pub = await e2e.newPage({ width: 375 });
    await pub.goto(new URL(url).pathname);
    const form = pub.getByTestId('event-public-form');
    await form.waitFor();
    const fill = async (name: string) => {
      await form.locator('input#name').fill(name);
      await pub.getByTestId('event-public-unit').click();
      await pub.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '白峰中学' }).first().click();
      await form.locator('input#phone').fill('13912345678');
      await form.getByText('女', { exact: true }).click();
      await pub.getByTestId('event-public-age').click();
      await pub.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '26-30' }).first().click();
    };
    await fill('许晓岚');
    expect(await hasHorizontalScroll(pub)).toBe(false);
    const sent = pub.waitForResponse((r) => r.url().endsWith('/registrations') && r.request().method() === 'POST');
    await pub.getByTestId('event-public-submit').click();
    const answer = await sent;
    expect(answer.status(), await answer.text()).toBe(201);
    const body = await answer.json() as { code: string; status: string };
    expect(body.status).toBe('confirmed');
    expect(JSON.stringify(body)).not.toContain('13912345678');
    await expect.poll(() => pub.getByTestId('event-public-code').innerText()).toBe(body.code);
    expect(await pub.getByTestId('event-public-done').innerText()).not.toContain('13912345678');
    expect(await hasHorizontalScroll(pub)).toBe(false);
    await screenshot(pub, path.join(RESULTS_DIR, 'screenshots', 'event-public-registered.png'));
    // the same phone again: refused, shown under the phone
    await pub.reload();
    await form.waitFor();
    await fill('许晓岚妹妹');
    const again = pub.waitForResponse((r) => r.url().endsWith('/registrations') && r.request().method() === 'POST');
    await pub.getByTestId('event-public-submit').click();
    expect((await again).status()).toBe(409);
    await expect.poll(() => form.innerText()).toContain('该手机号已报名');
    // with her own phone she registers, then cannot come: she cancels by her code from the page
    await form.locator('input#phone').fill('13912345679');
    const hers = pub.waitForResponse((r) => r.url().endsWith('/registrations') && r.request().method() === 'POST');
    await pub.getByTestId('event-public-submit').click();
    expect((await hers).status()).toBe(201);
    await pub.getByTestId('event-public-cancel-open').click();
    const off = pub.waitForResponse((r) => r.url().endsWith('/cancel') && r.request().method() === 'POST');
    await pub.getByTestId('event-public-cancel-submit').click();
    expect((await off).status()).toBe(200);
    await expect.poll(() => pub.getByTestId('event-public-cancelled').innerText()).toContain('许晓岚妹妹，您的报名已取消');
    expect(await hasHorizontalScroll(pub)).toBe(false);

    // at the door: the code checks her in
    await page.reload();
    await page.getByTestId('event-activities').locator('tr', { hasText: '缘来白峰' }).click();
    await expect.poll(() => panel.getByTestId('event-summary').innerText()).toContain('已报名 75');
    await panel.getByRole('tab', { name: '现场签到' }).click();
    await panel.getByTestId('event-door-code').fill(body.code.toLowerCase());
    await panel.getByTestId('event-door-submit').click();
    await expect.poll(() => panel.getByTestId('event-door-done').innerText()).toContain('许晓岚（白峰中学）签到成功');
    await panel.getByTestId('event-door-code').fill(body.code);
    await panel.getByTestId('event-door-submit').click();
    await expect.poll(() => panel.getByTestId('event-door-error').innerText()).toContain('许晓岚 已签到');

    // the rose sale: 25 yuan more, ready to post to the fund
    await panel.getByRole('tab', { name: '义卖收入' }).click();
    const before = await panel.getByTestId('event-takings-total').innerText();
    const total = (s: string) => Number(s.replace(/[^\d.]/g, ''));
    await panel.getByTestId('event-taking-add').click();
    await page.getByTestId('event-taking-payer').fill('白峰中学团委');
    await page.getByTestId('event-taking-amount').fill('25');
    const taken = page.waitForResponse((r) => r.url().endsWith('/takings') && r.request().method() === 'POST');
    await page.getByTestId('event-taking-submit').click();
    const t1 = await taken;
    expect(t1.status(), await t1.text()).toBe(201);
    expect((await t1.json()).amountFen).toBe(2500);
    await expect.poll(async () => total(await panel.getByTestId('event-takings-total').innerText())).toBe(total(before) + 25);
    await expect.poll(() => panel.innerText()).toContain('待转入“白峰镇慈善分会“情暖白峰”基金”');

    // the takings go into the town's charity fund: one donation each, the sale's list shows them posted
    const made = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json() as { grants: { role: string; scopeId: string }[] };
      const orgId = me.grants.find((g) => g.role === 'fund_officer')!.scopeId;
      const r = await fetch('/api/v1/charity-funds', {
        method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
        body: JSON.stringify({ orgId, name: '白峰镇慈善分会“情暖白峰”基金', kind: 'spend' }),
      });
      return r.status;
    });
    expect(made).toBe(201);
    await page.reload();
    await page.getByTestId('event-activities').locator('tr', { hasText: '缘来白峰' }).click();
    await panel.getByRole('tab', { name: '义卖收入' }).click();
    await panel.getByTestId('event-takings-post').click();
    await expect.poll(() => page.getByTestId('event-takings-fund').innerText()).toContain('情暖白峰');
    const posted = page.waitForResponse((r) => r.url().endsWith('/takings/post') && r.request().method() === 'POST');
    await page.getByTestId('event-takings-post-form-submit').click();
    const pr = await posted;
    expect(pr.status(), await pr.text()).toBe(200);
    expect((await pr.json()).posted).toBe(25);
    await expect.poll(() => panel.getByTestId('event-takings').innerText()).not.toContain('待入账');
    expect(await panel.getByTestId('event-takings-post').count()).toBe(0);

    // the link off: the public page says so
    await panel.getByTestId('event-link-switch').click();
    await expect.poll(() => panel.innerText()).toContain('报名链接已关闭');
    await pub.reload();
    await pub.getByTestId('event-public-gone').waitFor();
    expect(await hasHorizontalScroll(pub)).toBe(false);
  });
});
