// Competitions: create, read, list, edit, close, delete.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { QuizCreate, QuizUpdate } from '../../../shared/activities.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { assertCan, can, scopeWhere, type Principal } from '../../platform/scope.ts';
import { alliances, orgs } from '../directory/schema.ts';
import { conflictError, orgById, type Ctx } from './common.ts';
import { countMatching } from './quiz-bank.ts';
import { forgetQuiz } from './quiz-attempts.ts';
import { loadQuiz, quizTarget, quizWriteTarget, toQuiz, type QuizRow } from './quiz-common.ts';
import { questions, quizAttempts, quizzes } from './schema.ts';

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
  await forgetQuiz(result.row.regionId, id);
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
  await forgetQuiz(result.row.regionId, id);
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
  await forgetQuiz(regionId, id);
  return { ok: true as const };
}
