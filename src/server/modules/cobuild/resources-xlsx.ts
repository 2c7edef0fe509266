import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RESOURCE_MAX_QUANTITY } from '../../../shared/cobuild-resources.ts';
import type { NeedCategory } from '../../../shared/cobuild.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { receiveToFile } from '../../platform/uploads.ts';
import { matchHeader, parseDateCell, readSheet, workbookBuffer, type HeaderSpec } from '../../platform/xlsx.ts';
import { findAlliance } from './meetings.ts';
import { CATEGORY_BY_TEXT, text } from './needs-xlsx.ts';
import { resources } from './schema.ts';

/** The blank import sheet of the resources list (the columns the import reads). */
export const resourcesTemplate = () => workbookBuffer([{
  name: '资源清单', boldHeader: true,
  header: ['资源名称', '类别', '提供单位', '数量/容量', '使用条件', '提供至', '公开范围', '说明', '标签'].map((title, i) => ({ title, width: [28, 12, 28, 10, 24, 12, 10, 36, 16][i] })),
  rows: [['室内篮球场', '场地阵地', '中海浙江LNG', 30, '工作日 17:00 后，需预约', '', '联席会议', '可供园区各单位职工使用', '体育、夜间']],
}]);

type Col = 'title' | 'category' | 'party' | 'quantity' | 'conditions' | 'until' | 'visibility' | 'description' | 'tags';
const HEADER: HeaderSpec<Col>[] = [
  { key: 'title', aliases: ['资源名称', '资源', '名称', 'title'] },
  { key: 'category', aliases: ['类别', '资源类别', '分类', 'category'] },
  { key: 'party', aliases: ['提供单位', '单位', '提供方', 'party', 'unit'] },
  { key: 'quantity', aliases: ['数量/容量', '数量', '容量', 'quantity'] },
  { key: 'conditions', aliases: ['使用条件', '条件', 'conditions'] },
  { key: 'until', aliases: ['提供至', '有效期至', '截止日期', 'until'] },
  { key: 'visibility', aliases: ['公开范围', '范围', 'visibility'] },
  { key: 'description', aliases: ['说明', '描述', '备注', 'description'] },
  { key: 'tags', aliases: ['标签', 'tags'] },
];
const VISIBILITY_BY_TEXT = new Map<string, 'alliance' | 'region'>([['', 'alliance'], ['联席会议', 'alliance'], ['网格', 'alliance'], ['alliance', 'alliance'], ['全区域', 'region'], ['全镇', 'region'], ['region', 'region']]);
const MAX_ROWS = 2000;
const Fields = z.object({ allianceId: z.uuid() });

/**
 * Resources collected on paper, from an xlsx, into one joint meeting or grid (its office's): 资源名称 / 类别 / 提供单位
 * (a member of the joint meeting, by name) / 数量/容量 / 使用条件 / 提供至 / 公开范围 / 说明. All or nothing: any problem
 * answers 422 RESOURCE_IMPORT_ROWS_INVALID with every problem of every row (`rows.<row>.<column>`), nothing written.
 */
export async function importResources(ctx: Ctx, actor: Actor, req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_NO_FILE');
  const p = actor.principal!;
  const tmp = path.join(os.tmpdir(), `lj-resources-${uuidv7()}.xlsx`);
  try {
    const { fields, gotFile } = await receiveToFile(req, tmp);
    const f = Fields.safeParse(fields);
    if (!f.success) throw invalid(f.error.issues.map((i) => fieldError(String(i.path[0]), 'field.invalid')));
    const a = await findAlliance(ctx.db, p, f.data.allianceId).catch(() => { throw notFound(); });
    if (!a.manage) throw notFound();
    if (!gotFile) throw new AppError(400, 'IMPORT_NO_FILE');
    const members = new Map(a.members.map((m) => [m.partyName, m]));

    let cols: Map<Col, number> | null = null;
    const problems: ErrorDetail[] = [];
    const rows: (Omit<typeof resources.$inferInsert, 'regionId' | 'id' | 'allianceId'> & { row: number })[] = [];
    for await (const { row, cells } of readSheet(tmp)) {
      if (!cols) {
        cols = matchHeader(cells, HEADER);
        if (!cols && row >= 10) break;
        continue;
      }
      const cell = (c: Col) => (cols!.has(c) ? cells[cols!.get(c)!] : null);
      const title = text(cell('title'));
      const catText = text(cell('category'));
      const partyName = text(cell('party'));
      const qText = text(cell('quantity'));
      if (!title && !catText && !partyName && !qText) continue;
      if (rows.length + 1 > MAX_ROWS) throw invalid([fieldError('file', 'need.import.too_many', { max: MAX_ROWS })], 'RESOURCE_IMPORT_ROWS_INVALID');
      const at = (col: Col, key: string, vars: Record<string, unknown> = {}) => problems.push({ ...fieldError(`rows.${row}.${col}`, key, vars), row });
      if (!title) at('title', 'need.import.title_required');
      else if (title.length > 100) at('title', 'need.import.too_long', { max: 100 });
      const category: NeedCategory | undefined = CATEGORY_BY_TEXT.get(catText) ?? CATEGORY_BY_TEXT.get(catText.toLowerCase());
      if (!category) at('category', 'need.import.category_unknown', { value: catText });
      const m = members.get(partyName);
      if (!partyName) at('party', 'need.import.party_required');
      else if (!m) at('party', 'resource.import.not_member', { name: partyName });
      const quantity = qText === '' ? 1 : Number(qText);
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > RESOURCE_MAX_QUANTITY) at('quantity', 'need.import.quantity', { max: RESOURCE_MAX_QUANTITY, value: qText });
      const untilRaw = cell('until');
      const availableUntil = untilRaw === null || untilRaw === undefined || text(untilRaw) === '' ? null : parseDateCell(untilRaw);
      if (text(untilRaw) !== '' && !availableUntil) at('until', 'need.import.date');
      const visibility = VISIBILITY_BY_TEXT.get(text(cell('visibility')));
      if (!visibility) at('visibility', 'resource.import.visibility', { value: text(cell('visibility')) });
      const conditions = text(cell('conditions'));
      if (conditions.length > 500) at('conditions', 'need.import.too_long', { max: 500 });
      const description = text(cell('description'));
      if (description.length > 2000) at('description', 'need.import.too_long', { max: 2000 });
      const tags = [...new Set(text(cell('tags')).split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean))];
      if (tags.length > 10 || tags.some((x) => x.length > 20)) at('tags', 'resource.import.tags');
      rows.push({
        tags, row, title, category: category ?? 'other', party: m?.party ?? '', unitId: m?.unitId ?? null, orgId: m?.orgId ?? null, quantity,
        conditions, availableUntil, visibility: visibility ?? 'alliance', description,
      });
    }
    if (!cols) throw new AppError(422, 'RESOURCE_IMPORT_NO_HEADER');
    if (!rows.length) throw new AppError(400, 'IMPORT_EMPTY');
    if (problems.length) {
      problems.sort((x, y) => Number(x.row) - Number(y.row));
      throw invalid(problems, 'RESOURCE_IMPORT_ROWS_INVALID');
    }
    return await ctx.db.transaction(async (tx) => {
      const now = new Date(ctx.now());
      const values = rows.map(({ row: _row, ...r }) => ({
        ...r, regionId: a.regionId, id: uuidv7(), allianceId: a.allianceId, offeredBy: p.id, offeredByName: p.displayName, createdAt: now, updatedAt: now,
      }));
      for (let i = 0; i < values.length; i += 500) await tx.insert(resources).values(values.slice(i, i + 500));
      await audit(tx, actor, values.map((v, i) => ({
        regionId: a.regionId, action: 'resource.import' as const, entityType: 'resource', entityId: v.id, after: { ...v, row: rows[i].row, source: 'import' },
      })));
      return { created: values.length, rows: values.map((v, i) => ({ row: rows[i].row, id: v.id, title: v.title })) };
    });
  } finally {
    fs.rm(tmp, { force: true }, () => {});
  }
}
