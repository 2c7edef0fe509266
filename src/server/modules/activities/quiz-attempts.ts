// Attempts: start (batched), read, save an answer, submit (batched), with the caches of the hot path
// (questions, random pools, competitions, attempts).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { audit, auditRow, type Actor, type AuditInput } from '../../platform/audit.ts';
import { AppError, fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { keyedBatcher } from '../../platform/batch.ts';
import { broadcast, subscribe } from '../../platform/bus.ts';
import { pathUnder, pathUnderText, type Principal } from '../../platform/scope.ts';
import { orgs } from '../directory/schema.ts';
import { conflictError, selfOf, type Ctx } from './common.ts';
import { GRACE_MS, loadQuiz, sortedUniq, type AttemptRow, type QuestionRow, type QuizRow } from './quiz-common.ts';
import { questions, quizAttempts, quizzes } from './schema.ts';

/** The quiz, if the member is eligible for it: one query. */
async function loadQuizFor(db: DbOrTx, id: string, regionId: string, memberId: string) {
  const [row] = await db.select({ q: quizzes, orgPath: orgs.path }).from(quizzes)
    .innerJoin(orgs, and(eq(orgs.regionId, quizzes.regionId), eq(orgs.id, quizzes.orgId)))
    .where(and(eq(quizzes.regionId, regionId), eq(quizzes.id, id), sql`exists (
      select 1 from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
       where m.region_id = ${regionId} and m.id = ${memberId} and (case when ${quizzes.allianceId} is null then ${pathUnder(sql`o.path`, orgs.path)}
         else exists (select 1 from alliance_orgs ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
                       where ao.region_id = ${regionId} and ao.alliance_id = ${quizzes.allianceId} and ${pathUnder(sql`o.path`, sql`ap.path`)}) end))`))
    .limit(1);
  return row ?? null;
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

/**
 * The order each question's options are shown in for one attempt (see `quizAttempts.optionOrders`): shuffled
 * for single and multiple choice, so that no option position is the right one more often than another;
 * true/false keep 正确/错误.
 */
function shuffledOrders(qs: QuestionRow[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const q of qs) if (q.kind !== 'truefalse') out[q.id] = sample(q.options.map((_, i) => i), q.options.length);
  return out;
}
const orderOf = (a: AttemptRow, q: QuestionRow) => a.optionOrders[q.id] ?? q.options.map((_, i) => i);
/** Indexes as the attempt shows them → the bank's (what is stored and scored). */
const toBank = (order: number[], shown: number[]) => sortedUniq(shown.map((i) => order[i]));
/** The bank's indexes → as the attempt shows them. */
const toShown = (order: number[], bank: number[]) => sortedUniq(bank.map((i) => order.indexOf(i)));

/** The attempt as the member sees it: options in the attempt's order, answers (and after submitting the review) in that order. */
function attemptView(a: AttemptRow, qs: QuestionRow[], now: number) {
  const submitted = !!a.submittedAt;
  const byId = new Map(qs.map((q) => [q.id, q]));
  return {
    id: a.id, quizId: a.quizId, attemptNo: a.attemptNo, startedAt: a.startedAt.toISOString(), deadlineAt: a.deadlineAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null, serverNow: new Date(now).toISOString(),
    questions: qs.map((q) => ({ id: q.id, kind: q.kind as 'single', stem: q.stem, options: orderOf(a, q).map((i) => q.options[i]) })),
    answers: Object.fromEntries(Object.entries(a.answers).map(([qid, bank]) => {
      const q = byId.get(qid);
      return [qid, q ? toShown(orderOf(a, q), bank) : bank];
    })),
    score: a.score, correctCount: a.correctCount,
    ...(submitted ? {
      review: qs.map((q) => {
        const given = sortedUniq(a.answers[q.id] ?? []);
        return {
          questionId: q.id, answer: toShown(orderOf(a, q), q.answer),
          correct: given.length === q.answer.length && given.every((x, i) => x === q.answer[i]), explanation: q.explanation,
        };
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

function dropQuiz(regionId: string, id: string) {
  const key = `${regionId}:${id}`;
  quizCache.delete(key);
  poolCache.delete(key);
}
subscribe('quiz.changed', (d) => dropQuiz(String(d.regionId), String(d.id)));
// messages from the other processes may have been missed: start again from the database
subscribe('reset', () => { quizCache.clear(); poolCache.clear(); attemptCache.clear(); });

/**
 * Drops a competition from the caches after it was edited, closed or deleted (call after the commit): this
 * process's at once, the other processes' (platform/bus.ts) before the promise settles. Even an entry a few
 * seconds stale stays harmless: a start checks the competition as stored (open, not deleted) in its statement.
 */
export async function forgetQuiz(regionId: string, id: string): Promise<void> {
  dropQuiz(regionId, id);
  await broadcast('quiz.changed', { regionId, id });
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
    select * from jsonb_to_recordset($5::jsonb) as v(i int, member_id uuid, id uuid, qids text, orders jsonb, started_at timestamptz, deadline_at timestamptz,
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
               where ao.region_id = $1 and ao.alliance_id = $4::uuid and ${pathUnderText('o.path', 'ap.path')})`
    : pathUnderText('o.path', '$4::text')})
  ), a as (
    insert into quiz_attempts (region_id, id, quiz_id, member_id, attempt_no, question_ids, answers, option_orders, started_at, deadline_at)
    select $1, ok.id, $2, ok.member_id, ok.n + 1, ok.qids::uuid[], '{}'::jsonb, ok.orders, ok.started_at, ok.deadline_at from ok order by ok.i
    on conflict do nothing returning id, attempt_no
  ), l as (
    insert into audit_log (region_id, id, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id, ip)
    select $1, ok.audit_id, ok.actor_id, ok.actor_name, ok.action, ok.entity_type, ok.id::text, null,
           ok.after || jsonb_build_object('attemptNo', a.attempt_no), ok.request_id, ok.ip
      from a join ok on ok.id = a.id
    returning 1
  ) select id, attempt_no from a`;
const STARTS = { org: startsSql(false), alliance: startsSql(true) };

interface StartItem { ctx: Ctx; q: QuizRow; orgPath: string; row: { member_id: string; id: string; qids: string; orders: Record<string, number[]>; started_at: string; deadline_at: string } & AuditFields }

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
async function quickStart(ctx: Ctx, actor: Actor, q: QuizRow, orgPath: string, memberId: string, now: number): Promise<{ row: AttemptRow; qs: QuestionRow[] } | null> {
  const ids = q.mode === 'fixed' ? q.questionIds : sample(await drawPool(ctx.db, q, now), q.questionCount);
  const qs = await questionsOf(ctx.db, q.regionId, ids);
  const optionOrders = shuffledOrders(qs);
  const id = uuidv7();
  const startedAt = new Date(now);
  const deadlineAt = new Date(Math.min(now + q.timeLimitSeconds * 1000, q.closesAt.getTime()));
  let attemptNo: number | null;
  try {
    attemptNo = await startBatch(`${q.regionId}:${q.id}`, {
      ctx, q, orgPath,
      row: {
        member_id: memberId, id, qids: pgUuidArray(ids), orders: optionOrders, started_at: startedAt.toISOString(), deadline_at: deadlineAt.toISOString(),
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
    regionId: q.regionId, id, quizId: q.id, memberId, attemptNo, questionIds: ids, answers: {}, optionOrders,
    startedAt, deadlineAt, submittedAt: null, correctCount: null, score: null,
  };
  rememberAttempt(row, now);
  return { row, qs };
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
    const started = await quickStart(ctx, actor, cached.q, cached.orgPath, me.memberId, now);
    if (started) return { created: true, view: attemptView(started.row, started.qs, now) };
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
    const qs = await questionsOf(tx, q.regionId, ids);
    const [row] = await tx.insert(quizAttempts).values({
      regionId: q.regionId, id: uuidv7(), quizId: q.id, memberId: me.memberId, attemptNo, questionIds: ids, answers: {}, optionOrders: shuffledOrders(qs),
      startedAt, deadlineAt,
    }).onConflictDoNothing().returning();
    if (!row) {
      // a concurrent start of the same attempt won: resume that one
      const [other] = await tx.select().from(quizAttempts).where(and(eq(quizAttempts.regionId, q.regionId), eq(quizAttempts.quizId, q.id),
        eq(quizAttempts.memberId, me.memberId), eq(quizAttempts.attemptNo, attemptNo)));
      return { created: false, view: attemptView(other, await questionsOf(tx, q.regionId, other.questionIds), now) };
    }
    await audit(tx, actor, { regionId: q.regionId, action: 'quiz.start', entityType: 'quiz_attempt', entityId: row.id, after: { quizId: q.id, memberId: me.memberId, attemptNo } });
    return { created: true, view: attemptView(row, qs, now) };
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
    .set({ answers: sql`${quizAttempts.answers} || ${JSON.stringify({ [questionId]: toBank(orderOf(a, q), choice) })}::jsonb` })
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
    merged = { ...a.answers, ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, toBank(orderOf(a, byId.get(k)!), v)])) };
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
const ATTEMPT_SQL = `select region_id, id, quiz_id, member_id, attempt_no, question_ids, answers, option_orders, started_at, deadline_at, submitted_at, correct_count, score
  from quiz_attempts where region_id = $1 and id = $2 limit 1`;
interface RawAttempt {
  region_id: string; id: string; quiz_id: string; member_id: string; attempt_no: number; question_ids: string[] | string; answers: Record<string, number[]> | string; option_orders: Record<string, number[]> | string;
  started_at: Date | string; deadline_at: Date | string; submitted_at: Date | string | null; correct_count: number | null; score: number | null;
}
const dateOf = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const fromRaw = (r: RawAttempt): AttemptRow => ({
  regionId: r.region_id, id: r.id, quizId: r.quiz_id, memberId: r.member_id, attemptNo: Number(r.attempt_no),
  questionIds: Array.isArray(r.question_ids) ? r.question_ids : String(r.question_ids).replace(/^\{|\}$/g, '').split(',').filter(Boolean),
  answers: typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers,
  optionOrders: typeof r.option_orders === 'string' ? JSON.parse(r.option_orders) : r.option_orders,
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
