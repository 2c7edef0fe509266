import { and, desc, eq, gte, inArray, like, sql } from 'drizzle-orm';
import { TALENT_TAGS } from '../../../shared/chamber-growth.ts';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { Tx } from '../../db/client.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seededRandom } from '../../platform/random.ts';
import { orgInSubtree } from '../../platform/scope.ts';
import { activities } from '../activities/schema.ts';
import { members, units } from '../directory/schema.ts';
import { defaultSince } from './growth.ts';
import { investmentRecords, mentoringPairs, schoolPartners, talentPlacements } from './growth-schema.ts';

/** The article's figures for the demo: 25 pairs (17 took over), 300+ students and 200+ technicians a year, 76 / 19 / 12, 10余 owners and 62 technicians. */
export const DEMO_GROWTH = {
  pairs: 25, tookOver: 17, introduced: 76, jointVentures: 19, branches: 12, owners: 11, technicians: 62,
  /** per year, the three years up to this one */
  students: [312, 318, 326], technicianPlacements: [208, 215, 221],
} as const;

const SCHOOLS = ['宁波职业技术学院', '镇海区职业教育中心学校', '浙江工商职业技术学院', '宁波大学', '浙江纺织服装职业技术学院', '宁波技师学院'];
const CONTACTS = ['陈老师', '王主任', '李老师', '赵处长', '孙老师', '周主任'];
/** mentees who joined the party since: linked to their member record (among the owners tagged below) */
export const DEMO_MENTEES_JOINED = 3;
const MENTEES = '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高 郑 梁 谢 宋 唐'.split(' ');
const PROJECTS = ['智能装备产业园项目', '新能源汽车零部件项目', '高端轴承生产线', '数字化车间改造', '新材料研发中心', '精密模具项目', '环保涂装线', '工业互联网平台'];
const PLACES = ['宁波市北仑区', '杭州市', '上海市', '安徽省芜湖市', '江苏省苏州市', '越南胡志明市', '泰国罗勇府', '四川省成都市'];

export async function seedGrowth(tx: Tx, o: { regionId: string; chamber: { id: string; path: string }; now: number }) {
  const { regionId, chamber, now } = o;
  const R = seededRandom(20_260_025);
  const int = (a: number, b: number) => a + Math.floor(R() * (b - a + 1));
  const today = todayShanghai(now);
  const year = Number(today.slice(0, 4));
  const created = new Date(now);
  const ents = await tx.select({ id: units.id }).from(units)
    .where(and(eq(units.regionId, regionId), eq(units.kind, 'enterprise'), like(units.name, '宁波骆驼%'))).orderBy(units.name);
  if (ents.length < 30) return;
  const inChamber = orgInSubtree(members.orgId, regionId, chamber.path);

  // the salons and meetings of the pairs: 16 activities of the committee over six years
  const salons = Array.from({ length: 16 }, (_, i) => {
    const day = addDays(today, -Math.round(((16 - i) / 16) * 6 * 365) + int(0, 10));
    const at = new Date(`${day}T14:30:00+08:00`);
    return {
      regionId, id: uuidv7(), kind: i % 2 ? 'social' : 'other', orgId: chamber.id, title: i % 2 ? `“青蓝接力”企二代成长沙龙（第${(i + 1) / 2}期）` : `交叉结对导师座谈会（第${i / 2 + 1}次）`,
      place: '骆驼商会党群服务中心', startsAt: at, endsAt: new Date(at.getTime() + 2 * 3600_000), heldOn: day, checkinOpensAt: at, checkinClosesAt: at,
      checkinCode: uuidv7().slice(-8), status: 'held',
    };
  });
  await tx.insert(activities).values(salons);

  // 25 pairs: mentors among the committee's full members, mentees' enterprises distinct; 17 took over
  const mentors = await tx.select({ id: members.id }).from(members)
    .where(and(eq(members.regionId, regionId), inChamber, eq(members.stage, 'full'))).orderBy(members.joinedOn).limit(DEMO_GROWTH.pairs);
  await tx.insert(mentoringPairs).values(mentors.map((m, i) => {
    const startedOn = addDays(today, -int(400, 6 * 365));
    const took = i < DEMO_GROWTH.tookOver;
    const tookOverOn = took ? addDays(startedOn, int(200, Math.max(201, Math.round((Date.parse(today) - Date.parse(startedOn)) / 86_400_000) - 30))) : null;
    const linked = salons.filter((s) => s.heldOn >= startedOn).slice(0, int(2, 4)).map((s) => s.id);
    return {
      regionId, id: uuidv7(), orgId: chamber.id, mentorMemberId: m.id, menteeName: `${MENTEES[i]}${'晓明 俊杰 思远 一帆 子豪 嘉怡 浩然 梓涵 宇轩 欣怡'.split(' ')[i % 10]}`,
      menteeUnitId: ents[(i * 7) % ents.length].id, startedOn, outcome: took ? 'took_over' : 'ongoing', tookOverOn: tookOverOn && tookOverOn > today ? today : tookOverOn,
      activityIds: linked, note: took ? '已接任企业总经理' : null, createdAt: created,
    };
  }));

  // the partner schools: agreements from five years back, open-ended or to the end of next year (one ended last year, placements before)
  const schools = SCHOOLS.map((name, i) => ({
    regionId, id: uuidv7(), orgId: chamber.id, name, contactName: CONTACTS[i], contactPhone: `0574-8${String(6_000_000 + i * 1_111).padStart(7, '0')}`,
    agreementFrom: `${year - 4}-0${(i % 6) + 1}-01`, agreementTo: i % 3 === 0 ? null : `${year + 1}-12-31`,
    note: i === 3 ? '校企合作实习基地' : null, createdAt: created,
  }));
  await tx.insert(schoolPartners).values(schools);

  // placements, the three years up to this one: students and technicians per school and enterprise adding up to the figures
  const rows: (typeof talentPlacements.$inferInsert)[] = [];
  for (let k = 0; k < 3; k++) {
    const y = year - 2 + k;
    for (const [kind, total] of [['student', DEMO_GROWTH.students[k]], ['technician', DEMO_GROWTH.technicianPlacements[k]]] as const) {
      let left: number = total;
      let n = 0;
      while (left > 0) {
        const people = Math.min(left, int(4, 16));
        rows.push({ regionId, id: uuidv7(), orgId: chamber.id, unitId: ents[int(0, ents.length - 1)].id, schoolId: schools[(n + k) % schools.length].id, year: y, kind, people, note: null, createdAt: created });
        left -= people;
        n++;
      }
    }
  }
  await tx.insert(talentPlacements).values(rows);

  // 引进来 76, 走出去: 19 joint ventures, 12 branches, over the last five years
  const inv = ([['introduced', DEMO_GROWTH.introduced], ['joint_venture', DEMO_GROWTH.jointVentures], ['branch', DEMO_GROWTH.branches]] as const).flatMap(([kind, n]) =>
    Array.from({ length: n }, (_, i) => ({
      regionId, id: uuidv7(), orgId: chamber.id, unitId: ents[int(0, ents.length - 1)].id, kind,
      title: kind === 'introduced' ? PROJECTS[i % PROJECTS.length] : kind === 'joint_venture' ? `与${PLACES[i % PLACES.length].slice(0, 3)}企业合资${['生产基地', '研发公司', '销售公司'][i % 3]}` : `${PLACES[i % PLACES.length]}分公司`,
      on: addDays(today, -int(10, 5 * 365)), place: kind === 'introduced' ? '镇海区骆驼街道' : PLACES[i % PLACES.length],
      amountFen: int(50, 5000) * 1_000_000, note: null, createdAt: created,
    })));
  await tx.insert(investmentRecords).values(inv);

  // developed in recent years: 11 owners and 62 technicians tagged on their member records
  // (the article: 近年来，先后吸引10余名企业出资人、62名企业技术骨干入党): the directory's members tagged 'entrepreneur' and
  // 'technician' first (it makes them join in recent years), then the most recent others
  const recent = await tx.select({ id: members.id, tags: members.tags }).from(members)
    .where(and(eq(members.regionId, regionId), inChamber, inArray(members.stage, ['probationary', 'full']), gte(members.joinedOn, defaultSince(now))))
    .orderBy(desc(members.joinedOn), members.id);
  const first = (tag: string, n: number, taken: Set<string>) => [...recent.filter((m) => m.tags.includes(tag)), ...recent.filter((m) => !m.tags.includes(tag))]
    .filter((m) => !taken.has(m.id)).slice(0, n).map((m) => m.id);
  const owners = first('entrepreneur', DEMO_GROWTH.owners, new Set());
  const techs = first('technician', DEMO_GROWTH.technicians, new Set(owners));
  if (owners.length) await tx.update(members).set({ tags: sql`array_append(${members.tags}, ${TALENT_TAGS.owner})` }).where(and(eq(members.regionId, regionId), inArray(members.id, owners)));
  // the first pairs' mentees who joined the party (among the owners): the pair links their member record, the name as on it
  const mentorIds = new Set(mentors.map((m) => m.id));
  const joined = owners.filter((id) => !mentorIds.has(id)).slice(0, DEMO_MENTEES_JOINED);
  const pairs = await tx.select({ id: mentoringPairs.id }).from(mentoringPairs).where(eq(mentoringPairs.regionId, regionId)).orderBy(mentoringPairs.id).limit(joined.length);
  for (const [k, memberId] of joined.entries()) {
    const [m] = await tx.select({ name: members.name }).from(members).where(and(eq(members.regionId, regionId), eq(members.id, memberId)));
    await tx.update(mentoringPairs).set({ menteeMemberId: memberId, menteeName: m.name }).where(and(eq(mentoringPairs.regionId, regionId), eq(mentoringPairs.id, pairs[k].id)));
  }
  if (techs.length) await tx.update(members).set({ tags: sql`array_append(${members.tags}, ${TALENT_TAGS.technician})` }).where(and(eq(members.regionId, regionId), inArray(members.id, techs)));
}
