import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NEED_CATEGORIES, NEED_MAX_QUANTITY, type NeedCategory, type NeedListQuery } from '../../../shared/cobuild.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { can, type Principal } from '../../platform/scope.ts';
import { receiveToFile } from '../../platform/uploads.ts';
import { matchHeader, parseDateCell, readSheet, workbookBuffer, type Cell, type HeaderSpec } from '../../platform/xlsx.ts';
import { alliances, orgs, units } from '../directory/schema.ts';
import { listNeeds } from './needs.ts';
import { needs } from './schema.ts';

export const CATEGORY_NAMES: Record<NeedCategory, string> = {
  jobs: '就业岗位', transport: '交通出行', venue: '场地阵地', training: '培训', volunteers: '志愿服务', funds: '资金', other: '其他',
};
const STATUS_NAMES: Record<string, string> = {
  submitted: '待审核', accepted: '已通过', rejected: '已退回', merged: '已合并', published: '已发布', confirmed: '已办结', rated: '已评价',
};
const RAISED_NAMES: Record<string, string> = { liaison: '单位联络员', secretary: '组织书记', office: '联席会议办公室' };
const HEADER_TITLES = ['需求标题', '类别', '需求方', '数量', '已认领', '已落实', '期望完成', '状态', '提出方式', '提出时间', '描述'];

/** The filtered list as xlsx (the office's 需求清单), with the category and status in words. */
export async function needsXlsx(ctx: Ctx, p: Principal, q: z.infer<typeof NeedListQuery>): Promise<Buffer> {
  const all = await listNeeds(ctx, p, { ...q, page: 1, pageSize: 5000 });
  return workbookBuffer([{
    name: '需求清单', boldHeader: true,
    header: HEADER_TITLES.map((title, i) => ({ title, width: [30, 10, 28, 6, 8, 8, 12, 8, 14, 18, 40][i] })),
    rows: all.items.map((n) => [
      n.title, CATEGORY_NAMES[n.category], n.partyName, n.quantity, n.claimed, n.filled, n.wantedBy, STATUS_NAMES[n.status] ?? n.status,
      RAISED_NAMES[n.raisedAs] ?? n.raisedAs, n.createdAt.slice(0, 10), n.description,
    ]),
  }]);
}

/** The blank import sheet (the columns the import reads), for the office to hand out. */
export const needsTemplate = () => workbookBuffer([{
  name: '需求清单', boldHeader: true,
  header: [{ title: '需求标题', width: 30 }, { title: '类别', width: 12 }, { title: '需求方', width: 28 }, { title: '数量', width: 8 }, { title: '期望完成', width: 12 }, { title: '描述', width: 40 }],
  rows: [['食堂招聘帮厨', '就业岗位', '宁波港光明码头有限公司', 2, '', '食堂缺帮厨两名，要求本地居民']],
}]);

type Col = 'title' | 'category' | 'party' | 'quantity' | 'wantedBy' | 'description';
const HEADER: HeaderSpec<Col>[] = [
  { key: 'title', aliases: ['需求标题', '标题', '需求', '需求名称', 'title'] },
  { key: 'category', aliases: ['类别', '需求类别', '分类', 'category'] },
  { key: 'party', aliases: ['需求方', '需求单位', '提出单位', '单位', 'party', 'unit'] },
  { key: 'quantity', aliases: ['数量', '名额', '人数', 'quantity'] },
  { key: 'wantedBy', aliases: ['期望完成', '期望完成日期', '完成时限', 'wanted by'] },
  { key: 'description', aliases: ['描述', '需求描述', '说明', '备注', 'description'] },
];
const MAX_ROWS = 2000;
const Fields = z.object({ allianceId: z.uuid() });
export const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c)).trim();
/** a category from its code, its Chinese name or a common short form (also the resources import's) */
export const CATEGORY_BY_TEXT = new Map<string, NeedCategory>([
  ...NEED_CATEGORIES.map((c) => [c, c] as [string, NeedCategory]),
  ...Object.entries(CATEGORY_NAMES).map(([k, v]) => [v, k as NeedCategory] as [string, NeedCategory]),
  ['就业', 'jobs'], ['岗位', 'jobs'], ['交通', 'transport'], ['场地', 'venue'], ['志愿者', 'volunteers'],
]);

/**
 * Needs collected on paper, from an xlsx, into one joint meeting (the office's, cobuild.write): 需求标题 / 类别 /
 * 需求方 (a unit or org of the region, by name) / 数量 / 期望完成 / 描述. All or nothing: any problem answers 422
 * IMPORT_ROWS_INVALID with every problem of every row (`rows.<row>.<column>`) and nothing is written. The needs come in
 * accepted, raised by the office on behalf of their party.
 */
export async function importNeeds(ctx: Ctx, actor: Actor, req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_NO_FILE');
  const p = actor.principal!;
  const tmp = path.join(os.tmpdir(), `lj-needs-${uuidv7()}.xlsx`);
  try {
    const { fields, gotFile } = await receiveToFile(req, tmp);
    const f = Fields.safeParse(fields);
    if (!f.success) throw invalid(f.error.issues.map((i) => fieldError(String(i.path[0]), 'field.invalid')));
    const [a] = await ctx.db.select().from(alliances).where(eq(alliances.id, f.data.allianceId)).limit(1);
    if (!a || !can(p, 'cobuild.write', { regionId: a.regionId, allianceId: a.id })) throw notFound();
    if (!gotFile) throw new AppError(400, 'IMPORT_NO_FILE');

    let cols: Map<Col, number> | null = null;
    const problems: ErrorDetail[] = [];
    const rows: { row: number; title: string; category: NeedCategory; party: string; quantity: number; wantedBy: string | null; description: string }[] = [];
    for await (const { row, cells } of readSheet(tmp)) {
      if (!cols) {
        cols = matchHeader(cells, HEADER);
        if (!cols && row >= 10) break;
        continue;
      }
      const cell = (c: Col) => (cols!.has(c) ? cells[cols!.get(c)!] : null);
      const title = text(cell('title'));
      const catText = text(cell('category'));
      const party = text(cell('party'));
      const qRaw = cell('quantity');
      const dRaw = cell('wantedBy');
      const description = text(cell('description'));
      if (!title && !catText && !party && (qRaw === null || qRaw === undefined) && !description) continue;
      if (rows.length + 1 > MAX_ROWS) throw invalid([fieldError('file', 'need.import.too_many', { max: MAX_ROWS })], 'NEED_IMPORT_ROWS_INVALID');
      const at = (col: Col, key: string, vars: Record<string, unknown> = {}) => problems.push({ ...fieldError(`rows.${row}.${col}`, key, vars), row });
      if (!title) at('title', 'need.import.title_required');
      else if (title.length > 100) at('title', 'need.import.too_long', { max: 100 });
      const category = CATEGORY_BY_TEXT.get(catText) ?? CATEGORY_BY_TEXT.get(catText.toLowerCase());
      if (!category) at('category', 'need.import.category_unknown', { value: catText });
      if (!party) at('party', 'need.import.party_required');
      const qText = text(qRaw);
      const quantity = qText === '' ? 1 : Number(qText);
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > NEED_MAX_QUANTITY) at('quantity', 'need.import.quantity', { max: NEED_MAX_QUANTITY, value: qText });
      const wantedBy = dRaw === null || dRaw === undefined ? null : parseDateCell(dRaw);
      if (dRaw !== null && dRaw !== undefined && !wantedBy) at('wantedBy', 'need.import.date');
      if (description.length > 2000) at('description', 'need.import.too_long', { max: 2000 });
      rows.push({ row, title, category: category ?? 'other', party, quantity, wantedBy, description });
    }
    if (!cols) throw new AppError(422, 'NEED_IMPORT_NO_HEADER');
    if (!rows.length) throw new AppError(400, 'IMPORT_EMPTY');

    // parties by name: units first, then orgs, of the alliance's region
    const names = [...new Set(rows.map((r) => r.party).filter(Boolean))];
    const us = names.length ? await ctx.db.select({ id: units.id, name: units.name, orgId: units.orgId }).from(units).where(and(eq(units.regionId, a.regionId), inArray(units.name, names))) : [];
    const os2 = names.length ? await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(and(eq(orgs.regionId, a.regionId), inArray(orgs.name, names))) : [];
    const unitBy = new Map(us.map((u) => [u.name, u]));
    const orgBy = new Map<string, { id: string }[]>();
    for (const o of os2) orgBy.set(o.name, [...(orgBy.get(o.name) ?? []), o]);
    const paths = new Map((await ctx.db.select({ id: orgs.id, path: orgs.path }).from(orgs)
      .where(and(eq(orgs.regionId, a.regionId), inArray(orgs.id, [...us.map((u) => u.orgId), ...os2.map((o) => o.id)].filter((x): x is string => !!x).concat([a.id]))))).map((o) => [o.id, o.path]));
    const inScope = (x: { unitId: string | null; orgId: string | null }) =>
      can(p, 'cobuild.write', { regionId: a.regionId, unitId: x.unitId, orgPath: x.orgId ? paths.get(x.orgId) ?? null : null });
    const parties = new Map<number, { unitId: string | null; orgId: string | null }>();
    for (const r of rows) {
      if (!r.party) continue;
      const u = unitBy.get(r.party);
      const o = orgBy.get(r.party) ?? [];
      // a party outside the office's scope (not a member of its joint meeting) is as unknown as a made-up one
      if (u && inScope({ unitId: u.id, orgId: u.orgId })) parties.set(r.row, { unitId: u.id, orgId: u.orgId });
      else if (!u && o.length === 1 && inScope({ unitId: null, orgId: o[0].id })) parties.set(r.row, { unitId: null, orgId: o[0].id });
      else if (u || o.length === 1) problems.push({ ...fieldError(`rows.${r.row}.party`, 'need.import.party_unknown', { name: r.party }), row: r.row });
      else problems.push({ ...fieldError(`rows.${r.row}.party`, o.length > 1 ? 'need.import.party_ambiguous' : 'need.import.party_unknown', { name: r.party }), row: r.row });
    }
    if (problems.length) {
      problems.sort((x, y) => Number(x.row) - Number(y.row));
      throw invalid(problems, 'NEED_IMPORT_ROWS_INVALID');
    }

    return await ctx.db.transaction(async (tx) => {
      const now = new Date(ctx.now());
      const values = rows.map((r) => ({
        regionId: a.regionId, id: uuidv7(), allianceId: a.id, category: r.category, title: r.title, description: r.description, quantity: r.quantity,
        wantedBy: r.wantedBy, visibility: 'alliance', tags: [], status: 'accepted', ...parties.get(r.row)!, raisedAs: 'office',
        raisedBy: p.id, raisedByName: p.displayName, reviewedAt: now, createdAt: now, updatedAt: now,
      }));
      for (let i = 0; i < values.length; i += 500) await tx.insert(needs).values(values.slice(i, i + 500));
      await audit(tx, actor, values.map((v, i) => ({
        regionId: a.regionId, action: 'need.import' as const, entityType: 'need', entityId: v.id, after: { ...v, row: rows[i].row, source: 'import' },
      })));
      return { created: values.length, rows: values.map((v, i) => ({ row: rows[i].row, id: v.id, title: v.title })) };
    });
  } finally {
    fs.rm(tmp, { force: true }, () => {});
  }
}
