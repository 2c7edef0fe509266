import { z } from 'zod';
import { NeedResources, Resource, ResourceCreate, ResourceLink, ResourceListQuery, ResourceNeeds, ResourceUpdate } from '../../../shared/cobuild-resources.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { NeedImportResult } from '../../../shared/cobuild.ts';
import { importResources, resourcesTemplate } from './resources-xlsx.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { createResource, getResource, linkResource, listResources, needResourcesOf, resourceNeedsOf, resourcesXlsx, updateResource } from './resources.ts';

const IdParams = z.object({ id: z.uuid() });

/** The resources list (资源清单): offered by members, suggested for a need, linked to it by the office. */
export function resourceRoutes(app: App, ctx: Ctx): void {
  const r = typed(app);
  const tags = ['cobuild'];
  r.get('/api/v1/resources', {
    schema: { tags, summary: 'Resources I may see (the office: its joint meeting\'s; a member: its alliance\'s; region-wide ones)', querystring: ResourceListQuery, response: { 200: z.array(Resource) } },
  }, async (req) => listResources(ctx, principalOf(req), req.query));
  r.get('/api/v1/resources/export.xlsx', {
    schema: { tags, summary: 'The resources list with the same filters, as xlsx', querystring: ResourceListQuery },
  }, async (req, reply) => sendXlsx(reply, await resourcesXlsx(ctx, principalOf(req), req.query), 'resources.xlsx'));
  r.get('/api/v1/resources/template.xlsx', {
    schema: { tags, summary: 'The blank sheet the resources import reads' },
  }, async (_req, reply) => sendXlsx(reply, await resourcesTemplate(), 'resources-template.xlsx'));
  r.post('/api/v1/resources/import', {
    schema: { tags, summary: 'Import resources from xlsx into a joint meeting (the office; all rows or none, every problem of every row)', consumes: ['multipart/form-data'], response: { 201: NeedImportResult } },
  }, async (req, reply) => reply.status(201).send(await importResources(ctx, actorOf(req), req)));
  r.get('/api/v1/resources/:id/needs', {
    schema: { tags, summary: 'The needs a resource is linked to and the open needs it could serve (the office)', params: IdParams, response: { 200: ResourceNeeds } },
  }, async (req) => resourceNeedsOf(ctx.db, ctx, principalOf(req), req.params.id));
  r.post('/api/v1/resources', {
    schema: { tags, summary: 'Offer a resource for a member unit or org', body: ResourceCreate, response: { 201: Resource } },
  }, async (req, reply) => reply.status(201).send(await createResource(ctx, actorOf(req), req.body)));
  r.get('/api/v1/resources/:id', {
    schema: { tags, summary: 'A resource', params: IdParams, response: { 200: Resource } },
  }, async (req) => getResource(ctx, principalOf(req), req.params.id));
  r.patch('/api/v1/resources/:id', {
    schema: { tags, summary: 'Change or withdraw a resource (the office or its owner)', params: IdParams, body: ResourceUpdate, response: { 200: Resource } },
  }, async (req) => updateResource(ctx, actorOf(req), req.params.id, req.body));
  r.get('/api/v1/needs/:id/resources', {
    schema: { tags, summary: 'A need\'s linked resources and matching suggestions (the office)', params: IdParams, response: { 200: NeedResources } },
  }, async (req) => needResourcesOf(ctx.db, ctx, principalOf(req), req.params.id));
  r.post('/api/v1/needs/:id/resources', {
    schema: { tags, summary: 'Link a suggested resource to the need (the office)', params: IdParams, body: ResourceLink, response: { 200: NeedResources } },
  }, async (req) => linkResource(ctx, actorOf(req), req.params.id, req.body.resourceId));
}
