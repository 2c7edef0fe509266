import type { Client, TestApp } from '../../../../test/support/app.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { allianceOrgs, alliances, members } from '../directory/schema.ts';
import { projects } from './schema.ts';

let seq = 0;

/** Inserts a member directly (the directory's member service is not needed here). */
export async function addMember(t: TestApp, regionId: string, orgId: string, name = `党员${++seq}`, extra: Partial<typeof members.$inferInsert> = {}) {
  const id = uuidv7();
  await t.database.db.insert(members).values({
    regionId, id, orgId, name, gender: 'female', birthDate: '1950-01-01',
    idNumber: `33020319500101${String(1000 + (++seq % 9000)).padStart(4, '0')}${id.slice(-4)}`,
    stage: 'full', phone: '13800001234', address: '怡江春色 3幢 408室', ...extra,
  });
  return id;
}

export async function addProject(t: TestApp, regionId: string, orgId: string, allianceId: string | null, title = `项目${++seq}`, level = 'branch') {
  const id = uuidv7();
  await t.database.db.insert(projects).values({
    regionId, id, title, level, orgId, allianceId, category: '环境美化', startOn: '2026-01-01', endOn: '2026-12-31',
  });
  return id;
}

export interface World {
  A: { id: string; rootOrgId: string };
  B: { id: string; rootOrgId: string };
  org: Record<'yj' | 'yjb1' | 'lm' | 'lmb1' | 'other' | 'b1', { id: string; path: string }>;
  allianceId: string;
  allianceB: string;
  admin: Client; // region admin of A
  coordinator: Client; // alliance coordinator of 五朵金花
  yjAdmin: Client; // org admin of 怡江
  lmAdmin: Client; // org admin of 绿梅
  bAdmin: Client; // region admin of B
}

/**
 * Region A (孔浦): root ─┬─ 怡江社区党委 ── 怡江第一支部
 *                       ├─ 绿梅社区党委 ── 绿梅第一支部
 *                       └─ 其他党委 (not in the alliance)
 * Alliance 五朵金花 = {怡江, 绿梅}. Region B (白峰): root ── 白峰支部, its own alliance.
 */
export async function world(t: TestApp): Promise<World> {
  const A = await t.region('江北区孔浦街道');
  const B = await t.region('白峰镇');
  const yj = await t.org(A.id, A.rootOrgId, '怡江社区党委', 'committee');
  const yjb1 = await t.org(A.id, yj.id, '怡江第一支部');
  const lm = await t.org(A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  const lmb1 = await t.org(A.id, lm.id, '绿梅第一支部');
  const other = await t.org(A.id, A.rootOrgId, '其他党委', 'committee');
  const b1 = await t.org(B.id, B.rootOrgId, '白峰支部');
  const allianceId = uuidv7();
  const allianceB = uuidv7();
  await t.database.db.insert(alliances).values([
    { regionId: A.id, id: allianceId, kind: 'cluster', name: '五朵金花', leadOrgId: A.rootOrgId },
    { regionId: B.id, id: allianceB, kind: 'joint_meeting', name: '临港联席会议', leadOrgId: B.rootOrgId },
  ]);
  await t.database.db.insert(allianceOrgs).values([
    { regionId: A.id, allianceId, orgId: yj.id }, { regionId: A.id, allianceId, orgId: lm.id },
    { regionId: B.id, allianceId: allianceB, orgId: b1.id },
  ]);
  const g = (role: 'region_admin' | 'alliance_coordinator' | 'org_admin', scopeKind: 'region' | 'alliance' | 'org', scopeId: string, regionId: string) =>
    t.user({ grants: [{ role, scopeKind, scopeId, regionId }] }).then((u) => u.client);
  return {
    A, B, org: { yj, yjb1, lm, lmb1, other, b1 }, allianceId, allianceB,
    admin: await g('region_admin', 'region', A.id, A.id),
    coordinator: await g('alliance_coordinator', 'alliance', allianceId, A.id),
    yjAdmin: await g('org_admin', 'org', yj.id, A.id),
    lmAdmin: await g('org_admin', 'org', lm.id, A.id),
    bAdmin: await g('region_admin', 'region', B.id, B.id),
  };
}

export async function count(t: TestApp, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [r] = await t.database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params);
  return Number(r.n);
}
