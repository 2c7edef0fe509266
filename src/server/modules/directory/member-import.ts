import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { normalizeName, type MemberStage } from '../../../shared/directory.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import type { Config } from '../../config.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, localeOf, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { msg, type Locale } from '../../platform/messages.ts';
import { receiveToFile } from '../../platform/uploads.ts';
import { can, holdsAnywhere, type Principal } from '../../platform/scope.ts';
import type { ProgressRegistry } from '../../platform/progress.ts';
import { cellText, columnLetter, declaredRows, matchHeader, parseDateCell, readSheet, writeXlsx, type Cell, type HeaderSpec } from '../../platform/xlsx.ts';
import { makeIdNumber } from './idcard.ts';
import { checkMember } from './member-rules.ts';
import { namePinyin } from './pinyin.ts';
import { rateLimited, recordRefusals, type RegistrationGuard } from './registration-guard.ts';
import { members, orgs } from './schema.ts';

type Key = 'name' | 'gender' | 'ethnicity' | 'birthDate' | 'idNumber' | 'education' | 'occupation' | 'phone' | 'address'
  | 'org' | 'category' | 'joinedOn' | 'fullOn' | 'status' | 'tags';

export const MEMBER_COLUMNS: (HeaderSpec<Key> & { zh: string; en: string; required?: boolean })[] = [
  { key: 'name', zh: '姓名', en: 'Name', aliases: ['姓名', 'name', '党员姓名'], required: true },
  { key: 'gender', zh: '性别', en: 'Gender', aliases: ['性别', 'gender', 'sex'], required: true },
  { key: 'ethnicity', zh: '民族', en: 'Ethnicity', aliases: ['民族', 'ethnicity'] },
  { key: 'birthDate', zh: '出生日期', en: 'Birth date', aliases: ['出生日期', '出生年月', '出生年月日', 'birth date', 'birthdate'] },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', aliases: ['身份证号', '身份证号码', '公民身份号码', '身份证', 'id number', 'idnumber'], required: true },
  { key: 'education', zh: '学历', en: 'Education', aliases: ['学历', '文化程度', 'education'] },
  { key: 'occupation', zh: '职业', en: 'Occupation', aliases: ['职业', '工作岗位', '岗位', '工作单位及职务', 'occupation'] },
  { key: 'phone', zh: '手机', en: 'Phone', aliases: ['手机', '手机号', '手机号码', '联系电话', '电话', 'phone', 'mobile'] },
  { key: 'address', zh: '家庭住址', en: 'Household address', aliases: ['家庭住址', '住址', '家庭地址', '现居住地', 'address'] },
  { key: 'org', zh: '所在党组织', en: 'Organisation', aliases: ['所在党组织', '所在支部', '党支部', '党组织', '所属支部', 'organisation', 'organization', 'branch'] },
  { key: 'category', zh: '人员类别', en: 'Category', aliases: ['人员类别', '党员类别', '类别', '党员类型', 'category', 'stage'], required: true },
  { key: 'joinedOn', zh: '入党日期', en: 'Joined on', aliases: ['入党日期', '入党时间', 'joined on', 'join date'] },
  { key: 'fullOn', zh: '转正日期', en: 'Full member since', aliases: ['转正日期', '转正时间', 'full member since', 'full on'] },
  { key: 'status', zh: '状态', en: 'Status', aliases: ['状态', '党员状态', 'status'] },
  { key: 'tags', zh: '标签', en: 'Tags', aliases: ['标签', 'tags'] },
];

const STAGE_WORDS: Record<string, MemberStage> = {
  正式党员: 'full', 正式: 'full', full: 'full', 'full member': 'full',
  预备党员: 'probationary', 预备: 'probationary', probationary: 'probationary',
  发展对象: 'candidate', candidate: 'candidate',
  入党积极分子: 'activist', 积极分子: 'activist', activist: 'activist',
  入党申请人: 'applicant', 申请人: 'applicant', applicant: 'applicant',
};
const GENDER_WORDS: Record<string, 'M' | 'F'> = { 男: 'M', 女: 'F', m: 'M', f: 'F', male: 'M', female: 'F' };
const STATUS_WORDS: Record<string, string> = {
  正常: 'normal', normal: 'normal', 失联: 'lost_contact', lost_contact: 'lost_contact', 出国: 'abroad', 出国出境: 'abroad', abroad: 'abroad',
  去世: 'deceased', 死亡: 'deceased', deceased: 'deceased', 出党: 'left', 退党: 'left', left: 'left',
};

export const IMPORT_MESSAGES = {
  IMPORT_NOT_XLSX: { 'zh-CN': '文件不是 xlsx 格式的 Excel 工作簿', 'en-US': 'The file is not an xlsx workbook.' },
  IMPORT_EMPTY: { 'zh-CN': '文件是空的', 'en-US': 'The file is empty.' },
  IMPORT_NO_HEADER: { 'zh-CN': '前 10 行中找不到表头（至少应有 姓名、性别、身份证号 等列）', 'en-US': 'No header row in the first 10 rows (expected columns such as Name, Gender, ID number).' },
  IMPORT_NO_ROWS: { 'zh-CN': '表头下没有数据行', 'en-US': 'There are no data rows under the header.' },
  IMPORT_TOO_MANY_ROWS: { 'zh-CN': '一次最多导入 {max} 行', 'en-US': 'At most {max} rows can be imported at once.' },
  IMPORT_HAS_ERRORS: { 'zh-CN': '有 {count} 行数据有误，未导入任何数据', 'en-US': '{count} rows have errors; nothing was imported.' },
  IMPORT_NO_FILE: { 'zh-CN': '请上传文件', 'en-US': 'Please upload a file.' },
  'import.missing_column': { 'zh-CN': '缺少必需的列“{column}”', 'en-US': 'the required column "{column}" is missing' },
  'import.required': { 'zh-CN': '必填', 'en-US': 'is required' },
  'import.bad_gender': { 'zh-CN': '性别应为“男”或“女”', 'en-US': 'gender must be 男 or 女 (M or F)' },
  'import.bad_category': { 'zh-CN': '无法识别的人员类别（正式党员、预备党员、发展对象、入党积极分子、入党申请人）', 'en-US': 'unknown category (full, probationary, candidate, activist, applicant)' },
  'import.bad_status': { 'zh-CN': '无法识别的状态', 'en-US': 'unknown status' },
  'import.bad_phone': { 'zh-CN': '手机号码格式不正确', 'en-US': 'not a valid phone number' },
  'import.org_unknown': { 'zh-CN': '找不到组织“{name}”（或不在您的管理范围内）', 'en-US': 'no organisation "{name}" in your scope' },
  'import.org_ambiguous': { 'zh-CN': '有多个组织叫“{name}”，请写成“上级组织/{name}”', 'en-US': 'several organisations are called "{name}"; write "parent/{name}"' },
  'import.org_required': { 'zh-CN': '请填写所在党组织，或在导入时选择默认组织', 'en-US': 'give the organisation, or choose a default one for the import' },
  'import.dup_in_file': { 'zh-CN': '与第 {row} 行的身份证号重复', 'en-US': 'same ID number as row {row}' },
  'import.too_long': { 'zh-CN': '内容过长', 'en-US': 'is too long' },
};

export const MAX_IMPORT_ROWS = 200_000;
const BATCH = 1000;
const ERRORS_IN_ANSWER = 1000;

interface RowError { row: number; col: number; key: string; vars?: Record<string, unknown> }

interface ParsedRow {
  row: number;
  orgId: string;
  regionId: string;
  values: {
    name: string; gender: 'M' | 'F'; ethnicity: string | null; birthDate: string; idNumber: string; education: string | null;
    occupation: string | null; phone: string | null; address: string | null; stage: MemberStage; joinedOn: string | null;
    fullOn: string | null; status: string; tags: string[];
  };
}

export interface ImportOptions {
  mode: 'check' | 'import';
  validOnly: boolean;
  defaultOrgId?: string;
  locale: Locale;
  /** ID numbers held outside the caller's scope are refused as in createMember: limited per user and audited */
  guard: RegistrationGuard;
  /** called with the number of rows read so far (the CLI's progress line) */
  onRow?: (rows: number) => void;
}

interface OrgIndex { byName: Map<string, { id: string; regionId: string; path: string }[]>; byPath: Map<string, { id: string; regionId: string; path: string }> }

async function writableOrgIndex(db: DbOrTx, p: Principal): Promise<OrgIndex> {
  const all = await db.select({ id: orgs.id, regionId: orgs.regionId, path: orgs.path, name: orgs.name, parentId: orgs.parentId }).from(orgs);
  const mine = all.filter((o) => can(p, 'members.write', { regionId: o.regionId, orgPath: o.path }));
  const nameOf = new Map(all.map((o) => [o.id, o.name]));
  const byName = new Map<string, { id: string; regionId: string; path: string }[]>();
  const byPath = new Map<string, { id: string; regionId: string; path: string }>();
  for (const o of mine) {
    const list = byName.get(o.name) ?? [];
    list.push(o);
    byName.set(o.name, list);
    if (o.parentId) byPath.set(`${nameOf.get(o.parentId)}/${o.name}`, o);
  }
  return { byName, byPath };
}

function text(v: Cell, max = 200): string | null | 'too_long' {
  const t = cellText(v).trim();
  if (!t) return null;
  return t.length > max ? 'too_long' : t;
}

/**
 * Validates (and in mode 'import', writes) a roster. One streaming pass; writes happen in one transaction
 * that is rolled back when any row is bad, unless `validOnly`. Re-importing updates people by ID number.
 */
export async function importMembers(ctx: Ctx, actor: Actor, file: string, opts: ImportOptions) {
  const { db, now } = ctx;
  const p = actor.principal!;
  opts.guard.assertAllowed(p);
  const today = todayShanghai(now());
  const orgIndex = await writableOrgIndex(db, p);
  let defaultOrg: { id: string; regionId: string; path: string } | undefined;
  if (opts.defaultOrgId) {
    for (const list of orgIndex.byName.values()) for (const o of list) if (o.id === opts.defaultOrgId) defaultOrg = o;
    if (!defaultOrg) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'defaultOrgId', message: 'org.not_found' }]);
  }

  const errors: RowError[] = [];
  const badRows = new Set<number>();
  const seen = new Map<string, number>();
  let header: Map<Key, number> | null = null;
  let headerRow = 0;
  let total = 0;
  let created = 0;
  let updated = 0;
  let batch: ParsedRow[] = [];
  const refusals: { regionId: string; orgId: string; idNumber: string; via: string; row: number }[] = [];
  const mayRefuse = p.isPlatformAdmin ? Infinity : opts.guard.remaining(p.id);

  const fail = (row: number, col: number, key: string, vars?: Record<string, unknown>) => {
    errors.push({ row, col, key, vars });
    badRows.add(row);
  };

  const flush = async (tx: DbOrTx) => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    const ids = rows.map((r) => r.values.idNumber);
    const existing = await tx.select({ m: members, path: orgs.path }).from(members)
      .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
      .where(and(inArray(members.idNumber, ids), sql`${members.status} <> 'transferred_out'`));
    const byId = new Map(existing.map((e) => [e.m.idNumber, e]));
    const inserts: (typeof members.$inferInsert)[] = [];
    const audits: Parameters<typeof audit>[2] = [];
    for (const r of rows) {
      const ex = byId.get(r.values.idNumber);
      const py = namePinyin(r.values.name);
      const values = { ...r.values, namePinyin: py.full, nameInitials: py.initials, orgId: r.orgId, updatedAt: new Date(now()) };
      if (ex) {
        if (ex.m.regionId !== r.regionId || !can(p, 'members.write', { regionId: ex.m.regionId, orgPath: ex.path })) {
          const idCol = header!.get('idNumber')!;
          if (can(p, 'members.pii', { regionId: ex.m.regionId, orgPath: ex.path, memberId: ex.m.id })) {
            fail(r.row, idCol, ex.m.regionId === r.regionId ? 'member.duplicate_id' : 'member.duplicate_id_elsewhere');
          } else {
            // held outside the caller's scope: "cannot be registered here", nothing more (registration-guard.ts)
            fail(r.row, idCol, 'member.not_registrable');
            refusals.push({ regionId: r.regionId, orgId: r.orgId, idNumber: r.values.idNumber, via: 'import', row: r.row });
            // past the user's allowance the whole import is refused: row-by-row answers would be the oracle again
            if (refusals.length > mayRefuse) throw rateLimited();
          }
          continue;
        }
        if (opts.mode === 'import') {
          await tx.update(members).set(values).where(and(eq(members.regionId, ex.m.regionId), eq(members.id, ex.m.id)));
          audits.push({ regionId: ex.m.regionId, action: 'member.import_update', entityType: 'member', entityId: ex.m.id, before: ex.m, after: values });
        }
        updated++;
      } else {
        const id = uuidv7();
        inserts.push({ ...values, regionId: r.regionId, id });
        audits.push({ regionId: r.regionId, action: 'member.import_create', entityType: 'member', entityId: id, after: values });
        created++;
      }
    }
    if (opts.mode === 'import') {
      if (inserts.length) await tx.insert(members).values(inserts);
      if (audits.length) await audit(tx, actor, audits);
    }
  };

  const parseRow = (rowNo: number, cells: Cell[]): ParsedRow | null => {
    const h = header!;
    const get = (k: Key) => (h.has(k) ? cells[h.get(k)!] ?? null : null);
    const col = (k: Key) => h.get(k) ?? 0;
    const before = errors.length;
    const req = (k: Key) => { const v = text(get(k)); if (v === null) fail(rowNo, col(k), 'import.required'); return v; };
    const opt = (k: Key, max = 200) => {
      const v = text(get(k), max);
      if (v === 'too_long') { fail(rowNo, col(k), 'import.too_long'); return null; }
      return v;
    };
    const rawName = req('name');
    const name = rawName && rawName !== 'too_long' ? normalizeName(rawName) : rawName;
    if (name === 'too_long' || (name && name.length > 50)) fail(rowNo, col('name'), 'import.too_long');
    const g = text(get('gender'));
    const gender = g ? GENDER_WORDS[g.toLowerCase()] : undefined;
    if (!g) fail(rowNo, col('gender'), 'import.required'); else if (!gender) fail(rowNo, col('gender'), 'import.bad_gender');
    // an ID number Excel turned into a number has lost its last digits: refuse, never guess
    const rawId = get('idNumber');
    let idNumber: string | null = null;
    if (rawId === null) fail(rowNo, col('idNumber'), 'import.required');
    else if (typeof rawId === 'number' || /^\d(\.\d+)?e\+\d+$/i.test(String(rawId))) fail(rowNo, col('idNumber'), 'id.rounded_number');
    else idNumber = String(rawId).replace(/\s+/g, '').toUpperCase();
    const c = text(get('category'));
    const stage = c ? STAGE_WORDS[c.toLowerCase()] : undefined;
    if (!c) fail(rowNo, col('category'), 'import.required'); else if (!stage) fail(rowNo, col('category'), 'import.bad_category');
    const dateOf = (k: Key) => {
      const v = get(k);
      if (v === null) return null;
      const d = parseDateCell(v);
      if (!d) fail(rowNo, col(k), 'date.invalid');
      return d;
    };
    let birthDate = dateOf('birthDate');
    const joinedOn = dateOf('joinedOn');
    const fullOn = dateOf('fullOn');
    const s = text(get('status'));
    const status = s ? STATUS_WORDS[s.toLowerCase()] : 'normal';
    if (s && !status) fail(rowNo, col('status'), 'import.bad_status');
    const phone = opt('phone', 30)?.replace(/[\s-]/g, '') ?? null;
    if (phone && !/^1\d{10}$|^0\d{9,11}$/.test(phone)) fail(rowNo, col('phone'), 'import.bad_phone');
    // organisation: named in the row, or the import's default
    let org = defaultOrg;
    const orgName = text(get('org'));
    if (orgName && orgName !== 'too_long') {
      const exact = orgIndex.byPath.get(orgName);
      const list = orgIndex.byName.get(orgName) ?? [];
      if (exact) org = exact;
      else if (list.length === 1) org = list[0];
      else if (list.length > 1) { fail(rowNo, col('org'), 'import.org_ambiguous', { name: orgName }); org = undefined; }
      else { fail(rowNo, col('org'), 'import.org_unknown', { name: orgName }); org = undefined; }
    } else if (!org) fail(rowNo, col('org') || col('name'), 'import.org_required');
    if (idNumber) {
      const first = seen.get(idNumber);
      if (first) fail(rowNo, col('idNumber'), 'import.dup_in_file', { row: first });
      else seen.set(idNumber, rowNo);
    }
    const ethnicity = opt('ethnicity', 20);
    const education = opt('education', 30);
    const occupation = opt('occupation', 50);
    const address = opt('address', 200);
    const tags = (text(get('tags')) ?? '').split(/[,，、;；\s]+/).map((x) => x.trim()).filter(Boolean).slice(0, 20);
    // the rules too, over what could be read, so that a row reports every problem it has at once: a rule is not
    // judged on a cell that already has a problem (a bad birth-date cell is not compared with the ID number)
    const failedCols = new Set(errors.slice(before).map((e) => e.col));
    const birthCellBad = failedCols.has(col('birthDate')) && h.has('birthDate');
    if (!birthDate && !birthCellBad && idNumber && /^\d{17}[\dX]$/.test(idNumber)) birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
    const ruleErrors = checkMember({
      gender, idNumber: idNumber && !failedCols.has(col('idNumber')) ? idNumber : undefined, birthDate: birthCellBad ? undefined : birthDate,
      stage, joinedOn: failedCols.has(col('joinedOn')) && h.has('joinedOn') ? undefined : joinedOn,
      fullOn: failedCols.has(col('fullOn')) && h.has('fullOn') ? undefined : fullOn,
    }, today);
    const fieldCol: Record<string, Key> = { idNumber: 'idNumber', birthDate: 'birthDate', joinedOn: 'joinedOn', fullOn: 'fullOn', activistOn: 'category', candidateOn: 'category', appliedOn: 'category' };
    for (const e of ruleErrors) {
      const c = col(fieldCol[e.field] ?? 'name') || col('name');
      if (!failedCols.has(c)) fail(rowNo, c, e.message, e.vars);
    }
    if (!birthDate && errors.length === before) fail(rowNo, col('birthDate') || col('idNumber'), 'import.required');
    if (errors.length > before || !name || !gender || !idNumber || !stage || !org || !birthDate) return null;
    const values = {
      name: name as string, gender, ethnicity, birthDate, idNumber, education, occupation, phone, address, stage, joinedOn, fullOn, status, tags,
    };
    return { row: rowNo, orgId: org.id, regionId: org.regionId, values };
  };

  const run = async (tx: DbOrTx) => {
    let scanned = 0;
    for await (const { row, cells } of readSheet(file)) {
      if (!header) {
        scanned++;
        const h = matchHeader(cells, MEMBER_COLUMNS);
        if (h) {
          header = h;
          headerRow = row;
          const missing = MEMBER_COLUMNS.filter((c) => c.required && !h.has(c.key));
          if (missing.length) {
            throw new AppError(400, 'VALIDATION_FAILED', {}, missing.map((m) => ({ field: m.zh, message: msg(opts.locale, 'import.missing_column', { column: opts.locale === 'zh-CN' ? m.zh : m.en }) })));
          }
        } else if (scanned >= 10) throw new AppError(400, 'IMPORT_NO_HEADER');
        continue;
      }
      if (cells.every((c) => c === null || c === undefined)) continue; // blank line
      total++;
      opts.onRow?.(total);
      if (total > MAX_IMPORT_ROWS) throw new AppError(400, 'IMPORT_TOO_MANY_ROWS', { max: MAX_IMPORT_ROWS });
      const parsed = parseRow(row, cells);
      if (parsed) {
        batch.push(parsed);
        if (batch.length >= BATCH) await flush(tx);
      }
    }
    await flush(tx);
    if (!header) throw new AppError(400, total === 0 && headerRow === 0 ? 'IMPORT_NO_HEADER' : 'IMPORT_NO_ROWS');
    if (total === 0) throw new AppError(400, 'IMPORT_NO_ROWS');
  };

  class Rollback extends Error {}
  let imported = false;
  try {
    if (opts.mode === 'import') {
      await db.transaction(async (tx) => {
        await run(tx);
        if (badRows.size && !opts.validOnly) throw new Rollback();
        imported = true;
      });
    } else {
      await run(db);
    }
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  } finally {
    // after the import's own transaction, so a rolled-back import still leaves its refusals in the audit
    await recordRefusals(db, actor, opts.guard, refusals);
  }
  if (!imported) { created = opts.mode === 'import' ? 0 : created; updated = opts.mode === 'import' ? 0 : updated; }

  errors.sort((a, b) => a.row - b.row || a.col - b.col);
  const colName = (c: number) => {
    const spec = MEMBER_COLUMNS.find((s) => header?.get(s.key) === c);
    const label = spec ? (opts.locale === 'zh-CN' ? spec.zh : spec.en) : '';
    return `${columnLetter(c || 1)}${label ? ` ${label}` : ''}`;
  };
  const answerErrors = errors.slice(0, ERRORS_IN_ANSWER).map((e) => ({ row: e.row, column: colName(e.col), message: msg(opts.locale, e.key, e.vars) }));
  let reportId: string | null = null;
  if (errors.length) reportId = await writeErrorReport(ctx, p, file, headerRow, errors, opts.locale, colName);
  return {
    mode: opts.mode, totalRows: total, validRows: total - badRows.size, invalidRows: badRows.size,
    created: opts.mode === 'import' && !imported ? 0 : created, updated: opts.mode === 'import' && !imported ? 0 : updated,
    imported, errors: answerErrors, errorsTruncated: errors.length > ERRORS_IN_ANSWER, reportId,
  };
}

export function reportDir(cfg: Config) { return path.join(cfg.uploadDir, 'import-reports'); }

/** The uploaded sheet again, with an error column and the bad cells marked; kept for a day for its uploader. */
async function writeErrorReport(ctx: Ctx, p: Principal, file: string, headerRow: number, errors: RowError[], locale: Locale, colName: (c: number) => string) {
  const dir = reportDir(ctx.config);
  await fs.promises.mkdir(dir, { recursive: true });
  const id = uuidv7();
  const byRow = new Map<number, RowError[]>();
  for (const e of errors) { const l = byRow.get(e.row) ?? []; l.push(e); byRow.set(e.row, l); }
  let width = 0;
  let headerCells: Cell[] = [];
  const rowsOut: number[] = [];
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const { row, cells } of readSheet(file)) {
      if (row < headerRow) continue;
      if (row === headerRow) { headerCells = cells; width = cells.length - 1; continue; }
      const errs = byRow.get(row);
      const out: Cell[] = [row];
      for (let c = 1; c <= width; c++) out.push(cells[c] instanceof Date ? cellText(cells[c]) : cells[c] ?? null);
      out.push(errs ? errs.map((e) => `${colName(e.col)}: ${msg(locale, e.key, e.vars)}`).join('；') : null);
      rowsOut.push(row);
      yield out;
    }
  }
  // header is known only after the first rows: read it first
  for await (const { row, cells } of readSheet(file)) { if (row === headerRow) { headerCells = cells; width = cells.length - 1; break; } }
  const header = [locale === 'zh-CN' ? '原行号' : 'Row', ...Array.from({ length: width }, (_, i) => cellText(headerCells[i + 1] ?? null)), locale === 'zh-CN' ? '错误' : 'Errors'];
  await writeXlsx(path.join(dir, `${id}.xlsx`), locale === 'zh-CN' ? '错误报告' : 'Errors', header, rows(), {
    textColumns: Array.from({ length: width + 2 }, (_, i) => i + 1),
    markCell: (i, c) => {
      const row = rowsOut[i - 1];
      const errs = row ? byRow.get(row) : undefined;
      return !!errs && (c === width + 2 || errs.some((e) => e.col + 1 === c));
    },
  });
  await fs.promises.writeFile(path.join(dir, `${id}.json`), JSON.stringify({ userId: p.id, createdAt: ctx.now() }));
  return id;
}

/** The path of an error report if it belongs to this user and is less than a day old. */
export async function reportFile(ctx: Ctx, p: Principal, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const dir = reportDir(ctx.config);
  try {
    const meta = JSON.parse(await fs.promises.readFile(path.join(dir, `${id}.json`), 'utf8')) as { userId: string; createdAt: number };
    if (meta.userId !== p.id || ctx.now() - meta.createdAt > 86_400_000) return null;
    return path.join(dir, `${id}.xlsx`);
  } catch { return null; }
}

/** An error report of the caller's, or 404 (another user's, expired, made up or gone from disk). */
export async function importReport(ctx: Ctx, p: Principal, id: string): Promise<string> {
  const file = await reportFile(ctx, p, id);
  if (!file || !fs.existsSync(file)) throw notFound();
  return file;
}

/** A path for a file written for one answer (sendXlsx `temporary` removes it once sent). */
const tempFile = (kind: string) => path.join(os.tmpdir(), `lj-${kind}-${uuidv7()}.xlsx`);

/** The template, in a temporary file. */
export async function templateFile(locale: Locale): Promise<string> {
  const file = tempFile('template');
  await writeTemplate(file, locale);
  return file;
}

const ImportFields = z.strictObject({
  mode: z.enum(['check', 'import']).default('check'),
  validOnly: z.enum(['true', 'false']).default('false'),
  defaultOrgId: z.uuid().optional(),
  /** the client's name for this job, to poll GET /members/import-progress/:id while it runs */
  progressId: z.uuid().optional(),
});

/**
 * The import route's work: the multipart upload (one file and the fields mode, validOnly, defaultOrgId) received
 * into a temporary file, checked or imported, and the file removed whatever happens.
 */
export async function importRosterUpload(ctx: Ctx, actor: Actor, req: FastifyRequest, guard: RegistrationGuard, progress: ProgressRegistry) {
  if (!holdsAnywhere(actor.principal, 'members.write')) throw notFound();
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_NO_FILE');
  const tmp = tempFile('import');
  try {
    const { fields, gotFile } = await receiveToFile(req, tmp);
    if (!gotFile) throw new AppError(400, 'IMPORT_NO_FILE');
    const opts = ImportFields.parse(fields);
    const job = opts.progressId ? progress.start(actor.principal!.id, opts.progressId, await declaredRows(tmp)) : undefined;
    try {
      return await importMembers(ctx, actor, tmp, {
        mode: opts.mode, validOnly: opts.validOnly === 'true', defaultOrgId: opts.defaultOrgId, locale: localeOf(req), guard, onRow: job?.row,
      });
    } finally {
      job?.end();
    }
  } finally {
    fs.rm(tmp, { force: true }, () => {});
  }
}

/** The import template: header, one example row, ID and phone columns formatted as text. */
export async function writeTemplate(file: string, locale: Locale) {
  const header = MEMBER_COLUMNS.map((c) => (locale === 'zh-CN' ? c.zh : c.en));
  const example: Cell[] = ['张慧敏', '女', '汉族', '1985-03-07', makeIdNumber('330205', '1985-03-07', 'F', 2), '本科', '社区工作者', '13800000000', '怡江小区 3 幢 408 室', null, '正式党员', '2008-07-01', '2009-07-01', '正常', '志愿者'];
  await writeXlsx(file, locale === 'zh-CN' ? '党员名册' : 'Roster', header, [example], {
    textColumns: [4, 5, 8, 12, 13], widths: header.map((_, i) => (i === 4 ? 22 : i === 8 ? 26 : 14)),
  });
}
