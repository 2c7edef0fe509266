/**
 * Every figure of the catalogue agrees with its records (issue 16: "the count on the list and the figure always
 * agree — a test checks this for every figure in the catalogue on the demo data"): on each demo region, for all time
 * and for the demo's year, the records list read page by page has exactly as many rows as the figure counts, and a
 * sum (a ratio) computed from the rows' values is the figure. A figure added to a manifest is checked here without
 * anyone listing it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type TestApp } from '../../../../test/support/app.ts';
import type { Ctx } from '../context.ts';
import { computeRecords, computeValue, FIGURES, parsePeriod, resolveLevel, type FigureLevel } from './engine.ts';

let t: TestApp;
let ctx: Ctx;
let levels: FigureLevel[] = [];
const PAGE = 500;

beforeAll(async () => {
  t = await demoApp();
  ctx = { database: t.database, db: t.database.db, now: t.clock.now, config: t.config };
  const regions = await t.database.query<{ id: string }>('select id from regions order by code');
  levels = await Promise.all(regions.map((r) => resolveLevel(ctx, { regionId: r.id, scopeKind: 'region' })));
}, 600_000);

/** what the rows' values make: their count, their sum, or 100 × their average rounded as the engine rounds */
function fromRows(aggregate: 'count' | 'sum' | 'ratio', values: number[]): number {
  if (aggregate === 'count') return values.length;
  const sum = values.reduce((a, v) => a + v, 0);
  if (aggregate === 'sum') return sum;
  return values.length ? Math.round((1000 * sum) / values.length) / 10 : 0;
}

describe('the figures catalogue on the demo data', () => {
  it('has figures of every capability that records what the article counts', () => {
    const caps = new Set(FIGURES.map((f) => f.key.split('.')[0]));
    for (const cap of ['directory', 'cluster', 'activities', 'venues', 'cobuild']) expect([...caps]).toContain(cap);
    expect(new Set(FIGURES.map((f) => f.key)).size).toBe(FIGURES.length);
  });

  for (const period of ['all', '2026']) {
    it(`every figure, on every demo region, ${period === 'all' ? 'for all time' : `in ${period}`}: the records list counts exactly the figure`, async () => {
      const p = parsePeriod(period);
      const mismatches: string[] = [];
      const nonEmpty = new Set<string>();
      for (const def of FIGURES) {
        for (const level of levels) {
          const { value } = await computeValue(ctx, def, level, p);
          const values: number[] = [];
          const ids = new Set<string>();
          let total: number | undefined;
          for (let page = 1; ; page++) {
            const r = await computeRecords(ctx, def, level, p, { page, pageSize: PAGE });
            total = r.total;
            for (const x of r.items) { values.push(x.value); ids.add(x.id); }
            if (r.items.length < PAGE) break;
          }
          const made = fromRows(def.aggregate, values);
          const where = `${def.key} on ${level.name}`;
          if (values.length !== total) mismatches.push(`${where}: ${values.length} rows read, the list says ${total}`);
          if (ids.size !== values.length) mismatches.push(`${where}: ${values.length - ids.size} rows share an id`);
          if (Math.abs(made - value) > 1e-6) mismatches.push(`${where}: the figure is ${value}, its ${values.length} rows make ${made}`);
          if (values.length) nonEmpty.add(def.key);
        }
      }
      expect(mismatches).toEqual([]);
      // not vacuous: the demo holds records for most of the catalogue (all of it, for all time, save a few)
      expect(nonEmpty.size).toBeGreaterThan(FIGURES.length * (period === 'all' ? 0.8 : 0.6));
    }, 600_000);
  }
});
