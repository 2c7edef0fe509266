import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { grants, users } from '../../platform/schema.ts';
import { allianceOrgs, alliances, members, orgs, regions } from '../directory/schema.ts';
import { computeContest } from './contests.ts';
import { newPublicToken } from '../../platform/public-links.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { seededRandom } from '../../platform/random.ts';
import { countAll } from '../../platform/pagination.ts';
import { pathUnder } from '../../platform/scope.ts';
import {
  contestCriteria, contestEntries, contestJudges, contests, contestScores, plaqueCampaigns, plaqueHouseholdMembers, plaqueHouseholds,
  pledges, projectMilestones, projectReports, projects,
} from './schema.ts';

/**
 * Demo data for the 五朵金花 cluster (孔浦街道): 34 three-level projects, pledges from every member of the
 * cluster (800+), 100 household plaques in 怡江 with the three display levels partly done, a closed contest with
 * published results and an open one the demo judge (`judge`) can score. Runs only when the region has no
 * projects yet; needs the directory's demo data (region 'kongpu', alliance '五朵金花', its communities and members).
 */
export interface ClusterSeedContext {
  /** the seeding clock (ms since the epoch): dates of the demo data are relative to it */
  now: number;
  /** password of the demo judge (hashed with its own salt); without it no judge sign-in is created */
  password?: string;
}
export interface ClusterSeedResult { created: boolean; reason?: string; users: { username: string; role: string }[]; counts?: Record<string, number> }


async function insertMany(db: DbOrTx, table: Parameters<DbOrTx['insert']>[0], rows: unknown[], size = 500) {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size) as never);
}

const SECRETARY_PROJECTS = ['老旧小区综合整治', '老小区加装电梯协调', '红色物业联建', '垃圾分类一路领跑', '邻里中心共建共享'];
const BRANCH_PROJECTS = [
  '楼道微治理', '党员先锋岗', '银龄互助', '四点半课堂', '平安巡防', '文明养犬劝导', '绿色家园', '雨污分流宣传',
  '阳台花开', '睦邻议事厅', '助老餐桌', '“风中百合”应急志愿服务', '停车秩序整治', '党章学习角', '小区微更新',
];
/** the article: 百合青年支部……开展了“风中百合”应急志愿服务 — that branch project is 百合青年支部's (百合社区, beside the five) */
const FENGZHONG_BAIHE = '“风中百合”应急志愿服务';
const MEMBER_PROJECTS = [
  '一名党员一块责任田', '党员带头垃圾分类', '结对帮扶空巢老人', '党员家门口承诺', '义务理发进楼道', '红色讲解员',
  '楼长制示范', '党员护河', '爱心修补屋', '党员教你用手机', '睡前故事会', '旧物循环站', '法律咨询小板凳', '健康义诊日',
];
const PLEDGE_TEXTS: Record<string, string[]> = {
  key_work: ['带头参与老旧小区改造意见征集', '协助社区做好人口普查入户', '参与文明城市创建志愿督导', '带头支持加装电梯协调工作', '参与平安建设巡防'],
  environment: ['认领楼前绿化带，每周养护一次', '每周参加一次楼道清洁', '带头做好垃圾分类并劝导邻居', '清理楼道堆积物，保持消防通道畅通', '参与河道保洁'],
  volunteer: ['结对一户空巢老人，每月上门两次', '参加社区助老餐桌志愿服务', '每月参加一次义务巡逻', '为社区四点半课堂辅导功课', '参加“风中百合”应急志愿服务'],
};
const REVIEW_COMMENTS = ['按时兑现，居民反映良好', '坚持全年，作用明显', '已完成，继续保持', '因身体原因未能完成'];

function quarterOf(day: string): { year: number; q: number } {
  return { year: Number(day.slice(0, 4)), q: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 };
}

export async function seedCluster(db: Db, ctx: ClusterSeedContext): Promise<ClusterSeedResult> {
  const now = ctx.now;
  const today = todayShanghai(now);
  const year = Number(today.slice(0, 4));
  const r = seededRandom(20161123);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));

  const [region] = await db.select().from(regions).where(or(eq(regions.code, 'kongpu'), eq(regions.name, '江北区孔浦街道'))).limit(1);
  if (!region) return { created: false, reason: 'no 孔浦 region', users: [] };
  const regionId = region.id;
  const [{ n: existing }] = await db.select({ n: countAll }).from(projects).where(eq(projects.regionId, regionId));
  if (Number(existing) > 0) return { created: false, reason: 'projects exist', users: [] };
  const [alliance] = await db.select().from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.name, '五朵金花'))).limit(1);
  if (!alliance) return { created: false, reason: 'no 五朵金花 alliance', users: [] };

  const communities = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path, sort: orgs.sort }).from(allianceOrgs)
    .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
    .where(and(eq(allianceOrgs.regionId, regionId), eq(allianceOrgs.allianceId, alliance.id))).orderBy(orgs.path);
  if (!communities.length) return { created: false, reason: 'the alliance has no organisations', users: [] };
  const subtree = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path, parentId: orgs.parentId }).from(orgs)
    .where(and(eq(orgs.regionId, regionId), sql`(${sql.join(communities.map((c) => pathUnder(orgs.path, c.path)), sql` or `)})`))
    .orderBy(orgs.path);
  const communityOf = (path: string) => communities.find((c) => path.startsWith(c.path))!;
  const branches = subtree.filter((o) => !communities.some((c) => c.id === o.id));
  const orgIds = subtree.map((o) => o.id);
  const roster = await db.select({ id: members.id, orgId: members.orgId, name: members.name, address: members.address, tags: members.tags })
    .from(members).where(and(eq(members.regionId, regionId), inArray(members.orgId, orgIds), sql`${members.stage} in ('full', 'probationary')`))
    .orderBy(members.id);
  const [baiheYouth] = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs)
    .where(and(eq(orgs.regionId, regionId), eq(orgs.name, '百合青年支部'))).limit(1);
  const baiheLead = baiheYouth ? (await db.select({ id: members.id, name: members.name }).from(members)
    .where(and(eq(members.regionId, regionId), eq(members.orgId, baiheYouth.id))).orderBy(members.id).limit(1))[0] : undefined;
  const orgById = new Map(subtree.map((o) => [o.id, o]));
  const short = (name: string) => name.replace(/社区党委$/, '');

  const actor = { principal: null, requestId: 'seed' };
  const counts: Record<string, number> = {};
  const out: ClusterSeedResult = { created: true, users: [], counts };

  await db.transaction(async (tx) => {
    /* ── 34 projects: 5 secretary (one per community), 15 branch, 14 member ── */
    const projectRows: (typeof projects.$inferInsert)[] = [];
    const milestoneRows: (typeof projectMilestones.$inferInsert)[] = [];
    const reportRows: (typeof projectReports.$inferInsert)[] = [];
    const mk = (title: string, level: string, orgId: string, category: string) => {
      const id = uuidv7();
      const startOn = `${year}-0${int(1, 3)}-${String(int(1, 28)).padStart(2, '0')}`;
      const endOn = `${year}-12-31`;
      const progress = pick([20, 35, 50, 60, 75, 90, 100]);
      const status = progress === 100 ? 'done' : 'in_progress';
      const lead = roster.find((m) => m.orgId === orgId) ?? (baiheYouth?.id === orgId ? baiheLead : undefined) ?? roster[int(0, roster.length - 1)];
      projectRows.push({
        // 百合青年支部 is beside the five communities: its project is the street's, not the cluster's
        regionId, id, title, level, orgId, allianceId: baiheYouth?.id === orgId ? null : alliance.id, category, startOn, endOn, status, progress,
        goals: `${title}：发挥党员先进性，解决居民身边的急难愁盼问题，年内见到实效。`,
        people: lead ? [lead.name, pick(roster).name] : [],
      });
      const ms = ['调研摸排', '集中推进', '总结评估'];
      ms.forEach((t, i) => {
        const dueOn = `${year}-${String(3 + i * 4).padStart(2, '0')}-28`;
        const done = dueOn < today && progress >= (i + 1) * 30;
        const mid = uuidv7();
        milestoneRows.push({ regionId, id: mid, projectId: id, title: t, dueOn, doneOn: done ? dueOn : null, sort: i });
        if (done) reportRows.push({ regionId, id: uuidv7(), projectId: id, milestoneId: mid, reportedOn: dueOn, text: `${t}阶段完成：${title}按计划推进，党员参与 ${int(8, 40)} 人次。`, progress: Math.min(100, (i + 1) * 30) });
      });
      return id;
    };
    const byLevel: Record<string, string[]> = { secretary: [], branch: [], member: [] };
    communities.forEach((c, i) => {
      const title = short(c.name) === '文竹' ? '党建助力区域整治' : `${short(c.name)}·${SECRETARY_PROJECTS[i % SECRETARY_PROJECTS.length]}`;
      byLevel.secretary.push(mk(title, 'secretary', c.id, '基层治理'));
    });
    const bs = branches.length ? branches : communities;
    BRANCH_PROJECTS.forEach((t, i) => {
      const b = bs[i % bs.length];
      const category = pick(['环境美化', '志愿服务', '平安建设', '为老服务']);
      if (t === FENGZHONG_BAIHE && baiheYouth) byLevel.branch.push(mk(t, 'branch', baiheYouth.id, '志愿服务'));
      else byLevel.branch.push(mk(`${short(communityOf(b.path).name)}·${t}`, 'branch', b.id, category));
    });
    MEMBER_PROJECTS.forEach((t, i) => {
      const b = bs[(i * 3 + 1) % bs.length];
      byLevel.member.push(mk(t, 'member', b.id, pick(['环境美化', '志愿服务', '重点工作'])));
    });
    await insertMany(tx, projects, projectRows);
    await insertMany(tx, projectMilestones, milestoneRows);
    await insertMany(tx, projectReports, reportRows);
    counts.projects = projectRows.length;

    /* ── pledges: every member of the cluster, one or two for this year ── */
    const pledgeRows: (typeof pledges.$inferInsert)[] = [];
    for (const m of roster) {
      const k = r() < 0.35 ? 2 : 1;
      const cats = ['key_work', 'environment', 'volunteer'].sort(() => r() - 0.5).slice(0, k);
      for (const category of cats) {
        const reviewed = r() < 0.45;
        const fulfilled = r() < 0.9;
        pledgeRows.push({
          regionId, id: uuidv7(), memberId: m.id, orgId: m.orgId, year, category, content: pick(PLEDGE_TEXTS[category]), isPublic: r() < 0.85,
          status: reviewed ? (fulfilled ? 'fulfilled' : 'not_fulfilled') : 'in_progress',
          reviewComment: reviewed ? (fulfilled ? pick(REVIEW_COMMENTS.slice(0, 3)) : REVIEW_COMMENTS[3]) : null,
          reviewedAt: reviewed ? new Date(now - int(1, 60) * 86_400_000) : null,
        });
      }
    }
    await insertMany(tx, pledges, pledgeRows);
    counts.pledges = pledgeRows.length;
    counts.membersPledged = roster.length;

    /* ── 100 plaques in 怡江 (怡江春色 and 怡江小区), one day; board and stair partly done ── */
    // the article: 一天之内，怡江春色和怡江小区内100个党员户标识全部张贴完毕 … 除怡江社区外，孔浦街道下辖绿梅、红梅、白杨、
    // 文竹四个社区的“党员亮牌活动”也如火如荼地进行着 — the other four communities' campaigns are under way, each on a day of
    // its own the week before (so that 100 is still the figure of 怡江's day across the cluster), most doors done
    const yijiang = communities.find((c) => c.name.startsWith('怡江')) ?? communities[0];
    const hhRows: (typeof plaqueHouseholds.$inferInsert)[] = [];
    const hmRows: (typeof plaqueHouseholdMembers.$inferInsert)[] = [];
    const campaignOf = async (c: (typeof communities)[number], daysAgo: number, target: number, name: string) => {
      const campaignId = uuidv7();
      const day = new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 10);
      await tx.insert(plaqueCampaigns).values({ regionId, id: campaignId, name, orgId: c.id, day, target });
      return { campaignId, day };
    };
    // a household is one member, sometimes with a spouse of the same building; rooms numbered per building
    const householdsOf = (c: (typeof communities)[number], target: number, spouse: (i: number) => boolean) => {
      const cMembers = roster.filter((m) => orgById.get(m.orgId)?.path.startsWith(c.path));
      const buildingOf = (address: string | null) => {
        const match = /^(.*?)\s*(\d+)\s*幢/.exec((address ?? '').trim());
        return match ? `${match[1].trim()} ${match[2]}幢` : `${short(c.name)}小区 1幢`;
      };
      const households: { building: string; room: string; memberIds: string[] }[] = [];
      const perBuilding = new Map<string, number>();
      for (let i = 0; i < cMembers.length && households.length < target; i++) {
        const building = buildingOf(cMembers[i].address);
        const memberIds = [cMembers[i].id];
        const next = cMembers[i + 1];
        if (next && buildingOf(next.address) === building && spouse(i)) { memberIds.push(next.id); i++; }
        const k = perBuilding.get(building) ?? 0;
        perBuilding.set(building, k + 1);
        households.push({ building, room: `${Math.floor(k / 2) + 1}0${(k % 2) + 1}室`, memberIds });
      }
      return households;
    };
    // 绿梅, 红梅, 白杨, 文竹: 60 households each planned, doors up in 40–48 of them on the campaign's day, the rest to come;
    // created before 怡江's, which stays the newest campaign (the first one the plaques page shows)
    const others = communities.filter((c) => c.id !== yijiang.id);
    for (const [ci, c] of others.entries()) {
      const cp = await campaignOf(c, 9 - ci, 60, `${short(c.name)}社区党员亮牌`);
      householdsOf(c, 60, (i) => i % 4 === 1).forEach((h, i) => {
        const id = uuidv7();
        const door = i < 40 + ci * 2 + (ci === 3 ? 2 : 0);
        hhRows.push({
          regionId, id, orgId: c.id, campaignId: cp.campaignId, building: h.building, room: h.room, token: newPublicToken(),
          doorState: door ? 'done' : 'pending', doorOn: door ? cp.day : null, boardState: 'pending', boardOn: null, stairState: 'pending', stairOn: null,
        });
        h.memberIds.forEach((memberId, sort) => hmRows.push({ regionId, householdId: id, memberId, sort }));
      });
    }
    const yj = await campaignOf(yijiang, 2, 100, '怡江社区党员亮牌·百户一日');
    householdsOf(yijiang, 100, () => r() < 0.3).forEach((h, i) => {
      const id = uuidv7();
      const board = i % 5 < 2;
      const stair = i % 5 === 0;
      hhRows.push({
        regionId, id, orgId: yijiang.id, campaignId: yj.campaignId, building: h.building, room: h.room, token: newPublicToken(),
        doorState: 'done', doorOn: yj.day, boardState: board ? 'done' : 'pending', boardOn: board ? today : null,
        stairState: stair ? 'done' : 'pending', stairOn: stair ? today : null,
      });
      h.memberIds.forEach((memberId, sort) => hmRows.push({ regionId, householdId: id, memberId, sort }));
    });
    await insertMany(tx, plaqueHouseholds, hhRows);
    await insertMany(tx, plaqueHouseholdMembers, hmRows);
    counts.plaques = hhRows.length;

    /* ── contests: last quarter closed and published, this quarter open for the demo judge ── */
    const { year: qy, q } = quarterOf(today);
    const prev = q === 1 ? `${qy - 1}Q4` : `${qy}Q${q - 1}`;
    const rubric = [
      { name: '项目成效', maxPoints: 40, weight: 40 }, { name: '群众满意', maxPoints: 30, weight: 30 },
      { name: '创新特色', maxPoints: 20, weight: 20 }, { name: '资料规范', maxPoints: 10, weight: 10 },
    ];
    const categoryWeights = { veteran: 40, resident: 30, department: 30 };
    const historic = async (n: number, tag: string) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const uid = uuidv7();
        await tx.insert(users).values({ id: uid, username: `judge_${tag}_${i + 1}`, displayName: `评委${i + 1}`, passwordHash: '!', disabled: true });
        ids.push(uid);
      }
      return ids;
    };
    // the contests are the cluster's: its projects only
    const allProjects = [...byLevel.secretary, ...byLevel.branch, ...byLevel.member].filter((id) => projectRows.find((p) => p.id === id)?.allianceId);
    const projOrg = new Map(projectRows.map((p) => [p.id!, p.orgId]));
    const pathOf = (orgId: string | null | undefined) => (orgId ? orgById.get(orgId)?.path ?? null : null);
    const makeContest = async (quarter: string, title: string, entryProjects: string[], judgeSpec: { userId: string; name: string; category: string; orgId: string | null }[], fill: number) => {
      const id = uuidv7();
      await tx.insert(contests).values({ regionId, id, allianceId: alliance.id, title, quarter, status: 'open', categoryWeights });
      const crit = rubric.map((c, i) => ({ regionId, id: uuidv7(), contestId: id, ...c, sort: i }));
      await tx.insert(contestCriteria).values(crit);
      const entries = entryProjects.map((projectId, i) => ({ regionId, id: uuidv7(), contestId: id, projectId, orgId: projOrg.get(projectId)!, sort: i }));
      await tx.insert(contestEntries).values(entries);
      const judges = judgeSpec.map((j) => ({ regionId, id: uuidv7(), contestId: id, ...j }));
      await tx.insert(contestJudges).values(judges);
      const scoreRows: (typeof contestScores.$inferInsert)[] = [];
      for (const j of judges) {
        if (r() > fill) continue;
        const bias = (r() - 0.5) * 0.1;
        for (const e of entries) {
          const jp = pathOf(j.orgId);
          const ep = pathOf(e.orgId);
          if (jp && ep && ep.startsWith(jp)) continue; // recused
          const quality = 0.62 + ((e.sort * 7919) % 30) / 100;
          for (const c of crit) {
            const v = Math.max(0, Math.min(1, quality + bias + (r() - 0.5) * 0.16));
            scoreRows.push({ regionId, contestId: id, judgeId: j.id, entryId: e.id, criterionId: c.id, points: Math.round(v * c.maxPoints * 2) / 2 });
          }
        }
      }
      await insertMany(tx, contestScores, scoreRows);
      return { id, scores: scoreRows.length };
    };
    // the article: 组建由老党员、居民代表、职能部门负责人共同组成的评委团 — every panel has all three (11: 5 / 4 / 2; the open
    // one's 6: 2 / 2 / 2, the demo judge a third veteran)
    const panel = (userIds: string[]) => userIds.map((userId, i) => {
      const n = userIds.length;
      const category = n >= 11 ? (i < 5 ? 'veteran' : i < 9 ? 'resident' : 'department') : i < n / 3 ? 'veteran' : i < (2 * n) / 3 ? 'resident' : 'department';
      const c = communities[i % communities.length];
      return { userId, name: `${['老党员', '居民代表', '部门负责人'][category === 'veteran' ? 0 : category === 'resident' ? 1 : 2]}${i + 1}`, category, orgId: category === 'department' ? null : c.id };
    });
    const closedJudges = await historic(11, prev.toLowerCase());
    const closed = await makeContest(prev, `${prev.replace('Q', '年第')}季度项目赛花会`, [...allProjects.filter((_, i) => i % 3 === 0), ...allProjects.filter((_, i) => i % 3 === 2)].slice(0, 12), panel(closedJudges), 1);
    const closedAt = new Date(now - 20 * 86_400_000);
    const [closedRow] = await tx.select().from(contests).where(and(eq(contests.regionId, regionId), eq(contests.id, closed.id)));
    const results = await computeContest(tx, closedRow);
    await tx.update(contests).set({ status: 'published', closedAt, publishedAt: new Date(closedAt.getTime() + 86_400_000), results })
      .where(and(eq(contests.regionId, regionId), eq(contests.id, closed.id)));

    // the demo judge: a veteran member of 怡江, so 怡江's entries show as recused
    let [judgeUser] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = 'judge'`);
    if (!judgeUser && ctx.password) {
      judgeUser = { id: uuidv7() };
      await tx.insert(users).values({ id: judgeUser.id, username: 'judge', displayName: '评委（演示）', passwordHash: await hashPassword(ctx.password) });
    }
    const cur = `${qy}Q${q}`;
    const openJudges = await historic(6, cur.toLowerCase());
    const openPanel = panel(openJudges);
    if (judgeUser) openPanel.unshift({ userId: judgeUser.id, name: '评委（演示）', category: 'veteran', orgId: yijiang.id });
    const open = await makeContest(cur, `${cur.replace('Q', '年第')}季度项目赛花会`, allProjects.filter((_, i) => i % 3 === 1).slice(0, 10), openPanel, 0.6);
    if (judgeUser) {
      // the demo judge starts with an empty sheet
      const [me] = await tx.select({ id: contestJudges.id }).from(contestJudges).where(and(eq(contestJudges.regionId, regionId), eq(contestJudges.contestId, open.id), eq(contestJudges.userId, judgeUser.id)));
      await tx.delete(contestScores).where(and(eq(contestScores.regionId, regionId), eq(contestScores.contestId, open.id), eq(contestScores.judgeId, me.id)));
      await tx.insert(grants).values({ regionId, id: uuidv7(), userId: judgeUser.id, role: 'judge', scopeKind: 'contest', scopeId: open.id }).onConflictDoNothing();
      out.users.push({ username: 'judge', role: `judge, ${cur} 项目赛花会 (五朵金花)` });
    }
    counts.contests = 2;
    await audit(tx, actor, { regionId, action: 'seed.cluster', entityType: 'alliance', entityId: alliance.id, after: counts });
  });
  return out;
}
