import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type TestApp, type Client } from '../../../../test/support/app.ts';
import { seedIfEmpty } from '../../seed.ts';
import { parseIdNumber } from './idcard.ts';
import { expectUnchanged, snapshot } from '../../../../test/support/refused.ts';

let t: TestApp;
let admin: Client;
const regionId: Record<string, string> = {};

beforeAll(async () => {
  t = await demoApp();
  admin = await t.login('admin');
  for (const r of json(await admin.get('/api/v1/regions')).items) regionId[r.code] = r.id;
}, 600_000);

type Node = { name: string; kind: string; memberCount: number; branchCount: number; children: Node[] };
const find = (nodes: Node[], name: string): Node | undefined => {
  for (const n of nodes) { if (n.name === name) return n; const c = find(n.children, name); if (c) return c; }
  return undefined;
};

describe('the article’s demo data', () => {
  it('孔浦: the 五朵金花 cluster of 5 communities with 20 branches and 800+ members, plus 百合社区', async () => {
    const alliances = json(await admin.get(`/api/v1/alliances?regionId=${regionId.kongpu}`)).items;
    const cluster = alliances.find((a: { name: string }) => a.name === '五朵金花');
    expect(cluster).toMatchObject({ kind: 'cluster', orgCount: 5 });
    const tree = json(await admin.get(`/api/v1/orgs/tree?regionId=${regionId.kongpu}`)).items as Node[];
    let branches = 0; let people = 0;
    for (const c of ['怡江', '绿梅', '红梅', '白杨', '文竹']) {
      const n = find(tree, `${c}社区党委`)!;
      branches += n.branchCount; people += n.memberCount;
    }
    expect(branches).toBe(20);
    expect(people).toBeGreaterThanOrEqual(800);
    expect(find(tree, '百合青年支部')).toBeTruthy();
  });

  it('白峰: the enterprise joint general branch and a joint meeting of 16 units of every kind', async () => {
    const meeting = json(await admin.get(`/api/v1/alliances?regionId=${regionId.baifeng}&kind=joint_meeting`)).items[0];
    expect(meeting.unitCount).toBe(16);
    const detail = json(await admin.get(`/api/v1/alliances/${meeting.id}`));
    const kinds = new Set(detail.units.map((u: { kind: string }) => u.kind));
    for (const k of ['enterprise', 'army', 'school', 'bank', 'hospital']) expect(kinds.has(k)).toBe(true);
    const tree = json(await admin.get(`/api/v1/orgs/tree?regionId=${regionId.baifeng}`)).items as Node[];
    expect(find(tree, '北临港产业园区企业联合党总支')?.kind).toBe('general_branch');
    const volunteers = json(await admin.get(`/api/v1/members?regionId=${regionId.baifeng}&tags=volunteer&pageSize=1`)).total;
    expect(volunteers).toBeGreaterThanOrEqual(37);
  });

  it('骆驼: the chamber committee, 9 grids of 5–8 branches, 52 branches, 183 enterprises (119 above scale), 512 members', async () => {
    const grids = json(await admin.get(`/api/v1/alliances?regionId=${regionId.luotuo}&kind=grid`)).items;
    expect(grids).toHaveLength(9);
    for (const g of grids) { expect(g.orgCount).toBeGreaterThanOrEqual(5); expect(g.orgCount).toBeLessThanOrEqual(8); }
    expect(grids.reduce((s: number, g: { unitCount: number }) => s + g.unitCount, 0)).toBe(183);
    const tree = json(await admin.get(`/api/v1/orgs/tree?regionId=${regionId.luotuo}`)).items as Node[];
    expect(find(tree, '镇海骆驼商会党委')).toMatchObject({ branchCount: 52, memberCount: 512 });
    // the region's enterprises: the chamber's 183 (all in grids, above) and 62 more that bridged loans through its
    // mutual-aid fund without being members (245 in the article; money/seed-fund.ts)
    expect(json(await admin.get(`/api/v1/units?regionId=${regionId.luotuo}&kind=enterprise&pageSize=1`)).total).toBe(183 + 62);
    expect(json(await admin.get(`/api/v1/units?regionId=${regionId.luotuo}&kind=enterprise&aboveScale=true&pageSize=1`)).total).toBe(119);
  });

  it('people are fictional but valid: check digits, births agreeing, no duplicates', async () => {
    const rows = await t.database.query<{ id_number: string; birth_date: string; gender: string }>('select id_number, birth_date::text, gender from members');
    expect(rows.length).toBeGreaterThan(1500);
    for (const r of rows) {
      const p = parseIdNumber(r.id_number);
      expect(p.ok).toBe(true);
      if (p.ok) expect(p.info).toEqual({ birthDate: r.birth_date, gender: r.gender });
    }
    expect(new Set(rows.map((r) => r.id_number)).size).toBe(rows.length);
  });

  it('one sign-in per role, each seeing only its part', async () => {
    const kp = await t.login('kongpu');
    expect(json(await kp.get('/api/v1/regions')).items.map((r: { code: string }) => r.code)).toEqual(['kongpu']);
    const yj = await t.login('yijiang');
    const list = json(await yj.get('/api/v1/members?pageSize=500')).items;
    expect(list.length).toBe(164);
    expect(list.every((m: { orgName: string }) => m.orgName.startsWith('怡江'))).toBe(true);
    const member = await t.login('member');
    const me = json(await member.get('/api/v1/me/member'));
    expect(me.orgName).toBe('怡江社区第一党支部');
    expect(me.idNumber).not.toContain('*');
    expect(json(await member.get('/api/v1/members')).total).toBe(0);
  });

  it('seeding twice does nothing', async () => {
    expect(Number((await t.database.query<{ n: number }>('select count(*)::int as n from members'))[0].n)).toBeGreaterThan(1500);
    const before = await snapshot(t);
    const again = await seedIfEmpty(t.database, t.config);
    expect(again.created).toBe(false);
    await expectUnchanged(before);
  });
});
