/** The figures engine as the big screen uses it (platform/figures/engine.ts, the lead's): one place to adapt. */
import type { FigureDef } from '../figures/types.ts';
import {
  FIGURES, canReadFigure, computeRanking, computeTrend, computeValues, parsePeriod, resolveLevel, type FigureLevel, type FigurePeriod,
} from '../figures/engine.ts';
import type { Ctx } from '../context.ts';
import type { Principal } from '../scope.ts';
import type { KioskLevel } from './level.ts';

export type { FigureLevel, FigurePeriod };

export const figureLevel = (ctx: Ctx, l: KioskLevel): Promise<FigureLevel> =>
  resolveLevel(ctx, { regionId: l.regionId, scopeKind: l.kind, scopeId: l.kind === 'region' ? undefined : l.id });

/** The catalogue's figures the principal may read on the level, in catalogue order (or in the order of `keys`). */
export function readableFigures(p: Principal, level: FigureLevel, keys?: readonly string[] | null): FigureDef[] {
  const ok = FIGURES.filter((d) => canReadFigure(p, d, level));
  if (!keys?.length) return ok;
  const byKey = new Map(ok.map((d) => [d.key, d]));
  return keys.map((k) => byKey.get(k)).filter((d): d is FigureDef => !!d);
}

export const periodOf = (key: string, nowMs: number) => parsePeriod(key, nowMs);

export async function values(ctx: Ctx, level: FigureLevel, period: FigurePeriod, defs: FigureDef[]) {
  if (!defs.length) return [];
  return computeValues(ctx, level, period, defs, { compare: true });
}

export async function trend(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod) {
  const t = await computeTrend(ctx, def, level, period, 'month');
  return t.points;
}

export async function ranking(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod) {
  const r = await computeRanking(ctx, def, level, period);
  return r.items;
}
