import { and, eq, like } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { SERVICE_KINDS } from '../../../shared/chamber.ts';
import type { Tx } from '../../db/client.ts';
import { assignCase, endAssignments, moveCase, openCase, rateCase, type Who } from '../../platform/cases/engine.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seededRandom } from '../../platform/random.ts';
import { grants, users } from '../../platform/schema.ts';
import { alliances, units } from '../directory/schema.ts';
import { agencyServices, serviceRequests } from './schema.ts';
import { REQUEST_FLOW } from './services.ts';

type Service = (typeof SERVICE_KINDS)[number];

/** The 9 agencies of the service alliance (the street's offices among them) and what each offers. */
export const DEMO_AGENCIES: [string, Service[]][] = [
  ['骆驼街道经济发展服务中心', ['project', 'permits']],
  ['镇海甬信知识产权代理事务所', ['patent']],
  ['浙江环能评价咨询有限公司', ['energy_env']],
  ['浙江骆商律师事务所', ['legal']],
  ['镇海农商银行骆驼支行', ['finance']],
  ['骆驼街道人力资源服务站', ['talent']],
  ['骆驼街道安全生产服务所', ['safety']],
  ['镇海正和财税服务有限公司', ['tax', 'finance']],
  ['骆驼街道便民审批代办中心', ['permits', 'project']],
];
const TITLES: Record<Service, string[]> = {
  project: ['省级技改项目申报', '“专精特新”企业认定申报'], patent: ['实用新型专利申请', '发明专利布局咨询'], energy_env: ['新建车间能评', '扩产项目环评'],
  legal: ['劳动合同文本审查', '应收账款催收法律意见'], finance: ['转贷续贷咨询', '设备融资租赁对接'], talent: ['技工招聘对接', '校企合作订单班'],
  safety: ['安全生产标准化辅导', '消防隐患排查'], tax: ['研发费用加计扣除辅导', '出口退税申报'], permits: ['厂房扩建规划许可代办', '排污许可证代办'],
};

/**
 * A year of requests: most closed and rated by their enterprise, a few overdue with their agency (unsigned or
 * not replied in time), one handed back to the dispatcher, some just submitted. Sign-ins: the legal agency's
 * liaison (`fuwu`), the liaison of an enterprise with a request to rate (`qiye`) and the first grid's leader (`wangge`).
 */
export async function seedServices(tx: Tx, o: { regionId: string; chamberId: string; now: number; hash: () => Promise<string> }) {
  const R = seededRandom(20_250_009);
  const int = (a: number, b: number) => a + Math.floor(R() * (b - a + 1));
  const today = todayShanghai(o.now);
  const agencies: { id: string; name: string; services: Service[] }[] = [];
  for (const [name, services] of DEMO_AGENCIES) {
    const id = uuidv7();
    await tx.insert(units).values({ regionId: o.regionId, id, kind: 'agency', name, liaisonName: '联络员', address: '宁波市镇海区骆驼街道' });
    await tx.insert(agencyServices).values(services.map((service) => ({ regionId: o.regionId, unitId: id, service })));
    agencies.push({ id, name, services });
  }
  const enterprises = await tx.select({ id: units.id, name: units.name }).from(units)
    .where(and(eq(units.regionId, o.regionId), eq(units.kind, 'enterprise'), like(units.name, '宁波骆驼%'))).orderBy(units.name);
  const committee: Who = { id: null, name: '商会服务联盟受理窗口' };
  const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const year = Number(today.slice(0, 4));
  const N = 60;
  for (let i = 0; i < N; i++) {
    const agency = agencies[i % agencies.length];
    const service = agency.services[i % agency.services.length];
    const e = enterprises[(i * 7) % enterprises.length];
    const recent = i >= N - 8;
    const day = i === N - 5 ? addDays(today, -20) : recent ? addDays(today, -(N - i) * 2 - 3) : addDays(today, -365 + Math.floor((i / N) * 330));
    const c0 = await openCase(tx, REQUEST_FLOW, { id: null, name: `${e.name}联络员` }, {
      regionId: o.regionId, orgId: o.chamberId, title: TITLES[service][i % 2], year: Number(day.slice(0, 4)) || year, at: at(day, 9), data: { service, unitId: e.id },
    });
    await tx.insert(serviceRequests).values({ regionId: o.regionId, id: c0.id, orgId: o.chamberId, unitId: e.id, service, detail: `${e.name}申请${TITLES[service][i % 2]}，请协助办理。` });
    const key = and(eq(serviceRequests.regionId, o.regionId), eq(serviceRequests.id, c0.id));
    if (i === N - 1) continue; // just submitted, waiting for the dispatcher
    const dispatchedAt = at(day, 14);
    await assignCase(tx, c0, committee, { role: 'agency', unitId: agency.id, name: agency.name, at: dispatchedAt });
    let c = await moveCase(tx, REQUEST_FLOW, committee, c0, { to: 'dispatched', at: dispatchedAt, clockFrom: dispatchedAt, note: agency.name });
    await tx.update(serviceRequests).set({ agencyId: agency.id, dispatchedAt }).where(key);
    const aw: Who = { id: null, name: agency.name };
    if (i === N - 2) continue; // dispatched days ago and never signed for: overdue
    if (i === N - 3) { // handed back: with the dispatcher again
      const back = at(addDays(day, 1), 10);
      await endAssignments(tx, c, 'agency', back);
      await moveCase(tx, REQUEST_FLOW, aw, c, { to: 'accepted', at: back, note: '该事项需由具备甲级资质的机构办理，本所无法承接', data: { handBack: true, agencyId: agency.id } });
      await tx.update(serviceRequests).set({ agencyId: null, handedBack: 1, lastHandBack: '该事项需由具备甲级资质的机构办理，本所无法承接' }).where(key);
      continue;
    }
    c = await moveCase(tx, REQUEST_FLOW, aw, c, { to: 'handling', at: at(addDays(day, i % 5 === 0 ? 2 : 1), 9) });
    if (i === N - 4 || i === N - 5) continue; // signed, no result yet (one past its 10 working days)
    const doneDay = addDays(day, int(3, 12));
    const result = `已完成${TITLES[service][i % 2]}，相关材料已交企业。`;
    await tx.update(serviceRequests).set({ result }).where(key);
    c = await moveCase(tx, REQUEST_FLOW, aw, c, { to: 'replied', at: at(doneDay, 16), note: result });
    if (i === N - 6) continue; // replied, the enterprise has not rated it yet
    const rated = at(addDays(doneDay, 1), 10);
    const ew: Who = { id: null, name: `${e.name}联络员` };
    await rateCase(tx, REQUEST_FLOW, c, ew, { subject: 'enterprise', value: R() < 0.85 ? 5 : 4, at: rated });
    await moveCase(tx, REQUEST_FLOW, ew, c, { to: 'closed', at: rated });
  }

  // sign-ins: the legal agency's liaison, an enterprise's liaison, the first grid's leader
  const legal = agencies.find((a) => a.services.includes('legal'))!;
  const [grid1] = await tx.select().from(alliances).where(and(eq(alliances.regionId, o.regionId), eq(alliances.kind, 'grid'), like(alliances.name, '第一网格%')));
  // the enterprise whose request waits for its rating
  const firstEnt = enterprises[((N - 6) * 7) % enterprises.length];
  const logins = [
    { username: 'fuwu', displayName: `${legal.name}联络员（演示）`, role: 'unit_liaison' as const, scopeKind: 'unit' as const, scopeId: legal.id, label: `agency liaison, ${legal.name}` },
    { username: 'qiye', displayName: `${firstEnt.name}联络员（演示）`, role: 'unit_liaison' as const, scopeKind: 'unit' as const, scopeId: firstEnt.id, label: `enterprise liaison, ${firstEnt.name}` },
    ...(grid1 ? [{ username: 'wangge', displayName: `${grid1.name}网格长（演示）`, role: 'alliance_coordinator' as const, scopeKind: 'alliance' as const, scopeId: grid1.id, label: `grid leader, ${grid1.name}` }] : []),
  ];
  for (const l of logins) {
    const id = uuidv7();
    await tx.insert(users).values({ id, username: l.username, displayName: l.displayName, passwordHash: await o.hash() });
    await tx.insert(grants).values({ regionId: o.regionId, id: uuidv7(), userId: id, role: l.role, scopeKind: l.scopeKind, scopeId: l.scopeId });
  }
  return logins.map((l) => ({ username: l.username, role: l.label }));
}
