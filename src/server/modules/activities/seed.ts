import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { alliances, allianceOrgs, members, orgs, regions } from '../directory/schema.ts';
import { shanghaiDate } from './common.ts';
import { questionProblems } from './quiz-bank.ts';
import { TRUE_FALSE_OPTIONS } from './quiz-common.ts';
import {
  activities, activityAttendees, activityCheckins, activitySeries, courseware, coursewareProgress, lectureRequests, lecturers, lectureTeams,
  questions, quizAttempts, quizzes,
} from './schema.ts';
import { SEED_QUESTIONS } from './seed-questions.ts';

/**
 * Demo data for the article: 孔浦's party lessons (50余: 52 with the series), 三会一课 and the 「我和党章的故事」 series, the 青春微巡讲团,
 * the question bank and two competitions, courseware; 白峰's 37-volunteer service day. Deterministic.
 * Runs only when no activities exist; needs the directory's demo regions ('kongpu', 'baifeng').
 */
export interface ActivitiesSeedResult {
  created: boolean;
  activities: number;
  partyLessons: number;
  questions: number;
  attempts: number;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ActivityRow = typeof activities.$inferInsert;
type AttendeeRow = typeof activityAttendees.$inferInsert;
type CheckinRow = typeof activityCheckins.$inferInsert;

async function insertMany(db: DbOrTx, table: Parameters<DbOrTx['insert']>[0], rows: unknown[], size = 1000) {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size) as never);
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** An instant at `hh:mm` Asia/Shanghai on the date `days` from the given date. */
function at(dateYmd: string, hhmm: string) {
  return new Date(`${dateYmd}T${hhmm}:00+08:00`);
}

export async function seedActivities(db: Db, ctx: { now: number }): Promise<ActivitiesSeedResult> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(activities);
  const none = { created: false, activities: 0, partyLessons: 0, questions: 0, attempts: 0 };
  if (Number(n) > 0) return none;
  const regionRows = await db.select().from(regions).where(inArray(regions.code, ['kongpu', 'baifeng']));
  const kp = regionRows.find((r) => r.code === 'kongpu');
  const bf = regionRows.find((r) => r.code === 'baifeng');
  if (!kp || !bf) return none;

  const r = rng(20161125);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const now = ctx.now;
  const today = shanghaiDate(now);
  const dayOffset = (days: number) => shanghaiDate(Date.parse(`${today}T12:00:00+08:00`) + days * DAY);
  const acts: ActivityRow[] = [];
  const atts: AttendeeRow[] = [];
  const cis: CheckinRow[] = [];
  const counts = { partyLessons: 0 };

  /** An activity with its expected members; `present` of them checked in when it has started. */
  const addActivity = (a: Omit<ActivityRow, 'id' | 'heldOn' | 'checkinOpensAt' | 'checkinClosesAt' | 'checkinCode'>, expected: string[], present: number, extra: { hours?: number; rate?: boolean } = {}) => {
    const id = uuidv7();
    const startsAt = a.startsAt as Date;
    const endsAt = a.endsAt as Date;
    const row: ActivityRow = {
      ...a, id, heldOn: shanghaiDate(startsAt.getTime()), checkinOpensAt: new Date(startsAt.getTime() - 30 * 60_000),
      checkinClosesAt: new Date(endsAt.getTime() + 30 * 60_000), checkinCode: randomBytes(12).toString('base64url'),
      status: a.status ?? (endsAt.getTime() < now ? 'held' : 'planned'),
    };
    acts.push(row);
    if (a.kind === 'party_lesson') counts.partyLessons++;
    const came = startsAt.getTime() <= now ? Math.round(present * expected.length) : 0;
    expected.forEach((memberId, i) => {
      const attended = i < came;
      atts.push({ regionId: a.regionId, activityId: id, memberId, expected: true, serviceHours: attended && extra.hours ? extra.hours - (i % 4 === 3 ? 0.5 : 0) : null, absenceReason: !attended && startsAt.getTime() <= now && i % 3 === 0 ? pick(['外出务工', '身体原因', '值班', '出差']) : null,
        rating: attended && extra.rate && i % 2 === 0 ? (i % 6 === 0 ? 4 : 5) : null, comment: attended && extra.rate && i % 6 === 2 ? pick(['讲得生动，很受启发', '结合身边事，接地气', '希望多来我们支部']) : null });
      if (attended) cis.push({ regionId: a.regionId, activityId: id, memberId, at: new Date(startsAt.getTime() + ((i * 37) % 25) * 60_000 - 10 * 60_000), method: i % 4 === 0 ? 'admin' : 'qr' });
    });
    return id;
  };

  let result: ActivitiesSeedResult = none;
  await db.transaction(async (tx) => {
    // ── 孔浦: the 五朵金花 cluster ──────────────────────────────────────────
    const [cluster] = await tx.select().from(alliances).where(and(eq(alliances.regionId, kp.id), eq(alliances.name, '五朵金花')));
    const allOrgs = await tx.select().from(orgs).where(eq(orgs.regionId, kp.id));
    const root = allOrgs.find((o) => o.depth === 0)!;
    const clusterOrgIds = cluster ? (await tx.select({ orgId: allianceOrgs.orgId }).from(allianceOrgs)
      .where(and(eq(allianceOrgs.regionId, kp.id), eq(allianceOrgs.allianceId, cluster.id)))).map((x) => x.orgId) : [];
    const clusterPaths = allOrgs.filter((o) => clusterOrgIds.includes(o.id)).map((o) => o.path);
    const branches = allOrgs.filter((o) => o.kind === 'branch' && clusterPaths.some((p) => o.path.startsWith(p)));
    const kpMembers = await tx.select({ id: members.id, orgId: members.orgId, name: members.name, tags: members.tags, birthDate: members.birthDate })
      .from(members).where(and(eq(members.regionId, kp.id), eq(members.status, 'normal')));
    const membersOf = (orgId: string) => kpMembers.filter((m) => m.orgId === orgId).map((m) => m.id);

    // 三会一课 and theme days of each cluster branch over the past 12 months; a few branches fall behind
    const months = Array.from({ length: 12 }, (_, i) => {
      const d = new Date(Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`));
      d.setUTCMonth(d.getUTCMonth() - (11 - i));
      return d.toISOString().slice(0, 7);
    });
    const lessonTopics = ['学习党章 筑牢初心', '两学一做 做合格党员', '不忘初心 牢记使命', '党员亮牌 明身份担责任', '垃圾分类 党员先行', '老旧小区治理中的党员作为', '学党史 悟思想', '廉洁自律 从我做起'];
    branches.forEach((b, bi) => {
      const people = membersOf(b.id);
      if (!people.length) return;
      const laggard = bi % 7 === 3; // one in seven branches misses meetings lately
      months.forEach((month, mi) => {
        const isCurrent = month === today.slice(0, 7);
        const day = (k: number) => `${month}-${String(Math.min(28, 3 + ((bi * 3 + k * 5) % 24))).padStart(2, '0')}`;
        const happened = (d: string) => d <= today;
        if (laggard && mi >= 8) return;
        const meet = (kind: string, title: string, d: string, who: string[], present: number, hhmm = '19:00') => {
          if (isCurrent && !happened(d)) return;
          addActivity({ regionId: kp.id, kind, orgId: b.id, title, place: `${b.name.replace(/党支部$/, '')}活动室`, startsAt: at(d, hhmm), endsAt: new Date(at(d, hhmm).getTime() + 90 * 60_000), createdBy: null }, who, present);
        };
        meet('committee_meeting', `${month.slice(5)}月支部委员会`, day(0), people.slice(0, 5), 0.9);
        meet('group_meeting', `${month.slice(5)}月党小组会`, day(1), people.slice(0, Math.ceil(people.length / 3)), 0.8);
        meet('theme_day', `${month.slice(5)}月主题党日`, day(2), people, 0.78, '09:00');
        if (mi % 3 === 2) meet('general_meeting', `第${Math.floor(mi / 3) + 1}次支部党员大会`, day(3), people, 0.82);
      });
      // next week's theme day is on every member's page
      const next = dayOffset(5 + (bi % 3));
      addActivity({ regionId: kp.id, kind: 'theme_day', orgId: b.id, title: '主题党日：党员亮牌 楼道亮诺', topic: '三级亮相', place: `${b.name.replace(/党支部$/, '')}活动室`, startsAt: at(next, '09:00'), endsAt: at(next, '11:00') }, people, 0);
      // party lessons: 2–3 a year per branch, 42 in all over the past year; with the 10 of the series, 52 — the article:
      // 目前已组织开展各类主题党课50余次，“我和党章的故事”书记讲党课系列活动10次
      const lessonMonths = bi % 10 === 0 ? [2, 6, 9] : bi % 2 === 0 ? [3, 8] : [4, 10];
      for (const mi of lessonMonths) {
        const d = `${months[mi]}-${String(10 + (bi % 15)).padStart(2, '0')}`;
        if (d > today) continue;
        addActivity({ regionId: kp.id, kind: 'party_lesson', orgId: b.id, title: `党课：${pick(lessonTopics)}`, topic: pick(lessonTopics), speaker: b.secretaryName, place: `${b.name.replace(/党支部$/, '')}活动室`, startsAt: at(d, '14:30'), endsAt: at(d, '16:00') }, people, 0.85);
      }
    });

    // 「我和党章的故事」书记讲党课: 10 lessons by secretaries, across the cluster
    const seriesId = uuidv7();
    await tx.insert(activitySeries).values({ regionId: kp.id, id: seriesId, orgId: root.id, allianceId: cluster?.id ?? null, name: '“我和党章的故事”书记讲党课', description: '“五朵金花”党建集群各支部书记结合亲身经历讲述与党章的故事' });
    const storytellers = [...allOrgs.filter((o) => clusterOrgIds.includes(o.id)), ...branches].slice(0, 10);
    storytellers.forEach((o, i) => {
      const d = dayOffset(-330 + i * 32);
      const people = kpMembers.filter((m) => allOrgs.find((x) => x.id === m.orgId)?.path.startsWith(o.path)).map((m) => m.id);
      addActivity({ regionId: kp.id, kind: 'party_lesson', orgId: o.id, seriesId, title: `我和党章的故事（第${i + 1}讲）`, topic: '我和党章的故事', speaker: o.secretaryName, place: `${o.name.replace(/党委$|党支部$/, '')}会议室`, startsAt: at(d, '14:00'), endsAt: at(d, '15:30') }, people.slice(0, 60), 0.88);
    });

    // 青春微巡讲团: 12 young lecturers of the street, touring branches (百合社区 first)
    const organ = allOrgs.find((o) => o.name.includes('机关'));
    const young = [...kpMembers].sort((a, b) => (b.birthDate < a.birthDate ? -1 : 1));
    const lecturerPool = [
      ...kpMembers.filter((m) => (m.tags ?? []).includes('lecturer')),
      ...(organ ? kpMembers.filter((m) => m.orgId === organ.id) : []),
      ...young,
    ];
    const twelve = [...new Map(lecturerPool.map((m) => [m.id, m])).values()].slice(0, 12);
    const teamId = uuidv7();
    await tx.insert(lectureTeams).values({ regionId: kp.id, id: teamId, orgId: organ?.id ?? root.id, name: '青春微巡讲团', description: '孔浦街道选拔12名优秀青年党员组成，赴各基层党组织开展“两学一做”宣讲' });
    const topics = [['两学一做', '担当精神'], ['党章党规'], ['垃圾分类'], ['身边的榜样'], ['老小区治理'], ['党史故事']];
    await tx.insert(lecturers).values(twelve.map((m, i) => ({ regionId: kp.id, teamId, memberId: m.id, topics: topics[i % topics.length] })));
    const baihe = allOrgs.filter((o) => o.name.startsWith('百合') && o.kind === 'branch');
    const hosts = [...baihe, ...baihe, ...branches.slice(0, 10)];
    const requests: (typeof lectureRequests.$inferInsert)[] = [];
    hosts.forEach((host, i) => {
      const lecturer = twelve[i % twelve.length];
      const d = dayOffset(-300 + i * 19);
      const people = membersOf(host.id);
      const activityId = addActivity({
        regionId: kp.id, kind: 'lecture', orgId: host.id, title: i === 0 ? '“两学一做”青春微巡讲：人可以不大，但不可以没有担当' : `青春微巡讲：${topics[i % topics.length][0]}`,
        topic: topics[i % topics.length][0], speaker: lecturer.name, place: `${host.name.replace(/党支部$/, '')}活动室`, startsAt: at(d, '19:00'), endsAt: at(d, '20:00'),
        lectureTeamId: teamId, lecturerMemberId: lecturer.id,
      }, people, 0.8, { rate: true });
      requests.push({ regionId: kp.id, id: uuidv7(), teamId, hostOrgId: host.id, topic: topics[i % topics.length][0], preferredOn: d, status: 'scheduled', activityId });
    });
    // two requests waiting for the team
    requests.push({ regionId: kp.id, id: uuidv7(), teamId, hostOrgId: branches[11]?.id ?? root.id, topic: '党章党规', preferredOn: dayOffset(14), status: 'requested' });
    requests.push({ regionId: kp.id, id: uuidv7(), teamId, hostOrgId: branches[12]?.id ?? root.id, topic: '垃圾分类', preferredOn: dayOffset(21), status: 'requested' });

    // ── 白峰: 37 volunteers at 峰南社区居家养老服务中心 ───────────────────────
    const bfOrgs = await tx.select().from(orgs).where(eq(orgs.regionId, bf.id));
    const volunteerOrg = bfOrgs.find((o) => o.name.includes('义工')) ?? bfOrgs.find((o) => o.depth === 0)!;
    const portOrg = bfOrgs.find((o) => o.name.includes('宁波港志愿者'));
    const bfMembers = await tx.select({ id: members.id, orgId: members.orgId, tags: members.tags }).from(members).where(and(eq(members.regionId, bf.id), eq(members.status, 'normal')));
    const volunteers = [
      ...bfMembers.filter((m) => m.orgId === volunteerOrg.id),
      ...bfMembers.filter((m) => portOrg && m.orgId === portOrg.id),
      ...bfMembers.filter((m) => (m.tags ?? []).includes('volunteer')),
    ];
    const thirtySeven = [...new Map(volunteers.map((m) => [m.id, m])).values()].slice(0, 37).map((m) => m.id);
    const serviceDay = dayOffset(-12);
    addActivity({
      regionId: bf.id, kind: 'volunteer', orgId: volunteerOrg.id, title: '党员义工进峰南：为社区居民免费服务', topic: '义诊、理发、家电维修、法律咨询',
      place: '峰南社区居家养老服务中心广场', startsAt: at(serviceDay, '08:30'), endsAt: at(serviceDay, '11:30'),
    }, thirtySeven, 1, { hours: 3 });
    // and an open sign-up for the next one
    addActivity({
      regionId: bf.id, kind: 'volunteer', orgId: volunteerOrg.id, title: '环保宣传进园区：垃圾分类志愿服务', place: '峙北静脉产业园', signupOpen: true, capacity: 40,
      startsAt: at(dayOffset(9), '09:00'), endsAt: at(dayOffset(9), '11:00'),
    }, [], 0);

    // ── question bank, competitions, courseware (孔浦) ─────────────────────────
    const qRows = SEED_QUESTIONS.map(([kind, stem, options, answer, explanation, tags]) => {
      const opts = kind === 'truefalse' ? [...TRUE_FALSE_OPTIONS] : options;
      const ans = kind === 'truefalse' ? [answer === '对' ? 0 : 1] : answer.split('').map((c) => c.charCodeAt(0) - 65);
      const problems = questionProblems({ kind, options: opts, answer: ans }, (f) => f);
      if (problems.length) throw new Error(`seed question "${stem}": ${problems.map((p) => p.message).join(', ')}`);
      return { regionId: kp.id, id: uuidv7(), orgId: root.id, kind, stem, options: opts, answer: ans, explanation, tags };
    });
    await insertMany(tx, questions, qRows);
    const quizOrg = root;
    const finishedId = uuidv7();
    const openId = uuidv7();
    const finishedOpens = at(dayOffset(-40), '08:00');
    const finishedCloses = at(dayOffset(-26), '22:00');
    await tx.insert(quizzes).values([
      { regionId: kp.id, id: finishedId, orgId: quizOrg.id, allianceId: cluster?.id ?? null, title: '“五朵金花”党章党规知识竞赛', description: '社团方舟微信平台党规竞赛，每人限答两次，取最好成绩', opensAt: finishedOpens, closesAt: finishedCloses, mode: 'random', tags: ['党章', '党支部工作条例', '纪律处分条例'], questionCount: 20, timeLimitSeconds: 900, attemptsAllowed: 2 },
      { regionId: kp.id, id: openId, orgId: quizOrg.id, allianceId: cluster?.id ?? null, title: '“两学一做”党规每月一测', description: '每月一测，20 题，限时 10 分钟', opensAt: at(dayOffset(-3), '08:00'), closesAt: at(dayOffset(14), '22:00'), mode: 'random', tags: [], questionCount: 20, timeLimitSeconds: 600, attemptsAllowed: 2 },
    ]);
    const bankFor = (tags: string[]) => qRows.filter((q) => !tags.length || q.tags.some((t) => tags.includes(t)));
    const attempts: (typeof quizAttempts.$inferInsert)[] = [];
    const clusterMembers = kpMembers.filter((m) => { const p = allOrgs.find((o) => o.id === m.orgId)?.path ?? ''; return clusterPaths.some((cp) => p.startsWith(cp)); });
    const play = (quizId: string, bank: typeof qRows, count: number, limitS: number, who: typeof kpMembers, startBase: number, spreadMs: number, skill: (i: number) => number) => {
      who.forEach((m, i) => {
        const tries = quizId === finishedId && i % 5 === 0 ? 2 : 1;
        for (let k = 1; k <= tries; k++) {
          const drawn = [...bank].sort(() => r() - 0.5).slice(0, count);
          const answers: Record<string, number[]> = {};
          let correct = 0;
          for (const q of drawn) {
            const right = r() < skill(i) + (k - 1) * 0.05;
            answers[q.id] = right ? q.answer : [(q.answer[0] + 1) % q.options.length];
            if (right) correct++;
          }
          const startedAt = new Date(startBase + Math.floor(r() * spreadMs) + (k - 1) * DAY);
          const took = Math.floor((0.35 + r() * 0.6) * limitS * 1000);
          attempts.push({
            regionId: kp.id, id: uuidv7(), quizId, memberId: m.id, attemptNo: k, questionIds: drawn.map((q) => q.id), answers, startedAt,
            deadlineAt: new Date(startedAt.getTime() + limitS * 1000), submittedAt: new Date(startedAt.getTime() + took), correctCount: correct,
            score: Math.round((100 * correct) / drawn.length),
          });
        }
      });
    };
    // finished: about 60% of the cluster took part
    play(finishedId, bankFor(['党章', '党支部工作条例', '纪律处分条例']), 20, 900, clusterMembers.filter((_, i) => i % 5 !== 1 && i % 5 !== 3), finishedOpens.getTime(), 12 * DAY, (i) => 0.55 + (i % 9) * 0.05);
    // open: a few so far
    play(openId, qRows, 20, 600, clusterMembers.filter((_, i) => i % 9 === 0), Math.min(now - HOUR, at(dayOffset(-3), '09:00').getTime()), Math.max(1, Math.min(2 * DAY, now - HOUR - at(dayOffset(-3), '09:00').getTime())), (i) => 0.6 + (i % 7) * 0.05);

    const cwRows = [
      { title: '党章学习微课：党员的权利和义务', kind: 'link', url: 'https://www.12371.cn/', tags: ['党章'], durationMinutes: 25 },
      { title: '“三会一课”规范化操作指引', kind: 'link', url: 'https://www.12371.cn/', tags: ['三会一课'], durationMinutes: 18 },
      { title: '“两学一做”精品党课：人可以不大，但不可以没有担当', kind: 'link', url: 'https://www.12371.cn/', tags: ['两学一做'], durationMinutes: 40 },
      { title: '红船精神与浙江实践', kind: 'link', url: 'https://www.12371.cn/', tags: ['党史'], durationMinutes: 32 },
      { title: '纪律处分条例要点解读', kind: 'link', url: 'https://www.12371.cn/', tags: ['纪律'], durationMinutes: 28 },
      { title: '老旧小区治理中的党建引领（案例）', kind: 'link', url: 'https://www.12371.cn/', tags: ['区域化党建'], durationMinutes: 20 },
    ].map((c) => ({ regionId: kp.id, id: uuidv7(), orgId: root.id, description: null, ...c }));
    await tx.insert(courseware).values(cwRows);
    const progress: (typeof coursewareProgress.$inferInsert)[] = [];
    clusterMembers.forEach((m, i) => {
      cwRows.forEach((c, j) => {
        if ((i + j * 3) % 4 !== 0) return;
        const first = new Date(now - ((i * 7 + j * 13) % 200) * DAY - HOUR);
        progress.push({ regionId: kp.id, coursewareId: c.id, memberId: m.id, views: 1 + ((i + j) % 3), firstViewedAt: first, lastViewedAt: new Date(first.getTime() + DAY), completedAt: (i + j) % 3 === 0 ? new Date(first.getTime() + DAY) : null });
      });
    });

    await insertMany(tx, activities, acts);
    await insertMany(tx, activityAttendees, atts);
    await insertMany(tx, activityCheckins, cis);
    await insertMany(tx, lectureRequests, requests);
    await insertMany(tx, quizAttempts, attempts, 500);
    await insertMany(tx, coursewareProgress, progress);
    const actor = { principal: null, requestId: 'seed' };
    for (const region of [kp, bf]) {
      await audit(tx, actor, { regionId: region.id, action: 'seed.activities', entityType: 'region', entityId: region.id, after: { activities: acts.filter((a) => a.regionId === region.id).length } });
    }
    result = { created: true, activities: acts.length, partyLessons: counts.partyLessons, questions: qRows.length, attempts: attempts.length };
  });
  return result;
}
