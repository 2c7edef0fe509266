/**
 * The big screen and its kiosk links (docs/bigscreen.md): an admin makes a link for a level, the token reads that
 * level's big screen signed out (figures from the catalogue, feeds masked), a revoked token answers the same 404
 * as a made-up one, a level out of the caller's scope is refused, the public route is rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, dispatch, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { SCREEN_STALE_MAX, SCREEN_TTL, screenCacheSettled, setScreenCache } from './screen.ts';

let t: TestApp;
let cw: CobuildWorld;
let B: string;
let shangyangActivity: string;
let fengnanActivity: string;
const RATE = 60;

const tokenOf = (path: string | null) => path!.replace('/kiosk/', '');
const kioskAudits = (action: string) => make.count(t, 'audit_log', 'action = $1', [action]);

async function activity(c: Client, orgId: string, title: string) {
  return make.created<{ id: string }>(await c.post('/api/v1/activities', { orgId, kind: 'theme_day', title, startsAt: make.at(t, -120), endsAt: make.at(t, -30) }), title).id;
}

beforeAll(async () => {
  t = await testApp({ publicRatePerMinute: RATE });
  cw = await cobuildWorld(t);
  B = cw.regionId;
  // a check-in at 上阳村 and a settled need whose placement is the same person
  const m = await make.member(t, cw.org.shangyang, { name: '周海燕' });
  shangyangActivity = await activity(cw.regionAdmin, cw.org.shangyang, '上阳村主题党日');
  fengnanActivity = await activity(cw.regionAdmin, cw.org.fengnan, '峰南社区主题党日');
  make.created(await cw.regionAdmin.post(`/api/v1/activities/${shangyangActivity}/checkins`, { memberIds: [m.id] }), 'checkin');
  const need = await publishedNeed(cw, { quantity: 1 });
  const d = (await dispatch(cw, need, { unitIds: [cw.unit.shangyang] })).get(cw.unit.shangyang)!;
  make.created(await cw.shangyang.post(`/api/v1/need-dispatches/${d}/claim`, { slots: 1 }), 'claim', 200);
  make.created(await cw.shangyang.post(`/api/v1/needs/${need}/results`, { slotNo: 1, personName: '周海燕', startOn: '2026-11-26' }), 'result');
  make.created(await cw.liaison.post(`/api/v1/needs/${need}/confirm`), 'confirm', 200);
});
afterAll(() => setScreenCache(true));

describe('kiosk links', () => {
  let regionLink: { id: string; path: string | null };

  it('a region admin creates a link; signed out, its token reads the level\'s big screen with personal data masked', async () => {
    const res = await cw.regionAdmin.post('/api/v1/kiosk-links', { regionId: B, scopeKind: 'region', name: '镇大厅' });
    regionLink = make.created(res, 'kiosk link');
    expect(regionLink).toMatchObject({ scopeKind: 'region', scopeId: B, scopeName: '白峰镇', name: '镇大厅', active: true, keys: null });
    expect(regionLink.path).toMatch(/^\/kiosk\/[A-Za-z0-9_-]{32}$/);
    expect(await kioskAudits('kiosk.create')).toBe(1);

    const pub = await t.anon.get(`/api/v1/public/kiosk/${tokenOf(regionLink.path)}`);
    expect(pub.statusCode, pub.body).toBe(200);
    const s = json(pub);
    expect(s).toMatchObject({ name: '镇大厅', scope: { kind: 'region', id: B, name: '白峰镇' }, refreshSeconds: 15 });
    for (const b of ['figures', 'trends', 'tree', 'feeds']) expect(Date.parse(s[b].computedAt), b).toBe(t.clock.now());
    expect(s.feeds.data.activities.map((a: { title: string }) => a.title)).toEqual(expect.arrayContaining(['上阳村主题党日', '峰南社区主题党日']));
    expect(s.feeds.data.checkins).toEqual([expect.objectContaining({ name: '周**', activityTitle: '上阳村主题党日' })]);
    expect(s.feeds.data.needs).toEqual([expect.objectContaining({ title: '光明码头食堂招聘帮厨', unitName: '宁波港光明码头有限公司', filled: 1, people: ['周**'] })]);
    expect(pub.body).not.toContain('周海燕');
    // the treemap shows the root committee's sub-orgs (the region has one top org)
    expect(s.tree.data.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['上阳村党委', '峰南社区党委']));
    expect(pub.headers['cache-control']).toBe('no-store');

    // the admin's own big screen of the same level agrees, masked alike
    const own = json(await cw.regionAdmin.get(`/api/v1/bigscreen?regionId=${B}&scopeKind=region`));
    expect(own.feeds.data).toEqual(s.feeds.data);
    expect(own.figures.data).toEqual(s.figures.data);
  });

  it('shows figures picked from the catalogue, each equal to the catalogue\'s own value', async () => {
    const cat = json<{ key: string }[]>(await cw.regionAdmin.get('/api/v1/figures'));
    const s = json(await t.anon.get(`/api/v1/public/kiosk/${tokenOf(regionLink.path)}`));
    expect(s.figures.data.length).toBeGreaterThan(0);
    expect(s.figures.data.map((f: { key: string }) => f.key).every((k: string) => cat.some((c) => c.key === k))).toBe(true);
    const keys = s.figures.data.map((f: { key: string }) => f.key).join(',');
    const v = json(await cw.regionAdmin.get(`/api/v1/figures/values?regionId=${B}&scopeKind=region&period=${s.period.key}&keys=${keys}`));
    const byKey = new Map(v.figures.map((f: { key: string; value: number }) => [f.key, f.value]));
    for (const f of s.figures.data) expect(f.value, f.key).toBe(byKey.get(f.key));

    // a link with chosen keys shows those, in that order
    const chosen = s.figures.data.slice(0, 2).reverse().map((f: { key: string }) => f.key);
    const l = make.created<{ path: string }>(await cw.regionAdmin.post('/api/v1/kiosk-links', { regionId: B, scopeKind: 'region', name: '两项', keys: chosen }), 'link');
    const s2 = json(await t.anon.get(`/api/v1/public/kiosk/${tokenOf(l.path)}`));
    expect(s2.figures.data.map((f: { key: string }) => f.key)).toEqual(chosen);
  });

  it('counts the period picked (a year, quarter or month, current or fixed), and a link keeps it', async () => {
    const today = new Date(t.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const quarter = `${today.slice(0, 4)}Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    const q = json(await cw.regionAdmin.get(`/api/v1/bigscreen?regionId=${B}&scopeKind=region&period=quarter`));
    expect(q.period).toMatchObject({ spec: 'quarter', key: quarter });
    const keys = q.figures.data.map((f: { key: string }) => f.key).join(',');
    const v = json(await cw.regionAdmin.get(`/api/v1/figures/values?regionId=${B}&scopeKind=region&period=${quarter}&keys=${keys}`));
    const byKey = new Map<string, { value: number; lastYear: number | null }>(v.figures.map((f: { key: string; value: number; lastYear: number | null }) => [f.key, f]));
    for (const f of q.figures.data) expect([f.value, f.lastYear], f.key).toEqual([byKey.get(f.key)?.value, byKey.get(f.key)?.lastYear]);
    // a fixed year in the past: its trends are that year's 12 months
    const y = String(Number(today.slice(0, 4)) - 1);
    const past = json(await cw.regionAdmin.get(`/api/v1/bigscreen?regionId=${B}&scopeKind=region&period=${y}`));
    expect(past.period).toMatchObject({ spec: y, key: y, from: `${y}-01-01` });
    for (const s of past.trends.data) expect(s.points.map((x: { period: string }) => x.period)).toEqual(Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`));

    const link = make.created<{ path: string; period: string }>(await cw.regionAdmin.post('/api/v1/kiosk-links', { regionId: B, scopeKind: 'region', name: '本月', period: 'month' }), 'link');
    expect(link.period).toBe('month');
    const s = json(await t.anon.get(`/api/v1/public/kiosk/${tokenOf(link.path)}`));
    expect(s.period).toMatchObject({ spec: 'month', key: today.slice(0, 7) });
    // without one, a link counts the current year
    const plain = json<{ period: string }[]>(await cw.regionAdmin.get(`/api/v1/kiosk-links?regionId=${B}`)).find((x) => x.period === 'year');
    expect(plain).toBeTruthy();

    for (const bad of ['2026Q5', '2026-13', 'week', '2026-01-01..2026-02-01']) {
      await expectRefused(() => cw.regionAdmin.post('/api/v1/kiosk-links', { regionId: B, scopeKind: 'region', name: '坏', period: bad }), 400, 'VALIDATION_FAILED', () => snapshot(t));
      await expectRefused(() => cw.regionAdmin.get(`/api/v1/bigscreen?regionId=${B}&scopeKind=region&period=${encodeURIComponent(bad)}`), 400, 'VALIDATION_FAILED', () => snapshot(t));
    }
  });

  it('draws the trends of the first flow figures that have data in the 12 months, not of figures that are 0 throughout', async () => {
    setScreenCache(false);
    const s = json(await cw.regionAdmin.get(`/api/v1/bigscreen?regionId=${B}&scopeKind=region`));
    setScreenCache(true);
    const cat = json<{ key: string; stock?: boolean }[]>(await cw.regionAdmin.get('/api/v1/figures'));
    const shown = new Set(s.figures.data.map((f: { key: string }) => f.key));
    const flows = cat.filter((c) => !c.stock && shown.has(c.key)).map((c) => c.key);
    const today = new Date(t.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const d = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 12, 1)).toISOString().slice(0, 10);
    const w = json(await cw.regionAdmin.get(`/api/v1/figures/values?regionId=${B}&scopeKind=region&period=${d}..${today}&keys=${flows.join(',')}`));
    const withData = w.figures.filter((f: { value: number }) => f.value !== 0).map((f: { key: string }) => f.key);
    expect(withData.length).toBeGreaterThan(0);
    // on this world some flows earlier in the catalogue are 0: the first three would have drawn flat lines
    expect(flows.slice(0, 3)).not.toEqual(withData.slice(0, 3));
    expect(s.trends.data.map((x: { key: string }) => x.key)).toEqual(withData.slice(0, 3));
    for (const x of s.trends.data) expect(x.points.some((pt: { value: number }) => pt.value !== 0), x.key).toBe(true);
  });

  it('a revoked token answers the same 404 as a made-up one, at once', async () => {
    const token = tokenOf(regionLink.path);
    const madeUp = await t.anon.get(`/api/v1/public/kiosk/${'x'.repeat(32)}`);
    await expectRefused(madeUp, 404, 'NOT_FOUND', await snapshot(t));
    await expectRefused(await t.anon.get('/api/v1/public/kiosk/short'), 404, 'NOT_FOUND', await snapshot(t));
    const res = await cw.regionAdmin.post(`/api/v1/kiosk-links/${regionLink.id}/revoke`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ active: false, path: null });
    expect(json(res).revokedAt).toBeTruthy();
    expect(await kioskAudits('kiosk.revoke')).toBe(1);
    const gone = await t.anon.get(`/api/v1/public/kiosk/${token}`);
    const err = await expectRefused(gone, 404, 'NOT_FOUND', await snapshot(t));
    expect(err.message).toBe(json(madeUp).error.message);
    // revoking again changes nothing, audits nothing
    expect(json(await cw.regionAdmin.post(`/api/v1/kiosk-links/${regionLink.id}/revoke`)).active).toBe(false);
    expect(await kioskAudits('kiosk.revoke')).toBe(1);
    // still listed, as revoked
    const list = json<{ id: string; active: boolean }[]>(await cw.regionAdmin.get(`/api/v1/kiosk-links?regionId=${B}`));
    expect(list.filter((x) => x.id === regionLink.id)).toEqual([expect.objectContaining({ active: false, path: null })]);
  });

  it('refuses a level out of the caller\'s scope as a made-up one; an org\'s link reads only its subtree', async () => {
    const body = (scopeKind: string, scopeId?: string) => ({ regionId: B, scopeKind, scopeId, name: '屏' });
    await expectRefused(() => cw.shangyang.post('/api/v1/kiosk-links', body('region')), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.shangyang.post('/api/v1/kiosk-links', body('org', cw.org.fengnan)), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.otherRegionAdmin.post('/api/v1/kiosk-links', body('region')), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.regionAdmin.post('/api/v1/kiosk-links', body('org', '01900000-0000-7000-8000-000000000000')), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.liaison.post('/api/v1/kiosk-links', body('unit', cw.unit.canteen)), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.regionAdmin.post('/api/v1/kiosk-links', { ...body('region'), token: 'mine' }), 400, 'VALIDATION_FAILED', () => snapshot(t));

    const own = make.created<{ id: string; path: string }>(await cw.shangyang.post('/api/v1/kiosk-links', body('org', cw.org.shangyang)), 'org link');
    const s = json(await t.anon.get(`/api/v1/public/kiosk/${tokenOf(own.path)}`));
    expect(s.scope).toMatchObject({ kind: 'org', id: cw.org.shangyang, name: '上阳村党委' });
    expect(s.feeds.data.activities.map((a: { id: string }) => a.id)).toEqual([shangyangActivity]);
    expect(s.feeds.data.activities.map((a: { id: string }) => a.id)).not.toContain(fengnanActivity);
    // the org admin's signed-in screen of the region is refused, as the link was
    await expectRefused(() => cw.fengnan.get(`/api/v1/bigscreen?regionId=${B}&scopeKind=org&scopeId=${cw.org.shangyang}`), 404, 'NOT_FOUND', () => snapshot(t));
    // another org's admin neither lists nor revokes it; the region admin does both
    expect(json<{ id: string }[]>(await cw.fengnan.get(`/api/v1/kiosk-links?regionId=${B}`)).map((x) => x.id)).not.toContain(own.id);
    await expectRefused(() => cw.fengnan.post(`/api/v1/kiosk-links/${own.id}/revoke`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json<{ id: string }[]>(await cw.regionAdmin.get(`/api/v1/kiosk-links?regionId=${B}`)).map((x) => x.id)).toContain(own.id);
    expect(json<{ id: string }[]>(await cw.shangyang.get(`/api/v1/kiosk-links?regionId=${B}`)).map((x) => x.id)).toEqual([own.id]);
  });

  it('is rate-limited per address', async () => {
    const url = `/api/v1/public/kiosk/${'y'.repeat(32)}`;
    const codes: number[] = [];
    for (let i = 0; i <= RATE; i++) codes.push((await t.anon.get(url)).statusCode);
    expect(codes).toContain(429);
    expect(codes[0]).toBe(404);
  });
});

describe('the big screen\'s cache', () => {
  const screen = async () => json(await cw.regionAdmin.get(`/api/v1/bigscreen?regionId=${B}&scopeKind=org&scopeId=${cw.org.fengnan}`));
  const titles = (s: Record<string, any>) => (s.feeds.data.activities as { title: string }[]).map((a) => a.title);

  it('serves a block older than its TTL at once, with its age, and recomputes it behind the answer', async () => {
    t.clock.advance(SCREEN_STALE_MAX + 1); // whatever earlier tests left is too old now: this read computes
    const first = await screen();
    const t0 = t.clock.now();
    expect(Date.parse(first.feeds.computedAt)).toBe(t0);
    expect(titles(first)).not.toContain('峰南社区志愿服务日');

    await activity(cw.regionAdmin, cw.org.fengnan, '峰南社区志愿服务日');
    // within the TTL: the same entry
    expect(Date.parse((await screen()).feeds.computedAt)).toBe(t0);
    // past it: the old block comes at once, saying how old it is, and a recomputation starts
    t.clock.advance(SCREEN_TTL.feeds + 10_000);
    const stale = await screen();
    expect(Date.parse(stale.feeds.computedAt)).toBe(t0);
    expect(titles(stale)).not.toContain('峰南社区志愿服务日');
    // the next refresh reads the recomputed block
    await screenCacheSettled();
    const next = await screen();
    expect(Date.parse(next.feeds.computedAt)).toBe(t.clock.now());
    expect(titles(next)).toContain('峰南社区志愿服务日');
  });

  it('never serves a block older than SCREEN_STALE_MAX: the reader waits for a fresh one', async () => {
    await screen();
    t.clock.advance(SCREEN_STALE_MAX);
    const s = await screen();
    for (const b of ['figures', 'trends', 'tree', 'feeds']) expect(Date.parse(s[b].computedAt), b).toBe(t.clock.now());
  });
});
