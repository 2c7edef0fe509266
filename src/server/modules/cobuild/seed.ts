import { and, eq, inArray } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { SeedLogin } from '../../platform/capability.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seededRandom } from '../../platform/random.ts';
import { countAll } from '../../platform/pagination.ts';
import { grants, users } from '../../platform/schema.ts';
import { allianceOrgs, alliances, orgs, regions, units } from '../directory/schema.ts';
import { needClaims, needDispatches, needResults, needs } from './schema.ts';
import { seedMeetings } from './seed-meetings.ts';

/**
 * 白峰's needs list (the article; every person fictional): the town's villages, a year of local hiring by the park's
 * firms through the joint meeting (50+ placements, each need dispatched to every village and community, claimed,
 * placed, confirmed and rated), the canteen of 光明码头 whose two vacancies were filled within two days, and needs
 * still in the workflow. Sign-ins: the canteen's liaison `guangming` and 上阳村's secretary `shangyang`.
 */
const VILLAGES = ['上阳村', '白峰村', '小门村', '勤山村'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶'.split('');
const GIVEN = '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 海燕 建华 国强 红梅 志明 丽华 春花 永强'.split(' ');
const JOBS: [string, string][] = [
  ['宁波港光明码头有限公司', '装卸工'], ['宁波港中宅码头有限公司', '叉车司机'], ['中海浙江宁波液化天然气有限公司', '保洁员'],
  ['光大环保能源（宁波）有限公司', '运行巡检员'], ['宁波峙北再生资源有限公司', '分拣工'], ['北仑临港固废处置有限公司', '门卫'],
  ['宁波绿源再生金属有限公司', '仓管员'], ['北仑静脉产业园物流有限公司', '货车司机'], ['宁波蓝天餐厨垃圾处理有限公司', '收运工'],
];
/** slots of the year's hiring needs, oldest first: 54 in all */
const QUANTITIES = [3, 2, 4, 2, 3, 5, 2, 3, 2, 4, 3, 2, 3, 2, 4, 3, 2, 5];

type NeedInsert = typeof needs.$inferInsert;

export async function seedCobuild(db: Db, opts: { password: string; now: number }): Promise<{ users: SeedLogin[] }> {
  const [region] = await db.select().from(regions).where(eq(regions.code, 'baifeng')).limit(1);
  if (!region) return { users: [] };
  const regionId = region.id;
  const [{ n }] = await db.select({ n: countAll }).from(needs).where(eq(needs.regionId, regionId));
  if (Number(n) > 0) return { users: [] };
  const [joint] = await db.select().from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.kind, 'joint_meeting'))).limit(1);
  const [root] = await db.select().from(orgs).where(and(eq(orgs.regionId, regionId), eq(orgs.depth, 0))).limit(1);
  if (!joint || !root) return { users: [] };
  const r = seededRandom(20250901);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const person = () => pick(SURNAMES) + pick(GIVEN);
  const day = 86_400_000;
  const at = (msAgo: number) => new Date(opts.now - msAgo);
  const out: SeedLogin[] = [];

  await db.transaction(async (tx) => {
    // the town's villages (with their party committees), beside 峰南社区
    for (const name of VILLAGES) {
      const id = uuidv7();
      await tx.insert(orgs).values({ regionId, id, parentId: root.id, kind: 'committee', name: `${name}党委`, path: `${root.path}${id}/`, depth: 1, secretaryName: person() });
      await tx.insert(units).values({ regionId, id: uuidv7(), kind: 'village', name, orgId: id, address: `宁波市北仑区白峰镇${name}`, liaisonName: person() });
    }
    const villages = await tx.select({ id: units.id, orgId: units.orgId, name: units.name }).from(units)
      .where(and(eq(units.regionId, regionId), inArray(units.kind, ['village', 'community'])));
    const firms = await tx.select({ id: units.id, orgId: units.orgId, name: units.name }).from(units)
      .where(and(eq(units.regionId, regionId), inArray(units.name, JOBS.map((j) => j[0]))));
    const firm = (name: string) => firms.find((f) => f.name === name)!;

    const needRows: NeedInsert[] = [];
    const dispatchRows: (typeof needDispatches.$inferInsert)[] = [];
    const claimRows: (typeof needClaims.$inferInsert)[] = [];
    const resultRows: (typeof needResults.$inferInsert)[] = [];

    /** A hiring need raised `ago` days back, dispatched to every village, filled by one or two of them, settled after `days`. */
    const settled = (unit: { id: string; orgId: string | null; name: string }, title: string, quantity: number, ago: number, days: number, rating: number, comment: string | null) => {
      const id = uuidv7();
      const created = at(ago * day);
      const t = (h: number) => new Date(created.getTime() + h * 3_600_000);
      needRows.push({
        regionId, id, allianceId: joint.id, category: 'jobs', title, description: `${unit.name}招聘${quantity}名${title.replace(/^.*招聘/, '')}，优先本地村民`,
        quantity, claimed: quantity, slotSeq: quantity, filled: quantity, wantedBy: addDays(todayShanghai(created.getTime()), 14), visibility: 'alliance', tags: ['本地就业'],
        status: 'rated', unitId: unit.id, orgId: unit.orgId, raisedAs: 'liaison', raisedByName: `${unit.name.slice(0, 6)}联络员`,
        reviewedAt: t(1), publishedAt: t(2), confirmedAt: t(days * 24), rating, ratingComment: comment, ratedAt: t(days * 24 + 2), createdAt: created, updatedAt: t(days * 24 + 2),
      });
      const takers = quantity > 2 ? [villages[Math.floor(r() * villages.length)], villages[Math.floor(r() * villages.length)]] : [villages[Math.floor(r() * villages.length)]];
      const uniqTakers = [...new Map(takers.map((v) => [v.id, v])).values()];
      let slot = 0;
      villages.forEach((v) => {
        const dId = uuidv7();
        const k = uniqTakers.findIndex((x) => x.id === v.id);
        const first = uniqTakers.length === 1 ? quantity : Math.ceil(quantity / 2);
        const share = k < 0 ? 0 : k === 0 ? first : quantity - first;
        dispatchRows.push({
          regionId, id: dId, needId: id, recipient: `unit:${v.id}`, orgId: v.orgId, unitId: v.id, source: 'office',
          status: share ? 'claimed' : 'seen', claimedSlots: share, seenAt: t(4), claimedAt: share ? t(5 + k * 10) : null, createdAt: t(3),
        });
        if (!share) return;
        const cId = uuidv7();
        claimRows.push({ regionId, id: cId, needId: id, dispatchId: dId, slots: share, slotFrom: slot + 1, slotTo: slot + share, claimedByName: `${v.name}书记`, createdAt: t(5 + k * 10) });
        for (let s = slot + 1; s <= slot + share; s++) {
          resultRows.push({
            regionId, id: uuidv7(), needId: id, claimId: cId, slotNo: s, personName: person(), startOn: todayShanghai(t(days * 24 - 6).getTime()),
            employer: unit.name, note: `${v.name}村民`, recordedByName: `${v.name}书记`, createdAt: t(days * 24 - 4),
          });
        }
        slot += share;
      });
    };

    // a year of local hiring
    QUANTITIES.forEach((q, i) => {
      const [name, job] = JOBS[i % JOBS.length];
      const ago = 360 - i * 19;
      settled(firm(name), `${job}招聘`, q, ago, 3 + (i % 9), i % 5 === 3 ? 4 : 5, i % 4 === 0 ? '村里推荐的人踏实肯干' : null);
    });
    // the canteen's two vacancies, filled within two days
    const gm = firm('宁波港光明码头有限公司');
    settled(gm, '光明码头食堂招聘帮厨', 2, 10, 2, 5, '两天就招满了，都是附近村里的');
    const canteen = needRows[needRows.length - 1];
    canteen.description = '光明码头食堂缺帮厨两名，要求本地村民、能倒班';
    canteen.raisedByName = '光明码头联络员（演示）';

    // still in the workflow
    const open = (over: Partial<NeedInsert>): NeedInsert => ({
      regionId, id: uuidv7(), allianceId: joint.id, description: '', quantity: 1, visibility: 'alliance', tags: [], raisedAs: 'liaison',
      createdAt: at(3 * day), updatedAt: at(3 * day), category: 'other', title: '', status: 'submitted', ...over,
    });
    const zz = firm('宁波港中宅码头有限公司');
    const [jb] = await tx.select({ orgId: allianceOrgs.orgId }).from(allianceOrgs).where(and(eq(allianceOrgs.regionId, regionId), eq(allianceOrgs.allianceId, joint.id))).limit(1);
    const jointBranchId = jb?.orgId ?? root.id;
    const lng = firm('中海浙江宁波液化天然气有限公司');
    needRows.push(
      open({ category: 'jobs', title: '中宅码头招聘叉车司机', description: '需持证叉车司机 2 名', quantity: 2, unitId: zz.id, orgId: zz.orgId, raisedByName: '中宅码头联络员', createdAt: at(day), updatedAt: at(day) }),
      open({ category: 'transport', title: '园区公交线路延伸至上阳村', description: '员工上下班需公交衔接，建议 786 路延伸', unitId: lng.id, orgId: lng.orgId, status: 'published', reviewedAt: at(2 * day), publishedAt: at(2 * day), raisedByName: 'LNG 联络员' }),
      open({ category: 'other', title: '峙北路口增设路标', description: '园区入口缺少指引路标，外来车辆常走错', orgId: jointBranchId, raisedAs: 'office', status: 'accepted', reviewedAt: at(3 * day), raisedByName: '联席会议办公室' }),
      open({ category: 'volunteers', title: '养老院周末志愿者', description: '每周六上午 10 名志愿者陪护老人', quantity: 10, unitId: gm.id, orgId: gm.orgId, status: 'published', visibility: 'region', reviewedAt: at(5 * day), publishedAt: at(5 * day), raisedByName: '光明码头联络员（演示）' }),
      open({ category: 'funds', title: '企业团建经费', description: '与联席会议事项无关', unitId: zz.id, orgId: zz.orgId, status: 'rejected', rejectReason: '不属于联席会议议定的区域性事项', reviewedAt: at(2 * day), raisedByName: '中宅码头联络员' }),
    );
    for (let i = 0; i < needRows.length; i += 200) await tx.insert(needs).values(needRows.slice(i, i + 200));
    for (let i = 0; i < dispatchRows.length; i += 500) await tx.insert(needDispatches).values(dispatchRows.slice(i, i + 500));
    for (let i = 0; i < claimRows.length; i += 500) await tx.insert(needClaims).values(claimRows.slice(i, i + 500));
    for (let i = 0; i < resultRows.length; i += 500) await tx.insert(needResults).values(resultRows.slice(i, i + 500));
    // the published transport need is dispatched to the villages and not yet answered: 上阳村's inbox has it
    const bus = needRows.find((x) => x.title === '园区公交线路延伸至上阳村')!;
    await tx.insert(needDispatches).values(villages.map((v) => ({
      regionId, id: uuidv7(), needId: bus.id!, recipient: `unit:${v.id}`, orgId: v.orgId, unitId: v.id, source: 'office', status: 'sent', createdAt: at(2 * day),
    })));

    // sign-ins: the canteen's liaison and a village secretary who receives dispatches
    const shangyang = villages.find((v) => v.name === '上阳村')!;
    const logins = [
      { username: 'guangming', displayName: '光明码头联络员（演示）', role: 'unit_liaison' as const, scopeKind: 'unit' as const, scopeId: gm.id, label: 'unit liaison, 宁波港光明码头有限公司 (canteen)' },
      { username: 'shangyang', displayName: '上阳村党委书记（演示）', role: 'org_admin' as const, scopeKind: 'org' as const, scopeId: shangyang.orgId!, label: 'org admin, 上阳村党委 (receives dispatches)' },
    ];
    const hashes = await Promise.all(logins.map(() => hashPassword(opts.password)));
    for (const [i, u] of logins.entries()) {
      const uid = uuidv7();
      await tx.insert(users).values({ id: uid, username: u.username, displayName: u.displayName, passwordHash: hashes[i] });
      await tx.insert(grants).values({ regionId, id: uuidv7(), userId: uid, role: u.role, scopeKind: u.scopeKind, scopeId: u.scopeId });
      out.push({ username: u.username, role: u.label });
    }
    const jm = await seedMeetings(tx, regionId, joint.id, bus.id ?? null, opts.now);
    await audit(tx, { principal: null, requestId: 'seed' }, {
      regionId, action: 'seed.demo', entityType: 'region', entityId: regionId,
      after: { capability: 'cobuild', needs: needRows.length, placements: resultRows.length, villages: VILLAGES, meetings: jm.meetings, actions: jm.actions },
    });
  });
  return { users: out };
}
