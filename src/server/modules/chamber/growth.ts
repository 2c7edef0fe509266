import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  TALENT_TAGS, type GrowthFiguresQuery, type InvestmentIn, type InvestmentListQuery, type MentoringListQuery, type MentoringPairIn,
  type MentoringPairUpdate, type PlacementIn, type PlacementListQuery, type TalentQuery, type PlacementUpdate, type InvestmentUpdate,
  type SchoolPartnerIn, type SchoolPartnerListQuery, type SchoolPartnerUpdate,
} from '../../../shared/chamber-growth.ts';
import { alias } from 'drizzle-orm/pg-core';
import { todayShanghai } from '../../../shared/dates.ts';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { escapeLike } from '../../platform/like.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertCan, orgInSubtree, scopeWhere, type Principal } from '../../platform/scope.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { activities } from '../activities/schema.ts';
import { members, orgs, units } from '../directory/schema.ts';
import { investmentRecords, mentoringPairs, schoolPartners, talentPlacements } from './growth-schema.ts';

/*
 * The party's growth among entrepreneurs (issue 14 §4, docs/chamber.md): mentoring pairs, talent placements,
 * investment records — each kept by an org (the committee) and read in its subtree — and the developed members'
 * owner / technician tags, which live on the member record (the directory's tags) and are counted from the roster.
 */

type Perm = 'growth.read' | 'growth.manage';
interface OrgRef { regionId: string; id: string; path: string; name: string }

/** An org the caller may read (or record for) the growth records of; 404 otherwise, as a made-up id. */
async function findOrg(db: DbOrTx, p: Principal, id: string, perm: Perm): Promise<OrgRef> {
  const [o] = await db.select({ regionId: orgs.regionId, id: orgs.id, path: orgs.path, name: orgs.name }).from(orgs).where(eq(orgs.id, id)).limit(1);
  assertCan(p, perm, o ? { regionId: o.regionId, orgPath: o.path } : null);
  return o!;
}

/** An enterprise of the region (the unit a record is about); a field error otherwise. */
async function enterprise(db: DbOrTx, regionId: string, unitId: string, field: string, errs: ErrorDetail[]) {
  const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.regionId, regionId), eq(units.id, unitId), eq(units.kind, 'enterprise')));
  if (!u) errs.push(fieldError(field, 'growth.not_enterprise'));
}

/** Records of the org's subtree the caller may read. */
type Cols = { regionId: PgColumn; orgId: PgColumn };
const visible = (p: Principal, o: OrgRef, cols: Cols) =>
  and(eq(cols.regionId, o.regionId), orgInSubtree(cols.orgId, o.regionId, o.path), scopeWhere(p, 'growth.read', { regionId: cols.regionId, orgId: cols.orgId }))!;

/** Without an orgId a list covers everything the caller may read. */
async function listScope(db: DbOrTx, p: Principal, orgId: string | undefined, t: Cols) {
  if (orgId) return visible(p, await findOrg(db, p, orgId, 'growth.read'), t);
  return scopeWhere(p, 'growth.read', { regionId: t.regionId, orgId: t.orgId });
}

/* ───────────── mentoring pairs (交叉结对) ───────────── */

type PairRow = typeof mentoringPairs.$inferSelect;

const mentee = alias(members, 'mentee');
const pairRows = (db: DbOrTx) => db.select({
  r: mentoringPairs, orgName: orgs.name, mentorName: members.name, menteeUnitName: units.name,
  menteeMember: sql<{ id: string; name: string; stage: string; joinedOn: string | null; orgName: string } | null>`case when ${mentee.id} is null then null else json_build_object(
    'id', ${mentee.id}, 'name', ${mentee.name}, 'stage', ${mentee.stage}, 'joinedOn', ${mentee.joinedOn}::text,
    'orgName', (select mo.name from orgs mo where mo.region_id = ${mentee.regionId} and mo.id = ${mentee.orgId})) end`,
  mentorUnitName: sql<string | null>`(select u.name from units u where u.region_id = ${members.regionId} and u.org_id = ${members.orgId} and u.kind = 'enterprise' order by u.name limit 1)`,
}).from(mentoringPairs)
  .innerJoin(orgs, and(eq(orgs.regionId, mentoringPairs.regionId), eq(orgs.id, mentoringPairs.orgId)))
  .innerJoin(members, and(eq(members.regionId, mentoringPairs.regionId), eq(members.id, mentoringPairs.mentorMemberId)))
  .innerJoin(units, and(eq(units.regionId, mentoringPairs.regionId), eq(units.id, mentoringPairs.menteeUnitId)))
  .leftJoin(mentee, and(eq(mentee.regionId, mentoringPairs.regionId), eq(mentee.id, mentoringPairs.menteeMemberId)))
  .$dynamic();
type PairListRow = { r: PairRow; orgName: string; mentorName: string; menteeUnitName: string; mentorUnitName: string | null; menteeMember: { id: string; name: string; stage: string; joinedOn: string | null; orgName: string } | null };

async function pairsOut(db: DbOrTx, rows: PairListRow[]) {
  const ids = [...new Set(rows.flatMap((x) => x.r.activityIds))];
  const acts = ids.length
    ? await db.select({ id: activities.id, title: activities.title, kind: activities.kind, heldOn: activities.heldOn }).from(activities)
      .where(and(eq(activities.regionId, rows[0].r.regionId), inArray(activities.id, ids)))
    : [];
  const byId = new Map(acts.map((a) => [a.id, a]));
  return rows.map(({ r, orgName, mentorName, menteeUnitName, mentorUnitName, menteeMember }) => ({
    id: r.id, regionId: r.regionId, orgId: r.orgId, orgName, mentorMemberId: r.mentorMemberId, mentorName, mentorUnitName,
    menteeName: r.menteeName, menteeUnitId: r.menteeUnitId, menteeUnitName, menteeMember: menteeMember ?? null, startedOn: r.startedOn, outcome: r.outcome as 'ongoing',
    tookOverOn: r.tookOverOn, note: r.note,
    activities: r.activityIds.map((id) => byId.get(id)).filter((a) => a !== undefined).sort((a, b) => a.heldOn.localeCompare(b.heldOn)),
  }));
}

export async function listPairs(ctx: Pick<Ctx, 'db'>, p: Principal, q: z.infer<typeof MentoringListQuery>) {
  const conds: SQL[] = [await listScope(ctx.db, p, q.orgId, mentoringPairs)];
  if (q.outcome) conds.push(eq(mentoringPairs.outcome, q.outcome));
  if (q.q) conds.push(sql`(${mentoringPairs.menteeName} ilike ${`%${escapeLike(q.q)}%`} or ${members.name} ilike ${`%${escapeLike(q.q)}%`} or ${units.name} ilike ${`%${escapeLike(q.q)}%`})`);
  const where = and(...conds)!;
  const page = await paginate(q, pairRows(ctx.db).where(where).orderBy(desc(mentoringPairs.startedOn), desc(mentoringPairs.id)),
    ctx.db.select({ n: countAll }).from(mentoringPairs)
      .innerJoin(members, and(eq(members.regionId, mentoringPairs.regionId), eq(members.id, mentoringPairs.mentorMemberId)))
      .innerJoin(units, and(eq(units.regionId, mentoringPairs.regionId), eq(units.id, mentoringPairs.menteeUnitId))).where(where));
  return { ...page, items: await pairsOut(ctx.db, page.items as PairListRow[]) };
}

async function pairOf(db: DbOrTx, regionId: string, id: string) {
  return (await pairsOut(db, await pairRows(db).where(and(eq(mentoringPairs.regionId, regionId), eq(mentoringPairs.id, id)))))[0];
}

/** A pair the caller may read (perm growth.read) or record for (growth.manage); 404 otherwise. */
async function findPair(db: DbOrTx, p: Principal, id: string, perm: Perm) {
  const [r] = await db.select({ r: mentoringPairs, path: orgs.path }).from(mentoringPairs)
    .innerJoin(orgs, and(eq(orgs.regionId, mentoringPairs.regionId), eq(orgs.id, mentoringPairs.orgId))).where(eq(mentoringPairs.id, id)).limit(1);
  assertCan(p, perm, r ? { regionId: r.r.regionId, orgPath: r.path } : null);
  return r!;
}

export async function getPair(ctx: Pick<Ctx, 'db'>, p: Principal, id: string) {
  const { r } = await findPair(ctx.db, p, id, 'growth.read');
  return pairOf(ctx.db, r.regionId, r.id);
}

/** The whole of a pair's facts, checked together: every problem reported at once. */
async function checkPair(db: DbOrTx, today: string, o: { regionId: string; path: string }, v: Omit<z.infer<typeof MentoringPairIn>, 'orgId'>, pairId?: string) {
  const errs: ErrorDetail[] = [];
  if (v.menteeMemberId) {
    // the mentee's own record once they joined the party: a party member of the org's subtree, linked to one pair only
    const [mm] = await db.select({ id: members.id, stage: members.stage, status: members.status }).from(members)
      .where(and(eq(members.regionId, o.regionId), eq(members.id, v.menteeMemberId), orgInSubtree(members.orgId, o.regionId, o.path)));
    if (!mm || !['probationary', 'full'].includes(mm.stage) || mm.status === 'transferred_out') errs.push(fieldError('menteeMemberId', 'growth.mentee_not_party_member'));
    else if (v.menteeMemberId === v.mentorMemberId) errs.push(fieldError('menteeMemberId', 'growth.mentee_is_mentor'));
    else {
      const [other] = await db.select({ id: mentoringPairs.id }).from(mentoringPairs)
        .where(and(eq(mentoringPairs.regionId, o.regionId), eq(mentoringPairs.menteeMemberId, v.menteeMemberId), pairId ? sql`${mentoringPairs.id} <> ${pairId}` : undefined)).limit(1);
      if (other) errs.push(fieldError('menteeMemberId', 'growth.mentee_linked'));
    }
  }
  const [m] = await db.select({ id: members.id, stage: members.stage, status: members.status }).from(members)
    .where(and(eq(members.regionId, o.regionId), eq(members.id, v.mentorMemberId), orgInSubtree(members.orgId, o.regionId, o.path)));
  if (!m || !['probationary', 'full'].includes(m.stage) || m.status === 'transferred_out') errs.push(fieldError('mentorMemberId', 'growth.mentor_not_party_member'));
  await enterprise(db, o.regionId, v.menteeUnitId, 'menteeUnitId', errs);
  if (v.startedOn > today) errs.push(fieldError('startedOn', 'growth.date_future'));
  if (v.outcome === 'took_over' && !v.tookOverOn) errs.push(fieldError('tookOverOn', 'growth.took_over_date'));
  if (v.outcome !== 'took_over' && v.tookOverOn) errs.push(fieldError('tookOverOn', 'growth.took_over_only'));
  if (v.tookOverOn && (v.tookOverOn < v.startedOn || v.tookOverOn > today)) errs.push(fieldError('tookOverOn', 'growth.took_over_range'));
  const ids = [...new Set(v.activityIds)];
  if (ids.length) {
    const found = await db.select({ id: activities.id }).from(activities)
      .where(and(eq(activities.regionId, o.regionId), inArray(activities.id, ids), orgInSubtree(activities.orgId, o.regionId, o.path)));
    if (found.length !== ids.length || ids.length !== v.activityIds.length) errs.push(fieldError('activityIds', 'growth.activity_out_of_reach'));
  }
  if (errs.length) throw invalid(errs);
}

export async function createPair(ctx: Ctx, actor: Actor, input: z.infer<typeof MentoringPairIn>) {
  return ctx.db.transaction(async (tx) => {
    const o = await findOrg(tx, actor.principal!, input.orgId, 'growth.manage');
    await checkPair(tx, todayShanghai(ctx.now()), o, input);
    const id = uuidv7();
    await tx.insert(mentoringPairs).values({
      regionId: o.regionId, id, orgId: o.id, mentorMemberId: input.mentorMemberId, menteeName: input.menteeName, menteeUnitId: input.menteeUnitId,
      menteeMemberId: input.menteeMemberId ?? null,
      startedOn: input.startedOn, outcome: input.outcome, tookOverOn: input.tookOverOn ?? null, activityIds: input.activityIds, note: input.note ?? null,
      createdAt: new Date(ctx.now()),
    });
    const out = await pairOf(tx, o.regionId, id);
    await audit(tx, actor, { regionId: o.regionId, action: 'growth.pair', entityType: 'mentoring_pair', entityId: id, after: out });
    return out;
  });
}

export async function updatePair(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MentoringPairUpdate>) {
  return ctx.db.transaction(async (tx) => {
    const { r, path } = await findPair(tx, actor.principal!, id, 'growth.manage');
    const merged = {
      mentorMemberId: input.mentorMemberId ?? r.mentorMemberId, menteeName: input.menteeName ?? r.menteeName, menteeUnitId: input.menteeUnitId ?? r.menteeUnitId,
      menteeMemberId: input.menteeMemberId !== undefined ? input.menteeMemberId : r.menteeMemberId,
      startedOn: input.startedOn ?? r.startedOn, outcome: input.outcome ?? (r.outcome as 'ongoing'),
      tookOverOn: input.tookOverOn !== undefined ? input.tookOverOn : (input.outcome === 'ongoing' ? null : r.tookOverOn),
      activityIds: input.activityIds ?? r.activityIds, note: input.note !== undefined ? input.note : r.note,
    };
    await checkPair(tx, todayShanghai(ctx.now()), { regionId: r.regionId, path }, merged, id);
    const before = await pairOf(tx, r.regionId, id);
    await tx.update(mentoringPairs).set(merged).where(and(eq(mentoringPairs.regionId, r.regionId), eq(mentoringPairs.id, id)));
    const after = await pairOf(tx, r.regionId, id);
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.pair', entityType: 'mentoring_pair', entityId: id, before, after });
    return after;
  });
}

export async function deletePair(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const { r } = await findPair(tx, actor.principal!, id, 'growth.manage');
    const before = await pairOf(tx, r.regionId, id);
    await tx.delete(mentoringPairs).where(and(eq(mentoringPairs.regionId, r.regionId), eq(mentoringPairs.id, id)));
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.pair_delete', entityType: 'mentoring_pair', entityId: id, before });
  });
  return { ok: true as const };
}

const OUTCOME_NAMES: Record<string, string> = { ongoing: '结对中', took_over: '已接班' };
export async function pairsXlsx(ctx: Ctx, p: Principal, q: Omit<z.infer<typeof MentoringListQuery>, 'page' | 'pageSize'>) {
  const all = await listPairs(ctx, p, { ...q, page: 1, pageSize: 5000 });
  return workbookBuffer([{
    name: '交叉结对', boldHeader: true,
    header: ['导师（党员企业家）', '导师企业', '结对对象（企二代）', '结对企业', '结对日期', '结果', '接班日期', '活动（次）', '所属组织', '备注']
      .map((title, i) => ({ title, width: [16, 28, 16, 28, 12, 10, 12, 10, 20, 30][i] })),
    rows: all.items.map((x) => [x.mentorName, x.mentorUnitName, x.menteeName, x.menteeUnitName, x.startedOn, OUTCOME_NAMES[x.outcome], x.tookOverOn, x.activities.length, x.orgName, x.note]),
  }]);
}

/* ───────────── partner schools (合作院校) ───────────── */

type SchoolRow = typeof schoolPartners.$inferSelect;
/** placements counted per partner (all years), read with the partner (qualified by hand: drizzle leaves a lone table's columns bare, which the subquery would read as its own) */
const schoolCounts = (db: DbOrTx) => db.select({
  r: schoolPartners,
  students: sql<number>`coalesce((select sum(tp.people) from talent_placements tp where tp.region_id = school_partners.region_id and tp.school_id = school_partners.id and tp.kind = 'student'), 0)::int`,
  technicians: sql<number>`coalesce((select sum(tp.people) from talent_placements tp where tp.region_id = school_partners.region_id and tp.school_id = school_partners.id and tp.kind = 'technician'), 0)::int`,
  placements: sql<number>`(select count(*) from talent_placements tp where tp.region_id = school_partners.region_id and tp.school_id = school_partners.id)::int`,
}).from(schoolPartners).$dynamic();
const schoolOut = (today: string) => ({ r, students, technicians, placements }: { r: SchoolRow; students: number; technicians: number; placements: number }) => ({
  id: r.id, regionId: r.regionId, orgId: r.orgId, name: r.name, contactName: r.contactName, contactPhone: r.contactPhone,
  agreementFrom: r.agreementFrom, agreementTo: r.agreementTo, note: r.note,
  active: r.agreementFrom <= today && (r.agreementTo === null || r.agreementTo >= today), students, technicians, placements,
});
const activeOn = (today: string) => and(sql`${schoolPartners.agreementFrom} <= ${today}`, sql`(${schoolPartners.agreementTo} is null or ${schoolPartners.agreementTo} >= ${today})`)!;

export async function listSchools(ctx: Ctx, p: Principal, q: z.infer<typeof SchoolPartnerListQuery>) {
  const today = todayShanghai(ctx.now());
  const conds: SQL[] = [await listScope(ctx.db, p, q.orgId, schoolPartners)];
  if (q.q) conds.push(sql`(${schoolPartners.name} ilike ${`%${escapeLike(q.q)}%`} or ${schoolPartners.contactName} ilike ${`%${escapeLike(q.q)}%`})`);
  if (q.active === '1') conds.push(activeOn(today));
  if (q.active === '0') conds.push(sql`not (${activeOn(today)})`);
  const where = and(...conds)!;
  return paginate(q, schoolCounts(ctx.db).where(where).orderBy(schoolPartners.name, schoolPartners.id),
    ctx.db.select({ n: countAll }).from(schoolPartners).where(where), schoolOut(today));
}

async function schoolOf(db: DbOrTx, today: string, regionId: string, id: string) {
  return schoolOut(today)((await schoolCounts(db).where(and(eq(schoolPartners.regionId, regionId), eq(schoolPartners.id, id))))[0]);
}

/** A partner's facts checked together: the period's order, the name once per org, and (when changed) every placement still inside the period. */
async function checkSchool(db: DbOrTx, regionId: string, orgId: string, v: z.infer<typeof SchoolPartnerUpdate>, id?: string) {
  const errs: ErrorDetail[] = [];
  if (v.agreementTo && v.agreementTo < v.agreementFrom) errs.push(fieldError('agreementTo', 'growth.agreement_order'));
  const [dup] = await db.select({ id: schoolPartners.id }).from(schoolPartners)
    .where(and(eq(schoolPartners.regionId, regionId), eq(schoolPartners.orgId, orgId), eq(schoolPartners.name, v.name), id ? sql`${schoolPartners.id} <> ${id}` : undefined)).limit(1);
  if (dup) errs.push(fieldError('name', 'growth.school_exists'));
  if (id) {
    const [out] = await db.select({ n: countAll }).from(talentPlacements).where(and(eq(talentPlacements.regionId, regionId), eq(talentPlacements.schoolId, id),
      sql`(${talentPlacements.year} < ${Number(v.agreementFrom.slice(0, 4))} or ${talentPlacements.year} > ${v.agreementTo ? Number(v.agreementTo.slice(0, 4)) : 9999})`));
    if (out.n) errs.push(fieldError('agreementFrom', 'growth.agreement_leaves_placements'));
  }
  if (errs.length) throw invalid(errs);
}

export async function createSchool(ctx: Ctx, actor: Actor, input: z.infer<typeof SchoolPartnerIn>) {
  return ctx.db.transaction(async (tx) => {
    const o = await findOrg(tx, actor.principal!, input.orgId, 'growth.manage');
    await checkSchool(tx, o.regionId, o.id, input);
    const id = uuidv7();
    await tx.insert(schoolPartners).values({
      regionId: o.regionId, id, orgId: o.id, name: input.name, contactName: input.contactName, contactPhone: input.contactPhone ?? null,
      agreementFrom: input.agreementFrom, agreementTo: input.agreementTo ?? null, note: input.note ?? null, createdAt: new Date(ctx.now()),
    });
    const out = await schoolOf(tx, todayShanghai(ctx.now()), o.regionId, id);
    await audit(tx, actor, { regionId: o.regionId, action: 'growth.school', entityType: 'school_partner', entityId: id, after: out });
    return out;
  });
}

/** A partner the caller may read (growth.read) or keep (growth.manage), with its org's path; 404 otherwise. */
async function findSchool(db: DbOrTx, p: Principal, id: string, perm: Perm) {
  const [r] = await db.select({ regionId: schoolPartners.regionId, id: schoolPartners.id, orgId: schoolPartners.orgId, path: orgs.path }).from(schoolPartners)
    .innerJoin(orgs, and(eq(orgs.regionId, schoolPartners.regionId), eq(orgs.id, schoolPartners.orgId))).where(eq(schoolPartners.id, id)).limit(1);
  assertCan(p, perm, r ? { regionId: r.regionId, orgPath: r.path } : null);
  return r!;
}

export async function getSchool(ctx: Ctx, p: Principal, id: string) {
  const r = await findSchool(ctx.db, p, id, 'growth.read');
  return schoolOf(ctx.db, todayShanghai(ctx.now()), r.regionId, id);
}

export async function updateSchool(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof SchoolPartnerUpdate>) {
  return ctx.db.transaction(async (tx) => {
    const r = await findSchool(tx, actor.principal!, id, 'growth.manage');
    await checkSchool(tx, r.regionId, r.orgId, input, id);
    const today = todayShanghai(ctx.now());
    const before = await schoolOf(tx, today, r.regionId, id);
    await tx.update(schoolPartners).set({
      name: input.name, contactName: input.contactName, contactPhone: input.contactPhone ?? null, agreementFrom: input.agreementFrom,
      agreementTo: input.agreementTo ?? null, note: input.note ?? null,
    }).where(and(eq(schoolPartners.regionId, r.regionId), eq(schoolPartners.id, id)));
    const after = await schoolOf(tx, today, r.regionId, id);
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.school', entityType: 'school_partner', entityId: id, before, after });
    return after;
  });
}

/** A partner without placements may be removed; one with placements is 409 (the placements are its record). */
export async function deleteSchool(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const r = await findSchool(tx, actor.principal!, id, 'growth.manage');
    const before = await schoolOf(tx, todayShanghai(ctx.now()), r.regionId, id);
    if (before.placements) throw conflict('GROWTH_SCHOOL_HAS_PLACEMENTS', { placements: before.placements });
    await tx.delete(schoolPartners).where(and(eq(schoolPartners.regionId, r.regionId), eq(schoolPartners.id, id)));
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.school_delete', entityType: 'school_partner', entityId: id, before });
  });
  return { ok: true as const };
}

/* ───────────── talent placements (人才输送) ───────────── */

const placementRows = (db: DbOrTx) => db.select({ r: talentPlacements, unitName: units.name, school: schoolPartners.name }).from(talentPlacements)
  .innerJoin(units, and(eq(units.regionId, talentPlacements.regionId), eq(units.id, talentPlacements.unitId)))
  .innerJoin(schoolPartners, and(eq(schoolPartners.regionId, talentPlacements.regionId), eq(schoolPartners.id, talentPlacements.schoolId))).$dynamic();
const placementOut = ({ r, unitName, school }: { r: typeof talentPlacements.$inferSelect; unitName: string; school: string }) => ({
  id: r.id, regionId: r.regionId, orgId: r.orgId, unitId: r.unitId, unitName, schoolId: r.schoolId, school, year: r.year, kind: r.kind as 'student', people: r.people, note: r.note,
});

export async function listPlacements(ctx: Pick<Ctx, 'db'>, p: Principal, q: z.infer<typeof PlacementListQuery>) {
  const conds: SQL[] = [await listScope(ctx.db, p, q.orgId, talentPlacements)];
  if (q.year) conds.push(eq(talentPlacements.year, q.year));
  if (q.kind) conds.push(eq(talentPlacements.kind, q.kind));
  if (q.unitId) conds.push(eq(talentPlacements.unitId, q.unitId));
  if (q.schoolId) conds.push(eq(talentPlacements.schoolId, q.schoolId));
  if (q.school) conds.push(sql`${schoolPartners.name} ilike ${`%${escapeLike(q.school)}%`}`);
  const where = and(...conds)!;
  return paginate(q, placementRows(ctx.db).where(where).orderBy(desc(talentPlacements.year), desc(talentPlacements.people), desc(talentPlacements.id)),
    ctx.db.select({ n: countAll }).from(talentPlacements)
      .innerJoin(schoolPartners, and(eq(schoolPartners.regionId, talentPlacements.regionId), eq(schoolPartners.id, talentPlacements.schoolId))).where(where), placementOut);
}

export async function createPlacement(ctx: Ctx, actor: Actor, input: z.infer<typeof PlacementIn>) {
  return ctx.db.transaction(async (tx) => {
    const o = await findOrg(tx, actor.principal!, input.orgId, 'growth.manage');
    await checkPlacement(tx, todayShanghai(ctx.now()), o, input);
    const id = uuidv7();
    await tx.insert(talentPlacements).values({ regionId: o.regionId, id, orgId: o.id, unitId: input.unitId, schoolId: input.schoolId, year: input.year, kind: input.kind, people: input.people, note: input.note ?? null, createdAt: new Date(ctx.now()) });
    const [row] = await placementRows(tx).where(and(eq(talentPlacements.regionId, o.regionId), eq(talentPlacements.id, id)));
    const out = placementOut(row);
    await audit(tx, actor, { regionId: o.regionId, action: 'growth.placement', entityType: 'talent_placement', entityId: id, after: out });
    return out;
  });
}

/** A placement or investment record the caller may record for (growth.manage on its org); 404 otherwise, as a made-up id. */
async function findRecord(db: DbOrTx, p: Principal, table: typeof talentPlacements | typeof investmentRecords, id: string) {
  // both tables have the same key and org columns
  const t = table as typeof talentPlacements;
  const [r] = await db.select({ regionId: t.regionId, id: t.id, orgId: t.orgId, path: orgs.path }).from(t)
    .innerJoin(orgs, and(eq(orgs.regionId, t.regionId), eq(orgs.id, t.orgId))).where(eq(t.id, id)).limit(1);
  assertCan(p, 'growth.manage', r ? { regionId: r.regionId, orgPath: r.path } : null);
  return r!;
}

/**
 * The enterprise, the year (not after this one) and the school: a partner kept by the placement's org or an org above it
 * (the committee's partners serve its branches), whose agreement covers the year.
 */
async function checkPlacement(db: DbOrTx, today: string, o: { regionId: string; path: string }, v: z.infer<typeof PlacementUpdate>) {
  const errs: ErrorDetail[] = [];
  await enterprise(db, o.regionId, v.unitId, 'unitId', errs);
  if (v.year > Number(today.slice(0, 4))) errs.push(fieldError('year', 'growth.year_future'));
  const [s] = await db.select({ from: schoolPartners.agreementFrom, to: schoolPartners.agreementTo }).from(schoolPartners)
    .innerJoin(orgs, and(eq(orgs.regionId, schoolPartners.regionId), eq(orgs.id, schoolPartners.orgId)))
    .where(and(eq(schoolPartners.regionId, o.regionId), eq(schoolPartners.id, v.schoolId), sql`starts_with(${o.path}, ${orgs.path})`));
  if (!s) errs.push(fieldError('schoolId', 'growth.not_partner_school'));
  else if (v.year < Number(s.from.slice(0, 4)) || (s.to !== null && v.year > Number(s.to.slice(0, 4)))) errs.push(fieldError('schoolId', 'growth.school_agreement_year'));
  if (errs.length) throw invalid(errs);
}

export async function updatePlacement(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof PlacementUpdate>) {
  return ctx.db.transaction(async (tx) => {
    const r = await findRecord(tx, actor.principal!, talentPlacements, id);
    await checkPlacement(tx, todayShanghai(ctx.now()), r, input);
    const key = and(eq(talentPlacements.regionId, r.regionId), eq(talentPlacements.id, id));
    const before = placementOut((await placementRows(tx).where(key))[0]);
    await tx.update(talentPlacements).set({ unitId: input.unitId, schoolId: input.schoolId, year: input.year, kind: input.kind, people: input.people, note: input.note ?? null }).where(key);
    const after = placementOut((await placementRows(tx).where(key))[0]);
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.placement', entityType: 'talent_placement', entityId: id, before, after });
    return after;
  });
}

export async function deletePlacement(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const r = await findRecord(tx, actor.principal!, talentPlacements, id);
    const key = and(eq(talentPlacements.regionId, r.regionId), eq(talentPlacements.id, id));
    const before = placementOut((await placementRows(tx).where(key))[0]);
    await tx.delete(talentPlacements).where(key);
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.placement_delete', entityType: 'talent_placement', entityId: id, before });
  });
  return { ok: true as const };
}

export async function placementsXlsx(ctx: Ctx, p: Principal, q: Omit<z.infer<typeof PlacementListQuery>, 'page' | 'pageSize'>) {
  const all = await listPlacements(ctx, p, { ...q, page: 1, pageSize: 5000 });
  return workbookBuffer([{
    name: '人才输送', boldHeader: true,
    header: ['年度', '类别', '企业', '合作院校', '人数', '备注'].map((title, i) => ({ title, width: [8, 10, 30, 28, 8, 30][i] })),
    rows: all.items.map((x) => [x.year, x.kind === 'student' ? '学生' : '技术人员', x.unitName, x.school, x.people, x.note]),
  }]);
}

/* ───────────── investment records (引进来 / 走出去) ───────────── */

const investmentRows = (db: DbOrTx) => db.select({ r: investmentRecords, unitName: units.name }).from(investmentRecords)
  .innerJoin(units, and(eq(units.regionId, investmentRecords.regionId), eq(units.id, investmentRecords.unitId))).$dynamic();
const investmentOut = ({ r, unitName }: { r: typeof investmentRecords.$inferSelect; unitName: string }) => ({
  id: r.id, regionId: r.regionId, orgId: r.orgId, unitId: r.unitId, unitName, kind: r.kind as 'introduced', title: r.title, on: r.on, place: r.place,
  amountFen: r.amountFen, note: r.note,
});

export async function listInvestments(ctx: Pick<Ctx, 'db'>, p: Principal, q: z.infer<typeof InvestmentListQuery>) {
  const conds: SQL[] = [await listScope(ctx.db, p, q.orgId, investmentRecords)];
  if (q.kind) conds.push(eq(investmentRecords.kind, q.kind));
  if (q.unitId) conds.push(eq(investmentRecords.unitId, q.unitId));
  if (q.year) conds.push(and(gte(investmentRecords.on, `${q.year}-01-01`), lt(investmentRecords.on, `${q.year + 1}-01-01`))!);
  if (q.q) conds.push(sql`${investmentRecords.title} ilike ${`%${escapeLike(q.q)}%`}`);
  const where = and(...conds)!;
  return paginate(q, investmentRows(ctx.db).where(where).orderBy(desc(investmentRecords.on), desc(investmentRecords.id)),
    ctx.db.select({ n: countAll }).from(investmentRecords).where(where), investmentOut);
}

export async function createInvestment(ctx: Ctx, actor: Actor, input: z.infer<typeof InvestmentIn>) {
  return ctx.db.transaction(async (tx) => {
    const o = await findOrg(tx, actor.principal!, input.orgId, 'growth.manage');
    await checkInvestment(tx, todayShanghai(ctx.now()), o.regionId, input);
    const id = uuidv7();
    await tx.insert(investmentRecords).values({
      regionId: o.regionId, id, orgId: o.id, unitId: input.unitId, kind: input.kind, title: input.title, on: input.on, place: input.place ?? null,
      amountFen: input.amountFen ?? null, note: input.note ?? null, createdAt: new Date(ctx.now()),
    });
    const [row] = await investmentRows(tx).where(and(eq(investmentRecords.regionId, o.regionId), eq(investmentRecords.id, id)));
    const out = investmentOut(row);
    await audit(tx, actor, { regionId: o.regionId, action: 'growth.investment', entityType: 'investment_record', entityId: id, after: out });
    return out;
  });
}

async function checkInvestment(db: DbOrTx, today: string, regionId: string, v: z.infer<typeof InvestmentUpdate>) {
  const errs: ErrorDetail[] = [];
  await enterprise(db, regionId, v.unitId, 'unitId', errs);
  if (v.on > today) errs.push(fieldError('on', 'growth.date_future'));
  if (errs.length) throw invalid(errs);
}

export async function updateInvestment(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof InvestmentUpdate>) {
  return ctx.db.transaction(async (tx) => {
    const r = await findRecord(tx, actor.principal!, investmentRecords, id);
    await checkInvestment(tx, todayShanghai(ctx.now()), r.regionId, input);
    const key = and(eq(investmentRecords.regionId, r.regionId), eq(investmentRecords.id, id));
    const before = investmentOut((await investmentRows(tx).where(key))[0]);
    await tx.update(investmentRecords).set({
      unitId: input.unitId, kind: input.kind, title: input.title, on: input.on, place: input.place ?? null, amountFen: input.amountFen ?? null, note: input.note ?? null,
    }).where(key);
    const after = investmentOut((await investmentRows(tx).where(key))[0]);
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.investment', entityType: 'investment_record', entityId: id, before, after });
    return after;
  });
}

export async function deleteInvestment(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const r = await findRecord(tx, actor.principal!, investmentRecords, id);
    const key = and(eq(investmentRecords.regionId, r.regionId), eq(investmentRecords.id, id));
    const before = investmentOut((await investmentRows(tx).where(key))[0]);
    await tx.delete(investmentRecords).where(key);
    await audit(tx, actor, { regionId: r.regionId, action: 'growth.investment_delete', entityType: 'investment_record', entityId: id, before });
  });
  return { ok: true as const };
}

const KIND_NAMES: Record<string, string> = { introduced: '引进项目', joint_venture: '合资合作', branch: '设立分支机构' };
export async function investmentsXlsx(ctx: Ctx, p: Principal, q: Omit<z.infer<typeof InvestmentListQuery>, 'page' | 'pageSize'>) {
  const all = await listInvestments(ctx, p, { ...q, page: 1, pageSize: 5000 });
  return workbookBuffer([{
    name: '招商引资', boldHeader: true,
    header: ['日期', '类别', '项目', '企业', '地点', '金额（万元）', '备注'].map((title, i) => ({ title, width: [12, 14, 36, 30, 16, 12, 30][i] })),
    rows: all.items.map((x) => [x.on, KIND_NAMES[x.kind], x.title, x.unitName, x.place, x.amountFen === null ? null : x.amountFen / 1_000_000, x.note]),
  }]);
}

/* ───────────── developed members tagged as owners / technicians, and the figures ───────────── */

/** "Recent years": the members who joined the party since 1 January five years back. */
export const defaultSince = (now: number) => `${Number(todayShanghai(now).slice(0, 4)) - 4}-01-01`;
const hasTag = (tag: string) => sql`${members.tags} @> array[${tag}]::text[]`;

function talentConds(p: Principal, o: OrgRef, since: string): SQL {
  return and(eq(members.regionId, o.regionId), orgInSubtree(members.orgId, o.regionId, o.path), inArray(members.stage, ['probationary', 'full']),
    gte(members.joinedOn, since), scopeWhere(p, 'members.read', { regionId: members.regionId, orgId: members.orgId }))!;
}

export async function listTalents(ctx: Ctx, p: Principal, q: z.infer<typeof TalentQuery>) {
  const o = await findOrg(ctx.db, p, q.orgId, 'growth.read');
  const conds = [talentConds(p, o, q.since ?? defaultSince(ctx.now()))];
  if (q.talent === 'owner') conds.push(hasTag(TALENT_TAGS.owner));
  if (q.talent === 'technician') conds.push(hasTag(TALENT_TAGS.technician));
  if (q.talent === 'none') conds.push(sql`not (${members.tags} && array[${TALENT_TAGS.owner}, ${TALENT_TAGS.technician}]::text[])`);
  const where = and(...conds)!;
  return paginate(q, ctx.db.select({ m: members, orgName: orgs.name }).from(members)
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId))).where(where).orderBy(desc(members.joinedOn), desc(members.id)),
  ctx.db.select({ n: countAll }).from(members).where(where), ({ m, orgName }) => ({
    id: m.id, name: m.name, orgId: m.orgId, orgName, stage: m.stage, joinedOn: m.joinedOn, occupation: m.occupation, tags: m.tags,
    talent: m.tags.includes(TALENT_TAGS.owner) ? 'owner' as const : m.tags.includes(TALENT_TAGS.technician) ? 'technician' as const : null,
  }));
}

export async function growthFigures(ctx: Ctx, p: Principal, q: z.infer<typeof GrowthFiguresQuery>) {
  const o = await findOrg(ctx.db, p, q.orgId, 'growth.read');
  const since = q.since ?? defaultSince(ctx.now());
  const [pairs] = await ctx.db.select({ n: countAll, took: sql<number>`count(*) filter (where ${mentoringPairs.outcome} = 'took_over')::int` })
    .from(mentoringPairs).where(visible(p, o, mentoringPairs));
  const placements = await ctx.db.select({
    year: talentPlacements.year,
    students: sql<number>`coalesce(sum(${talentPlacements.people}) filter (where ${talentPlacements.kind} = 'student'), 0)::int`,
    technicians: sql<number>`coalesce(sum(${talentPlacements.people}) filter (where ${talentPlacements.kind} = 'technician'), 0)::int`,
    schools: sql<number>`count(distinct ${talentPlacements.schoolId})::int`, enterprises: sql<number>`count(distinct ${talentPlacements.unitId})::int`,
  }).from(talentPlacements).where(visible(p, o, talentPlacements)).groupBy(talentPlacements.year).orderBy(desc(talentPlacements.year));
  const today = todayShanghai(ctx.now());
  const [schools] = await ctx.db.select({ n: countAll, active: sql<number>`count(*) filter (where ${activeOn(today)})::int` })
    .from(schoolPartners).where(visible(p, o, schoolPartners));
  const [joined] = await ctx.db.select({ n: countAll }).from(mentoringPairs).where(and(visible(p, o, mentoringPairs), sql`${mentoringPairs.menteeMemberId} is not null`));
  const inv = await ctx.db.select({ kind: investmentRecords.kind, n: countAll }).from(investmentRecords)
    .where(visible(p, o, investmentRecords)).groupBy(investmentRecords.kind);
  const [t] = await ctx.db.select({
    n: countAll,
    owners: sql<number>`count(*) filter (where ${hasTag(TALENT_TAGS.owner)})::int`,
    technicians: sql<number>`count(*) filter (where ${hasTag(TALENT_TAGS.technician)} and not ${hasTag(TALENT_TAGS.owner)})::int`,
  }).from(members).where(talentConds(p, o, since));
  const invBy = Object.fromEntries(inv.map((x) => [x.kind, x.n]));
  return {
    pairs: pairs.n, tookOver: pairs.took, placements, schoolPartners: schools.n, schoolPartnersActive: schools.active, menteesJoined: joined.n,
    investments: { introduced: invBy.introduced ?? 0, joint_venture: invBy.joint_venture ?? 0, branch: invBy.branch ?? 0 },
    since, developed: t.n, owners: t.owners, technicians: t.technicians,
  };
}

