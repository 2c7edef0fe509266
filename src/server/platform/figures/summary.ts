/**
 * The per-day summaries of the figures over big tables (docs/scaling.md "Figures at scale"). A figure that declares
 * `summary` keeps, per region, its `rows` grouped by (org_id, unit_id, alliance_id, at) in `figure_summaries`:
 * `n` rows and `total` their values. It is derived only, never written by hand:
 *  - every write to one of the figure's source tables marks the days it touches in `figure_summary_dirty` (triggers
 *    of a hand-written migration: so no write path — the app, a seed, an import, a reversal, a restore — can forget);
 *  - before the engine reads a summary, `freshSummaries` takes the region's markers (deleting them) and replaces those
 *    days from the figure's own `rows`, in one transaction under an advisory lock (two readers never rebuild the same
 *    days at once). A write committed before the read is therefore always in the summary: it is exact, never behind.
 * A region's summary starts empty with a '-infinity' marker (every day) for the records already there.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import { rowsOf } from '../rows.ts';
import { figureClock, rowsAt, type FigureDef } from './types.ts';

export const summarised = (def: FigureDef): boolean => !!def.summary;

/** The summary as a relation `r` with the columns the level and period filters use, plus `n` and `total`. */
export const summaryFrom = (def: FigureDef): SQL =>
  sql`(select s.region_id, s.org_id, s.unit_id, s.alliance_id, s.at, s.n, s.total from figure_summaries s where s.figure_key = ${def.key}) r`;

/** The aggregate over the summary rows `r` that pass `filter`: the same number `aggregateOf` gives over `rows`. */
export function summaryAggregate(def: FigureDef, f: SQL): SQL {
  switch (def.aggregate) {
    case 'count': return sql`coalesce(sum(r.n)${f}, 0)::float8`;
    case 'sum': return sql`coalesce(sum(r.total)${f}, 0)::float8`;
    case 'ratio': return sql`coalesce(round(100 * sum(r.total)${f} / nullif(sum(r.n)${f}, 0), 1), 0)::float8`;
  }
}

/** Brings the region's summaries of `defs` (those that have one) up to date with every committed write. */
export async function freshSummaries(ctx: Ctx, regionId: string, defs: readonly FigureDef[]): Promise<void> {
  const keys = defs.filter(summarised).map((d) => d.key);
  if (!keys.length) return;
  const dirty = rowsOf<{ k: string }>(await ctx.db.execute(sql`select distinct figure_key as k from figure_summary_dirty
    where region_id = ${regionId} and figure_key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`));
  for (const { k } of dirty) await refreshSummary(ctx, defs.find((d) => d.key === k)!, regionId);
}

/** Replaces the marked days of one summary from the figure's rows (every day when a marker says so). */
export async function refreshSummary(ctx: Ctx, def: FigureDef, regionId: string): Promise<{ days: number | 'all' }> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`figure_summary:${def.key}:${regionId}`}))`);
    const marks = rowsOf<{ at: string | null }>(await tx.execute(sql`delete from figure_summary_dirty
      where region_id = ${regionId} and figure_key = ${def.key} returning at::text as at`));
    if (!marks.length) return { days: 0 };
    const all = marks.some((m) => m.at === null || m.at === '-infinity');
    const days = [...new Set(marks.map((m) => m.at!))];
    const dayList = sql`${`{${days.join(',')}}`}::date[]`;
    await tx.execute(sql`delete from figure_summaries s where s.region_id = ${regionId} and s.figure_key = ${def.key}
      and ${all ? sql`true` : sql`s.at = any(${dayList})`}`);
    await tx.execute(sql`insert into figure_summaries (region_id, figure_key, org_id, unit_id, alliance_id, at, n, total)
      select r.region_id, ${def.key}, r.org_id, r.unit_id, r.alliance_id, r.at, count(*), coalesce(sum(r.value), 0)
      from (${rowsAt(def, figureClock(ctx.now()))}) r where r.region_id = ${regionId} and ${all ? sql`true` : sql`r.at = any(${dayList})`}
      group by r.region_id, r.org_id, r.unit_id, r.alliance_id, r.at`);
    return { days: all ? 'all' as const : days.length };
  });
}

/** Marks every day of every region's summaries dirty (after a load that bypassed the triggers, e.g. the benchmark's). */
export async function markAllDirty(ctx: Ctx, defs: readonly FigureDef[]): Promise<void> {
  for (const d of defs.filter(summarised)) {
    await ctx.db.execute(sql`insert into figure_summary_dirty (region_id, figure_key, at) select r.id, ${d.key}, '-infinity' from regions r`);
  }
}
