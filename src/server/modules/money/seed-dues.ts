/**
 * Demo of party dues: this year's monthly amounts (the official table, one reduction and one exemption) and payments,
 * quarterly, for three demo branches (百合社区第一党支部, 孔浦街道机关党支部, 峰南社区第一党支部), with some members
 * behind by 3 to 6 months (the sheet's alert, the warning at 5). 怡江社区第一党支部 is left unset (the browser test
 * sets its first member's amount). Bulk, in one transaction: legs as the ledger writes them, balances from them.
 */
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { monthlyDuesFen, type DuesCategory } from '../../../shared/dues.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import type { Db } from '../../db/client.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { ledgers, ledgerTransfers } from '../../platform/ledger/schema.ts';
import { seededRandom } from '../../platform/random.ts';
import { members, orgs } from '../directory/schema.ts';
import { branchAccount, throughMonthOf } from './dues.ts';
import { duesAmounts, duesMonths, duesPayments } from './schema.ts';
import { insertMany } from './seed-fund.ts';

export const DEMO_DUES_BRANCHES = ['百合社区第一党支部', '孔浦街道机关党支部', '峰南社区第一党支部'];

export async function seedDues(db: Db, opts: { now: number }): Promise<void> {
  const today = todayShanghai(opts.now);
  const year = Number(today.slice(0, 4));
  const through = throughMonthOf(year, today);
  const R = seededRandom(2026_0701);
  const branches = await db.select({ id: orgs.id, regionId: orgs.regionId, name: orgs.name }).from(orgs)
    .where(and(eq(orgs.kind, 'branch'), inArray(orgs.name, DEMO_DUES_BRANCHES))).orderBy(asc(orgs.path));
  if (!branches.length) return;
  const at = (month: number, day = 10) => new Date(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00+08:00`);
  await db.transaction(async (tx) => {
    const legsBy = new Map<string, (typeof ledgerTransfers.$inferInsert)[]>();
    const amounts: (typeof duesAmounts.$inferInsert)[] = [];
    const payments: (typeof duesPayments.$inferInsert)[] = [];
    const months: (typeof duesMonths.$inferInsert)[] = [];
    for (const [bi, b] of branches.entries()) {
      const acct = await branchAccount(tx, b.regionId, b.id);
      const [l] = await tx.select({ orgId: ledgers.orgId }).from(ledgers).where(and(eq(ledgers.regionId, b.regionId), eq(ledgers.id, acct.ledgerId)));
      const legs = legsBy.get(b.regionId) ?? (legsBy.set(b.regionId, []), legsBy.get(b.regionId)!);
      const ms = await tx.select({ id: members.id, birthDate: members.birthDate }).from(members)
        .where(and(eq(members.regionId, b.regionId), eq(members.orgId, b.id), notInArray(members.status, ['transferred_out', 'deceased', 'left'])))
        .orderBy(asc(members.namePinyin), asc(members.id));
      let receipt = 0;
      for (const [i, m] of ms.entries()) {
        const age = year - Number(String(m.birthDate ?? `${year - 40}`).slice(0, 4));
        const category: DuesCategory = age >= 60 ? 'retired' : age < 23 ? 'student' : i % 17 === 5 ? 'unemployed' : 'employed';
        const baseFen = category === 'student' || category === 'unemployed' ? 0 : Math.round((2_500 + R() * 14_000)) * 100;
        const table = monthlyDuesFen(category, baseFen);
        // one reduction and one exemption in the first branch, decided by the branch and approved above
        const reduced = bi === 0 && (i === 1 || i === 2) && table > 0 ? (i === 1 ? Math.floor(table / 2) : 0) : null;
        const monthlyFen = reduced ?? table;
        amounts.push({
          regionId: b.regionId, memberId: m.id, year, orgId: b.id, category, baseFen, monthlyFen, tableFen: reduced === null ? null : table,
          reductionDecision: reduced === null ? null : `支委会 ${year}-01-08 决定（家庭困难）`, reductionApproval: reduced === null ? null : `上级党委 ${year}-01-15 批准`,
          createdAt: at(1, 5), updatedAt: at(1, 5),
        });
        if (monthlyFen === 0) continue;
        // most pay quarterly up to now; about one in seven is 3 to 6 months behind
        const behind = i % 7 === 3 ? 3 + (i % 4) : 0;
        const paidThrough = Math.max(0, through - behind);
        for (let q = 1; q <= paidThrough; q += 3) {
          const covered = [q, q + 1, q + 2].filter((mo) => mo <= paidThrough);
          const id = uuidv7();
          const postingId = uuidv7();
          const extraFen = i % 11 === 0 && q === 1 ? 100_000 : 0; // a voluntary ¥1,000, flagged for forwarding
          const amountFen = monthlyFen * covered.length + extraFen;
          const when = at(covered[covered.length - 1], 20);
          const receiptNo = `DF${year}-${String(bi + 1).padStart(2, '0')}-${String(++receipt).padStart(4, '0')}`;
          payments.push({
            regionId: b.regionId, id, memberId: m.id, orgId: b.id, year, months: covered, amountFen, method: i % 3 ? 'transfer' : 'cash', receiptNo, postingId,
            extraFen, paidBy: i % 13 === 4 ? '家属代交' : null, forwardUp: amountFen >= 100_000, createdAt: when,
          });
          for (const month of covered) months.push({ regionId: b.regionId, memberId: m.id, year, month, paymentId: id });
          legs.push({
            regionId: b.regionId, ledgerId: acct.ledgerId, orgId: l.orgId, leg: 1, id: uuidv7(), postingId, flow: 'posted', debitAccountId: acct.members, creditAccountId: acct.branch,
            amount: BigInt(amountFen), bookedOn: when.toISOString().slice(0, 10), code: 'dues.payment', memo: `${year} ${covered.join(',')} ${receiptNo}`,
            refType: 'dues_payment', refId: id, createdAt: when,
          });
        }
      }
    }
    await insertMany(tx, duesAmounts, amounts);
    await insertMany(tx, duesPayments, payments);
    await insertMany(tx, duesMonths, months);
    for (const [regionId, legs] of legsBy) {
      await insertMany(tx, ledgerTransfers, legs);
      // posted legs only: each account moves by its credits less its debits, added to what it held (one UPDATE)
      const delta = new Map<string, bigint>();
      for (const x of legs) {
        delta.set(x.creditAccountId, (delta.get(x.creditAccountId) ?? 0n) + (x.amount as bigint));
        delta.set(x.debitAccountId, (delta.get(x.debitAccountId) ?? 0n) - (x.amount as bigint));
      }
      if (delta.size) {
        const values = [...delta].map(([id, d]) => sql`(${id}::uuid, ${d.toString()}::bigint)`);
        await tx.execute(sql`update ledger_accounts a set balance = a.balance + v.d from (values ${sql.join(values, sql`, `)}) as v(id, d) where a.region_id = ${regionId} and a.id = v.id`);
      }
    }
  });
}
