import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AuditEntry, Ok, pageOf } from '../../../shared/api.ts';
import {
  AdvanceBody, Alliance, AllianceDetail, AllianceInput, AllianceListQuery, AllianceMembersBody, AllianceRef, AllianceUpdate, DueItem,
  ImportProgress, ImportResult, Member, MemberExportQuery, MemberInput, MemberListQuery, MemberUpdate, MoveBody, Org, OrgCreate, OrgListQuery, OrgTreeNode, OrgUpdate,
  Region, SearchQuery, SearchResult, Transfer, TransferBody, Unit, UnitInput, UnitListQuery, UnitUpdate,
} from '../../../shared/directory.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { localeOf } from '../../platform/errors.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import './messages.ts';
import {
  addCoordinator, allianceDetail, alliancesOfOrg, alliancesOfUnit, changeAllianceMembers, createAlliance, listAlliances, updateAlliance,
} from './alliances.ts';
import { exportOrgs, exportUnits } from './list-export.ts';
import { exportMembers } from './member-export.ts';
import { importReport, importRosterUpload, templateFile } from './member-import.ts';
import {
  advanceMember, createMember, dueList, listMembers, memberDetail, memberHistory, ownMember, transferMember, updateMember,
} from './members.ts';
import { RegistrationGuard } from './registration-guard.ts';
import { ProgressRegistry } from '../../platform/progress.ts';
import { createOrg, listOrgs, listRegions, moveOrg, orgDetail, orgTree, termDue, updateOrg } from './orgs.ts';
import { search } from './search.ts';
import { createUnit, listUnits, unitDetail, updateUnit } from './units.ts';

const IdParams = z.object({ id: z.uuid() });

/**
 * The body of a route whose schema verdict is attached (`attachValidation`) for its service to check whole; a bad
 * path or query is still answered at once.
 */
function bodyOf(req: FastifyRequest): unknown {
  if (req.validationError && req.validationError.validationContext !== 'body') throw req.validationError;
  return req.body;
}
const tags = ['directory'];

/** The directory's routes: each is its schema and one call into a service (orgs, units, alliances, members, member-import/export). */
export async function directoryRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  const r = typed(app);
  const guard = new RegistrationGuard(ctx.now);
  const importProgress = new ProgressRegistry(ctx.now);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });

  // ---- regions -----------------------------------------------------------
  r.get('/api/v1/regions', {
    schema: { tags, summary: 'Regions I can see', response: { 200: z.object({ items: z.array(Region) }) } },
  }, async (req) => ({ items: await listRegions(ctx, principalOf(req)) }));

  // ---- organisations -----------------------------------------------------
  r.get('/api/v1/orgs', {
    schema: { tags, summary: 'Organisations in my scope', querystring: OrgListQuery, response: { 200: pageOf(Org) } },
  }, async (req) => listOrgs(ctx, principalOf(req), req.query));

  r.get('/api/v1/orgs/tree', {
    schema: {
      tags, summary: 'Organisation tree with subtree member and branch counts',
      querystring: z.strictObject({ regionId: z.uuid() }), response: { 200: z.object({ items: z.array(OrgTreeNode) }) },
    },
  }, async (req) => ({ items: await orgTree(ctx, principalOf(req), req.query.regionId) }));

  r.get('/api/v1/orgs/term-due', {
    schema: {
      tags, summary: 'Organisations whose term has ended or ends within N days (换届)',
      querystring: z.strictObject({ regionId: z.uuid().optional(), days: z.coerce.number().int().min(0).max(3650).default(90) }),
      response: { 200: z.object({ items: z.array(Org.extend({ overdue: z.boolean() })) }) },
    },
  }, async (req) => ({ items: await termDue(ctx, principalOf(req), req.query) }));

  r.get('/api/v1/orgs/export', {
    schema: { tags, summary: 'The filtered organisation list as xlsx', querystring: OrgListQuery.omit({ page: true, pageSize: true }) },
  }, async (req, reply) => {
    const x = await exportOrgs(ctx, actorOf(req), req.query, localeOf(req));
    return sendXlsx(reply, x.buffer, x.filename);
  });

  r.get('/api/v1/orgs/:id', {
    schema: { tags, summary: 'One organisation', params: IdParams, response: { 200: Org } },
  }, async (req) => orgDetail(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/orgs/:id/alliances', {
    schema: { tags, summary: 'Alliances an organisation belongs to', params: IdParams, response: { 200: z.object({ items: z.array(AllianceRef) }) } },
  }, async (req) => ({ items: await alliancesOfOrg(ctx, principalOf(req), req.params.id) }));

  r.post('/api/v1/orgs', {
    schema: { tags, summary: 'Create an organisation', body: OrgCreate, response: { 201: Org } },
  }, async (req, reply) => reply.status(201).send(await createOrg(ctx, actorOf(req), req.body)));

  r.patch('/api/v1/orgs/:id', {
    schema: { tags, summary: 'Update an organisation', params: IdParams, body: OrgUpdate, response: { 200: Org } },
  }, async (req) => updateOrg(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/orgs/:id/move', {
    schema: { tags, summary: 'Move an organisation and its subtree under another parent', params: IdParams, body: MoveBody, response: { 200: Org } },
  }, async (req) => moveOrg(ctx, actorOf(req), req.params.id, req.body.parentId));

  // ---- units -------------------------------------------------------------
  r.get('/api/v1/units', {
    schema: { tags, summary: 'Units (单位) in my scope', querystring: UnitListQuery, response: { 200: pageOf(Unit) } },
  }, async (req) => listUnits(ctx, principalOf(req), req.query));

  r.get('/api/v1/units/export', {
    schema: { tags, summary: 'The filtered unit list as xlsx (liaison phones masked as in the list)', querystring: UnitListQuery.omit({ page: true, pageSize: true }) },
  }, async (req, reply) => {
    const x = await exportUnits(ctx, actorOf(req), req.query, localeOf(req));
    return sendXlsx(reply, x.buffer, x.filename);
  });

  r.get('/api/v1/units/:id', {
    schema: { tags, summary: 'One unit', params: IdParams, response: { 200: Unit } },
  }, async (req) => unitDetail(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/units/:id/alliances', {
    schema: { tags, summary: 'Alliances a unit belongs to', params: IdParams, response: { 200: z.object({ items: z.array(AllianceRef) }) } },
  }, async (req) => ({ items: await alliancesOfUnit(ctx, principalOf(req), req.params.id) }));

  r.post('/api/v1/units', {
    schema: { tags, summary: 'Create a unit', body: UnitInput, response: { 201: Unit } },
  }, async (req, reply) => reply.status(201).send(await createUnit(ctx, actorOf(req), req.body)));

  r.patch('/api/v1/units/:id', {
    schema: { tags, summary: 'Update a unit', params: IdParams, body: UnitUpdate, response: { 200: Unit } },
  }, async (req) => updateUnit(ctx, actorOf(req), req.params.id, req.body));

  // ---- alliances ---------------------------------------------------------
  r.get('/api/v1/alliances', {
    schema: { tags, summary: 'Alliances (cluster, grid, joint meeting) in my scope', querystring: AllianceListQuery, response: { 200: pageOf(Alliance) } },
  }, async (req) => listAlliances(ctx, principalOf(req), req.query));

  r.get('/api/v1/alliances/:id', {
    schema: { tags, summary: 'One alliance with its member orgs, units and coordinators', params: IdParams, response: { 200: AllianceDetail } },
  }, async (req) => allianceDetail(ctx.db, principalOf(req), req.params.id));

  r.post('/api/v1/alliances', {
    schema: { tags, summary: 'Create an alliance', body: AllianceInput, response: { 201: AllianceDetail } },
  }, async (req, reply) => reply.status(201).send(await createAlliance(ctx, actorOf(req), req.body)));

  r.patch('/api/v1/alliances/:id', {
    schema: { tags, summary: 'Update an alliance', params: IdParams, body: AllianceUpdate, response: { 200: AllianceDetail } },
  }, async (req) => updateAlliance(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/alliances/:id/members', {
    schema: { tags, summary: 'Add member orgs and units', params: IdParams, body: AllianceMembersBody, response: { 200: AllianceDetail } },
  }, async (req) => changeAllianceMembers(ctx, actorOf(req), req.params.id, req.body, false));

  r.post('/api/v1/alliances/:id/members/remove', {
    schema: { tags, summary: 'Remove member orgs and units', params: IdParams, body: AllianceMembersBody, response: { 200: AllianceDetail } },
  }, async (req) => changeAllianceMembers(ctx, actorOf(req), req.params.id, req.body, true));

  r.post('/api/v1/alliances/:id/coordinators', {
    schema: { tags, summary: 'Make a user a coordinator of the alliance', params: IdParams, body: z.strictObject({ username: z.string().trim().min(1).max(64) }), response: { 200: Ok } },
  }, async (req) => addCoordinator(ctx, actorOf(req), req.params.id, req.body.username));

  // ---- members -----------------------------------------------------------
  r.get('/api/v1/members', {
    schema: { tags, summary: 'Member list with filters; ID numbers and phones masked unless you may see them', querystring: MemberListQuery, response: { 200: pageOf(Member) } },
  }, async (req) => listMembers(ctx, principalOf(req), req.query));

  r.get('/api/v1/members/due', {
    schema: {
      tags, summary: 'Who is due for the next development step',
      querystring: z.strictObject({ regionId: z.uuid().optional(), orgId: z.uuid().optional(), withinDays: z.coerce.number().int().min(0).max(366).default(30) }),
      response: { 200: z.object({ items: z.array(DueItem) }) },
    },
  }, async (req) => ({ items: await dueList(ctx, principalOf(req), req.query) }));

  r.get('/api/v1/members/export', {
    schema: { tags, summary: 'The filtered member list as xlsx (masked by your rights); ids: only those selected rows', querystring: MemberExportQuery },
  }, async (req, reply) => {
    const x = await exportMembers(ctx, actorOf(req), req.query, localeOf(req));
    return sendXlsx(reply, x.file, x.filename, { temporary: true });
  });

  r.get('/api/v1/members/import-template', {
    schema: { tags, summary: 'The roster template (xlsx)' },
  }, async (req, reply) => sendXlsx(reply, await templateFile(localeOf(req)), 'roster-template.xlsx', { temporary: true }));

  r.post('/api/v1/members/import', {
    schema: {
      tags, summary: 'Check or import a roster (multipart: file; fields mode=check|import, validOnly, defaultOrgId)',
      consumes: ['multipart/form-data'], response: { 200: ImportResult },
    },
  }, async (req) => importRosterUpload(ctx, actorOf(req), req, guard, importProgress));

  r.get('/api/v1/members/import-progress/:id', {
    schema: {
      tags, summary: 'How far my running import has got (the progressId sent with it): rows read of the rows the sheet declares',
      params: IdParams, response: { 200: ImportProgress },
    },
  }, async (req) => importProgress.find(principalOf(req).id, req.params.id));

  r.get('/api/v1/members/import-reports/:id', {
    schema: { tags, summary: 'The error report of an import (xlsx, for its uploader, kept a day)', params: IdParams },
  }, async (req, reply) => sendXlsx(reply, await importReport(ctx, principalOf(req), req.params.id), 'import-errors.xlsx'));

  r.get('/api/v1/members/:id', {
    schema: {
      tags, summary: 'One member with transfers', params: IdParams,
      response: { 200: Member.extend({ transfers: z.array(Transfer) }) },
    },
  }, async (req) => memberDetail(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/members/:id/history', {
    schema: { tags, summary: 'The audit history of one member', params: IdParams, response: { 200: z.object({ items: z.array(AuditEntry) }) } },
  }, async (req) => ({ items: await memberHistory(ctx, principalOf(req), req.params.id) }));

  // the member's body is checked whole by the service (every field's problem in one answer): the schema's verdict is attached, not answered
  r.post('/api/v1/members', {
    attachValidation: true,
    schema: { tags, summary: 'Add a member', body: MemberInput, response: { 201: Member } },
  }, async (req, reply) => reply.status(201).send(await createMember(ctx, actorOf(req), bodyOf(req), guard)));

  r.patch('/api/v1/members/:id', {
    attachValidation: true,
    schema: { tags, summary: 'Update a member', params: IdParams, body: MemberUpdate, response: { 200: Member } },
  }, async (req) => updateMember(ctx, actorOf(req), req.params.id, bodyOf(req), guard));

  r.post('/api/v1/members/:id/advance', {
    schema: { tags, summary: 'Move a member to the next development stage', params: IdParams, body: AdvanceBody, response: { 200: Member } },
  }, async (req) => advanceMember(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/members/:id/transfers', {
    schema: { tags, summary: 'Transfer a member to another organisation (any region in your scope)', params: IdParams, body: TransferBody, response: { 200: Member } },
  }, async (req) => transferMember(ctx, actorOf(req), req.params.id, req.body, guard));

  // ---- the header's search ------------------------------------------------
  r.get('/api/v1/search', {
    schema: { tags, summary: 'Members, organisations and units matching q, in my scope (ID numbers only where I may see them)', querystring: SearchQuery, response: { 200: SearchResult } },
  }, async (req) => search(ctx, principalOf(req), req.query));

  // ---- a member's own record ----------------------------------------------
  r.get('/api/v1/me/member', {
    schema: { tags, summary: 'My own member record', response: { 200: Member } },
  }, async (req) => ownMember(ctx, principalOf(req)));
}
