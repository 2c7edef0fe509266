/**
 * Test fixtures of co-building (src/server/modules/cobuild/*.test.ts): 白峰's joint meeting with a
 * canteen unit as a member, three villages and communities and a school, and a sign-in per role. Built through the
 * API on top of the shared test world (test/support/factories.ts).
 */
import { json, type Client, type TestApp } from './app.ts';
import * as make from './factories.ts';

export interface CobuildWorld {
  w: make.World;
  regionId: string;
  allianceId: string;
  unit: { canteen: string; school: string; fengnan: string; shangyang: string; baifengcun: string };
  org: { canteen: string; fengnan: string; shangyang: string; baifengcun: string };
  office: Client;
  liaison: Client;
  /** secretaries of 上阳村 and 白峰村 (village party committees) */
  shangyang: Client;
  baifengcun: Client;
  fengnan: Client;
  regionAdmin: Client;
  otherRegionAdmin: Client;
}

export async function cobuildWorld(t: TestApp): Promise<CobuildWorld> {
  const w = await make.world(t);
  const B = w.B.id;
  const unit = async (kind: string, name: string, orgId: string | null) =>
    make.created<{ id: string }>(await w.bAdmin.post('/api/v1/units', { regionId: B, kind, name, orgId }), `unit ${name}`).id;
  const canteenOrg = await make.org(t, B, w.B.rootOrgId, '光明码头党支部');
  const fengnanOrg = await make.org(t, B, w.B.rootOrgId, '峰南社区党委', 'committee');
  const shangyangOrg = await make.org(t, B, w.B.rootOrgId, '上阳村党委', 'committee');
  const baifengcunOrg = await make.org(t, B, w.B.rootOrgId, '白峰村党委', 'committee');
  const canteen = await unit('enterprise', '宁波港光明码头有限公司', canteenOrg.id);
  const school = await unit('school', '白峰镇中心学校', null);
  const fengnan = await unit('community', '峰南社区', fengnanOrg.id);
  const shangyang = await unit('village', '上阳村', shangyangOrg.id);
  const baifengcun = await unit('village', '白峰村', baifengcunOrg.id);
  make.created(await w.bAdmin.post(`/api/v1/alliances/${w.allianceB}/members`, { unitIds: [canteen, school] }), 'alliance members', 200);
  const liaison = await make.user(t, { grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: canteen, regionId: B }] });
  return {
    w, regionId: B, allianceId: w.allianceB,
    unit: { canteen, school, fengnan, shangyang, baifengcun },
    org: { canteen: canteenOrg.id, fengnan: fengnanOrg.id, shangyang: shangyangOrg.id, baifengcun: baifengcunOrg.id },
    office: (await make.coordinator(t, B, w.allianceB)).client,
    liaison: liaison.client,
    shangyang: (await make.orgAdmin(t, B, shangyangOrg.id)).client,
    baifengcun: (await make.orgAdmin(t, B, baifengcunOrg.id)).client,
    fengnan: (await make.orgAdmin(t, B, fengnanOrg.id)).client,
    regionAdmin: w.bAdmin,
    otherRegionAdmin: w.admin,
  };
}

/** A need body for the canteen (2 vacancies unless said otherwise). */
export const canteenNeed = (cw: CobuildWorld, over: Record<string, unknown> = {}) => ({
  allianceId: cw.allianceId, category: 'jobs', title: '光明码头食堂招聘帮厨', description: '食堂缺帮厨两名，优先本地村民',
  quantity: 2, wantedBy: '2026-12-10', unitId: cw.unit.canteen, ...over,
});

/** A need raised by the office for the canteen, accepted and published; its id. */
export async function publishedNeed(cw: CobuildWorld, over: Record<string, unknown> = {}): Promise<string> {
  const id = make.created<{ id: string }>(await cw.office.post('/api/v1/needs', canteenNeed(cw, over)), 'need').id;
  make.created(await cw.office.post(`/api/v1/needs/${id}/publish`), 'publish', 200);
  return id;
}

/** Dispatches a need and answers the dispatch id per recipient unit or org id. */
export async function dispatch(cw: CobuildWorld, needId: string, body: Record<string, unknown>): Promise<Map<string, string>> {
  const out = make.created<{ need: { dispatches: { id: string; unitId: string | null; orgId: string | null }[] } }>(
    await cw.office.post(`/api/v1/needs/${needId}/dispatches`, body), 'dispatch', 200);
  return new Map(out.need.dispatches.map((d) => [d.unitId ?? d.orgId!, d.id]));
}

export { json };
