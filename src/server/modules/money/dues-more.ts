/**
 * Party dues (党费), second slice (docs/money.md): corrections of a payment, the branches a caller reads, arrears
 * across a committee's branches, a branch's payments, a member's own dues and the yearly disclosure to the branch.
 */
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { todayShanghai } from '../../../shared/dates.ts';
import {
  ARREARS_FLAG_MONTHS, ARREARS_WARN_MONTHS, type DuesArrears, type DuesArrearsQuery, type DuesBranch, type DuesCorrection, type DuesCorrectionCreate,
  type DuesDisclosure, type DuesDisclosureQuery, type DuesPaymentItem, type DuesPaymentListQuery, type MyDuesYear,
} from '../../../shared/money.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { withIdempotency } from '../../platform/ledger/idempotency.ts';
import { reverse } from '../../platform/ledger/ledger.ts';
import { ledgerTransfers } from '../../platform/ledger/schema.ts';
import { can, pathUnder, scopeWhere, type Principal } from '../../platform/scope.ts';
import { members, orgs } from '../directory/schema.ts';
import { orgInScope, throughMonthOf, unpaidOf } from './dues.ts';
import { duesAmounts, duesCorrections, duesMonths, duesPayments } from './schema.ts';

const GONE = ['transferred_out', 'deceased', 'left'];

/**
 * Corrects a payment (更正): reverses its posting on the ledger (`reverse()`: the reversal names the corrected legs)
 * and frees its months, in one transaction under the Idempotency-Key; the payment row is never edited, and its
 * receipt number stays used. The right payment is then recorded as a new one.
 */
export async function correctDuesPayment(ctx: Ctx, actor: Actor, key: string, paymentId: string, body: z.infer<typeof DuesCorrectionCreate>): Promise<z.infer<typeof DuesCorrection>> {
  const p = actor.principal!;
  const [pay] = await ctx.db.select({ regionId: duesPayments.regionId, id: duesPayments.id, memberId: duesPayments.memberId, postingId: duesPayments.postingId, path: orgs.path, receiptNo: duesPayments.receiptNo })
    .from(duesPayments).innerJoin(orgs, and(eq(orgs.regionId, duesPayments.regionId), eq(orgs.id, duesPayments.orgId)))
    .where(eq(duesPayments.id, paymentId)).limit(1);
  if (!pay || !can(p, 'dues.collect', { regionId: pay.regionId, orgPath: pay.path })) throw notFound();
  const answer = await withIdempotency(ctx.db, ctx.now(), pay.regionId, { scope: p.id, key, request: { op: 'dues.correct', paymentId, body } }, async (tx) => {
    await tx.select({ id: duesPayments.id }).from(duesPayments).where(and(eq(duesPayments.regionId, pay.regionId), eq(duesPayments.id, pay.id))).for('update');
    const [done] = await tx.select({ id: duesCorrections.id }).from(duesCorrections).where(and(eq(duesCorrections.regionId, pay.regionId), eq(duesCorrections.paymentId, pay.id)));
    if (done) throw conflict('DUES_PAYMENT_CORRECTED');
    const [posting] = await tx.select({ ledgerId: ledgerTransfers.ledgerId }).from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.regionId, pay.regionId), eq(ledgerTransfers.postingId, pay.postingId))).limit(1);
    const reversal = await reverse(tx, ctx.now(), { regionId: pay.regionId, ledgerId: posting.ledgerId, postingId: pay.postingId, memo: `更正 ${pay.receiptNo}: ${body.reason}`, createdBy: p.id });
    const freed = (await tx.delete(duesMonths).where(and(eq(duesMonths.regionId, pay.regionId), eq(duesMonths.paymentId, pay.id))).returning({ month: duesMonths.month }))
      .map((r) => Number(r.month)).sort((a, b) => a - b);
    const id = uuidv7();
    await tx.insert(duesCorrections).values({ regionId: pay.regionId, id, paymentId: pay.id, reason: body.reason, reversalPostingId: reversal.postingId, correctedBy: p.id, createdAt: new Date(ctx.now()) });
    const out = { id, paymentId: pay.id, reversalPostingId: reversal.postingId, freedMonths: freed, reason: body.reason };
    await audit(tx, actor, { regionId: pay.regionId, action: 'dues.payment.correct', entityType: 'dues_payment', entityId: pay.id, after: out });
    return { status: 201, body: out };
  });
  return { ...answer.body, replayed: answer.replayed };
}

/** The branches (kind `branch`) whose dues the caller reads, by path; `collect` where they also collect. */
export async function duesBranches(ctx: Ctx, p: Principal): Promise<z.infer<typeof DuesBranch>[]> {
  const rows = await ctx.db.select({ id: orgs.id, regionId: orgs.regionId, name: orgs.name, path: orgs.path }).from(orgs)
    .where(and(eq(orgs.kind, 'branch'), scopeWhere(p, 'dues.read', { regionId: orgs.regionId, orgPath: orgs.path })))
    .orderBy(asc(orgs.regionId), asc(orgs.path)).limit(2000);
  return rows.map((r) => ({ ...r, collect: can(p, 'dues.collect', { regionId: r.regionId, orgPath: r.path }) }));
}

interface MemberYear { memberId: string; name: string; orgId: string; orgName: string; monthlyFen: number | null; tableFen: number | null; paid: number[] }

/** Members (not gone) of the orgs matched by `where`, with the year's amount and paid months: one query. */
async function membersYear(db: DbOrTx, regionId: string, year: number, where: ReturnType<typeof sql>): Promise<MemberYear[]> {
  const rows = await db.select({
    memberId: members.id, name: members.name, orgId: orgs.id, orgName: orgs.name, monthlyFen: duesAmounts.monthlyFen, tableFen: duesAmounts.tableFen,
    paid: sql<number[]>`coalesce((select array_agg(dm.month order by dm.month) from ${duesMonths} dm
      where dm.region_id = ${members.regionId} and dm.member_id = ${members.id} and dm.year = ${year}), '{}')`,
  }).from(members)
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .leftJoin(duesAmounts, and(eq(duesAmounts.regionId, members.regionId), eq(duesAmounts.memberId, members.id), eq(duesAmounts.year, year)))
    .where(and(eq(members.regionId, regionId), notInArray(members.status, GONE), where))
    .orderBy(asc(orgs.path), asc(members.namePinyin), asc(members.id));
  return rows.map((r) => ({ ...r, monthlyFen: r.monthlyFen === null ? null : Number(r.monthlyFen), tableFen: r.tableFen === null ? null : Number(r.tableFen), paid: r.paid.map(Number) }));
}

/**
 * Arrears across the branches of a committee (the org's subtree, within the caller's `dues.read`): the members with
 * ARREARS_FLAG_MONTHS or more months of the year unpaid, most behind first; `warned` from ARREARS_WARN_MONTHS.
 */
export async function duesArrears(ctx: Ctx, p: Principal, q: z.infer<typeof DuesArrearsQuery>): Promise<z.infer<typeof DuesArrears>> {
  const o = await orgInScope(ctx.db, p, 'dues.read', q.orgId);
  const throughMonth = throughMonthOf(q.year, todayShanghai(ctx.now()));
  const all = await membersYear(ctx.db, o.regionId, q.year, and(pathUnder(orgs.path, o.path), scopeWhere(p, 'dues.read', { regionId: orgs.regionId, orgPath: orgs.path }))!);
  const rows = all.map((m) => {
    const unpaidMonths = unpaidOf(new Set(m.paid), throughMonth, m.monthlyFen);
    return { memberId: m.memberId, name: m.name, orgId: m.orgId, orgName: m.orgName, monthlyFen: m.monthlyFen, unpaidMonths,
      owedFen: (m.monthlyFen ?? 0) * unpaidMonths.length, warned: unpaidMonths.length >= ARREARS_WARN_MONTHS };
  }).filter((r) => r.unpaidMonths.length >= ARREARS_FLAG_MONTHS)
    .sort((a, b) => b.unpaidMonths.length - a.unpaidMonths.length);
  return { orgId: o.id, orgName: o.name, year: q.year, throughMonth, rows, flagged: rows.length, warned: rows.filter((r) => r.warned).length };
}

const itemsOf = async (db: DbOrTx, regionId: string, where: ReturnType<typeof sql>): Promise<z.infer<typeof DuesPaymentItem>[]> => {
  const rows = await db.select({
    id: duesPayments.id, memberId: duesPayments.memberId, memberName: members.name, year: duesPayments.year, months: duesPayments.months,
    amountFen: duesPayments.amountFen, extraFen: duesPayments.extraFen, method: duesPayments.method, receiptNo: duesPayments.receiptNo,
    paidBy: duesPayments.paidBy, forwardUp: duesPayments.forwardUp, createdAt: duesPayments.createdAt,
    correctedReason: duesCorrections.reason, correctedAt: duesCorrections.createdAt,
  }).from(duesPayments)
    .innerJoin(members, and(eq(members.regionId, duesPayments.regionId), eq(members.id, duesPayments.memberId)))
    .leftJoin(duesCorrections, and(eq(duesCorrections.regionId, duesPayments.regionId), eq(duesCorrections.paymentId, duesPayments.id)))
    .where(and(eq(duesPayments.regionId, regionId), where)).orderBy(desc(duesPayments.createdAt), desc(duesPayments.id)).limit(2000);
  return rows.map((r) => ({
    id: r.id, memberId: r.memberId, memberName: r.memberName, year: r.year, months: r.months.map(Number), amountFen: Number(r.amountFen), extraFen: Number(r.extraFen),
    method: r.method as 'cash' | 'transfer', receiptNo: r.receiptNo, paidBy: r.paidBy, forwardUp: r.forwardUp, createdAt: r.createdAt.toISOString(),
    corrected: r.correctedAt ? { reason: r.correctedReason ?? '', at: r.correctedAt.toISOString() } : null,
  }));
};

/** A branch's payments of a year (or one member's), newest first, with their corrections. */
export async function listDuesPayments(ctx: Ctx, p: Principal, q: z.infer<typeof DuesPaymentListQuery>) {
  const o = await orgInScope(ctx.db, p, 'dues.read', q.orgId);
  return itemsOf(ctx.db, o.regionId, and(eq(duesPayments.orgId, o.id), eq(duesPayments.year, q.year), q.memberId ? eq(duesPayments.memberId, q.memberId) : undefined)!);
}

/** The signed-in member's own dues for a year: the amount, paid and unpaid months, what is owed, their receipts. */
export async function myDuesYear(ctx: Ctx, p: Principal, year?: number): Promise<z.infer<typeof MyDuesYear>> {
  const today = todayShanghai(ctx.now());
  const y = year ?? Number(today.slice(0, 4));
  const throughMonth = throughMonthOf(y, today);
  const none = { year: y, member: false, orgId: null, orgName: null, throughMonth, monthlyFen: null, reduced: false, paidMonths: [], unpaidMonths: [], owedFen: 0, payments: [] };
  if (!p.memberId || !p.memberRegionId) return none;
  const [m] = await membersYear(ctx.db, p.memberRegionId, y, eq(members.id, p.memberId));
  if (!m) return none;
  const unpaidMonths = unpaidOf(new Set(m.paid), throughMonth, m.monthlyFen);
  return {
    year: y, member: true, orgId: m.orgId, orgName: m.orgName, throughMonth, monthlyFen: m.monthlyFen, reduced: m.tableFen !== null,
    paidMonths: m.paid, unpaidMonths, owedFen: (m.monthlyFen ?? 0) * unpaidMonths.length,
    payments: await itemsOf(ctx.db, p.memberRegionId, and(eq(duesPayments.memberId, p.memberId), eq(duesPayments.year, y))!),
  };
}

/**
 * The yearly disclosure (党费收缴公示) of a branch: its members (not gone) with the months paid and the amount paid in
 * the year (corrected payments left out), and totals. Visible to the branch's own members and to its dues readers;
 * anyone else gets the 404 of a made-up id.
 */
export async function duesDisclosure(ctx: Ctx, p: Principal, q: z.infer<typeof DuesDisclosureQuery>): Promise<z.infer<typeof DuesDisclosure>> {
  const [o] = await ctx.db.select({ id: orgs.id, regionId: orgs.regionId, name: orgs.name, path: orgs.path }).from(orgs).where(eq(orgs.id, q.orgId)).limit(1);
  if (!o) throw notFound();
  let own = false;
  if (p.memberId && p.memberRegionId === o.regionId) {
    const [me] = await ctx.db.select({ id: members.id }).from(members)
      .where(and(eq(members.regionId, o.regionId), eq(members.id, p.memberId), eq(members.orgId, o.id), notInArray(members.status, GONE)));
    own = Boolean(me);
  }
  if (!own && !can(p, 'dues.read', { regionId: o.regionId, orgPath: o.path })) throw notFound();
  const list = await membersYear(ctx.db, o.regionId, q.year, eq(members.orgId, o.id));
  const sums = await ctx.db.select({ memberId: duesPayments.memberId, paid: sql<number>`sum(${duesPayments.amountFen})::bigint`, extra: sql<number>`sum(${duesPayments.extraFen})::bigint` })
    .from(duesPayments)
    .leftJoin(duesCorrections, and(eq(duesCorrections.regionId, duesPayments.regionId), eq(duesCorrections.paymentId, duesPayments.id)))
    .where(and(eq(duesPayments.regionId, o.regionId), eq(duesPayments.orgId, o.id), eq(duesPayments.year, q.year), sql`${duesCorrections.id} is null`,
      list.length ? inArray(duesPayments.memberId, list.map((m) => m.memberId)) : sql`false`))
    .groupBy(duesPayments.memberId);
  const by = new Map(sums.map((s) => [s.memberId, { paid: Number(s.paid), extra: Number(s.extra) }]));
  const rows = list.map((m) => ({ name: m.name, monthsPaid: m.paid, paidFen: by.get(m.memberId)?.paid ?? 0 }));
  return {
    orgId: o.id, orgName: o.name, year: q.year, rows, members: rows.length,
    paidFen: rows.reduce((a, r) => a + r.paidFen, 0), extraFen: [...by.values()].reduce((a, v) => a + v.extra, 0),
  };
}
