import { z } from 'zod';
import { Ok, pageOf } from '../../../shared/api.ts';
import {
  AnswerBody, AttemptView, ImportQuery, ImportResult, Leaderboard, LeaderboardQuery, Question, QuestionCreate, QuestionListQuery, Quiz,
  QuizCreate, QuizListQuery, QuizUpdate, SubmitBody,
} from '../../../shared/activities.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { localeOf } from '../../platform/errors.ts';
import { sendXlsx, workbookBuffer, XLSX_TYPE } from '../../platform/xlsx.ts';
import type { Ctx } from './common.ts';
import { importQuestions, questionWorkbook } from './question-import.ts';
import { getAttempt, saveAnswer, startAttempt, submitAttempt } from './quiz-attempts.ts';
import { createQuestion, listQuestions } from './quiz-bank.ts';
import { closeQuiz, createQuiz, deleteQuiz, findQuiz, listQuizzes, updateQuiz } from './quiz-competitions.ts';
import { leaderboard, resultRows } from './quiz-results.ts';

const tags = ['quizzes'];
const IdParams = z.object({ id: z.uuid() });

export async function quizRoutes(app: App, opts: { ctx: Ctx }): Promise<void> {
  const { ctx } = opts;
  const r = typed(app);
  // an uploaded workbook arrives as the raw request body (this plugin only)
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  r.get('/api/v1/questions', {
    schema: { tags, summary: 'The question bank (staff)', querystring: QuestionListQuery, response: { 200: pageOf(Question) } },
  }, async (req) => listQuestions(ctx, principalOf(req), req.query));

  r.post('/api/v1/questions', {
    schema: { tags, summary: 'Add a question', body: QuestionCreate, response: { 201: Question } },
  }, async (req, reply) => reply.status(201).send(await createQuestion(ctx, actorOf(req), req.body)));

  r.post('/api/v1/questions/import', {
    schema: {
      tags, querystring: ImportQuery, response: { 200: ImportResult, 201: ImportResult },
      summary: 'Import questions from xlsx (body: the file; all rows or none, with a row-by-row report). '
        + 'dryRun=true: every check and the same report, nothing written (200)',
    },
  }, async (req, reply) => {
    const body = req.body as unknown;
    const buf = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const dryRun = req.query.dryRun === 'true';
    const result = await importQuestions(ctx, actorOf(req), req.query.orgId, buf, localeOf(req), { dryRun });
    return reply.status(dryRun ? 200 : 201).send(result);
  });

  r.get('/api/v1/questions/template.xlsx', { schema: { tags, summary: 'An empty import file with one example row' } }, async (_req, reply) => {
    const buf = await questionWorkbook([['单选', '党的最高领导机关是？', '党的全国代表大会和它所产生的中央委员会', '中央纪律检查委员会', '国务院', '', '', '', '', '', 'A', '见党章第十条', '党章']]);
    return sendXlsx(reply, buf, 'questions.xlsx');
  });

  r.get('/api/v1/quizzes', {
    schema: { tags, summary: 'Competitions in my scope (staff)', querystring: QuizListQuery, response: { 200: z.array(Quiz) } },
  }, async (req) => listQuizzes(ctx, principalOf(req), req.query.regionId));

  r.post('/api/v1/quizzes', {
    schema: { tags, summary: 'Create a competition', body: QuizCreate, response: { 201: Quiz } },
  }, async (req, reply) => reply.status(201).send(await createQuiz(ctx, actorOf(req), req.body)));

  r.get('/api/v1/quizzes/:id', {
    schema: { tags, summary: 'One competition (staff)', params: IdParams, response: { 200: Quiz } },
  }, async (req) => findQuiz(ctx, principalOf(req), req.params.id));

  r.patch('/api/v1/quizzes/:id', {
    schema: {
      tags, params: IdParams, body: QuizUpdate, response: { 200: Quiz },
      summary: 'Edit a competition: anything before anyone starts; afterwards only title, description and closesAt '
        + '(not before now nor opensAt; other fields → 409 QUIZ_STARTED)',
    },
  }, async (req) => updateQuiz(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/quizzes/:id/close', {
    schema: {
      tags, params: IdParams, response: { 200: Quiz },
      summary: 'End an open competition now (closesAt = now); attempts already running keep their own deadline. '
        + 'Closed → 409 QUIZ_CLOSED, not yet open → 409 QUIZ_NOT_OPEN_YET',
    },
  }, async (req) => closeQuiz(ctx, actorOf(req), req.params.id));

  r.delete('/api/v1/quizzes/:id', {
    schema: { tags, summary: 'Delete a competition nobody has started (else 409 QUIZ_STARTED)', params: IdParams, response: { 200: Ok } },
  }, async (req) => deleteQuiz(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/quizzes/:id/leaderboard', {
    schema: { tags, summary: 'Leaderboard by member, organisation or alliance', params: IdParams, querystring: LeaderboardQuery, response: { 200: Leaderboard } },
  }, async (req) => leaderboard(ctx, principalOf(req), req.params.id, req.query.by, req.query.limit));

  r.get('/api/v1/quizzes/:id/results.xlsx', {
    schema: { tags, summary: 'Results of every eligible member as xlsx (staff)', params: IdParams },
  }, async (req, reply) => {
    const { quiz, rows } = await resultRows(ctx, principalOf(req), req.params.id);
    const buf = await workbookBuffer([{
      name: '成绩', boldHeader: true,
      header: [
        { title: '名次', width: 6 }, { title: '姓名', width: 12 }, { title: '所在组织', width: 28 }, { title: '最好成绩', width: 10 },
        { title: '用时（秒）', width: 10 }, { title: '答题次数', width: 10 }, { title: '最后交卷', width: 22 },
      ],
      rows: rows.map((x, i) => [x.best === null ? '' : i + 1, x.name, x.org_name, x.best ?? '未参赛', x.duration === null ? '' : Math.round(x.duration), x.attempts,
        x.last_at ? new Date(x.last_at).toISOString() : '']),
    }]);
    return sendXlsx(reply, buf, `quiz-${quiz.id}.xlsx`);
  });

  // ── the member takes a quiz (phone) ────────────────────────────────────────
  r.post('/api/v1/me/quizzes/:id/attempts', {
    schema: { tags, summary: 'Start (or resume) an attempt; the server keeps the clock', params: IdParams, response: { 200: AttemptView, 201: AttemptView } },
  }, async (req, reply) => {
    const { created, view } = await startAttempt(ctx, actorOf(req), req.params.id);
    return reply.status(created ? 201 : 200).send(view);
  });

  r.get('/api/v1/me/attempts/:id', {
    schema: { tags, summary: 'My attempt (answers and review only after submitting)', params: IdParams, response: { 200: AttemptView } },
  }, async (req) => getAttempt(ctx, principalOf(req), req.params.id));

  r.put('/api/v1/me/attempts/:id/answers', {
    schema: { tags, summary: 'Save one answer while the attempt is open', params: IdParams, body: AnswerBody, response: { 200: Ok } },
  }, async (req) => saveAnswer(ctx, actorOf(req), req.params.id, req.body.questionId, req.body.choice));

  r.post('/api/v1/me/attempts/:id/submit', {
    schema: { tags, summary: 'Submit; late submissions are scored as at the limit', params: IdParams, body: SubmitBody, response: { 200: AttemptView } },
  }, async (req) => submitAttempt(ctx, actorOf(req), req.params.id, req.body.answers));
}
