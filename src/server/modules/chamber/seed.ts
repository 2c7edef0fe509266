import { and, eq, like } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { DISPUTE_TYPES, MEDIATION_SOURCES } from '../../../shared/chamber.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { addEvent, assignCase, moveCase, openCase, rateCase, type CaseRow, type Who } from '../../platform/cases/engine.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seededRandom } from '../../platform/random.ts';
import { grants, users } from '../../platform/schema.ts';
import { orgs, regions, units } from '../directory/schema.ts';
import { MEDIATION_FLOW } from './mediation.ts';
import { seedDuty } from './seed-duty.ts';
import { seedGrowth } from './seed-growth.ts';
import { seedWorkflows } from './workflow-routes.ts';
import { seedServices } from './seed-services.ts';
import { mediationAgreements, mediationCases, mediationFollowUps, mediationParties, mediationSessions } from './schema.ts';

/**
 * Demo mediation for the 骆驼商会 committee (the article: 74 disputes in three years, 72 settled, ¥2.364M
 * involved, 98% of parties satisfied). Every case goes through the engine as it would through the API: intake,
 * a mediator, sessions, an agreement (or a failure referred to court), the follow-up with both parties'
 * satisfaction, closing; the current year's last case is still being mediated by the demo mediator (`tiaojie`).
 * The figures are then whatever the register computes. Runs once (skipped when the region has cases).
 */
export const DEMO_MEDIATION = { cases: 74, settled: 72, amountFen: 236_400_000, notSatisfied: 3 } as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁沈'.split('');
const GIVEN = '伟 强 磊 军 勇 杰 涛 斌 超 明 芳 娜 敏 静 丽 艳 建国 海波 晓东 文杰 秀英 丽华 春生 立新'.split(' ');
const FACTS: Record<(typeof DISPUTE_TYPES)[number], string> = {
  labour: '申请人在被申请人处务工，双方就拖欠工资及加班费的数额发生争议。',
  contract: '双方签订加工承揽合同，因交货质量及货款结算发生争议。',
  debt: '双方存在货款往来，被申请人对欠款数额及还款期限有异议。',
  injury: '申请人在工作中受伤，双方就医疗费、误工费等赔偿发生争议。',
  neighbourhood: '两家企业厂区相邻，因排水、通道使用发生纠纷。',
  other: '双方因设备租赁押金退还发生争议。',
};
const TERMS: Record<(typeof DISPUTE_TYPES)[number], string> = {
  labour: '被申请人向申请人支付拖欠工资及加班费',
  contract: '被申请人向申请人支付剩余货款，申请人负责返修不合格产品',
  debt: '被申请人分两期向申请人归还欠款',
  injury: '被申请人一次性向申请人支付医疗费、误工费等各项赔偿',
  neighbourhood: '双方共同出资疏通排水沟，通道按约定时段共用',
  other: '出租方向承租方退还设备押金',
};

export async function seedChamber(db: Db, opts: { password: string; now: number }): Promise<{ users: { username: string; role: string }[] }> {
  for (const r of await db.select({ id: regions.id }).from(regions)) await seedWorkflows(db, r.id, opts.now);
  const [region] = await db.select().from(regions).where(eq(regions.code, 'luotuo'));
  if (!region) return { users: [] };
  const [chamber] = await db.select().from(orgs).where(and(eq(orgs.regionId, region.id), eq(orgs.name, '镇海骆驼商会党委')));
  if (!chamber) return { users: [] };
  const [exists] = await db.select({ id: mediationCases.id }).from(mediationCases).where(eq(mediationCases.regionId, region.id)).limit(1);
  if (exists) return { users: [] };
  const enterprises = await db.select({ name: units.name }).from(units)
    .where(and(eq(units.regionId, region.id), eq(units.kind, 'enterprise'), like(units.name, '宁波骆驼%'))).orderBy(units.name);
  const R = seededRandom(20_240_074);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(R() * xs.length)];
  const int = (a: number, b: number) => a + Math.floor(R() * (b - a + 1));
  const person = () => pick(SURNAMES) + pick(GIVEN);
  const phone = () => `138${String(int(0, 99_999_999)).padStart(8, '0')}`;
  const now = opts.now;
  const today = todayShanghai(now);
  const year = Number(today.slice(0, 4));
  const hash = await hashPassword(opts.password);

  return db.transaction(async (tx) => {
    // the demo mediator (signs in) and two mediators of earlier years (no sign-in)
    const demo = { id: uuidv7(), name: '调解员（演示）' };
    await tx.insert(users).values({ id: demo.id, username: 'tiaojie', displayName: demo.name, passwordHash: hash });
    await tx.insert(grants).values({ regionId: region.id, id: uuidv7(), userId: demo.id, role: 'mediator', scopeKind: 'org', scopeId: chamber.id });
    const former = [{ id: uuidv7(), name: '周海波' }, { id: uuidv7(), name: '陈秀英' }];
    for (const [i, f] of former.entries()) {
      await tx.insert(users).values({ id: f.id, username: `mediator_former_${i + 1}`, displayName: f.name, passwordHash: '!', disabled: true });
    }
    const committee: Who = { id: null, name: '商会人民调解委员会' };

    // 74 amounts in whole yuan adding up to ¥2.364M
    const weights = Array.from({ length: DEMO_MEDIATION.cases }, () => 0.2 + R() * 1.8);
    const sum = weights.reduce((a, b) => a + b, 0);
    const yuan = weights.map((w) => Math.floor((w / sum) * (DEMO_MEDIATION.amountFen / 100)));
    yuan[0] += DEMO_MEDIATION.amountFen / 100 - yuan.reduce((a, b) => a + b, 0);

    const perYear = [25, 25, 24];
    let k = 0;
    let unsatisfied = 0;
    for (let y = 0; y < 3; y++) {
      const Y = year - 2 + y;
      const last = y === 2 ? addDays(today, -45) : `${Y}-12-15`;
      for (let i = 0; i < perYear[y]; i++, k++) {
        const isOpen = y === 2 && i === perYear[y] - 1;
        const isFailed = y === 1 && i === 7;
        const acceptedDay = isOpen ? addDays(today, -10) : addDays(`${Y}-01-08`, Math.floor((i / perYear[y]) * Math.max(1, dayDiff(`${Y}-01-08`, last))));
        const accepted = at(acceptedDay, 9);
        const type = DISPUTE_TYPES[i % 3 === 0 ? 0 : int(0, DISPUTE_TYPES.length - 1)];
        const source = MEDIATION_SOURCES[int(0, MEDIATION_SOURCES.length - 1)];
        const ent = pick(enterprises).name;
        const parties = type === 'neighbourhood' || type === 'contract' || type === 'debt'
          ? [{ kind: 'enterprise', role: 'applicant', name: pick(enterprises).name }, { kind: 'enterprise', role: 'respondent', name: ent }]
          : [{ kind: 'person', role: 'applicant', name: person() }, { kind: 'enterprise', role: 'respondent', name: ent }];
        const c0 = await openCase(tx, MEDIATION_FLOW, committee, {
          regionId: region.id, orgId: chamber.id, title: type, year: Y, at: accepted, clockFrom: accepted, data: { source, disputeType: type, amountFen: yuan[k] * 100 },
        });
        await tx.insert(mediationCases).values({
          regionId: region.id, id: c0.id, orgId: chamber.id, year: Y, source, disputeType: type, amountFen: yuan[k] * 100, facts: FACTS[type], partyCount: 2,
        });
        const partyRows = parties.map((x, j) => ({
          regionId: region.id, id: uuidv7(), caseId: c0.id, kind: x.kind, role: x.role, name: x.name, phone: phone(), idNumber: null,
          address: x.kind === 'enterprise' ? '宁波市镇海区骆驼工业园区' : '宁波市镇海区骆驼街道', sort: j,
        }));
        await tx.insert(mediationParties).values(partyRows);
        const m = isOpen || y === 2 ? demo : former[i % 2];
        const assignedAt = at(acceptedDay, 15);
        await assignCase(tx, c0, committee, { role: 'mediator', userId: m.id, name: m.name, at: assignedAt }, { replace: false });
        let c: CaseRow = await moveCase(tx, MEDIATION_FLOW, committee, c0, { to: 'mediating', at: assignedAt });
        const mw: Who = { id: m.id, name: m.name };
        const sessions = isOpen ? 1 : int(1, 3);
        let day = acceptedDay;
        for (let s = 0; s < sessions; s++) {
          day = addDays(day, int(1, isOpen ? 3 : 7));
          const heldAt = at(day, 14);
          const sid = uuidv7();
          await tx.insert(mediationSessions).values({ regionId: region.id, id: sid, caseId: c.id, heldAt, place: '商会人民调解室', record: `第${s + 1}次调解：调解员分别听取双方陈述，释明相关法律规定，双方${s + 1 < sessions ? '各自表达诉求，约定再次协商' : '同意在调解员主持下协商解决'}。`, recordedBy: m.name, createdAt: heldAt });
          await addEvent(tx, c, mw, { kind: 'session', at: heldAt, note: '商会人民调解室', data: { sessionId: sid } });
        }
        if (isOpen) continue;
        day = addDays(day, int(1, 5));
        if (isFailed) {
          await tx.update(mediationCases).set({ outcome: 'failed', failureReason: '双方对赔偿数额分歧较大，经多次调解未能达成一致', transferTo: 'court' })
            .where(and(eq(mediationCases.regionId, region.id), eq(mediationCases.id, c.id)));
          c = await moveCase(tx, MEDIATION_FLOW, mw, c, { to: 'failed', at: at(day, 16), note: '双方对赔偿数额分歧较大，告知当事人可向人民法院起诉', data: { transferTo: 'court' } });
        } else {
          const due = addDays(day, int(7, 30));
          await tx.insert(mediationAgreements).values({
            regionId: region.id, caseId: c.id, signedOn: day, responsibility: '经调解员释法明理，双方认可各自应承担的责任。',
            terms: [{ text: TERMS[type], dueOn: due, amountFen: yuan[k] * 100, performedOn: due <= today ? addDays(due, -int(0, 5)) : null }],
            performance: `于 ${due} 前以银行转账方式一次性履行完毕`, createdAt: at(day, 16),
          });
          await tx.update(mediationCases).set({ outcome: 'agreement' }).where(and(eq(mediationCases.regionId, region.id), eq(mediationCases.id, c.id)));
          c = await moveCase(tx, MEDIATION_FLOW, mw, c, { to: 'agreed', at: at(day, 16), note: day });
        }
        const visited = addDays(day, int(10, 30)) < today ? addDays(day, int(10, 30)) : addDays(today, -1);
        const vAt = at(visited, 10);
        await tx.insert(mediationFollowUps).values({ regionId: region.id, caseId: c.id, visitedOn: visited, note: isFailed ? '回访双方当事人，已告知可向人民法院起诉，双方情绪稳定。' : '电话回访双方当事人，协议履行情况良好。', createdAt: vAt });
        await addEvent(tx, c, mw, { kind: 'follow_up', at: vAt, note: '电话回访双方当事人' });
        for (const [j, pr] of partyRows.entries()) {
          // three parties in the three years were not satisfied: the failed case's applicant, and two others
          const not = (isFailed && j === 0) || ((k === 30 || k === 61) && j === 1);
          if (not) unsatisfied++;
          await rateCase(tx, MEDIATION_FLOW, c, mw, { subject: pr.id, value: not ? 1 : (R() < 0.8 ? 3 : 2), at: vAt });
        }
        await moveCase(tx, MEDIATION_FLOW, mw, c, { to: 'closed', at: at(addDays(visited, 1), 10) });
      }
    }
    if (unsatisfied !== DEMO_MEDIATION.notSatisfied) throw new Error(`chamber seed: ${unsatisfied} unsatisfied parties, expected ${DEMO_MEDIATION.notSatisfied}`);
    await audit(tx, { principal: null, requestId: 'seed' }, { regionId: region.id, action: 'mediation.create', entityType: 'region', entityId: region.id, after: { demo: DEMO_MEDIATION } });
    const more = await seedServices(tx, { regionId: region.id, chamberId: chamber.id, now, hash: () => hashPassword(opts.password) });
    await seedDuty(tx, { regionId: region.id, chamber, now });
    await seedGrowth(tx, { regionId: region.id, chamber, now });
    return { users: [{ username: 'tiaojie', role: 'mediator, 镇海骆驼商会党委人民调解委员会' }, ...more] };
  });
}

function dayDiff(a: string, b: string) { return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000); }
/** A Beijing time on a day. */
function at(day: string, hour: number) { return new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`); }
