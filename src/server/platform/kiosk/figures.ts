/** The figures engine as the big screen uses it (platform/figures/engine.ts): one place to adapt. */
import { FIGURES, canReadFigure, type CatalogueFigure, computeRanking, computeTrend, computeValues, parsePeriod, type FigureLevel, type FigurePeriod } from '../figures/engine.ts';
import type { FigureDef } from '../figures/types.ts';
import type { Ctx } from '../context.ts';
import type { Principal } from '../scope.ts';

export type { FigureLevel, FigurePeriod };
export { bucketKey } from '../figures/engine.ts';

/** The catalogue's figures the principal may read on the level, in catalogue order (or in the order of `keys`). */
export function readableFigures(p: Principal, level: FigureLevel, keys?: readonly string[] | null): FigureDef[] {
  const ok = FIGURES.filter((d) => canReadFigure(p, d, level));
  if (!keys) return ok;
  const byKey = new Map(ok.map((d) => [d.key, d]));
  return keys.map((k) => byKey.get(k)).filter((d): d is CatalogueFigure => !!d);
}

export const periodOf = (key: string) => parsePeriod(key);

export const values = (ctx: Ctx, level: FigureLevel, period: FigurePeriod, defs: FigureDef[], compare = true) =>
  (defs.length ? computeValues(ctx, level, period, defs, { compare }) : Promise.resolve([]));

export const trend = (ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod, today: string) => computeTrend(ctx, def, level, period, 'month', today);

export const ranking = (ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod) => computeRanking(ctx, def, level, period);
