/** The big screen (数据大屏) and its kiosk links: the contract server and web share (platform/kiosk, docs/bigscreen.md). */
import { z } from 'zod';
import { FIGURE_SCOPE_KINDS, FIGURE_UNITS, FigurePeriodInfo, FigureScopeInfo } from './figures.ts';

const FigureKey = z.string().min(1).max(80).regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$/);
export const KIOSK_KEYS_MAX = 24;

/**
 * The period a big screen counts: the current year, quarter or month, rolling with the clock (`year`, `quarter`,
 * `month`), or a fixed one (`2026`, `2026Q3`, `2026-11`). A kiosk link keeps it.
 */
export const SCREEN_PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
export const SCREEN_PERIOD_PATTERN = /^(year|quarter|month|\d{4}|\d{4}Q[1-4]|\d{4}-(0[1-9]|1[0-2]))$/;
export const ScreenPeriod = z.string().max(7).regex(SCREEN_PERIOD_PATTERN);

/** The level a big screen shows: the region, an org subtree, an alliance or a unit. */
export const BigScreenLevel = z.object({
  regionId: z.uuid(),
  scopeKind: z.enum(FIGURE_SCOPE_KINDS).default('region'),
  scopeId: z.uuid().optional(),
});

export const BigScreenQuery = BigScreenLevel.extend({
  /** comma-separated headline figure keys (absent: every figure of the catalogue the caller may read there) */
  keys: z.string().max(KIOSK_KEYS_MAX * 81).optional(),
  /** the period counted (default: the current year) */
  period: ScreenPeriod.default('year'),
});

export const KioskLinkCreate = z.strictObject({
  regionId: z.uuid(),
  scopeKind: z.enum(FIGURE_SCOPE_KINDS),
  scopeId: z.uuid().optional(),
  name: z.string().trim().min(1).max(60),
  /** the headline figures (absent or empty: every figure the link may read, as the catalogue grows) */
  keys: z.array(FigureKey).max(KIOSK_KEYS_MAX).optional(),
  /** the period the screen counts (default: the current year, rolling) */
  period: ScreenPeriod.default('year'),
});

export const KioskLink = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  scopeKind: z.enum(FIGURE_SCOPE_KINDS),
  scopeId: z.uuid(),
  scopeName: z.string(),
  name: z.string(),
  keys: z.array(z.string()).nullable(),
  /** the period the screen counts (ScreenPeriod) */
  period: z.string(),
  active: z.boolean(),
  /** the kiosk page's path while the link is active (`/kiosk/<token>`), else null */
  path: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type KioskLink = z.infer<typeof KioskLink>;

export const KioskListQuery = z.object({ regionId: z.uuid() });

export const BigScreenFigure = z.object({
  key: z.string(), label: z.string(), unit: z.enum(FIGURE_UNITS), value: z.number(), previous: z.number().nullable(), lastYear: z.number().nullable(),
});
export const BigScreenTrend = z.object({
  key: z.string(), label: z.string(), unit: z.enum(FIGURE_UNITS), points: z.array(z.object({ period: z.string(), value: z.number() })),
});
export const BigScreenTreeItem = z.object({ id: z.uuid(), kind: z.enum(['org', 'unit']), name: z.string(), value: z.number() });

/** One block of the big screen and when the server computed it (its freshness). */
const block = <T extends z.ZodType>(data: T) => z.object({ computedAt: z.string(), data });

export const BigScreen = z.object({
  scope: FigureScopeInfo,
  /** the period the headline figures count: `spec` as asked (`quarter`: rolling), `key` the period it is now (`2026Q4`) */
  period: FigurePeriodInfo.extend({ spec: z.string() }),
  /** how often the page asks again (seconds) */
  refreshSeconds: z.number().int(),
  figures: block(z.array(BigScreenFigure)),
  trends: block(z.array(BigScreenTrend)),
  /** the level's sub-orgs by one figure (a treemap); null when no figure of the level ranks them */
  tree: block(z.object({ key: z.string(), label: z.string(), unit: z.enum(FIGURE_UNITS), items: z.array(BigScreenTreeItem) }).nullable()),
  /** live feeds, personal data masked; a feed the reader may not see is null */
  feeds: block(z.object({
    activities: z.array(z.object({ id: z.uuid(), title: z.string(), kind: z.string(), orgName: z.string().nullable(), heldOn: z.string(), status: z.string() })).nullable(),
    checkins: z.array(z.object({ at: z.string(), name: z.string(), activityTitle: z.string() })).nullable(),
    needs: z.array(z.object({ id: z.uuid(), title: z.string(), unitName: z.string().nullable(), settledAt: z.string(), filled: z.number().int(), people: z.array(z.string()) })).nullable(),
  })),
});
export type BigScreen = z.infer<typeof BigScreen>;

/** The kiosk's answer: the big screen plus the link's name (no sign-in). */
export const KioskScreen = BigScreen.extend({ name: z.string() });
export type KioskScreen = z.infer<typeof KioskScreen>;
