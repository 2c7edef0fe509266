import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { audit } from '../../platform/audit.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seededRandom } from '../../platform/random.ts';
import { users } from '../../platform/schema.ts';
import { activities, activityAttendees, activityCheckins } from '../activities/schema.ts';
import { alliances, members, orgs, regions, units } from '../directory/schema.ts';
import { volunteerHours, volunteers, volunteerTeamMembers, volunteerTeams } from './schema.ts';

/** League members and staff of the park's units (fictional people). */
const LEAGUE = ['林小雨', '陈思远', '王佳怡', '张子轩', '李若曦', '周一鸣', '吴欣然', '郑浩宇', '孙梦瑶', '黄俊杰', '徐诗涵', '胡晨阳', '朱可馨', '何嘉豪'];
const STAFF = ['赵建国', '钱海燕', '冯立新', '陆美华', '沈志强', '蒋秀英'];
/** a year of services: what, how long, how many of the team take part */
const SERVICES: [string, number][] = [['志愿服务技能培训', 2], ['园区垃圾分类督导', 3], ['环保宣传进社区', 2.5], ['光大环保教育基地讲解', 3], ['海岸线净滩行动', 4]];

/**
 * Demo data of 白峰's volunteers (the article): 党员义工服务队 (owned by the town's volunteer branch: the party members
 * who served at 峰南, linked to their member records) and 产业园生态志愿者 (owned by the park's joint meeting: party
 * members, league members and staff of the park's units), a year of services with hours, and the 37-volunteer day at
 * the 峰南 elderly-care centre that the activities seed holds, linked (hours from its check-ins), not duplicated.
 * Runs once (skipped when 白峰 already has teams).
 */
export async function seedVolunteers(db: Db, { now }: { now: number }) {
  const [bf] = await db.select().from(regions).where(eq(regions.code, 'baifeng'));
  if (!bf) return;
  const regionId = bf.id;
  const [existing] = await db.select({ id: volunteerTeams.id }).from(volunteerTeams).where(eq(volunteerTeams.regionId, regionId)).limit(1);
  if (existing) return;
  const [office] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'baifeng')).limit(1);
  const [volunteerOrg] = await db.select().from(orgs).where(and(eq(orgs.regionId, regionId), like(orgs.name, '%义工%'))).limit(1);
  const [joint] = await db.select({ id: alliances.id }).from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.kind, 'joint_meeting'))).limit(1);
  const [day] = await db.select().from(activities).where(and(eq(activities.regionId, regionId), eq(activities.kind, 'volunteer'), like(activities.title, '%峰南%'))).limit(1);
  if (!office || !volunteerOrg || !joint) return;
  const parkUnits = await db.select({ id: units.id, orgId: units.orgId }).from(units).where(and(eq(units.regionId, regionId), eq(units.kind, 'enterprise')));
  const bfMembers = await db.select({ id: members.id, orgId: members.orgId, tags: members.tags }).from(members).where(and(eq(members.regionId, regionId), eq(members.status, 'normal')));
  const checkins = day ? await db.select({ memberId: activityCheckins.memberId }).from(activityCheckins)
    .where(and(eq(activityCheckins.regionId, regionId), eq(activityCheckins.activityId, day.id))) : [];
  const rand = seededRandom(1337);
  const today = todayShanghai(now);
  const recordedAt = new Date(now);

  await db.transaction(async (tx) => {
    const yigong = uuidv7();
    const eco = uuidv7();
    await tx.insert(volunteerTeams).values([
      { regionId, id: yigong, name: '党员义工服务队', interest: '为老服务、义诊、理发、家电维修、法律咨询', ownerOrgId: volunteerOrg.id },
      { regionId, id: eco, name: '产业园生态志愿者', interest: '垃圾分类、环保宣传、净滩', ownerAllianceId: joint.id },
    ]);
    let no = 0;
    const vols: (typeof volunteers.$inferInsert)[] = [];
    const unitOfOrg = new Map(parkUnits.filter((u) => u.orgId).map((u) => [u.orgId!, u.id]));
    // the party members who served at 峰南 (and the rest of the volunteer branch) → 党员义工服务队
    const served = new Set(checkins.map((c) => c.memberId));
    const yigongMembers = [...new Set([...served, ...bfMembers.filter((m) => m.orgId === volunteerOrg.id).map((m) => m.id)])];
    for (const memberId of yigongMembers) {
      const m = bfMembers.find((x) => x.id === memberId);
      vols.push({ regionId, id: uuidv7(), teamId: yigong, memberId, politicalStatus: 'party_member', volunteerNo: `BF${String(++no).padStart(5, '0')}`, unitId: m ? unitOfOrg.get(m.orgId) ?? null : null, joinedOn: addDays(today, -400) });
    }
    // party members of the park's firms tagged volunteer → 产业园生态志愿者, with league members and staff
    const taken = new Set(yigongMembers);
    const parkMembers = bfMembers.filter((m) => unitOfOrg.has(m.orgId) && (m.tags ?? []).includes('volunteer') && !taken.has(m.id)).slice(0, 18);
    for (const m of parkMembers) {
      vols.push({ regionId, id: uuidv7(), teamId: eco, memberId: m.id, politicalStatus: 'party_member', volunteerNo: `BF${String(++no).padStart(5, '0')}`, unitId: unitOfOrg.get(m.orgId)!, joinedOn: addDays(today, -380) });
    }
    [...LEAGUE, ...STAFF].forEach((name, i) => {
      vols.push({
        regionId, id: uuidv7(), teamId: eco, name, phone: `139${String(58_000_000 + i * 7_919).padStart(8, '0')}`, politicalStatus: i < LEAGUE.length ? 'league_member' : 'masses',
        volunteerNo: `BF${String(++no).padStart(5, '0')}`, unitId: parkUnits.length ? parkUnits[i % parkUnits.length].id : null, joinedOn: addDays(today, -370 + i),
      });
    });
    await tx.insert(volunteers).values(vols);
    await tx.insert(volunteerTeamMembers).values(vols.map((v) => ({ regionId: v.regionId, teamId: v.teamId, volunteerId: v.id, joinedOn: v.joinedOn })));

    const entries: (typeof volunteerHours.$inferInsert)[] = [];
    // a year of services, about twice a month for each team
    for (const [teamId, who] of [[yigong, vols.filter((v) => v.teamId === yigong)], [eco, vols.filter((v) => v.teamId === eco)]] as const) {
      for (let d = -360; d <= -3; d += 14 + Math.floor(rand() * 6)) {
        const servedOn = addDays(today, d);
        const [what, hours] = SERVICES[Math.floor(rand() * SERVICES.length)];
        if (teamId === yigong && what.includes('讲解')) continue;
        for (const v of who) {
          if (rand() > 0.45) continue;
          entries.push({
            regionId, id: uuidv7(), volunteerId: v.id!, description: what, servedOn, minutes: hours * 60, source: 'manual', status: 'approved',
            recordedBy: office.id, recordedAt, approvedBy: office.id, approvedAt: recordedAt,
          });
        }
      }
    }
    // the 峰南 day: the hours the activity recorded, from its check-ins, confirmed by the office
    if (day) {
      const hoursOf = new Map((await tx.select({ memberId: activityAttendees.memberId, h: activityAttendees.serviceHours }).from(activityAttendees)
        .where(and(eq(activityAttendees.regionId, regionId), eq(activityAttendees.activityId, day.id)))).map((r) => [r.memberId, r.h]));
      const span = Math.round((day.endsAt.getTime() - day.startsAt.getTime()) / 60_000);
      for (const v of vols.filter((x) => x.memberId && served.has(x.memberId))) {
        const h = hoursOf.get(v.memberId!);
        entries.push({
          regionId, id: uuidv7(), volunteerId: v.id!, activityId: day.id, description: day.title, servedOn: day.heldOn, minutes: h != null ? Math.round(Number(h) * 60) : span,
          source: 'checkin', status: 'approved', recordedBy: office.id, recordedAt, approvedBy: office.id, approvedAt: recordedAt,
        });
      }
    }
    for (let i = 0; i < entries.length; i += 500) await tx.insert(volunteerHours).values(entries.slice(i, i + 500));
    await tx.update(volunteerTeams).set({ leaderVolunteerId: vols.find((v) => v.teamId === yigong)?.id ?? null }).where(and(eq(volunteerTeams.regionId, regionId), eq(volunteerTeams.id, yigong)));
    await tx.update(volunteerTeams).set({ leaderVolunteerId: vols.find((v) => v.teamId === eco && v.politicalStatus === 'league_member')?.id ?? null }).where(and(eq(volunteerTeams.regionId, regionId), eq(volunteerTeams.id, eco)));
    await audit(tx, { principal: null, requestId: 'seed' }, {
      regionId, action: 'seed.venues', entityType: 'region', entityId: regionId,
      after: { volunteerTeams: 2, volunteers: vols.length, hoursEntries: entries.length, fengnanDay: day?.id ?? null, fengnanVolunteers: served.size },
    });
  });
}
