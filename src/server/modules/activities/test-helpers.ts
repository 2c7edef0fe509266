import { members } from '../directory/schema.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { TestApp } from '../../../../test/support/app.ts';

let n = 0;

/** Inserts members straight into the roster (the directory module owns the real import). */
export async function addMembers(t: TestApp, regionId: string, orgId: string, count: number, prefix = '党员'): Promise<string[]> {
  const rows = Array.from({ length: count }, () => {
    const i = ++n;
    return {
      regionId, id: uuidv7(), orgId, name: `${prefix}${i}`, namePinyin: `dangyuan${String(i).padStart(5, '0')}`, gender: i % 2 ? 'male' : 'female',
      birthDate: '1980-01-01', idNumber: `T${regionId.slice(-6)}${String(i).padStart(8, '0')}${Math.random().toString(36).slice(2, 6)}`,
      stage: 'full', joinedOn: '2005-07-01',
    };
  });
  for (let i = 0; i < rows.length; i += 500) await t.database.db.insert(members).values(rows.slice(i, i + 500));
  return rows.map((r) => r.id);
}

/** A signed-in member (role `member` on their own record, linked through users.member_id). */
export async function memberUser(t: TestApp, regionId: string, memberId: string) {
  return t.user({ memberId, memberRegionId: regionId, grants: [{ role: 'member', scopeKind: 'member', scopeId: memberId, regionId }] });
}

export const adminOf = (t: TestApp, regionId: string) =>
  t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: regionId, regionId }] });
export const orgAdminOf = (t: TestApp, regionId: string, orgId: string) =>
  t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: orgId, regionId }] });

/** An ISO time `minutes` from the test clock's now. */
export const at = (t: TestApp, minutes: number) => new Date(t.clock.now() + minutes * 60_000).toISOString();
