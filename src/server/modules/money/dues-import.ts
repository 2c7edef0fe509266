/**
 * The year's dues bases from xlsx (issue 15 §4, docs/money.md): a branch's collector downloads the template of its
 * members (prefilled with what is set), fills each one's category and declared monthly income after tax (and, for a
 * reduction, the amount with the branch's decision and the committee's approval; for a set amount, the reason of the
 * change), and uploads it. The shape of co-building's needs import (cobuild/needs-xlsx.ts): every problem of every row
 * at once in one 422 `DUES_IMPORT_ROWS_INVALID` (`rows.<row>.<column>`), and nothing is written unless every row
 * passes; then one transaction sets or changes each amount with its audit row (`dues.import`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DUES_CATEGORIES, type DuesCategory } from '../../../shared/dues.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Principal } from '../../platform/scope.ts';
import { transaction } from '../../platform/transaction.ts';
import { receiveToFile } from '../../platform/uploads.ts';
import { matchHeader, readSheet, workbookBuffer, type Cell, type HeaderSpec } from '../../platform/xlsx.ts';
import { members } from '../directory/schema.ts';
import { amountFor, orgInScope } from './dues.ts';
import { duesAmounts } from './schema.ts';

const GONE = ['transferred_out', 'deceased', 'left'];
export const CATEGORY_ZH: Record<DuesCategory, string> = { employed: '在岗职工', retired: '离退休', student: '学生', unemployed: '下岗失业', allowance: '领取最低生活保障金' };
const CATEGORY_BY_TEXT = new Map<string, DuesCategory>([
  ...DUES_CATEGORIES.map((c) => [c, c] as [string, DuesCategory]),
  ...Object.entries(CATEGORY_ZH).map(([k, v]) => [v, k as DuesCategory] as [string, DuesCategory]),
  ['在职', 'employed'], ['在职职工', 'employed'], ['职工', 'employed'], ['退休', 'retired'], ['离休', 'retired'], ['离退休人员', 'retired'],
  ['下岗', 'unemployed'], ['失业', 'unemployed'], ['低保', 'allowance'],
]);

type Col = 'memberId' | 'name' | 'category' | 'income' | 'monthly' | 'decision' | 'approval' | 'reason';
const COLUMNS: (HeaderSpec<Col> & { title: string; width: number })[] = [
  { key: 'memberId', title: '党员编号', width: 38, aliases: ['党员编号', '编号', 'member id', 'id'] },
  { key: 'name', title: '姓名', width: 10, aliases: ['姓名', 'name'] },
  { key: 'category', title: '人员类别', width: 18, aliases: ['人员类别', '类别', '党费类别', 'category'] },
  { key: 'income', title: '税后月收入（元）', width: 16, aliases: ['税后月收入（元）', '税后月收入', '月收入', '月收入（元）', '交纳基数', '基数', 'income', 'base'] },
  { key: 'monthly', title: '减免后月交（元）', width: 16, aliases: ['减免后月交（元）', '减免后月交', '减免后金额', 'reduced monthly'] },
  { key: 'decision', title: '支部减免决定', width: 24, aliases: ['支部减免决定', '支部决定', 'branch decision'] },
  { key: 'approval', title: '上级党委批准', width: 24, aliases: ['上级党委批准', '上级批准', 'committee approval'] },
  { key: 'reason', title: '调整原因', width: 24, aliases: ['调整原因', '原因', 'reason'] },
];
const MAX_ROWS = 2000;
const Fields = z.object({ orgId: z.uuid(), year: z.coerce.number().int().min(2000).max(2200) });

const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c)).trim();
/** yuan in a cell (a number, or text such as "6,000.50" / "¥6000") to fen; null when it is not a non-negative amount of whole fen */
export function yuanCellToFen(c: Cell | undefined): number | null | 'bad' {
  if (c === null || c === undefined || text(c) === '') return null;
  const v = typeof c === 'number' ? c : Number(text(c).replace(/[¥￥,，\s元]/g, ''));
  if (typeof c === 'boolean' || c instanceof Date || !Number.isFinite(v) || v < 0) return 'bad';
  const fen = Math.round(v * 100);
  return Math.abs(v * 100 - fen) > 1e-6 || fen > 100_000_000_000 ? 'bad' : fen;
}

/** The branch's members of the year (not gone), with what is set for them. */
async function branchMembers(ctx: Ctx, regionId: string, orgId: string, year: number) {
  return ctx.db.select({ id: members.id, name: members.name, amount: duesAmounts }).from(members)
    .leftJoin(duesAmounts, and(eq(duesAmounts.regionId, members.regionId), eq(duesAmounts.memberId, members.id), eq(duesAmounts.year, year)))
    .where(and(eq(members.regionId, regionId), eq(members.orgId, orgId), notInArray(members.status, GONE)))
    .orderBy(asc(members.namePinyin), asc(members.id));
}

/** The template of a branch for a year: its members, prefilled with the category and base already set. */
export async function duesImportTemplate(ctx: Ctx, p: Principal, q: { orgId: string; year: number }): Promise<{ buffer: Buffer; fileName: string }> {
  const o = await orgInScope(ctx.db, p, 'dues.collect', q.orgId);
  const list = await branchMembers(ctx, o.regionId, o.id, q.year);
  const buffer = await workbookBuffer([{
    name: `${q.year}党费基数`, boldHeader: true,
    header: COLUMNS.map((c) => ({ title: c.title, width: c.width })),
    rows: list.map((m) => [m.id, m.name, m.amount ? CATEGORY_ZH[m.amount.category as DuesCategory] : '在岗职工',
      m.amount ? Number(m.amount.baseFen) / 100 : null, m.amount && m.amount.tableFen !== null ? Number(m.amount.monthlyFen) / 100 : null,
      m.amount?.reductionDecision ?? null, m.amount?.reductionApproval ?? null, null]),
  }, {
    name: '填写说明',
    rows: [['人员类别：在岗职工、离退休、学生、下岗失业、领取最低生活保障金'], ['税后月收入按元填写；学生、下岗失业、低保人员填 0，每月交纳 0.20 元'],
      ['减免：填写减免后月交金额，并同时填写支部减免决定和上级党委批准；免交填 0'], ['本年度已核定的党员如需调整，须填写调整原因'], ['党员编号请勿修改']],
  }]);
  return { buffer, fileName: `${o.name}-${q.year}年党费基数.xlsx` };
}

interface Parsed { row: number; memberId: string; category: DuesCategory; baseFen: number; monthlyFen?: number; decision: string; approval: string; reason: string }

/** Reads, checks every row, and — only when all pass — sets the year's amounts in one transaction. */
export async function importDuesBases(ctx: Ctx, actor: Actor, req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_NO_FILE');
  const p = actor.principal!;
  const tmp = path.join(os.tmpdir(), `lj-dues-${uuidv7()}.xlsx`);
  try {
    const { fields, gotFile } = await receiveToFile(req, tmp);
    const f = Fields.safeParse(fields);
    if (!f.success) throw invalid(f.error.issues.map((i) => fieldError(String(i.path[0]), 'field.invalid')));
    const o = await orgInScope(ctx.db, p, 'dues.collect', f.data.orgId);
    const year = f.data.year;
    if (!gotFile) throw new AppError(400, 'IMPORT_NO_FILE');
    const list = await branchMembers(ctx, o.regionId, o.id, year);
    const byId = new Map(list.map((m) => [m.id, m]));
    const byName = new Map<string, typeof list>();
    for (const m of list) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);

    let cols: Map<Col, number> | null = null;
    const problems: ErrorDetail[] = [];
    const rows: Parsed[] = [];
    const seen = new Map<string, number>();
    for await (const { row, cells } of readSheet(tmp)) {
      if (!cols) {
        cols = matchHeader(cells, COLUMNS);
        if (!cols && row >= 10) break;
        continue;
      }
      const cell = (c: Col) => (cols!.has(c) ? cells[cols!.get(c)!] : null);
      if (COLUMNS.every((c) => text(cell(c.key)) === '')) continue;
      if (rows.length + 1 > MAX_ROWS) throw invalid([fieldError('file', 'dues.import.too_many', { max: MAX_ROWS })], 'DUES_IMPORT_ROWS_INVALID');
      const at = (col: Col, key: string, vars: Record<string, unknown> = {}) => problems.push({ ...fieldError(`rows.${row}.${col}`, key, vars), row });
      const before = problems.length;
      // the member: by the template's number, else by a name unique in the branch; another branch's member (in the
      // caller's scope or not) is as unknown as a made-up one
      const idText = text(cell('memberId')).toLowerCase();
      const name = text(cell('name'));
      const named = byName.get(name) ?? [];
      const m = idText ? byId.get(idText) : named.length === 1 ? named[0] : undefined;
      if (!m) {
        if (!idText && named.length > 1) at('name', 'dues.import.member_ambiguous', { name });
        else at(idText ? 'memberId' : 'name', 'dues.import.member_unknown', { value: idText || name });
      } else if (seen.has(m.id)) at('memberId', 'dues.import.member_twice', { row: seen.get(m.id) });
      else seen.set(m.id, row);
      const catText = text(cell('category'));
      const category = CATEGORY_BY_TEXT.get(catText) ?? CATEGORY_BY_TEXT.get(catText.toLowerCase());
      if (!category) at('category', 'dues.import.category_unknown', { value: catText });
      const income = yuanCellToFen(cell('income'));
      const flat = category && category !== 'employed' && category !== 'retired';
      if (income === 'bad') at('income', 'dues.import.amount_bad', { value: text(cell('income')) });
      else if (income === null && !flat) at('income', 'dues.import.income_required');
      const monthly = yuanCellToFen(cell('monthly'));
      if (monthly === 'bad') at('monthly', 'dues.import.amount_bad', { value: text(cell('monthly')) });
      const decision = text(cell('decision')).slice(0, 500);
      const approval = text(cell('approval')).slice(0, 500);
      const reason = text(cell('reason')).slice(0, 500);
      if (problems.length > before || !m || !category || income === 'bad' || monthly === 'bad') continue;
      const baseFen = income ?? 0;
      const parsed: Parsed = { row, memberId: m.id, category, baseFen, decision, approval, reason, ...(monthly === null ? {} : { monthlyFen: monthly }) };
      // the table's rules, as for one amount set by hand (amountFor): a reduction needs both the decision and the approval
      let set: ReturnType<typeof amountFor> | undefined;
      try {
        set = amountFor({ category, baseFen, monthlyFen: parsed.monthlyFen, reductionDecision: decision, reductionApproval: approval });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        for (const d of e.details ?? []) {
          const col: Col = d.field === 'reductionDecision' ? 'decision' : d.field === 'reductionApproval' ? 'approval' : 'monthly';
          at(col, d.message, (d.vars as Record<string, unknown>) ?? {});
        }
        continue;
      }
      const prior = m.amount;
      const same = prior && prior.category === category && Number(prior.baseFen) === baseFen && Number(prior.monthlyFen) === set.monthlyFen;
      if (prior && !same && !reason) at('reason', 'dues.import.reason_required', { monthly: (Number(prior.monthlyFen) / 100).toFixed(2) });
      else rows.push(parsed);
    }
    if (!cols) throw new AppError(422, 'DUES_IMPORT_NO_HEADER');
    if (problems.length) {
      problems.sort((x, y) => Number(x.row) - Number(y.row));
      throw invalid(problems, 'DUES_IMPORT_ROWS_INVALID');
    }
    if (!rows.length) throw new AppError(400, 'IMPORT_EMPTY');

    return await transaction(ctx.db, async (tx) => {
      const at = new Date(ctx.now());
      let created = 0;
      let changed = 0;
      let unchanged = 0;
      const priorOf = new Map((await tx.select().from(duesAmounts)
        .where(and(eq(duesAmounts.regionId, o.regionId), eq(duesAmounts.year, year), inArray(duesAmounts.memberId, rows.map((r) => r.memberId)))).for('update'))
        .map((a) => [a.memberId, a]));
      const audits: Parameters<typeof audit>[2] = [];
      for (const r of rows) {
        const set = amountFor({ category: r.category, baseFen: r.baseFen, monthlyFen: r.monthlyFen, reductionDecision: r.decision, reductionApproval: r.approval });
        const prior = priorOf.get(r.memberId);
        const values = { orgId: o.id, category: r.category, baseFen: r.baseFen, ...set, setBy: p.id, updatedAt: at };
        if (!prior) {
          await tx.insert(duesAmounts).values({ regionId: o.regionId, memberId: r.memberId, year, ...values, reason: r.reason || null, createdAt: at });
          audits.push({ regionId: o.regionId, action: 'dues.import', entityType: 'dues_amount', entityId: r.memberId, after: { year, row: r.row, ...values } });
          created++;
        } else if (prior.category === r.category && Number(prior.baseFen) === r.baseFen && Number(prior.monthlyFen) === set.monthlyFen) {
          unchanged++;
        } else {
          await tx.update(duesAmounts).set({ ...values, reason: r.reason })
            .where(and(eq(duesAmounts.regionId, o.regionId), eq(duesAmounts.memberId, r.memberId), eq(duesAmounts.year, year)));
          audits.push({ regionId: o.regionId, action: 'dues.import', entityType: 'dues_amount', entityId: r.memberId, before: prior, after: { year, row: r.row, ...values, reason: r.reason } });
          changed++;
        }
      }
      if (audits.length) await audit(tx, actor, audits);
      return { rows: rows.length, created, changed, unchanged };
    });
  } finally {
    fs.rm(tmp, { force: true }, () => {});
  }
}
