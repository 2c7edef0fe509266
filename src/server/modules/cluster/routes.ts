import { sendXlsx } from '../../platform/xlsx.ts';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { PageQuery, pageOf } from '../../../shared/api.ts';
import {
  Contest, ContestCreate, ContestResult, ContestStatusChange, CONTEST_STATUSES, JudgeAdd, JudgeSheet, ScoreInput,
} from '../../../shared/cluster.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { localeOf } from '../../platform/errors.ts';
import { publicRoute } from '../../platform/public-links.ts';
import { MAX_UPLOAD_BYTES } from '../../platform/uploads.ts';
import { attachmentRoutes } from './attachments-routes.ts';
import {
  addEntries, addJudge, closeContest, contestResults, contestView, createContest, judgeSheet, listContests,
  publicResultsPage, publishContest, removeJudge, scoreSheetXlsx, submitScores, updateRubric,
} from './contests.ts';
import { pledgeRoutes } from './pledges-routes.ts';
import { projectRoutes } from './projects-routes.ts';
import { plaqueRoutes } from './plaques-routes.ts';

const IdParams = z.object({ id: z.uuid() });

export async function clusterRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  const r = typed(app);
  const tags = ['cluster'];

  r.get('/api/v1/contests', {
    schema: {
      tags, summary: 'Contests I manage or judge',
      querystring: PageQuery.pick({ page: true, pageSize: true }).extend({ allianceId: z.uuid().optional() }).strict(),
      response: { 200: pageOf(z.object({ id: z.string(), regionId: z.string(), allianceId: z.string(), title: z.string(), quarter: z.string(), status: z.enum(CONTEST_STATUSES), closedAt: z.string().nullable(), publishedAt: z.string().nullable() })) },
    },
  }, async (req) => listContests(ctx, principalOf(req), req.query));

  r.post('/api/v1/contests', {
    schema: { tags, summary: 'Open a contest for a quarter (rubric weights and category weights must each sum to 100)', body: ContestCreate, response: { 201: Contest } },
  }, async (req, reply) => reply.status(201).send(await createContest(ctx, actorOf(req), req.body)));

  r.get('/api/v1/contests/:id', {
    schema: { tags, summary: 'A contest with rubric, entries and judges', params: IdParams, response: { 200: Contest } },
  }, async (req) => contestView(ctx, principalOf(req), req.params.id));

  r.put('/api/v1/contests/:id/rubric', {
    schema: { tags, summary: 'Replace the rubric (only before any score)', params: IdParams, body: ContestCreate.pick({ criteria: true, categoryWeights: true }), response: { 200: Contest } },
  }, async (req) => updateRubric(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/contests/:id/entries', {
    schema: { tags, summary: 'Add projects as entries', params: IdParams, body: z.strictObject({ projectIds: z.array(z.uuid()).min(1).max(200) }), response: { 200: Contest } },
  }, async (req) => addEntries(ctx, actorOf(req), req.params.id, req.body.projectIds));

  r.post('/api/v1/contests/:id/judges', {
    schema: { tags, summary: 'Add a judge (grants the judge role on this contest)', params: IdParams, body: JudgeAdd, response: { 201: Contest.shape.judges.element } },
  }, async (req, reply) => reply.status(201).send(await addJudge(ctx, actorOf(req), req.params.id, req.body)));

  r.get('/api/v1/contests/:id/my-sheet', {
    schema: { tags, summary: 'The signed-in judge\'s score sheet', params: IdParams, response: { 200: JudgeSheet } },
  }, async (req) => judgeSheet(ctx, principalOf(req), req.params.id));

  r.put('/api/v1/contests/:id/entries/:entryId/scores', {
    schema: {
      tags, summary: 'Score an entry (the signed-in judge; changeable until the contest closes)',
      params: z.object({ id: z.uuid(), entryId: z.uuid() }), body: ScoreInput,
      response: { 200: z.object({ entryId: z.string(), scores: z.record(z.string(), z.number()) }) },
    },
  }, async (req) => submitScores(ctx, actorOf(req), req.params.id, req.params.entryId, req.body));

  r.delete('/api/v1/contests/:id/judges/:judgeId', {
    schema: { tags, summary: 'Remove a judge who has not scored yet (409 JUDGE_HAS_SCORES after); the judge role goes too', params: z.object({ id: z.uuid(), judgeId: z.uuid() }), response: { 200: Contest } },
  }, async (req) => removeJudge(ctx, actorOf(req), req.params.id, req.params.judgeId));

  r.post('/api/v1/contests/:id/close', {
    schema: { tags, summary: 'Close: locks the scores (409 CONTEST_WARNINGS lists what to confirm; send confirmed: true to go ahead)', params: IdParams, body: ContestStatusChange.optional(), response: { 200: Contest } },
  }, async (req) => closeContest(ctx, actorOf(req), req.params.id, req.body?.confirmed ?? false));

  r.post('/api/v1/contests/:id/publish', {
    schema: { tags, summary: 'Publish the ranking on the public page (the same warnings as closing)', params: IdParams, body: ContestStatusChange.optional(), response: { 200: Contest } },
  }, async (req) => publishContest(ctx, actorOf(req), req.params.id, req.body?.confirmed ?? false));

  r.get('/api/v1/contests/:id/results', {
    schema: { tags, summary: 'Results (live for managers)', params: IdParams, response: { 200: ContestResult } },
  }, async (req) => contestResults(ctx, principalOf(req), req.params.id, false));

  r.get('/api/v1/contests/:id/score-sheet.xlsx', {
    schema: { tags, summary: 'The full score sheet (judge × entry × criterion) as xlsx', params: IdParams },
  }, async (req, reply) => sendXlsx(reply, await scoreSheetXlsx(ctx, principalOf(req), req.params.id, localeOf(req)), 'score-sheet.xlsx'));

  r.get('/api/v1/public/contests/:id/results', {
    config: publicRoute(ctx.config),
    schema: { tags, summary: 'Published results (public)', params: IdParams, response: { 200: ContestResult } },
  }, async (req) => contestResults(ctx, null, req.params.id, true));

  r.get('/c/:id', {
    config: publicRoute(ctx.config),
    schema: { tags, summary: 'Published results as a public page (HTML)', params: IdParams },
  }, async (req, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache')
    .send(await publicResultsPage(ctx, req.params.id, localeOf(req))));

  await pledgeRoutes(app, ctx);
  await projectRoutes(app, ctx);
  await plaqueRoutes(app, ctx);
  await attachmentRoutes(app, ctx);
}


