/**
 * The bridge-loan mutual-aid fund (转贷互助资金), issue 15 §2 (docs/money.md): a fund of one region owned by an org,
 * its rules as configuration, member enterprises' capital, loans applied by a liaison with the bank's renewal
 * commitment, prepared by a fund officer and approved by someone else, disbursed as one pending transfer on the
 * fund's ledger, repaid by posting it with the tiered fee as its own transfer, written off only by a decision.
 *
 * The fund's ledger (code `fund:<id>`): `cash` (asset, no-negative: a loan out is a pending debit of it, so the fund
 * can never lend money it does not have), `loans` (loans out), `fees` (fee income), `bad_debts`, and one
 * `capital:<unitId>` per member enterprise. Balances are credits − debits: cash + loans + bad_debts = −(capital + fees).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import {
  loanFeeFen, loanPenaltyFen, type BalanceSheet, type ContributionCreate, type Fund, type FundCreate, type FundFigures, type FundMember, type FundRules, type Loan,
  type LoanApply, type LoanListQuery, type LoanStatus, type Repayment, type WriteOff,
} from '../../../shared/money-fund.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { withIdempotency } from '../../platform/ledger/idempotency.ts';
import { createAccount, createLedger, post, resolvePending } from '../../platform/ledger/ledger.ts';
import { ledgerAccounts, ledgerTransfers } from '../../platform/ledger/schema.ts';
import { rowsOf } from '../../platform/rows.ts';
import { users } from '../../platform/schema.ts';
import { can, type Principal } from '../../platform/scope.ts';
import { transaction } from '../../platform/transaction.ts';
import { unitsHeld } from '../../platform/unit-grants.ts';
import { storeFile, type ReceivedFile } from '../../platform/uploads.ts';
import { orgsForNewFund, type FundOrg } from './fund-orgs.ts';
import { orgs, units } from '../directory/schema.ts';
import { loanCommitments, loanFundMembers, loanFunds, loans } from './schema.ts';

/** "Due soon": a loan out whose due date is today or within this many days. */
export const DUE_SOON_DAYS = 3;

/** A disbursement is a pending transfer that must never lapse on its own (an overdue loan is not money back): ~5 years. */
export const LOAN_PENDING_TIMEOUT_MS = 5 * 366 * 86_400_000;

type FundPerm = 'fund.read' | 'fund.prepare' | 'fund.approve';
type FundRow = typeof loanFunds.$inferSelect & { orgPath: string };

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

async function fundById(db: DbOrTx, id: string): Promise<FundRow | null> {
  const [f] = await db.select({ f: loanFunds, orgPath: orgs.path }).from(loanFunds)
    .innerJoin(orgs, and(eq(orgs.regionId, loanFunds.regionId), eq(orgs.id, loanFunds.orgId))).where(eq(loanFunds.id, id)).limit(1);
  return f ? { ...f.f, orgPath: f.orgPath } : null;
}

/** The fund if the caller holds `perm` on its org's subtree; 404 otherwise (out of scope answers like a made-up id). */
async function fundInScope(db: DbOrTx, p: Principal, perm: FundPerm, id: string): Promise<FundRow> {
  const f = await fundById(db, id);
  if (!f || !can(p, perm, { regionId: f.regionId, orgPath: f.orgPath })) throw notFound();
  return f;
}

/** The caller speaks for the unit (a liaison holding fund.apply on it) — or reads the fund as an officer. */
const speaksFor = (p: Principal, f: FundRow, unitId: string) => can(p, 'fund.apply', { regionId: f.regionId, unitId });
/** Who may file an application (and its commitment) for a member unit: its liaison, or a fund officer taking it in (受理) on the unit's behalf. */
const filesFor = (p: Principal, f: FundRow, unitId: string) => speaksFor(p, f, unitId) || can(p, 'fund.prepare', { regionId: f.regionId, orgPath: f.orgPath });
const readsFund = (p: Principal, f: FundRow) => can(p, 'fund.read', { regionId: f.regionId, orgPath: f.orgPath });
/** 404 unless the caller reads the fund as a whole (officers, approvers, region admins; not a member's liaison). */
export async function readsFundOrNotFound(ctx: Ctx, p: Principal, id: string): Promise<void> {
  await fundInScope(ctx.db, p, 'fund.read', id);
}

async function memberOf(db: DbOrTx, f: FundRow, unitId: string) {
  const [m] = await db.select().from(loanFundMembers)
    .where(and(eq(loanFundMembers.regionId, f.regionId), eq(loanFundMembers.fundId, f.id), eq(loanFundMembers.unitId, unitId)));
  return m ?? null;
}

/** The fund's accounts by code (cash, loans, fees, bad_debts). */
async function accountsOf(db: DbOrTx, f: FundRow): Promise<Record<string, string>> {
  const rows = await db.select({ id: ledgerAccounts.id, code: ledgerAccounts.code }).from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.regionId, f.regionId), eq(ledgerAccounts.ledgerId, f.ledgerId), inArray(ledgerAccounts.code, ['cash', 'loans', 'fees', 'bad_debts'])));
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

// ── the fund ─────────────────────────────────────────────────────────────────────────────────────────────────

export async function createFund(ctx: Ctx, actor: Actor, body: z.infer<typeof FundCreate>) {
  const p = actor.principal!;
  const [o] = await ctx.db.select({ id: orgs.id, regionId: orgs.regionId, path: orgs.path }).from(orgs).where(eq(orgs.id, body.orgId)).limit(1);
  if (!o || !can(p, 'fund.prepare', { regionId: o.regionId, orgPath: o.path })) throw notFound();
  const id = uuidv7();
  await transaction(ctx.db, async (tx) => {
    const l = await createLedger(tx, { regionId: o.regionId, orgId: o.id, code: `fund:${id}`, name: body.name, purpose: 'bridge_loan_fund' }, [
      { code: 'cash', name: '资金存款', kind: 'asset', noNegative: true },
      { code: 'loans', name: '转贷在外', kind: 'asset' },
      { code: 'fees', name: '使用费收入', kind: 'income' },
      { code: 'bad_debts', name: '坏账核销', kind: 'expense' },
    ]);
    await tx.insert(loanFunds).values({ regionId: o.regionId, id, orgId: o.id, name: body.name, rules: body.rules, ledgerId: l.id, createdBy: p.id, createdAt: new Date(ctx.now()) });
    await audit(tx, actor, { regionId: o.regionId, action: 'fund.create', entityType: 'loan_fund', entityId: id, after: body });
  });
  return fundView(ctx, p, id);
}

/**
 * Where the caller may create a fund (GET /api/v1/fund-orgs): the orgs of their grants holding `fund.prepare` (a
 * region-wide grant: the region's root org), each with the funds it already has — the web's 新建资金 picks from these.
 */
export const fundOrgs = (ctx: Ctx, p: Principal): Promise<FundOrg[]> => orgsForNewFund(ctx, p, 'fund.prepare', loanFunds);

export async function updateRules(ctx: Ctx, actor: Actor, id: string, rules: FundRules) {
  const p = actor.principal!;
  const f = await fundInScope(ctx.db, p, 'fund.approve', id);
  await transaction(ctx.db, async (tx) => {
    await tx.update(loanFunds).set({ rules }).where(and(eq(loanFunds.regionId, f.regionId), eq(loanFunds.id, f.id)));
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.rules', entityType: 'loan_fund', entityId: f.id, before: f.rules, after: rules });
  });
  return fundView(ctx, p, id);
}

interface Standing { cash: number; reserved: number; capital: number; fees: number; badDebt: number; sum: number; overdueFen: number; overdueLoans: number }

async function standing(db: DbOrTx, f: FundRow, today: string): Promise<Standing> {
  const [a] = rowsOf<Record<string, string | null>>(await db.execute(sql`
    select coalesce(sum(balance) filter (where code = 'cash'), 0) as cash, coalesce(sum(pending_debits) filter (where code = 'cash'), 0) as reserved,
      coalesce(-sum(balance) filter (where code like 'capital:%'), 0) as capital, coalesce(-sum(balance) filter (where code = 'fees'), 0) as fees,
      coalesce(sum(balance) filter (where code = 'bad_debts'), 0) as bad_debt, coalesce(sum(balance), 0) as sum
    from ledger_accounts where region_id = ${f.regionId} and ledger_id = ${f.ledgerId}`));
  const [o] = rowsOf<{ n: string; fen: string }>(await db.execute(sql`
    select count(*) as n, coalesce(sum(amount_fen), 0) as fen from loans
    where region_id = ${f.regionId} and fund_id = ${f.id} and status = 'disbursed' and due_on < ${today}::date`));
  return {
    cash: Number(a.cash), reserved: Number(a.reserved), capital: Number(a.capital), fees: Number(a.fees), badDebt: Number(a.bad_debt), sum: Number(a.sum),
    overdueFen: Number(o.fen), overdueLoans: Number(o.n),
  };
}

const haltedBy = (rules: FundRules, s: Standing) => s.overdueFen * 10_000 > s.capital * rules.haltOverdueShareBp;

/** The figures, computed from the ledger's legs (loans = pending disbursements, bridged = their sum, fees, bad debts). */
async function figures(db: DbOrTx, f: FundRow, s: Standing): Promise<z.infer<typeof FundFigures>> {
  const [r] = rowsOf<Record<string, string | null>>(await db.execute(sql`
    select count(*) filter (where t.code = 'fund.loan.disburse') as loans,
      coalesce(sum(t.amount) filter (where t.code = 'fund.loan.disburse'), 0) as bridged,
      count(distinct l.unit_id) filter (where t.code = 'fund.loan.disburse') as helped,
      count(*) filter (where t.code = 'fund.loan.write_off') as bad, coalesce(sum(t.amount) filter (where t.code = 'fund.loan.write_off'), 0) as bad_fen
    from ledger_transfers t left join loans l on l.region_id = t.region_id and l.id = t.ref_id
    where t.region_id = ${f.regionId} and t.ledger_id = ${f.ledgerId} and t.flow in ('pending', 'posted') and t.code in ('fund.loan.disburse', 'fund.loan.write_off')`));
  const [d] = rowsOf<{ avg: string | null }>(await db.execute(sql`
    select avg(days)::float8 as avg from loans where region_id = ${f.regionId} and fund_id = ${f.id} and status = 'repaid'`));
  return {
    enterprisesHelped: Number(r.helped), loans: Number(r.loans), bridgedFen: Number(r.bridged), averageDays: Math.round(Number(d.avg ?? 0) * 10) / 10,
    feesFen: s.fees, overdueLoans: s.overdueLoans, overdueFen: s.overdueFen, badDebts: Number(r.bad), badDebtFen: Number(r.bad_fen),
  };
}

export async function fundView(ctx: Ctx, p: Principal, id: string): Promise<z.infer<typeof Fund>> {
  const f = await fundById(ctx.db, id);
  if (!f || !(readsFund(p, f) || (await unitsSpokenFor(ctx.db, p, f)).length)) throw notFound();
  const s = await standing(ctx.db, f, todayShanghai(ctx.now()));
  const balanceSheet: z.infer<typeof BalanceSheet> = {
    cashFen: s.cash, outstandingFen: s.reserved, availableFen: s.cash - s.reserved, capitalFen: s.capital, feesFen: s.fees, badDebtFen: s.badDebt, balanced: s.sum === 0,
  };
  return {
    id: f.id, regionId: f.regionId, orgId: f.orgId, name: f.name, rules: f.rules as FundRules, ledgerId: f.ledgerId,
    halted: haltedBy(f.rules as FundRules, s), balanceSheet, figures: await figures(ctx.db, f, s),
  };
}

/** The funds the caller reads (officers, approvers, region admins) or speaks in for a member unit (liaisons). */
export async function listFunds(ctx: Ctx, p: Principal): Promise<{ id: string; name: string; orgId: string; regionId: string; role: 'officer' | 'member' }[]> {
  const rows = await ctx.db.select({ f: loanFunds, orgPath: orgs.path }).from(loanFunds)
    .innerJoin(orgs, and(eq(orgs.regionId, loanFunds.regionId), eq(orgs.id, loanFunds.orgId))).orderBy(asc(loanFunds.createdAt), asc(loanFunds.id)).limit(100);
  const out = [];
  for (const r of rows) {
    const f = { ...r.f, orgPath: r.orgPath };
    if (readsFund(p, f)) out.push({ id: f.id, name: f.name, orgId: f.orgId, regionId: f.regionId, role: 'officer' as const });
    else if ((await unitsSpokenFor(ctx.db, p, f)).length) out.push({ id: f.id, name: f.name, orgId: f.orgId, regionId: f.regionId, role: 'member' as const });
  }
  return out;
}

/** The member units the caller speaks for (liaison), in this fund. */
async function unitsSpokenFor(db: DbOrTx, p: Principal, f: FundRow): Promise<string[]> {
  const held = unitsHeld(p, 'fund.apply').filter((u) => u.regionId === f.regionId).map((u) => u.unitId);
  if (!held.length) return [];
  const rows = await db.select({ unitId: loanFundMembers.unitId }).from(loanFundMembers)
    .where(and(eq(loanFundMembers.regionId, f.regionId), eq(loanFundMembers.fundId, f.id), inArray(loanFundMembers.unitId, held)));
  return rows.map((r) => r.unitId);
}

/** Members with their capital, share and loans outstanding: all of them for an officer, the own unit for a liaison. */
export async function fundMembers(ctx: Ctx, p: Principal, id: string): Promise<z.infer<typeof FundMember>[]> {
  const f = await fundById(ctx.db, id);
  if (!f) throw notFound();
  const all = readsFund(p, f);
  const mine = all ? null : await unitsSpokenFor(ctx.db, p, f);
  if (mine && !mine.length) throw notFound();
  const rows = rowsOf<{ unit_id: string; name: string; capital: string; outstanding: string; total: string }>(await ctx.db.execute(sql`
    select m.unit_id, u.name, -a.balance as capital,
      (select coalesce(sum(l.amount_fen), 0) from loans l where l.region_id = m.region_id and l.fund_id = m.fund_id and l.unit_id = m.unit_id and l.status = 'disbursed') as outstanding,
      (select -coalesce(sum(balance), 0) from ledger_accounts c where c.region_id = m.region_id and c.ledger_id = ${f.ledgerId} and c.code like 'capital:%') as total
    from loan_fund_members m
    join units u on u.region_id = m.region_id and u.id = m.unit_id
    join ledger_accounts a on a.region_id = m.region_id and a.id = m.account_id
    where m.region_id = ${f.regionId} and m.fund_id = ${f.id} ${mine ? sql`and m.unit_id = any(${`{${mine.join(',')}}`}::uuid[])` : sql``}
    order by -a.balance desc, u.name`));
  return rows.map((r) => ({
    unitId: r.unit_id, unitName: r.name, capitalFen: Number(r.capital), outstandingFen: Number(r.outstanding),
    shareBp: Number(r.total) > 0 ? Math.round((Number(r.capital) * 10_000) / Number(r.total)) : 0,
  }));
}

/** A member enterprise contributes capital: cash ← capital:<unit>, under the request's Idempotency-Key. */
export async function contribute(ctx: Ctx, actor: Actor, key: string, fundId: string, body: z.infer<typeof ContributionCreate>) {
  const p = actor.principal!;
  const f = await fundInScope(ctx.db, p, 'fund.prepare', fundId);
  const [u] = await ctx.db.select({ id: units.id, kind: units.kind }).from(units).where(and(eq(units.regionId, f.regionId), eq(units.id, body.unitId)));
  if (!u) throw notFound();
  if (u.kind !== 'enterprise') throw invalid([fieldError('unitId', 'fund.not_enterprise')]);
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: 'fund.contribution', fundId, body } }, async (tx) => {
    const accountId = await ensureMember(tx, f, u.id, ctx.now());
    const acc = await accountsOf(tx, f);
    const posting = await post(tx, ctx.now(), {
      regionId: f.regionId, ledgerId: f.ledgerId, code: 'fund.contribution', refType: 'unit', refId: u.id, createdBy: p.id,
      legs: [{ debit: accountId, credit: acc.cash, amount: BigInt(body.amountFen) }],
    });
    const out = { fundId, unitId: u.id, amountFen: body.amountFen, postingId: posting.postingId };
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.contribution', entityType: 'loan_fund', entityId: f.id, after: out });
    return { status: 201, body: out };
  });
  return { ...answer.body, replayed: answer.replayed };
}

async function ensureMember(tx: Tx, f: FundRow, unitId: string, now: number): Promise<string> {
  const m = await memberOf(tx, f, unitId);
  if (m) return m.accountId;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`fund-member:${f.id}:${unitId}`}))`);
  const again = await memberOf(tx, f, unitId);
  if (again) return again.accountId;
  const accountId = await createAccount(tx, f.regionId, f.ledgerId, { code: `capital:${unitId}`, name: `出资 ${unitId}`, kind: 'equity' });
  await tx.insert(loanFundMembers).values({ regionId: f.regionId, fundId: f.id, unitId, accountId, joinedAt: new Date(now) });
  return accountId;
}

// ── applications ─────────────────────────────────────────────────────────────────────────────────────────────

/** The liaison uploads the bank's renewal commitment (转贷承诺) for a member unit; the application names it. */
export async function addCommitment(ctx: Ctx, actor: Actor, fundId: string, unitId: string, receive: () => Promise<ReceivedFile>) {
  const p = actor.principal!;
  const f = await fundById(ctx.db, fundId);
  if (!f || !filesFor(p, f, unitId) || !(await memberOf(ctx.db, f, unitId))) throw notFound();
  const file = await receive();
  const key = storeFile(ctx.config, f.regionId, file, ctx.now());
  const id = uuidv7();
  await transaction(ctx.db, async (tx) => {
    await tx.insert(loanCommitments).values({
      regionId: f.regionId, id, fundId: f.id, unitId, fileName: file.fileName, contentType: file.contentType, size: file.size, sha256: file.sha256,
      storageKey: key, uploadedBy: p.id, createdAt: new Date(ctx.now()),
    });
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.commitment', entityType: 'loan_commitment', entityId: id, after: { fundId, unitId, fileName: file.fileName, sha256: file.sha256 } });
  });
  return { id, fileName: file.fileName, size: file.size, contentType: file.contentType };
}

/** The stored commitment of a loan application, for the fund's readers or the unit's own liaison; 404 otherwise (or when no file was stored). */
export async function commitmentFile(ctx: Ctx, p: Principal, fundId: string, commitmentId: string) {
  const f = await fundById(ctx.db, fundId);
  const [c] = f ? await ctx.db.select().from(loanCommitments)
    .where(and(eq(loanCommitments.regionId, f.regionId), eq(loanCommitments.fundId, f.id), eq(loanCommitments.id, commitmentId))) : [];
  if (!f || !c || !(readsFund(p, f) || speaksFor(p, f, c.unitId)) || !c.storageKey) throw notFound();
  return { key: c.storageKey, fileName: c.fileName, contentType: c.contentType, size: c.size };
}

/** Every reason the fund's rules refuse an application (all listed at once), empty when it may go ahead. */
export function capProblems(rules: FundRules, s: Standing, body: { amountFen: number; renewalFen: number }, outstandingFen: number): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const y = (fen: number) => (fen / 100).toFixed(2);
  if (body.amountFen > rules.maxLoanFen) out.push(fieldError('amountFen', 'fund.over_loan_cap', { max: y(rules.maxLoanFen) }));
  if (body.amountFen * 10_000 > body.renewalFen * rules.maxRenewalShareBp) {
    out.push(fieldError('amountFen', 'fund.over_renewal_share', { share: rules.maxRenewalShareBp / 100, max: y(Math.floor((body.renewalFen * rules.maxRenewalShareBp) / 10_000)) }));
  }
  if (outstandingFen + body.amountFen > rules.maxOutstandingFen) {
    out.push(fieldError('amountFen', 'fund.over_enterprise_cap', { outstanding: y(outstandingFen), max: y(rules.maxOutstandingFen) }));
  }
  if (body.amountFen > s.capital) out.push(fieldError('amountFen', 'fund.over_capital', { capital: y(s.capital) }));
  if (haltedBy(rules, s)) out.push(fieldError('fundId', 'fund.halted', { overdue: y(s.overdueFen), share: rules.haltOverdueShareBp / 100 }));
  return out;
}

export async function applyForLoan(ctx: Ctx, actor: Actor, body: z.infer<typeof LoanApply>) {
  const p = actor.principal!;
  const f = await fundById(ctx.db, body.fundId);
  if (!f || !filesFor(p, f, body.unitId) || !(await memberOf(ctx.db, f, body.unitId))) throw notFound();
  const today = todayShanghai(ctx.now());
  const id = uuidv7();
  await transaction(ctx.db, async (tx) => {
    // one application of an enterprise at a time: its cap per enterprise is counted under the member row's lock
    await tx.select().from(loanFundMembers)
      .where(and(eq(loanFundMembers.regionId, f.regionId), eq(loanFundMembers.fundId, f.id), eq(loanFundMembers.unitId, body.unitId))).for('update');
    const [o] = rowsOf<{ fen: string }>(await tx.execute(sql`select coalesce(sum(amount_fen), 0) as fen from loans
      where region_id = ${f.regionId} and fund_id = ${f.id} and unit_id = ${body.unitId} and status in ('applied', 'prepared', 'approved', 'disbursed')`));
    const problems = capProblems(f.rules as FundRules, await standing(tx, f, today), body, Number(o.fen));
    if (!body.commitmentId) problems.unshift(fieldError('commitmentId', 'fund.commitment_missing'));
    else {
      const [c] = await tx.select({ id: loanCommitments.id, unitId: loanCommitments.unitId, fundId: loanCommitments.fundId }).from(loanCommitments)
        .where(and(eq(loanCommitments.regionId, f.regionId), eq(loanCommitments.id, body.commitmentId)));
      const [used] = c ? await tx.select({ id: loans.id }).from(loans).where(and(eq(loans.regionId, f.regionId), eq(loans.commitmentId, c.id))) : [];
      if (!c || c.unitId !== body.unitId || c.fundId !== f.id) problems.unshift(fieldError('commitmentId', 'fund.commitment_unknown'));
      else if (used) problems.unshift(fieldError('commitmentId', 'fund.commitment_used'));
    }
    if (body.bankDueOn < today) problems.push(fieldError('bankDueOn', 'fund.bank_due_passed'));
    if (body.renewalFen > body.bankLoanFen * 2) problems.push(fieldError('renewalFen', 'fund.renewal_absurd'));
    if (problems.length) throw invalid(problems, 'FUND_LOAN_REFUSED');
    await tx.insert(loans).values({
      regionId: f.regionId, id, fundId: f.id, unitId: body.unitId, status: 'applied', bank: body.bank, bankLoanFen: body.bankLoanFen, bankDueOn: body.bankDueOn,
      renewalFen: body.renewalFen, commitmentId: body.commitmentId!, amountFen: body.amountFen, appliedBy: p.id, createdAt: new Date(ctx.now()),
    });
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.loan.apply', entityType: 'loan', entityId: id, after: body });
  });
  return loanView(ctx, p, id);
}

// ── a loan ───────────────────────────────────────────────────────────────────────────────────────────────────

const userName = (col: unknown) => sql<string | null>`(select display_name from ${users} where id = ${col})`;

async function loanRows(db: DbOrTx, where: ReturnType<typeof and>, limit?: { limit: number; offset: number }) {
  const q = db.select({
    l: loans, unitName: units.name, fileName: loanCommitments.fileName, fileSize: loanCommitments.size, fileKey: loanCommitments.storageKey,
    appliedBy: userName(loans.appliedBy), preparedBy: userName(loans.preparedBy), approvedBy: userName(loans.approvedBy),
    penaltyFen: sql<string | null>`(select sum(pt.amount) from ${ledgerTransfers} pt where pt.region_id = ${loans.regionId} and pt.ref_type = 'loan'
      and pt.ref_id = ${loans.id} and pt.code = 'fund.loan.penalty' and ${loans.status} = 'repaid')`,
  }).from(loans)
    .innerJoin(units, and(eq(units.regionId, loans.regionId), eq(units.id, loans.unitId)))
    .leftJoin(loanCommitments, and(eq(loanCommitments.regionId, loans.regionId), eq(loanCommitments.id, loans.commitmentId)))
    .where(where).orderBy(desc(loans.createdAt), asc(loans.id));
  return limit ? q.limit(limit.limit).offset(limit.offset) : q;
}

type LoanRowOut = Awaited<ReturnType<typeof loanRows>>[number];

function toLoan(r: LoanRowOut, rules: FundRules, today: string): z.infer<typeof Loan> {
  const l = r.l;
  const out = l.status === 'disbursed' && l.disbursedOn ? owed(l.amountFen, l.disbursedOn, today, rules, l.dueOn) : null;
  return {
    id: l.id, fundId: l.fundId, unitId: l.unitId, unitName: r.unitName, status: l.status as LoanStatus, bank: l.bank, bankLoanFen: l.bankLoanFen,
    bankDueOn: l.bankDueOn, renewalFen: l.renewalFen, amountFen: l.amountFen,
    commitment: r.fileName ? { id: l.commitmentId, fileName: r.fileName, size: r.fileSize ?? 0, stored: !!r.fileKey } : null,
    appliedBy: r.appliedBy, preparedBy: r.preparedBy, approvedBy: r.approvedBy, disbursedOn: l.disbursedOn, dueOn: l.dueOn, repaidOn: l.repaidOn,
    days: l.days, feeFen: l.feeFen, owedFen: out ? out.owedFen : null, accruedDays: out ? out.days : null, accruedFeeFen: out ? out.feeFen : null,
    overdueDays: out ? out.overdueDays : null, accruedPenaltyFen: out ? out.penaltyFen : null, penaltyFen: l.status === 'repaid' ? Number(r.penaltyFen ?? 0) : null, overdue: l.status === 'disbursed' && !!l.dueOn && l.dueOn < today,
    writeOffDecision: l.writeOffDecision,
  };
}

/**
 * Repaying on `on` a loan disbursed on `from` and due on `dueOn`: the days (at least one) and the tiered fee, and
 * for the days past the due date the penalty of the fund's rule (`penaltyPpm` a day of the amount).
 */
export function owed(amountFen: number, from: string, on: string, rules: FundRules, dueOn: string | null) {
  const days = Math.max(1, daysBetween(from, on));
  const feeFen = loanFeeFen(amountFen, days, rules.feeTiers);
  const overdueDays = dueOn ? Math.max(0, daysBetween(dueOn, on)) : 0;
  const penaltyFen = loanPenaltyFen(amountFen, overdueDays, rules.penaltyPpm ?? 0);
  return { days, feeFen, overdueDays, penaltyFen, owedFen: amountFen + feeFen + penaltyFen };
}

/** A loan, for the fund's officers and approvers or the enterprise's liaison; 404 for anyone else. */
async function loanInScope(db: DbOrTx, p: Principal, id: string, perm: FundPerm | 'fund.apply' | 'read') {
  const [l] = await db.select().from(loans).where(eq(loans.id, id)).limit(1);
  const f = l ? await fundById(db, l.fundId) : null;
  if (!l || !f) throw notFound();
  const ok = perm === 'read' ? readsFund(p, f) || speaksFor(p, f, l.unitId)
    : perm === 'fund.apply' ? speaksFor(p, f, l.unitId) : can(p, perm, { regionId: f.regionId, orgPath: f.orgPath });
  if (!ok) throw notFound();
  return { l, f };
}

export async function loanView(ctx: Ctx, p: Principal, id: string): Promise<z.infer<typeof Loan>> {
  const { l, f } = await loanInScope(ctx.db, p, id, 'read');
  const [r] = await loanRows(ctx.db, and(eq(loans.regionId, l.regionId), eq(loans.id, l.id)));
  return toLoan(r, f.rules as FundRules, todayShanghai(ctx.now()));
}

/** The queues: a fund's loans by status (or overdue) for its officers; a liaison sees their own units' loans. */
export async function listLoans(ctx: Ctx, p: Principal, q: z.infer<typeof LoanListQuery>) {
  const f = await fundById(ctx.db, q.fundId);
  if (!f) throw notFound();
  const mine = readsFund(p, f) ? null : await unitsSpokenFor(ctx.db, p, f);
  if (mine && !mine.length) throw notFound();
  const today = todayShanghai(ctx.now());
  const where = and(
    eq(loans.regionId, f.regionId), eq(loans.fundId, f.id),
    mine ? inArray(loans.unitId, mine) : undefined,
    q.unitId ? eq(loans.unitId, q.unitId) : undefined,
    q.status === 'overdue' ? and(eq(loans.status, 'disbursed'), sql`${loans.dueOn} < ${today}::date`)
      : q.status === 'due_soon' ? and(eq(loans.status, 'disbursed'), sql`${loans.dueOn} between ${today}::date and ${addDays(today, DUE_SOON_DAYS)}::date`)
        : q.status ? eq(loans.status, q.status) : undefined,
  );
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(loans).where(where);
  const rows = await loanRows(ctx.db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map((r) => toLoan(r, f.rules as FundRules, today)), total: Number(n), page: q.page, pageSize: q.pageSize };
}

async function lockLoan(tx: Tx, regionId: string, id: string) {
  const [l] = await tx.select().from(loans).where(and(eq(loans.regionId, regionId), eq(loans.id, id))).for('update');
  return l;
}

const notIn = (status: string, expected: LoanStatus) => conflict('FUND_LOAN_STATUS', { status, expected });

/** The fund officer prepares an application (the maker). */
export async function prepareLoan(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  const { f } = await loanInScope(ctx.db, p, id, 'fund.prepare');
  await transaction(ctx.db, async (tx) => {
    const l = await lockLoan(tx, f.regionId, id);
    if (l.status !== 'applied') throw notIn(l.status, 'applied');
    await tx.update(loans).set({ status: 'prepared', preparedBy: p.id, preparedAt: new Date(ctx.now()) }).where(and(eq(loans.regionId, f.regionId), eq(loans.id, id)));
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.loan.prepare', entityType: 'loan', entityId: id, before: { status: l.status }, after: { status: 'prepared' } });
  });
  return loanView(ctx, p, id);
}

/**
 * The approver approves a prepared loan (the checker): never the one who took it in or prepared it; the fund's
 * caps and its halt are checked again as they stand at approval (every broken one listed, as at application).
 */
export async function approveLoan(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  const { f } = await loanInScope(ctx.db, p, id, 'fund.approve');
  await transaction(ctx.db, async (tx) => {
    const l = await lockLoan(tx, f.regionId, id);
    if (l.status !== 'prepared') throw notIn(l.status, 'prepared');
    if (l.preparedBy === p.id || l.appliedBy === p.id) throw conflict('FUND_MAKER_CHECKER');
    // the rules again, as they stand now (they may have changed, loans may have gone overdue since the application):
    // the enterprise's other loans approved or out count against its cap, the halt and the capital as at application
    await tx.select().from(loanFundMembers)
      .where(and(eq(loanFundMembers.regionId, f.regionId), eq(loanFundMembers.fundId, f.id), eq(loanFundMembers.unitId, l.unitId))).for('update');
    const [o] = rowsOf<{ fen: string }>(await tx.execute(sql`select coalesce(sum(amount_fen), 0) as fen from loans
      where region_id = ${f.regionId} and fund_id = ${f.id} and unit_id = ${l.unitId} and id <> ${l.id} and status in ('approved', 'disbursed')`));
    const problems = capProblems(f.rules as FundRules, await standing(tx, f, todayShanghai(ctx.now())), l, Number(o.fen));
    if (problems.length) throw invalid(problems, 'FUND_LOAN_REFUSED');
    await tx.update(loans).set({ status: 'approved', approvedBy: p.id, approvedAt: new Date(ctx.now()) }).where(and(eq(loans.regionId, f.regionId), eq(loans.id, id)));
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.loan.approve', entityType: 'loan', entityId: id, before: { status: l.status }, after: { status: 'approved' } });
  });
  return loanView(ctx, p, id);
}

/**
 * Disburses an approved loan: ONE pending transfer cash → loans (the cash is reserved: the fund cannot lend it
 * twice), its id kept on the loan under a unique key; a second disbursement — also two at once, serialized by the
 * loan's row lock — is a 409.
 */
export async function disburseLoan(ctx: Ctx, actor: Actor, key: string, id: string) {
  const p = actor.principal!;
  const { f } = await loanInScope(ctx.db, p, id, 'fund.prepare');
  const today = todayShanghai(ctx.now());
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: 'fund.loan.disburse', id } }, async (tx) => {
    const l = await lockLoan(tx, f.regionId, id);
    if (l.status === 'disbursed' || l.pendingId) throw conflict('FUND_LOAN_DISBURSED');
    if (l.status !== 'approved') throw notIn(l.status, 'approved');
    const acc = await accountsOf(tx, f);
    const posting = await post(tx, ctx.now(), {
      regionId: f.regionId, ledgerId: f.ledgerId, code: 'fund.loan.disburse', memo: `${l.bank} ${l.bankDueOn}`, refType: 'loan', refId: l.id, createdBy: p.id,
      pending: { timeoutMs: LOAN_PENDING_TIMEOUT_MS }, legs: [{ debit: acc.cash, credit: acc.loans, amount: BigInt(l.amountFen) }],
    });
    const dueOn = addDays(today, (f.rules as FundRules).termDays);
    await tx.update(loans).set({ status: 'disbursed', pendingId: posting.transfers[0].id, disbursedOn: today, dueOn })
      .where(and(eq(loans.regionId, f.regionId), eq(loans.id, id)));
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.loan.disburse', entityType: 'loan', entityId: id, after: { pendingId: posting.transfers[0].id, dueOn } });
    return { status: 200, body: { id } };
  });
  return { ...(await loanView(ctx, p, answer.body.id)), replayed: answer.replayed };
}

/**
 * Repayment once the bank re-lent: the pending disbursement is posted, the principal comes back (loans → cash) and
 * the fee accrued per day by the tiers is charged as its own transfer (fees → cash). The amount must be what is owed.
 */
export async function repayLoan(ctx: Ctx, actor: Actor, key: string, id: string, body: z.infer<typeof Repayment>) {
  const p = actor.principal!;
  const { f } = await loanInScope(ctx.db, p, id, 'fund.prepare');
  const today = todayShanghai(ctx.now());
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: 'fund.loan.repay', id, body } }, async (tx) => {
    const l = await lockLoan(tx, f.regionId, id);
    if (l.status !== 'disbursed' || !l.pendingId || !l.disbursedOn) throw notIn(l.status, 'disbursed');
    const o = owed(l.amountFen, l.disbursedOn, today, f.rules as FundRules, l.dueOn);
    const y = (fen: number) => (fen / 100).toFixed(2);
    if (body.amountFen > o.owedFen) throw invalid([fieldError('amountFen', 'fund.repay_exceeds', { owed: y(o.owedFen) })], 'FUND_REPAY_EXCEEDS');
    if (body.amountFen < o.owedFen) throw invalid([fieldError('amountFen', 'fund.repay_short', { owed: y(o.owedFen) })], 'FUND_REPAY_SHORT');
    const acc = await accountsOf(tx, f);
    await resolvePending(tx, ctx.now(), { regionId: f.regionId, ledgerId: f.ledgerId, pendingId: l.pendingId, action: 'post', createdBy: p.id });
    await post(tx, ctx.now(), {
      regionId: f.regionId, ledgerId: f.ledgerId, code: 'fund.loan.repay', refType: 'loan', refId: l.id, createdBy: p.id,
      legs: [{ debit: acc.loans, credit: acc.cash, amount: BigInt(l.amountFen) }],
    });
    if (o.feeFen > 0) {
      await post(tx, ctx.now(), {
        regionId: f.regionId, ledgerId: f.ledgerId, code: 'fund.loan.fee', memo: `${o.days} days`, refType: 'loan', refId: l.id, createdBy: p.id,
        legs: [{ debit: acc.fees, credit: acc.cash, amount: BigInt(o.feeFen) }],
      });
    }
    if (o.penaltyFen > 0) {
      // the penalty of the fund's rule for the days past the due date: fee income too, a transfer of its own
      await post(tx, ctx.now(), {
        regionId: f.regionId, ledgerId: f.ledgerId, code: 'fund.loan.penalty', memo: `${o.overdueDays} days overdue`, refType: 'loan', refId: l.id, createdBy: p.id,
        legs: [{ debit: acc.fees, credit: acc.cash, amount: BigInt(o.penaltyFen) }],
      });
    }
    await tx.update(loans).set({ status: 'repaid', repaidOn: today, days: o.days, feeFen: o.feeFen }).where(and(eq(loans.regionId, f.regionId), eq(loans.id, id)));
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.loan.repay', entityType: 'loan', entityId: id, after: { repaidOn: today, ...o } });
    return { status: 200, body: { id } };
  });
  return { ...(await loanView(ctx, p, answer.body.id)), replayed: answer.replayed };
}

/** Bad-debt write-off of an overdue loan, only by a recorded decision (its text and date), by an approver. */
export async function writeOffLoan(ctx: Ctx, actor: Actor, key: string, id: string, body: z.infer<typeof WriteOff>) {
  const p = actor.principal!;
  const { f } = await loanInScope(ctx.db, p, id, 'fund.approve');
  const today = todayShanghai(ctx.now());
  if (body.decidedOn > today) throw invalid([fieldError('decidedOn', 'fund.decision_future')]);
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: 'fund.loan.write_off', id, body } }, async (tx) => {
    const l = await lockLoan(tx, f.regionId, id);
    if (l.status !== 'disbursed' || !l.pendingId) throw notIn(l.status, 'disbursed');
    if (!l.dueOn || l.dueOn >= today) throw conflict('FUND_LOAN_NOT_OVERDUE');
    const acc = await accountsOf(tx, f);
    await resolvePending(tx, ctx.now(), { regionId: f.regionId, ledgerId: f.ledgerId, pendingId: l.pendingId, action: 'post', createdBy: p.id });
    await post(tx, ctx.now(), {
      regionId: f.regionId, ledgerId: f.ledgerId, code: 'fund.loan.write_off', memo: body.decision, refType: 'loan', refId: l.id, createdBy: p.id,
      legs: [{ debit: acc.loans, credit: acc.bad_debts, amount: BigInt(l.amountFen) }],
    });
    const decision = `${body.decidedOn} ${body.decision}`;
    await tx.update(loans).set({ status: 'written_off', writeOffDecision: decision, writeOffBy: p.id }).where(and(eq(loans.regionId, f.regionId), eq(loans.id, id)));
    await audit(tx, actor, { regionId: f.regionId, action: 'fund.loan.write_off', entityType: 'loan', entityId: id, after: { decision } });
    return { status: 200, body: { id } };
  });
  return { ...(await loanView(ctx, p, answer.body.id)), replayed: answer.replayed };
}

// ── statements ───────────────────────────────────────────────────────────────────────────────────────────────

/** An enterprise's statement: its contributions and its loans (for the officers, or its own liaison). */
export async function statementRows(ctx: Ctx, p: Principal, fundId: string, unitId: string) {
  const f = await fundById(ctx.db, fundId);
  if (!f || !(readsFund(p, f) || speaksFor(p, f, unitId))) throw notFound();
  const m = await memberOf(ctx.db, f, unitId);
  if (!m) throw notFound();
  const [u] = await ctx.db.select({ name: units.name }).from(units).where(and(eq(units.regionId, f.regionId), eq(units.id, unitId)));
  const contributions = await ctx.db.select({ on: ledgerTransfers.bookedOn, amount: ledgerTransfers.amount }).from(ledgerTransfers)
    .where(and(eq(ledgerTransfers.regionId, f.regionId), eq(ledgerTransfers.ledgerId, f.ledgerId), eq(ledgerTransfers.debitAccountId, m.accountId), eq(ledgerTransfers.code, 'fund.contribution')))
    .orderBy(asc(ledgerTransfers.bookedOn));
  const ls = await ctx.db.select().from(loans).where(and(eq(loans.regionId, f.regionId), eq(loans.fundId, f.id), eq(loans.unitId, unitId))).orderBy(asc(loans.createdAt));
  const penalties = ls.length ? (await ctx.db.select({ loanId: ledgerTransfers.refId, fen: ledgerTransfers.amount }).from(ledgerTransfers)
    .where(and(eq(ledgerTransfers.regionId, f.regionId), eq(ledgerTransfers.refType, 'loan'), inArray(ledgerTransfers.refId, ls.map((l) => l.id)), eq(ledgerTransfers.code, 'fund.loan.penalty'))))
    .map((x) => ({ loanId: x.loanId!, fen: Number(x.fen) })) : [];
  return { fund: f, unitName: u?.name ?? '', contributions, loans: ls, penalties };
}

