/**
 * Demo of the 骆驼 bridge-loan fund (the article: in three years 245 enterprises bridged 2,847 times, ¥8 billion, no
 * bad debt). 245 member enterprises (the chamber's 183 and 62 more units added here) contribute capital; 2,846
 * loans over the last three years are repaid within the term, the 2,847th is out and due tomorrow.
 *
 * Bulk, in ONE transaction: thousands of single postings through `post()` would make `npm start` on a fresh data
 * directory seconds slower, so the legs are written as the ledger's statements write them (pending, post, repay and
 * fee legs with their posting ids, pending ids and booking days), the account balances are then computed from the
 * legs in one UPDATE (`lianjian ledger verify` on the seeded data: 0 differences).
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { loanFeeFen, type FundRules } from '../../../shared/money-fund.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { createLedger } from '../../platform/ledger/ledger.ts';
import { ledgerAccounts, ledgerTransfers } from '../../platform/ledger/schema.ts';
import { seededRandom } from '../../platform/random.ts';
import { grants, users } from '../../platform/schema.ts';
import { orgs, regions, units } from '../directory/schema.ts';
import { LOAN_PENDING_TIMEOUT_MS } from './fund.ts';
import { loanCommitments, loanFundMembers, loanFunds, loans } from './schema.ts';

export const DEMO_FUND = { enterprises: 245, loans: 2_847, bridgedFen: 800_000_000_000 } as const;
export const DEMO_RULES: FundRules = {
  maxLoanFen: 1_000_000_000, maxRenewalShareBp: 9_500, maxOutstandingFen: 1_500_000_000, termDays: 10,
  feeTiers: [{ fromDay: 1, ppm: 200 }, { fromDay: 6, ppm: 400 }], haltOverdueShareBp: 500, penaltyPpm: 1_000,
};
const BANKS = ['宁波银行骆驼支行', '中国工商银行镇海支行', '中国农业银行镇海支行', '中国银行镇海支行', '中国建设银行镇海支行', '宁波农商银行骆驼支行'];

async function insertMany<T>(db: DbOrTx, table: Parameters<DbOrTx['insert']>[0], rows: T[], size = 1000) {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size) as never);
}

type SeedLeg = typeof ledgerTransfers.$inferInsert;

/** The balances from bulk-inserted legs, as the ledger keeps them (posted and post move the balance, an unresolved pending reserves): one UPDATE. */
export async function setBalancesFromLegs(tx: DbOrTx, regionId: string, legs: SeedLeg[]): Promise<void> {
  const bal = new Map<string, { b: bigint; pd: bigint; pc: bigint }>();
  const of = (id: string) => bal.get(id) ?? (bal.set(id, { b: 0n, pd: 0n, pc: 0n }), bal.get(id)!);
  const resolved = new Set(legs.filter((x) => x.pendingId).map((x) => x.pendingId));
  for (const x of legs) {
    const amount = x.amount as bigint;
    if (x.flow === 'posted' || x.flow === 'post') { of(x.creditAccountId).b += amount; of(x.debitAccountId).b -= amount; }
    else if (x.flow === 'pending' && !resolved.has(x.id)) { of(x.debitAccountId).pd += amount; of(x.creditAccountId).pc += amount; }
  }
  if (!bal.size) return;
  const values = [...bal].map(([id, v]) => sql`(${id}::uuid, ${v.b.toString()}::bigint, ${v.pd.toString()}::bigint, ${v.pc.toString()}::bigint)`);
  await tx.execute(sql`update ledger_accounts a set balance = v.b, pending_debits = v.pd, pending_credits = v.pc
    from (values ${sql.join(values, sql`, `)}) as v(id, b, pd, pc) where a.region_id = ${regionId} and a.id = v.id`);
}

export { insertMany };

export async function seedFund(db: Db, opts: { password: string; now: number }): Promise<{ users: { username: string; role: string }[] }> {
  const [region] = await db.select().from(regions).where(eq(regions.code, 'luotuo'));
  if (!region) return { users: [] };
  const [chamber] = await db.select().from(orgs).where(and(eq(orgs.regionId, region.id), eq(orgs.name, '镇海骆驼商会党委')));
  if (!chamber) return { users: [] };
  const [exists] = await db.select({ id: loanFunds.id }).from(loanFunds).where(eq(loanFunds.regionId, region.id)).limit(1);
  if (exists) return { users: [] };
  const R = seededRandom(20_242_847);
  const today = todayShanghai(opts.now);
  const regionId = region.id;
  // each sign-in its own hash (its own salt): hashed before the transaction, which argon2 would hold open
  const hashes = [await hashPassword(opts.password), await hashPassword(opts.password)];

  return db.transaction(async (tx) => {
    const members = await tx.select({ id: units.id, name: units.name }).from(units)
      .where(and(eq(units.regionId, regionId), eq(units.kind, 'enterprise'), like(units.name, '宁波骆驼%'))).orderBy(units.name);
    const extra = Array.from({ length: Math.max(0, DEMO_FUND.enterprises - members.length) }, (_, i) => ({
      regionId, id: uuidv7(), kind: 'enterprise', name: `镇海骆驼互助会员${String(i + 1).padStart(2, '0')}实业有限公司`, industry: '制造业', address: '宁波市镇海区骆驼街道',
    }));
    await insertMany(tx, units, extra);
    const ents = [...members, ...extra.map((e) => ({ id: e.id, name: e.name }))].slice(0, DEMO_FUND.enterprises);

    // the fund and its ledger
    const fundId = uuidv7();
    const startDay = addDays(today, -3 * 365);
    const at = (day: string, h = 10) => new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);
    const l = await createLedger(tx, { regionId, orgId: chamber.id, code: `fund:${fundId}`, name: '骆驼商会企业转贷互助资金', purpose: 'bridge_loan_fund' }, [
      { code: 'cash', name: '资金存款', kind: 'asset', noNegative: true },
      { code: 'loans', name: '转贷在外', kind: 'asset' },
      { code: 'fees', name: '使用费收入', kind: 'income' },
      { code: 'bad_debts', name: '坏账核销', kind: 'expense' },
    ]);
    const acc = l.accounts;
    await tx.insert(loanFunds).values({ regionId, id: fundId, orgId: chamber.id, name: '骆驼商会企业转贷互助资金', rules: DEMO_RULES, ledgerId: l.id, createdAt: at(startDay, 9) });
    const capital = ents.map((e) => ({ unit: e, account: uuidv7(), fen: (100 + Math.floor(R() * 201)) * 1_000_000 })); // ¥1M–¥3M each
    await insertMany(tx, ledgerAccounts, capital.map((c) => ({
      regionId, id: c.account, ledgerId: l.id, orgId: chamber.id, code: `capital:${c.unit.id}`, name: `出资 ${c.unit.name}`, kind: 'equity', noNegative: false,
    })));
    await insertMany(tx, loanFundMembers, capital.map((c) => ({ regionId, fundId, unitId: c.unit.id, accountId: c.account, joinedAt: at(startDay, 9) })));

    type Leg = typeof ledgerTransfers.$inferInsert;
    const legs: Leg[] = [];
    const leg = (x: Omit<Leg, 'regionId' | 'ledgerId' | 'orgId' | 'leg' | 'memo'> & { memo?: string }) =>
      legs.push({ regionId, ledgerId: l.id, orgId: chamber.id, leg: 1, memo: '', ...x });
    for (const c of capital) {
      leg({ id: uuidv7(), postingId: uuidv7(), flow: 'posted', debitAccountId: c.account, creditAccountId: acc.cash, amount: BigInt(c.fen), bookedOn: startDay,
        code: 'fund.contribution', refType: 'unit', refId: c.unit.id, createdAt: at(startDay, 9) });
    }

    // 2,847 amounts in whole ¥10,000s adding up to ¥8bn (each ≤ the cap per loan)
    const n = DEMO_FUND.loans;
    const weights = Array.from({ length: n }, () => 0.3 + R() * 1.4);
    const sum = weights.reduce((a, b) => a + b, 0);
    const wan = weights.map((w) => Math.floor((w / sum) * (DEMO_FUND.bridgedFen / 1_000_000)));
    wan[0] += DEMO_FUND.bridgedFen / 1_000_000 - wan.reduce((a, b) => a + b, 0);
    const span = 3 * 365 - 12;
    const commitmentRows: (typeof loanCommitments.$inferInsert)[] = [];
    const loanRows: (typeof loans.$inferInsert)[] = [];
    const days = Array.from({ length: n }, (_, i) => Math.floor((i * span) / n)).sort((a, b) => a - b);
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const e = ents[i % ents.length];
      const amountFen = wan[i] * 1_000_000;
      const disbursedOn = last ? addDays(today, -(DEMO_RULES.termDays - 1)) : addDays(startDay, 1 + days[i]);
      const term = 2 + Math.floor(R() * (DEMO_RULES.termDays - 2));
      const repaidOn = last ? null : addDays(disbursedOn, term);
      const renewalFen = Math.ceil((amountFen * 10_000) / 9_000 / 1_000_000) * 1_000_000;
      const id = uuidv7();
      const commitmentId = uuidv7();
      commitmentRows.push({ regionId, id: commitmentId, fundId, unitId: e.id, fileName: '续贷承诺书.pdf', contentType: 'application/pdf', size: 0, sha256: '', storageKey: '', createdAt: at(addDays(disbursedOn, -2)) });
      const pendingId = uuidv7();
      const feeFen = repaidOn ? loanFeeFen(amountFen, term, DEMO_RULES.feeTiers) : null;
      loanRows.push({
        regionId, id, fundId, unitId: e.id, status: repaidOn ? 'repaid' : 'disbursed', bank: BANKS[i % BANKS.length], bankLoanFen: renewalFen, bankDueOn: disbursedOn,
        renewalFen, commitmentId, amountFen, pendingId, disbursedOn, dueOn: addDays(disbursedOn, DEMO_RULES.termDays), repaidOn, days: repaidOn ? term : null, feeFen,
        createdAt: at(addDays(disbursedOn, -1)),
      });
      const out = at(disbursedOn, 11);
      leg({ id: pendingId, postingId: uuidv7(), flow: 'pending', debitAccountId: acc.cash, creditAccountId: acc.loans, amount: BigInt(amountFen), bookedOn: disbursedOn,
        timeoutAt: new Date(out.getTime() + LOAN_PENDING_TIMEOUT_MS), code: 'fund.loan.disburse', refType: 'loan', refId: id, createdAt: out });
      if (!repaidOn) continue;
      const back = at(repaidOn, 15);
      leg({ id: uuidv7(), postingId: uuidv7(), flow: 'post', pendingId, debitAccountId: acc.cash, creditAccountId: acc.loans, amount: BigInt(amountFen), bookedOn: repaidOn,
        code: 'fund.loan.disburse', refType: 'loan', refId: id, createdAt: back });
      leg({ id: uuidv7(), postingId: uuidv7(), flow: 'posted', debitAccountId: acc.loans, creditAccountId: acc.cash, amount: BigInt(amountFen), bookedOn: repaidOn,
        code: 'fund.loan.repay', refType: 'loan', refId: id, createdAt: back });
      if (feeFen) {
        leg({ id: uuidv7(), postingId: uuidv7(), flow: 'posted', debitAccountId: acc.fees, creditAccountId: acc.cash, amount: BigInt(feeFen), bookedOn: repaidOn,
          memo: `${term} days`, code: 'fund.loan.fee', refType: 'loan', refId: id, createdAt: back });
      }
    }
    await insertMany(tx, loanCommitments, commitmentRows);
    await insertMany(tx, loans, loanRows);
    await insertMany(tx, ledgerTransfers, legs);
    await setBalancesFromLegs(tx, regionId, legs);

    // sign-ins: a fund officer and an approver of the chamber's fund
    const logins = [
      { username: 'zijin', displayName: '转贷资金经办（演示）', role: 'fund_officer' as const, label: 'fund officer of the 骆驼 bridge-loan fund (prepares, disburses, repays)' },
      { username: 'shenpi', displayName: '转贷资金审批（演示）', role: 'fund_approver' as const, label: 'approver of the 骆驼 bridge-loan fund (approves, writes off)' },
    ];
    for (const [i, x] of logins.entries()) {
      const id = uuidv7();
      await tx.insert(users).values({ id, username: x.username, displayName: x.displayName, passwordHash: hashes[i] });
      await tx.insert(grants).values({ regionId, id: uuidv7(), userId: id, role: x.role, scopeKind: 'org', scopeId: chamber.id });
    }
    return { users: logins.map((x) => ({ username: x.username, role: x.label })) };
  });
}
