import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { AuditEntry, Ok, pageNumber, pageOf } from '../../../shared/api.ts';
import {
  AdvanceBody, Alliance, AllianceDetail, AllianceInput, AllianceMembersBody, AllianceUpdate, DueItem, ImportResult, Member,
  MemberInput, MemberListQuery, MemberUpdate, MoveBody, Org, OrgCreate, OrgListQuery, OrgTreeNode, OrgUpdate, Region,
  Transfer, TransferBody, Unit, UnitInput, UnitListQuery, UnitUpdate, ALLIANCE_KINDS,
} from '../../../shared/directory.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { audit } from '../../platform/audit.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { AppError, localeOf, notFound } from '../../platform/errors.ts';
import { multipartError } from '../../platform/uploads.ts';
import { uuidv7 } from '../../platform/ids.ts';
import './messages.ts';
import { holdsAnywhere } from '../../platform/scope.ts';
import { addCoordinator, allianceDetail, changeAllianceMembers, createAlliance, listAlliances, updateAlliance } from './alliances.ts';
import { exportMembers } from './member-export.ts';
import { importMembers, reportFile, writeTemplate } from './member-import.ts';
import { advanceMember, createMember, dueList, listMembers, loadMember, memberTransfersOf, today, toMember, transferMember, updateMember } from './members.ts';
import { RegistrationGuard } from './registration-guard.ts';
import { createOrg, findOrg, listOrgs, moveOrg, orgTree, termDue, toOrg, updateOrg } from './orgs.ts';
import { allianceOrgs, alliances, allianceUnits, members, orgs, regions } from './schema.ts';
import { auditLog } from '../../platform/schema.ts';
import { createUnit, findUnit, listUnits, toUnit, updateUnit } from './units.ts';


const IdParams = z.object({ id: z.uuid() });
const tags = ['directory'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function directoryRoutes(app: App): Promise<void> {
  const { database, now, config, sessions } = app.deps;
  const db = database.db;
  const r = typed(app);
  const guard = new RegistrationGuard(now);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });

  // ---- regions -----------------------------------------------------------
  r.get('/api/v1/regions', {
    schema: { tags, summary: 'Regions I can see', response: { 200: z.object({ items: z.array(Region) }) } },
  }, async (req) => {
    const p = principalOf(req);
    const rows = await db.select().from(regions).orderBy(regions.name);
    const mine = p.isPlatformAdmin ? rows : rows.filter((x) => p.grants.some((g) => g.regionId === x.id));
    return { items: mine.map((x) => ({ id: x.id, code: x.code, name: x.name, district: x.district })) };
  });

  // ---- organisations -----------------------------------------------------
  r.get('/api/v1/orgs', {
    schema: { tags, summary: 'Organisations in my scope', querystring: OrgListQuery, response: { 200: pageOf(Org) } },
  }, async (req) => listOrgs(db, principalOf(req), req.query));

  r.get('/api/v1/orgs/tree', {
    schema: {
      tags, summary: 'Organisation tree with subtree member and branch counts',
      querystring: z.strictObject({ regionId: z.uuid() }), response: { 200: z.object({ items: z.array(OrgTreeNode) }) },
    },
  }, async (req) => ({ items: await orgTree(db, principalOf(req), req.query.regionId) }));

  r.get('/api/v1/orgs/term-due', {
    schema: {
      tags, summary: 'Organisations whose term has ended or ends within N days (换届)',
      querystring: z.strictObject({ regionId: z.uuid().optional(), days: z.coerce.number().int().min(0).max(3650).default(90) }),
      response: { 200: z.object({ items: z.array(Org.extend({ overdue: z.boolean() })) }) },
    },
  }, async (req) => ({ items: await termDue(db, principalOf(req), { ...req.query, today: todayShanghai(now()) }) }));

  r.get('/api/v1/orgs/:id', {
    schema: { tags, summary: 'One organisation', params: IdParams, response: { 200: Org } },
  }, async (req) => toOrg(await findOrg(db, principalOf(req), req.params.id)));

  r.post('/api/v1/orgs', {
    schema: { tags, summary: 'Create an organisation', body: OrgCreate, response: { 201: Org } },
  }, async (req, reply) => reply.status(201).send(await createOrg(db, actorOf(req), req.body)));

  r.patch('/api/v1/orgs/:id', {
    schema: { tags, summary: 'Update an organisation', params: IdParams, body: OrgUpdate, response: { 200: Org } },
  }, async (req) => updateOrg(db, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/orgs/:id/move', {
    schema: { tags, summary: 'Move an organisation and its subtree under another parent', params: IdParams, body: MoveBody, response: { 200: Org } },
  }, async (req) => {
    const res = await moveOrg(db, actorOf(req), req.params.id, req.body.parentId);
    sessions.invalidate(); // grants resolve to org paths, which just changed
    return res;
  });

  // ---- units -------------------------------------------------------------
  r.get('/api/v1/units', {
    schema: { tags, summary: 'Units (单位) in my scope', querystring: UnitListQuery, response: { 200: pageOf(Unit) } },
  }, async (req) => listUnits(db, principalOf(req), req.query));

  r.get('/api/v1/units/:id', {
    schema: { tags, summary: 'One unit', params: IdParams, response: { 200: Unit } },
  }, async (req) => {
    const p = principalOf(req);
    const { u, target } = await findUnit(db, p, req.params.id);
    return toUnit(u, p, target);
  });

  r.get('/api/v1/units/:id/alliances', {
    schema: { tags, summary: 'Alliances a unit belongs to', params: IdParams, response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(ALLIANCE_KINDS) })) }) } },
  }, async (req) => {
    const { u } = await findUnit(db, principalOf(req), req.params.id);
    const rows = await db.select({ id: alliances.id, name: alliances.name, kind: alliances.kind }).from(allianceUnits)
      .innerJoin(alliances, and(eq(alliances.regionId, allianceUnits.regionId), eq(alliances.id, allianceUnits.allianceId)))
      .where(and(eq(allianceUnits.regionId, u.regionId), eq(allianceUnits.unitId, u.id)));
    return { items: rows.map((x) => ({ ...x, kind: x.kind as 'cluster' })) };
  });

  r.post('/api/v1/units', {
    schema: { tags, summary: 'Create a unit', body: UnitInput, response: { 201: Unit } },
  }, async (req, reply) => reply.status(201).send(await createUnit(db, actorOf(req), req.body)));

  r.patch('/api/v1/units/:id', {
    schema: { tags, summary: 'Update a unit', params: IdParams, body: UnitUpdate, response: { 200: Unit } },
  }, async (req) => updateUnit(db, actorOf(req), req.params.id, req.body));

  // ---- alliances ---------------------------------------------------------
  r.get('/api/v1/alliances', {
    schema: {
      tags, summary: 'Alliances (cluster, grid, joint meeting) in my scope',
      querystring: z.strictObject({
        regionId: z.uuid().optional(), kind: z.enum(ALLIANCE_KINDS).optional(),
        page: pageNumber, pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: pageOf(Alliance) },
    },
  }, async (req) => listAlliances(db, principalOf(req), req.query));

  r.get('/api/v1/alliances/:id', {
    schema: { tags, summary: 'One alliance with its member orgs, units and coordinators', params: IdParams, response: { 200: AllianceDetail } },
  }, async (req) => allianceDetail(db, principalOf(req), req.params.id));

  r.post('/api/v1/alliances', {
    schema: { tags, summary: 'Create an alliance', body: AllianceInput, response: { 201: AllianceDetail } },
  }, async (req, reply) => reply.status(201).send(await createAlliance(db, actorOf(req), req.body)));

  r.patch('/api/v1/alliances/:id', {
    schema: { tags, summary: 'Update an alliance', params: IdParams, body: AllianceUpdate, response: { 200: AllianceDetail } },
  }, async (req) => updateAlliance(db, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/alliances/:id/members', {
    schema: { tags, summary: 'Add member orgs and units', params: IdParams, body: AllianceMembersBody, response: { 200: AllianceDetail } },
  }, async (req) => {
    const res = await changeAllianceMembers(db, actorOf(req), req.params.id, req.body, false);
    sessions.invalidate();
    return res;
  });

  r.post('/api/v1/alliances/:id/members/remove', {
    schema: { tags, summary: 'Remove member orgs and units', params: IdParams, body: AllianceMembersBody, response: { 200: AllianceDetail } },
  }, async (req) => {
    const res = await changeAllianceMembers(db, actorOf(req), req.params.id, req.body, true);
    sessions.invalidate();
    return res;
  });

  r.post('/api/v1/alliances/:id/coordinators', {
    schema: { tags, summary: 'Make a user a coordinator of the alliance', params: IdParams, body: z.strictObject({ username: z.string().trim().min(1).max(64) }), response: { 200: Ok } },
  }, async (req) => {
    const { userId } = await addCoordinator(db, actorOf(req), req.params.id, req.body.username);
    sessions.invalidate(userId);
    return { ok: true as const };
  });

  // ---- members -----------------------------------------------------------
  r.get('/api/v1/members', {
    schema: { tags, summary: 'Member list with filters; ID numbers and phones masked unless you may see them', querystring: MemberListQuery, response: { 200: pageOf(Member) } },
  }, async (req) => {
    const p = principalOf(req);
    if (!holdsAnywhere(p, 'members.read')) return { items: [], total: 0, page: req.query.page, pageSize: req.query.pageSize };
    return listMembers(db, p, req.query, now);
  });

  r.get('/api/v1/members/due', {
    schema: {
      tags, summary: 'Who is due for the next development step',
      querystring: z.strictObject({ regionId: z.uuid().optional(), orgId: z.uuid().optional(), withinDays: z.coerce.number().int().min(0).max(366).default(30) }),
      response: { 200: z.object({ items: z.array(DueItem) }) },
    },
  }, async (req) => ({ items: await dueList(db, principalOf(req), req.query, now) }));

  r.get('/api/v1/members/export', {
    schema: { tags, summary: 'The filtered member list as xlsx (masked by your rights)', querystring: MemberListQuery.omit({ page: true, pageSize: true }) },
  }, async (req, reply) => {
    const p = principalOf(req);
    const file = path.join(os.tmpdir(), `lj-export-${uuidv7()}.xlsx`);
    await exportMembers(db, p, req.query, file, localeOf(req), now);
    await audit(db, actorOf(req), { regionId: req.query.regionId ?? '00000000-0000-0000-0000-000000000000', action: 'member.export', entityType: 'member', entityId: 'list', after: req.query });
    const stream = fs.createReadStream(file);
    stream.on('close', () => fs.rm(file, { force: true }, () => {}));
    return reply.type(XLSX).header('Content-Disposition', `attachment; filename="members-${todayShanghai(now())}.xlsx"`).send(stream);
  });

  r.get('/api/v1/members/import-template', {
    schema: { tags, summary: 'The roster template (xlsx)' },
  }, async (req, reply) => {
    const file = path.join(os.tmpdir(), `lj-template-${uuidv7()}.xlsx`);
    await writeTemplate(file, localeOf(req));
    const stream = fs.createReadStream(file);
    stream.on('close', () => fs.rm(file, { force: true }, () => {}));
    return reply.type(XLSX).header('Content-Disposition', 'attachment; filename="roster-template.xlsx"').send(stream);
  });

  r.post('/api/v1/members/import', {
    schema: {
      tags, summary: 'Check or import a roster (multipart: file; fields mode=check|import, validOnly, defaultOrgId)',
      consumes: ['multipart/form-data'], response: { 200: ImportResult },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (!holdsAnywhere(p, 'members.write')) throw notFound();
    if (!req.isMultipart()) throw new AppError(400, 'IMPORT_NO_FILE');
    const fields: Record<string, string> = {};
    const tmp = path.join(os.tmpdir(), `lj-import-${uuidv7()}.xlsx`);
    let gotFile = false;
    try {
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            await pipeline(part.file, fs.createWriteStream(tmp));
            if (part.file.truncated) throw new AppError(413, 'BODY_TOO_LARGE');
            gotFile = true;
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
      } catch (e) {
        throw multipartError(e);
      }
      if (!gotFile) throw new AppError(400, 'IMPORT_NO_FILE');
      const opts = z.strictObject({
        mode: z.enum(['check', 'import']).default('check'),
        validOnly: z.enum(['true', 'false']).default('false'),
        defaultOrgId: z.uuid().optional(),
      }).parse(fields);
      const result = await importMembers(db, config, actorOf(req), tmp, {
        mode: opts.mode, validOnly: opts.validOnly === 'true', defaultOrgId: opts.defaultOrgId, locale: localeOf(req), guard,
      }, now);
      return result;
    } finally {
      fs.rm(tmp, { force: true }, () => {});
    }
  });

  r.get('/api/v1/members/import-reports/:id', {
    schema: { tags, summary: 'The error report of an import (xlsx, for its uploader, kept a day)', params: IdParams },
  }, async (req, reply) => {
    const file = await reportFile(config, principalOf(req), req.params.id);
    if (!file || !fs.existsSync(file)) throw notFound();
    return reply.type(XLSX).header('Content-Disposition', 'attachment; filename="import-errors.xlsx"').send(fs.createReadStream(file));
  });

  r.get('/api/v1/members/:id', {
    schema: {
      tags, summary: 'One member with transfers', params: IdParams,
      response: { 200: Member.extend({ transfers: z.array(Transfer) }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const { m, o } = await loadMember(db, p, req.params.id);
    return { ...toMember(m, o, p, today(now)), transfers: await memberTransfersOf(db, m.regionId, m.id) };
  });

  r.get('/api/v1/members/:id/history', {
    schema: { tags, summary: 'The audit history of one member', params: IdParams, response: { 200: z.object({ items: z.array(AuditEntry) }) } },
  }, async (req) => {
    const p = principalOf(req);
    const { m } = await loadMember(db, p, req.params.id);
    const rows = await db.select().from(auditLog)
      .where(and(eq(auditLog.regionId, m.regionId), eq(auditLog.entityType, 'member'), eq(auditLog.entityId, m.id)))
      .orderBy(desc(auditLog.at)).limit(200);
    return { items: rows.map((x) => ({ ...x, at: x.at.toISOString() })) };
  });

  r.get('/api/v1/orgs/:id/alliances', {
    schema: { tags, summary: 'Alliances an organisation belongs to', params: IdParams, response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(ALLIANCE_KINDS) })) }) } },
  }, async (req) => {
    const o = await findOrg(db, principalOf(req), req.params.id);
    const rows = await db.select({ id: alliances.id, name: alliances.name, kind: alliances.kind }).from(allianceOrgs)
      .innerJoin(alliances, and(eq(alliances.regionId, allianceOrgs.regionId), eq(alliances.id, allianceOrgs.allianceId)))
      .where(and(eq(allianceOrgs.regionId, o.regionId), eq(allianceOrgs.orgId, o.id)));
    return { items: rows.map((x) => ({ ...x, kind: x.kind as 'cluster' })) };
  });

  r.post('/api/v1/members', {
    schema: { tags, summary: 'Add a member', body: MemberInput, response: { 201: Member } },
  }, async (req, reply) => reply.status(201).send(await createMember(db, actorOf(req), req.body, now, guard)));

  r.patch('/api/v1/members/:id', {
    schema: { tags, summary: 'Update a member', params: IdParams, body: MemberUpdate, response: { 200: Member } },
  }, async (req) => updateMember(db, actorOf(req), req.params.id, req.body, now, guard));

  r.post('/api/v1/members/:id/advance', {
    schema: { tags, summary: 'Move a member to the next development stage', params: IdParams, body: AdvanceBody, response: { 200: Member } },
  }, async (req) => advanceMember(db, actorOf(req), req.params.id, req.body, now));

  r.post('/api/v1/members/:id/transfers', {
    schema: { tags, summary: 'Transfer a member to another organisation (any region in your scope)', params: IdParams, body: TransferBody, response: { 200: Member } },
  }, async (req) => transferMember(db, actorOf(req), req.params.id, req.body, now, guard));

  // ---- a member's own record ----------------------------------------------
  r.get('/api/v1/me/member', {
    schema: { tags, summary: 'My own member record', response: { 200: Member } },
  }, async (req) => {
    const p = principalOf(req);
    if (!p.memberId || !p.memberRegionId) throw notFound();
    const [row] = await db.select({ m: members, o: orgs }).from(members)
      .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
      .where(and(eq(members.regionId, p.memberRegionId), eq(members.id, p.memberId)));
    if (!row) throw notFound();
    // one's own ID number and phone are one's own
    return { ...toMember(row.m, row.o, p, today(now)), idNumber: row.m.idNumber, phone: row.m.phone, pii: true };
  });

}
