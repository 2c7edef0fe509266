import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { audit } from '../../platform/audit.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { users } from '../../platform/schema.ts';
import { seededRandom } from '../../platform/random.ts';
import { alliances, regions, units } from '../directory/schema.ts';
import { weekOf } from './common.ts';
import { venueBlackouts, venueBookings, venueResources, venueSeries, venueVisits, type OpeningWindow } from './schema.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LNG = '中海浙江宁波液化天然气有限公司';
const GUANGDA = '光大环保能源（宁波）有限公司';
/** the three firms with a weekly slot on LNG's court: weekday (0 = Monday), start hour (Shanghai), hours */
const COURT_FIRMS: [string, number, number, number][] = [
  ['宁波港光明码头有限公司', 1, 18.5, 1.5], ['宁波峙北再生资源有限公司', 3, 18.5, 1.5], ['北仑临港固废处置有限公司', 5, 9.5, 2],
];
const VISIT_GROUPS = [
  '白峰镇中心学校', '峰南社区居民', '北仑区中小学研学团', '宁波港志愿者服务队', '园区企业新员工', '驻白峰某部队', '北仑农商银行白峰支行',
  '白峰街道社区卫生服务中心', '小港街道环保志愿者', '宁波大学环境学院', '北仑区科协科普团',
];

/**
 * Demo data of 白峰 (the article): LNG's indoor basketball court opened to the park's units, booked weekly by three
 * firms (eight weeks past, eight to come, one no-show); 光大's environmental education base, open to anyone with an
 * account, with a year of group visits (the visitor figure is computed from them, about 5,000) and two requests
 * waiting for the liaison's approval. Runs once (skipped when 白峰 already has venues).
 */
export async function seedVenues(db: Db, { now }: { now: number }) {
  const [bf] = await db.select().from(regions).where(eq(regions.code, 'baifeng'));
  if (!bf) return;
  const regionId = bf.id;
  const [existing] = await db.select({ id: venueResources.id }).from(venueResources).where(eq(venueResources.regionId, regionId)).limit(1);
  if (existing) return;
  const names = [LNG, GUANGDA, '白峰镇中心学校', '峰南社区', ...COURT_FIRMS.map((f) => f[0])];
  const unitRows = await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.regionId, regionId), inArray(units.name, names)));
  const unit = (n: string) => unitRows.find((u) => u.name === n)?.id;
  const [joint] = await db.select({ id: alliances.id }).from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.kind, 'joint_meeting'))).limit(1);
  if (!unit(LNG) || !unit(GUANGDA) || !joint) return;
  // the demo requests were made by the town's office on the firms' behalf (the 'baifeng' sign-in)
  const [office] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'baifeng')).limit(1);
  if (!office) return;
  const rand = seededRandom(13);
  const [weekStart] = weekOf(now);
  /** Shanghai local hour `h` of weekday `wd` in the week `w` weeks from this one */
  const slot = (w: number, wd: number, h: number) => weekStart + w * 7 * DAY + wd * DAY + h * HOUR;

  await db.transaction(async (tx) => {
    const evening: OpeningWindow = { open: '18:00', close: '21:30' };
    const weekend: OpeningWindow = { open: '09:00', close: '21:30' };
    const court = uuidv7();
    await tx.insert(venueResources).values({
      regionId, id: court, name: '中海浙江LNG室内篮球场', kind: 'court', ownerUnitId: unit(LNG)!, allianceId: joint.id,
      address: '宁波市北仑区白峰镇中海浙江LNG接收站生活区', description: '标准室内篮球场，向园区共建单位职工开放。',
      capacity: 30, openingHours: [evening, evening, evening, evening, evening, weekend, weekend], bookableBy: 'alliance',
      minNoticeMinutes: 24 * 60, maxAdvanceDays: 60, minDurationMinutes: 60, maxDurationMinutes: 180, approvalRequired: true, weeklyQuota: 2,
      cancelCutoffMinutes: 12 * 60, noShowLimit: 3, noShowWindowDays: 90, suspensionDays: 30,
    });
    const day: OpeningWindow = { open: '09:00', close: '16:30' };
    const base = uuidv7();
    await tx.insert(venueResources).values({
      regionId, id: base, name: '光大环保环境教育基地', kind: 'education_base', ownerUnitId: unit(GUANGDA)!,
      address: '宁波市北仑区白峰镇峙北静脉产业园', description: '垃圾焚烧发电全流程参观、环保科普展厅，面向社会开放。',
      capacity: 120, openingHours: [null, day, day, day, day, day, day], bookableBy: 'anyone',
      minNoticeMinutes: 48 * 60, maxAdvanceDays: 90, minDurationMinutes: 60, maxDurationMinutes: 240, approvalRequired: true, weeklyQuota: null,
      cancelCutoffMinutes: 24 * 60, noShowLimit: 3, noShowWindowDays: 90, suspensionDays: 30,
    });

    // the court: three firms' weekly series, eight weeks past (used, one no-show) and eight to come (approved)
    const bookings: (typeof venueBookings.$inferInsert)[] = [];
    for (const [firm, wd, h, hours] of COURT_FIRMS) {
      const firmId = unit(firm);
      if (!firmId) continue;
      const seriesId = uuidv7();
      const first = slot(-8, wd, h);
      await tx.insert(venueSeries).values({
        regionId, id: seriesId, resourceId: court, bookerUnitId: firmId, createdBy: office.id, purpose: '职工篮球活动',
        firstStartsAt: new Date(first), durationMinutes: hours * 60, weeks: 16,
      });
      for (let i = 0; i < 16; i++) {
        const s = first + i * 7 * DAY;
        const past = s + hours * HOUR < now;
        const status = past ? (firm === COURT_FIRMS[1][0] && i === 2 ? 'no_show' : 'done') : 'approved';
        bookings.push({
          regionId, id: uuidv7(), resourceId: court, seriesId, occurrence: i, bookerUnitId: firmId, createdBy: office.id, purpose: '职工篮球活动',
          attendees: 12 + Math.floor(rand() * 10), startsAt: new Date(s), endsAt: new Date(s + hours * HOUR), status,
          checkedInAt: status === 'done' ? new Date(s) : null, decidedAt: new Date(first - 3 * DAY),
        });
      }
    }
    if (bookings.length) await tx.insert(venueBookings).values(bookings);
    await tx.insert(venueBlackouts).values({
      regionId, id: uuidv7(), resourceId: court, startsAt: new Date(slot(1, 6, 9)), endsAt: new Date(slot(1, 6, 21.5)), reason: '场地地坪维护',
    });

    // the education base: two group visits a week over the past year (Tuesday–Sunday), the figure is their sum
    const visits: (typeof venueVisits.$inferInsert)[] = [];
    const today = todayShanghai(now);
    for (let w = -52; w < 0; w++) {
      for (const wd of [1 + Math.floor(rand() * 3), 4 + Math.floor(rand() * 3)]) {
        const visitedOn = todayShanghai(slot(w, wd, 10));
        if (visitedOn < addDays(today, -364) || visitedOn > today) continue;
        visits.push({
          regionId, id: uuidv7(), resourceId: base, visitedOn, visitors: 28 + Math.floor(rand() * 41),
          groupName: VISIT_GROUPS[Math.floor(rand() * VISIT_GROUPS.length)],
        });
      }
    }
    await tx.insert(venueVisits).values(visits);
    const school = unit('白峰镇中心学校');
    const fengnan = unit('峰南社区');
    const pending = [[school, 2, 2, 9.5, '四年级环保研学'], [fengnan, 3, 4, 13.5, '社区居民垃圾分类参观']] as const;
    for (const [u, w, wd, h, purpose] of pending) {
      if (!u) continue;
      bookings.push({ regionId, id: uuidv7(), resourceId: base, bookerUnitId: u, createdBy: office.id, purpose, attendees: 45, startsAt: new Date(slot(w, wd, h)), endsAt: new Date(slot(w, wd, h + 2)), status: 'pending' });
      await tx.insert(venueBookings).values(bookings[bookings.length - 1]);
    }
    await audit(tx, { principal: null, requestId: 'seed' }, {
      regionId, action: 'seed.venues', entityType: 'region', entityId: regionId,
      after: { venues: 2, bookings: bookings.length, visits: visits.length, visitors: visits.reduce((n, v) => n + v.visitors, 0) },
    });
  });
}
