import { and, asc, desc, eq, inArray, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Member, MemberListQuery, MemberStage } from '../../../shared/directory.ts';
import { addDays, addYears, todayShanghai, yearsBetween } from '../../../shared/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskIdNumber, maskPhone } from '../../platform/mask.ts';
import { countAll, emptyPage, paginate } from '../../platform/pagination.ts';
import { auditLog } from '../../platform/schema.ts';
import { assertCan, can, holdsAnywhere, pathUnder, scopeWhere, type Principal } from '../../platform/scope.ts';
import { categoryOf, checkMember, checkMemberInput, checkMemberUpdate, nextStage, STAGE_DATE, stageIndex } from './member-rules.ts';
import { namePinyin } from './pinyin.ts';
import { duplicateIdError, guardedWrite, type IdHolder, type RegistrationGuard } from './registration-guard.ts';
import { members, memberTransfers, orgs } from './schema.ts';
import { escapeLike } from '../../platform/like.ts';

export type MemberRow = typeof members.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;

/** Statuses that no longer count in an organisation's figures. */
export const INACTIVE_STATUSES = ['transferred_out', 'left', 'deceased'] as const;

export const memberTarget = (m: MemberRow, org: { path: string }) => ({ regionId: m.regionId, orgPath: org.path, memberId: m.id });

/**
 * A member as this reader may see it. Without `members.pii` on the member's organisation: ID number masked to
 * area code + check digit, phone masked, birth date reduced to the year and age to the age reached this year
 * (an exact age would tell, the day it changes, the birthday) — so nothing returned rebuilds the ID number.
 */
export function toMember(m: MemberRow, org: { name: string; path: string } | null, p: Principal, today: string): Member {
  const pii = org ? can(p, 'members.pii', { regionId: m.regionId, orgPath: org.path, memberId: m.id }) : false;
  const birthYear = Number(m.birthDate.slice(0, 4));
  return {
    id: m.id, regionId: m.regionId, orgId: m.orgId, orgName: org?.name ?? null,
    name: m.name, namePinyin: m.namePinyin, gender: m.gender as 'M', ethnicity: m.ethnicity,
    birthDate: pii ? m.birthDate : null, birthYear,
    age: pii ? yearsBetween(m.birthDate, today) : Number(today.slice(0, 4)) - birthYear,
    idNumber: pii ? m.idNumber : maskIdNumber(m.idNumber)!,
    education: m.education, occupation: m.occupation,
    phone: pii ? m.phone : maskPhone(m.phone),
    address: m.address,
    stage: m.stage as MemberStage, category: categoryOf(m.stage as MemberStage),
    appliedOn: m.appliedOn, activistOn: m.activistOn, candidateOn: m.candidateOn, joinedOn: m.joinedOn, fullOn: m.fullOn,
    partyAge: m.fullOn ? Math.max(0, yearsBetween(m.fullOn, today)) : null,
    status: m.status as Member['status'], tags: m.tags, pii,
  };
}

/** The org a member is put in: must exist and be writable by the caller, else a field error (no hint). */
async function writableOrg(db: DbOrTx, p: Principal, orgId: string, field = 'orgId'): Promise<OrgRow> {
  const [o] = await db.select().from(orgs).where(eq(orgs.id, orgId)).limit(1);
  if (!o || !can(p, 'members.write', { regionId: o.regionId, orgPath: o.path })) {
    throw invalid([fieldError(field, 'org.not_found')]);
  }
  return o;
}

/** A member the caller may read (or write): 404 as for a made-up id otherwise. The active record first. */
export async function findMember(db: DbOrTx, p: Principal, id: string, perm: 'members.read' | 'members.write' = 'members.read', regionId?: string) {
  const rows = await db.select({ m: members, o: orgs }).from(members)
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(and(eq(members.id, id), regionId ? eq(members.regionId, regionId) : undefined))
    .orderBy(sql`${members.status} = 'transferred_out'`); // the active record first
  const visible = rows.find((r) => can(p, perm, memberTarget(r.m, r.o)));
  if (!visible) {
    assertCan(p, perm, null);
  }
  return visible!;
}

/** Another active member with this ID number, in any region. */
async function idNumberTaken(db: DbOrTx, idNumber: string, exceptId?: string): Promise<IdHolder | null> {
  const rows = await db.select({ id: members.id, regionId: members.regionId, path: orgs.path }).from(members)
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(and(eq(members.idNumber, idNumber), notInArray(members.status, ['transferred_out']), exceptId ? ne(members.id, exceptId) : undefined))
    .limit(1);
  return rows[0] ?? null;
}

export function today(now: () => number) { return todayShanghai(now()); }

/** The answer to a body with problems: 400 when some field breaks the contract, else 422 (only rules broken). */
const problemsError = (problems: ErrorDetail[], malformed: boolean) => (malformed ? new AppError(400, 'VALIDATION_FAILED', {}, problems) : invalid(problems));

/**
 * Adds a member. The body is checked here, whole (the route attaches the schema's verdict instead of answering it):
 * every field's problem — the contract's, the org's and the rules' — comes back in one answer.
 */
export async function createMember(ctx: Ctx, actor: Actor, body: unknown, guard: RegistrationGuard) {
  const { db } = ctx;
  const p = actor.principal!;
  const t = today(ctx.now);
  return guardedWrite(db, actor, guard, 'create', () => db.transaction(async (tx) => {
    const checked = checkMemberInput(body, t);
    const problems: ErrorDetail[] = [...checked.problems];
    let org: OrgRow | null = null;
    if (checked.fields.orgId) {
      try { org = await writableOrg(tx, p, checked.fields.orgId); } catch (e) {
        if (!(e instanceof AppError) || !e.details) throw e;
        problems.unshift(...e.details);
      }
    }
    // a duplicate ID number comes back with the other problems, not in a second answer once they are fixed —
    // when the caller may know of it (else the refusal stays the anti-probing one, after the other problems)
    const idFine = typeof checked.fields.idNumber === 'string' && !problems.some((x) => x.field === 'idNumber');
    if (problems.length && idFine && org) {
      const idNumber = checked.fields.idNumber!.trim().toUpperCase();
      const holder = await idNumberTaken(tx, idNumber);
      if (holder) {
        const dup = duplicateIdError(p, holder, { regionId: org.regionId, orgId: org.id }, idNumber);
        if (dup instanceof AppError && dup.details) problems.push(...dup.details);
      }
    }
    if (problems.length || !checked.value || !org) throw problemsError(problems, checked.malformed);
    const input = checked.value;
    const idNumber = input.idNumber.trim().toUpperCase();
    const taken = await idNumberTaken(tx, idNumber);
    if (taken) throw duplicateIdError(p, taken, { regionId: org.regionId, orgId: org.id }, idNumber);
    const py = namePinyin(input.name);
    const [row] = await tx.insert(members).values({
      regionId: org.regionId, id: uuidv7(), orgId: org.id, name: input.name, namePinyin: py.full, nameInitials: py.initials,
      gender: input.gender, ethnicity: input.ethnicity ?? null, birthDate: input.birthDate, idNumber,
      education: input.education ?? null, occupation: input.occupation ?? null, phone: input.phone ?? null,
      address: input.address ?? null, stage: input.stage, appliedOn: input.appliedOn ?? null, activistOn: input.activistOn ?? null,
      candidateOn: input.candidateOn ?? null, joinedOn: input.joinedOn ?? null, fullOn: input.fullOn ?? null,
      status: input.status ?? 'normal', tags: input.tags ?? [],
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'member.create', entityType: 'member', entityId: row.id, after: row });
    return toMember(row, org, p, t);
  }));
}

/** Changes a member: the body checked whole (as createMember), the rules judged on the record as it would be. */
export async function updateMember(ctx: Ctx, actor: Actor, id: string, body: unknown, guard: RegistrationGuard) {
  const { db, now } = ctx;
  const p = actor.principal!;
  const t = today(now);
  const write = () => db.transaction(async (tx) => {
    const { m: before, o } = await findMember(tx, p, id, 'members.write');
    if (before.status === 'transferred_out') throw invalid([fieldError('status', 'member.not_active', { status: before.status })]);
    const checked = checkMemberUpdate(body, t, { ...before, gender: before.gender as 'M', stage: before.stage as MemberStage });
    if (checked.problems.length || !checked.value) throw problemsError(checked.problems, checked.malformed);
    const input = checked.value;
    const next = { ...before, ...input, idNumber: (input.idNumber ?? before.idNumber).trim().toUpperCase() };
    if (next.idNumber !== before.idNumber) {
      const taken = await idNumberTaken(tx, next.idNumber, id);
      if (taken) throw duplicateIdError(p, taken, { regionId: before.regionId, orgId: before.orgId }, next.idNumber);
    }
    const py = input.name ? namePinyin(input.name) : null;
    const [row] = await tx.update(members).set({
      ...input, idNumber: next.idNumber, ...(py ? { namePinyin: py.full, nameInitials: py.initials } : {}), updatedAt: new Date(now()),
    }).where(and(eq(members.regionId, before.regionId), eq(members.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'member.update', entityType: 'member', entityId: id, before, after: row });
    return toMember(row, o, p, t);
  });
  // a new ID number is a registration by ID number: limited and audited like one
  const changesId = body !== null && typeof body === 'object' && (body as Record<string, unknown>).idNumber !== undefined;
  return changesId ? guardedWrite(db, actor, guard, 'update', write) : write();
}

/** Moves a member one step along applicant → activist → candidate → probationary → full. */
export async function advanceMember(ctx: Ctx, actor: Actor, id: string, body: { stage: MemberStage; date: string }) {
  const { db, now } = ctx;
  const p = actor.principal!;
  const t = today(now);
  return db.transaction(async (tx) => {
    const { m: before, o } = await findMember(tx, p, id, 'members.write');
    if (INACTIVE_STATUSES.includes(before.status as never)) throw invalid([fieldError('stage', 'member.not_active', { status: before.status })]);
    const expected = nextStage(before.stage as MemberStage);
    if (!expected) throw invalid([fieldError('stage', 'member.already_full')]);
    if (body.stage !== expected) throw invalid([fieldError('stage', 'member.wrong_next_stage', { expected })]);
    const key = STAGE_DATE[body.stage];
    const next = { ...before, stage: body.stage, [key]: body.date };
    const errs = checkMember({ ...next, gender: next.gender as 'M', stage: body.stage } as never, t)
      .map((e) => (e.field === key ? { ...e, field: 'date' } : e));
    if (errs.length) throw invalid(errs);
    const [row] = await tx.update(members).set({ stage: body.stage, [key]: body.date, updatedAt: new Date(now()) })
      .where(and(eq(members.regionId, before.regionId), eq(members.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'member.advance', entityType: 'member', entityId: id, before, after: row });
    return toMember(row, o, p, t);
  });
}

/** Moves a member's organisational relationship to another org, in this region or another. */
export async function transferMember(ctx: Ctx, actor: Actor, id: string, body: { toOrgId: string; date: string; reason?: string }, guard: RegistrationGuard) {
  const { db, now } = ctx;
  const p = actor.principal!;
  const t = today(now);
  return guardedWrite(db, actor, guard, 'transfer', () => db.transaction(async (tx) => {
    const { m: before } = await findMember(tx, p, id, 'members.write');
    if (INACTIVE_STATUSES.includes(before.status as never)) throw invalid([fieldError('toOrgId', 'member.not_active', { status: before.status })]);
    const target = await writableOrg(tx, p, body.toOrgId, 'toOrgId');
    if (target.regionId === before.regionId && target.id === before.orgId) throw invalid([fieldError('toOrgId', 'member.same_org')]);
    if (body.date > t) throw invalid([fieldError('date', 'date.future')]);
    const [last] = await tx.select({ d: memberTransfers.transferredOn }).from(memberTransfers)
      .where(and(eq(memberTransfers.regionId, before.regionId), eq(memberTransfers.memberId, id)))
      .orderBy(desc(memberTransfers.transferredOn)).limit(1);
    if (last && body.date < last.d) throw invalid([fieldError('date', 'member.transfer_date')]);
    const transferId = uuidv7();
    const rec = {
      id: transferId, memberId: id, fromRegionId: before.regionId, fromOrgId: before.orgId, toRegionId: target.regionId, toOrgId: target.id, toMemberId: id,
      transferredOn: body.date, reason: body.reason ?? null, createdBy: p.id,
    };
    let after: MemberRow;
    if (target.regionId === before.regionId) {
      [after] = await tx.update(members).set({ orgId: target.id, updatedAt: new Date(now()) })
        .where(and(eq(members.regionId, before.regionId), eq(members.id, id))).returning();
      await tx.insert(memberTransfers).values({ regionId: before.regionId, ...rec });
    } else {
      // across regions: the record moves (same member id) and the old one stays as history
      await tx.update(members).set({ status: 'transferred_out', updatedAt: new Date(now()) })
        .where(and(eq(members.regionId, before.regionId), eq(members.id, id)));
      const { regionId: _r, orgId: _o, status: _s, createdAt: _c, updatedAt: _u, ...carry } = before;
      const [existing] = await tx.select().from(members).where(and(eq(members.regionId, target.regionId), eq(members.id, id)));
      if (existing) {
        [after] = await tx.update(members).set({ ...carry, orgId: target.id, status: 'normal', updatedAt: new Date(now()) })
          .where(and(eq(members.regionId, target.regionId), eq(members.id, id))).returning();
      } else {
        const [clash] = await tx.select({ id: members.id, regionId: members.regionId, path: orgs.path }).from(members)
          .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
          .where(and(eq(members.regionId, target.regionId), eq(members.idNumber, before.idNumber)));
        if (clash) throw duplicateIdError(p, clash, { regionId: target.regionId, orgId: target.id }, before.idNumber, 'toOrgId');
        [after] = await tx.insert(members).values({ ...carry, regionId: target.regionId, orgId: target.id, status: 'normal' }).returning();
      }
      // the history is kept on both sides
      await tx.insert(memberTransfers).values([{ regionId: before.regionId, ...rec }, { regionId: target.regionId, ...rec }]);
      await audit(tx, actor, { regionId: target.regionId, action: 'member.transfer_in', entityType: 'member', entityId: id, before: null, after });
    }
    await audit(tx, actor, { regionId: before.regionId, action: 'member.transfer', entityType: 'member', entityId: id, before, after: rec });
    return toMember(after, target, p, t);
  }), 'toOrgId');
}

export async function memberTransfersOf(db: DbOrTx, regionId: string, id: string) {
  const rows = await db.select().from(memberTransfers)
    .where(and(eq(memberTransfers.regionId, regionId), eq(memberTransfers.memberId, id)))
    .orderBy(asc(memberTransfers.transferredOn), asc(memberTransfers.createdAt));
  const orgIds = [...new Set(rows.flatMap((r) => [r.fromOrgId, r.toOrgId]))];
  const names = orgIds.length ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, orgIds)) : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return rows.map((r) => {
    return {
      id: r.id, memberId: r.memberId, fromRegionId: r.fromRegionId, fromOrgId: r.fromOrgId, fromOrgName: nameOf.get(r.fromOrgId) ?? null,
      toRegionId: r.toRegionId, toOrgId: r.toOrgId, toOrgName: nameOf.get(r.toOrgId) ?? null,
      transferredOn: r.transferredOn, reason: r.reason, createdAt: r.createdAt.toISOString(),
    };
  });
}


/** Rows whose ID number, phone and birth date this reader may see (`members.pii` on the member's org), in SQL. */
const piiWhere = (p: Principal) => scopeWhere(p, 'members.pii', { regionId: members.regionId, orgId: members.orgId, memberId: members.id });

/**
 * A condition on the birth date that respects masking: the exact date where the reader holds `members.pii`,
 * only the birth year elsewhere (filtering by the exact date would tell a masked birth date by bisection).
 */
const byBirth = (p: Principal, exact: SQL, byYear: SQL) => sql`(case when ${piiWhere(p)} then ${exact} else ${byYear} end)`;
const birthYearCol = sql`extract(year from ${members.birthDate})::int`;

/** WHERE conditions of the member list (scope first, always in SQL). */
export async function memberConditions(db: DbOrTx, p: Principal, q: Omit<MemberListQuery, 'page' | 'pageSize' | 'sort'>, t: string): Promise<SQL[]> {
  const conds: SQL[] = [scopeWhere(p, 'members.read', { regionId: members.regionId, orgId: members.orgId, memberId: members.id })];
  if (q.regionId) conds.push(eq(members.regionId, q.regionId));
  if (q.orgId) {
    // the subtree in the same statement (no separate lookup of the org): its path is the prefix. Matched with
    // region_id too, so that on Citus the subquery joins on the distribution column and the list stays on one shard
    conds.push(sql`(${members.regionId}, ${members.orgId}) in (select o.region_id, o.id from orgs o join orgs s on s.region_id = o.region_id
      and ${pathUnder(sql`o.path`, sql`s.path`)}
      where s.id = ${q.orgId})`);
  }
  if (q.stage?.length) conds.push(inArray(members.stage, q.stage));
  if (q.category) conds.push(eq(members.stage, q.category));
  if (q.status?.length) conds.push(inArray(members.status, q.status));
  else conds.push(ne(members.status, 'transferred_out'));
  if (q.gender) conds.push(eq(members.gender, q.gender));
  const year = Number(t.slice(0, 4));
  if (q.ageMin !== undefined) conds.push(byBirth(p, sql`${members.birthDate} <= ${addYears(t, -q.ageMin)}`, sql`${birthYearCol} <= ${year - q.ageMin}`));
  if (q.ageMax !== undefined) conds.push(byBirth(p, sql`${members.birthDate} > ${addYears(t, -(q.ageMax + 1))}`, sql`${birthYearCol} >= ${year - q.ageMax}`));
  if (q.partyAgeMin !== undefined) conds.push(sql`${members.fullOn} <= ${addYears(t, -q.partyAgeMin)}`);
  if (q.partyAgeMax !== undefined) conds.push(sql`${members.fullOn} > ${addYears(t, -(q.partyAgeMax + 1))}`);
  if (q.tags?.length) conds.push(sql`${members.tags} @> ${`{${q.tags.map((x) => `"${x.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]`);
  if (q.q) {
    const s = q.q.replace(/\s+/g, '');
    if (/^[a-z]+$/i.test(s)) {
      const l = escapeLike(s.toLowerCase()) + '%';
      conds.push(sql`(${members.namePinyin} like ${l} or ${members.nameInitials} like ${l})`);
    } else if (/^\d{4,}[\dxX]?$/.test(s)) {
      // by ID number only where the reader holds members.pii on the member's own org; elsewhere nothing matches
      conds.push(sql`(${members.idNumber} like ${escapeLike(s.toUpperCase()) + '%'} and ${piiWhere(p)})`);
    } else {
      conds.push(sql`${members.name} like ${escapeLike(s) + '%'}`);
    }
  }
  return conds;
}

/** Sort orders; by birth date sorts masked rows by birth year only (the order would tell the date). */
function sortOf(p: Principal, sort: string): SQL {
  const birth = sql`(case when ${piiWhere(p)} then ${members.birthDate} else make_date(${birthYearCol}, 1, 1) end)`;
  const sorts: Record<string, SQL> = {
    name: sql`${members.namePinyin} asc, ${members.id} asc`, '-name': sql`${members.namePinyin} desc, ${members.id} desc`,
    birthDate: sql`${birth} asc, ${members.id}`, '-birthDate': sql`${birth} desc, ${members.id}`,
    joinedOn: sql`${members.joinedOn} asc nulls last, ${members.id}`, '-joinedOn': sql`${members.joinedOn} desc nulls last, ${members.id}`,
    createdAt: sql`${members.createdAt} asc, ${members.id}`, '-createdAt': sql`${members.createdAt} desc, ${members.id}`,
  };
  return sorts[sort];
}

/** Members with the name and path of their org (what masking decides on). */
export const memberRows = (db: DbOrTx) => db.select({ m: members, o: { name: orgs.name, path: orgs.path } }).from(members)
  .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId))).$dynamic();

export async function listMembers(ctx: Ctx, p: Principal, q: MemberListQuery) {
  if (!holdsAnywhere(p, 'members.read')) return emptyPage<Member>(q);
  const t = today(ctx.now);
  const where = and(...(await memberConditions(ctx.db, p, q, t)));
  return paginate(q, memberRows(ctx.db).where(where).orderBy(sortOf(p, q.sort ?? 'name')),
    ctx.db.select({ n: countAll }).from(members).where(where), (r) => toMember(r.m, r.o, p, t));
}

/** One member with their transfers. */
export async function memberDetail(ctx: Ctx, p: Principal, id: string) {
  const { m, o } = await findMember(ctx.db, p, id);
  return { ...toMember(m, o, p, today(ctx.now)), transfers: await memberTransfersOf(ctx.db, m.regionId, m.id) };
}

/** The audit history of a member the caller may read (the latest 200 entries). */
export async function memberHistory(ctx: Ctx, p: Principal, id: string) {
  const { m } = await findMember(ctx.db, p, id);
  const rows = await ctx.db.select().from(auditLog)
    .where(and(eq(auditLog.regionId, m.regionId), eq(auditLog.entityType, 'member'), eq(auditLog.entityId, m.id)))
    .orderBy(desc(auditLog.at)).limit(200);
  return rows.map((x) => ({ ...x, at: x.at.toISOString() }));
}

/** The caller's own member record, in full: one's own ID number and phone are one's own. */
export async function ownMember(ctx: Ctx, p: Principal) {
  if (!p.memberId || !p.memberRegionId) throw notFound();
  const [row] = await memberRows(ctx.db).where(and(eq(members.regionId, p.memberRegionId), eq(members.id, p.memberId)));
  if (!row) throw notFound();
  return { ...toMember(row.m, row.o, p, today(ctx.now)), idNumber: row.m.idNumber, phone: row.m.phone, pii: true };
}

/** Who is due for the next development step: activists after a year, probationary members after a year. */
export async function dueList(ctx: Ctx, p: Principal, q: { regionId?: string; orgId?: string; withinDays: number }) {
  const { db } = ctx;
  const t = today(ctx.now);
  const horizon = addDays(t, q.withinDays);
  const conds = await memberConditions(db, p, { regionId: q.regionId, orgId: q.orgId }, t);
  const lastYear = addYears(horizon, -1);
  conds.push(sql`((${members.stage} = 'activist' and ${members.activistOn} <= ${lastYear})
    or (${members.stage} = 'probationary' and ${members.joinedOn} <= ${lastYear}))`);
  conds.push(sql`${members.status} not in ('transferred_out', 'left', 'deceased')`);
  const rows = await db.select({ m: members, orgName: orgs.name }).from(members)
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(and(...conds)).orderBy(asc(members.stage), asc(members.namePinyin)).limit(1000);
  return rows.map(({ m, orgName }) => {
    const stage = m.stage as MemberStage;
    const since = (m[STAGE_DATE[stage] as keyof MemberRow] as string) ?? t;
    const dueOn = addYears(since, 1);
    return { memberId: m.id, name: m.name, orgId: m.orgId, orgName, stage, nextStage: nextStage(stage)!, since, dueOn };
  });
}

export { stageIndex, AppError };
