/**
 * Charity funds (慈善基金), issue 15 §3 (docs/money.md): named funds of one region owned by an org, each with its ledger
 * (code `charity:<id>`). A 留本捐息 fund (kind `endowment`) credits donations to `principal`, which no disbursement
 * ever debits: only `spendable` (its income) is spent; a 捐本捐息 fund (`spend`) credits donations to `spendable`.
 * Both asset accounts are no-negative in the database. Donations carry a receipt numbered per fund and year (unique
 * index); pledges are paid by donations naming them; a disbursement is prepared by one person (a pending transfer
 * reserving the spendable amount) and approved by another (posted) — maker-checker in code and in a check.
 * The public disclosure (公示) opens by a revocable token, as the plaque pages do.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { todayShanghai } from '../../../shared/dates.ts';
import type {
  CharityDisclosure, CharityFund, CharityFundCreate, CharityKind, CharityPurpose, Disbursement, DisbursementCreate, Donation, DonationCreate,
  IncomeCreate, Pledge, PledgeCreate,
} from '../../../shared/money-charity.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { withIdempotency } from '../../platform/ledger/idempotency.ts';
import { createLedger, post, resolvePending } from '../../platform/ledger/ledger.ts';
import { newPublicToken, PUBLIC_TOKEN_RE } from '../../platform/public-links.ts';
import { rowsOf } from '../../platform/rows.ts';
import { can, type Principal } from '../../platform/scope.ts';
import { transaction } from '../../platform/transaction.ts';
import { orgsForNewFund, type FundOrg } from './fund-orgs.ts';
import { orgs, units } from '../directory/schema.ts';
import { charityDisbursements, charityDonations, charityFunds, charityPledges } from './schema.ts';

/** A prepared disbursement reserves its amount until approved or rejected; it must not lapse by itself (~5 years). */
export const DISBURSEMENT_PENDING_TIMEOUT_MS = 5 * 366 * 86_400_000;

type CharityPerm = 'charity.read' | 'charity.prepare' | 'charity.approve';
type FundRow = typeof charityFunds.$inferSelect & { orgPath: string; orgName: string };


async function fundById(db: DbOrTx, id: string): Promise<FundRow | null> {
  const [f] = await db.select({ f: charityFunds, orgPath: orgs.path, orgName: orgs.name }).from(charityFunds)
    .innerJoin(orgs, and(eq(orgs.regionId, charityFunds.regionId), eq(orgs.id, charityFunds.orgId))).where(eq(charityFunds.id, id)).limit(1);
  return f ? { ...f.f, orgPath: f.orgPath, orgName: f.orgName } : null;
}

const holds = (p: Principal | null, perm: CharityPerm, f: FundRow) => can(p, perm, { regionId: f.regionId, orgPath: f.orgPath });

/** The fund if the caller holds `perm` on its org's subtree; 404 otherwise (out of scope answers like a made-up id). Also the venues' check before posting a charity sale's takings. */
export async function fundInScope(db: DbOrTx, p: Principal, perm: CharityPerm, id: string): Promise<FundRow> {
  const f = await fundById(db, id);
  if (!f || !holds(p, perm, f)) throw notFound();
  return f;
}

interface Accounts { principal: string; spendable: string; donors: string; income_src: string; beneficiaries: string }

async function accountsOf(db: DbOrTx, f: FundRow): Promise<Accounts> {
  const rows = rowsOf<{ id: string; code: string }>(await db.execute(sql`
    select id, code from ledger_accounts where region_id = ${f.regionId} and ledger_id = ${f.ledgerId}`));
  return Object.fromEntries(rows.map((r) => [r.code, r.id])) as unknown as Accounts;
}

interface Standing { principal: number; spendable: number; reserved: number; donated: number; income: number; disbursed: number; sum: number }

async function standing(db: DbOrTx, f: FundRow): Promise<Standing> {
  const [a] = rowsOf<Record<string, string>>(await db.execute(sql`
    select coalesce(sum(balance) filter (where code = 'principal'), 0) as principal,
      coalesce(sum(balance - pending_debits) filter (where code = 'spendable'), 0) as spendable,
      coalesce(sum(pending_debits) filter (where code = 'spendable'), 0) as reserved,
      coalesce(-sum(balance) filter (where code = 'donors'), 0) as donated, coalesce(-sum(balance) filter (where code = 'income_src'), 0) as income,
      coalesce(sum(balance) filter (where code = 'beneficiaries'), 0) as disbursed, coalesce(sum(balance), 0) as sum
    from ledger_accounts where region_id = ${f.regionId} and ledger_id = ${f.ledgerId}`));
  return {
    principal: Number(a.principal), spendable: Number(a.spendable), reserved: Number(a.reserved), donated: Number(a.donated),
    income: Number(a.income), disbursed: Number(a.disbursed), sum: Number(a.sum),
  };
}

// ── funds ────────────────────────────────────────────────────────────────────────────────────────────────────

/** The accounts of a charity fund's ledger (seed-charity.ts writes the same). */
export const CHARITY_ACCOUNTS = [
  { code: 'principal', name: '留本本金', kind: 'asset', noNegative: true },
  { code: 'spendable', name: '可用资金', kind: 'asset', noNegative: true },
  { code: 'donors', name: '捐赠人', kind: 'external' },
  { code: 'income_src', name: '收益来源', kind: 'external' },
  { code: 'beneficiaries', name: '受助对象', kind: 'external' },
];

export async function createCharityFund(ctx: Ctx, actor: Actor, body: z.infer<typeof CharityFundCreate>): Promise<CharityFund> {
  const p = actor.principal!;
  const [o] = await ctx.db.select({ id: orgs.id, regionId: orgs.regionId, path: orgs.path }).from(orgs).where(eq(orgs.id, body.orgId)).limit(1);
  if (!o || !can(p, 'charity.prepare', { regionId: o.regionId, orgPath: o.path })) throw notFound();
  const id = uuidv7();
  await transaction(ctx.db, async (tx) => {
    const l = await createLedger(tx, { regionId: o.regionId, orgId: o.id, code: `charity:${id}`, name: body.name, purpose: 'charity_fund' }, CHARITY_ACCOUNTS);
    await tx.insert(charityFunds).values({
      regionId: o.regionId, id, orgId: o.id, name: body.name, kind: body.kind, ledgerId: l.id, token: newPublicToken(), createdBy: p.id, createdAt: new Date(ctx.now()),
    });
    await audit(tx, actor, { regionId: o.regionId, action: 'charity.fund.create', entityType: 'charity_fund', entityId: id, after: body });
  });
  return charityFundView(ctx, p, id);
}

/**
 * The orgs where the caller may create a charity fund (the tops of their `charity.prepare` scope: an org in it whose
 * parent is not; a region-wide grant gives the root org), with how many charity funds each has — the web's 新建基金.
 */
export const charityOrgs = (ctx: Ctx, p: Principal): Promise<FundOrg[]> => orgsForNewFund(ctx, p, 'charity.prepare', charityFunds);

export async function charityFundView(ctx: Ctx, p: Principal, id: string): Promise<CharityFund> {
  const f = await fundInScope(ctx.db, p, 'charity.read', id);
  const s = await standing(ctx.db, f);
  const [c] = rowsOf<{ n: string; donors: string }>(await ctx.db.execute(sql`
    select count(*) as n, count(distinct coalesce(unit_id::text, donor_name)) as donors from charity_donations where region_id = ${f.regionId} and fund_id = ${f.id}`));
  return {
    id: f.id, regionId: f.regionId, orgId: f.orgId, orgName: f.orgName, name: f.name, kind: f.kind as CharityKind, ledgerId: f.ledgerId,
    balance: {
      principalFen: s.principal, spendableFen: s.spendable, reservedFen: s.reserved, donatedFen: s.donated, incomeFen: s.income, disbursedFen: s.disbursed, balanced: s.sum === 0,
    },
    donations: Number(c.n), donors: Number(c.donors),
    publicPath: f.tokenActive ? `/charity-public/${f.token}` : null,
    can: { prepare: holds(p, 'charity.prepare', f), approve: holds(p, 'charity.approve', f) },
  };
}

/** The charity funds the caller reads: as an officer (prepare or read) or an approver. */
export async function listCharityFunds(ctx: Ctx, p: Principal) {
  const rows = await ctx.db.select({ f: charityFunds, orgPath: orgs.path, orgName: orgs.name }).from(charityFunds)
    .innerJoin(orgs, and(eq(orgs.regionId, charityFunds.regionId), eq(orgs.id, charityFunds.orgId))).orderBy(charityFunds.createdAt, charityFunds.id).limit(200);
  return rows.map((r) => ({ ...r.f, orgPath: r.orgPath, orgName: r.orgName })).filter((f) => holds(p, 'charity.read', f))
    .map((f) => ({ id: f.id, name: f.name, kind: f.kind as CharityKind, orgId: f.orgId, regionId: f.regionId, role: holds(p, 'charity.approve', f) && !holds(p, 'charity.prepare', f) ? 'approver' as const : 'officer' as const }));
}

/** Revokes the public link (the page answers 404 from then on) or issues a new one (the old stays dead). */
export async function setCharityLink(ctx: Ctx, actor: Actor, id: string, action: 'revoke' | 'reissue') {
  const p = actor.principal!;
  const f = await fundInScope(ctx.db, p, 'charity.prepare', id);
  await transaction(ctx.db, async (tx) => {
    const patch = action === 'revoke' ? { tokenActive: false } : { token: newPublicToken(), tokenActive: true };
    await tx.update(charityFunds).set(patch).where(and(eq(charityFunds.regionId, f.regionId), eq(charityFunds.id, f.id)));
    await audit(tx, actor, { regionId: f.regionId, action: `charity.link.${action}`, entityType: 'charity_fund', entityId: f.id, before: { tokenActive: f.tokenActive }, after: { tokenActive: action !== 'revoke' } });
  });
  return charityFundView(ctx, p, id);
}

// ── donations ────────────────────────────────────────────────────────────────────────────────────────────────

type DonationRow = typeof charityDonations.$inferSelect;
const toDonation = (d: DonationRow): Donation => ({
  id: d.id, fundId: d.fundId, year: d.year, receiptNo: d.receiptNo, donorKind: d.donorKind as 'unit' | 'person', unitId: d.unitId, donorName: d.donorName,
  anonymous: d.anonymous, amountFen: d.amountFen, receivedOn: String(d.receivedOn), pledgeId: d.pledgeId, source: d.source, sourceRef: d.sourceRef, memo: d.memo,
  postingId: d.postingId, createdAt: new Date(d.createdAt).toISOString(),
});

export interface PostDonationInput extends DonationCreate {
  fundId: string;
  recordedBy: string | null;
  /** `event`: a charity sale's takings; `sourceRef` names it (e.g. `venues-event:<id>`) and is posted at most once */
  source?: 'direct' | 'event';
  sourceRef?: string | null;
}

/**
 * Posts a donation to a fund, in the caller's transaction: the receipt (the given number, or the next of the fund's
 * year), the ledger posting donors → principal (留本捐息) or → spendable (捐本捐息), and the row naming both. For the
 * venues' charity sale: `postDonation(tx, now, { fundId, donorKind: 'person', donorName: '玫瑰义卖', amountFen, source:
 * 'event', sourceRef: 'venues-event:<id>', recordedBy })` (docs/money.md). Does NOT check the caller's scope nor
 * write the audit row: the caller does both. Refuses: an unknown fund or pledge (404), a pledge overpaid (422
 * CHARITY_PLEDGE_EXCEEDS), a receipt number used in the fund's year (409 CHARITY_RECEIPT_USED), a sourceRef posted
 * before (409 CHARITY_SOURCE_POSTED).
 */
export async function postDonation(tx: Tx, now: number, input: PostDonationInput): Promise<Donation> {
  const f = await fundById(tx, input.fundId);
  if (!f) throw notFound();
  const receivedOn = input.receivedOn ?? todayShanghai(now);
  if (receivedOn > todayShanghai(now)) throw invalid([fieldError('receivedOn', 'charity.date_future')]);
  const year = Number(receivedOn.slice(0, 4));
  if (input.unitId) {
    const [u] = await tx.select({ id: units.id }).from(units).where(and(eq(units.regionId, f.regionId), eq(units.id, input.unitId)));
    if (!u) throw notFound();
  }
  if (input.pledgeId) {
    const [pl] = rowsOf<{ total_fen: string; paid: string }>(await tx.execute(sql`
      select p.total_fen, (select coalesce(sum(d.amount_fen), 0) from charity_donations d where d.region_id = p.region_id and d.pledge_id = p.id) as paid
      from charity_pledges p where p.region_id = ${f.regionId} and p.fund_id = ${f.id} and p.id = ${input.pledgeId} for update`));
    if (!pl) throw notFound();
    const remaining = Number(pl.total_fen) - Number(pl.paid);
    if (input.amountFen > remaining) throw invalid([fieldError('amountFen', 'charity.pledge_remaining', { remaining: (remaining / 100).toFixed(2) })], 'CHARITY_PLEDGE_EXCEEDS');
  }
  let receiptNo = input.receiptNo;
  if (!receiptNo) {
    // the next number of the fund's year, under a lock per fund and year (two donations at once get two numbers)
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`charity-receipt:${f.id}:${year}`}))`);
    const [n] = rowsOf<{ n: string }>(await tx.execute(sql`
      select count(*) as n from charity_donations where region_id = ${f.regionId} and fund_id = ${f.id} and year = ${year}`));
    let seq = Number(n.n) + 1;
    for (;;) {
      receiptNo = `${year}-${String(seq).padStart(5, '0')}`;
      const [taken] = rowsOf<{ one: number }>(await tx.execute(sql`
        select 1 as one from charity_donations where region_id = ${f.regionId} and fund_id = ${f.id} and year = ${year} and receipt_no = ${receiptNo}`));
      if (!taken) break;
      seq++;
    }
  } else {
    const [taken] = rowsOf<{ one: number }>(await tx.execute(sql`
      select 1 as one from charity_donations where region_id = ${f.regionId} and fund_id = ${f.id} and year = ${year} and receipt_no = ${receiptNo}`));
    if (taken) throw conflict('CHARITY_RECEIPT_USED', { receiptNo });
  }
  const acc = await accountsOf(tx, f);
  const id = uuidv7();
  const posting = await post(tx, now, {
    regionId: f.regionId, ledgerId: f.ledgerId, code: 'charity.donation', refType: 'charity_donation', refId: id, createdBy: input.recordedBy,
    memo: input.anonymous ? '匿名捐赠' : input.donorName,
    legs: [{ debit: acc.donors, credit: f.kind === 'endowment' ? acc.principal : acc.spendable, amount: BigInt(input.amountFen) }],
  });
  try {
    const [row] = await tx.insert(charityDonations).values({
      regionId: f.regionId, id, fundId: f.id, year, receiptNo, donorKind: input.donorKind, unitId: input.unitId ?? null, donorName: input.donorName,
      anonymous: input.anonymous ?? false, amountFen: input.amountFen, receivedOn, pledgeId: input.pledgeId ?? null, source: input.source ?? 'direct',
      sourceRef: input.sourceRef ?? null, memo: input.memo ?? '', postingId: posting.postingId, recordedBy: input.recordedBy, createdAt: new Date(now),
    }).returning();
    return toDonation(row);
  } catch (e) {
    if (isUniqueViolation(e, 'charity_donations_receipt_uq')) throw conflict('CHARITY_RECEIPT_USED', { receiptNo });
    if (isUniqueViolation(e, 'charity_donations_source_uq')) throw conflict('CHARITY_SOURCE_POSTED');
    throw e;
  }
}

/** The route: a donation recorded by the fund's officer, under the request's Idempotency-Key, audited. */
export async function recordDonation(ctx: Ctx, actor: Actor, key: string, fundId: string, body: DonationCreate): Promise<Donation> {
  const p = actor.principal!;
  const f = await fundInScope(ctx.db, p, 'charity.prepare', fundId);
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: 'charity.donation', fundId, body } }, async (tx) => {
    const d = await postDonation(tx, ctx.now(), { ...body, fundId, recordedBy: p.id });
    await audit(tx, actor, { regionId: f.regionId, action: 'charity.donation', entityType: 'charity_donation', entityId: d.id, after: d });
    return { status: 201, body: d };
  });
  return { ...answer.body, replayed: answer.replayed };
}

export async function listDonations(ctx: Ctx, p: Principal, fundId: string, q: { page: number; pageSize: number }) {
  const f = await fundInScope(ctx.db, p, 'charity.read', fundId);
  const where = and(eq(charityDonations.regionId, f.regionId), eq(charityDonations.fundId, f.id));
  const [items, [c]] = await Promise.all([
    ctx.db.select().from(charityDonations).where(where).orderBy(desc(charityDonations.receivedOn), desc(charityDonations.createdAt), desc(charityDonations.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: sql<string>`count(*)` }).from(charityDonations).where(where),
  ]);
  return { items: items.map(toDonation), total: Number(c.n), page: q.page, pageSize: q.pageSize };
}

/** One donation with its fund (for the receipt), to a reader of the fund; 404 otherwise. */
export async function donationOf(ctx: Ctx, p: Principal, fundId: string, id: string): Promise<{ fund: FundRow; donation: Donation }> {
  const f = await fundInScope(ctx.db, p, 'charity.read', fundId);
  const [d] = await ctx.db.select().from(charityDonations).where(and(eq(charityDonations.regionId, f.regionId), eq(charityDonations.fundId, f.id), eq(charityDonations.id, id)));
  if (!d) throw notFound();
  return { fund: f, donation: toDonation(d) };
}

// ── pledges ──────────────────────────────────────────────────────────────────────────────────────────────────

export async function listPledges(ctx: Ctx, p: Principal, fundId: string): Promise<Pledge[]> {
  const f = await fundInScope(ctx.db, p, 'charity.read', fundId);
  const rows = rowsOf<Record<string, string | boolean | null>>(await ctx.db.execute(sql`
    select p.*, p.pledged_on::text as pledged, coalesce(sum(d.amount_fen), 0) as paid, count(d.id) as payments
    from charity_pledges p left join charity_donations d on d.region_id = p.region_id and d.pledge_id = p.id
    where p.region_id = ${f.regionId} and p.fund_id = ${f.id}
    group by p.region_id, p.id order by p.pledged_on desc, p.id desc limit 500`));
  return rows.map((r) => ({
    id: String(r.id), fundId: f.id, donorKind: r.donor_kind as 'unit' | 'person', unitId: (r.unit_id as string | null) ?? null, donorName: String(r.donor_name),
    anonymous: !!r.anonymous, totalFen: Number(r.total_fen), paidFen: Number(r.paid), remainingFen: Number(r.total_fen) - Number(r.paid), payments: Number(r.payments),
    pledgedOn: String(r.pledged), memo: String(r.memo ?? ''),
  }));
}

/** A pledge moves no money (its payments do): no Idempotency-Key. */
export async function createPledge(ctx: Ctx, actor: Actor, fundId: string, body: z.infer<typeof PledgeCreate>): Promise<Pledge> {
  const p = actor.principal!;
  const f = await fundInScope(ctx.db, p, 'charity.prepare', fundId);
  if (body.unitId) {
    const [u] = await ctx.db.select({ id: units.id }).from(units).where(and(eq(units.regionId, f.regionId), eq(units.id, body.unitId)));
    if (!u) throw notFound();
  }
  const id = uuidv7();
  await transaction(ctx.db, async (tx) => {
    await tx.insert(charityPledges).values({
      regionId: f.regionId, id, fundId: f.id, donorKind: body.donorKind, unitId: body.unitId ?? null, donorName: body.donorName, anonymous: body.anonymous ?? false,
      totalFen: body.totalFen, pledgedOn: body.pledgedOn ?? todayShanghai(ctx.now()), memo: body.memo ?? '', createdBy: p.id, createdAt: new Date(ctx.now()),
    });
    await audit(tx, actor, { regionId: f.regionId, action: 'charity.pledge', entityType: 'charity_pledge', entityId: id, after: body });
  });
  return (await listPledges(ctx, p, fundId)).find((x) => x.id === id)!;
}

// ── income ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Income (interest) of the fund's money: income_src → spendable, what a 留本捐息 fund may spend. */
export async function recordIncome(ctx: Ctx, actor: Actor, key: string, fundId: string, body: z.infer<typeof IncomeCreate>) {
  const p = actor.principal!;
  const f = await fundInScope(ctx.db, p, 'charity.prepare', fundId);
  if (body.receivedOn && body.receivedOn > todayShanghai(ctx.now())) throw invalid([fieldError('receivedOn', 'charity.date_future')]);
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: 'charity.income', fundId, body } }, async (tx) => {
    const acc = await accountsOf(tx, f);
    const posting = await post(tx, ctx.now(), {
      regionId: f.regionId, ledgerId: f.ledgerId, code: 'charity.income', memo: body.memo, refType: 'charity_fund', refId: f.id, createdBy: p.id,
      bookedOn: body.receivedOn, legs: [{ debit: acc.income_src, credit: acc.spendable, amount: BigInt(body.amountFen) }],
    });
    const out = { fundId: f.id, amountFen: body.amountFen, memo: body.memo, postingId: posting.postingId };
    await audit(tx, actor, { regionId: f.regionId, action: 'charity.income', entityType: 'charity_fund', entityId: f.id, after: out });
    return { status: 201, body: out };
  });
  return { ...answer.body, replayed: answer.replayed };
}

// ── disbursements ────────────────────────────────────────────────────────────────────────────────────────────

async function disbursementRows(db: DbOrTx, f: FundRow, where: ReturnType<typeof sql>): Promise<Disbursement[]> {
  const rows = rowsOf<Record<string, string | Date | null>>(await db.execute(sql`
    select d.*, pu.display_name as prepared_name, au.display_name as approved_name from charity_disbursements d
    left join users pu on pu.id = d.prepared_by left join users au on au.id = d.approved_by
    where d.region_id = ${f.regionId} and d.fund_id = ${f.id} and ${where}
    order by d.prepared_at desc, d.id desc limit 500`));
  return rows.map((r) => ({
    id: String(r.id), fundId: f.id, beneficiary: String(r.beneficiary), purpose: r.purpose as CharityPurpose, amountFen: Number(r.amount_fen), note: String(r.note ?? ''),
    status: r.status as Disbursement['status'], preparedBy: (r.prepared_by as string | null) ?? null, preparedByName: (r.prepared_name as string | null) ?? null,
    preparedAt: new Date(r.prepared_at as string).toISOString(), approvedBy: (r.approved_by as string | null) ?? null, approvedByName: (r.approved_name as string | null) ?? null,
    approvedAt: r.approved_at ? new Date(r.approved_at as string).toISOString() : null,
  }));
}

export async function listDisbursements(ctx: Ctx, p: Principal, fundId: string, status?: Disbursement['status']) {
  const f = await fundInScope(ctx.db, p, 'charity.read', fundId);
  return disbursementRows(ctx.db, f, status ? sql`d.status = ${status}` : sql`true`);
}

const shortOf = (f: FundRow, s: Standing) => {
  const details = [fieldError('amountFen', f.kind === 'endowment' ? 'charity.spendable_endowment' : 'charity.spendable', { spendable: (s.spendable / 100).toFixed(2) })];
  return f.kind === 'endowment' ? invalid(details, 'CHARITY_PRINCIPAL_KEPT') : invalid(details, 'CHARITY_FUNDS_SHORT');
};

/**
 * Prepares a disbursement (the maker): reserves the amount on `spendable` as a pending transfer. More than is
 * spendable is refused with nothing changed: 422 CHARITY_PRINCIPAL_KEPT for a 留本捐息 fund (its principal is never
 * spent), CHARITY_FUNDS_SHORT otherwise; the no-negative check of `spendable` refuses a race the same way.
 */
export async function prepareDisbursement(ctx: Ctx, actor: Actor, key: string, fundId: string, body: z.infer<typeof DisbursementCreate>): Promise<Disbursement> {
  const p = actor.principal!;
  const f = await fundInScope(ctx.db, p, 'charity.prepare', fundId);
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: 'charity.disbursement', fundId, body } }, async (tx) => {
    const s = await standing(tx, f);
    if (body.amountFen > s.spendable) throw shortOf(f, s);
    const acc = await accountsOf(tx, f);
    const id = uuidv7();
    let pendingId: string;
    try {
      const posting = await post(tx, ctx.now(), {
        regionId: f.regionId, ledgerId: f.ledgerId, code: 'charity.disbursement', memo: `${body.beneficiary}`, refType: 'charity_disbursement', refId: id, createdBy: p.id,
        pending: { timeoutMs: DISBURSEMENT_PENDING_TIMEOUT_MS }, legs: [{ debit: acc.spendable, credit: acc.beneficiaries, amount: BigInt(body.amountFen) }],
      });
      pendingId = posting.transfers[0].id;
    } catch (e) {
      if (e instanceof AppError && e.code === 'LEDGER_INSUFFICIENT_FUNDS') throw shortOf(f, await standing(tx, f));
      throw e;
    }
    await tx.insert(charityDisbursements).values({
      regionId: f.regionId, id, fundId: f.id, beneficiary: body.beneficiary, purpose: body.purpose, amountFen: body.amountFen, note: body.note ?? '',
      status: 'prepared', pendingId, preparedBy: p.id, preparedAt: new Date(ctx.now()),
    });
    await audit(tx, actor, { regionId: f.regionId, action: 'charity.disbursement.prepare', entityType: 'charity_disbursement', entityId: id, after: { fundId, ...body } });
    const [d] = await disbursementRows(tx, f, sql`d.id = ${id}`);
    return { status: 201, body: d };
  });
  return { ...answer.body, replayed: answer.replayed };
}

async function disbursementInScope(db: DbOrTx, p: Principal, perm: CharityPerm, id: string) {
  const [d] = await db.select().from(charityDisbursements).where(eq(charityDisbursements.id, id)).limit(1);
  const f = d ? await fundById(db, d.fundId) : null;
  if (!d || !f || f.regionId !== d.regionId || !holds(p, perm, f)) throw notFound();
  return { d, f };
}

/**
 * Approves (posts the reserved transfer) or rejects (voids it) a prepared disbursement — the checker: never the
 * one who prepared it (409 CHARITY_MAKER_CHECKER, also the check `charity_disbursements_maker_checker_ck`); once
 * (409 CHARITY_DISBURSEMENT_STATUS after that; the disbursement's row lock orders two at once).
 */
export async function decideDisbursement(ctx: Ctx, actor: Actor, key: string, id: string, action: 'approve' | 'reject'): Promise<Disbursement> {
  const p = actor.principal!;
  const { f } = await disbursementInScope(ctx.db, p, 'charity.approve', id);
  const answer = await withIdempotency(ctx.db, ctx.now(), f.regionId, { scope: p.id, key, request: { op: `charity.disbursement.${action}`, id } }, async (tx) => {
    const [d] = await tx.select().from(charityDisbursements).where(and(eq(charityDisbursements.regionId, f.regionId), eq(charityDisbursements.id, id))).for('update');
    if (d.status !== 'prepared') throw conflict('CHARITY_DISBURSEMENT_STATUS', { status: d.status });
    if (d.preparedBy === p.id) throw conflict('CHARITY_MAKER_CHECKER');
    await resolvePending(tx, ctx.now(), {
      regionId: f.regionId, ledgerId: f.ledgerId, pendingId: d.pendingId, action: action === 'approve' ? 'post' : 'void', createdBy: p.id,
      code: action === 'approve' ? 'charity.disbursement' : 'charity.disbursement.reject',
    });
    await tx.update(charityDisbursements).set({ status: action === 'approve' ? 'approved' : 'rejected', approvedBy: p.id, approvedAt: new Date(ctx.now()) })
      .where(and(eq(charityDisbursements.regionId, f.regionId), eq(charityDisbursements.id, id)));
    await audit(tx, actor, { regionId: f.regionId, action: `charity.disbursement.${action}`, entityType: 'charity_disbursement', entityId: id, before: { status: d.status }, after: { status: action === 'approve' ? 'approved' : 'rejected' } });
    const [out] = await disbursementRows(tx, f, sql`d.id = ${id}`);
    return { status: 200, body: out };
  });
  return { ...answer.body, replayed: answer.replayed };
}

// ── the public disclosure (公示) ───────────────────────────────────────────────────────────────────────────────

/** What anyone with the link sees: totals, the latest donations (names unless anonymous), approved disbursements by purpose. 404 for a made-up or revoked link. */
export async function charityDisclosure(ctx: Pick<Ctx, 'db' | 'now'>, token: string): Promise<CharityDisclosure> {
  if (!PUBLIC_TOKEN_RE.test(token)) throw notFound();
  const [r] = await ctx.db.select({ id: charityFunds.id }).from(charityFunds).where(and(eq(charityFunds.token, token), eq(charityFunds.tokenActive, true))).limit(1);
  const f = r ? await fundById(ctx.db, r.id) : null;
  if (!f) throw notFound();
  const s = await standing(ctx.db, f);
  const [[c], donations, byPurpose, disbursements] = await Promise.all([
    ctx.db.execute(sql`select count(*) as n, (select count(*) from charity_disbursements where region_id = ${f.regionId} and fund_id = ${f.id} and status = 'approved') as dn
      from charity_donations where region_id = ${f.regionId} and fund_id = ${f.id}`).then((x) => rowsOf<{ n: string; dn: string }>(x)),
    ctx.db.execute(sql`select received_on::text as on, donor_kind, case when anonymous then null else donor_name end as donor, amount_fen from charity_donations
      where region_id = ${f.regionId} and fund_id = ${f.id} order by received_on desc, created_at desc, id desc limit 100`).then((x) => rowsOf<Record<string, string | null>>(x)),
    ctx.db.execute(sql`select purpose, count(*) as n, sum(amount_fen) as fen from charity_disbursements
      where region_id = ${f.regionId} and fund_id = ${f.id} and status = 'approved' group by purpose order by sum(amount_fen) desc`).then((x) => rowsOf<Record<string, string>>(x)),
    ctx.db.execute(sql`select (approved_at at time zone 'Asia/Shanghai')::date::text as on, beneficiary, purpose, amount_fen from charity_disbursements
      where region_id = ${f.regionId} and fund_id = ${f.id} and status = 'approved' order by approved_at desc, id desc limit 100`).then((x) => rowsOf<Record<string, string>>(x)),
  ]);
  return {
    name: f.name, kind: f.kind as CharityKind, orgName: f.orgName, asOf: new Date(ctx.now()).toISOString(),
    totals: {
      donatedFen: s.donated, donations: Number(c.n), incomeFen: s.income, disbursedFen: s.disbursed, disbursements: Number(c.dn), principalFen: s.principal,
      spendableFen: s.spendable,
    },
    donations: donations.map((d) => ({ receivedOn: String(d.on), donor: d.donor, donorKind: d.donor_kind as 'unit' | 'person', amountFen: Number(d.amount_fen) })),
    byPurpose: byPurpose.map((b) => ({ purpose: b.purpose as CharityPurpose, count: Number(b.n), amountFen: Number(b.fen) })),
    disbursements: disbursements.map((d) => ({ approvedOn: d.on, beneficiary: d.beneficiary, purpose: d.purpose as CharityPurpose, amountFen: Number(d.amount_fen) })),
  };
}
