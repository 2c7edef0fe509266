/**
 * Party dues (党费), issue 15 first slice (docs/money.md): a member's monthly amount for the year from the official
 * table, a branch's monthly collection sheet with arrears, and payments posted on the region's dues ledger.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { duesProblem, monthlyDuesFen } from '../../../shared/dues.ts';
import { ARREARS_FLAG_MONTHS, ARREARS_WARN_MONTHS, DUES_FORWARD_FEN, type DuesAmount, type DuesAmountSet, type DuesPayment, type DuesPaymentCreate, type DuesSheet, type DuesSheetQuery } from '../../../shared/money.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { withIdempotency } from '../../platform/ledger/idempotency.ts';
import { createAccount, createLedger, post } from '../../platform/ledger/ledger.ts';
import { ledgerAccounts, ledgers } from '../../platform/ledger/schema.ts';
import { can, type Principal } from '../../platform/scope.ts';
import { transaction } from '../../platform/transaction.ts';
import { members, orgs } from '../directory/schema.ts';
import { duesAmounts, duesMonths, duesPayments } from './schema.ts';

type Perm = 'dues.read' | 'dues.collect';

/** A member with its branch, if the caller holds `perm` there; 404 otherwise (out of scope answers like a made-up id). */
export async function memberInScope(db: DbOrTx, p: Principal, perm: Perm, memberId: string) {
  const [m] = await db.select({ id: members.id, regionId: members.regionId, orgId: members.orgId, name: members.name, path: orgs.path })
    .from(members).innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(eq(members.id, memberId)).limit(1);
  if (!m || !can(p, perm, { regionId: m.regionId, orgPath: m.path })) throw notFound();
  return m;
}

export async function orgInScope(db: DbOrTx, p: Principal, perm: Perm, orgId: string) {
  const [o] = await db.select({ id: orgs.id, regionId: orgs.regionId, name: orgs.name, path: orgs.path }).from(orgs).where(eq(orgs.id, orgId)).limit(1);
  if (!o || !can(p, perm, { regionId: o.regionId, orgPath: o.path })) throw notFound();
  return o;
}

const amountOut = (r: typeof duesAmounts.$inferSelect): z.infer<typeof DuesAmount> => ({
  memberId: r.memberId, year: r.year, orgId: r.orgId, category: r.category as z.infer<typeof DuesAmount>['category'],
  baseFen: r.baseFen, monthlyFen: r.monthlyFen, reason: r.reason,
  tableFen: r.tableFen, reductionDecision: r.reductionDecision, reductionApproval: r.reductionApproval,
});

/**
 * The monthly amount to record: the table's, or a reduction / exemption below it with both the branch's decision
 * and the committee's approval (`duesProblem`); 422 with the problem's code otherwise.
 */
export function amountFor(body: Pick<z.infer<typeof DuesAmountSet>, 'category' | 'baseFen' | 'monthlyFen' | 'reductionDecision' | 'reductionApproval'>) {
  const table = monthlyDuesFen(body.category, body.baseFen);
  const monthlyFen = body.monthlyFen ?? table;
  const reduction = { branchDecision: body.reductionDecision ?? '', committeeApproval: body.reductionApproval ?? '' };
  const problem = duesProblem(body.category, body.baseFen, monthlyFen, reduction);
  if (problem) {
    const field = problem === 'DUES_OUTSIDE_TABLE' && body.monthlyFen !== undefined
      ? [...(reduction.branchDecision.trim() ? [] : [fieldError('reductionDecision', 'dues.reduction_decision_required')]),
        ...(reduction.committeeApproval.trim() ? [] : [fieldError('reductionApproval', 'dues.reduction_approval_required')])]
      : [fieldError('monthlyFen', problem === 'DUES_ABOVE_TABLE' ? 'dues.above_table' : 'dues.amount_invalid', { table: (table / 100).toFixed(2) })];
    throw invalid(field, problem);
  }
  const reduced = monthlyFen < table;
  return { monthlyFen, tableFen: reduced ? table : null, reductionDecision: reduced ? reduction.branchDecision.trim() : null, reductionApproval: reduced ? reduction.committeeApproval.trim() : null };
}

/** Sets (or, with a reason, changes) a member's monthly dues for a year from the declared income and category. */
export async function setDuesAmount(ctx: Ctx, actor: Actor, body: z.infer<typeof DuesAmountSet>): Promise<z.infer<typeof DuesAmount>> {
  const p = actor.principal!;
  const m = await memberInScope(ctx.db, p, 'dues.collect', body.memberId);
  const set = amountFor(body);
  return transaction(ctx.db, async (tx) => {
    const [prior] = await tx.select().from(duesAmounts)
      .where(and(eq(duesAmounts.regionId, m.regionId), eq(duesAmounts.memberId, m.id), eq(duesAmounts.year, body.year))).for('update');
    const at = new Date(ctx.now());
    if (!prior) {
      const [row] = await tx.insert(duesAmounts).values({
        regionId: m.regionId, memberId: m.id, year: body.year, orgId: m.orgId, category: body.category, baseFen: body.baseFen, ...set,
        reason: body.reason || null, setBy: p.id, createdAt: at, updatedAt: at,
      }).onConflictDoNothing().returning();
      if (!row) throw conflict('DUES_AMOUNT_ALREADY_SET');
      await audit(tx, actor, { regionId: m.regionId, action: 'dues.amount.set', entityType: 'dues_amount', entityId: m.id, after: amountOut(row) });
      return amountOut(row);
    }
    if (!body.reason) throw invalid([fieldError('reason', 'dues.reason_required')]);
    const [row] = await tx.update(duesAmounts).set({ orgId: m.orgId, category: body.category, baseFen: body.baseFen, ...set, reason: body.reason, setBy: p.id, updatedAt: at })
      .where(and(eq(duesAmounts.regionId, m.regionId), eq(duesAmounts.memberId, m.id), eq(duesAmounts.year, body.year))).returning();
    await audit(tx, actor, { regionId: m.regionId, action: 'dues.amount.change', entityType: 'dues_amount', entityId: m.id, before: amountOut(prior), after: amountOut(row) });
    return amountOut(row);
  });
}

/** The region's dues ledger (`dues`, kept by the region's root org) and the branch's account on it, created on first use. */
export async function branchAccount(tx: Tx, regionId: string, orgId: string): Promise<{ ledgerId: string; members: string; branch: string }> {
  const find = async () => {
    const [l] = await tx.select({ id: ledgers.id }).from(ledgers).where(and(eq(ledgers.regionId, regionId), eq(ledgers.code, 'dues')));
    if (!l) return null;
    const accts = await tx.select({ id: ledgerAccounts.id, code: ledgerAccounts.code }).from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.regionId, regionId), eq(ledgerAccounts.ledgerId, l.id), inArray(ledgerAccounts.code, ['members', `branch:${orgId}`])));
    const by = Object.fromEntries(accts.map((a) => [a.code, a.id]));
    return { ledgerId: l.id, members: by.members as string | undefined, branch: by[`branch:${orgId}`] as string | undefined };
  };
  let found = await find();
  if (found?.members && found.branch) return found as { ledgerId: string; members: string; branch: string };
  // first payment of the region or of the branch: one creator at a time
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`dues-ledger:${regionId}`}))`);
  found = await find();
  if (!found) {
    const [root] = await tx.select({ id: orgs.id }).from(orgs).where(and(eq(orgs.regionId, regionId), sql`${orgs.parentId} is null`)).orderBy(asc(orgs.path)).limit(1);
    const l = await createLedger(tx, { regionId, orgId: root.id, code: 'dues', name: '党费', purpose: 'dues' }, [{ code: 'members', name: '党员交纳', kind: 'external' }]);
    found = { ledgerId: l.id, members: l.accounts.members, branch: undefined };
  }
  const branch = found.branch ?? await createAccount(tx, regionId, found.ledgerId, { code: `branch:${orgId}`, name: `党支部 ${orgId}`, kind: 'asset', noNegative: true });
  return { ledgerId: found.ledgerId, members: found.members!, branch };
}

/**
 * Records a payment: the receipt, the months it covers and a posting on the region's dues ledger (members → the
 * branch's account), in one transaction under the request's Idempotency-Key (a retry answers the first payment).
 */
export async function recordDuesPayment(ctx: Ctx, actor: Actor, key: string, body: z.infer<typeof DuesPaymentCreate>): Promise<z.infer<typeof DuesPayment>> {
  const p = actor.principal!;
  const m = await memberInScope(ctx.db, p, 'dues.collect', body.memberId);
  const months = [...new Set(body.months)].sort((a, b) => a - b);
  if (months.length !== body.months.length) throw invalid([fieldError('months', 'dues.months_repeated')]);
  const extraFen = body.extraFen ?? 0;
  if (!months.length && !extraFen) throw invalid([fieldError('months', 'dues.months_required')]);
  if (extraFen > body.amountFen) throw invalid([fieldError('extraFen', 'dues.extra_over_amount')]);
  const forwardUp = body.amountFen >= DUES_FORWARD_FEN;
  const answer = await withIdempotency(ctx.db, ctx.now(), m.regionId, { scope: p.id, key, request: { op: 'dues.payment', body } }, async (tx) => {
    const [amount] = await tx.select().from(duesAmounts)
      .where(and(eq(duesAmounts.regionId, m.regionId), eq(duesAmounts.memberId, m.id), eq(duesAmounts.year, body.year)));
    if (!amount && months.length) throw conflict('DUES_AMOUNT_NOT_SET');
    const due = (amount?.monthlyFen ?? 0) * months.length + extraFen;
    if (body.amountFen !== due) throw invalid([fieldError('amountFen', 'dues.amount_mismatch', { due: (due / 100).toFixed(2) })]);
    const id = uuidv7();
    const acct = await branchAccount(tx, m.regionId, m.orgId);
    const posting = await post(tx, ctx.now(), {
      regionId: m.regionId, ledgerId: acct.ledgerId, code: 'dues.payment', memo: `${body.year} ${months.join(',')} ${body.receiptNo}`,
      refType: 'dues_payment', refId: id, createdBy: p.id, legs: [{ debit: acct.members, credit: acct.branch, amount: BigInt(body.amountFen) }],
    });
    try {
      await tx.insert(duesPayments).values({
        regionId: m.regionId, id, memberId: m.id, orgId: m.orgId, year: body.year, months, amountFen: body.amountFen, method: body.method,
        receiptNo: body.receiptNo, postingId: posting.postingId, extraFen, paidBy: body.paidBy ?? null, forwardUp, recordedBy: p.id, createdAt: new Date(ctx.now()),
      });
      if (months.length) await tx.insert(duesMonths).values(months.map((month) => ({ regionId: m.regionId, memberId: m.id, year: body.year, month, paymentId: id })));
    } catch (e) {
      if (isUniqueViolation(e, 'dues_payments_receipt_uq')) throw conflict('DUES_RECEIPT_USED');
      if (isUniqueViolation(e, 'dues_months_pkey') || isUniqueViolation(e, 'dues_months_region_id_member_id_year_month_pk')) throw conflict('DUES_MONTH_PAID');
      throw e;
    }
    const out = { id, memberId: m.id, orgId: m.orgId, year: body.year, months, amountFen: body.amountFen, method: body.method, receiptNo: body.receiptNo, postingId: posting.postingId,
      extraFen, paidBy: body.paidBy ?? null, forwardUp };
    await audit(tx, actor, { regionId: m.regionId, action: 'dues.payment', entityType: 'dues_payment', entityId: id, after: out });
    return { status: 201, body: out };
  });
  return { ...answer.body, replayed: answer.replayed };
}

/** The months of `year` counted for arrears on `today` (YYYY-MM-DD): all of a past year, none of a future one. */
export function throughMonthOf(year: number, today: string): number {
  const y = Number(today.slice(0, 4));
  return year < y ? 12 : year > y ? 0 : Number(today.slice(5, 7));
}

/** The months through `throughMonth` not in `paid`; none for an exempt member (monthly amount 0). */
export function unpaidOf(paid: Set<number>, throughMonth: number, monthlyFen: number | null): number[] {
  if (monthlyFen === 0) return [];
  const out: number[] = [];
  for (let mo = 1; mo <= throughMonth; mo++) if (!paid.has(mo)) out.push(mo);
  return out;
}

/** A branch's collection sheet for a month: its members, the amount due, paid or not, and each one's arrears this year. */
export async function duesSheet(ctx: Ctx, p: Principal, q: z.infer<typeof DuesSheetQuery>): Promise<z.infer<typeof DuesSheet>> {
  const o = await orgInScope(ctx.db, p, 'dues.read', q.orgId);
  const throughMonth = throughMonthOf(q.year, todayShanghai(ctx.now()));
  // two flat queries (the branch's members with the year's amount; their paid months) instead of a subquery per member
  const rows = await ctx.db.select({
    memberId: members.id, name: members.name, category: duesAmounts.category, baseFen: duesAmounts.baseFen, monthlyFen: duesAmounts.monthlyFen, tableFen: duesAmounts.tableFen,
  }).from(members)
    .leftJoin(duesAmounts, and(eq(duesAmounts.regionId, members.regionId), eq(duesAmounts.memberId, members.id), eq(duesAmounts.year, q.year)))
    .where(and(eq(members.regionId, o.regionId), eq(members.orgId, o.id), ne(members.status, 'transferred_out'), ne(members.status, 'deceased'), ne(members.status, 'left')))
    .orderBy(asc(members.namePinyin), asc(members.id));
  // the year's paid months of these members with their receipts: by the key (region, member, year, month)
  const monthRows = rows.length ? await ctx.db.select({ memberId: duesMonths.memberId, month: duesMonths.month, receiptNo: duesPayments.receiptNo }).from(duesMonths)
    .innerJoin(duesPayments, and(eq(duesPayments.regionId, duesMonths.regionId), eq(duesPayments.id, duesMonths.paymentId)))
    .where(and(eq(duesMonths.regionId, o.regionId), inArray(duesMonths.memberId, rows.map((r) => r.memberId)), eq(duesMonths.year, q.year))) : [];
  const paidBy = new Map<string, Set<number>>();
  const receiptOf = new Map<string, string>();
  for (const r of monthRows) {
    const m = Number(r.month);
    (paidBy.get(r.memberId) ?? (paidBy.set(r.memberId, new Set()), paidBy.get(r.memberId)!)).add(m);
    if (m === q.month) receiptOf.set(r.memberId, r.receiptNo);
  }
  let dueFen = 0;
  let paidFen = 0;
  const out = rows.map((r) => {
    const paid = paidBy.get(r.memberId) ?? new Set<number>();
    const monthly = r.monthlyFen === null ? null : Number(r.monthlyFen);
    const unpaidMonths = unpaidOf(paid, throughMonth, monthly);
    if (monthly !== null) { dueFen += monthly; if (paid.has(q.month)) paidFen += monthly; }
    return {
      memberId: r.memberId, name: r.name, category: r.category as z.infer<typeof DuesSheet>['rows'][number]['category'],
      baseFen: r.baseFen === null ? null : Number(r.baseFen), monthlyFen: monthly, paid: paid.has(q.month), receiptNo: receiptOf.get(r.memberId) ?? null,
      unpaidMonths, flagged: unpaidMonths.length >= ARREARS_FLAG_MONTHS, warned: unpaidMonths.length >= ARREARS_WARN_MONTHS, reduced: r.tableFen !== null,
    };
  });
  const [bal] = await ctx.db.select({ b: ledgerAccounts.balance }).from(ledgerAccounts).innerJoin(ledgers, and(eq(ledgers.regionId, ledgerAccounts.regionId), eq(ledgers.id, ledgerAccounts.ledgerId)))
    .where(and(eq(ledgers.regionId, o.regionId), eq(ledgers.code, 'dues'), eq(ledgerAccounts.code, `branch:${o.id}`)));
  return { orgId: o.id, orgName: o.name, year: q.year, month: q.month, throughMonth, rows: out, dueFen, paidFen, balanceFen: bal ? Number(bal.b) : 0 };
}
