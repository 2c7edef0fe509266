/**
 * The home page per role in a real browser, on the demo data (docs/home.md): the region admin (`kongpu`) sees the
 * key figures of the region from the figures catalogue and the to-do list, clicks a to-do and lands on the page where
 * it is done; a member sees their own home (next activities, pledges, quizzes, hours, dues) and no to-do list.
 */
import { describe, expect, it } from 'vitest';
import { hasHorizontalScroll, useE2E } from './harness.ts';

const e2e = useE2E();

describe('home page', () => {
  it('the region admin sees figures with sparklines, charts and the to-do list; a to-do leads to its page', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'kongpu');
    const dash = page.getByTestId('home-dashboard');
    await dash.waitFor();
    await expect.poll(() => dash.getByTestId('home-kpi').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const members = dash.locator('[data-testid="home-kpi"][data-key="directory.members"]');
    await expect.poll(() => members.innerText(), { timeout: 30_000 }).toMatch(/\d/);
    await expect.poll(() => page.getByTestId('home-chart-category').locator('svg path').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    const todos = page.getByTestId('todo-card');
    await expect.poll(() => todos.getByTestId('todo-item').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await todos.getByTestId('todo-group-directory.termDue').count()).toBe(1);
    const item = todos.locator('[data-testid="todo-item"][data-source="directory.termDue"]').first();
    // the first groups open by themselves; open this one if it is not among them
    if (!(await item.isVisible())) await todos.getByTestId('todo-group-directory.termDue').click();
    await item.waitFor();
    const href = await item.locator('a').getAttribute('href');
    expect(href).toMatch(/^\/orgs\?regionId=.+&tab=termDue$/);
    await item.locator('a').click();
    await page.waitForURL((u) => u.pathname === '/orgs' && u.searchParams.get('tab') === 'termDue');
    await expect.poll(() => page.getByTestId('page-title').innerText()).not.toBe('首页');

    // 三会一课 behind: the street's many branches are one line, opening the board's due list of the region
    await page.goto('/');
    await todos.getByTestId('todo-group-activities.compliance').waitFor();
    const lessons = todos.locator('[data-testid="todo-item"][data-source="activities.compliance"]').first();
    if (!(await lessons.isVisible())) await todos.getByTestId('todo-group-activities.compliance').click();
    await lessons.waitFor();
    expect(await todos.locator('[data-testid="todo-item"][data-source="activities.compliance"]').count()).toBe(1);
    expect(await lessons.innerText()).toMatch(/\d+ 个支部三会一课未完成/);
    await lessons.locator('a').click();
    await page.waitForURL((u) => u.pathname === '/activities/compliance' && u.searchParams.get('tab') === 'due');
    await expect.poll(() => page.getByTestId('compliance-due').locator('tbody tr').count()).toBeGreaterThan(1);
  });

  it('a member sees their own home and no to-do list, without sideways scroll at 375 px', async () => {
    const page = await e2e.newPage({ width: 375 });
    await e2e.login(page, 'member');
    await page.getByTestId('member-home').waitFor();
    await expect.poll(() => page.getByTestId('member-dues').innerText()).toMatch(/党费/);
    await expect.poll(() => page.getByTestId('member-hours').innerText()).toMatch(/小时/);
    await page.getByTestId('member-next').waitFor();
    await page.getByTestId('member-pledges').waitFor();
    await page.getByTestId('member-quizzes').waitFor();
    expect(await page.getByTestId('todo-card').count()).toBe(0);
    expect(await page.getByTestId('home-dashboard').count()).toBe(0);
    await page.waitForLoadState('networkidle');
    expect(await hasHorizontalScroll(page)).toBe(false);
  });
});
