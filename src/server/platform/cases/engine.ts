import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { conflict } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Principal } from '../scope.ts';
import { caseAssignments, caseEvents, caseRatings, cases, caseStageLimits } from './schema.ts';

/**
 * The one case engine (docs/cases.md): stages with time limits, clocks counting from a given moment,
 * assignments, a timeline, files and ratings, for every capability that tracks cases through stages. A
 * capability describes its stages in a `CaseFlow`, keeps its own facts in its own table (same region_id, id),
 * checks scope itself, and writes its own audit rows in the same transaction; the engine only keeps the case.
 */

export interface StageLimit { days: number; workingDays?: boolean }

export interface CaseFlow<S extends string = string> {
  kind: string;
  stages: readonly S[];
  initial: S;
  /** where each stage may go next */
  next: Readonly<Record<S, readonly S[]>>;
  /** stages that close the case */
  final: readonly S[];
  /** default limits per stage, counted from the case's clock (`clockFrom`); a region may override them */
  limits: Partial<Record<S, StageLimit>>;
  /** the rating scale (1..max) */
  ratingMax: number;
}

export type CaseRow = typeof cases.$inferSelect;

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

/**
 * `from` plus a limit: calendar days, or working days (Monday to Friday in Beijing time; a start on a weekend
 * counts from the next Monday, the time of day is kept). Holidays are not known.
 */
export function addLimit(from: number, limit: StageLimit): number {
  if (!limit.workingDays) return from + limit.days * DAY;
  let t = from;
  const weekday = (x: number) => new Date(x + SHANGHAI).getUTCDay();
  while (weekday(t) === 0 || weekday(t) === 6) t += DAY;
  for (let left = limit.days; left > 0;) {
    t += DAY;
    if (weekday(t) !== 0 && weekday(t) !== 6) left--;
  }
  return t;
}

/** The flow's limits with the region's configured ones over them. */
export async function limitsOf<S extends string>(db: DbOrTx, regionId: string, flow: CaseFlow<S>): Promise<Partial<Record<S, StageLimit>>> {
  const rows = await db.select().from(caseStageLimits).where(and(eq(caseStageLimits.regionId, regionId), eq(caseStageLimits.kind, flow.kind)));
  const out: Partial<Record<S, StageLimit>> = { ...flow.limits };
  for (const r of rows) if ((flow.stages as readonly string[]).includes(r.stage)) out[r.stage as S] = { days: r.days, workingDays: r.workingDays };
  return out;
}

/** When a stage is due: its limit from the clock, plus any extension; null without a clock or a limit. */
export function dueOf(limit: StageLimit | undefined, clockFrom: Date | null, extensionDays: number): Date | null {
  if (!limit || !clockFrom) return null;
  return new Date(addLimit(clockFrom.getTime(), limit) + extensionDays * DAY);
}

export interface Who { id: string | null; name: string | null }
export const whoOf = (p: Principal | null | undefined): Who => ({ id: p?.id ?? null, name: p?.displayName ?? null });

async function nextSeq(db: DbOrTx, regionId: string, kind: string, year: number): Promise<number> {
  const [r] = await db.select({ n: sql<number>`coalesce(max(${cases.seq}), 0)::int` }).from(cases)
    .where(and(eq(cases.regionId, regionId), eq(cases.kind, kind), eq(cases.year, year)));
  return Number(r.n) + 1;
}

export interface OpenCase { regionId: string; orgId: string; title: string; year: number; at: Date; clockFrom?: Date | null; id?: string; note?: string | null; data?: Record<string, unknown> }

/** Opens a case in the flow's first stage (numbered per kind and year) with an `open` event. */
export async function openCase<S extends string>(db: DbOrTx, flow: CaseFlow<S>, who: Who, c: OpenCase): Promise<CaseRow> {
  const limits = await limitsOf(db, c.regionId, flow);
  const clockFrom = c.clockFrom ?? null;
  const [row] = await db.insert(cases).values({
    regionId: c.regionId, id: c.id ?? uuidv7(), kind: flow.kind, orgId: c.orgId, year: c.year, seq: await nextSeq(db, c.regionId, flow.kind, c.year),
    title: c.title, stage: flow.initial, stageSince: c.at, clockFrom, dueAt: dueOf(limits[flow.initial], clockFrom, 0),
    openedAt: c.at, createdBy: who.id, updatedAt: c.at,
  }).returning();
  await addEvent(db, row, who, { kind: 'open', at: c.at, toStage: flow.initial, note: c.note ?? null, data: c.data });
  return row;
}

export interface Move<S extends string> { to: S; at: Date; note?: string | null; data?: Record<string, unknown>; /** start (or restart) the clock at this moment */ clockFrom?: Date; extensionDays?: number }

/** Moves a case to a next stage of its flow (409 CASE_STAGE otherwise); closes it on a final stage. */
export async function moveCase<S extends string>(db: DbOrTx, flow: CaseFlow<S>, who: Who, c: CaseRow, m: Move<S>): Promise<CaseRow> {
  const from = c.stage as S;
  if (c.closedAt || !(flow.next[from] ?? []).includes(m.to)) throw conflict('CASE_STAGE', { from, to: m.to });
  const limits = await limitsOf(db, c.regionId, flow);
  const clockFrom = m.clockFrom ?? c.clockFrom;
  const extensionDays = m.extensionDays ?? c.extensionDays;
  const final = flow.final.includes(m.to);
  const [row] = await db.update(cases).set({
    stage: m.to, stageSince: m.at, clockFrom, extensionDays, dueAt: final ? null : dueOf(limits[m.to], clockFrom, extensionDays),
    closedAt: final ? m.at : null, updatedAt: m.at,
  }).where(and(eq(cases.regionId, c.regionId), eq(cases.id, c.id))).returning();
  await addEvent(db, row, who, { kind: 'stage', at: m.at, fromStage: from, toStage: m.to, note: m.note ?? null, data: m.data });
  return row;
}

/** Adds days to every limit of the case (an extension), recomputing the current due time. */
export async function extendCase<S extends string>(db: DbOrTx, flow: CaseFlow<S>, who: Who, c: CaseRow, days: number, at: Date, note: string): Promise<CaseRow> {
  const limits = await limitsOf(db, c.regionId, flow);
  const extensionDays = c.extensionDays + days;
  const [row] = await db.update(cases).set({ extensionDays, dueAt: c.closedAt ? null : dueOf(limits[c.stage as S], c.clockFrom, extensionDays), updatedAt: at })
    .where(and(eq(cases.regionId, c.regionId), eq(cases.id, c.id))).returning();
  await addEvent(db, row, who, { kind: 'extend', at, note, data: { days } });
  return row;
}

export interface EventIn { kind: string; at: Date; fromStage?: string | null; toStage?: string | null; note?: string | null; data?: Record<string, unknown> }

/** One entry of the timeline. */
export async function addEvent(db: DbOrTx, c: Pick<CaseRow, 'regionId' | 'id'>, who: Who, e: EventIn) {
  const [row] = await db.insert(caseEvents).values({
    regionId: c.regionId, id: uuidv7(), caseId: c.id, at: e.at, kind: e.kind, fromStage: e.fromStage ?? null, toStage: e.toStage ?? null,
    actorId: who.id, actorName: who.name, note: e.note ?? null, data: e.data ?? null,
  }).returning();
  await db.update(cases).set({ updatedAt: e.at }).where(and(eq(cases.regionId, c.regionId), eq(cases.id, c.id)));
  return row;
}

export interface AssignIn { role: string; userId?: string | null; unitId?: string | null; name: string; at: Date; note?: string | null }

/** Assigns a user or a unit in a role (the previous holder of that role, if any, is ended); an `assign` event. */
export async function assignCase(db: DbOrTx, c: CaseRow, who: Who, a: AssignIn, opts: { replace?: boolean } = { replace: true }) {
  if (opts.replace !== false) await endAssignments(db, c, a.role, a.at);
  const [row] = await db.insert(caseAssignments).values({
    regionId: c.regionId, id: uuidv7(), caseId: c.id, role: a.role, userId: a.userId ?? null, unitId: a.unitId ?? null, name: a.name,
    assignedAt: a.at, assignedBy: who.id,
  }).returning();
  await addEvent(db, c, who, { kind: 'assign', at: a.at, note: a.note ?? null, data: { role: a.role, name: a.name, userId: a.userId ?? null, unitId: a.unitId ?? null } });
  return row;
}

/** Ends the current assignments of a role (a hand-back, a replacement). */
export async function endAssignments(db: DbOrTx, c: Pick<CaseRow, 'regionId' | 'id'>, role: string, at: Date) {
  return db.update(caseAssignments).set({ endedAt: at })
    .where(and(eq(caseAssignments.regionId, c.regionId), eq(caseAssignments.caseId, c.id), eq(caseAssignments.role, role), isNull(caseAssignments.endedAt)))
    .returning();
}

/** The current assignments of a case. */
export async function assignmentsOf(db: DbOrTx, c: Pick<CaseRow, 'regionId' | 'id'>) {
  return db.select().from(caseAssignments)
    .where(and(eq(caseAssignments.regionId, c.regionId), eq(caseAssignments.caseId, c.id), isNull(caseAssignments.endedAt)))
    .orderBy(asc(caseAssignments.assignedAt), asc(caseAssignments.id));
}

/** Is the user currently assigned to the case (in any role, or the one given)? */
export async function isAssigned(db: DbOrTx, c: Pick<CaseRow, 'regionId' | 'id'>, userId: string, role?: string): Promise<boolean> {
  const rows = await db.select({ id: caseAssignments.id }).from(caseAssignments).where(and(
    eq(caseAssignments.regionId, c.regionId), eq(caseAssignments.caseId, c.id), eq(caseAssignments.userId, userId), isNull(caseAssignments.endedAt),
    role ? eq(caseAssignments.role, role) : undefined,
  )).limit(1);
  return rows.length > 0;
}

/** The timeline, oldest first. */
export async function timelineOf(db: DbOrTx, c: Pick<CaseRow, 'regionId' | 'id'>) {
  return db.select().from(caseEvents).where(and(eq(caseEvents.regionId, c.regionId), eq(caseEvents.caseId, c.id))).orderBy(asc(caseEvents.at), asc(caseEvents.id));
}

/** Records (or replaces) the rating of a subject on the flow's scale, with a `rate` event. */
export async function rateCase(db: DbOrTx, flow: CaseFlow, c: CaseRow, who: Who, r: { subject: string; value: number; comment?: string | null; at: Date }) {
  if (!Number.isInteger(r.value) || r.value < 1 || r.value > flow.ratingMax) throw conflict('CASE_RATING_RANGE', { max: flow.ratingMax });
  await db.insert(caseRatings).values({ regionId: c.regionId, caseId: c.id, subject: r.subject, value: r.value, comment: r.comment ?? null, ratedBy: who.id, ratedAt: r.at })
    .onConflictDoUpdate({ target: [caseRatings.regionId, caseRatings.caseId, caseRatings.subject], set: { value: r.value, comment: r.comment ?? null, ratedBy: who.id, ratedAt: r.at } });
  await addEvent(db, c, who, { kind: 'rate', at: r.at, data: { subject: r.subject, value: r.value }, note: r.comment ?? null });
}

export async function ratingsOf(db: DbOrTx, c: Pick<CaseRow, 'regionId' | 'id'>) {
  return db.select().from(caseRatings).where(and(eq(caseRatings.regionId, c.regionId), eq(caseRatings.caseId, c.id))).orderBy(asc(caseRatings.subject));
}

/** The case row (unscoped: the capability checks scope). */
export async function caseById(db: DbOrTx, id: string, kind: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(and(eq(cases.id, id), eq(cases.kind, kind))).limit(1);
  return row;
}

/** A case's number as shown: 2026-007. */
export const caseNumber = (c: Pick<CaseRow, 'year' | 'seq'>) => `${c.year}-${String(c.seq).padStart(3, '0')}`;

/** Is the case past the due time of its stage at `now`? */
export const isOverdue = (c: Pick<CaseRow, 'dueAt' | 'closedAt'>, now: number) => !c.closedAt && !!c.dueAt && c.dueAt.getTime() < now;
