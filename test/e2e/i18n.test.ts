/**
 * Every menu page, as every demo role, in zh-CN and en-US (issue 9 item 7, issue 11): fails on a raw
 * message key, a raw code shown as a label, an English string in zh-CN, a console error, or a 4xx/5xx
 * answer while the page loads. One browser and one page per role; pages are reached through the side menu
 * (client-side navigation), so the walk costs one sign-in per role. A menu page is walked (in each language) by the
 * first role in ROLES whose menu has it, and the home page by every role: the walk of every page by every role took
 * 200 s of CI's 30 minutes, and a page's texts are its own whoever reads it (a role's own pages are its own paths).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as accounts from '../../src/web/pages/accounts/messages.ts';
import * as activities from '../../src/web/pages/activities/messages.ts';
import * as chamber from '../../src/web/pages/chamber/messages.ts';
import * as cluster from '../../src/web/pages/cluster/messages.ts';
import * as cobuild from '../../src/web/pages/cobuild/messages.ts';
import * as directory from '../../src/web/pages/directory/messages.ts';
import * as money from '../../src/web/pages/money/messages.ts';
import * as platform from '../../src/web/pages/platform/messages.ts';
import * as venues from '../../src/web/pages/venues/messages.ts';
import { useE2E } from './harness.ts';

const e2e = useE2E();

/** The demo sign-ins (README "Demo sign-ins"), all with the seeded password. */
const ROLES = ['admin', 'kongpu', 'baifeng', 'luotuo', 'wuduojinhua', 'lingang', 'yijiang', 'shanghui', 'member', 'lecturer', 'guangda', 'judge',
  'guangming', 'shangyang', 'tiaojie', 'fuwu', 'qiye', 'wangge', 'zijin', 'shenpi'];

const CATALOGUES = [platform, directory, cluster, activities, accounts, cobuild, venues, chamber, money];
const KEYS = new Set(CATALOGUES.flatMap((c) => Object.keys(c.zhCN)));
/** English messages worth matching whole (a word or more), to catch one shown in zh-CN. */
const ENGLISH = new Set(CATALOGUES.flatMap((c) => Object.values(c.enUS as Record<string, string>)).filter((v) => /^[A-Za-z][A-Za-z ,.'’-]{2,}$/.test(v)));

/** `contest.publish`, `dir.orgKind.branch` (a code or a key), `contest_score`, `general_branch` (a code). */
const DOTTED = /^[a-z][a-z0-9]*(\.[a-z][a-zA-Z0-9_]*)+$/;
const SNAKE = /^[a-z]+(_[a-z0-9]+)+$/;
/**
 * Ant Design's own aria-labels, which its locale files do not translate (InputNumber's steppers, Segmented):
 * left to antd, and not counted.
 */
const ANTD_ARIA = /^(Increase Value|Decrease Value|segmented control|Select all|Select row \d+)$/;
/** Two English words in a row, in zh-CN. */
const ENGLISH_WORDS = /[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/;
/** What may stay Latin in zh-CN: sign-in names, file names and formats, units, abbreviations. */
const LATIN_OK = new RegExp(`^(${ROLES.join('|')}|English|[\\w.-]+\\.(xlsx|gz|pdf|mp4|jsonl)|https?://\\S+|[A-Z]{2,}[\\w-]*|[\\w.+-]+@[\\w.-]+|\\d+[A-Za-z]+)$`);

/**
 * Problems found by this walk in other capabilities' pages and reported to their owners, tolerated until they
 * are fixed (a problem not listed here fails the walk). Remove a line when its fix lands.
 */
const KNOWN: RegExp[] = [
];

interface Shown { text: string; where: string }

/** `locale path` of the menu pages walked so far (the roles run one after another, in ROLES order). */
const walked = new Set<string>();

/** The visible texts of the page: text nodes, and placeholders / aria-labels / titles of visible elements. */
function shownTexts(page: Page): Promise<Shown[]> {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    const visible = (el: Element | null) => !!el && (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('script,style,pre,code,.ant-typography-copy,[data-raw]') || !visible(el)) continue;
      out.push({ text, where: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : '') });
    }
    for (const el of document.querySelectorAll('[placeholder],[aria-label]')) {
      if (!visible(el)) continue;
      for (const attr of ['placeholder', 'aria-label']) {
        const v = el.getAttribute(attr)?.trim();
        if (v) out.push({ text: v, where: `@${attr}` });
      }
    }
    return out;
  });
}

function problemsIn(shown: Shown[], locale: 'zh-CN' | 'en-US'): string[] {
  const found: string[] = [];
  for (const { text, where } of shown) {
    if (where === '@aria-label' && ANTD_ARIA.test(text)) continue;
    if (KEYS.has(text)) found.push(`raw message key "${text}" (${where})`);
    else if (DOTTED.test(text) || SNAKE.test(text)) found.push(`raw code "${text}" (${where})`);
    else if (locale === 'zh-CN' && !LATIN_OK.test(text) && (ENGLISH.has(text) || ENGLISH_WORDS.test(text))) found.push(`English in zh-CN "${text.slice(0, 80)}" (${where})`);
  }
  return [...new Set(found)];
}

/** Waits until no request is in flight and nothing is loading (spinners, skeletons) for a moment. */
async function settle(page: Page, inflight: () => number): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 30 && quiet < 2; i++) {
    await page.waitForTimeout(100);
    const busy = inflight() > 0 || (await page.locator('.ant-skeleton, .ant-spin-spinning').count()) > 0;
    quiet = busy ? 0 : quiet + 1;
  }
}

async function walk(role: string): Promise<{ problems: string[]; pages: number }> {
  const page = await e2e.newPage();
  const problems: string[] = [];
  let current = 'sign-in';
  let pending = 0;
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${current}: console error: ${m.text().slice(0, 200)}`); });
  page.on('pageerror', (err) => problems.push(`${current}: page error: ${err.message.slice(0, 200)}`));
  page.on('request', () => { pending++; });
  page.on('requestfinished', () => { pending--; });
  page.on('requestfailed', () => { pending--; });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url().startsWith(e2e.server.url)) {
      problems.push(`${current}: ${res.request().method()} ${res.url().slice(e2e.server.url.length)} answered ${res.status()}`);
    }
  });
  await e2e.login(page, role);
  // before signing in, the app's GET /api/v1/me answers 401 by design: count from the signed-in shell on
  problems.length = 0;
  // entries with a visibility check of their own (a fund's officers, a fund member's liaison) appear once it answers
  await expect.poll(() => pending, { timeout: 30_000 }).toBe(0);
  const paths = await page.getByTestId('side-menu').locator('[data-path]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!));
  expect(paths.length).toBeGreaterThan(0);
  let pages = 0;
  for (const locale of ['zh-CN', 'en-US'] as const) {
    if (locale === 'en-US') {
      await page.getByTestId('lang-en').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    }
    for (const path of paths) {
      if (path !== '/' && walked.has(`${locale} ${path}`)) continue;
      walked.add(`${locale} ${path}`);
      pages++;
      current = `${role} ${locale} ${path}`;
      await page.getByTestId('side-menu').locator(`[data-path="${path}"]`).click();
      await page.waitForURL((u) => u.pathname === path);
      const began = Date.now();
      await settle(page, () => pending);
      if (process.env.WALK_TIMES) console.log(`${current}: ${Date.now() - began} ms`);
      for (const p of problemsIn(await shownTexts(page), locale)) problems.push(`${current}: ${p}`);
    }
  }
  return { problems: [...new Set(problems)].filter((p) => !KNOWN.some((k) => k.test(p))), pages };
}

describe('every menu page of every demo role in both languages', () => {
  it.each(ROLES)('%s', { timeout: 180_000 }, async (role) => {
    const { problems } = await walk(role);
    expect(problems).toEqual([]);
  });
});
