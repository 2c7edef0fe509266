// The question bank: checks, create, bulk insert (the xlsx import), list.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { QuestionCreate, QuestionListQuery } from '../../../shared/activities.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { fieldError, invalid, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { escapeLike } from '../../platform/like.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertCan, scopeWhere, type Principal } from '../../platform/scope.ts';
import { orgById, type Ctx } from './common.ts';
import { sortedUniq, toQuestion, TRUE_FALSE_OPTIONS } from './quiz-common.ts';
import { questions } from './schema.ts';

/** Checks one question; `field` names where each problem is (a form field, or an xlsx column). */
export function questionProblems(q: { kind: string; options: string[]; answer: number[] }, field: (f: 'kind' | 'options' | 'answer') => string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (!['single', 'multiple', 'truefalse'].includes(q.kind)) out.push(fieldError(field('kind'), 'quiz.bad_kind'));
  if (q.options.length < 2) out.push(fieldError(field('options'), 'quiz.too_few_options'));
  if (new Set(q.options).size !== q.options.length) out.push(fieldError(field('options'), 'quiz.duplicate_options'));
  if (q.kind === 'truefalse' && (q.options.length !== 2 || q.options[0] !== TRUE_FALSE_OPTIONS[0] || q.options[1] !== TRUE_FALSE_OPTIONS[1])) {
    out.push(fieldError(field('options'), 'quiz.truefalse_options'));
  }
  if (!q.answer.length) out.push(fieldError(field('answer'), 'quiz.required'));
  else if (q.answer.some((i) => i < 0 || i >= q.options.length)) out.push(fieldError(field('answer'), 'quiz.answer_not_in_options'));
  else if ((q.kind === 'single' || q.kind === 'truefalse') && new Set(q.answer).size !== 1) out.push(fieldError(field('answer'), 'quiz.single_one_answer'));
  return out;
}


export async function createQuestion(ctx: Ctx, actor: Actor, input: z.infer<typeof QuestionCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const o = await orgById(tx, null, input.orgId);
    assertCan(p, 'activities.write', o ? { regionId: o.regionId, orgPath: o.path } : null);
    const problems = questionProblems(input, (f) => f);
    if (problems.length) throw invalid(problems);
    const [dup] = await tx.select({ id: questions.id }).from(questions).where(and(eq(questions.regionId, o!.regionId), eq(questions.stem, input.stem)));
    if (dup) throw invalid([fieldError('stem', 'quiz.duplicate_stem')]);
    const [row] = await tx.insert(questions).values({
      regionId: o!.regionId, id: uuidv7(), orgId: o!.id, kind: input.kind, stem: input.stem, options: input.options,
      answer: sortedUniq(input.answer), explanation: input.explanation ?? null, tags: input.tags ?? [],
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'question.create', entityType: 'question', entityId: row.id, after: row });
    return toQuestion(row);
  });
}

export async function insertQuestions(tx: DbOrTx, regionId: string, orgId: string, list: { kind: string; stem: string; options: string[]; answer: number[]; explanation: string | null; tags: string[] }[]) {
  const rows = list.map((q) => ({ regionId, id: uuidv7(), orgId, ...q, answer: sortedUniq(q.answer) }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(questions).values(rows.slice(i, i + 500));
  return rows.length;
}

export async function listQuestions(ctx: Ctx, p: Principal, q: z.infer<typeof QuestionListQuery>) {
  const conds: SQL[] = [scopeWhere(p, 'activities.write', { regionId: questions.regionId, orgId: questions.orgId })];
  if (q.regionId) conds.push(eq(questions.regionId, q.regionId));
  if (q.tag) conds.push(sql`${q.tag} = any(${questions.tags})`);
  if (q.q) conds.push(sql`${questions.stem} ilike ${'%' + escapeLike(q.q) + '%'}`);
  const where = and(...conds);
  return paginate(q, ctx.db.select().from(questions).where(where).orderBy(asc(questions.createdAt), asc(questions.id)),
    ctx.db.select({ n: countAll }).from(questions).where(where), toQuestion);
}

export async function countMatching(db: DbOrTx, regionId: string, tags: string[]) {
  const [{ n }] = await db.select({ n: countAll }).from(questions)
    .where(and(eq(questions.regionId, regionId), tags.length ? sql`${questions.tags} && ${sql`array[${sql.join(tags.map((x) => sql`${x}`), sql`, `)}]::text[]`}` : undefined));
  return Number(n);
}
