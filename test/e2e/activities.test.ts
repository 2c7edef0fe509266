/**
 * The activities pages in a real browser against the real server and its demo data: a member on a
 * phone sees upcoming and past activities, service hours and pledges, and takes the open quiz (every
 * question answered, submitted, score shown); the 怡江 secretary opens the activities list and an
 * activity's detail with its attendees, and uploads (then deletes) a photo; the street (kongpu) reads a
 * competition's leaderboards and sees the row-by-row report of a bad question file — checked only, then
 * imported — with nothing imported.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from '../../src/server/platform/exceljs.ts';
import { hasHorizontalScroll, useE2E } from './harness.ts';

const e2e = useE2E();

describe('activities pages', () => {
  it('a member sees their page at 375 px and takes the open quiz', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'member');
    await page.goto('/my');
    expect(await page.getByTestId('page-title').innerText()).toBe('我的');
    // upcoming and past activities (the demo branch meets monthly), service hours and pledges
    await page.getByTestId('my-activity').first().waitFor();
    const activityCards = await page.locator('.ant-card', { has: page.getByTestId('my-activity') }).allInnerTexts();
    expect(activityCards.some((c) => c.startsWith('即将开展'))).toBe(true);
    expect(activityCards.some((c) => c.startsWith('参加过的活动'))).toBe(true);
    expect(await page.getByTestId('my-hours').innerText()).toMatch(/^累计 [\d.]+ 小时/);
    await expect.poll(() => page.getByTestId('my-pledges').innerText()).toMatch(/\d{4} 年承诺 \d+ 项/);
    expect(await hasHorizontalScroll(page)).toBe(false);

    // the open competition: start, answer every question, submit, see the score
    const quiz = page.getByTestId('my-quiz').filter({ has: page.getByTestId('quiz-start') }).first();
    await quiz.waitFor();
    await quiz.getByTestId('quiz-start').click();
    await page.waitForURL(/\/my\?quiz=[0-9a-f-]{36}/);
    const questions = page.getByTestId('quiz-question');
    await questions.first().waitFor();
    const n = await questions.count();
    expect(n).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('quiz-timer').innerText()).toMatch(/剩余时间 \d\d:\d\d/);
    for (let i = 0; i < n; i++) {
      const q = questions.nth(i);
      const radio = q.getByRole('radio');
      if (await radio.count()) await radio.first().check();
      else await q.getByRole('checkbox').first().check();
    }
    // every answer was saved on the server before submitting
    const attemptId = await page.evaluate(async () => {
      const overview = (await (await fetch('/api/v1/me/overview')).json()) as { quizzes: { openAttemptId: string | null }[] };
      return overview.quizzes.find((x) => x.openAttemptId)?.openAttemptId ?? null;
    });
    expect(attemptId).not.toBeNull();
    await expect.poll(async () => page.evaluate(async (id) => {
      const a = (await (await fetch(`/api/v1/me/attempts/${id}`)).json()) as { answers: Record<string, number[]> };
      return Object.keys(a.answers).length;
    }, attemptId)).toBe(n);
    expect(await hasHorizontalScroll(page)).toBe(false);

    await page.getByTestId('quiz-submit').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s?定|OK/ }).click();
    const score = page.getByTestId('quiz-score');
    await score.waitFor();
    expect(await score.innerText()).toMatch(new RegExp(`得分 \\d+（答对 \\d+/${n} 题）`));
    // after submitting, each question shows whether it was right
    expect(await page.locator('.ant-alert-success, .ant-alert-error').count()).toBe(n);
  });

  it('the 怡江 secretary opens the activities list and an activity with its attendees', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.getByTestId('side-menu').getByRole('menuitem').filter({ hasText: /^活动$/ }).click();
    await page.waitForURL('**/activities');
    const links = page.getByTestId('activity-table').getByTestId('activity-link');
    await links.first().waitFor();

    // filter by kind: the filter lives in the URL
    await page.goto('/activities?kind=general_meeting');
    const rows = page.getByTestId('activity-table').locator('tbody tr.ant-table-row');
    await expect.poll(async () => {
      const texts = await rows.allInnerTexts();
      return texts.length > 0 && texts.every((x) => x.includes('支部党员大会'));
    }).toBe(true);
    const title = (await links.first().innerText()).trim();
    await links.first().click();
    await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('activity-title').innerText()).toBe(title);
    // its sign-in sheet (签到表) downloads as xlsx
    const sheetHref = await page.getByTestId('activity-sign-in-sheet').getAttribute('href');
    expect(sheetHref).toMatch(/^\/api\/v1\/activities\/[0-9a-f-]{36}\/sign-in-sheet\.xlsx$/);
    expect(await page.evaluate(async (u) => (await fetch(u!)).status, sheetHref)).toBe(200);
    // and prints from the browser: one line per expected person, blank lines after; on paper only the sheet
    await page.getByTestId('activity-sign-in-print').click();
    const sheet = page.getByTestId('sign-in-sheet');
    await sheet.waitFor();
    expect(await sheet.innerText()).toContain(title);
    expect(await sheet.locator('tbody tr').count()).toBeGreaterThan(5);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('activity-title').evaluate((e) => getComputedStyle(e).visibility)).toBe('hidden');
    expect(await sheet.evaluate((e) => getComputedStyle(e).visibility)).toBe('visible');
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    // the minutes print with who came and who did not
    await page.getByTestId('activity-minutes-print').click();
    const minutes = page.getByTestId('minutes-sheet');
    await minutes.waitFor();
    expect(await minutes.innerText()).toContain(title);
    expect(await page.getByTestId('minutes-attendance').innerText()).toMatch(/应到 \d+ 人，实到 \d+ 人，缺席 \d+ 人/);
    await page.keyboard.press('Escape');
    await minutes.waitFor({ state: 'detached' });
    // attendees: the branch's members are expected; a past meeting has check-ins
    const names = page.getByTestId('attendee-table').getByTestId('attendee-name');
    await names.first().waitFor();
    expect(await names.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('activity-counts').innerText()).toMatch(/应到 \d+/);
    expect(await page.getByTestId('attendee-filter').innerText()).toMatch(/已签到 \d+/);
    // the check-in QR code is drawn
    await page.getByTestId('checkin-qr').locator('img').first().waitFor();
    expect(await page.getByTestId('checkin-qr').innerText()).toContain('/my?checkin=');

    // a photo of the meeting: uploaded, shown as a thumbnail that loads from the server, deleted again
    const thumbs = page.getByTestId('activity-photo');
    const photosBefore = await thumbs.count();
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 30 } });
    await page.getByTestId('activity-photos').locator('input[type=file]').first().setInputFiles({ name: '会议现场.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => thumbs.count()).toBe(photosBefore + 1);
    await expect.poll(() => thumbs.last().locator('img').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
    await thumbs.last().getByTestId('photo-delete').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => thumbs.count()).toBe(photosBefore);
  });

  it('kongpu reads a leaderboard and gets the row report of a bad question file', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    await page.goto('/quizzes');
    const finished = page.getByTestId('quiz-table').locator('tr', { hasText: '已结束' }).getByTestId('quiz-link').first();
    await finished.click();
    await page.waitForURL(/\/quizzes\/[0-9a-f-]{36}$/);
    const board = page.getByTestId('leaderboard');
    await board.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await board.locator('tbody tr.ant-table-row').first().innerText()).toMatch(/^1\s/);
    await page.getByTestId('leaderboard-by').getByText('联建组织').click();
    await expect.poll(() => board.innerText()).toContain('五朵金花');
    expect(await page.getByTestId('quiz-export').getAttribute('href')).toMatch(/\/results\.xlsx$/);

    // rename the open competition: members have started it, so only title, description and closing time can change
    await page.goto('/quizzes');
    const openRow = page.getByTestId('quiz-table').locator('tr', { hasText: '进行中' }).first();
    await openRow.getByTestId('quiz-edit').click();
    await page.getByTestId('quiz-started-hint').waitFor();
    const titleInput = page.getByTestId('quiz-edit-form').locator('input#title');
    const oldTitle = await titleInput.inputValue();
    await titleInput.fill(`${oldTitle}（更名）`);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('quiz-table').innerText()).toContain(`${oldTitle}（更名）`);

    await page.goto('/quizzes?tab=bank');
    await page.getByTestId('question-table').locator('tbody tr.ant-table-row').first().waitFor();
    const before = await page.evaluate(async () => ((await (await fetch('/api/v1/questions?pageSize=1')).json()) as { total: number }).total);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('题目');
    ws.addRow(['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '选项G', '选项H', '答案', '解析', '标签']);
    ws.addRow(['单选', '党的最高领导机关是？', '党的全国代表大会和它所产生的中央委员会', '国务院', '', '', '', '', '', '', 'C', '', '党章']);
    ws.addRow(['多选', '“四个意识”包括（　）。', '政治意识', '大局意识', '核心意识', '看齐意识', '', '', '', '', 'ABCD', '', '党章']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByTestId('question-import').click();
    await page.locator('.ant-modal .ant-select').first().click();
    await page.locator('.ant-select-tree-node-content-wrapper').first().click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: 'questions.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file,
    });
    // check only first: the same row report, nothing written
    await page.getByTestId('question-import-check').click();
    const rows = page.getByTestId('question-import-rows').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.first().innerText()).toMatch(/^2\s+K/);
    await page.getByTestId('question-import-run').click();
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/^2\s+K/);
    const after = await page.evaluate(async () => ((await (await fetch('/api/v1/questions?pageSize=1')).json()) as { total: number }).total);
    expect(after).toBe(before);
  });

  it('a member opens courseware from their page (a PDF here, a link in a new tab) and finishes it; the 怡江 secretary sees it', async () => {
    // the street adds a PDF to its library (at the street's own org, which every member is under)
    const staff = await e2e.newPage();
    await e2e.login(staff, 'kongpu');
    const pdfTitle = '支部工作条例图解（PDF）';
    await staff.evaluate(async (title) => {
      const headers = { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' };
      const lib = (await (await fetch('/api/v1/courseware?pageSize=1')).json()) as { items: { orgId: string }[] };
      const created = await fetch('/api/v1/courseware', { method: 'POST', headers, body: JSON.stringify({ orgId: lib.items[0].orgId, title, kind: 'pdf' }) });
      const { id } = (await created.json()) as { id: string };
      const pdf = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
      const up = await fetch(`/api/v1/courseware/${id}/file?name=tiaoli.pdf`, { method: 'PUT', headers: { 'content-type': 'application/pdf', 'x-requested-with': 'XMLHttpRequest' }, body: pdf });
      if (up.status !== 200) throw new Error(`upload: ${up.status}`);
    }, pdfTitle);

    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'member');
    await page.goto('/my');
    const items = page.getByTestId('my-courseware');
    const pdfItem = items.filter({ hasText: pdfTitle });
    await pdfItem.waitFor();
    expect(await pdfItem.getByTestId('my-courseware-state').innerText()).toContain('未学习');
    await pdfItem.getByTestId('my-courseware-open').click();
    await page.getByTestId('my-courseware-pdf').waitFor();
    expect(await page.getByTestId('my-courseware-pdf').getAttribute('src')).toMatch(/^\/api\/v1\/courseware\/[0-9a-f-]{36}\/file$/);
    await expect.poll(() => pdfItem.getByTestId('my-courseware-state').innerText()).toContain('已看 1 次');
    await page.getByTestId('my-courseware-viewer-done').click();
    await expect.poll(() => pdfItem.getByTestId('my-courseware-state').innerText()).toMatch(/\d{4}-\d\d-\d\d 已学完/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    // a link opens in a new tab, and the view is recorded
    const link = items.filter({ hasNotText: pdfTitle }).first();
    const linkTitle = (await link.locator('strong').innerText()).trim();
    const viewsBefore = Number((/已看 (\d+) 次/.exec(await link.getByTestId('my-courseware-state').innerText()) ?? [0, 0])[1]);
    await page.context().route('https://www.12371.cn/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<p>课件</p>' }));
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.getByTestId('my-courseware-open').click()]);
    await popup.close();
    const linkItem = items.filter({ hasText: linkTitle });
    await expect.poll(async () => linkItem.getByTestId('my-courseware-state').innerText()).toMatch(viewsBefore ? new RegExp(`已看 ${viewsBefore + 1} 次|已学完`) : /已看 1 次|已学完/);
    const memberName = await page.evaluate(async () => ((await (await fetch('/api/v1/me/overview')).json()) as { member: { name: string } }).member.name);

    // the member's branch secretary sees who studied the PDF, how often and when they finished
    const sec = await e2e.newPage();
    await e2e.login(sec, 'yijiang');
    await sec.goto('/courseware');
    const row = sec.getByTestId('courseware-table').locator('tr', { hasText: pdfTitle });
    await row.getByTestId('courseware-learners-open').click();
    const learners = sec.getByTestId('courseware-learners').locator('tbody tr.ant-table-row');
    await learners.first().waitFor();
    const mine = learners.filter({ hasText: memberName });
    expect(await mine.count()).toBe(1);
    expect(await mine.innerText()).not.toContain('未学完');
    expect(await mine.innerText()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it('the street reads the 三会一课 board a page of branches at a time, and searches a branch', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    const responses: number[] = [];
    page.on('response', (r) => { if (r.url().includes('/api/v1/compliance/board?')) r.body().then((b) => responses.push(b.length), () => {}); });
    await page.goto('/activities/compliance');
    const rows = page.getByTestId('compliance-board').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    const total = Number(/共 (\d+) 个支部/.exec(await page.locator('.ant-pagination-total-text').innerText())?.[1]);
    expect(total).toBeGreaterThan(20);
    // every cell shows a count with its status as a native tooltip
    expect(await rows.first().locator('.ant-tag[title]').first().getAttribute('title')).toMatch(/^(已落实|未落实|本期待开|未到期) · 已开 \d+/);
    await page.locator('.ant-pagination-item-2').click();
    await expect.poll(() => rows.count()).toBe(Math.min(20, total - 20));
    // what was sent: a page, not the whole region
    expect(Math.max(...responses)).toBeLessThan(20_000);
    const name = (await rows.first().locator('strong').innerText()).trim();
    await page.getByTestId('compliance-search').locator('input').fill(name);
    await page.getByTestId('compliance-search').locator('input').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(name);
    // the export: what the filters show, as xlsx (every branch matching, not only the page)
    const href = await page.getByTestId('compliance-export').getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/compliance\/board\.xlsx\?regionId=[0-9a-f-]{36}&year=\d{4}&q=/);
    const got = await page.evaluate(async (u) => { const r = await fetch(u!); return [r.status, r.headers.get('content-type')]; }, href);
    expect(got).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    await page.goto('/activities?kind=general_meeting');
    expect(await page.getByTestId('activity-export').getAttribute('href')).toBe('/api/v1/activities.xlsx?kind=general_meeting');
  });

  it('the 怡江 secretary ticks two activities and exports only those', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'yijiang');
    await page.goto('/activities');
    const rows = page.getByTestId('activity-table').locator('tbody tr.ant-table-row');
    await rows.nth(1).waitFor();
    const titles = [await rows.nth(0).getByTestId('activity-link').innerText(), await rows.nth(1).getByTestId('activity-link').innerText()];
    await rows.nth(0).locator('.ant-checkbox-input').check();
    await rows.nth(1).locator('.ant-checkbox-input').check();
    const button = page.getByTestId('activity-export-selected');
    expect(await button.innerText()).toContain('导出所选（2）');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const got: string[] = [];
    wb.worksheets[0].eachRow((r, n) => { if (n > 1) got.push(String(r.getCell(1).value)); });
    expect(got.sort()).toEqual(titles.sort());
  });

  it('with the browser clock a year ahead the 三会一课 board opens on the server\'s year, and prints (print CSS, window.print)', async () => {
    const page = await e2e.newPage();
    await page.addInitScript(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 400 * 86_400_000; // the browser's clock is wrong; the server's is not
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => { (window as unknown as { printed: number }).printed += 1; };
    });
    await e2e.login(page, 'kongpu');
    await page.goto('/activities/compliance');
    await page.getByTestId('compliance-board').locator('tbody tr.ant-table-row').first().waitFor();
    const serverYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(); // the e2e server runs on this machine's clock
    expect(await page.getByTestId('compliance-export').getAttribute('href')).toContain(`year=${serverYear}`);
    await page.getByTestId('compliance-print').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    // on paper: the filters and buttons go, the region and year come into the title
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('compliance-print').isVisible()).toBe(false);
    expect(await page.locator('.print-only').first().innerText()).toContain(String(serverYear));
    await page.emulateMedia({ media: 'screen' });
  });
});
