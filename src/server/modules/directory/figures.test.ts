import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../../shared/dates.ts';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { member } from '../../../../test/support/factories.ts';
import { directoryFigures } from './figures.ts';
import { figureClock, rowsAt } from '../../platform/figures/types.ts';

/**
 * The directory's figures' rows, read directly (the engine's own tests read them through the routes): every band a
 * breakdown groups by comes out of the stored fields as the party's statistics count them.
 */
let t: TestApp;
let regionId: string;
let today: string;

const def = (key: string) => directoryFigures.find((d) => d.key === key)!;
async function rows(key: string): Promise<Record<string, unknown>[]> {
  const res = await t.database.db.execute(sql`select * from (${rowsAt(def(key), figureClock(t.clock.now()))}) r where r.region_id = ${regionId} `);
  const list = (Array.isArray(res) ? res : (res as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
  return list.sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
}

beforeAll(async () => {
  t = await testApp();
  const A = await t.region('统计街道');
  regionId = A.id;
  const [{ d }] = await t.database.query<{ d: string }>('select current_date::text as d');
  today = d;
  const branch = await t.org(A.id, A.rootOrgId, '统计支部');
  const young = addYears(today, -25);
  await member(t, branch.id, { name: '甲', gender: 'F', birthDate: young, education: '本科', stage: 'probationary', joinedOn: addDays(today, -100), fullOn: null });
  await member(t, branch.id, { name: '乙', gender: 'M', birthDate: '1950-03-01', education: '大专', joinedOn: '1975-07-01', fullOn: '1976-07-01' });
  await member(t, branch.id, { name: '丙', gender: 'M', birthDate: '1980-03-01', education: '在职研究生', joinedOn: '2010-07-01', fullOn: '2011-07-01' });
  await member(t, branch.id, { name: '丁', gender: 'F', birthDate: '1990-03-01', education: null, stage: 'activist', appliedOn: '2024-03-01', activistOn: '2024-09-01', joinedOn: null, fullOn: null });
  const root = await t.user({ platformAdmin: true });
  for (const [name, aboveScale] of [['统计甲公司', true], ['统计乙公司', false]] as const) {
    const res = await root.client.post('/api/v1/units', { regionId, kind: 'enterprise', name, aboveScale, liaisonPhone: '13800000000' });
    expect(res.statusCode).toBe(201);
  }
  const gone = await member(t, branch.id, { name: '戊', gender: 'F', birthDate: '1970-03-01' });
  await t.database.query(`update members set status = 'deceased' where id = $1`, [gone.id]);
});

describe('directory figures', () => {
  it('every figure yields the columns of the rows contract, its display columns and its dimensions', async () => {
    for (const d of directoryFigures) {
      const [r] = await rows(d.key);
      expect(r, d.key).toBeDefined();
      const keys = Object.keys(r);
      for (const c of ['region_id', 'org_id', 'unit_id', 'alliance_id', 'at', 'value', 'id', ...d.columns.map((x) => x.key), ...(d.dimensions ?? []).map((x) => x.key)]) {
        expect(keys, `${d.key}.${c}`).toContain(c);
      }
      expect(keys.some((k) => /phone|id_number|birth/.test(k)), d.key).toBe(false);
      // every code a dimension yields has a label
      for (const dim of d.dimensions ?? []) {
        const seen = new Set((await rows(d.key)).map((x) => x[dim.key]).filter((v) => v !== null).map(String));
        for (const v of seen) expect(dim.values?.[v], `${d.key}.${dim.key}=${v}`).toBeDefined();
      }
    }
  });

  it('members on the roster in the bands of the party statistics; the deceased and the pipeline not counted', async () => {
    const r = await rows('directory.members');
    expect(r.map((x) => [x.name, x.gender, x.age_band, x.education, x.category, x.party_age_band])).toEqual([
      ['丙', 'M', 'a46_50', 'postgraduate', 'full', 'p11_20'],
      ['乙', 'M', 'a71_80', 'college', 'full', 'p41_50'],
      ['甲', 'F', 'a0_30', 'bachelor', 'probationary', 'probationary'],
    ].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
  });

  it('the development pipeline by stage, since the date of the stage', async () => {
    const r = await rows('directory.development');
    expect(r.map((x) => [x.name, x.stage, String(x.since).slice(0, 10), x.education])).toEqual([
      ['丁', 'activist', '2024-09-01', 'unknown'],
      ['甲', 'probationary', addDays(today, -100), 'bachelor'],
    ].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
  });

  it('organisations by kind and units by scale', async () => {
    const orgs = await rows('directory.orgs');
    expect(orgs.map((x) => x.kind).sort()).toEqual(['branch', 'committee']);
    expect((await rows('directory.branches')).map((x) => x.name)).toEqual(['统计支部']);
    expect((await rows('directory.units')).map((x) => [x.name, x.kind, x.above_scale])).toEqual([['统计乙公司', 'enterprise', 'no'], ['统计甲公司', 'enterprise', 'yes']]
      .sort((x, y) => (x[0] < y[0] ? -1 : 1)));
    expect((await rows('directory.unitsAboveScale')).map((x) => x.name)).toEqual(['统计甲公司']);
  });
});
