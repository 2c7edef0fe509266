/**
 * The figures catalogue's engine (docs/figures.md): every figure is an aggregate over its `rows` select, filtered by a
 * level (region, org subtree, alliance, unit) and a period. The values, the records list, the ranking of sub-levels, the
 * trend and the breakdowns all run that one select, so a number and the list behind it cannot disagree.
 *
 * `compute*` functions are unscoped (the caller has checked `canReadFigure`); the scoped services the routes call
 * are in service.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { MODULES } from '../../modules/index.ts';
import type { Ctx } from '../context.ts';
import { fieldError, invalid, notFound } from '../errors.ts';
import { rowsOf } from '../rows.ts';
import type { Locale } from '../messages.ts';
import { can, holdsIn, orgInSubtree, type Principal } from '../scope.ts';
import { lastYearPeriod, previousPeriod, type FigurePeriod } from './period.ts';
import { freshSummaries, summarised, summaryAggregate, summaryFrom } from './summary.ts';
import { figureClock, rowsAt, type FigureColumn, type FigureDef } from './types.ts';

export { parsePeriod, previousPeriod, lastYearPeriod, type FigurePeriod } from './period.ts';

export type CatalogueFigure = FigureDef & { capability: string };

/** Every capability's figures, in the order of MODULES. */
export const FIGURES: readonly CatalogueFigure[] = MODULES.flatMap((m) => (m.figures ?? []).map((f) => ({ ...f, capability: m.name })));
const BY_KEY = new Map(FIGURES.map((f) => [f.key, f]));

export function figureByKey(key: string): CatalogueFigure | undefined { return BY_KEY.get(key); }

export type LevelKind = 'region' | 'org' | 'alliance' | 'unit';

/** A level the figures are computed for, with what it covers worked out. */
export interface FigureLevel {
  regionId: string;
  kind: LevelKind;
  id: string;
  name: string;
  /** org subtrees covered (path prefixes): an org; an alliance's member orgs; a unit's org */
  orgPaths: string[];
  /** units covered: a unit; an alliance's units; the units whose party org lies in the subtree */
  unitIds: string[];
  allianceId: string | null;
  /** for scope decisions: the org path that owns the level (the org; the alliance's lead org; the unit's org) */
  ownerPath: string | null;
}

/** The level named by a query (unscoped: 404 when it does not exist in the region). */
export async function resolveLevel(ctx: Ctx, q: { regionId: string; scopeKind?: LevelKind; scopeId?: string | undefined }): Promise<FigureLevel> {
  const kind = q.scopeKind ?? 'region';
  if (kind !== 'region' && !q.scopeId) throw invalid([fieldError('scopeId', 'FIGURE_SCOPE_ID')]);
  const R = q.regionId;
  if (kind === 'region') {
    const [r] = rowsOf<{ id: string; name: string }>(await ctx.db.execute(sql`select id, name from regions where id = ${R}`));
    if (!r) throw notFound();
    return { regionId: R, kind, id: r.id, name: r.name, orgPaths: [], unitIds: [], allianceId: null, ownerPath: null };
  }
  const id = q.scopeId!;
  if (kind === 'org') {
    const [o] = rowsOf<{ name: string; path: string; units: string[] | null }>(await ctx.db.execute(sql`
      select o.name, o.path, (select array_agg(u.id::text) from units u where u.region_id = o.region_id and u.org_id in
        (select so.id from orgs so where so.region_id = o.region_id and so.path like o.path || '%')) as units
      from orgs o where o.region_id = ${R} and o.id = ${id}`));
    if (!o) throw notFound();
    return { regionId: R, kind, id, name: o.name, orgPaths: [o.path], unitIds: o.units ?? [], allianceId: null, ownerPath: o.path };
  }
  if (kind === 'alliance') {
    const [a] = rowsOf<{ name: string; lead_path: string | null; paths: string[] | null; units: string[] | null }>(await ctx.db.execute(sql`
      select a.name, (select lo.path from orgs lo where lo.region_id = a.region_id and lo.id = a.lead_org_id) as lead_path,
        (select array_agg(o.path) from alliance_orgs ao join orgs o on o.region_id = ao.region_id and o.id = ao.org_id
          where ao.region_id = a.region_id and ao.alliance_id = a.id) as paths,
        (select array_agg(au.unit_id::text) from alliance_units au where au.region_id = a.region_id and au.alliance_id = a.id) as units
      from alliances a where a.region_id = ${R} and a.id = ${id}`));
    if (!a) throw notFound();
    return { regionId: R, kind, id, name: a.name, orgPaths: a.paths ?? [], unitIds: a.units ?? [], allianceId: id, ownerPath: a.lead_path };
  }
  const [u] = rowsOf<{ name: string; path: string | null }>(await ctx.db.execute(sql`
    select u.name, coalesce((select o.path from orgs o where o.region_id = u.region_id and o.id = u.org_id),
      (select o.path from orgs o where o.region_id = u.region_id and o.unit_id = u.id order by o.depth limit 1)) as path
    from units u where u.region_id = ${R} and u.id = ${id}`));
  if (!u) throw notFound();
  return { regionId: R, kind, id, name: u.name, orgPaths: u.path ? [u.path] : [], unitIds: [id], allianceId: null, ownerPath: u.path };
}

/** May the principal read this figure (and the records behind it) on this level? */
export function canReadFigure(p: Principal, def: FigureDef, level: FigureLevel): boolean {
  if (level.kind === 'region') return holdsIn(p, def.permission, level.regionId, { regionWide: true });
  return can(p, def.permission, {
    regionId: level.regionId,
    orgPath: level.ownerPath,
    unitId: level.kind === 'unit' ? level.id : null,
    allianceId: level.allianceId,
  });
}

const uuidList = (ids: string[]) => sql.join(ids.map((x) => sql`${x}::uuid`), sql`, `);

/** SQL over `r` (the figure's rows): the row lies in the level. */
export function levelWhere(level: FigureLevel): SQL {
  const R = level.regionId;
  if (level.kind === 'region') return sql`r.region_id = ${R}`;
  const parts: SQL[] = [];
  if (level.orgPaths.length) parts.push(orgInSubtree(sql`r.org_id`, R, level.orgPaths));
  if (level.unitIds.length) parts.push(sql`r.unit_id in (${uuidList(level.unitIds)})`);
  if (level.allianceId) parts.push(sql`r.alliance_id = ${level.allianceId}::uuid`);
  return parts.length ? sql`(r.region_id = ${R} and (${sql.join(parts, sql` or `)}))` : sql`false`;
}

/** SQL over `r`: the row lies in the period (a stock: it existed by the period's end). */
export function periodWhere(def: FigureDef, p: FigurePeriod | null): SQL {
  if (!p || !p.from || !p.to) return sql`true`;
  if (def.stock) return sql`(r.at is null or r.at < ${p.to}::date)`;
  return sql`(r.at >= ${p.from}::date and r.at < ${p.to}::date)`;
}

/** The aggregate over the rows `r` that pass `filter` (all when omitted), as float8. */
export function aggregateOf(def: FigureDef, filter?: SQL): SQL {
  const f = filter ? sql` filter (where ${filter})` : sql``;
  switch (def.aggregate) {
    case 'count': return sql`(count(*)${f})::float8`;
    case 'sum': return sql`coalesce(sum(r.value)${f}, 0)::float8`;
    case 'ratio': return sql`coalesce(round(100 * avg(r.value)${f}, 1), 0)::float8`;
  }
}

const from = (ctx: Ctx, def: FigureDef) => sql`(${rowsAt(def, figureClock(ctx.now()))}) r`;

/**
 * What a number is computed from: the figure's per-day summary when it has one (brought up to date first: summary.ts),
 * else its rows. Only for values, comparisons, trends and rankings; records and breakdowns always read the rows.
 */
async function sourceOf(ctx: Ctx, def: FigureDef, regionId: string): Promise<{ from: SQL; agg: (filter?: SQL) => SQL }> {
  if (!summarised(def)) return { from: from(ctx, def), agg: (f) => aggregateOf(def, f) };
  await freshSummaries(ctx, regionId, [def]);
  return { from: summaryFrom(def), agg: (f) => summaryAggregate(def, f ? sql` filter (where ${f})` : sql``) };
}
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export interface FigureValueOut { key: string; value: number; previous: number | null; lastYear: number | null }

/** One figure's value on a level and period, with the period before and the same period a year earlier when asked. */
export async function computeValue(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod, opts: { compare?: boolean } = {}): Promise<FigureValueOut> {
  const prev = opts.compare ? previousPeriod(period) : null;
  const ly = opts.compare ? lastYearPeriod(period) : null;
  const periods = [period, prev, ly].filter((x): x is FigurePeriod => !!x);
  const anyPeriod = periods.some((x) => !x.from) ? sql`true` : sql`(${sql.join(periods.map((x) => periodWhere(def, x)), sql` or `)})`;
  const src = await sourceOf(ctx, def, level.regionId);
  const [row] = rowsOf<{ v: unknown; p: unknown; l: unknown }>(await ctx.db.execute(sql`
    select ${src.agg(periodWhere(def, period))} as v,
           ${prev ? src.agg(periodWhere(def, prev)) : sql`null`} as p,
           ${ly ? src.agg(periodWhere(def, ly)) : sql`null`} as l
    from ${src.from} where ${levelWhere(level)} and ${anyPeriod}`));
  return { key: def.key, value: num(row?.v), previous: prev ? num(row?.p) : null, lastYear: ly ? num(row?.l) : null };
}

/** Several figures at once (each its own statement, run side by side). */
export function computeValues(ctx: Ctx, level: FigureLevel, period: FigurePeriod, defs: readonly FigureDef[], opts: { compare?: boolean } = {}): Promise<FigureValueOut[]> {
  return Promise.all(defs.map((d) => computeValue(ctx, d, level, period, opts)));
}

export interface FigureRecordOut { id: string; value: number; link: string | null; cells: Record<string, string | number | null> }

const cellOf = (v: unknown, c: FigureColumn, l: Locale): string | number | null => {
  const kind = c.kind;
  if (v === null || v === undefined) return null;
  if (c.values && typeof v === 'string') return c.values[v]?.[l] ?? v;
  if (v instanceof Date) return kind === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  if (kind === 'number' || kind === 'fen' || kind === 'hours') return Number(v);
  return String(v);
};

/** Exactly the rows the figure counts on the level and period, a page at a time (newest first). */
export async function computeRecords(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod, page: { page: number; pageSize: number }, l: Locale = 'zh-CN') {
  const where = sql`${levelWhere(level)} and ${periodWhere(def, period)}`;
  const [items, [agg]] = await Promise.all([
    ctx.db.execute(sql`select * from ${from(ctx, def)} where ${where} order by r.at desc nulls last, r.id limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}`),
    ctx.db.execute(sql`select count(*)::int as n, ${aggregateOf(def)} as v from ${from(ctx, def)} where ${where}`).then((x) => rowsOf<{ n: number; v: unknown }>(x)),
  ]);
  return {
    items: rowsOf<Record<string, unknown>>(items).map((r) => recordOf(def, r, l)),
    total: Number(agg?.n ?? 0), page: page.page, pageSize: page.pageSize,
    figure: { key: def.key, value: num(agg?.v) },
  };
}

export function recordOf(def: FigureDef, r: Record<string, unknown>, l: Locale = 'zh-CN'): FigureRecordOut {
  const id = String(r.id);
  const cells: Record<string, string | number | null> = {};
  for (const c of def.columns) cells[c.key] = cellOf(r[c.key], c, l);
  return { id, value: num(r.value), link: def.link ? def.link.replace(':id', encodeURIComponent(id)) : null, cells };
}

/** Every record (for the xlsx export), in pages of 2,000. */
export async function* allRecords(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod, l: Locale = 'zh-CN', max = 100_000): AsyncGenerator<FigureRecordOut> {
  const size = 2000;
  for (let page = 1; (page - 1) * size < max; page++) {
    const { items } = await computeRecords(ctx, def, level, period, { page, pageSize: size }, l);
    yield* items;
    if (items.length < size) return;
  }
}

export interface RankingItem { id: string; kind: 'org' | 'unit'; name: string; value: number }

/**
 * The sub-levels of a level by the figure: the children of an org, the region's top orgs, an alliance's member orgs
 * and units (a unit has none). Sub-levels where the figure is 0 are listed too.
 */
export async function computeRanking(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod): Promise<RankingItem[]> {
  if (level.kind === 'unit') return [];
  const R = level.regionId;
  const src = await sourceOf(ctx, def, R);
  const pw = periodWhere(def, period);
  // the level's rows folded once by where they hang (n rows, total of their values), then summed per sub-level: one
  // pass over the rows however many sub-levels (a correlated subtree test per row and sub-level took seconds)
  const n = summarised(def) ? sql`sum(r.n)` : sql`count(*)`;
  const total = summarised(def) ? sql`coalesce(sum(r.total), 0)` : sql`coalesce(sum(r.value), 0)`;
  const folded = sql`(select r.org_id, r.unit_id, ${n} as n, ${total} as total from ${src.from} where r.region_id = ${R} and ${pw} group by 1, 2)`;
  const agg = summaryAggregate(def, sql``);
  const childOrgs = level.kind === 'region' ? sql`c.parent_id is null`
    : level.kind === 'org' ? sql`c.parent_id = ${level.id}::uuid`
      : sql`c.id in (select ao.org_id from alliance_orgs ao where ao.region_id = ${R} and ao.alliance_id = ${level.id}::uuid)`;
  const orgRows = rowsOf<{ id: string; name: string; v: unknown }>(await ctx.db.execute(sql`
    with f as materialized ${folded}
    select c.id, c.name, x.v from orgs c cross join lateral (
      select ${agg} as v from f r where
        r.org_id in (select so.id from orgs so where so.region_id = ${R} and so.path like c.path || '%')
        or r.unit_id in (select u.id from units u join orgs so on so.region_id = u.region_id and so.id = u.org_id
                         where u.region_id = ${R} and so.path like c.path || '%')) x
    where c.region_id = ${R} and ${childOrgs}`));
  const items: RankingItem[] = orgRows.map((o) => ({ id: o.id, kind: 'org', name: o.name, value: num(o.v) }));
  if (level.kind === 'alliance') {
    const unitRows = rowsOf<{ id: string; name: string; v: unknown }>(await ctx.db.execute(sql`
      with f as materialized ${folded}
      select u.id, u.name, x.v from units u cross join lateral (select ${agg} as v from f r where r.unit_id = u.id) x
      where u.region_id = ${R} and u.id in (select au.unit_id from alliance_units au where au.region_id = ${R} and au.alliance_id = ${level.id}::uuid)`));
    items.push(...unitRows.map((o) => ({ id: o.id, kind: 'unit' as const, name: o.name, value: num(o.v) })));
  }
  return items.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name, 'zh-CN'));
}

export type Bucket = 'month' | 'quarter' | 'year';

/** The period key of the year, quarter or month holding `day` (`2026`, `2026Q4`, `2026-12`). */
export const bucketKey = (day: string, b: Bucket) => (b === 'year' ? day.slice(0, 4) : b === 'quarter' ? `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}` : day.slice(0, 7));
const nextBucket = (day: string, b: Bucket) => {
  const y = Number(day.slice(0, 4)); const m = Number(day.slice(5, 7));
  const step = b === 'year' ? 12 : b === 'quarter' ? 3 : 1;
  const nm = m - 1 + step;
  return `${y + Math.floor(nm / 12)}-${String((nm % 12) + 1).padStart(2, '0')}-01`;
};
const bucketStart = (day: string, b: Bucket) => {
  const y = day.slice(0, 4); const m = Number(day.slice(5, 7));
  if (b === 'year') return `${y}-01-01`;
  if (b === 'quarter') return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  return `${y}-${day.slice(5, 7)}-01`;
};

/**
 * The figure per month (quarter, year) across the period; `all` means the twelve months (four quarters, five years)
 * up to `today`. A stock's point is its value at the bucket's end; a flow's, what happened in the bucket.
 */
export async function computeTrend(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod, bucket: Bucket, today: string): Promise<{ period: string; value: number }[]> {
  let start: string; let end: string;
  if (period.from && period.to) { start = bucketStart(period.from, bucket); end = period.to; } else {
    end = nextBucket(bucketStart(today, bucket), bucket);
    const back = bucket === 'month' ? 12 : bucket === 'quarter' ? 4 : 5;
    start = end;
    for (let i = 0; i < back; i++) {
      const y = Number(start.slice(0, 4)); const m = Number(start.slice(5, 7));
      const step = bucket === 'year' ? 12 : bucket === 'quarter' ? 3 : 1;
      const nm = m - 1 - step;
      start = `${y + Math.floor(nm / 12)}-${String(((nm % 12) + 12) % 12 + 1).padStart(2, '0')}-01`;
    }
  }
  const buckets: { key: string; from: string; to: string }[] = [];
  for (let d = start; d < end && buckets.length < 240; d = nextBucket(d, bucket)) buckets.push({ key: bucketKey(d, bucket), from: d, to: nextBucket(d, bucket) });
  if (!buckets.length) return [];
  const src = await sourceOf(ctx, def, level.regionId);
  const cols = buckets.map((b, i) => sql`${src.agg(def.stock ? sql`(r.at is null or r.at < ${b.to}::date)` : sql`(r.at >= ${b.from}::date and r.at < ${b.to}::date)`)} as ${sql.identifier(`b${i}`)}`);
  const [row] = rowsOf<Record<string, unknown>>(await ctx.db.execute(sql`select ${sql.join(cols, sql`, `)} from ${src.from} where ${levelWhere(level)}`));
  return buckets.map((b, i) => ({ period: b.key, value: num(row?.[`b${i}`]) }));
}

/** The figure grouped by one of its dimensions (members by gender…), largest first. */
export async function computeBreakdown(ctx: Ctx, def: FigureDef, level: FigureLevel, period: FigurePeriod, by: string, l: Locale = 'zh-CN'): Promise<{ group: string | null; label: string | null; value: number }[]> {
  const dim = def.dimensions?.find((d) => d.key === by);
  if (!dim) throw invalid([fieldError('by', 'FIGURE_DIMENSION')]);
  const rows = rowsOf<{ g: string | null; v: unknown }>(await ctx.db.execute(sql`
    select r.${sql.identifier(dim.key)}::text as g, ${aggregateOf(def)} as v from ${from(ctx, def)}
    where ${levelWhere(level)} and ${periodWhere(def, period)} group by 1 order by 2 desc, 1`));
  return rows.map((r) => ({ group: r.g, label: r.g === null ? null : dim.values?.[r.g]?.[l] ?? r.g, value: num(r.v) }));
}
