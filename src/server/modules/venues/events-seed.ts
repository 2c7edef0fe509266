import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seededRandom } from '../../platform/random.ts';
import { users } from '../../platform/schema.ts';
import { activities } from '../activities/schema.ts';
import { newPublicToken } from '../../platform/public-links.ts';
import { alliances, regions, units } from '../directory/schema.ts';
import { eventPages, eventRegistrations, eventTakings } from './schema.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪';
const GIVEN_M = ['浩然', '子豪', '宇航', '俊杰', '志远', '嘉伟', '明轩', '天宇', '博文', '晨阳'];
const GIVEN_F = ['欣怡', '诗涵', '梦瑶', '雨桐', '佳琪', '若曦', '思雨', '可馨', '静怡', '语嫣'];
const AGE = ['18-25', '26-30', '26-30', '31-35', '36-40'];
/** besides the park's firms: the army post, the school, the bank and the hospital (the article) */
const OTHERS = ['驻白峰部队营区', '白峰中学', '白峰农商银行', '北仑区第三人民医院'];
const CODE = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * The 74-person singles mixer of the 白峰 park (the article): a 联谊 activity of the park's joint meeting, today
 * (its time follows the seed's clock, so that the demo's public link, door check-in and sale are live), with its
 * public registration page (link on), 74 registrations of young staff from the park's firms, the army, the school,
 * the bank and the hospital, most checked in, and the rose charity sale's takings ready to post to the charity fund.
 * Bulk inserts; runs once (skipped when 白峰 already has an event page).
 */
export async function seedEvents(db: Db, { now }: { now: number }) {
  const [bf] = await db.select().from(regions).where(eq(regions.code, 'baifeng'));
  if (!bf) return;
  const regionId = bf.id;
  const [existing] = await db.select({ id: eventPages.id }).from(eventPages).where(eq(eventPages.regionId, regionId)).limit(1);
  if (existing) return;
  const [joint] = await db.select().from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.kind, 'joint_meeting'))).limit(1);
  const [office] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'lingang')).limit(1);
  if (!joint?.leadOrgId) return;
  const firms = (await db.select({ name: units.name }).from(units).where(and(eq(units.regionId, regionId), eq(units.kind, 'enterprise')))).map((u) => u.name).slice(0, 8);
  const unitNames = [...firms, ...OTHERS];
  const rand = seededRandom(2026);
  const hour = 3_600_000;
  // started an hour ago (on the hour), an evening of six hours
  const startsAt = new Date(Math.floor(now / hour) * hour - hour);
  const endsAt = new Date(startsAt.getTime() + 6 * hour);
  const heldOn = new Date(startsAt.getTime() + 8 * hour).toISOString().slice(0, 10);

  await db.transaction(async (tx) => {
    const activityId = uuidv7();
    await tx.insert(activities).values({
      regionId, id: activityId, kind: 'social', orgId: joint.leadOrgId, allianceId: joint.id, title: '“青春有约·缘来白峰”青年联谊会',
      topic: '园区企业、部队、学校、银行、医院单身青年交友联谊，现场玫瑰义卖', place: '白峰公园', startsAt, endsAt, heldOn,
      checkinOpensAt: new Date(startsAt.getTime() - hour / 2), checkinClosesAt: new Date(endsAt.getTime() + hour / 2),
      checkinCode: randomBytes(12).toString('base64url'), status: 'planned', createdBy: office?.id ?? null,
    });
    const pageId = uuidv7();
    await tx.insert(eventPages).values({
      regionId, id: pageId, activityId, fields: ['unit', 'phone', 'gender', 'ageBand'], capacity: 80,
      units: unitNames.map((name, i) => ({ name, quota: i < firms.length ? 12 : null })), token: newPublicToken(), fundName: '白峰镇慈善分会“情暖白峰”基金',
      createdBy: office?.id ?? null, createdAt: new Date(now - 14 * 24 * hour), updatedAt: new Date(now - 14 * 24 * hour),
    });
    const codes = new Set<string>();
    const regs: (typeof eventRegistrations.$inferInsert)[] = [];
    for (let i = 0; i < 74; i++) {
      const male = i % 2 === 0;
      const given = (male ? GIVEN_M : GIVEN_F)[Math.floor(rand() * 10)];
      let code = '';
      while (!code || codes.has(code)) code = Array.from({ length: 6 }, () => CODE[Math.floor(rand() * CODE.length)]).join('');
      codes.add(code);
      const registeredAt = new Date(now - (13 * 24 - i * 4) * hour);
      regs.push({
        regionId, id: uuidv7(), pageId, name: SURNAMES[(i * 7) % SURNAMES.length] + given, unit: unitNames[i % unitNames.length],
        phone: `155${String(80000000 + i * 137).padStart(8, '0')}`, gender: male ? 'M' : 'F', ageBand: AGE[Math.floor(rand() * AGE.length)],
        status: 'confirmed', code, registeredAt, checkedInAt: i < 66 ? new Date(startsAt.getTime() - hour / 4 + i * 20_000) : null,
        checkedInBy: i < 66 ? office?.id ?? null : null,
      });
    }
    await tx.insert(eventRegistrations).values(regs);
    // the rose sale: 5 yuan a rose, bought by registrants and units
    const takings: (typeof eventTakings.$inferInsert)[] = [];
    for (let i = 0; i < 24; i++) {
      const roses = 1 + Math.floor(rand() * 9);
      takings.push({
        regionId, id: uuidv7(), pageId, payer: i % 6 === 5 ? `${unitNames[i % firms.length]}团支部` : regs[(i * 3) % regs.length].name!,
        amountFen: roses * 500, note: `玫瑰 ${roses} 支`, status: 'ready', recordedBy: office?.id ?? null, recordedAt: new Date(startsAt.getTime() + 20 * 60_000 + i * 60_000),
      });
    }
    await tx.insert(eventTakings).values(takings);
    await audit(tx, { principal: null, requestId: 'seed' }, {
      regionId, action: 'seed.venues', entityType: 'event_page', entityId: pageId,
      after: { activityId, registrations: regs.length, takings: takings.length, takingsFen: takings.reduce((n, x) => n + x.amountFen!, 0) },
    });
  });
}
