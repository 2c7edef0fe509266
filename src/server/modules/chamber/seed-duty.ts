import { and, eq, like } from 'drizzle-orm';
import { todayShanghai } from '../../../shared/dates.ts';
import type { Tx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seededRandom } from '../../platform/random.ts';
import type { Principal } from '../../platform/scope.ts';
import { activities } from '../activities/schema.ts';
import { orgs } from '../directory/schema.ts';
import { liveFigures } from './duty.ts';
import { dutyEvidence, dutyItems, dutyPublications, dutyReports } from './duty-schema.ts';

/** The committee's demo template of the year: 10 items, weights 100. */
export const DEMO_DUTY_ITEMS = [
  { code: 'meetings', name: '三会一课按期召开', weight: 20, indicator: 'count', target: 44, source: 'activities', stage: null },
  { code: 'develop', name: '发展党员（预备党员）', weight: 10, indicator: 'count', target: 1, source: 'development', stage: 'probationary' },
  { code: 'activists', name: '培养入党积极分子', weight: 5, indicator: 'count', target: 2, source: 'development', stage: 'activist' },
  { code: 'pledges', name: '党员承诺践诺', weight: 10, indicator: 'count', target: 5, source: 'pledges', stage: null },
  { code: 'needs', name: '联建需求办结', weight: 10, indicator: 'count', target: 2, source: 'needs', stage: null },
  { code: 'dues', name: '党费按时足额收缴', weight: 10, indicator: 'yesno', target: 1, source: 'manual', stage: null },
  { code: 'study', name: '理论学习（次）', weight: 10, indicator: 'count', target: 12, source: 'manual', stage: null },
  { code: 'volunteer', name: '志愿服务活动（次）', weight: 10, indicator: 'count', target: 4, source: 'manual', stage: null },
  { code: 'enterprise', name: '助企服务对接（次）', weight: 10, indicator: 'count', target: 3, source: 'manual', stage: null },
  { code: 'brand', name: '支部品牌建设', weight: 5, indicator: 'yesno', target: 1, source: 'manual', stage: null },
] as const;

const SEED_PRINCIPAL: Principal = { id: '00000000-0000-7000-8000-000000000000', username: 'seed', displayName: '演示数据', isPlatformAdmin: true, memberId: null, memberRegionId: null, locale: null, grants: [] };

/**
 * This year's lists of the 52 branches of the 骆驼商会 committee: the template, 三会一课 held month by month (some
 * branches missing months), uploaded evidence for the manual items (some behind), 年初晒清单 and — after 1 July —
 * 年中晒进度 published with the figures of that day, and each secretary's ledger at a review step (none signed off:
 * the year is not over). Uploaded evidence points at no stored file (the demo has no uploads directory).
 */
export async function seedDuty(tx: Tx, o: { regionId: string; chamber: { id: string; path: string }; now: number }) {
  const R = seededRandom(20_260_052);
  const today = todayShanghai(o.now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const items = DEMO_DUTY_ITEMS.map((i, n) => ({ regionId: o.regionId, id: uuidv7(), committeeId: o.chamber.id, year, scope: 'template', ...i, sort: n }));
  await tx.insert(dutyItems).values(items);
  const branches = await tx.select({ id: orgs.id, name: orgs.name, path: orgs.path, secretaryName: orgs.secretaryName }).from(orgs)
    .where(and(eq(orgs.regionId, o.regionId), eq(orgs.kind, 'branch'), like(orgs.path, `${o.chamber.path}%`))).orderBy(orgs.path);
  const acts = [];
  const evidence = [];
  const at = (day: string, h: number) => new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);
  for (const [n, b] of branches.entries()) {
    const diligence = n % 7 === 3 ? 0.5 : 0.9; // every seventh branch falls behind
    for (let m = 1; m < month; m++) {
      const mm = String(m).padStart(2, '0');
      const kinds = ['committee_meeting', 'group_meeting', 'theme_day', ...(m % 3 === 0 ? ['general_meeting', 'party_lesson'] : [])];
      for (const [k, kind] of kinds.entries()) {
        if (R() > diligence) continue;
        const day = `${year}-${mm}-${String(5 + k * 4).padStart(2, '0')}`;
        acts.push({
          regionId: o.regionId, id: uuidv7(), kind, orgId: b.id, title: `${b.name}${m}月${{ committee_meeting: '支委会', group_meeting: '党小组会', theme_day: '主题党日', general_meeting: '党员大会', party_lesson: '党课' }[kind]}`,
          startsAt: at(day, 14), endsAt: at(day, 16), heldOn: day, checkinOpensAt: at(day, 13), checkinClosesAt: at(day, 17), checkinCode: uuidv7().slice(-12), status: 'held',
        });
      }
    }
    for (const i of items.filter((x) => x.source === 'manual')) {
      const share = (month - 1) / 12;
      const value = i.indicator === 'yesno' ? (R() < 0.6 * diligence ? 1 : 0) : Math.round(i.target * share * diligence * (0.6 + R() * 0.6));
      if (value > 0) {
        const id = uuidv7();
        evidence.push({ regionId: o.regionId, id, itemId: i.id, orgId: b.id, year, value, note: `${i.name}台账`, fileKey: `demo/${id}.pdf`, fileName: `${i.name}.pdf`, contentType: 'pdf', size: 0, createdBy: null, createdAt: at(`${year}-${String(Math.max(1, month - 1)).padStart(2, '0')}-20`, 10) });
      }
    }
  }
  for (let k = 0; k < acts.length; k += 500) await tx.insert(activities).values(acts.slice(k, k + 500));
  for (let k = 0; k < evidence.length; k += 500) await tx.insert(dutyEvidence).values(evidence.slice(k, k + 500));

  const ctx = { db: tx, now: () => o.now } as unknown as Ctx;
  const reports = [];
  const pubs = [];
  for (const [n, b] of branches.entries()) {
    const live = await liveFigures(ctx, SEED_PRINCIPAL, { regionId: o.regionId, id: b.id, name: b.name, path: b.path, secretaryName: b.secretaryName, secretaryMemberId: null }, year);
    const blank = { ...live, score: 0, done: 0, lines: live.lines.map((l) => ({ ...l, done: 0, ratio: 0, points: 0, behind: false, records: [] })) };
    pubs.push({ regionId: o.regionId, id: uuidv7(), orgId: b.id, year, point: 'start', publishedAt: at(`${year}-01-10`, 9), publishedBy: '支部书记', snapshot: blank });
    if (month >= 7) pubs.push({ regionId: o.regionId, id: uuidv7(), orgId: b.id, year, point: 'mid', publishedAt: at(`${year}-07-05`, 9), publishedBy: '支部书记', snapshot: live });
    const r = n % 10;
    const status = r < 2 ? 'open' : r < 4 ? 'submitted' : r < 7 ? 'grid_accepted' : r < 9 ? 'committee_accepted' : 'returned';
    const reviews = [];
    const sent = at(`${year}-${String(Math.max(1, month - 1)).padStart(2, '0')}-20`, 10).toISOString();
    if (status !== 'open') reviews.push({ level: 'secretary', decision: 'submit', comment: null, by: b.secretaryName ?? '支部书记', at: sent });
    const when = at(`${year}-${String(Math.max(1, month - 1)).padStart(2, '0')}-25`, 10).toISOString();
    if (status === 'returned') reviews.push({ level: 'grid', decision: 'return', comment: '三会一课记录不全，请补充会议记录后再报', by: '网格长', at: when });
    if (status !== 'open' && status !== 'returned') reviews.push({ level: 'grid', decision: 'accept', comment: null, by: '网格长', at: when });
    if (status === 'committee_accepted') reviews.push({ level: 'committee', decision: 'accept', comment: null, by: '商会党委', at: when });
    reports.push({ regionId: o.regionId, id: uuidv7(), orgId: b.id, year, version: 1, current: true, status, reason: null, reviews, createdAt: at(`${year}-01-10`, 9) });
  }
  if (pubs.length) await tx.insert(dutyPublications).values(pubs);
  if (reports.length) await tx.insert(dutyReports).values(reports);
  return { branches: branches.length, items: items.length };
}
