/** The scoped services of the figures routes: resolve the level, check the caller may read each figure there, compute. */
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { todayShanghai } from '../../../shared/dates.ts';
import type { FigureBreakdownQuery, FigureInfo, FigureRecordsQuery, FigureScopeQuery, FigureTrendQuery, FigureValuesQuery } from '../../../shared/figures.ts';
import { audit, type Actor } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { fieldError, invalid, notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Locale } from '../messages.ts';
import type { Principal } from '../scope.ts';
import { writeXlsx, type Cell } from '../xlsx.ts';
import {
  allRecords, canReadFigure, computeBreakdown, computeRanking, computeRecords, computeTrend, computeValues, FIGURES, figureByKey,
  parsePeriod, resolveLevel, type CatalogueFigure, type FigureLevel,
} from './engine.ts';

const infoOf = (f: CatalogueFigure, l: Locale): FigureInfo => ({
  key: f.key, capability: f.capability, label: f.label[l], definition: f.definition[l], unit: f.unit, aggregate: f.aggregate,
  stock: !!f.stock, link: f.link ?? null,
  columns: f.columns.map((c) => ({ key: c.key, label: c.label[l], kind: c.kind ?? 'text' })),
  dimensions: (f.dimensions ?? []).map((c) => ({ key: c.key, label: c.label[l], kind: c.kind ?? 'text' })),
});

/** The catalogue in the caller's language (labels and definitions only: no data). */
export const catalogue = (l: Locale): FigureInfo[] => FIGURES.map((f) => infoOf(f, l));

const levelInfo = (lv: FigureLevel) => ({ regionId: lv.regionId, kind: lv.kind, id: lv.id, name: lv.name });

/** The level, when the caller may read at least one figure on it (404 otherwise: the same as a made-up id). */
async function readableLevel(ctx: Ctx, p: Principal, q: z.infer<typeof FigureScopeQuery>, defs: readonly CatalogueFigure[]) {
  const level = await resolveLevel(ctx, q);
  const readable = defs.filter((d) => canReadFigure(p, d, level));
  if (!readable.length) throw notFound();
  return { level, readable, period: parsePeriod(q.period) };
}

function oneFigure(key: string): CatalogueFigure {
  const def = figureByKey(key);
  if (!def) throw notFound();
  return def;
}

export async function figureValues(ctx: Ctx, p: Principal, q: z.infer<typeof FigureValuesQuery>) {
  let defs: readonly CatalogueFigure[] = FIGURES;
  if (q.keys) {
    const keys = [...new Set(q.keys.split(',').map((k) => k.trim()).filter(Boolean))];
    const unknown = keys.filter((k) => !figureByKey(k));
    if (unknown.length) throw invalid([fieldError('keys', 'FIGURE_UNKNOWN', { keys: unknown.join(', ') })]);
    defs = keys.map((k) => figureByKey(k)!);
  }
  const { level, readable, period } = await readableLevel(ctx, p, q, defs);
  const figures = await computeValues(ctx, level, period, readable, { compare: q.compare === '1' });
  return { scope: levelInfo(level), period, computedAt: new Date(ctx.now()).toISOString(), figures };
}

export async function figureRecords(ctx: Ctx, p: Principal, key: string, q: z.infer<typeof FigureRecordsQuery>, l: Locale) {
  const def = oneFigure(key);
  const { level, period } = await readableLevel(ctx, p, q, [def]);
  return computeRecords(ctx, def, level, period, q, l);
}

export async function figureRanking(ctx: Ctx, p: Principal, key: string, q: z.infer<typeof FigureScopeQuery>) {
  const def = oneFigure(key);
  const { level, period } = await readableLevel(ctx, p, q, [def]);
  return { items: await computeRanking(ctx, def, level, period) };
}

export async function figureTrend(ctx: Ctx, p: Principal, key: string, q: z.infer<typeof FigureTrendQuery>) {
  const def = oneFigure(key);
  const { level, period } = await readableLevel(ctx, p, q, [def]);
  return { points: await computeTrend(ctx, def, level, period, q.bucket, todayShanghai(ctx.now())) };
}

export async function figureBreakdown(ctx: Ctx, p: Principal, key: string, q: z.infer<typeof FigureBreakdownQuery>, l: Locale) {
  const def = oneFigure(key);
  const { level, period } = await readableLevel(ctx, p, q, [def]);
  return { by: q.by, items: await computeBreakdown(ctx, def, level, period, q.by, l) };
}

/** The records behind a figure as an xlsx file (at most 100,000 rows); the export is audited. The route sends and removes the file. */
export async function figureRecordsXlsx(ctx: Ctx, actor: Actor, key: string, q: z.infer<typeof FigureScopeQuery>, l: Locale) {
  const def = oneFigure(key);
  const { level, period } = await readableLevel(ctx, actor.principal!, q, [def]);
  const file = path.join(os.tmpdir(), `lj-figure-${uuidv7()}.xlsx`);
  const header = def.columns.map((c) => c.label[l]);
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const r of allRecords(ctx, def, level, period, l)) {
      yield def.columns.map((c) => {
        const v = r.cells[c.key] ?? null;
        return c.kind === 'fen' && typeof v === 'number' ? v / 100 : v;
      });
    }
  }
  await writeXlsx(file, def.label[l].slice(0, 31), header, rows());
  await audit(ctx.db, actor, { regionId: level.regionId, action: 'figures.export', entityType: 'figure', entityId: def.key, after: q });
  return { file, filename: `${def.key}-${q.period}.xlsx` };
}
