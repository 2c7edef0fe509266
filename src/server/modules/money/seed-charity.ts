/**
 * Demo of the 骆驼 chamber's two charity funds (the article: ¥150M+ donated for poverty relief and school aid):
 * 红色慈善爱心基金 (留本捐息: the donations are kept principal, only the interest is spent) and 博爱智慧基金 (捐本捐息),
 * three years of donations from the chamber's enterprises and fictional people (some anonymous) with receipts
 * numbered per year, a few pledges paid in parts, quarterly interest, and disbursements prepared by `zijin` and
 * approved by `shenpi` (two still waiting for approval). Bulk inserts in one transaction, as seed-fund.ts does.
 */
import { and, eq, inArray, like } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { CharityPurpose } from '../../../shared/money-charity.ts';
import type { Db } from '../../db/client.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { createLedger } from '../../platform/ledger/ledger.ts';
import { ledgerTransfers } from '../../platform/ledger/schema.ts';
import { seededRandom } from '../../platform/random.ts';
import { users } from '../../platform/schema.ts';
import { orgs, regions, units } from '../directory/schema.ts';
import { newPublicToken } from '../../platform/public-links.ts';
import { CHARITY_ACCOUNTS, DISBURSEMENT_PENDING_TIMEOUT_MS } from './charity.ts';
import { charityDisbursements, charityDonations, charityFunds, charityPledges } from './schema.ts';
import { insertMany, setBalancesFromLegs } from './seed-fund.ts';

export const DEMO_CHARITY = [
  { name: '红色慈善爱心基金', kind: 'endowment' as const, donatedFen: 9_600_000_000, donations: 180 },
  { name: '博爱智慧基金', kind: 'spend' as const, donatedFen: 5_800_000_000, donations: 220 },
];
const PEOPLE = ['陈建国', '李秀英', '王志强', '张丽华', '刘海军', '杨美玲', '赵国平', '黄晓燕', '周德明', '吴雅琴', '徐永康', '孙慧敏', '胡振华', '朱小红', '林建平'];
const BENEFICIARIES: [CharityPurpose, string][] = [
  ['poverty', '骆驼街道困难家庭帮扶（{n} 户）'], ['education', '镇海区骆驼中学 困难学生助学金（{n} 名）'], ['education', '四川凉山结对小学 捐资助学'],
  ['poverty', '贵州黔西南结对村 产业帮扶'], ['elderly', '骆驼街道居家养老服务中心'], ['medical', '大病医疗救助（{n} 人）'], ['education', '骆驼街道中心小学 爱心图书室'],
  ['disaster', '台风“烟花”受灾群众救助'], ['poverty', '新春送温暖 困难党员和群众（{n} 户）'], ['elderly', '残疾人之家 康复设备'],
];

export async function seedCharity(db: Db, opts: { now: number }): Promise<void> {
  const [region] = await db.select().from(regions).where(eq(regions.code, 'luotuo'));
  if (!region) return;
  const [chamber] = await db.select().from(orgs).where(and(eq(orgs.regionId, region.id), eq(orgs.name, '镇海骆驼商会党委')));
  if (!chamber) return;
  const [exists] = await db.select({ id: charityFunds.id }).from(charityFunds).where(eq(charityFunds.regionId, region.id)).limit(1);
  if (exists) return;
  const regionId = region.id;
  const R = seededRandom(150_000_000);
  const today = todayShanghai(opts.now);
  const startDay = addDays(today, -3 * 365);
  const at = (day: string, h = 10) => new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);
  const who = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['zijin', 'shenpi']));
  const maker = who.find((u) => u.username === 'zijin')?.id ?? null;
  const checker = who.find((u) => u.username === 'shenpi')?.id ?? null;
  const ents = await db.select({ id: units.id, name: units.name }).from(units)
    .where(and(eq(units.regionId, regionId), eq(units.kind, 'enterprise'), like(units.name, '宁波骆驼%'))).orderBy(units.name).limit(120);

  await db.transaction(async (tx) => {
    type Leg = typeof ledgerTransfers.$inferInsert;
    const legs: Leg[] = [];
    const donationRows: (typeof charityDonations.$inferInsert)[] = [];
    const pledgeRows: (typeof charityPledges.$inferInsert)[] = [];
    const disbursementRows: (typeof charityDisbursements.$inferInsert)[] = [];
    for (const [fi, spec] of DEMO_CHARITY.entries()) {
      const fundId = uuidv7();
      const l = await createLedger(tx, { regionId, orgId: chamber.id, code: `charity:${fundId}`, name: spec.name, purpose: 'charity_fund' }, CHARITY_ACCOUNTS);
      const acc = l.accounts;
      await tx.insert(charityFunds).values({ regionId, id: fundId, orgId: chamber.id, name: spec.name, kind: spec.kind, ledgerId: l.id, token: newPublicToken(), createdAt: at(startDay, 9) });
      const leg = (x: Omit<Leg, 'regionId' | 'ledgerId' | 'orgId' | 'leg' | 'postingId'>) => legs.push({ regionId, ledgerId: l.id, orgId: chamber.id, leg: 1, postingId: uuidv7(), ...x });
      const into = spec.kind === 'endowment' ? acc.principal : acc.spendable;

      // donations in whole ¥100s adding up to the fund's total, spread over three years
      const n = spec.donations;
      const w = Array.from({ length: n }, () => (R() < 0.15 ? 8 + R() * 20 : 0.05 + R() * 1.5));
      const sum = w.reduce((a, b) => a + b, 0);
      const amounts = w.map((x) => Math.floor((x / sum) * (spec.donatedFen / 10_000)) * 10_000);
      amounts[0] += spec.donatedFen - amounts.reduce((a, b) => a + b, 0);
      const days = Array.from({ length: n }, () => Math.floor(R() * (3 * 365 - 5))).sort((a, b) => a - b);
      // three pledges, paid in parts by donations naming them (the last one still open)
      const pledges = [0, 1, 2].map((k) => {
        const e = ents[(fi * 7 + k * 3) % ents.length];
        return { id: uuidv7(), unit: e, parts: [] as number[] };
      });
      const seq = new Map<number, number>();
      type Ev = { day: string; kind: 'in' | 'out'; fen: number };
      const events: Ev[] = [];
      for (let i = 0; i < n; i++) {
        const day = addDays(startDay, days[i]);
        const year = Number(day.slice(0, 4));
        seq.set(year, (seq.get(year) ?? 0) + 1);
        const person = R() < 0.3;
        const pledge = !person && i % 23 === 5 ? pledges[(i / 23 | 0) % 3] : null;
        const unit = pledge ? pledge.unit : person ? null : ents[Math.floor(R() * ents.length)];
        const id = uuidv7();
        const postingId = uuidv7();
        const amountFen = amounts[i];
        if (pledge) pledge.parts.push(amountFen);
        donationRows.push({
          regionId, id, fundId, year, receiptNo: `${year}-${String(seq.get(year)).padStart(5, '0')}`, donorKind: person ? 'person' : 'unit', unitId: unit?.id ?? null,
          donorName: person ? PEOPLE[Math.floor(R() * PEOPLE.length)] : unit!.name, anonymous: R() < 0.1, amountFen, receivedOn: day, pledgeId: pledge?.id ?? null,
          postingId, recordedBy: maker, createdAt: at(day),
        });
        legs.push({ regionId, ledgerId: l.id, orgId: chamber.id, leg: 1, id: uuidv7(), postingId, flow: 'posted', debitAccountId: acc.donors, creditAccountId: into,
          amount: BigInt(amountFen), bookedOn: day, code: 'charity.donation', refType: 'charity_donation', refId: id, memo: '', createdBy: maker, createdAt: at(day) });
        if (spec.kind === 'spend') events.push({ day, kind: 'in', fen: amountFen });
      }
      for (const [k, p] of pledges.entries()) {
        const paid = p.parts.reduce((a, b) => a + b, 0);
        pledgeRows.push({ regionId, id: p.id, fundId, donorKind: 'unit', unitId: p.unit.id, donorName: p.unit.name, totalFen: paid + (k === 2 ? 50_000_000 : 0) || 100_000_000,
          pledgedOn: startDay, memo: '三年认捐', createdBy: maker, createdAt: at(startDay, 9) });
      }
      // quarterly interest on the kept principal (留本捐息): ~0.55% a quarter of what was donated by then
      if (spec.kind === 'endowment') {
        for (let q = 1; q <= 12; q++) {
          const day = addDays(startDay, q * 91);
          if (day > today) break;
          const principal = donationRows.filter((d) => d.fundId === fundId && (d.receivedOn as string) < day).reduce((a, d) => a + (d.amountFen as number), 0);
          const fen = Math.floor(principal * 0.0055 / 100) * 100;
          if (fen <= 0) continue;
          leg({ id: uuidv7(), flow: 'posted', debitAccountId: acc.income_src, creditAccountId: acc.spendable, amount: BigInt(fen), bookedOn: day, code: 'charity.income',
            memo: `第 ${q} 季度存款利息`, refType: 'charity_fund', refId: fundId, createdBy: maker, createdAt: at(day, 16) });
          events.push({ day, kind: 'in', fen });
        }
      }
      // disbursements, each only when the spendable money is there (the kept principal never is)
      const m = spec.kind === 'endowment' ? 30 : 45;
      for (let i = 0; i < m; i++) events.push({ day: addDays(startDay, 60 + Math.floor(((i + R()) * (3 * 365 - 70)) / m)), kind: 'out', fen: 0 });
      events.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.kind === 'in' ? -1 : 1));
      let spendable = 0;
      let outs = 0;
      for (const ev of events) {
        if (ev.kind === 'in') { spendable += ev.fen; continue; }
        const [purpose, label] = BENEFICIARIES[outs % BENEFICIARIES.length];
        const fen = Math.floor((spendable * (0.25 + R() * 0.35)) / 100_000) * 100_000;
        if (fen <= 0 || ev.day > today) continue;
        outs++;
        spendable -= fen;
        const waiting = outs > m - 3 && outs <= m - 1 && fi === 0 ? true : outs === m - 2 && fi === 1;
        const id = uuidv7();
        const pendingId = uuidv7();
        const prepared = at(ev.day, 10);
        leg({ id: pendingId, flow: 'pending', debitAccountId: acc.spendable, creditAccountId: acc.beneficiaries, amount: BigInt(fen), bookedOn: ev.day,
          timeoutAt: new Date(prepared.getTime() + DISBURSEMENT_PENDING_TIMEOUT_MS), code: 'charity.disbursement', refType: 'charity_disbursement', refId: id, memo: '', createdBy: maker, createdAt: prepared });
        if (!waiting) {
          leg({ id: uuidv7(), flow: 'post', pendingId, debitAccountId: acc.spendable, creditAccountId: acc.beneficiaries, amount: BigInt(fen), bookedOn: ev.day,
            code: 'charity.disbursement', refType: 'charity_disbursement', refId: id, memo: '', createdBy: checker, createdAt: at(ev.day, 15) });
        }
        disbursementRows.push({
          regionId, id, fundId, beneficiary: label.replace('{n}', String(5 + Math.floor(R() * 40))), purpose, amountFen: fen, note: '', status: waiting ? 'prepared' : 'approved',
          pendingId, preparedBy: maker, preparedAt: prepared, approvedBy: waiting ? null : checker, approvedAt: waiting ? null : at(ev.day, 15),
        });
      }
    }
    await insertMany(tx, charityPledges, pledgeRows);
    await insertMany(tx, charityDonations, donationRows);
    await insertMany(tx, charityDisbursements, disbursementRows);
    await insertMany(tx, ledgerTransfers, legs);
    await setBalancesFromLegs(tx, regionId, legs);
  });
}
