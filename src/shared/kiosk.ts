/** The big screen (数据大屏) and its kiosk links: the contract server and web share (platform/kiosk, docs/bigscreen.md). */
import { z } from 'zod';
import { FIGURE_SCOPE_KINDS, FIGURE_UNITS, FigurePeriodInfo, FigureScopeInfo } from './figures.ts';

const FigureKey = z.string().min(1).max(80).regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$/);
export const KIOSK_KEYS_MAX = 24;

/** The level a big screen shows: the region, an org subtree, an alliance or a unit. */
export const BigScreenLevel = z.object({
  regionId: z.uuid(),
  scopeKind: z.enum(FIGURE_SCOPE_KINDS).default('region'),
  scopeId: z.uuid().optional(),
});

export const BigScreenQuery = BigScreenLevel.extend({
  /** comma-separated headline figure keys (absent: every figure of the catalogue the caller may read there) */
  keys: z.string().max(KIOSK_KEYS_MAX * 81).optional(),
});

export const KioskLinkCreate = z.strictObject({
  regionId: z.uuid(),
  scopeKind: z.enum(FIGURE_SCOPE_KINDS),
  scopeId: z.uuid().optional(),
  name: z.string().trim().min(1).max(60),
  /** the headline figures (absent or empty: every figure the link may read, as the catalogue grows) */
  keys: z.array(FigureKey).max(KIOSK_KEYS_MAX).optional(),
});

export const KioskLink = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  scopeKind: z.enum(FIGURE_SCOPE_KINDS),
  scopeId: z.uuid(),
  scopeName: z.string(),
  name: z.string(),
  keys: z.array(z.string()).nullable(),
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
  /** the year the headline figures count (the server's current year) */
  period: FigurePeriodInfo,
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
