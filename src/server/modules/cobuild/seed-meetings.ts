import { and, asc, eq } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { users } from '../../platform/schema.ts';
import { insertProject } from '../cluster/projects.ts';
import { alliances, allianceUnits, units } from '../directory/schema.ts';
import { agendaItems, coprojects, jointHosts, jointRoles, meetingActions, meetingAttendees, meetings } from './schema.ts';

/**
 * 白峰's joint meeting for a year (fictional people): roles and liaisons, rotating hosts, four quarterly meetings with
 * agendas on party work, local hiring, bus links and road signs, decisions and actions (most done, two open, one
 * overdue), and the next meeting still taking agenda items (closing 13 days from now) with the open actions carried onto it.
 */
export async function seedMeetings(tx: DbOrTx, regionId: string, allianceId: string, busNeedId: string | null, now: number) {
  const members = await tx.select({ id: units.id, name: units.name }).from(allianceUnits)
    .innerJoin(units, and(eq(units.regionId, allianceUnits.regionId), eq(units.id, allianceUnits.unitId)))
    .where(and(eq(allianceUnits.regionId, regionId), eq(allianceUnits.allianceId, allianceId))).orderBy(asc(units.name));
  if (members.length < 3) return { meetings: 0, actions: 0 };
  const gd = members.find((m) => m.name.startsWith('光大环保')) ?? members[0];
  const gm = members.find((m) => m.name.startsWith('宁波港光明码头')) ?? members[1];
  const ordered = [gm, gd, ...members.filter((m) => m !== gm && m !== gd)];
  const [gdUser] = await tx.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.username, 'guangda'));
  const [gmUser] = await tx.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.username, 'guangming'));
  await tx.insert(jointRoles).values(ordered.map((m, i) => ({
    regionId, allianceId, party: `unit:${m.id}`, unitId: m.id, position: i + 1, role: i === 0 ? 'chair' : i < 3 ? 'vice_chair' : 'member',
    liaisonUserId: m === gd ? gdUser?.id ?? null : m === gm ? gmUser?.id ?? null : null,
    liaisonName: m === gd ? gdUser?.name ?? null : m === gm ? gmUser?.name ?? null : null,
  })));
  const today = todayShanghai(now);
  const year = Number(today.slice(0, 4));
  await tx.insert(jointHosts).values([year - 1, year, year + 1, year + 2].map((y, i) => ({ regionId, allianceId, year: y, party: `unit:${ordered[i % ordered.length].id}`, unitId: ordered[i % ordered.length].id })));
  const hostOf = (d: string) => ordered[(Number(d.slice(0, 4)) - year + 1 + ordered.length) % ordered.length];
  const d = (n: number) => addDays(today, n);
  const at = (day: string) => new Date(`${day}T02:00:00Z`);

  type Act = { title: string; owner: { id: string }; due: number; done?: number; status?: string; evidence?: string };
  /** a co-building project made from the item's decision (项目清单) */
  type Proj = { title: string; start: number; end: number; progress: number; outcome?: string; milestones: { title: string; due: number; done?: number }[] };
  type Item = { title: string; by: { id: string }; decision?: string; status?: string; need?: boolean; actions?: Act[]; project?: Proj };
  const plan: { title: string; on: number; kind: string; place: string; items: Item[]; minutes?: string }[] = [
    { title: '第一季度联席会议', on: -300, kind: 'plenary', place: '白峰镇党群服务中心', minutes: '会议通报了园区党建工作情况，研究本地招聘与成员单位党建联络员例会制度。', items: [
      { title: '园区党建工作联络员例会制度', by: gm, decision: '每季度召开一次联络员会议，由轮值单位承办。', actions: [{ title: '拟定联络员例会制度并报各成员单位', owner: gm, due: -280, done: -285, evidence: '制度已印发 16 家成员单位' }] },
      { title: '园区企业优先招用本地村民', by: gd, decision: '成员单位空缺岗位先经联席会议派单到各村社区。', actions: [{ title: '汇总各企业一季度空缺岗位', owner: gd, due: -285, done: -288, evidence: '汇总岗位 23 个，已派单' }] },
    ] },
    { title: '第二季度联席会议', on: -210, kind: 'plenary', place: '光明码头会议室', minutes: '会议研究园区公交接驳与道路标识问题。', items: [
      { title: '园区公交接驳', by: gm, decision: '协调公交公司开通早晚通勤专线。', need: true,
        project: { title: '园区早晚通勤专线', start: -205, end: -140, progress: 100, outcome: '专线于 5 月开通，日均乘客 120 人次，覆盖园区 16 家成员单位职工',
          milestones: [{ title: '职工通勤需求摸底', due: -190, done: -192 }, { title: '线路与站点方案', due: -170, done: -172 }, { title: '专线开通试运行', due: -150, done: -155 }] },
        actions: [{ title: '协调公交公司开通早晚通勤专线', owner: gm, due: -150, done: -155, evidence: '专线已于 5 月开通，日均乘客 120 人次' }] },
      { title: '园区道路指示牌缺失', by: gd, decision: '由光大环保牵头补设园区主要路口指示牌。',
        project: { title: '园区道路指示牌补设', start: -200, end: 30, progress: 60,
          milestones: [{ title: '主要路口点位排查', due: -180, done: -182 }, { title: '首批 7 块指示牌安装', due: -60, done: -64 }, { title: '其余 5 块报批安装', due: 30 }] },
        actions: [{ title: '补设园区主要路口道路指示牌 12 块', owner: gd, due: -20, status: 'in_progress', evidence: '已补设 7 块，其余待交通部门审批' }] },
    ] },
    { title: '第三季度联席会议', on: -120, kind: 'plenary', place: '光大环保会议室', minutes: '会议听取秋季招聘准备情况，商定联合主题党日。', items: [
      { title: '秋季本地招聘会', by: gd, decision: '九月举办园区秋季招聘会，村社区组织村民参加。', actions: [{ title: '举办园区秋季招聘会', owner: gd, due: -95, done: -98, evidence: '招聘会到场村民 210 人，达成意向 31 人' }] },
      { title: '成员单位联合主题党日', by: gm, decision: '年底前组织一次成员单位联合主题党日。', actions: [{ title: '组织成员单位联合主题党日', owner: gm, due: 30 }] },
    ] },
    { title: '第四季度联席会议', on: -30, kind: 'plenary', place: '白峰镇党群服务中心', minutes: '会议研究公交线路延伸至上阳村，道路标识议题暂缓至下次会议。', items: [
      { title: '公交线路延伸至上阳村', by: gm, decision: '请镇交通办与公交公司论证延伸方案并试运行。', need: true, actions: [{ title: '公交延伸线路试运行方案', owner: gm, due: 40, status: 'in_progress', evidence: '方案已报镇交通办' }] },
      { title: '园区新增道路标识', by: gd, status: 'deferred' },
    ] },
    { title: '明年第一季度联席会议', on: 20, kind: 'plenary', place: '光大环保会议室', items: [
      { title: '明年园区本地招聘计划', by: gm, status: 'proposed' },
    ] },
  ];
  let actionCount = 0;
  const [al] = await tx.select({ leadOrgId: alliances.leadOrgId }).from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.id, allianceId)));
  for (const p of plan) {
    const on = d(p.on);
    const host = hostOf(on);
    const mid = uuidv7();
    await tx.insert(meetings).values({
      regionId, id: mid, allianceId, kind: p.kind, title: p.title, heldOn: on, place: p.place, hostParty: `unit:${host.id}`, hostUnitId: host.id,
      agendaDays: 7, minutes: p.minutes ?? '', recorderName: p.minutes ? '陈静' : null, createdAt: at(d(p.on - 21)), updatedAt: at(on),
    });
    await tx.insert(meetingAttendees).values(ordered.map((m, i) => ({
      regionId, meetingId: mid, party: `unit:${m.id}`, unitId: m.id, checkedInAt: p.on < 0 && i !== ordered.length - 1 ? new Date(at(on).getTime() - 600_000) : null,
    })));
    for (const [k, it] of p.items.entries()) {
      const iid = uuidv7();
      await tx.insert(agendaItems).values({
        regionId, id: iid, meetingId: mid, title: it.title, party: `unit:${it.by.id}`, unitId: it.by.id, needId: it.need ? busNeedId : null,
        status: it.status ?? 'accepted', decision: it.decision ?? null, proposedByName: it.by === gd ? gdUser?.name ?? null : gmUser?.name ?? null,
        createdAt: at(d(p.on - 14 + k)), updatedAt: at(on),
      });
      if (it.project && al?.leadOrgId) {
        const pr = it.project;
        const row = await insertProject(tx, regionId, {
          title: pr.title, level: 'cobuild', orgId: al.leadOrgId, allianceId, category: '联席会议议定', goals: it.decision ?? '',
          startOn: d(pr.start), endOn: d(pr.end), people: [], status: pr.progress === 100 ? 'done' : 'in_progress', progress: pr.progress,
          createdAt: at(on), updatedAt: at(on),
        }, pr.milestones.map((m) => ({ title: m.title, dueOn: d(m.due), doneOn: m.done !== undefined ? d(m.done) : null })));
        await tx.insert(coprojects).values({
          regionId, projectId: row.id, allianceId, agendaItemId: iid, unitIds: [it.by.id, ...(it.by === gm ? [gd.id] : [gm.id])],
          outcome: pr.outcome ?? '', createdByName: '陈静', createdAt: at(on),
        });
      }
      for (const a of it.actions ?? []) {
        actionCount++;
        await tx.insert(meetingActions).values({
          regionId, id: uuidv7(), allianceId, meetingId: mid, agendaItemId: iid, title: a.title, party: `unit:${a.owner.id}`, unitId: a.owner.id,
          dueOn: d(a.due), meetingOn: on, status: a.done !== undefined ? 'done' : a.status ?? 'open', evidence: a.evidence ?? '',
          doneOn: a.done !== undefined ? d(a.done) : null, createdAt: at(on), updatedAt: at(on),
        });
      }
    }
  }
  return { meetings: plan.length, actions: actionCount };
}
