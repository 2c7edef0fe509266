import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type {
  MediationAgreementIn, MediationAssign, MediationCreate, MediationExtend, MediationFailure, MediationFiguresQuery, MediationFollowUp,
  MediationListQuery, MediationSessionIn, TermPerformed,
} from '../../../shared/chamber.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import {
  addEvent, assignCase, assignmentsOf, caseById, caseNumber, extendCase, isAssigned, moveCase, openCase, rateCase, ratingsOf, timelineOf, whoOf,
  type CaseFlow, type CaseRow,
} from '../../platform/cases/engine.ts';
import { addCaseFile, caseFileById, filesOf, storedCaseFile, toCaseFile } from '../../platform/cases/files.ts';
import { caseAssignments, caseRatings, cases } from '../../platform/cases/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskIdNumber, maskPhone } from '../../platform/mask.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertCan, can, scopeWhere, type Principal } from '../../platform/scope.ts';
import type { ReceivedFile } from '../../platform/uploads.ts';
import { orgs } from '../directory/schema.ts';
import './messages.ts';
import { mediationAgreements, mediationCases, mediationFollowUps, mediationParties, mediationSessions, type TermRow } from './schema.ts';

export type MediationStage = 'accepted' | 'mediating' | 'agreed' | 'failed' | 'closed';

/**
 * The mediation flow on the case engine: accepted (受理) → mediating (调解中, once a mediator is assigned) →
 * agreed (达成协议) or failed (调解不成) → closed (结案, only with a follow-up visit). The one-month limit of the
 * 人民调解法 counts from acceptance; it may be extended once, by 30 days, with both parties' consent.
 */
export const MEDIATION_FLOW: CaseFlow<MediationStage> = {
  kind: 'mediation',
  stages: ['accepted', 'mediating', 'agreed', 'failed', 'closed'],
  initial: 'accepted',
  next: { accepted: ['mediating', 'failed'], mediating: ['agreed', 'failed'], agreed: ['closed'], failed: ['closed'], closed: [] },
  final: ['closed'],
  limits: { accepted: { days: 30 }, mediating: { days: 30 } },
  ratingMax: 3,
};
export const EXTENSION_DAYS = 30;
/** days after signing in which the parties may apply for judicial confirmation (司法确认) */
export const CONFIRMATION_DAYS = 30;

type Access = { c: CaseRow; m: typeof mediationCases.$inferSelect; orgName: string; orgPath: string; manage: boolean; assigned: boolean };

/**
 * The case when the caller may see it: the committee (mediation.manage on the case's org) or a mediator assigned
 * to it (mediation.handle there and a current assignment). Anyone else gets 404, as for a made-up id.
 */
export async function findMediation(db: DbOrTx, p: Principal | null, id: string): Promise<Access> {
  const [row] = await db.select({ c: cases, m: mediationCases, orgName: orgs.name, orgPath: orgs.path }).from(cases)
    .innerJoin(mediationCases, and(eq(mediationCases.regionId, cases.regionId), eq(mediationCases.id, cases.id)))
    .innerJoin(orgs, and(eq(orgs.regionId, cases.regionId), eq(orgs.id, cases.orgId)))
    .where(and(eq(cases.id, id), eq(cases.kind, MEDIATION_FLOW.kind))).limit(1);
  if (!row || !p) throw notFound();
  const target = { regionId: row.c.regionId, orgPath: row.orgPath };
  const manage = can(p, 'mediation.manage', target);
  const assigned = !manage && can(p, 'mediation.handle', target) && await isAssigned(db, row.c, p.id, 'mediator');
  if (!manage && !assigned) throw notFound();
  return { ...row, manage, assigned };
}

const stageOf = (c: CaseRow) => c.stage as MediationStage;
const refuseUnless = (c: CaseRow, stages: MediationStage[], code = 'MEDIATION_STAGE') => {
  if (!stages.includes(stageOf(c))) throw conflict(code, { stage: c.stage });
};

/** Intake (受理): the case, its parties, numbered in the year of acceptance. */
export async function createMediation(ctx: Ctx, actor: Actor, input: z.infer<typeof MediationCreate>) {
  const p = actor.principal!;
  const id = await ctx.db.transaction(async (tx) => {
    const [o] = await tx.select().from(orgs).where(eq(orgs.id, input.orgId)).limit(1);
    assertCan(p, 'mediation.manage', o ? { regionId: o.regionId, orgPath: o.path } : null);
    const acceptedAt = new Date(input.acceptedAt);
    if (acceptedAt.getTime() > ctx.now()) throw invalid([fieldError('acceptedAt', 'mediation.accepted_future')]);
    const year = Number(todayShanghai(acceptedAt.getTime()).slice(0, 4));
    const c = await openCase(tx, MEDIATION_FLOW, whoOf(p), {
      regionId: o!.regionId, orgId: o!.id, title: input.disputeType, year, at: new Date(ctx.now()), clockFrom: acceptedAt,
      data: { source: input.source, disputeType: input.disputeType, amountFen: input.amountFen },
    });
    await tx.insert(mediationCases).values({
      regionId: c.regionId, id: c.id, orgId: c.orgId, year, source: input.source, disputeType: input.disputeType, amountFen: input.amountFen,
      facts: input.facts, partyCount: input.parties.length,
    });
    const parties = input.parties.map((x, i) => ({
      regionId: c.regionId, id: uuidv7(), caseId: c.id, kind: x.kind, role: x.role, name: x.name, phone: x.phone ?? null,
      idNumber: x.idNumber ?? null, address: x.address ?? null, sort: i,
    }));
    await tx.insert(mediationParties).values(parties);
    await audit(tx, actor, {
      regionId: c.regionId, action: 'mediation.create', entityType: 'mediation_case', entityId: c.id,
      after: { number: caseNumber(c), orgId: c.orgId, source: input.source, disputeType: input.disputeType, amountFen: input.amountFen, parties: parties.map(({ name, kind, role, phone, idNumber }) => ({ name, kind, role, phone, idNumber })) },
    });
    return c.id;
  });
  return mediationView(ctx, p, id);
}

/** Users who hold the mediator role on the case org or above it (or region-wide), with their open cases. */
export async function mediatorsFor(db: DbOrTx, regionId: string, orgPath: string) {
  const res = await db.execute(sql`
    select u.id as user_id, u.display_name as name,
           (select count(*)::int from case_assignments a join cases c on c.region_id = a.region_id and c.id = a.case_id
             where a.region_id = ${regionId} and a.user_id = u.id and a.ended_at is null and a.role = 'mediator' and c.closed_at is null) as open_cases
      from users u
     where not u.disabled and exists (
       select 1 from grants g where g.region_id = ${regionId} and g.user_id = u.id and g.role = 'mediator'
          and ((g.scope_kind = 'region' and g.scope_id = ${regionId}::uuid)
               or (g.scope_kind = 'org' and exists (select 1 from orgs o where o.region_id = g.region_id and o.id = g.scope_id
                                                      and ${orgPath} like replace(replace(replace(o.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'))))
     order by u.display_name, u.id`);
  return (res as unknown as { rows: { user_id: string; name: string; open_cases: number }[] }).rows
    .map((r) => ({ userId: r.user_id, name: r.name, openCases: Number(r.open_cases) }));
}

export async function listMediators(ctx: Ctx, p: Principal, orgId: string) {
  const [o] = await ctx.db.select().from(orgs).where(eq(orgs.id, orgId)).limit(1);
  assertCan(p, 'mediation.manage', o ? { regionId: o.regionId, orgPath: o.path } : null);
  return mediatorsFor(ctx.db, o!.regionId, o!.path);
}

/** Assigns a mediator (the committee only): one who holds the mediator role over the case's org. */
export async function assignMediator(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MediationAssign>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    if (!a.manage) throw notFound();
    if (a.c.closedAt) throw conflict('MEDIATION_CLOSED');
    const pool = await mediatorsFor(tx, a.c.regionId, a.orgPath);
    const who = pool.find((x) => x.userId === input.userId);
    if (!who) throw invalid([fieldError('userId', 'mediation.not_a_mediator')]);
    if (await isAssigned(tx, a.c, who.userId, 'mediator')) throw conflict('MEDIATOR_ASSIGNED');
    const at = new Date(ctx.now());
    await assignCase(tx, a.c, whoOf(p), { role: 'mediator', userId: who.userId, name: who.name, at, note: input.note ?? null }, { replace: false });
    if (stageOf(a.c) === 'accepted') await moveCase(tx, MEDIATION_FLOW, whoOf(p), a.c, { to: 'mediating', at });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.assign', entityType: 'mediation_case', entityId: a.c.id, after: { userId: who.userId, name: who.name } });
  });
  return mediationView(ctx, p, id);
}

/** A session with its record (笔录), by the assigned mediator or the committee, while mediating. */
export async function addSession(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MediationSessionIn>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    refuseUnless(a.c, ['mediating']);
    const heldAt = new Date(input.heldAt);
    if (heldAt.getTime() > ctx.now()) throw invalid([fieldError('heldAt', 'mediation.session_future')]);
    const row = { regionId: a.c.regionId, id: uuidv7(), caseId: a.c.id, heldAt, place: input.place, record: input.record, recordedBy: p.displayName, createdAt: new Date(ctx.now()) };
    await tx.insert(mediationSessions).values(row);
    await addEvent(tx, a.c, whoOf(p), { kind: 'session', at: row.createdAt, note: input.place, data: { sessionId: row.id, heldAt: input.heldAt } });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.session', entityType: 'mediation_case', entityId: a.c.id, after: { heldAt: input.heldAt, place: input.place } });
  });
  return mediationView(ctx, p, id);
}

/** The one extension of the time limit, with both parties' consent recorded. */
export async function extendMediation(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MediationExtend>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    refuseUnless(a.c, ['accepted', 'mediating']);
    if (a.c.extensionDays > 0) throw conflict('MEDIATION_EXTENDED');
    await extendCase(tx, MEDIATION_FLOW, whoOf(p), a.c, EXTENSION_DAYS, new Date(ctx.now()), input.consent);
    await tx.update(mediationCases).set({ extensionConsent: input.consent }).where(and(eq(mediationCases.regionId, a.c.regionId), eq(mediationCases.id, a.c.id)));
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.extend', entityType: 'mediation_case', entityId: a.c.id, after: { days: EXTENSION_DAYS, consent: input.consent } });
  });
  return mediationView(ctx, p, id);
}

/** The agreement (协议书): the case goes to agreed. */
export async function recordAgreement(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MediationAgreementIn>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    refuseUnless(a.c, ['mediating']);
    if (input.signedOn > todayShanghai(ctx.now())) throw invalid([fieldError('signedOn', 'mediation.signed_future')]);
    const at = new Date(ctx.now());
    const terms: TermRow[] = input.terms.map((x) => ({ text: x.text, dueOn: x.dueOn ?? null, amountFen: x.amountFen ?? null, performedOn: null }));
    await tx.insert(mediationAgreements).values({ regionId: a.c.regionId, caseId: a.c.id, signedOn: input.signedOn, responsibility: input.responsibility, terms, performance: input.performance, createdAt: at });
    await tx.update(mediationCases).set({ outcome: 'agreement' }).where(and(eq(mediationCases.regionId, a.c.regionId), eq(mediationCases.id, a.c.id)));
    await moveCase(tx, MEDIATION_FLOW, whoOf(p), a.c, { to: 'agreed', at, note: input.signedOn });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.agreement', entityType: 'mediation_case', entityId: a.c.id, after: { signedOn: input.signedOn, terms } });
  });
  return mediationView(ctx, p, id);
}

/** Marks one term of the agreement performed. */
export async function termPerformed(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof TermPerformed>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    const [ag] = await tx.select().from(mediationAgreements).where(and(eq(mediationAgreements.regionId, a.c.regionId), eq(mediationAgreements.caseId, a.c.id)));
    if (!ag) throw conflict('MEDIATION_NO_AGREEMENT');
    if (input.index >= ag.terms.length) throw invalid([fieldError('index', 'mediation.no_such_term')]);
    if (input.performedOn < ag.signedOn || input.performedOn > todayShanghai(ctx.now())) throw invalid([fieldError('performedOn', 'mediation.performed_range')]);
    const terms = ag.terms.map((x, i) => (i === input.index ? { ...x, performedOn: input.performedOn } : x));
    await tx.update(mediationAgreements).set({ terms }).where(and(eq(mediationAgreements.regionId, a.c.regionId), eq(mediationAgreements.caseId, a.c.id)));
    await addEvent(tx, a.c, whoOf(p), { kind: 'term', at: new Date(ctx.now()), note: ag.terms[input.index].text, data: { index: input.index, performedOn: input.performedOn } });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.term', entityType: 'mediation_case', entityId: a.c.id, before: ag.terms[input.index], after: terms[input.index] });
  });
  return mediationView(ctx, p, id);
}

/** No agreement: the reason, and where the parties were referred (court or arbitration). */
export async function recordFailure(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MediationFailure>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    refuseUnless(a.c, ['accepted', 'mediating']);
    await tx.update(mediationCases).set({ outcome: 'failed', failureReason: input.reason, transferTo: input.transferTo ?? null })
      .where(and(eq(mediationCases.regionId, a.c.regionId), eq(mediationCases.id, a.c.id)));
    await moveCase(tx, MEDIATION_FLOW, whoOf(p), a.c, { to: 'failed', at: new Date(ctx.now()), note: input.reason, data: { transferTo: input.transferTo ?? null } });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.failure', entityType: 'mediation_case', entityId: a.c.id, after: input });
  });
  return mediationView(ctx, p, id);
}

/** The follow-up visit (回访) with every party's satisfaction. */
export async function recordFollowUp(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MediationFollowUp>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    refuseUnless(a.c, ['agreed', 'failed']);
    const [done] = await tx.select().from(mediationFollowUps).where(and(eq(mediationFollowUps.regionId, a.c.regionId), eq(mediationFollowUps.caseId, a.c.id)));
    if (done) throw conflict('MEDIATION_FOLLOWED_UP');
    if (input.visitedOn > todayShanghai(ctx.now())) throw invalid([fieldError('visitedOn', 'mediation.visit_future')]);
    const parties = await tx.select({ id: mediationParties.id }).from(mediationParties).where(and(eq(mediationParties.regionId, a.c.regionId), eq(mediationParties.caseId, a.c.id)));
    const known = new Set(parties.map((x) => x.id));
    const rated = new Set<string>();
    const problems = input.ratings.flatMap((r, i) => {
      if (!known.has(r.partyId)) return [fieldError(`ratings.${i}.partyId`, 'mediation.not_a_party')];
      if (rated.has(r.partyId)) return [fieldError(`ratings.${i}.partyId`, 'mediation.party_twice')];
      rated.add(r.partyId);
      return [];
    });
    if (!problems.length && rated.size < known.size) problems.push(fieldError('ratings', 'mediation.rate_every_party', { n: known.size }));
    if (problems.length) throw invalid(problems);
    const at = new Date(ctx.now());
    await tx.insert(mediationFollowUps).values({ regionId: a.c.regionId, caseId: a.c.id, visitedOn: input.visitedOn, note: input.note, createdAt: at });
    await addEvent(tx, a.c, whoOf(p), { kind: 'follow_up', at, note: input.note, data: { visitedOn: input.visitedOn } });
    for (const r of input.ratings) await rateCase(tx, MEDIATION_FLOW, a.c, whoOf(p), { subject: r.partyId, value: r.value, at });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.follow_up', entityType: 'mediation_case', entityId: a.c.id, after: input });
  });
  return mediationView(ctx, p, id);
}

/** Closing (结案): only with a complete file — an agreement or a reason for failure, and the follow-up done. */
export async function closeMediation(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findMediation(tx, p, id);
    refuseUnless(a.c, ['agreed', 'failed']);
    const [f] = await tx.select().from(mediationFollowUps).where(and(eq(mediationFollowUps.regionId, a.c.regionId), eq(mediationFollowUps.caseId, a.c.id)));
    if (!f) throw conflict('MEDIATION_NO_FOLLOW_UP');
    await moveCase(tx, MEDIATION_FLOW, whoOf(p), a.c, { to: 'closed', at: new Date(ctx.now()) });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'mediation.close', entityType: 'mediation_case', entityId: a.c.id, after: { outcome: a.m.outcome } });
  });
  return mediationView(ctx, p, id);
}

/** A file for the case's dossier (卷宗): the scope is checked before the upload is read. */
export async function addMediationFile(ctx: Ctx, actor: Actor, id: string, receive: () => Promise<ReceivedFile>) {
  const p = actor.principal!;
  const a = await findMediation(ctx.db, p, id);
  const f = await receive();
  const row = await addCaseFile(ctx, a.c, whoOf(p), f, (tx, r) => audit(tx, actor, {
    regionId: a.c.regionId, action: 'mediation.file', entityType: 'mediation_case', entityId: a.c.id, after: { fileId: r.id, fileName: r.fileName, size: r.size, sha256: r.sha256 },
  }));
  return toCaseFile(row);
}

/** A case file, for those who may see its case. */
export async function findCaseFile(ctx: Ctx, p: Principal, fileId: string) {
  const f = await caseFileById(ctx.db, fileId);
  if (!f) throw notFound();
  const c = await caseById(ctx.db, f.caseId, MEDIATION_FLOW.kind);
  if (!c || c.regionId !== f.regionId) throw notFound();
  await findMediation(ctx.db, p, c.id);
  return storedCaseFile(f);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The case page: the file as the committee or the assigned mediator reads it. */
export async function mediationView(ctx: Ctx, p: Principal, id: string) {
  const { db } = ctx;
  const a = await findMediation(db, p, id);
  const { c, m } = a;
  const key = and(eq(mediationParties.regionId, c.regionId), eq(mediationParties.caseId, c.id));
  const [parties, assignments, sessions, [agreement], [followUp], ratings, timeline, files] = await Promise.all([
    db.select().from(mediationParties).where(key).orderBy(asc(mediationParties.sort)),
    assignmentsOf(db, c),
    db.select().from(mediationSessions).where(and(eq(mediationSessions.regionId, c.regionId), eq(mediationSessions.caseId, c.id))).orderBy(asc(mediationSessions.heldAt)),
    db.select().from(mediationAgreements).where(and(eq(mediationAgreements.regionId, c.regionId), eq(mediationAgreements.caseId, c.id))),
    db.select().from(mediationFollowUps).where(and(eq(mediationFollowUps.regionId, c.regionId), eq(mediationFollowUps.caseId, c.id))),
    ratingsOf(db, c),
    timelineOf(db, c),
    filesOf(db, c),
  ]);
  // personal data in full for the assigned mediator and for readers who may see members' personal data
  const pii = a.assigned || can(p, 'members.pii', { regionId: c.regionId, orgPath: a.orgPath });
  const mediators = assignments.filter((x) => x.role === 'mediator');
  return {
    ...listItem(c, m, a.orgName, mediators.map((x) => x.name), ctx.now()),
    regionId: c.regionId, facts: m.facts, extended: c.extensionDays > 0, extensionConsent: m.extensionConsent,
    failureReason: m.failureReason, transferTo: m.transferTo as 'court' | null,
    parties: parties.map((x) => ({
      id: x.id, kind: x.kind as 'person', role: x.role as 'applicant', name: x.name,
      phone: pii ? x.phone : maskPhone(x.phone), idNumber: pii ? x.idNumber : maskIdNumber(x.idNumber), address: x.address,
    })),
    assignments: mediators.map((x) => ({ userId: x.userId, name: x.name, assignedAt: x.assignedAt.toISOString() })),
    sessions: sessions.map((s) => ({ id: s.id, heldAt: s.heldAt.toISOString(), place: s.place, record: s.record, recordedBy: s.recordedBy })),
    agreement: agreement ? {
      signedOn: agreement.signedOn, responsibility: agreement.responsibility, terms: agreement.terms, performance: agreement.performance,
      confirmationBy: addDays(agreement.signedOn, CONFIRMATION_DAYS), allPerformed: agreement.terms.every((x) => !!x.performedOn),
    } : null,
    followUp: followUp ? { visitedOn: followUp.visitedOn, note: followUp.note, ratings: ratings.map((r) => ({ partyId: r.subject, value: r.value })) } : null,
    timeline: timeline.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, fromStage: e.fromStage, toStage: e.toStage, actorName: e.actorName, note: e.note })),
    files: files.map(toCaseFile),
    canManage: a.manage,
    canHandle: true,
  };
}

function listItem(c: CaseRow, m: typeof mediationCases.$inferSelect, orgName: string, mediators: string[], now: number) {
  return {
    id: c.id, number: caseNumber(c), orgId: c.orgId, orgName, year: m.year, source: m.source as 'application', disputeType: m.disputeType as 'labour',
    amountFen: m.amountFen, stage: c.stage as MediationStage, outcome: m.outcome as 'agreement' | null, partyCount: m.partyCount, mediators,
    acceptedAt: (c.clockFrom ?? c.openedAt).toISOString(), dueAt: iso(c.dueAt), overdue: !c.closedAt && !!c.dueAt && c.dueAt.getTime() < now,
    closedAt: iso(c.closedAt),
  };
}

/** Cases the caller may see: the committee's in its scope, a mediator's own. */
export function mediationScope(p: Principal): SQL {
  const manage = scopeWhere(p, 'mediation.manage', { regionId: mediationCases.regionId, orgId: mediationCases.orgId });
  const handle = scopeWhere(p, 'mediation.handle', { regionId: mediationCases.regionId, orgId: mediationCases.orgId });
  return sql`(${manage} or (${handle} and exists (select 1 from ${caseAssignments} a where a.region_id = ${mediationCases.regionId}
    and a.case_id = ${mediationCases.id} and a.user_id = ${p.id}::uuid and a.role = 'mediator' and a.ended_at is null)))`;
}

/** The register (登记簿): filters, newest first, no personal data and no facts. */
export async function listMediations(ctx: Ctx, p: Principal, q: z.infer<typeof MediationListQuery>) {
  const { db } = ctx;
  const now = new Date(ctx.now());
  const where = and(
    mediationScope(p),
    q.orgId ? eq(mediationCases.orgId, q.orgId) : undefined,
    q.year ? eq(mediationCases.year, q.year) : undefined,
    q.disputeType ? eq(mediationCases.disputeType, q.disputeType) : undefined,
    q.source ? eq(mediationCases.source, q.source) : undefined,
    q.stage ? eq(cases.stage, q.stage) : undefined,
    q.open ? isNull(cases.closedAt) : undefined,
    q.overdue ? and(isNull(cases.closedAt), sql`${cases.dueAt} < ${now}`) : undefined,
  );
  const join = and(eq(cases.regionId, mediationCases.regionId), eq(cases.id, mediationCases.id));
  const mediators = sql<string[]>`array(select a.name from ${caseAssignments} a where a.region_id = ${cases.regionId} and a.case_id = ${cases.id}
    and a.role = 'mediator' and a.ended_at is null order by a.assigned_at, a.id)`;
  const rows = db.select({ c: cases, m: mediationCases, orgName: orgs.name, mediators }).from(mediationCases)
    .innerJoin(cases, join)
    .innerJoin(orgs, and(eq(orgs.regionId, mediationCases.regionId), eq(orgs.id, mediationCases.orgId)))
    .where(where).orderBy(desc(cases.year), desc(cases.seq), asc(cases.id));
  const count = db.select({ n: countAll }).from(mediationCases).innerJoin(cases, join).where(where);
  return paginate(q, rows, count, (r) => listItem(r.c, r.m, r.orgName, r.mediators, ctx.now()));
}

/** The figures (统计) computed from the register: cases, settled, rate, amount, satisfaction, by type and by year. */
export async function mediationFigures(ctx: Ctx, p: Principal, q: z.infer<typeof MediationFiguresQuery>) {
  const { db } = ctx;
  const where = and(
    scopeWhere(p, 'mediation.manage', { regionId: mediationCases.regionId, orgId: mediationCases.orgId }),
    q.regionId ? eq(mediationCases.regionId, q.regionId) : undefined,
    q.orgId ? sql`${mediationCases.orgId} in (select so.id from orgs so, orgs top where top.id = ${q.orgId}::uuid
      and so.region_id = top.region_id and so.path like replace(replace(replace(top.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')` : undefined,
  );
  const join = and(eq(cases.regionId, mediationCases.regionId), eq(cases.id, mediationCases.id));
  const settled = sql<number>`count(*) filter (where ${mediationCases.outcome} = 'agreement')::int`;
  const failed = sql<number>`count(*) filter (where ${mediationCases.outcome} = 'failed')::int`;
  const open = sql<number>`count(*) filter (where ${cases.closedAt} is null)::int`;
  const amount = sql<number>`coalesce(sum(${mediationCases.amountFen}), 0)::bigint`;
  const [[all], byType, byYear, [rated]] = await Promise.all([
    db.select({ cases: countAll, settled, failed, open, amount }).from(mediationCases).innerJoin(cases, join).where(where),
    db.select({ disputeType: mediationCases.disputeType, cases: countAll, settled, amount }).from(mediationCases).innerJoin(cases, join).where(where)
      .groupBy(mediationCases.disputeType).orderBy(mediationCases.disputeType),
    db.select({ year: mediationCases.year, cases: countAll, settled, amount }).from(mediationCases).innerJoin(cases, join).where(where)
      .groupBy(mediationCases.year).orderBy(mediationCases.year),
    db.select({ n: countAll, ok: sql<number>`count(*) filter (where ${caseRatings.value} >= 2)::int` }).from(caseRatings)
      .innerJoin(mediationCases, and(eq(mediationCases.regionId, caseRatings.regionId), eq(mediationCases.id, caseRatings.caseId))).where(where),
  ]);
  const n = Number(all.cases);
  const ratings = Number(rated.n);
  return {
    cases: n, settled: Number(all.settled), failed: Number(all.failed), open: Number(all.open),
    rate: n ? Number(all.settled) / n : 0, amountFen: Number(all.amount),
    ratings, satisfied: Number(rated.ok), satisfaction: ratings ? Number(rated.ok) / ratings : 0,
    byType: byType.map((x) => ({ disputeType: x.disputeType as 'labour', cases: Number(x.cases), settled: Number(x.settled), amountFen: Number(x.amount) })),
    byYear: byYear.map((x) => ({ year: x.year, cases: Number(x.cases), settled: Number(x.settled), amountFen: Number(x.amount) })),
  };
}

/** What the agreement PDF prints. */
export async function agreementForPrint(ctx: Ctx, p: Principal, id: string) {
  const v = await mediationView(ctx, p, id);
  if (!v.agreement) throw notFound();
  return v;
}

