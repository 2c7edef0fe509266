import { and, eq, inArray } from 'drizzle-orm';
import { audit, type Actor } from '../../platform/audit.ts';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import { msg, type Locale } from '../../platform/messages.ts';
import { assertCan } from '../../platform/scope.ts';
import { cellText, columnLetter, firstWorksheet, plainValue, workbookBuffer } from '../../platform/xlsx.ts';
import { orgById, type Ctx } from './common.ts';
import { insertQuestions, questionProblems } from './quiz-bank.ts';
import { TRUE_FALSE_OPTIONS } from './quiz-common.ts';
import { questions } from './schema.ts';

/**
 * Question bank import from xlsx. Columns (first row is the header): 题型 | 题干 | 选项A … 选项H | 答案 |
 * 解析 | 标签. Any bad row → nothing imported, and a row-by-row report (row, column, reason).
 */
export const QUESTION_COLUMNS = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '选项G', '选项H', '答案', '解析', '标签'];
const OPTION_LETTERS = 'ABCDEFGH';
const KIND_NAMES: Record<string, string> = {
  单选: 'single', 单选题: 'single', single: 'single', 多选: 'multiple', 多选题: 'multiple', multiple: 'multiple',
  判断: 'truefalse', 判断题: 'truefalse', truefalse: 'truefalse', 'true/false': 'truefalse',
};
const TRUE_WORDS = ['对', '正确', '是', '√', 'T', 'TRUE', 'Y', 'A'];
const FALSE_WORDS = ['错', '错误', '否', '×', 'X', 'F', 'FALSE', 'N', 'B'];
export const MAX_QUESTION_ROWS = 5000;

/** A cell as trimmed, NFKC-normalised text (the platform's spreadsheet helpers). */
const text = (v: unknown): string => cellText(plainValue(v));

export interface ParsedQuestion { row: number; kind: string; stem: string; options: string[]; answer: number[]; explanation: string | null; tags: string[] }

/** Parses the workbook; returns the questions or the problems, each with its row and column. */
export async function parseQuestionSheet(buf: Buffer, locale: Locale): Promise<{ items: ParsedQuestion[]; errors: { row: number; column: string; message: string }[] }> {
  const ws = await firstWorksheet(buf);
  if (!ws) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'file', message: msg(locale, 'quiz.bad_file') }]);
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => { const t = text(cell.value).replace(/\s/g, ''); if (t) header.set(t, col); });
  const missing = ['题型', '题干', '答案'].filter((h) => !header.has(h));
  if (missing.length) {
    throw new AppError(400, 'VALIDATION_FAILED', {}, missing.map((h) => ({ field: 'file', row: 1, column: h, message: msg(locale, 'quiz.required') })));
  }
  const col = (name: string) => header.get(name);
  const colName = (name: string) => `${columnLetter(col(name) ?? 0)} ${name}`;
  const items: ParsedQuestion[] = [];
  const errors: { row: number; column: string; message: string }[] = [];
  const seen = new Map<string, number>();
  const last = Math.min(ws.actualRowCount + 1, ws.rowCount);
  if (last - 1 > MAX_QUESTION_ROWS) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'file', message: msg(locale, 'field.too_big', { maximum: MAX_QUESTION_ROWS }) }]);
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (name: string) => (col(name) ? text(row.getCell(col(name)!).value) : '');
    const optionCols = OPTION_LETTERS.split('').map((l) => `选项${l}`).filter((h) => col(h));
    const rawOptions = optionCols.map((h) => get(h));
    if (!get('题型') && !get('题干') && !get('答案') && rawOptions.every((o) => !o)) continue; // blank row
    const fail = (name: string, key: string, vars: Record<string, unknown> = {}) => errors.push({ row: r, column: colName(name), message: msg(locale, key, vars) });
    const kind = KIND_NAMES[get('题型').toLowerCase()] ?? KIND_NAMES[get('题型')];
    if (!kind) { fail('题型', 'quiz.bad_kind'); continue; }
    const stem = get('题干');
    if (!stem) { fail('题干', 'quiz.required'); continue; }
    // options are the filled cells up to the last filled one (a gap is an error)
    let lastFilled = -1;
    rawOptions.forEach((o, i) => { if (o) lastFilled = i; });
    let options = rawOptions.slice(0, lastFilled + 1);
    if (options.some((o) => !o)) { fail(optionCols[options.findIndex((o) => !o)], 'quiz.required'); continue; }
    if (kind === 'truefalse' && !options.length) options = [...TRUE_FALSE_OPTIONS];
    const rawAnswer = get('答案').toUpperCase().replace(/[\s,，、;；]/g, '');
    let answer: number[];
    if (!rawAnswer) { fail('答案', 'quiz.required'); continue; }
    if (kind === 'truefalse' && !/^[C-H]$/.test(rawAnswer)) {
      if (TRUE_WORDS.includes(rawAnswer)) answer = [0];
      else if (FALSE_WORDS.includes(rawAnswer)) answer = [1];
      else { fail('答案', 'quiz.bad_answer'); continue; }
    } else {
      if (!/^[A-Z]+$/.test(rawAnswer)) { fail('答案', 'quiz.bad_answer'); continue; }
      answer = rawAnswer.split('').map((ch) => ch.charCodeAt(0) - 65);
    }
    const problems = questionProblems({ kind, options, answer }, (f) => f);
    for (const p of problems) {
      const name = p.field === 'answer' ? '答案' : p.field === 'kind' ? '题型' : (optionCols[0] ?? '答案');
      fail(name, p.message, (p.vars as Record<string, unknown>) ?? {});
    }
    if (problems.length) continue;
    if (seen.has(stem)) { fail('题干', 'quiz.duplicate_stem'); continue; }
    seen.set(stem, r);
    const tags = get('标签').split(/[,，、;；\s]+/).map((x) => x.trim()).filter(Boolean).slice(0, 20);
    items.push({ row: r, kind, stem, options, answer, explanation: get('解析') || null, tags });
  }
  return { items, errors };
}

/**
 * Imports a question file into an org's bank: all rows or none. With `dryRun` every check runs and the same
 * report comes back, but nothing is written (no questions, no audit row).
 */
export async function importQuestions(ctx: Ctx, actor: Actor, orgId: string, buf: Buffer, locale: Locale, opts: { dryRun?: boolean } = {}) {
  const p = actor.principal!;
  const o = await orgById(ctx.db, null, orgId);
  assertCan(p, 'activities.write', o ? { regionId: o.regionId, orgPath: o.path } : null);
  const { items, errors } = await parseQuestionSheet(buf, locale);
  if (!errors.length && items.length) {
    // stems already in the bank
    const existing = await ctx.db.select({ stem: questions.stem }).from(questions)
      .where(and(eq(questions.regionId, o!.regionId), inArray(questions.stem, items.map((i) => i.stem))));
    const taken = new Set(existing.map((e) => e.stem));
    if (taken.size) {
      for (const q of items) if (taken.has(q.stem)) errors.push({ row: q.row, column: 'B 题干', message: msg(locale, 'quiz.duplicate_stem') });
    }
  }
  if (errors.length) {
    const details: ErrorDetail[] = errors.slice(0, 500).map((e) => ({ field: `row ${e.row}`, ...e }));
    throw new AppError(422, 'IMPORT_FAILED', { count: errors.length }, details);
  }
  if (!items.length) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'file', message: msg(locale, 'quiz.required') }]);
  if (opts.dryRun) return { imported: 0, checked: items.length, dryRun: true };
  return ctx.db.transaction(async (tx) => {
    const n = await insertQuestions(tx, o!.regionId, o!.id, items.map(({ row: _r, ...q }) => q));
    await audit(tx, actor, { regionId: o!.regionId, action: 'question.import', entityType: 'question', entityId: o!.id, after: { imported: n } });
    return { imported: n };
  });
}

/** A workbook in the import format (for the template download and for tests). */
export async function questionWorkbook(rows: (string | null)[][]): Promise<Buffer> {
  return workbookBuffer([{ name: '题库', header: QUESTION_COLUMNS, rows }]);
}
