import { and, asc, desc, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { AgencyQuery, AgencyServicesIn, RequestCreate, RequestDispatch, RequestHandBack, RequestListQuery, RequestRate, RequestReply, RequestSendBack } from '../../../shared/chamber.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { assignCase, caseNumber, endAssignments, moveCase, openCase, rateCase, timelineOf, whoOf, type CaseFlow, type CaseRow } from '../../platform/cases/engine.ts';
import { caseRatings, cases } from '../../platform/cases/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertHoldsIn, can, holdsAnywhere, readableRegions, scopeWhere, type Principal } from '../../platform/scope.ts';
import { holdsOnUnit, unitsHeld } from '../../platform/unit-grants.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { alliances, allianceUnits, orgs, units } from '../directory/schema.ts';
import './messages.ts';
import { agencyServices, serviceRequests } from './schema.ts';

export type RequestStage = 'accepted' | 'dispatched' | 'handling' | 'replied' | 'closed';

/**
 * The service-request flow on the case engine: 受理 (accepted, with the dispatcher) → 交办 (dispatched to an
 * agency: sign for it within 1 working day) → 处置 (handling: result within 10 working days) → 反馈 (replied:
 * the enterprise rates it) → 办结 (closed). Limits count from the dispatch; a region may set its own
 * (case_stage_limits). A hand-back (退单) returns it to the dispatcher with a reason.
 */
export const REQUEST_FLOW: CaseFlow<RequestStage> = {
  kind: 'service_request',
  stages: ['accepted', 'dispatched', 'handling', 'replied', 'closed'],
  initial: 'accepted',
  next: { accepted: ['dispatched'], dispatched: ['handling', 'accepted'], handling: ['replied', 'accepted'], replied: ['closed', 'handling'], closed: [] },
  final: ['closed'],
  limits: { dispatched: { days: 1, workingDays: true }, handling: { days: 10, workingDays: true } },
  ratingMax: 5,
};

type SR = typeof serviceRequests.$inferSelect;
interface Access { c: CaseRow; r: SR; dispatcher: boolean; enterprise: boolean; agency: boolean }

/** The request when the caller is its dispatcher, its enterprise or the agency it is with; 404 otherwise. */
export async function findRequest(db: DbOrTx, p: Principal | null, id: string): Promise<Access> {
  const [row] = await db.select({ c: cases, r: serviceRequests, path: orgs.path }).from(cases)
    .innerJoin(serviceRequests, and(eq(serviceRequests.regionId, cases.regionId), eq(serviceRequests.id, cases.id)))
    .innerJoin(orgs, and(eq(orgs.regionId, cases.regionId), eq(orgs.id, cases.orgId)))
    .where(and(eq(cases.id, id), eq(cases.kind, REQUEST_FLOW.kind))).limit(1);
  if (!row || !p) throw notFound();
  const dispatcher = can(p, 'services.dispatch', { regionId: row.c.regionId, orgPath: row.path });
  const enterprise = holdsOnUnit(p, 'services.request', row.c.regionId, row.r.unitId);
  const agency = holdsOnUnit(p, 'services.handle', row.c.regionId, row.r.agencyId);
  if (!dispatcher && !enterprise && !agency) throw notFound();
  return { c: row.c, r: row.r, dispatcher, enterprise, agency };
}

const stageIs = (c: CaseRow, stages: RequestStage[]) => {
  if (!stages.includes(c.stage as RequestStage)) throw conflict('REQUEST_STAGE', { stage: c.stage });
};

/** The organisation that dispatches an enterprise's requests: the lead of its grid, else its own organisation. */
async function dispatcherOf(db: DbOrTx, unit: typeof units.$inferSelect) {
  const [grid] = await db.select({ orgId: alliances.leadOrgId }).from(allianceUnits)
    .innerJoin(alliances, and(eq(alliances.regionId, allianceUnits.regionId), eq(alliances.id, allianceUnits.allianceId)))
    .where(and(eq(allianceUnits.regionId, unit.regionId), eq(allianceUnits.unitId, unit.id), eq(alliances.kind, 'grid')))
    .orderBy(asc(alliances.name)).limit(1);
  const orgId = grid?.orgId ?? unit.orgId;
  if (!orgId) return null;
  const [o] = await db.select().from(orgs).where(and(eq(orgs.regionId, unit.regionId), eq(orgs.id, orgId)));
  return o ?? null;
}

/** An enterprise's liaison (or the dispatcher for it) submits a request; it starts with the dispatcher (受理). */
export async function createRequest(ctx: Ctx, actor: Actor, input: z.infer<typeof RequestCreate>) {
  const p = actor.principal!;
  const id = await ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(units).where(eq(units.id, input.unitId)).limit(1);
    if (!u) throw notFound();
    const own = holdsOnUnit(p, 'services.request', u.regionId, u.id);
    const org = await dispatcherOf(tx, u);
    const forIt = !!org && can(p, 'services.dispatch', { regionId: u.regionId, orgPath: org.path });
    if (!own && !forIt) throw notFound();
    if (u.kind === 'agency') throw invalid([fieldError('unitId', 'service.requester_is_agency')]);
    if (!org) throw invalid([fieldError('unitId', 'service.no_dispatcher')]);
    const at = new Date(ctx.now());
    const c = await openCase(tx, REQUEST_FLOW, whoOf(p), {
      regionId: u.regionId, orgId: org.id, title: input.title, year: Number(todayShanghai(ctx.now()).slice(0, 4)), at, data: { service: input.service, unitId: u.id },
    });
    await tx.insert(serviceRequests).values({ regionId: u.regionId, id: c.id, orgId: org.id, unitId: u.id, service: input.service, detail: input.detail });
    await audit(tx, actor, { regionId: u.regionId, action: 'service_request.create', entityType: 'service_request', entityId: c.id, after: { number: caseNumber(c), ...input } });
    return c.id;
  });
  return requestView(ctx, p, id);
}

async function agencyOffering(db: DbOrTx, regionId: string, unitId: string, service: string) {
  const [a] = await db.select().from(units).where(and(eq(units.regionId, regionId), eq(units.id, unitId), eq(units.kind, 'agency')));
  if (!a) throw invalid([fieldError('unitId', 'service.not_agency')]);
  const [offer] = await db.select().from(agencyServices).where(and(eq(agencyServices.regionId, regionId), eq(agencyServices.unitId, unitId), eq(agencyServices.service, service)));
  if (!offer) throw invalid([fieldError('unitId', 'service.not_offered')]);
  return a;
}

/** 交办: the dispatcher sends it to an agency that offers the service; the clocks start. */
export async function dispatchRequest(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof RequestDispatch>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findRequest(tx, p, id);
    if (!a.dispatcher) throw notFound();
    stageIs(a.c, ['accepted']);
    const agency = await agencyOffering(tx, a.c.regionId, input.unitId, a.r.service);
    const at = new Date(ctx.now());
    await assignCase(tx, a.c, whoOf(p), { role: 'agency', unitId: agency.id, name: agency.name, at, note: input.note ?? null });
    await moveCase(tx, REQUEST_FLOW, whoOf(p), a.c, { to: 'dispatched', at, clockFrom: at, note: agency.name });
    await tx.update(serviceRequests).set({ agencyId: agency.id, dispatchedAt: at }).where(and(eq(serviceRequests.regionId, a.c.regionId), eq(serviceRequests.id, a.c.id)));
    await audit(tx, actor, { regionId: a.c.regionId, action: 'service_request.dispatch', entityType: 'service_request', entityId: a.c.id, after: { agencyId: agency.id, agency: agency.name } });
  });
  return requestView(ctx, p, id);
}

/** The agency signs for it (签收: into 处置). */
export async function signRequest(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findRequest(tx, p, id);
    if (!a.agency) throw notFound();
    stageIs(a.c, ['dispatched']);
    await moveCase(tx, REQUEST_FLOW, whoOf(p), a.c, { to: 'handling', at: new Date(ctx.now()) });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'service_request.sign', entityType: 'service_request', entityId: a.c.id, after: { agencyId: a.r.agencyId } });
  });
  return requestView(ctx, p, id);
}

/** The agency's result (反馈): the enterprise rates it next. */
export async function replyRequest(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof RequestReply>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findRequest(tx, p, id);
    if (!a.agency) throw notFound();
    stageIs(a.c, ['handling']);
    await tx.update(serviceRequests).set({ result: input.result }).where(and(eq(serviceRequests.regionId, a.c.regionId), eq(serviceRequests.id, a.c.id)));
    await moveCase(tx, REQUEST_FLOW, whoOf(p), a.c, { to: 'replied', at: new Date(ctx.now()), note: input.result });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'service_request.reply', entityType: 'service_request', entityId: a.c.id, after: input });
  });
  return requestView(ctx, p, id);
}

/** 退单: only with a reason; the request goes back to the dispatcher (受理), and the agency no longer sees it. */
export async function handBackRequest(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof RequestHandBack>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findRequest(tx, p, id);
    if (!a.agency) throw notFound();
    stageIs(a.c, ['dispatched', 'handling']);
    const at = new Date(ctx.now());
    await endAssignments(tx, a.c, 'agency', at);
    await moveCase(tx, REQUEST_FLOW, whoOf(p), a.c, { to: 'accepted', at, note: input.reason, data: { handBack: true, agencyId: a.r.agencyId } });
    await tx.update(serviceRequests).set({ agencyId: null, handedBack: a.r.handedBack + 1, lastHandBack: input.reason })
      .where(and(eq(serviceRequests.regionId, a.c.regionId), eq(serviceRequests.id, a.c.id)));
    await audit(tx, actor, { regionId: a.c.regionId, action: 'service_request.hand_back', entityType: 'service_request', entityId: a.c.id, after: { agencyId: a.r.agencyId, reason: input.reason } });
  });
  return { ok: true as const };
}

/**
 * Not satisfied (不满意退回): the request's enterprise sends the agency's result back with a reason; the request
 * returns to the same agency (处置) and its result clock restarts from now (the stage's limit, 10 working days).
 */
export async function sendBackRequest(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof RequestSendBack>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findRequest(tx, p, id);
    if (!a.enterprise) throw notFound();
    stageIs(a.c, ['replied']);
    const at = new Date(ctx.now());
    await moveCase(tx, REQUEST_FLOW, whoOf(p), a.c, { to: 'handling', at, clockFrom: at, note: input.reason, data: { sendBack: true } });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'service_request.send_back', entityType: 'service_request', entityId: a.c.id, before: { result: a.r.result }, after: input });
  });
  return requestView(ctx, p, id);
}

/** The enterprise rates the result (1–5) and the request is closed (办结). Only the request's enterprise. */
export async function rateRequest(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof RequestRate>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const a = await findRequest(tx, p, id);
    if (!a.enterprise) throw notFound();
    stageIs(a.c, ['replied']);
    const at = new Date(ctx.now());
    await rateCase(tx, REQUEST_FLOW, a.c, whoOf(p), { subject: 'enterprise', value: input.value, comment: input.comment ?? null, at });
    await moveCase(tx, REQUEST_FLOW, whoOf(p), a.c, { to: 'closed', at });
    await audit(tx, actor, { regionId: a.c.regionId, action: 'service_request.rate', entityType: 'service_request', entityId: a.c.id, after: input });
  });
  return requestView(ctx, p, id);
}

const ent = alias(units, 'ent');
const agc = alias(units, 'agc');
const ratingOf = sql<number | null>`(select cr.value from ${caseRatings} cr where cr.region_id = ${cases.regionId} and cr.case_id = ${cases.id} and cr.subject = 'enterprise')`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toItem(x: { c: CaseRow; r: SR; unitName: string; agencyName: string | null; rating: number | null }, now: number) {
  return {
    id: x.c.id, number: caseNumber(x.c), title: x.c.title, service: x.r.service as 'legal', stage: x.c.stage as RequestStage,
    unitId: x.r.unitId, unitName: x.unitName, agencyId: x.r.agencyId, agencyName: x.agencyName,
    submittedAt: x.c.openedAt.toISOString(), dispatchedAt: iso(x.r.dispatchedAt), dueAt: iso(x.c.dueAt),
    overdue: !x.c.closedAt && !!x.c.dueAt && x.c.dueAt.getTime() < now, closedAt: iso(x.c.closedAt), handedBack: x.r.handedBack,
    rating: x.rating == null ? null : Number(x.rating),
  };
}

function selectRequests(db: DbOrTx) {
  return db.select({ c: cases, r: serviceRequests, unitName: ent.name, agencyName: agc.name, rating: ratingOf }).from(serviceRequests)
    .innerJoin(cases, and(eq(cases.regionId, serviceRequests.regionId), eq(cases.id, serviceRequests.id)))
    .innerJoin(ent, and(eq(ent.regionId, serviceRequests.regionId), eq(ent.id, serviceRequests.unitId)))
    .leftJoin(agc, and(eq(agc.regionId, serviceRequests.regionId), eq(agc.id, serviceRequests.agencyId)));
}

const unitIn = (col: SQLWrapper, held: { regionId: string; unitId: string }[]): SQL => (held.length
  ? sql`(${sql.join(held.map((h) => sql`(${serviceRequests.regionId} = ${h.regionId}::uuid and ${col} = ${h.unitId}::uuid)`), sql` or `)})`
  : sql`false`);

/** A box: the dispatcher's (in its scope), the agency's inbox (dispatched to it now), the enterprise's own. */
export async function listRequests(ctx: Ctx, p: Principal, q: z.infer<typeof RequestListQuery>) {
  const now = new Date(ctx.now());
  const box = q.box === 'inbox' ? unitIn(serviceRequests.agencyId, unitsHeld(p, 'services.handle'))
    : q.box === 'mine' ? unitIn(serviceRequests.unitId, unitsHeld(p, 'services.request'))
      : scopeWhere(p, 'services.dispatch', { regionId: serviceRequests.regionId, orgId: serviceRequests.orgId });
  const where = and(box,
    q.stage ? eq(cases.stage, q.stage) : undefined,
    q.service ? eq(serviceRequests.service, q.service) : undefined,
    q.open ? isNull(cases.closedAt) : undefined,
    q.overdue ? and(isNull(cases.closedAt), sql`${cases.dueAt} < ${now}`) : undefined);
  const rows = selectRequests(ctx.db).where(where).orderBy(q.overdue ? asc(cases.dueAt) : desc(cases.openedAt), asc(cases.id));
  const count = ctx.db.select({ n: countAll }).from(serviceRequests)
    .innerJoin(cases, and(eq(cases.regionId, serviceRequests.regionId), eq(cases.id, serviceRequests.id))).where(where);
  return paginate(q, rows, count, (x) => toItem(x, ctx.now()));
}

export async function requestView(ctx: Ctx, p: Principal, id: string) {
  const a = await findRequest(ctx.db, p, id);
  const [x] = await selectRequests(ctx.db).where(and(eq(serviceRequests.regionId, a.c.regionId), eq(serviceRequests.id, a.c.id)));
  const timeline = await timelineOf(ctx.db, a.c);
  const sentBack = timeline.filter((e) => e.kind === 'stage' && e.data?.sendBack).at(-1);
  return {
    ...toItem(x, ctx.now()), regionId: a.c.regionId, detail: a.r.detail, result: a.r.result, lastHandBack: a.r.lastHandBack,
    lastSendBack: sentBack?.note ?? null,
    timeline: timeline.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, fromStage: e.fromStage, toStage: e.toStage, actorName: e.actorName, note: e.note })),
    may: { dispatch: a.dispatcher, handle: a.agency, rate: a.enterprise },
  };
}

/** Which boxes the caller has: dispatching, agencies' inboxes, enterprises' own requests. */
export async function serviceBoxes(ctx: Ctx, p: Principal) {
  const held = [...unitsHeld(p, 'services.handle'), ...unitsHeld(p, 'services.request')];
  const rows = held.length ? await ctx.db.select({ id: units.id, name: units.name, kind: units.kind }).from(units)
    .where(inArray(units.id, [...new Set(held.map((h) => h.unitId))])).orderBy(asc(units.name)) : [];
  return {
    dispatch: holdsAnywhere(p, 'services.dispatch'),
    inbox: rows.filter((u) => u.kind === 'agency').map(({ id, name }) => ({ id, name })),
    mine: rows.filter((u) => u.kind !== 'agency').map(({ id, name }) => ({ id, name })),
  };
}

/** The agencies of the regions the caller dispatches in, with their catalogues and open / overdue requests. */
export async function listAgencies(ctx: Ctx, p: Principal, q: z.infer<typeof AgencyQuery>) {
  const regions = readableRegions(p, 'services.dispatch');
  if (regions && !regions.length) return [];
  const now = new Date(ctx.now());
  const rows = await ctx.db.select({
    u: units,
    open: sql<number>`(select count(*)::int from ${serviceRequests} s join ${cases} c on c.region_id = s.region_id and c.id = s.id
      where s.region_id = units.region_id and s.agency_id = units.id and c.closed_at is null)`,
    overdue: sql<number>`(select count(*)::int from ${serviceRequests} s join ${cases} c on c.region_id = s.region_id and c.id = s.id
      where s.region_id = units.region_id and s.agency_id = units.id and c.closed_at is null and c.due_at < ${now})`,
  }).from(units).where(and(
    eq(units.kind, 'agency'),
    regions ? inArray(units.regionId, regions) : undefined,
    q.regionId ? eq(units.regionId, q.regionId) : undefined,
    q.service ? sql`exists (select 1 from ${agencyServices} x where x.region_id = ${units.regionId} and x.unit_id = ${units.id} and x.service = ${q.service})` : undefined,
  )).orderBy(asc(units.name));
  const offers = rows.length ? await ctx.db.select().from(agencyServices).where(inArray(agencyServices.unitId, rows.map((r) => r.u.id))).orderBy(asc(agencyServices.service)) : [];
  return rows.map((r) => ({
    id: r.u.id, regionId: r.u.regionId, name: r.u.name, liaisonName: r.u.liaisonName,
    services: offers.filter((o) => o.unitId === r.u.id && o.regionId === r.u.regionId).map((o) => ({ service: o.service as 'legal', note: o.note })),
    open: Number(r.open), overdue: Number(r.overdue),
  }));
}

/** Sets an agency's catalogue (region-wide dispatchers only). Anything but an agency answers 404. */
export async function setAgencyServices(ctx: Ctx, actor: Actor, unitId: string, input: z.infer<typeof AgencyServicesIn>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(units).where(and(eq(units.id, unitId), eq(units.kind, 'agency'))).limit(1);
    if (!u) throw notFound();
    assertHoldsIn(p, 'services.dispatch', u.regionId, { regionWide: true });
    const seen = new Set<string>();
    const problems = input.services.flatMap((s, i) => (seen.has(s.service) ? [fieldError(`services.${i}.service`, 'service.twice')] : (seen.add(s.service), [])));
    if (problems.length) throw invalid(problems);
    const before = await tx.select().from(agencyServices).where(and(eq(agencyServices.regionId, u.regionId), eq(agencyServices.unitId, u.id)));
    await tx.delete(agencyServices).where(and(eq(agencyServices.regionId, u.regionId), eq(agencyServices.unitId, u.id)));
    if (input.services.length) await tx.insert(agencyServices).values(input.services.map((s) => ({ regionId: u.regionId, unitId: u.id, service: s.service, note: s.note ?? null })));
    await audit(tx, actor, { regionId: u.regionId, action: 'agency.services', entityType: 'unit', entityId: u.id, before: before.map((b) => b.service), after: input.services.map((s) => s.service) });
  });
  return (await listAgencies(ctx, p, {})).find((a) => a.id === unitId)!;
}
