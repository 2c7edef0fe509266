import { z } from 'zod';
import { MyOverview } from '../../../shared/activities.ts';
import { principalOf, typed, type App } from '../../platform/context.ts';
import type { Ctx } from './common.ts';
import { myOverview, myServiceHours } from './me.ts';
import { myQuizzes } from './quiz-results.ts';

const tags = ['me'];

export async function meRoutes(app: App, opts: { ctx: Ctx }): Promise<void> {
  const { ctx } = opts;
  const r = typed(app);

  r.get('/api/v1/me/overview', {
    schema: { tags, summary: 'My page: activities, service hours, quizzes, courseware progress', response: { 200: MyOverview } },
  }, async (req) => myOverview(ctx, principalOf(req)));

  r.get('/api/v1/me/service-hours', {
    schema: {
      tags, summary: 'My service-hours entries',
      response: { 200: z.array(z.object({ activityId: z.string(), title: z.string(), heldOn: z.string(), place: z.string().nullable(), hours: z.number() })) },
    },
  }, async (req) => myServiceHours(ctx, principalOf(req)));

  r.get('/api/v1/me/quizzes', {
    schema: { tags, summary: 'Competitions open to me, with my results', response: { 200: MyOverview.shape.quizzes } },
  }, async (req) => myQuizzes(ctx, principalOf(req)));
}
