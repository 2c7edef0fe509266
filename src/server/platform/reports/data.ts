/**
 * What the reports are made of (docs/reports.md): the level and period of a query, the figures the caller may read
 * there, and the party-statistics tables (党内统计) as breakdowns of catalogue figures. Every number comes from the
 * figures engine (computeValues / computeBreakdown): a report never counts by a query of its own, so it says what the
 * statistics page, the dashboard and the records lists say.
 */
import type { FigureScopeQuery } from '../../../shared/figures.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors.ts';
import type { Principal } from '../scope.ts';
import {
  canReadFigure, computeBreakdown, computeValues, FIGURES, parsePeriod, resolveLevel,
  type CatalogueFigure, type FigureLevel, type FigurePeriod, type FigureValueOut,
} from '../figures/engine.ts';
import type { FigureDef } from '../figures/types.ts';

export interface ReportScope {
  level: FigureLevel;
  period: FigurePeriod;
  /** the figures the caller may read on the level, in catalogue order */
  readable: CatalogueFigure[];
}

/**
 * The level of a query when the caller may read at least one figure on it; 404 otherwise — the same answer as for a
 * made-up id, so a level out of scope cannot be told from one that does not exist.
 */
export async function reportScope(ctx: Ctx, p: Principal, q: FigureScopeQuery): Promise<ReportScope> {
  const level = await resolveLevel(ctx, q);
  const readable = FIGURES.filter((d) => canReadFigure(p, d, level));
  if (!readable.length) throw notFound();
  return { level, period: parsePeriod(q.period), readable };
}

export const LEVEL_KIND_LABELS = { region: '街道（区域）', org: '党组织', alliance: '联盟', unit: '单位' } as const;
const QUARTERS = ['一', '二', '三', '四'];

/** '2026年' / '2026年第三季度' */
export function periodLabel(key: string): string {
  const q = /^(\d{4})Q([1-4])$/.exec(key);
  return q ? `${q[1]}年第${QUARTERS[Number(q[2]) - 1]}季度` : `${key}年`;
}

export const UNIT_LABELS: Record<FigureDef['unit'], string> = { count: '个', people: '人', fen: '元', hours: '小时', percent: '%', times: '次' };

/** A figure's value as shown: money in yuan (the engine counts fen). */
export const shown = (def: FigureDef, v: number | null): number | null => (v === null ? null : def.unit === 'fen' ? v / 100 : v);

/** One line of a statistics table: the figure (or a dimension of it), the group, the number and its share of the total. */
export interface TableRow { item: string; group: string; value: number; share: number | null }
export interface StatTable { key: string; title: string; unit: string; total: number; rows: TableRow[] }

/** One figure and the dimensions a table shows it by. */
interface Part { key: string; dims: string[] }

/** The party's statistics, table by table: which figure, by which of its dimensions (each capability's figures.ts). */
export const SECTIONS: { sheet: string; parts: (readable: CatalogueFigure[]) => Part[] }[] = [
  { sheet: '党员基本情况', parts: () => [{ key: 'directory.members', dims: ['gender', 'category', 'age_band', 'education', 'party_age_band'] }] },
  { sheet: '党组织情况', parts: () => [{ key: 'directory.orgs', dims: ['kind'] }, { key: 'directory.branches', dims: [] }, { key: 'directory.units', dims: ['kind', 'above_scale'] }] },
  {
    sheet: '发展党员情况',
    parts: () => [{ key: 'directory.development', dims: ['stage'] }, { key: 'directory.membersJoined', dims: ['gender', 'age_band', 'education'] }],
  },
  // the activities' figures as the catalogue has them (helper "demofig" writes them): each by its kind when it has one
  { sheet: '组织生活和活动情况', parts: (readable) => readable.filter((d) => d.capability === 'activities').map((d) => ({ key: d.key, dims: activityDims(d) })) },
];

function activityDims(d: FigureDef): string[] {
  const dims = d.dimensions ?? [];
  const kind = dims.filter((x) => /(^|_)(kind|type|category)$/.test(x.key)).map((x) => x.key);
  return kind.length ? kind : dims.slice(0, 1).map((x) => x.key);
}

/** A figure by one of its dimensions, the groups in the order its labels list them (then any others, then "not given"). */
async function breakdownRows(ctx: Ctx, def: FigureDef, s: ReportScope, by: string, total: number): Promise<TableRow[]> {
  const dim = def.dimensions!.find((x) => x.key === by)!;
  const items = await computeBreakdown(ctx, def, s.level, s.period, by, 'zh-CN');
  const order = Object.keys(dim.values ?? {});
  const rank = (g: string | null) => (g === null ? Infinity : order.includes(g) ? order.indexOf(g) : order.length);
  const byGroup = new Map(items.map((i) => [i.group, i]));
  // every listed group appears, 0 when none (a statistics table has all its rows)
  const groups: (string | null)[] = [...order, ...items.map((i) => i.group).filter((g) => g === null || !order.includes(g))];
  return groups.sort((a, b) => rank(a) - rank(b)).map((g) => {
    const it = byGroup.get(g);
    const value = shown(def, it?.value ?? 0)!;
    return {
      item: dim.label['zh-CN'], group: g === null ? '未填写' : it?.label ?? dim.values?.[g]?.['zh-CN'] ?? g, value,
      share: def.aggregate === 'ratio' || !total ? null : Math.round((1000 * value) / total) / 10,
    };
  });
}

/** The tables of one section, for the figures of it the caller may read. */
export async function sectionTables(ctx: Ctx, s: ReportScope, section: (typeof SECTIONS)[number]): Promise<StatTable[]> {
  const parts = section.parts(s.readable).map((x) => ({ ...x, def: s.readable.find((d) => d.key === x.key) })).filter((x) => x.def);
  return Promise.all(parts.map(async ({ def, dims }) => {
    const [v] = await computeValues(ctx, s.level, s.period, [def!]);
    const total = shown(def!, v.value)!;
    const rows: TableRow[] = [{ item: def!.label['zh-CN'], group: '合计', value: total, share: def!.aggregate === 'ratio' ? null : 100 }];
    for (const by of dims.filter((k) => def!.dimensions?.some((x) => x.key === k))) rows.push(...(await breakdownRows(ctx, def!, s, by, total)));
    return { key: def!.key, title: def!.label['zh-CN'], unit: UNIT_LABELS[def!.unit], total, rows };
  }));
}

/** Every figure the caller may read, with the previous period and the same period last year. */
export async function allValues(ctx: Ctx, s: ReportScope): Promise<{ def: CatalogueFigure; v: FigureValueOut }[]> {
  const values = await computeValues(ctx, s.level, s.period, s.readable, { compare: true });
  return s.readable.map((def, i) => ({ def, v: values[i] }));
}
