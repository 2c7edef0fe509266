import type { BigScreen } from '../../../shared/kiosk.ts';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors.ts';
import type { FigureDef } from '../figures/types.ts';
import type { Locale } from '../messages.ts';
import type { Principal } from '../scope.ts';
import { feedAccess, levelFeeds } from './feeds.ts';
import { findLevel } from './level.ts';
import { bucketKey, periodOf, ranking, readableFigures, trend, values, type FigureLevel } from './figures.ts';

/** How often the page asks again (seconds). */
export const REFRESH_SECONDS = 15;
/** How long a block of a level's answer is reused (ms): counters and feeds a few seconds, the slow-moving ones longer. */
export const SCREEN_TTL = { figures: 5_000, trends: 60_000, tree: 30_000, feeds: 5_000 };
const TREND_FIGURES = 3;
/** How many flow figures `trendFigures` reads at once, looking for those with data. */
const TREND_PROBE = 6;
const CACHE_MAX = 2_000;

/**
 * An in-process cache of the big screen's blocks (docs/bigscreen.md): a key names everything a block depends on (the
 * level, the year or months, the figure keys read, which feeds), so two readers share an entry only when a fresh
 * computation would give them the same answer. An entry younger than its `SCREEN_TTL` is served as it is. An older
 * one, up to `SCREEN_STALE_MAX`, is served at once and recomputed behind the answer (stale-while-revalidate): a lone
 * screen refreshing every `REFRESH_SECONDS` gets the answer computed at its previous refresh, never waits for the
 * figures, and every block's `computedAt` says how old it is. Older than that (or none: the level's first open) the
 * reader waits for a computation. Concurrent readers of a missing entry wait for one computation, and one
 * recomputation at a time runs per entry. Revocation needs no invalidation: the token is looked up before the cache,
 * every time. Each process has its own.
 */
const cache = new Map<string, { at: number; value: Promise<unknown>; refreshing?: boolean }>();
let enabled = true;
/** An entry older than this (ms) is not served: the reader waits for a fresh one (a screen left off overnight). */
export const SCREEN_STALE_MAX = 5 * 60_000;
/** For the benchmark and tests: turn the cache off (every read computes) or clear it. */
export function setScreenCache(on: boolean): void { enabled = on; cache.clear(); }
const refreshing = new Set<Promise<unknown>>();
/** For the benchmark and tests: resolves when the recomputations running behind answers are done. */
export async function screenCacheSettled(): Promise<void> { while (refreshing.size) await Promise.allSettled([...refreshing]); }

async function cached<T>(key: string, ttl: number, now: number, compute: () => Promise<T>): Promise<{ computedAt: string; data: T }> {
  const hit = enabled ? cache.get(key) : undefined;
  const served = (e: { at: number; value: Promise<unknown> }) => (e.value as Promise<T>).then((data) => ({ computedAt: new Date(e.at).toISOString(), data }));
  if (hit && now - hit.at < ttl) return served(hit);
  if (hit && now - hit.at < SCREEN_STALE_MAX) {
    if (!hit.refreshing) {
      hit.refreshing = true;
      // the new value replaces the entry only once it is there; a failed recomputation keeps the old one (it ages out)
      const job = compute().then((data) => {
        if (cache.get(key) === hit) cache.set(key, { at: now, value: Promise.resolve(data) });
      }, () => { hit.refreshing = false; }).finally(() => refreshing.delete(job));
      refreshing.add(job);
    }
    return served(hit);
  }
  const value = compute();
  if (enabled) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, { at: now, value });
    value.catch(() => { if (cache.get(key)?.value === value) cache.delete(key); });
  }
  return { computedAt: new Date(now).toISOString(), data: await value };
}

/**
 * The period key a screen period names on `today`: `year` / `quarter` / `month` the current one (`2026`, `2026Q4`,
 * `2026-12`), a fixed key itself.
 */
export function screenPeriodKey(spec: string, today: string): string {
  return spec === 'year' || spec === 'quarter' || spec === 'month' ? bucketKey(today, spec) : spec;
}

/**
 * The figures the trend chart draws: the first few flows (in the given order) that counted anything in the
 * window — a flow that is zero throughout would draw a flat line at 0 in place of one that has data. The flows
 * are read a few at a time, and no further once enough have data.
 */
export async function trendFigures(ctx: Ctx, level: FigureLevel, window: string, flows: FigureDef[]): Promise<FigureDef[]> {
  const picked: FigureDef[] = [];
  for (let i = 0; i < flows.length && picked.length < TREND_FIGURES; i += TREND_PROBE) {
    const batch = flows.slice(i, i + TREND_PROBE);
    const vs = await values(ctx, level, periodOf(window), batch, false);
    const has = new Set(vs.filter((v) => v.value !== 0).map((v) => v.key));
    picked.push(...batch.filter((d) => has.has(d.key)));
  }
  return picked.slice(0, TREND_FIGURES);
}

/** The first day of the month `back` months before `day`'s month. */
function monthStart(day: string, back: number): string {
  const y = Number(day.slice(0, 4)); const m = Number(day.slice(5, 7)) - 1 - back;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

const label = (d: FigureDef, locale: Locale) => d.label[locale];

/** The figure the treemap sizes its orgs by: the first stock of people (members on the roster), else the first figure. */
const treeFigure = (defs: FigureDef[]) => defs.find((d) => d.stock && d.unit === 'people') ?? defs.find((d) => d.aggregate === 'count') ?? defs[0];

/**
 * A level's big screen as `p` may read it: the headline figures of the period (`spec`: this year by default; with
 * the period before and the same period last year), monthly trends of the 12 months up to the period's end for the
 * first few flow figures that have data there, the level's sub-orgs by one figure, and the live feeds. Figures are
 * picked from the catalogue at run time (`keys` chooses and orders them). 404 when the level does not exist or `p`
 * may read nothing of it.
 */
export async function bigScreenOf(ctx: Ctx, p: Principal, level: FigureLevel, keys: readonly string[] | null, locale: Locale, spec = 'year'): Promise<BigScreen> {
  const now = ctx.now();
  const defs = readableFigures(p, level, keys);
  const access = feedAccess(p, level);
  if (!defs.length && !access.activities && !access.needs) throw notFound();
  const today = todayShanghai(now);
  const period = periodOf(screenPeriodKey(spec, today));
  const lk = `${level.regionId}|${level.kind}|${level.id}`;
  const flows = defs.filter((d) => !d.stock);
  const treeDef = level.kind === 'unit' ? undefined : treeFigure(defs);
  // the 12 months up to the period's last day (today for the current period)
  const last = period.to && addDays(period.to, -1) < today ? addDays(period.to, -1) : today;
  const months = `${monthStart(last, 11)}..${last}`;

  const [figures, trends, tree, feeds] = await Promise.all([
    cached(`f|${lk}|${period.key}|${defs.map((d) => d.key).join(',')}`, SCREEN_TTL.figures, now, () => values(ctx, level, period, defs)),
    cached(`t|${lk}|${months}|${flows.map((d) => d.key).join(',')}`, SCREEN_TTL.trends, now, async () => {
      const picked = await trendFigures(ctx, level, months, flows);
      return Promise.all(picked.map(async (d) => ({ def: d, points: await trend(ctx, d, level, periodOf(months), today) })));
    }),
    cached(`r|${lk}|${period.key}|${treeDef?.key ?? ''}`, SCREEN_TTL.tree, now, async () => {
      if (!treeDef) return null;
      const items = await ranking(ctx, treeDef, level, period);
      // a region of one root committee: show the committee's sub-orgs instead of one box
      if (level.kind === 'region' && items.length === 1 && items[0].kind === 'org') {
        return ranking(ctx, treeDef, await findLevel(ctx, { regionId: level.regionId, scopeKind: 'org', scopeId: items[0].id }), period);
      }
      return items;
    }),
    cached(`n|${lk}|${today}|${access.activities ? 'a' : ''}${access.needs ? 'n' : ''}`, SCREEN_TTL.feeds, now, () => levelFeeds(ctx.db, level, access, now)),
  ]);
  const byKey = new Map(figures.data.map((v) => [v.key, v]));
  return {
    scope: { regionId: level.regionId, kind: level.kind, id: level.id, name: level.name },
    period: { spec, key: period.key, from: period.from, to: period.to },
    refreshSeconds: REFRESH_SECONDS,
    figures: {
      computedAt: figures.computedAt,
      data: defs.map((d) => {
        const v = byKey.get(d.key);
        return { key: d.key, label: label(d, locale), unit: d.unit, value: v?.value ?? 0, previous: v?.previous ?? null, lastYear: v?.lastYear ?? null };
      }),
    },
    trends: { computedAt: trends.computedAt, data: trends.data.map(({ def: d, points }) => ({ key: d.key, label: label(d, locale), unit: d.unit, points })) },
    tree: {
      computedAt: tree.computedAt,
      data: treeDef && tree.data ? { key: treeDef.key, label: label(treeDef, locale), unit: treeDef.unit, items: tree.data } : null,
    },
    feeds,
  };
}
