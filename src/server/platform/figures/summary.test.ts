/**
 * The per-day summaries (summary.ts, docs/scaling.md "Figures at scale"): for every figure that keeps one, the number
 * read from the summary is the live aggregate over the figure's rows — on the demo data, on every level kind, for
 * every period, with the comparisons, the trend and the ranking — and stays so after writes through the app (a
 * check-in, hours recorded, approved and reversed) and writes no route makes (an activity cancelled, a volunteer moved
 * to another team, a team given another owner, a load that bypassed the triggers).
 */
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type Client, type TestApp } from '../../../../test/support/app.ts';
import type { Ctx } from '../context.ts';
import { rowsOf } from '../rows.ts';
import {
  computeRanking, computeTrend, computeValue, FIGURES, parsePeriod, resolveLevel, type CatalogueFigure, type FigureLevel,
} from './engine.ts';
import { markAllDirty } from './summary.ts';
import { figureClock, rowsAt } from './types.ts';

let t: TestApp;
let ctx: Ctx;
let bf: string;
let baifeng: Client;
const levels: FigureLevel[] = [];
const SUMMARISED = FIGURES.filter((f) => f.summary);
/** the same figure without its summary: the engine reads its rows */
const live = (d: CatalogueFigure): CatalogueFigure => ({ ...d, summary: undefined });
const PERIODS = ['all', '2026', '2026Q4', '2026-11', '2026-11-01..2026-11-20'].map(parsePeriod);

beforeAll(async () => {
  t = await demoApp();
  ctx = { database: t.database, db: t.database.db, now: t.clock.now, config: t.config };
  baifeng = await t.login('baifeng');
  [{ id: bf }] = await t.database.query<{ id: string }>(`select id from regions where name like '%白峰%'`);
  const regions = await t.database.query<{ id: string }>('select id from regions order by code');
  for (const r of regions) {
    levels.push(await resolveLevel(ctx, { regionId: r.id, scopeKind: 'region' }));
    const orgs = await t.database.query<{ id: string }>('select id from orgs where region_id = $1 and depth <= 1 order by path limit 4', [r.id]);
    for (const o of orgs) levels.push(await resolveLevel(ctx, { regionId: r.id, scopeKind: 'org', scopeId: o.id }));
    const als = await t.database.query<{ id: string }>('select id from alliances where region_id = $1 order by id limit 2', [r.id]);
    for (const a of als) levels.push(await resolveLevel(ctx, { regionId: r.id, scopeKind: 'alliance', scopeId: a.id }));
    const units = await t.database.query<{ id: string }>('select id from units where region_id = $1 order by id limit 2', [r.id]);
    for (const u of units) levels.push(await resolveLevel(ctx, { regionId: r.id, scopeKind: 'unit', scopeId: u.id }));
  }
}, 600_000);

/** Every summarised figure on `on` (default every level): the summary's value, comparisons, trend and ranking vs the rows'. */
async function mismatches(on: FigureLevel[] = levels): Promise<string[]> {
  const out: string[] = [];
  for (const def of SUMMARISED) {
    for (const level of on) {
      for (const p of PERIODS) {
        const [a, b] = await Promise.all([computeValue(ctx, def, level, p, { compare: true }), computeValue(ctx, live(def), level, p, { compare: true })]);
        if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${def.key} on ${level.name} in ${p.key}: summary ${JSON.stringify(a)}, rows ${JSON.stringify(b)}`);
      }
      const year = parsePeriod('2026');
      const [ta, tb] = [await computeTrend(ctx, def, level, year, 'month', '2026-11-25'), await computeTrend(ctx, live(def), level, year, 'month', '2026-11-25')];
      if (JSON.stringify(ta) !== JSON.stringify(tb)) out.push(`${def.key} on ${level.name}: trend differs`);
      const [ra, rb] = [await computeRanking(ctx, def, level, year), await computeRanking(ctx, live(def), level, year)];
      if (JSON.stringify(ra) !== JSON.stringify(rb)) out.push(`${def.key} on ${level.name}: ranking differs`);
    }
  }
  return out;
}

const value = async (key: string, level: FigureLevel, period = 'all') => (await computeValue(ctx, FIGURES.find((f) => f.key === key)!, level, parsePeriod(period))).value;
const region = () => levels.find((l) => l.kind === 'region' && l.regionId === bf)!;

describe('the figures kept as per-day summaries', () => {
  it('are the big flows, and every table their rows read carries the trigger that marks the days a write touches', async () => {
    expect(SUMMARISED.map((f) => f.key).sort()).toEqual(['activities.attendances', 'venues.serviceHours']);
    const triggers = rowsOf<{ t: string }>(await ctx.db.execute(sql`select c.relname as t from pg_trigger g join pg_class c on c.oid = g.tgrelid
      where g.tgname = 'figure_summary_mark'`)).map((r) => r.t);
    for (const def of SUMMARISED) {
      for (const table of def.summary!.sources) expect(triggers, `${def.key}: ${table}`).toContain(table);
      // every table named in the rows is a declared source, or one whose rows cannot change the figure (members:
      // the check-ins' foreign key keeps a member with check-ins; for the hours only the name is read)
      const text = new PgDialect().sqlToQuery(rowsAt(def, figureClock(Date.now()))).sql;
      const tables = [...text.matchAll(/(?:from|join)\s+([a-z_]+)\s/g)].map((m) => m[1]!);
      for (const table of tables) if (table !== 'members') expect(def.summary!.sources, `${def.key} reads ${table}`).toContain(table);
    }
  });

  it('on the demo data: every level kind and period, the comparisons, trend and ranking read from the summary are the rows\' own', async () => {
    expect(await mismatches()).toEqual([]);
    // not vacuous: the demo has check-ins and approved hours, and the summary holds them
    expect(await value('activities.attendances', region())).toBeGreaterThan(0);
    expect(await value('venues.serviceHours', region())).toBeGreaterThan(0);
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from figure_summaries where region_id = $1`, [bf]);
    expect(n).toBeGreaterThan(0);
  }, 600_000);

  it('after writes through the app — a check-in, hours recorded, approved and reversed — the summary is the rows\' at once', async () => {
    const lv = levels.filter((l) => l.regionId === bf);
    const before = { att: await value('activities.attendances', region()), hours: await value('venues.serviceHours', region()) };
    // a check-in taken back (no route does: SQL), then made again through the app
    const [ci] = await t.database.query<{ activity_id: string; member_id: string }>(`select c.activity_id, c.member_id from activity_checkins c
      join activities a on a.region_id = c.region_id and a.id = c.activity_id
      where c.region_id = $1 and a.status <> 'cancelled' order by c.at desc limit 1`, [bf]);
    expect(ci).toBeDefined();
    await t.database.query('delete from activity_checkins where region_id = $1 and activity_id = $2 and member_id = $3', [bf, ci!.activity_id, ci!.member_id]);
    expect(await value('activities.attendances', region())).toBe(before.att - 1);
    expect((await baifeng.post(`/api/v1/activities/${ci!.activity_id}/checkins`, { memberIds: [ci!.member_id] })).statusCode).toBe(201);
    expect(await value('activities.attendances', region())).toBe(before.att);
    // 2.5 hours recorded for a volunteer of the region, then reversed with a corrected 1.5
    const [vol] = await t.database.query<{ id: string }>(`select id from volunteers where region_id = $1 order by id limit 1`, [bf]);
    const rec = await baifeng.post('/api/v1/volunteer-hours', { volunteerId: vol!.id, description: '测试服务', servedOn: '2026-11-20', hours: 2.5 });
    expect(rec.statusCode).toBe(201);
    const entry = json<{ id: string; status: string }>(rec);
    if (entry.status === 'pending') expect((await baifeng.post(`/api/v1/volunteer-hours/${entry.id}/approve`, {})).statusCode).toBe(200);
    expect(await value('venues.serviceHours', region())).toBeCloseTo(before.hours + 2.5, 6);
    const rev = await baifeng.post(`/api/v1/volunteer-hours/${entry.id}/reverse`, { reason: '时长记错', replacement: { servedOn: '2026-11-19', hours: 1.5 } });
    expect(rev.statusCode).toBe(200);
    expect(await value('venues.serviceHours', region())).toBeCloseTo(before.hours + 1.5, 6);
    expect(await mismatches(lv)).toEqual([]);
  }, 600_000);

  it('after writes no route of the figure makes — an activity cancelled, a volunteer moved, a team given another owner — too', async () => {
    const lv = levels.filter((l) => l.regionId === bf);
    const att = await value('activities.attendances', region());
    const [act] = await t.database.query<{ id: string; n: number }>(`select a.id, count(*)::int as n from activities a join activity_checkins c
      on c.region_id = a.region_id and c.activity_id = a.id where a.region_id = $1 and a.status <> 'cancelled' group by a.id order by n desc limit 1`, [bf]);
    await t.database.query(`update activities set status = 'cancelled' where region_id = $1 and id = $2`, [bf, act!.id]);
    expect(await value('activities.attendances', region())).toBe(att - act!.n);
    const [v] = await t.database.query<{ id: string; team_id: string }>(`select v.id, v.team_id from volunteers v where v.region_id = $1
      and exists (select 1 from volunteer_hours h where h.region_id = v.region_id and h.volunteer_id = v.id and h.status = 'approved') order by v.id limit 1`, [bf]);
    const [other] = await t.database.query<{ id: string }>(`select id from volunteer_teams where region_id = $1 and id <> $2 order by id limit 1`, [bf, v!.team_id]);
    await t.database.query(`update volunteers set team_id = $3 where region_id = $1 and id = $2`, [bf, v!.id, other!.id]);
    const [o] = await t.database.query<{ id: string }>(`select id from orgs where region_id = $1 and depth = 1 order by path desc limit 1`, [bf]);
    await t.database.query(`update volunteer_teams set owner_org_id = $3, owner_alliance_id = null, owner_unit_id = null where region_id = $1 and id = $2`, [bf, other!.id, o!.id]);
    expect(await mismatches(lv)).toEqual([]);
  }, 600_000);

  it('a load that bypassed the triggers is caught up once its days are marked (markAllDirty, as the benchmark does)', async () => {
    const [{ region_id: rid }] = await t.database.query<{ region_id: string }>(`select c.region_id from activity_checkins c
      join activities a on a.region_id = c.region_id and a.id = c.activity_id where a.status <> 'cancelled'
      group by 1 order by count(*) desc limit 1`);
    const top = levels.find((l) => l.kind === 'region' && l.regionId === rid)!;
    const att = await value('activities.attendances', top);
    expect(att).toBeGreaterThan(3);
    // a load with triggers off (session_replication_role = replica, as bench/lib/figures-gen.ts loads)
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from activity_checkins where (region_id, activity_id, member_id) in (select c.region_id, c.activity_id, c.member_id
        from activity_checkins c join activities a on a.region_id = c.region_id and a.id = c.activity_id
        where c.region_id = ${rid} and a.status <> 'cancelled' order by c.at limit 3)`);
    });
    expect(await value('activities.attendances', top)).toBe(att); // stale: nothing marked it
    await markAllDirty(ctx, SUMMARISED);
    expect(await value('activities.attendances', top)).toBe(att - 3);
    expect(await mismatches(levels.filter((l) => l.regionId === rid))).toEqual([]);
  }, 600_000);
});
