import { z } from 'zod';
import { Coproject, CoprojectCreate, CoprojectListQuery, CoprojectUpdate } from '../../../shared/cobuild-projects.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { createCoproject, listCoprojects, updateCoproject } from './projects.ts';

const IdParams = z.object({ id: z.uuid() });

/** The projects list (项目清单): co-building projects made from a need (and its resource) or a joint meeting's decision. */
export function coprojectRoutes(app: App, ctx: Ctx): void {
  const r = typed(app);
  const tags = ['cobuild'];
  r.get('/api/v1/cobuild-projects', {
    schema: { tags, summary: 'Co-building projects of a joint meeting or grid (its office and members)', querystring: CoprojectListQuery, response: { 200: z.array(Coproject) } },
  }, async (req) => listCoprojects(ctx, principalOf(req), req.query));
  r.post('/api/v1/cobuild-projects', {
    schema: { tags, summary: 'Make a co-building project from a need (with a linked resource) or a decided agenda item (the office)', body: CoprojectCreate, response: { 201: Coproject } },
  }, async (req, reply) => reply.status(201).send(await createCoproject(ctx, actorOf(req), req.body)));
  r.patch('/api/v1/cobuild-projects/:id', {
    schema: { tags, summary: 'Change the units taking part or record the outcome (the office)', params: IdParams, body: CoprojectUpdate, response: { 200: Coproject } },
  }, async (req) => updateCoproject(ctx, actorOf(req), req.params.id, req.body));
}
