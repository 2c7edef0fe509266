import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CampaignCreate, HouseholdCreate, LevelUpdate } from '../../../shared/cluster.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { countAll, emptyPage, paginate } from '../../platform/pagination.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { broadcast, subscribe } from '../../platform/bus.ts';
import { AppError, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { newPublicToken, PUBLIC_TOKEN_RE } from '../../platform/public-links.ts';
import { assertCan, orgInSubtree, scopeWhere, type Principal } from '../../platform/scope.ts';
import { members, orgs } from '../directory/schema.ts';
import { findOrg, orgById } from './common.ts';
import { findCjkFonts, plaquePdf } from './plaque-pdf.ts';
import { BUILTIN_CATEGORY_NAMES } from './pledges.ts';
import { plaqueCampaigns, plaqueHouseholdMembers, plaqueHouseholds } from './schema.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { escapeLike } from '../../platform/like.ts';

type HouseholdRow = typeof plaqueHouseholds.$inferSelect;

async function membersOf(db: DbOrTx, regionId: string, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; name: string }[]>();
  const rows = await db.select({ householdId: plaqueHouseholdMembers.householdId, id: members.id, name: members.name })
    .from(plaqueHouseholdMembers)
    .innerJoin(members, and(eq(members.regionId, plaqueHouseholdMembers.regionId), eq(members.id, plaqueHouseholdMembers.memberId)))
    .where(and(eq(plaqueHouseholdMembers.regionId, regionId), inArray(plaqueHouseholdMembers.householdId, ids)))
    .orderBy(asc(plaqueHouseholdMembers.sort));
  const m = new Map<string, { id: string; name: string }[]>();
  for (const r of rows) {
    let arr = m.get(r.householdId);
    if (!arr) m.set(r.householdId, (arr = []));
    arr.push({ id: r.id, name: r.name });
  }
  return m;
}

const toHousehold = (h: HouseholdRow, orgName: string, ms: { id: string; name: string }[]) => ({
  id: h.id, regionId: h.regionId, orgId: h.orgId, orgName, campaignId: h.campaignId, building: h.building, room: h.room, members: ms,
  door: { state: h.doorState as 'pending', on: h.doorOn }, board: { state: h.boardState as 'pending', on: h.boardOn },
  stair: { state: h.stairState as 'pending', on: h.stairOn },
  publicPath: h.tokenActive ? `/p/${h.token}` : null,
});

export async function findHousehold(db: DbOrTx, p: Principal | null, id: string, perm: 'cluster.read' | 'cluster.write') {
  const [row] = await db.select({ h: plaqueHouseholds, orgName: orgs.name, path: orgs.path }).from(plaqueHouseholds)
    .innerJoin(orgs, and(eq(orgs.regionId, plaqueHouseholds.regionId), eq(orgs.id, plaqueHouseholds.orgId)))
    .where(eq(plaqueHouseholds.id, id)).limit(1);
  assertCan(p, perm, row ? { regionId: row.h.regionId, orgPath: row.path } : null);
  return row!;
}

/** One household, for those who may read it. */
export async function householdOf(ctx: Ctx, p: Principal, id: string) {
  return householdView(ctx.db, p, id);
}

export async function householdView(db: DbOrTx, p: Principal, id: string) {
  const r = await findHousehold(db, p, id, 'cluster.read');
  const ms = await membersOf(db, r.h.regionId, [id]);
  return toHousehold(r.h, r.orgName, ms.get(id) ?? []);
}

export async function createCampaign(ctx: Ctx, actor: Actor, input: z.infer<typeof CampaignCreate>) {
  return ctx.db.transaction(async (tx) => {
    const o = await findOrg(tx, actor.principal, input.orgId, 'cluster.write');
    const [row] = await tx.insert(plaqueCampaigns).values({ regionId: o.regionId, id: uuidv7(), name: input.name, orgId: o.id, day: input.day ?? null, target: input.target }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'plaque_campaign.create', entityType: 'plaque_campaign', entityId: row.id, after: row });
    return { id: row.id, regionId: row.regionId, name: row.name, orgId: row.orgId, day: row.day, target: row.target };
  });
}

/** Live progress of a campaign: households and the three display levels done, per community (household org). */
export async function campaignProgress(ctx: Ctx, p: Principal, id: string) {
  const { db } = ctx;
  const [c] = await db.select({ c: plaqueCampaigns, path: orgs.path }).from(plaqueCampaigns)
    .innerJoin(orgs, and(eq(orgs.regionId, plaqueCampaigns.regionId), eq(orgs.id, plaqueCampaigns.orgId)))
    .where(eq(plaqueCampaigns.id, id)).limit(1);
  assertCan(p, 'cluster.read', c ? { regionId: c.c.regionId, orgPath: c.path } : null);
  const rows = await db.select({
    orgId: plaqueHouseholds.orgId, orgName: orgs.name,
    households: sql<number>`count(*)::int`,
    door: sql<number>`count(*) filter (where ${plaqueHouseholds.doorState} = 'done')::int`,
    board: sql<number>`count(*) filter (where ${plaqueHouseholds.boardState} = 'done')::int`,
    stair: sql<number>`count(*) filter (where ${plaqueHouseholds.stairState} = 'done')::int`,
  }).from(plaqueHouseholds)
    .innerJoin(orgs, and(eq(orgs.regionId, plaqueHouseholds.regionId), eq(orgs.id, plaqueHouseholds.orgId)))
    .where(and(eq(plaqueHouseholds.regionId, c!.c.regionId), eq(plaqueHouseholds.campaignId, id)))
    .groupBy(plaqueHouseholds.orgId, orgs.name, orgs.path).orderBy(asc(orgs.path));
  const byCommunity = rows.map((r) => ({ orgId: r.orgId, orgName: r.orgName, households: Number(r.households), door: Number(r.door), board: Number(r.board), stair: Number(r.stair) }));
  const total = byCommunity.reduce((a, r) => ({ households: a.households + r.households, door: a.door + r.door, board: a.board + r.board, stair: a.stair + r.stair }), { households: 0, door: 0, board: 0, stair: 0 });
  const x = c!.c;
  return { campaign: { id: x.id, regionId: x.regionId, name: x.name, orgId: x.orgId, day: x.day, target: x.target }, total, byCommunity };
}

export async function listCampaigns(ctx: Ctx, p: Principal) {
  const rows = await ctx.db.select().from(plaqueCampaigns)
    .where(scopeWhere(p, 'cluster.read', { regionId: plaqueCampaigns.regionId, orgId: plaqueCampaigns.orgId }))
    .orderBy(desc(plaqueCampaigns.id)).limit(200);
  return rows.map((x) => ({ id: x.id, regionId: x.regionId, name: x.name, orgId: x.orgId, day: x.day, target: x.target }));
}

export async function createHousehold(ctx: Ctx, actor: Actor, input: z.infer<typeof HouseholdCreate>) {
  return ctx.db.transaction(async (tx) => {
    const o = await findOrg(tx, actor.principal, input.orgId, 'cluster.write');
    const regionId = o.regionId;
    if (input.campaignId) {
      // a campaign the caller may not see (another community's) answers as a made-up one
      const [c] = await tx.select().from(plaqueCampaigns).where(and(eq(plaqueCampaigns.regionId, regionId), eq(plaqueCampaigns.id, input.campaignId),
        scopeWhere(actor.principal!, 'cluster.read', { regionId: plaqueCampaigns.regionId, orgId: plaqueCampaigns.orgId })));
      if (!c) throw invalid([fieldError('campaignId', 'plaque.campaign')]);
    }
    const ids = [...new Set(input.memberIds)];
    const found = await tx.select({ id: members.id, path: orgs.path }).from(members)
      .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
      .where(and(eq(members.regionId, regionId), inArray(members.id, ids)));
    const ok = new Set(found.filter((m) => m.path.startsWith(o.path)).map((m) => m.id));
    const bad = ids.flatMap((id, i) => (ok.has(id) ? [] : [fieldError(`memberIds.${i}`, 'plaque.member_org')]));
    if (bad.length) throw invalid(bad);
    const id = uuidv7();
    const [row] = await tx.insert(plaqueHouseholds).values({
      regionId, id, orgId: o.id, campaignId: input.campaignId ?? null, building: input.building, room: input.room ?? null, token: newPublicToken(),
    }).returning();
    await tx.insert(plaqueHouseholdMembers).values(ids.map((memberId, sort) => ({ regionId, householdId: id, memberId, sort })));
    await audit(tx, actor, { regionId, action: 'plaque.create', entityType: 'plaque_household', entityId: id, after: { ...row, memberIds: ids } });
    return householdView(tx, actor.principal!, id);
  });
}

export async function listHouseholds(ctx: Ctx, p: Principal, q: { page: number; pageSize: number; orgId?: string; campaignId?: string; q?: string }) {
  const { db } = ctx;
  const conds: SQL[] = [scopeWhere(p, 'cluster.read', { regionId: plaqueHouseholds.regionId, orgId: plaqueHouseholds.orgId })];
  if (q.campaignId) conds.push(eq(plaqueHouseholds.campaignId, q.campaignId));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(sql`(${plaqueHouseholds.building} ilike ${like} or ${plaqueHouseholds.room} ilike ${like} or exists (
      select 1 from plaque_household_members hm join members m on m.region_id = hm.region_id and m.id = hm.member_id
       where hm.region_id = ${plaqueHouseholds.regionId} and hm.household_id = ${plaqueHouseholds.id} and m.name ilike ${like}))`);
  }
  if (q.orgId) {
    const o = await orgById(db, q.orgId);
    if (!o) return emptyPage<ReturnType<typeof toHousehold>>(q);
    conds.push(orgInSubtree(plaqueHouseholds.orgId, o.regionId, o.path));
  }
  const where = and(...conds);
  const page = await paginate(q,
    db.select({ h: plaqueHouseholds, orgName: orgs.name }).from(plaqueHouseholds)
      .innerJoin(orgs, and(eq(orgs.regionId, plaqueHouseholds.regionId), eq(orgs.id, plaqueHouseholds.orgId)))
      .where(where).orderBy(asc(plaqueHouseholds.building), asc(plaqueHouseholds.room), asc(plaqueHouseholds.id)),
    db.select({ n: countAll }).from(plaqueHouseholds).where(where));
  const rows = page.items;
  const byRegion = new Map<string, string[]>();
  for (const r of rows) byRegion.set(r.h.regionId, [...(byRegion.get(r.h.regionId) ?? []), r.h.id]);
  const ms = new Map<string, { id: string; name: string }[]>();
  for (const [regionId, ids] of byRegion) for (const [k, v] of await membersOf(db, regionId, ids)) ms.set(k, v);
  return { ...page, items: rows.map((r) => toHousehold(r.h, r.orgName, ms.get(r.h.id) ?? [])) };
}

const LEVEL_COLS = {
  door: ['doorState', 'doorOn'], board: ['boardState', 'boardOn'], stair: ['stairState', 'stairOn'],
} as const;

export async function setLevel(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof LevelUpdate>) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const r = await findHousehold(tx, actor.principal, id, 'cluster.write');
    const [stateCol, onCol] = LEVEL_COLS[input.level];
    const on = input.state === 'done' ? (input.on ?? todayShanghai(now)) : null;
    const [row] = await tx.update(plaqueHouseholds).set({ [stateCol]: input.state, [onCol]: on, updatedAt: new Date(now) })
      .where(and(eq(plaqueHouseholds.regionId, r.h.regionId), eq(plaqueHouseholds.id, id))).returning();
    await audit(tx, actor, {
      regionId: r.h.regionId, action: 'plaque.level', entityType: 'plaque_household', entityId: id,
      before: { level: input.level, state: r.h[stateCol], on: r.h[onCol] }, after: { level: input.level, state: row[stateCol], on: row[onCol] },
    });
    return householdView(tx, actor.principal!, id);
  });
}

/** Revoke (the public page answers 404 from then on) or issue a fresh link (the old one stays dead). */
export async function setToken(ctx: Ctx, actor: Actor, id: string, action: 'revoke' | 'reissue') {
  const out = await ctx.db.transaction(async (tx) => {
    const r = await findHousehold(tx, actor.principal, id, 'cluster.write');
    const patch = action === 'revoke' ? { tokenActive: false } : { token: newPublicToken(), tokenActive: true };
    await tx.update(plaqueHouseholds).set({ ...patch, updatedAt: new Date(ctx.now()) }).where(and(eq(plaqueHouseholds.regionId, r.h.regionId), eq(plaqueHouseholds.id, id)));
    await audit(tx, actor, { regionId: r.h.regionId, action: `plaque.token.${action}`, entityType: 'plaque_household', entityId: id, before: { tokenActive: r.h.tokenActive }, after: { tokenActive: action !== 'revoke' } });
    return { view: await householdView(tx, actor.principal!, id), oldToken: r.h.token };
  });
  publicCache.delete(out.oldToken);
  await broadcast('plaque.token', { token: out.oldToken }); // and in the other server processes
  return out.view;
}

/* ───────── the public page ───────── */

export interface PublicPlaque {
  title: string; building: string; names: string[];
  pledges: { memberName: string; year: number; category: string; content: string; status: string }[];
}

/** A short in-process cache of public pages (revocation clears its entry at once). */
const publicCache = new Map<string, { at: number; data: PublicPlaque; html: Partial<Record<'zh-CN' | 'en-US', string>> }>();
let CACHE_MS = 10_000;
subscribe('plaque.token', (d) => { publicCache.delete(String(d.token)); });
subscribe('reset', () => publicCache.clear());
/** For the benchmark: measure the page without the cache. */
export function setPublicCacheMs(ms: number): void { CACHE_MS = ms; publicCache.clear(); }

/**
 * What the public may see for a token: names, building, public pledges. Never the room, phone, ID number or
 * address. null for a made-up or revoked token (the caller answers the same 404 for both).
 */
export async function publicPlaque(ctx: Pick<Ctx, 'db' | 'now'>, token: string): Promise<PublicPlaque | null> {
  const { db } = ctx;
  const now = ctx.now();
  if (!PUBLIC_TOKEN_RE.test(token)) return null;
  const hit = publicCache.get(token);
  if (hit && now - hit.at < CACHE_MS) return hit.data;
  // one statement: the household, its members and their public pledges
  const res = await db.execute(sql`
    select h.building, m.name, p.year, p.category, p.content, p.status, pc.name as cat_name
      from plaque_households h
      join plaque_household_members hm on hm.region_id = h.region_id and hm.household_id = h.id
      join members m on m.region_id = hm.region_id and m.id = hm.member_id
      left join pledges p on p.region_id = m.region_id and p.member_id = m.id and p.is_public
      left join pledge_categories pc on pc.region_id = p.region_id and pc.code = p.category
     where h.token = ${token} and h.token_active
     order by hm.sort, p.year desc nulls last, p.id
     limit 200`);
  const rows = (res as unknown as { rows: { building: string; name: string; year: number | null; category: string | null; content: string | null; status: string | null; cat_name: string | null }[] }).rows;
  if (!rows.length) return null;
  const h = { building: rows[0].building };
  const names: string[] = [];
  const list: PublicPlaque['pledges'] = [];
  for (const r of rows) {
    if (!names.includes(r.name)) names.push(r.name);
    if (r.content && list.length < 30) {
      list.push({ memberName: r.name, year: Number(r.year), category: BUILTIN_CATEGORY_NAMES[r.category!] ?? r.cat_name ?? r.category!, content: r.content, status: r.status! });
    }
  }
  const data = { title: '共产党员户', building: h.building, names, pledges: list };
  if (publicCache.size > 5000) publicCache.clear();
  publicCache.set(token, { at: now, data, html: {} });
  return data;
}

/** The public page's HTML, rendered once per cached entry and locale. */
/** A household's public page data; 404 for a made-up or revoked token. */
export async function publicPlaqueData(ctx: Ctx, token: string): Promise<PublicPlaque> {
  const d = await publicPlaque(ctx, token);
  if (!d) throw notFound();
  return d;
}

/** The public page's HTML, rendered once per cached entry and locale; 404 for a made-up or revoked token. */
export async function publicPlaquePage(ctx: Ctx, token: string, locale: 'zh-CN' | 'en-US'): Promise<string> {
  const data = await publicPlaqueData(ctx, token);
  const entry = publicCache.get(token);
  if (entry && entry.data === data) return (entry.html[locale] ??= publicPlaqueHtml(data, locale));
  return publicPlaqueHtml(data, locale);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const STATUS_ZH: Record<string, string> = { in_progress: '践诺中', fulfilled: '已兑现', not_fulfilled: '未兑现' };
const STATUS_EN: Record<string, string> = { in_progress: 'in progress', fulfilled: 'fulfilled', not_fulfilled: 'not fulfilled' };

/** The phone-sized public page the QR code opens (server-rendered: no script, no personal data). */
export function publicPlaqueHtml(d: PublicPlaque, locale: 'zh-CN' | 'en-US'): string {
  const zh = locale === 'zh-CN';
  const items = d.pledges.map((x) => `<li><div class="m">${esc(x.memberName)} · ${x.year} · ${esc(x.category)} <span class="s ${x.status}">${esc((zh ? STATUS_ZH : STATUS_EN)[x.status] ?? x.status)}</span></div><div>${esc(x.content)}</div></li>`).join('');
  return `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(d.title)} · ${esc(d.names.join(' '))}</title>
<style>body{margin:0;font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#fff7f0;color:#222}header{background:#c8161d;color:#f6d36b;text-align:center;padding:24px 12px}h1{margin:0;font-size:32px;letter-spacing:4px}.n{color:#fff;font-size:22px;margin-top:10px}.b{color:#fff;opacity:.85;margin-top:4px}main{padding:12px 16px;max-width:640px;margin:auto}h2{font-size:18px;color:#c8161d}ul{list-style:none;padding:0}li{background:#fff;border-radius:8px;padding:12px;margin:8px 0;box-shadow:0 1px 3px rgba(0,0,0,.1)}.m{font-size:13px;color:#666;margin-bottom:4px}.s{float:right}.fulfilled{color:#389e0d}.not_fulfilled{color:#999}</style></head>
<body><header><h1>${esc(d.title)}</h1><div class="n">${esc(d.names.join('　'))}</div><div class="b">${esc(d.building)}</div></header>
<main><h2>${zh ? '党员承诺' : 'Pledges'}</h2>${items ? `<ul>${items}</ul>` : `<p>${zh ? '暂无公开承诺。' : 'No public pledges yet.'}</p>`}</main></body></html>`;
}

/** Households to print, in the caller's scope, with active links. */
export async function householdsForPdf(ctx: Pick<Ctx, 'db'>, p: Principal, q: { campaignId?: string; orgId?: string; ids?: string }) {
  const { db } = ctx;
  const conds: SQL[] = [scopeWhere(p, 'cluster.read', { regionId: plaqueHouseholds.regionId, orgId: plaqueHouseholds.orgId }), eq(plaqueHouseholds.tokenActive, true)];
  if (q.campaignId) conds.push(eq(plaqueHouseholds.campaignId, q.campaignId));
  if (q.ids) {
    const ids = q.ids.split(',').map((s) => s.trim()).filter((s) => /^[0-9a-f-]{36}$/i.test(s));
    if (!ids.length) return [];
    conds.push(inArray(plaqueHouseholds.id, ids));
  }
  if (q.orgId) {
    const o = await orgById(db, q.orgId);
    if (!o) return [];
    conds.push(orgInSubtree(plaqueHouseholds.orgId, o.regionId, o.path));
  }
  const rows = await db.select({ regionId: plaqueHouseholds.regionId, id: plaqueHouseholds.id, building: plaqueHouseholds.building, token: plaqueHouseholds.token })
    .from(plaqueHouseholds).where(and(...conds)).orderBy(asc(plaqueHouseholds.building), asc(plaqueHouseholds.room), asc(plaqueHouseholds.id)).limit(5000);
  const names = new Map<string, string[]>();
  const byRegion = new Map<string, string[]>();
  for (const r of rows) byRegion.set(r.regionId, [...(byRegion.get(r.regionId) ?? []), r.id]);
  for (const [regionId, ids] of byRegion) {
    for (let i = 0; i < ids.length; i += 1000) {
      for (const [k, v] of await membersOf(db, regionId, ids.slice(i, i + 1000))) names.set(k, v.map((m) => m.name));
    }
  }
  return rows.map((r) => ({ names: names.get(r.id) ?? [], building: r.building, token: r.token }));
}


/** Absolute base URL for QR codes: PUBLIC_BASE_URL, else the request's own origin. */
export const publicBase = (ctx: Ctx, origin: string) => (ctx.config.publicBaseUrl || origin).replace(/\/+$/, '');

/** The printable plaques (A5, one page per household) of the caller's scope, as a PDF stream. */
export async function plaquesPdf(ctx: Ctx, p: Principal, q: { campaignId?: string; orgId?: string; ids?: string }, origin: string) {
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'PLAQUE_FONT_MISSING');
  const list = await householdsForPdf(ctx, p, q);
  if (!list.length) throw new AppError(422, 'PLAQUE_PDF_EMPTY');
  const base = publicBase(ctx, origin);
  return plaquePdf(fonts, list.map((h) => ({ names: h.names, building: h.building, url: `${base}/p/${h.token}` })));
}
