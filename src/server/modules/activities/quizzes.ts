import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { QuestionCreate, QuestionListQuery, QuizCreate, QuizUpdate } from '../../../shared/activities.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, auditRow, type Actor, type AuditInput } from '../../platform/audit.ts';
import { AppError, fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { assertCan, can, scopeWhere, type Principal } from '../../platform/scope.ts';
import { alliances, allianceOrgs, orgs } from '../directory/schema.ts';
import { conflictError, memberById, orgById, selfOf, type Ctx } from './common.ts';
import { questions, quizAttempts, quizzes } from './schema.ts';
import { escapeLike } from '../../platform/like.ts';
import { keyedBatcher } from '../../platform/batch.ts';

/** Answers arriving this long after the limit still count (network, a slow phone). */
export const GRACE_MS = 10_000;
export const TRUE_FALSE_OPTIONS = ['正确', '错误'];

type QuestionRow = typeof questions.$inferSelect;
type QuizRow = typeof quizzes.$inferSelect;
type AttemptRow = typeof quizAttempts.$inferSelect;

export const toQuestion = (q: QuestionRow) => ({
  id: q.id, regionId: q.regionId, orgId: q.orgId, kind: q.kind as 'single', stem: q.stem, options: q.options, answer: q.answer,
  explanation: q.explanation, tags: q.tags,
});
export const toQuiz = (q: QuizRow, extra: { started?: boolean; editable?: boolean } = {}) => ({
  id: q.id, regionId: q.regionId, orgId: q.orgId, allianceId: q.allianceId, title: q.title, description: q.description,
  opensAt: q.opensAt.toISOString(), closesAt: q.closesAt.toISOString(), mode: q.mode as 'fixed', questionIds: q.questionIds,
  tags: q.tags, questionCount: q.questionCount, timeLimitSeconds: q.timeLimitSeconds, attemptsAllowed: q.attemptsAllowed,
  ...extra,
});

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

const sortedUniq = (a: number[]) => [...new Set(a)].sort((x, y) => x - y);

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
  const [items, [{ n }]] = await Promise.all([
    ctx.db.select().from(questions).where(where).orderBy(asc(questions.createdAt), asc(questions.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(questions).where(where),
  ]);
  return { items: items.map(toQuestion), total: Number(n), page: q.page, pageSize: q.pageSize };
}

// ── competitions ─────────────────────────────────────────────────────────────

async function countMatching(db: DbOrTx, regionId: string, tags: string[]) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(questions)
    .where(and(eq(questions.regionId, regionId), tags.length ? sql`${questions.tags} && ${sql`array[${sql.join(tags.map((x) => sql`${x}`), sql`, `)}]::text[]`}` : undefined));
  return Number(n);
}

/**
 * The questions of a competition as create and edit check them: a fixed set of known questions of the region,
 * or a count that the matching questions (any of the tags; none = all) can fill. Problems go into `errs`.
 */
async function checkQuestionChoice(tx: DbOrTx, regionId: string, c: { mode: string; questionIds?: string[]; tags?: string[]; questionCount?: number }, errs: ErrorDetail[]) {
  let questionIds: string[] = [];
  let questionCount = c.questionCount ?? 0;
  if (c.mode === 'fixed') {
    questionIds = [...new Set(c.questionIds ?? [])];
    if (!questionIds.length) errs.push(fieldError('questionIds', 'quiz.fixed_needs_questions'));
    else {
      const found = await tx.select({ id: questions.id }).from(questions).where(and(eq(questions.regionId, regionId), inArray(questions.id, questionIds)));
      const have = new Set(found.map((x) => x.id));
      questionIds.forEach((id, i) => { if (!have.has(id)) errs.push(fieldError(`questionIds.${i}`, 'quiz.unknown_question')); });
    }
    questionCount = questionIds.length;
  } else {
    if (!c.questionCount) errs.push(fieldError('questionCount', 'field.required'));
    else {
      const available = await countMatching(tx, regionId, c.tags ?? []);
      if (available < c.questionCount) errs.push(fieldError('questionCount', 'quiz.not_enough_questions', { available, needed: c.questionCount }));
    }
  }
  return { questionIds, questionCount };
}

export async function createQuiz(ctx: Ctx, actor: Actor, input: z.infer<typeof QuizCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const o = await orgById(tx, null, input.orgId);
    assertCan(p, 'activities.write', o ? { regionId: o.regionId, orgPath: o.path } : null);
    const regionId = o!.regionId;
    const errs: ErrorDetail[] = [];
    if (new Date(input.closesAt) <= new Date(input.opensAt)) errs.push(fieldError('closesAt', 'quiz.window_order'));
    if (input.allianceId) {
      const [al] = await tx.select({ id: alliances.id }).from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.id, input.allianceId)));
      if (!al || !can(p, 'activities.write', { regionId, allianceId: input.allianceId, orgPath: o!.path })) errs.push(fieldError('allianceId', 'field.invalid'));
    }
    const { questionIds, questionCount } = await checkQuestionChoice(tx, regionId, input, errs);
    if (errs.length) throw invalid(errs);
    const [row] = await tx.insert(quizzes).values({
      regionId, id: uuidv7(), orgId: o!.id, allianceId: input.allianceId ?? null, title: input.title, description: input.description ?? null,
      opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt), mode: input.mode, questionIds, tags: input.tags ?? [],
      questionCount, timeLimitSeconds: input.timeLimitSeconds, attemptsAllowed: input.attemptsAllowed,
    }).returning();
    await audit(tx, actor, { regionId, action: 'quiz.create', entityType: 'quiz', entityId: row.id, after: row });
    return toQuiz(row);
  });
}

async function loadQuiz(db: DbOrTx, id: string, regionId?: string) {
  const [row] = await db.select({ q: quizzes, orgPath: orgs.path }).from(quizzes)
    .innerJoin(orgs, and(eq(orgs.regionId, quizzes.regionId), eq(orgs.id, quizzes.orgId)))
    .where(regionId ? and(eq(quizzes.regionId, regionId), eq(quizzes.id, id)) : eq(quizzes.id, id)).limit(1);
  return row ?? null;
}

/** A competition is shared down its org's subtree: secretaries below the organising org can read it. */
const quizTarget = (l: { q: QuizRow; orgPath: string }) => ({ regionId: l.q.regionId, orgPath: l.orgPath, allianceId: l.q.allianceId, sharedDown: true });

/** Changes need write on the organising org (a competition shared down is read-only below it). */
const quizWriteTarget = (q: QuizRow, orgPath: string) => ({ regionId: q.regionId, orgPath });
/** SQL: someone has started an attempt at the quiz. */
// qualified by hand: drizzle leaves columns of a one-table select unqualified, and inside this subquery a bare
// "id" would be the attempt's own
const startedSql = sql<boolean>`exists (select 1 from quiz_attempts a where a.region_id = quizzes.region_id and a.quiz_id = quizzes.id)`;

export async function findQuiz(ctx: Ctx, p: Principal, id: string) {
  const l = await loadQuiz(ctx.db, id);
  assertCan(p, 'activities.read', l ? quizTarget(l) : null);
  const [{ started }] = await ctx.db.select({ started: startedSql }).from(quizzes).where(and(eq(quizzes.regionId, l!.q.regionId), eq(quizzes.id, id)));
  return toQuiz(l!.q, { started: !!started, editable: can(p, 'activities.write', quizWriteTarget(l!.q, l!.orgPath)) });
}

export async function listQuizzes(ctx: Ctx, p: Principal, regionId?: string) {
  const rows = await ctx.db.select({ q: quizzes, orgPath: orgs.path, started: startedSql }).from(quizzes)
    .innerJoin(orgs, and(eq(orgs.regionId, quizzes.regionId), eq(orgs.id, quizzes.orgId)))
    .where(and(scopeWhere(p, 'activities.read', { regionId: quizzes.regionId, orgId: quizzes.orgId, allianceId: quizzes.allianceId, sharedDown: true }),
      regionId ? eq(quizzes.regionId, regionId) : undefined))
    .orderBy(desc(quizzes.opensAt));
  return rows.map((r) => toQuiz(r.q, { started: !!r.started, editable: can(p, 'activities.write', quizWriteTarget(r.q, r.orgPath)) }));
}

/**
 * The competition, locked, for a change by staff with write on its organising org (404 otherwise, nothing
 * changed), and whether anyone has started. `for update` conflicts with the key-share lock that inserting an
 * attempt takes on its quiz (the foreign key): a start being written finishes first and is seen here, and no
 * start is written until this transaction ends.
 */
async function quizForChange(tx: DbOrTx, p: Principal, id: string) {
  const l = await loadQuiz(tx, id);
  assertCan(p, 'activities.write', l ? quizWriteTarget(l.q, l.orgPath) : null);
  const [q] = await tx.select().from(quizzes).where(and(eq(quizzes.regionId, l!.q.regionId), eq(quizzes.id, id))).for('update');
  if (!q) throw notFound(); // deleted meanwhile
  const [a] = await tx.select({ id: quizAttempts.id }).from(quizAttempts).where(and(eq(quizAttempts.regionId, q.regionId), eq(quizAttempts.quizId, id))).limit(1);
  return { q, orgPath: l!.orgPath, started: !!a };
}

/** What may still change once someone has started. */
const EDITABLE_AFTER_START = new Set(['title', 'description', 'closesAt']);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: string[], b: string[]) => sameList([...new Set(a)].sort(), [...new Set(b)].sort());

/** The fields of `input` whose value differs from the stored competition. */
function changedFields(q: QuizRow, input: z.infer<typeof QuizUpdate>): string[] {
  const out: string[] = [];
  const time = (v: string | undefined, d: Date) => v !== undefined && new Date(v).getTime() !== d.getTime();
  if (input.title !== undefined && input.title !== q.title) out.push('title');
  if (input.description !== undefined && (input.description ?? null) !== q.description) out.push('description');
  if (time(input.opensAt, q.opensAt)) out.push('opensAt');
  if (time(input.closesAt, q.closesAt)) out.push('closesAt');
  if (input.mode !== undefined && input.mode !== q.mode) out.push('mode');
  if (input.questionIds !== undefined && !sameList([...new Set(input.questionIds)], q.questionIds)) out.push('questionIds');
  if (input.tags !== undefined && !sameSet(input.tags, q.tags)) out.push('tags');
  if (input.questionCount !== undefined && input.questionCount !== q.questionCount) out.push('questionCount');
  if (input.timeLimitSeconds !== undefined && input.timeLimitSeconds !== q.timeLimitSeconds) out.push('timeLimitSeconds');
  if (input.attemptsAllowed !== undefined && input.attemptsAllowed !== q.attemptsAllowed) out.push('attemptsAllowed');
  return out;
}

/**
 * Edits a competition. Before anyone has started, everything may change (checked as on create); afterwards only
 * title, description and closesAt — anything else is 409 QUIZ_STARTED naming the fields. A closesAt that changes
 * may not be before now (the server's clock) nor before opensAt. Values equal to the stored ones are no change.
 */
export async function updateQuiz(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof QuizUpdate>) {
  const p = actor.principal!;
  const now = ctx.now();
  const result = await ctx.db.transaction(async (tx) => {
    const { q: before, started } = await quizForChange(tx, p, id);
    const changed = changedFields(before, input);
    if (started) {
      const locked = changed.filter((f) => !EDITABLE_AFTER_START.has(f));
      if (locked.length) throw conflictError('QUIZ_STARTED', {}, locked.map((f) => fieldError(f, 'quiz.locked_after_start')));
    }
    if (!changed.length) return { row: before, started };
    const regionId = before.regionId;
    const opensAt = input.opensAt !== undefined ? new Date(input.opensAt) : before.opensAt;
    const closesAt = input.closesAt !== undefined ? new Date(input.closesAt) : before.closesAt;
    const errs: ErrorDetail[] = [];
    if (closesAt <= opensAt) errs.push(fieldError('closesAt', 'quiz.window_order'));
    else if (changed.includes('closesAt') && closesAt.getTime() < now) errs.push(fieldError('closesAt', 'quiz.closes_in_past'));
    const set: Partial<QuizRow> = {
      title: input.title ?? before.title,
      description: input.description === undefined ? before.description : input.description,
      closesAt,
    };
    if (!started) {
      Object.assign(set, {
        opensAt, timeLimitSeconds: input.timeLimitSeconds ?? before.timeLimitSeconds, attemptsAllowed: input.attemptsAllowed ?? before.attemptsAllowed,
      });
      if (changed.some((f) => f === 'mode' || f === 'questionIds' || f === 'tags' || f === 'questionCount')) {
        const mode = input.mode ?? before.mode;
        const tags = input.tags ?? before.tags;
        const choice = await checkQuestionChoice(tx, regionId, {
          mode, tags,
          // switching mode needs the new mode's own fields
          questionIds: input.questionIds ?? (before.mode === 'fixed' ? before.questionIds : undefined),
          questionCount: input.questionCount ?? (before.mode === 'random' ? before.questionCount : undefined),
        }, errs);
        Object.assign(set, { mode, tags, ...choice });
      }
    }
    if (errs.length) throw invalid(errs);
    const [row] = await tx.update(quizzes).set(set).where(and(eq(quizzes.regionId, regionId), eq(quizzes.id, id))).returning();
    await audit(tx, actor, { regionId, action: 'quiz.update', entityType: 'quiz', entityId: id, before, after: row });
    return { row, started };
  });
  forgetQuiz(result.row.regionId, id);
  return toQuiz(result.row, { started: result.started, editable: true });
}

/**
 * Ends an open competition now (closesAt = the server's now). Attempts already running keep their own deadline.
 * Already closed → 409 QUIZ_CLOSED; not yet open → 409 QUIZ_NOT_OPEN_YET (edit or delete it instead).
 */
export async function closeQuiz(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  const now = ctx.now();
  const result = await ctx.db.transaction(async (tx) => {
    const { q: before, started } = await quizForChange(tx, p, id);
    if (now >= before.closesAt.getTime()) throw conflictError('QUIZ_CLOSED');
    if (now < before.opensAt.getTime()) throw conflictError('QUIZ_NOT_OPEN_YET');
    const [row] = await tx.update(quizzes).set({ closesAt: new Date(now) })
      .where(and(eq(quizzes.regionId, before.regionId), eq(quizzes.id, id))).returning();
    await audit(tx, actor, { regionId: before.regionId, action: 'quiz.close', entityType: 'quiz', entityId: id, before, after: row });
    return { row, started };
  });
  forgetQuiz(result.row.regionId, id);
  return toQuiz(result.row, { started: result.started, editable: true });
}

/** Deletes a competition nobody has started (else 409 QUIZ_STARTED). */
export async function deleteQuiz(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  const regionId = await ctx.db.transaction(async (tx) => {
    const { q: before, started } = await quizForChange(tx, p, id);
    if (started) throw conflictError('QUIZ_STARTED');
    await tx.delete(quizzes).where(and(eq(quizzes.regionId, before.regionId), eq(quizzes.id, id)));
    await audit(tx, actor, { regionId: before.regionId, action: 'quiz.delete', entityType: 'quiz', entityId: id, before });
    return before.regionId;
  });
  forgetQuiz(regionId, id);
  return { ok: true as const };
}

/** SQL: the member row `m` (joined with its org `o`) is eligible for the quiz. */
function eligibleSql(q: QuizRow, orgPath: string): SQL {
  if (q.allianceId) {
    return sql`exists (select 1 from alliance_orgs ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
      where ao.region_id = ${q.regionId} and ao.alliance_id = ${q.allianceId} and o.path like ap.path || '%')`;
  }
  return sql`o.path like ${orgPath + '%'}`;
}

/** The quiz, if the member is eligible for it: one query. */
async function loadQuizFor(db: DbOrTx, id: string, regionId: string, memberId: string) {
  const [row] = await db.select({ q: quizzes, orgPath: orgs.path }).from(quizzes)
    .innerJoin(orgs, and(eq(orgs.regionId, quizzes.regionId), eq(orgs.id, quizzes.orgId)))
    .where(and(eq(quizzes.regionId, regionId), eq(quizzes.id, id), sql`exists (
      select 1 from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
       where m.region_id = ${regionId} and m.id = ${memberId} and (case when ${quizzes.allianceId} is null then o.path like ${orgs.path} || '%'
         else exists (select 1 from alliance_orgs ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
                       where ao.region_id = ${regionId} and ao.alliance_id = ${quizzes.allianceId} and o.path like ap.path || '%') end))`))
    .limit(1);
  return row ?? null;
}

async function isEligible(db: DbOrTx, q: QuizRow, orgPath: string, memberId: string) {
  const r = await db.execute(sql`select 1 as ok from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
    where m.region_id = ${q.regionId} and m.id = ${memberId} and ${eligibleSql(q, orgPath)}`);
  return ((r as unknown as { rows: unknown[] }).rows ?? []).length > 0;
}

function score(qs: QuestionRow[], answers: Record<string, number[]>) {
  let correct = 0;
  for (const q of qs) {
    const a = sortedUniq(answers[q.id] ?? []);
    if (a.length === q.answer.length && a.every((x, i) => x === q.answer[i])) correct++;
  }
  return { correctCount: correct, score: qs.length ? Math.round((100 * correct) / qs.length) : 0 };
}

/**
 * Questions are never edited once written (the bank only grows), so the process keeps them by id: during a
 * competition hundreds of members draw from the same few dozen questions, and each start and submit would
 * otherwise read them again.
 */
const questionCache = new Map<string, QuestionRow>();
const QUESTION_CACHE_MAX = 20_000;
const remember = (rows: QuestionRow[]) => {
  if (questionCache.size + rows.length > QUESTION_CACHE_MAX) questionCache.clear();
  for (const r of rows) questionCache.set(`${r.regionId}:${r.id}`, r);
};

async function questionsOf(db: DbOrTx, regionId: string, ids: string[]) {
  const missing = ids.filter((id) => !questionCache.has(`${regionId}:${id}`));
  if (missing.length) remember(await db.select().from(questions).where(and(eq(questions.regionId, regionId), inArray(questions.id, missing))));
  return ids.map((id) => questionCache.get(`${regionId}:${id}`)).filter((x): x is QuestionRow => !!x);
}

/** The ids a random competition draws from, read at most every few seconds per competition. */
const poolCache = new Map<string, { at: number; ids: string[] }>();
const POOL_TTL_MS = 5_000;

const poolLoading = new Map<string, Promise<string[]>>();

/**
 * The ids a random competition draws from. The whole pool (questions are never edited) is read once per few
 * seconds, by one query however many members start at once, and its questions go into the question cache,
 * so a burst of starts does not query them again.
 */
async function drawPool(db: DbOrTx, q: QuizRow, now: number): Promise<string[]> {
  const key = `${q.regionId}:${q.id}`;
  const hit = poolCache.get(key);
  if (hit && now - hit.at < POOL_TTL_MS) return hit.ids;
  let loading = poolLoading.get(key);
  if (!loading) {
    loading = (async () => {
      const rows = await db.select().from(questions)
        .where(and(eq(questions.regionId, q.regionId), q.tags.length ? sql`${questions.tags} && ${sql`array[${sql.join(q.tags.map((x) => sql`${x}`), sql`, `)}]::text[]`}` : undefined));
      remember(rows);
      const ids = rows.map((r) => r.id);
      if (poolCache.size > 1000) poolCache.clear();
      poolCache.set(key, { at: now, ids });
      return ids;
    })().finally(() => poolLoading.delete(key));
    poolLoading.set(key, loading);
  }
  return loading;
}

function sample<T>(xs: T[], n: number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

function attemptView(a: AttemptRow, qs: QuestionRow[], now: number) {
  const submitted = !!a.submittedAt;
  return {
    id: a.id, quizId: a.quizId, attemptNo: a.attemptNo, startedAt: a.startedAt.toISOString(), deadlineAt: a.deadlineAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null, serverNow: new Date(now).toISOString(),
    questions: qs.map((q) => ({ id: q.id, kind: q.kind as 'single', stem: q.stem, options: q.options })),
    answers: a.answers, score: a.score, correctCount: a.correctCount,
    ...(submitted ? {
      review: qs.map((q) => {
        const given = sortedUniq(a.answers[q.id] ?? []);
        return { questionId: q.id, answer: q.answer, correct: given.length === q.answer.length && given.every((x, i) => x === q.answer[i]), explanation: q.explanation };
      }),
    } : {}),
  };
}

/** Closes an attempt whose time ran out (plus grace) without a submit: scored as at the limit. */
async function closeIfExpired(tx: DbOrTx, a: AttemptRow, now: number): Promise<AttemptRow> {
  if (a.submittedAt || now <= a.deadlineAt.getTime() + GRACE_MS) return a;
  const qs = await questionsOf(tx, a.regionId, a.questionIds);
  const s = score(qs, a.answers);
  const [row] = await tx.update(quizAttempts).set({ submittedAt: a.deadlineAt, ...s })
    .where(and(eq(quizAttempts.regionId, a.regionId), eq(quizAttempts.id, a.id), sql`${quizAttempts.submittedAt} is null`)).returning();
  return row ?? a;
}

/**
 * Competition definitions rarely change (an edit, close or delete in this process drops the entry, see forgetQuiz),
 * so a start reads them from memory (a few seconds old at most).
 */
const quizCache = new Map<string, { at: number; q: QuizRow; orgPath: string }>();
const QUIZ_TTL_MS = 5_000;

const quizLoading = new Map<string, Promise<{ at: number; q: QuizRow; orgPath: string } | null>>();

/**
 * Drops a competition from this process's caches after it was edited, closed or deleted here (call after the
 * commit). Other processes see the change when their entry expires (a few seconds).
 */
export function forgetQuiz(regionId: string, id: string) {
  const key = `${regionId}:${id}`;
  quizCache.delete(key);
  poolCache.delete(key);
}

/** The competition, read at most every few seconds, by one query however many members start at once. */
async function cachedQuiz(db: DbOrTx, id: string, regionId: string, now: number) {
  const key = `${regionId}:${id}`;
  const hit = quizCache.get(key);
  if (hit && now - hit.at < QUIZ_TTL_MS) return hit;
  let loading = quizLoading.get(key);
  if (!loading) {
    loading = (async () => {
      const l = await loadQuiz(db, id, regionId);
      if (!l) return null;
      if (quizCache.size > 1000) quizCache.clear();
      const entry = { at: now, q: l.q, orgPath: l.orgPath };
      quizCache.set(key, entry);
      return entry;
    })().finally(() => quizLoading.delete(key));
    quizLoading.set(key, loading);
  }
  return loading;
}

/**
 * Attempts this process started or read, by id, until their deadline plus grace: a submit then needs no read
 * before its write. The write itself checks that the row is still what the cache holds (unsubmitted, same
 * answers), so an entry made stale by another process or a saved answer only costs the fallback path.
 */
const attemptCache = new Map<string, AttemptRow>();
const ATTEMPT_CACHE_MAX = 50_000;
function rememberAttempt(a: AttemptRow, now: number) {
  if (a.submittedAt || now > a.deadlineAt.getTime() + GRACE_MS) { attemptCache.delete(a.id); return; }
  if (attemptCache.size >= ATTEMPT_CACHE_MAX) {
    for (const [id, x] of attemptCache) if (x.submittedAt || now > x.deadlineAt.getTime() + GRACE_MS) attemptCache.delete(id);
    // still full: drop the oldest half (Map keeps insertion order)
    if (attemptCache.size >= ATTEMPT_CACHE_MAX) [...attemptCache.keys()].slice(0, ATTEMPT_CACHE_MAX / 2).forEach((id) => attemptCache.delete(id));
  }
  attemptCache.set(a.id, a);
}

const pgUuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/** The audit row of a write done in raw SQL, as the statements below take it: built by auditRow, like every audit row. */
type AuditFields = { audit_id: string; actor_id: string | null; actor_name: string | null; action: string; entity_type: string; after: unknown; request_id: string | null; ip: string | null };
function auditFields(actor: Actor, e: AuditInput): AuditFields {
  const r = auditRow(actor, e);
  return { audit_id: r.id, actor_id: r.actorId, actor_name: r.actorName, action: r.action, entity_type: r.entityType, after: r.after, request_id: r.requestId, ip: r.ip };
}

/**
 * The starts of one competition that arrive together, as one statement: per member the checks (no attempt in
 * progress, attempts left, eligible), the attempt and its audit row. $1 region, $2 quiz, $3 attempts allowed,
 * $4 the organising org's path prefix or the alliance id, $5 the starts as a JSON array.
 */
const startsSql = (byAlliance: boolean) => `with v as (
    select * from jsonb_to_recordset($5::jsonb) as v(i int, member_id uuid, id uuid, qids text, started_at timestamptz, deadline_at timestamptz,
      audit_id uuid, actor_id uuid, actor_name text, action text, entity_type text, after jsonb, request_id text, ip text)
  ), prev as (
    select v.i, count(a.id)::int as n, count(a.id) filter (where a.submitted_at is null)::int as open
      from v left join quiz_attempts a on a.region_id = $1 and a.quiz_id = $2 and a.member_id = v.member_id
     group by v.i
  ), ok as (
    select v.*, prev.n from v join prev on prev.i = v.i
     where prev.open = 0 and prev.n < $3
       -- the competition as stored now (closed early or deleted in another process: no start)
       and exists (select 1 from quizzes qz where qz.region_id = $1 and qz.id = $2 and qz.opens_at <= v.started_at and qz.closes_at > v.started_at)
       and exists (
      select 1 from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
       where m.region_id = $1 and m.id = v.member_id and ${byAlliance
    ? `exists (select 1 from alliance_orgs ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
               where ao.region_id = $1 and ao.alliance_id = $4::uuid and o.path like ap.path || '%')`
    : `o.path like $4::text || '%'`})
  ), a as (
    insert into quiz_attempts (region_id, id, quiz_id, member_id, attempt_no, question_ids, answers, started_at, deadline_at)
    select $1, ok.id, $2, ok.member_id, ok.n + 1, ok.qids::uuid[], '{}'::jsonb, ok.started_at, ok.deadline_at from ok order by ok.i
    on conflict do nothing returning id, attempt_no
  ), l as (
    insert into audit_log (region_id, id, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id, ip)
    select $1, ok.audit_id, ok.actor_id, ok.actor_name, ok.action, ok.entity_type, ok.id::text, null,
           ok.after || jsonb_build_object('attemptNo', a.attempt_no), ok.request_id, ok.ip
      from a join ok on ok.id = a.id
    returning 1
  ) select id, attempt_no from a`;
const STARTS = { org: startsSql(false), alliance: startsSql(true) };

interface StartItem { ctx: Ctx; q: QuizRow; orgPath: string; row: { member_id: string; id: string; qids: string; started_at: string; deadline_at: string } & AuditFields }

/** Starts are grouped per competition (see platform/batch.ts); each gets its attempt number, or null. */
const startBatch = keyedBatcher<StartItem, number | null>(() => async (items) => {
  const { ctx, q, orgPath } = items[0];
  const byAlliance = !!q.allianceId;
  const rows = await ctx.database.prepared<{ id: string; attempt_no: number }>(byAlliance ? 'quiz_starts_alliance' : 'quiz_starts_org',
    byAlliance ? STARTS.alliance : STARTS.org,
    [q.regionId, q.id, q.attemptsAllowed, byAlliance ? q.allianceId : orgPath, JSON.stringify(items.map((x, i) => ({ i, ...x.row })))]);
  const got = new Map(rows.map((r) => [r.id, Number(r.attempt_no)]));
  return items.map((x) => got.get(x.row.id) ?? null);
});

/**
 * The common start (no attempt in progress, attempts left, eligible), written together with the other starts
 * of the same moment: the checks, the attempt and its audit row. Null when a check failed or a concurrent start
 * won; the caller then takes the path that works out why.
 */
async function quickStart(ctx: Ctx, actor: Actor, q: QuizRow, orgPath: string, memberId: string, now: number): Promise<AttemptRow | null> {
  const ids = q.mode === 'fixed' ? q.questionIds : sample(await drawPool(ctx.db, q, now), q.questionCount);
  const id = uuidv7();
  const startedAt = new Date(now);
  const deadlineAt = new Date(Math.min(now + q.timeLimitSeconds * 1000, q.closesAt.getTime()));
  let attemptNo: number | null;
  try {
    attemptNo = await startBatch(`${q.regionId}:${q.id}`, {
      ctx, q, orgPath,
      row: {
        member_id: memberId, id, qids: pgUuidArray(ids), started_at: startedAt.toISOString(), deadline_at: deadlineAt.toISOString(),
        // the attempt number is added in SQL, where it is decided
        ...auditFields(actor, { regionId: q.regionId, action: 'quiz.start', entityType: 'quiz_attempt', entityId: id, after: { quizId: q.id, memberId } }),
      },
    });
  } catch (e) {
    // the competition was deleted while this start was being written: the slow path answers 404
    if ((e as { code?: string }).code === '23503') return null;
    throw e;
  }
  if (attemptNo === null) return null;
  const row: AttemptRow = {
    regionId: q.regionId, id, quizId: q.id, memberId, attemptNo, questionIds: ids, answers: {},
    startedAt, deadlineAt, submittedAt: null, correctCount: null, score: null,
  };
  rememberAttempt(row, now);
  return row;
}

/**
 * Starts (or resumes) an attempt. (quiz, member, attempt number) is unique, so two starts at once store
 * one row; the server sets the deadline from its own clock.
 */
export async function startAttempt(ctx: Ctx, actor: Actor, quizId: string) {
  const me = selfOf(actor.principal!);
  const now = ctx.now();
  const cached = await cachedQuiz(ctx.db, quizId, me.regionId, now);
  if (cached && now >= cached.q.opensAt.getTime() && now < cached.q.closesAt.getTime()) {
    const row = await quickStart(ctx, actor, cached.q, cached.orgPath, me.memberId, now);
    if (row) return { created: true, view: attemptView(row, await questionsOf(ctx.db, row.regionId, row.questionIds), now) };
  }
  const l = await loadQuizFor(ctx.db, quizId, me.regionId, me.memberId);
  if (!l) throw notFound();
  const q = l.q;
  return ctx.db.transaction(async (tx) => {
    const existing = await tx.select().from(quizAttempts)
      .where(and(eq(quizAttempts.regionId, q.regionId), eq(quizAttempts.quizId, q.id), eq(quizAttempts.memberId, me.memberId)))
      .orderBy(asc(quizAttempts.attemptNo));
    for (let i = 0; i < existing.length; i++) existing[i] = await closeIfExpired(tx, existing[i], now);
    const open = existing.find((a) => !a.submittedAt);
    if (open) return { created: false, view: attemptView(open, await questionsOf(tx, q.regionId, open.questionIds), now) };
    if (now < q.opensAt.getTime() || now >= q.closesAt.getTime()) throw new AppError(422, 'QUIZ_NOT_OPEN');
    if (existing.length >= q.attemptsAllowed) throw conflictError('NO_ATTEMPTS_LEFT');
    let ids: string[];
    if (q.mode === 'fixed') ids = q.questionIds;
    else ids = sample(await drawPool(tx, q, now), q.questionCount);
    const startedAt = new Date(now);
    const deadlineAt = new Date(Math.min(now + q.timeLimitSeconds * 1000, q.closesAt.getTime()));
    const attemptNo = existing.length + 1;
    const [row] = await tx.insert(quizAttempts).values({
      regionId: q.regionId, id: uuidv7(), quizId: q.id, memberId: me.memberId, attemptNo, questionIds: ids, answers: {}, startedAt, deadlineAt,
    }).onConflictDoNothing().returning();
    if (!row) {
      // a concurrent start of the same attempt won: resume that one
      const [other] = await tx.select().from(quizAttempts).where(and(eq(quizAttempts.regionId, q.regionId), eq(quizAttempts.quizId, q.id),
        eq(quizAttempts.memberId, me.memberId), eq(quizAttempts.attemptNo, attemptNo)));
      return { created: false, view: attemptView(other, await questionsOf(tx, q.regionId, other.questionIds), now) };
    }
    await audit(tx, actor, { regionId: q.regionId, action: 'quiz.start', entityType: 'quiz_attempt', entityId: row.id, after: { quizId: q.id, memberId: me.memberId, attemptNo } });
    return { created: true, view: attemptView(row, await questionsOf(tx, q.regionId, ids), now) };
  });
}

async function myAttempt(db: DbOrTx, p: Principal, attemptId: string, lock = false) {
  const me = selfOf(p);
  const base = db.select().from(quizAttempts).where(and(eq(quizAttempts.regionId, me.regionId), eq(quizAttempts.id, attemptId))).limit(1);
  const [a] = lock ? await base.for('update') : await base;
  // someone else's attempt is not there for this member
  if (!a || a.memberId !== me.memberId) throw notFound();
  return a;
}

export async function getAttempt(ctx: Ctx, p: Principal, attemptId: string) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const a = await closeIfExpired(tx, await myAttempt(tx, p, attemptId), now);
    return attemptView(a, await questionsOf(tx, a.regionId, a.questionIds), now);
  });
}

function checkChoice(q: QuestionRow | undefined, choice: number[], field: string): ErrorDetail[] {
  if (!q) return [fieldError(field, 'quiz.not_in_attempt')];
  if (choice.some((c) => c >= q.options.length)) return [fieldError(field, 'quiz.choice_out_of_range')];
  if (q.kind !== 'multiple' && new Set(choice).size > 1) return [fieldError(field, 'quiz.single_one_answer')];
  return [];
}

/** Saves one answer while the attempt is open (the deadline plus grace, by the server's clock). */
export async function saveAnswer(ctx: Ctx, actor: Actor, attemptId: string, questionId: string, choice: number[]) {
  const now = ctx.now();
  const a = await myAttempt(ctx.db, actor.principal!, attemptId);
  if (a.submittedAt || now > a.deadlineAt.getTime() + GRACE_MS) throw conflictError('ATTEMPT_CLOSED');
  const [q] = a.questionIds.includes(questionId) ? await questionsOf(ctx.db, a.regionId, [questionId]) : [];
  const errs = checkChoice(q, choice, 'choice');
  if (errs.length) throw invalid(errs);
  const rows = await ctx.db.update(quizAttempts)
    .set({ answers: sql`${quizAttempts.answers} || ${JSON.stringify({ [questionId]: sortedUniq(choice) })}::jsonb` })
    .where(and(eq(quizAttempts.regionId, a.regionId), eq(quizAttempts.id, a.id), sql`${quizAttempts.submittedAt} is null`,
      // the grace is added here, not in SQL: Citus refuses timestamptz arithmetic (a STABLE function) on a column in an UPDATE
      sql`${quizAttempts.deadlineAt} >= ${new Date(now - GRACE_MS).toISOString()}::timestamptz`))
    .returning({ id: quizAttempts.id });
  if (!rows.length) throw conflictError('ATTEMPT_CLOSED'); // closed between the read and the write
  attemptCache.delete(a.id); // its answers changed: a submit reads the row again
  return { ok: true as const };
}

/**
 * Submits: within the limit plus grace the submitted answers count; later, only what was saved before
 * the limit counts and the attempt is recorded as submitted at the limit. A second submit is refused.
 */
function scoredSubmission(a: AttemptRow, qs: QuestionRow[], answers: Record<string, number[]> | undefined, now: number) {
  const late = now > a.deadlineAt.getTime() + GRACE_MS;
  let merged = a.answers;
  if (!late && answers) {
    const byId = new Map(qs.map((q) => [q.id, q]));
    const errs = Object.entries(answers).flatMap(([qid, choice]) => checkChoice(byId.get(qid), choice, `answers.${qid}`));
    if (errs.length) throw invalid(errs);
    merged = { ...a.answers, ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, sortedUniq(v)])) };
  }
  const submittedAt = new Date(Math.min(now, a.deadlineAt.getTime()));
  return { merged, submittedAt, late, ...score(qs, merged) };
}

/**
 * Scored submissions that arrive together, as one statement: each is stored — only if its row is still as read
 * (unsubmitted, same answers) — with its audit row. $1 region, $2 the submissions as a JSON array.
 */
const SUBMITS_SQL = `with v as (
    select * from jsonb_to_recordset($2::jsonb) as v(id uuid, member_id uuid, answers jsonb, prev_answers jsonb, submitted_at timestamptz,
      correct_count int, score int, audit_id uuid, actor_id uuid, actor_name text, action text, entity_type text, after jsonb, request_id text, ip text)
  ), u as (
    update quiz_attempts a set answers = v.answers, submitted_at = v.submitted_at, correct_count = v.correct_count, score = v.score
      from v where a.region_id = $1 and a.id = v.id and a.member_id = v.member_id and a.submitted_at is null and a.answers = v.prev_answers
    returning a.id
  ), l as (
    insert into audit_log (region_id, id, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id, ip)
    select $1, v.audit_id, v.actor_id, v.actor_name, v.action, v.entity_type, v.id::text, null, v.after, v.request_id, v.ip
      from u join v on v.id = u.id
    returning 1
  ) select id from u`;

interface SubmitItem { ctx: Ctx; regionId: string; row: Record<string, unknown> & { id: string } }

/** Submissions are grouped per region; each learns whether it was stored. */
const submitBatch = keyedBatcher<SubmitItem, boolean>(() => async (items) => {
  const { ctx, regionId } = items[0];
  const rows = await ctx.database.prepared<{ id: string }>('quiz_submits', SUBMITS_SQL, [regionId, JSON.stringify(items.map((x) => x.row))]);
  const stored = new Set(rows.map((r) => r.id));
  return items.map((x) => stored.has(x.row.id));
});

/** The member's attempt as a row (a prepared read; the same shape as drizzle's). */
const ATTEMPT_SQL = `select region_id, id, quiz_id, member_id, attempt_no, question_ids, answers, started_at, deadline_at, submitted_at, correct_count, score
  from quiz_attempts where region_id = $1 and id = $2 limit 1`;
interface RawAttempt {
  region_id: string; id: string; quiz_id: string; member_id: string; attempt_no: number; question_ids: string[] | string; answers: Record<string, number[]> | string;
  started_at: Date | string; deadline_at: Date | string; submitted_at: Date | string | null; correct_count: number | null; score: number | null;
}
const dateOf = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const fromRaw = (r: RawAttempt): AttemptRow => ({
  regionId: r.region_id, id: r.id, quizId: r.quiz_id, memberId: r.member_id, attemptNo: Number(r.attempt_no),
  questionIds: Array.isArray(r.question_ids) ? r.question_ids : String(r.question_ids).replace(/^\{|\}$/g, '').split(',').filter(Boolean),
  answers: typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers,
  startedAt: dateOf(r.started_at), deadlineAt: dateOf(r.deadline_at), submittedAt: r.submitted_at === null ? null : dateOf(r.submitted_at),
  correctCount: r.correct_count === null ? null : Number(r.correct_count), score: r.score === null ? null : Number(r.score),
});

export async function submitAttempt(ctx: Ctx, actor: Actor, attemptId: string, answers: Record<string, number[]> | undefined) {
  const now = ctx.now();
  const me = selfOf(actor.principal!);
  {
    // optimistic: the attempt as this process last saw it (or one read), scored, then one statement that stores
    // the result — only if nothing changed since and it is still open — with its audit row; anything else takes
    // the locking path below
    let a = attemptCache.get(attemptId);
    if (!a || a.regionId !== me.regionId) {
      const [raw] = await ctx.database.prepared<RawAttempt>('quiz_attempt_by_id', ATTEMPT_SQL, [me.regionId, attemptId]);
      a = raw ? fromRaw(raw) : undefined;
    }
    // someone else's attempt is not there for this member
    if (!a || a.memberId !== me.memberId) throw notFound();
    if (a.submittedAt) throw conflictError('ATTEMPT_CLOSED');
    const qs = await questionsOf(ctx.db, a.regionId, a.questionIds);
    const s = scoredSubmission(a, qs, answers, now);
    const stored = await submitBatch(a.regionId, {
      ctx, regionId: a.regionId,
      row: {
        id: a.id, member_id: a.memberId, answers: s.merged, prev_answers: a.answers, submitted_at: s.submittedAt.toISOString(),
        correct_count: s.correctCount, score: s.score,
        ...auditFields(actor, { regionId: a.regionId, action: 'quiz.submit', entityType: 'quiz_attempt', entityId: a.id, after: { correctCount: s.correctCount, score: s.score, submittedAt: s.submittedAt, late: s.late } }),
      },
    });
    attemptCache.delete(attemptId);
    if (stored) {
      return attemptView({ ...a, answers: s.merged, submittedAt: s.submittedAt, correctCount: s.correctCount, score: s.score }, qs, now);
    }
  }
  return ctx.db.transaction(async (tx) => {
    const a = await myAttempt(tx, actor.principal!, attemptId, true);
    if (a.submittedAt) throw conflictError('ATTEMPT_CLOSED');
    const qs = await questionsOf(tx, a.regionId, a.questionIds);
    const { merged, submittedAt, late, correctCount, score: sc } = scoredSubmission(a, qs, answers, now);
    const [row] = await tx.update(quizAttempts).set({ answers: merged, submittedAt, correctCount, score: sc })
      .where(and(eq(quizAttempts.regionId, a.regionId), eq(quizAttempts.id, a.id))).returning();
    await audit(tx, actor, { regionId: a.regionId, action: 'quiz.submit', entityType: 'quiz_attempt', entityId: a.id, after: { correctCount, score: sc, submittedAt, late } });
    return attemptView(row, qs, now);
  });
}

// ── results ──────────────────────────────────────────────────────────────────

/** Staff with read access to the quiz, or an eligible member, may see the leaderboard. */
async function quizForResults(ctx: Ctx, p: Principal, quizId: string, staffOnly = false) {
  const l = await loadQuiz(ctx.db, quizId);
  if (!l) throw notFound();
  if (can(p, 'activities.read', quizTarget(l))) return l;
  if (!staffOnly && p.memberId && p.memberRegionId === l.q.regionId && (await isEligible(ctx.db, l.q, l.orgPath, p.memberId))) return l;
  throw notFound();
}

interface BestRow { member_id: string; name: string; org_id: string; org_name: string; best: number | null; duration: number | null; attempts: number; last_at: string | null }

async function bestRows(ctx: Ctx, q: QuizRow, orgPath: string): Promise<BestRow[]> {
  const r = await ctx.db.execute(sql`
    with best as (
      select distinct on (a.member_id) a.member_id, a.score, extract(epoch from (a.submitted_at - a.started_at))::float8 as duration
        from quiz_attempts a where a.region_id = ${q.regionId} and a.quiz_id = ${q.id} and a.submitted_at is not null
       order by a.member_id, a.score desc, (a.submitted_at - a.started_at) asc
    ), counts as (
      select member_id, count(*)::int as attempts, max(submitted_at) as last_at from quiz_attempts
       where region_id = ${q.regionId} and quiz_id = ${q.id} group by member_id
    )
    select m.id as member_id, m.name, m.org_id, o.name as org_name, b.score as best, b.duration, coalesce(c.attempts, 0) as attempts, c.last_at
      from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
      left join best b on b.member_id = m.id left join counts c on c.member_id = m.id
     where m.region_id = ${q.regionId} and m.status = 'normal' and ${eligibleSql(q, orgPath)}`);
  return (r as unknown as { rows: BestRow[] }).rows.map((x) => ({ ...x, best: x.best === null ? null : Number(x.best), duration: x.duration === null ? null : Number(x.duration) }));
}

export async function leaderboard(ctx: Ctx, p: Principal, quizId: string, by: 'member' | 'org' | 'alliance', limit: number) {
  const l = await quizForResults(ctx, p, quizId);
  const rows = await bestRows(ctx, l.q, l.orgPath);
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10 : null);
  const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);
  if (by === 'member') {
    const ranked = rows.filter((r) => r.best !== null)
      .sort((a, b) => b.best! - a.best! || (a.duration ?? 0) - (b.duration ?? 0) || a.member_id.localeCompare(b.member_id));
    return {
      by, items: ranked.slice(0, limit).map((r, i) => ({ rank: i + 1, id: r.member_id, name: r.name, orgName: r.org_name, bestScore: r.best, durationSeconds: r.duration === null ? null : Math.round(r.duration) })),
    };
  }
  type Group = { id: string; name: string; scores: number[]; eligible: number };
  const groups = new Map<string, Group>();
  const add = (id: string, name: string, r: BestRow) => {
    const g = groups.get(id) ?? { id, name, scores: [], eligible: 0 };
    groups.set(id, g);
    g.eligible++;
    if (r.best !== null) g.scores.push(r.best);
  };
  if (by === 'org') for (const r of rows) add(r.org_id, r.org_name, r);
  else {
    // every alliance of the region whose orgs' subtrees hold eligible members
    const links = await ctx.db.select({ allianceId: alliances.id, name: alliances.name, path: orgs.path }).from(allianceOrgs)
      .innerJoin(alliances, and(eq(alliances.regionId, allianceOrgs.regionId), eq(alliances.id, allianceOrgs.allianceId)))
      .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
      .where(eq(allianceOrgs.regionId, l.q.regionId));
    const paths = new Map((await ctx.db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(eq(orgs.regionId, l.q.regionId))).map((o) => [o.id, o.path]));
    for (const r of rows) {
      const path = paths.get(r.org_id) ?? '';
      const seen = new Set<string>();
      for (const k of links) if (!seen.has(k.allianceId) && path.startsWith(k.path)) { seen.add(k.allianceId); add(k.allianceId, k.name, r); }
    }
  }
  const ranked = [...groups.values()].map((g) => ({ ...g, average: avg(g.scores), participation: rate(g.scores.length, g.eligible) }))
    .sort((a, b) => (b.average ?? -1) - (a.average ?? -1) || (b.participation ?? 0) - (a.participation ?? 0) || a.name.localeCompare(b.name));
  return {
    by, items: ranked.slice(0, limit).map((g, i) => ({
      rank: i + 1, id: g.id, name: g.name, averageBestScore: g.average, participants: g.scores.length, eligible: g.eligible, participationRate: g.participation,
    })),
  };
}

/** Every eligible member with their best result, for the xlsx export (staff only). */
export async function resultRows(ctx: Ctx, p: Principal, quizId: string) {
  const l = await quizForResults(ctx, p, quizId, true);
  const rows = await bestRows(ctx, l.q, l.orgPath);
  rows.sort((a, b) => (b.best ?? -1) - (a.best ?? -1) || (a.duration ?? 0) - (b.duration ?? 0) || a.name.localeCompare(b.name));
  return { quiz: toQuiz(l.q), rows };
}

/** The member's own competitions: open or past ones they are eligible for, with their results. */
export async function myQuizzes(ctx: Ctx, p: Principal) {
  const me = selfOf(p);
  const m = await memberById(ctx.db, me.regionId, me.memberId);
  if (!m) return [];
  const r = await ctx.db.execute(sql`
    select q.id, q.title, q.opens_at, q.closes_at, q.attempts_allowed,
           (select count(*)::int from quiz_attempts a where a.region_id = q.region_id and a.quiz_id = q.id and a.member_id = ${me.memberId}) as used,
           (select max(score) from quiz_attempts a where a.region_id = q.region_id and a.quiz_id = q.id and a.member_id = ${me.memberId}) as best,
           (select a.id from quiz_attempts a where a.region_id = q.region_id and a.quiz_id = q.id and a.member_id = ${me.memberId} and a.submitted_at is null
              and a.deadline_at + interval '${sql.raw(String(GRACE_MS))} milliseconds' >= ${new Date(ctx.now()).toISOString()}::timestamptz limit 1) as open_attempt
      from quizzes q join orgs qo on qo.region_id = q.region_id and qo.id = q.org_id
     where q.region_id = ${me.regionId} and q.opens_at <= ${new Date(ctx.now()).toISOString()}::timestamptz
       and (case when q.alliance_id is null then ${m.path} like qo.path || '%'
            else exists (select 1 from alliance_orgs ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
                          where ao.region_id = q.region_id and ao.alliance_id = q.alliance_id and ${m.path} like ap.path || '%') end)
     order by q.closes_at desc limit 50`);
  type Row = { id: string; title: string; opens_at: Date | string; closes_at: Date | string; attempts_allowed: number; used: number; best: number | null; open_attempt: string | null };
  const isoOf = (v: Date | string) => new Date(v).toISOString();
  return (r as unknown as { rows: Row[] }).rows.map((x) => ({
    quizId: x.id, title: x.title, opensAt: isoOf(x.opens_at), closesAt: isoOf(x.closes_at), attemptsUsed: Number(x.used),
    attemptsAllowed: Number(x.attempts_allowed), bestScore: x.best === null ? null : Number(x.best), openAttemptId: x.open_attempt,
  }));
}
