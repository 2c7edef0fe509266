import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { normalizeName } from '../../../shared/directory.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { orgInSubtree } from '../../platform/scope.ts';
import { receiveToFile } from '../../platform/uploads.ts';
import { matchHeader, readSheet, type Cell, type HeaderSpec } from '../../platform/xlsx.ts';
import { members } from '../directory/schema.ts';
import { findOrg } from './common.ts';
import { newPublicToken } from '../../platform/public-links.ts';
import { plaqueCampaigns, plaqueHouseholdMembers, plaqueHouseholds } from './schema.ts';

type Col = 'building' | 'room' | 'members';
const HEADER: HeaderSpec<Col>[] = [
  { key: 'building', aliases: ['楼栋', '楼幢', '小区楼栋', '楼栋号', 'building'] },
  { key: 'room', aliases: ['住址', '门牌', '门牌号', '房号', '地址', 'room', 'address'] },
  { key: 'members', aliases: ['党员', '党员姓名', '居住党员', '成员', 'members'] },
];
const MAX_ROWS = 2000;
const Fields = z.object({ orgId: z.uuid(), campaignId: z.uuid().optional() });

const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c)).trim();

/**
 * Households from an xlsx (楼栋 / 住址 / 党员: names separated by 、or commas) into one community (`orgId`, in the
 * caller's write scope) and optionally a campaign. All or nothing: when any row has a problem, 422
 * IMPORT_ROWS_INVALID lists every problem of every row (field `rows.<row>.<column>`) and nothing is written.
 */
export async function importHouseholds(ctx: Ctx, actor: Actor, req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_NO_FILE');
  const tmp = path.join(os.tmpdir(), `lj-plaques-${uuidv7()}.xlsx`);
  try {
    const { fields, gotFile } = await receiveToFile(req, tmp);
    const f = Fields.safeParse(fields);
    if (!f.success) throw invalid(f.error.issues.map((i) => fieldError(String(i.path[0]), 'field.invalid')));
    const o = await findOrg(ctx.db, actor.principal, f.data.orgId, 'cluster.write');
    if (f.data.campaignId) {
      const [c] = await ctx.db.select({ id: plaqueCampaigns.id }).from(plaqueCampaigns).where(and(eq(plaqueCampaigns.regionId, o.regionId), eq(plaqueCampaigns.id, f.data.campaignId)));
      if (!c) throw invalid([fieldError('campaignId', 'plaque.campaign')]);
    }
    if (!gotFile) throw new AppError(400, 'IMPORT_NO_FILE');

    // the members of the community's subtree, by name (two of one name are ambiguous)
    const people = await ctx.db.select({ id: members.id, name: members.name }).from(members)
      .where(and(eq(members.regionId, o.regionId), orgInSubtree(members.orgId, o.regionId, o.path)));
    const byName = new Map<string, string[]>();
    for (const m of people) byName.set(m.name, [...(byName.get(m.name) ?? []), m.id]);

    let cols: Map<Col, number> | null = null;
    const problems: ErrorDetail[] = [];
    const rows: { row: number; building: string; room: string | null; memberIds: string[] }[] = [];
    for await (const { row, cells } of readSheet(tmp)) {
      if (!cols) {
        cols = matchHeader(cells, HEADER);
        if (!cols && row >= 10) break;
        continue;
      }
      const building = text(cells[cols.get('building')!]);
      const room = text(cells[cols.get('room')!]);
      const names = text(cells[cols.get('members')!]).split(/[、,，;；/]+/).map((x) => normalizeName(x)).filter(Boolean);
      if (!building && !room && !names.length) continue;
      if (rows.length + 1 > MAX_ROWS) throw invalid([fieldError('file', 'plaque.import.too_many', { max: MAX_ROWS })], 'IMPORT_ROWS_INVALID');
      const at = (col: Col, key: string, vars: Record<string, unknown> = {}) => problems.push({ ...fieldError(`rows.${row}.${col}`, key, vars), row });
      if (!building) at('building', 'plaque.import.building_required');
      else if (building.length > 100) at('building', 'plaque.import.too_long', { max: 100 });
      if (room.length > 50) at('room', 'plaque.import.too_long', { max: 50 });
      if (!names.length) at('members', 'plaque.import.members_required');
      if (names.length > 10) at('members', 'plaque.import.too_many_members', { max: 10 });
      const ids: string[] = [];
      for (const name of names) {
        const found = byName.get(name) ?? [];
        if (!found.length) at('members', 'plaque.import.member_unknown', { name });
        else if (found.length > 1) at('members', 'plaque.import.member_ambiguous', { name });
        else if (!ids.includes(found[0])) ids.push(found[0]);
      }
      rows.push({ row, building, room: room || null, memberIds: ids });
    }
    if (!cols) throw new AppError(422, 'IMPORT_NO_HEADER');
    if (!rows.length) throw new AppError(400, 'IMPORT_EMPTY');
    if (problems.length) throw invalid(problems, 'IMPORT_ROWS_INVALID');

    return await ctx.db.transaction(async (tx) => {
      const out: { row: number; id: string; building: string; room: string | null }[] = [];
      for (const r of rows) {
        const id = uuidv7();
        await tx.insert(plaqueHouseholds).values({ regionId: o.regionId, id, orgId: o.id, campaignId: f.data.campaignId ?? null, building: r.building, room: r.room, token: newPublicToken() });
        await tx.insert(plaqueHouseholdMembers).values(r.memberIds.map((memberId, sort) => ({ regionId: o.regionId, householdId: id, memberId, sort })));
        out.push({ row: r.row, id, building: r.building, room: r.room });
      }
      await audit(tx, actor, out.map((x, i) => ({
        regionId: o.regionId, action: 'plaque.create' as const, entityType: 'plaque_household', entityId: x.id,
        after: { orgId: o.id, campaignId: f.data.campaignId ?? null, building: x.building, room: x.room, memberIds: rows[i].memberIds, source: 'import' },
      })));
      return { created: out.length, rows: out };
    });
  } finally {
    fs.rm(tmp, { force: true }, () => {});
  }
}
