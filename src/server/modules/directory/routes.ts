import { z } from 'zod';
import { pageOf } from '../../../shared/api.ts';
import { Org, OrgCreate, OrgListQuery, OrgUpdate } from '../../../shared/directory.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { addMessages } from '../../platform/messages.ts';
import { createOrg, findOrg, listOrgs, toOrg, updateOrg } from './orgs.ts';

addMessages({
  'org.region_mismatch': { 'zh-CN': '上级组织不在该区域', 'en-US': 'the parent organisation is in another region' },
  'org.term_order': { 'zh-CN': '届满日期不能早于换届日期', 'en-US': 'the term cannot end before it starts' },
  'org.use_move': { 'zh-CN': '调整上级组织请使用"移动"操作', 'en-US': 'use the move action to change the parent' },
});

const IdParams = z.object({ id: z.uuid() });

export async function directoryRoutes(app: App): Promise<void> {
  const { db } = app.deps.database;
  const r = typed(app);

  r.get('/api/v1/orgs', {
    schema: { tags: ['directory'], summary: 'Organisations in my scope', querystring: OrgListQuery, response: { 200: pageOf(Org) } },
  }, async (req) => listOrgs(db, principalOf(req), req.query));

  r.get('/api/v1/orgs/:id', {
    schema: { tags: ['directory'], summary: 'One organisation', params: IdParams, response: { 200: Org } },
  }, async (req) => toOrg(await findOrg(db, principalOf(req), req.params.id)));

  r.post('/api/v1/orgs', {
    schema: { tags: ['directory'], summary: 'Create an organisation', body: OrgCreate, response: { 201: Org } },
  }, async (req, reply) => reply.status(201).send(await createOrg(db, actorOf(req), req.body)));

  r.patch('/api/v1/orgs/:id', {
    schema: { tags: ['directory'], summary: 'Update an organisation', params: IdParams, body: OrgUpdate, response: { 200: Org } },
  }, async (req) => updateOrg(db, actorOf(req), req.params.id, req.body));
}
