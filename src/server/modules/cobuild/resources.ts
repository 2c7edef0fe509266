import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { MATCH_REASONS, ResourceCreate, ResourceListQuery, ResourceUpdate } from '../../../shared/cobuild-resources.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { grantedRegions, holdsIn, scopeWhere, type Principal } from '../../platform/scope.ts';
import { alliances, orgs, units } from '../directory/schema.ts';
import { findNeedAsOffice } from './access.ts';
import { answersFor, findAlliance, type AllianceAccess } from './meetings.ts';
import './messages.ts';
import { needResources, needs, resources } from './schema.ts';
import { CATEGORY_NAMES } from './needs-xlsx.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * The resources list (资源清单). A member unit's liaison or a member org's secretary (cobuild.raise on it) offers
 * resources for its own member; the office (cobuild.write on the joint meeting or grid) for any member. Who sees one:
 * the office, whoever answers for its owner, whoever answers for a member of its alliance, and — when it is shown to
 * the region — whoever holds cobuild.claim (as for needs) or cobuild.read (another joint meeting's office) in the region. Anyone else, and a made-up id: 404.
 */

type Row = typeof resources.$inferSelect;
type Category = z.infer<typeof ResourceCreate>['category'];

const rows = (db: DbOrTx) => db.select({
  r: resources, allianceName: alliances.name, unitName: units.name, orgName: orgs.name, orgPath: orgs.path,
  needs: sql<number>`(select count(*)::int from need_resources nr where nr.region_id = ${resources.regionId} and nr.resource_id = ${resources.id})`,
}).from(resources)
  .innerJoin(alliances, and(eq(alliances.regionId, resources.regionId), eq(alliances.id, resources.allianceId)))
  .leftJoin(units, and(eq(units.regionId, resources.regionId), eq(units.id, resources.unitId)))
  .leftJoin(orgs, and(eq(orgs.regionId, resources.regionId), eq(orgs.id, resources.orgId)))
  .$dynamic();
type ListRow = { r: Row; allianceName: string; unitName: string | null; orgName: string | null; orgPath: string | null; needs: number };

const isAvailable = (r: Row, today: string) => !r.withdrawn && (!r.availableUntil || r.availableUntil >= today);

/** What the principal may do with resources of one alliance (cached per call: one findAlliance per alliance). */
function accessCache(db: DbOrTx, p: Principal) {
  const seen = new Map<string, Promise<AllianceAccess | null>>();
  return (allianceId: string) => {
    let a = seen.get(allianceId);
    if (!a) { a = findAlliance(db, p, allianceId).catch(() => null); seen.set(allianceId, a); }
    return a;
  };
}

async function view(p: Principal, x: ListRow, a: AllianceAccess | null) {
  const owner = answersFor(p, x.r.regionId, { unitId: x.r.unitId, orgPath: x.orgPath });
  const visible = !!a?.office || owner || (a?.mine.length ?? 0) > 0 || (x.r.visibility === 'region' && (holdsIn(p, 'cobuild.claim', x.r.regionId) || holdsIn(p, 'cobuild.read', x.r.regionId)));
  return { visible, mayUpdate: !!a?.manage || owner };
}

function toResource(x: ListRow, today: string, mayUpdate: boolean) {
  const r = x.r;
  return {
    id: r.id, regionId: r.regionId, allianceId: r.allianceId, allianceName: x.allianceName, unitId: r.unitId, orgId: r.orgId,
    partyName: x.unitName ?? x.orgName ?? '', category: r.category as Category, title: r.title, description: r.description, quantity: r.quantity,
    conditions: r.conditions, availableUntil: r.availableUntil, visibility: r.visibility as 'alliance' | 'region', tags: r.tags, withdrawn: r.withdrawn,
    available: isAvailable(r, today), needs: Number(x.needs), offeredByName: r.offeredByName, createdAt: r.createdAt.toISOString(), mayUpdate,
  };
}

/** The resource when the principal may see it; 404 otherwise (as for a made-up id). */
async function findResource(db: DbOrTx, ctx: Pick<Ctx, 'now'>, p: Principal, id: string) {
  const [x] = await rows(db).where(eq(resources.id, id)).limit(1);
  if (!x) throw notFound();
  const a = await findAlliance(db, p, x.r.allianceId).catch(() => null);
  const v = await view(p, x, a);
  if (!v.visible) throw notFound();
  return { x, a, out: toResource(x, todayShanghai(ctx.now()), v.mayUpdate) };
}

export async function listResources(ctx: Pick<Ctx, 'db' | 'now'>, p: Principal, q: z.infer<typeof ResourceListQuery>) {
  const today = todayShanghai(ctx.now());
  const access = accessCache(ctx.db, p);
  const conds = [];
  if (!p.isPlatformAdmin) {
    const regions = grantedRegions(p);
    if (!regions.length) return [];
    conds.push(sql`${resources.regionId} in (${sql.join(regions.map((r) => sql`${r}::uuid`), sql`, `)})`);
  }
  if (q.allianceId) conds.push(eq(resources.allianceId, q.allianceId));
  if (q.category) conds.push(eq(resources.category, q.category));
  if (q.available) conds.push(sql`not ${resources.withdrawn} and (${resources.availableUntil} is null or ${resources.availableUntil} >= ${today})`);
  const found = await rows(ctx.db).where(conds.length ? and(...conds) : undefined).orderBy(asc(resources.category), asc(resources.createdAt), asc(resources.id));
  const out = [];
  for (const x of found) {
    const v = await view(p, x, await access(x.r.allianceId));
    if (!v.visible) continue;
    if (q.mine && !answersFor(p, x.r.regionId, { unitId: x.r.unitId, orgPath: x.orgPath })) continue;
    out.push(toResource(x, today, v.mayUpdate));
  }
  return out;
}

export async function getResource(ctx: Pick<Ctx, 'db' | 'now'>, p: Principal, id: string) {
  return (await findResource(ctx.db, ctx, p, id)).out;
}

/** Offer a resource for a member: the office for any member, a liaison or secretary for the member it answers for. */
export async function createResource(ctx: Ctx, actor: Actor, input: z.infer<typeof ResourceCreate>) {
  const p = actor.principal!;
  const id = await ctx.db.transaction(async (tx) => {
    const a = await findAlliance(tx, p, input.allianceId);
    if (!!input.unitId === !!input.orgId) throw invalid([fieldError('unitId', 'resource.one_party')]);
    const field = input.unitId ? 'unitId' : 'orgId';
    const key = input.unitId ? `unit:${input.unitId}` : `org:${input.orgId}`;
    const who = a.members.find((m) => m.party === key);
    if (!who) throw invalid([fieldError(field, 'resource.not_member')], 'RESOURCE_NOT_MEMBER');
    if (!a.manage && !a.mine.some((m) => m.party === key)) throw invalid([fieldError(field, 'resource.not_yours')], 'RESOURCE_NOT_MEMBER');
    const now = new Date(ctx.now());
    const [row] = await tx.insert(resources).values({
      regionId: a.regionId, id: uuidv7(), allianceId: a.allianceId, party: who.party, unitId: who.unitId, orgId: who.orgId,
      category: input.category, title: input.title, description: input.description, quantity: input.quantity, conditions: input.conditions,
      availableUntil: input.availableUntil ?? null, visibility: input.visibility, tags: input.tags, offeredBy: p.id, offeredByName: p.displayName, createdAt: now, updatedAt: now,
    }).returning();
    await audit(tx, actor, { regionId: a.regionId, action: 'resource.create', entityType: 'resource', entityId: row.id, after: row });
    return row.id;
  });
  return getResource(ctx, p, id);
}

/** Change or withdraw a resource: the office, or whoever answers for its owner; anyone else 404. */
export async function updateResource(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof ResourceUpdate>) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const { x, out } = await findResource(tx, ctx, p, id);
    if (!out.mayUpdate) throw notFound();
    const [row] = await tx.update(resources).set({ ...input, updatedAt: new Date(ctx.now()) })
      .where(and(eq(resources.regionId, x.r.regionId), eq(resources.id, id))).returning();
    await audit(tx, actor, { regionId: x.r.regionId, action: 'resource.update', entityType: 'resource', entityId: id, before: x.r, after: row });
  });
  return getResource(ctx, p, id);
}

/**
 * Resources that could serve a need, best first: the need's category, offered today, of the need's joint meeting or
 * shown to the region; +2 for the same joint meeting, +1 when its quantity covers the slots still open.
 */
async function candidates(db: DbOrTx, n: { regionId: string; allianceId: string; id: string; category: string; quantity: number; filled: number; tags: string[] }, today: string) {
  const found = await rows(db).where(and(
    eq(resources.regionId, n.regionId), eq(resources.category, n.category), sql`not ${resources.withdrawn}`,
    sql`(${resources.availableUntil} is null or ${resources.availableUntil} >= ${today})`,
    sql`(${resources.allianceId} = ${n.allianceId} or ${resources.visibility} = 'region')`,
    sql`not exists (select 1 from need_resources nr where nr.region_id = ${resources.regionId} and nr.need_id = ${n.id} and nr.resource_id = ${resources.id})`,
  )).orderBy(asc(resources.createdAt), asc(resources.id));
  const open = Math.max(1, n.quantity - n.filled);
  return found.map((x) => ({ x, ...matchScore(x.r.allianceId === n.allianceId, x.r.quantity >= open, x.r.tags, n.tags) })).sort((a, b) => b.score - a.score);
}

type Reason = (typeof MATCH_REASONS)[number];
/** The ranking of a resource for a need (both ways): +2 the same joint meeting, +1 its quantity covers the open slots, +1 per shared tag. */
function matchScore(same: boolean, enough: boolean, resourceTags: string[], needTags: string[]) {
  const shared = resourceTags.filter((x) => needTags.includes(x)).length;
  const reasons: Reason[] = ['category', same ? 'alliance' : 'region'];
  if (enough) reasons.push('capacity');
  if (shared) reasons.push('tags');
  return { score: (same ? 2 : 0) + (enough ? 1 : 0) + shared, reasons };
}

/** The need's linked resources and suggestions (the office). */
export async function needResourcesOf(db: DbOrTx, ctx: Pick<Ctx, 'now'>, p: Principal, needId: string) {
  const { n } = await findNeedAsOffice(db, p, needId);
  const today = todayShanghai(ctx.now());
  const links = await db.select().from(needResources).where(and(eq(needResources.regionId, n.regionId), eq(needResources.needId, n.id)))
    .orderBy(asc(needResources.linkedAt), asc(needResources.resourceId));
  const found = links.length ? await rows(db).where(and(eq(resources.regionId, n.regionId), inArray(resources.id, links.map((l) => l.resourceId)))) : [];
  return {
    linked: links.flatMap((l) => {
      const x = found.find((f) => f.r.id === l.resourceId);
      return x ? [{ ...toResource(x, today, true), linkedAt: l.linkedAt.toISOString(), linkedByName: l.linkedByName }] : [];
    }),
    suggestions: (await candidates(db, n, today)).map((c) => ({ ...toResource(c.x, today, true), score: c.score, reasons: c.reasons })),
  };
}

/** The office links a suggested resource to the need: one of its suggestions (else 422), once (else 409). */
export async function linkResource(ctx: Ctx, actor: Actor, needId: string, resourceId: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { n } = await findNeedAsOffice(tx, p, needId);
    const [already] = await tx.select({ id: needResources.resourceId }).from(needResources)
      .where(and(eq(needResources.regionId, n.regionId), eq(needResources.needId, n.id), eq(needResources.resourceId, resourceId)));
    if (already) throw conflict('RESOURCE_LINKED');
    const ok = (await candidates(tx, n, todayShanghai(ctx.now()))).some((c) => c.x.r.id === resourceId);
    if (!ok) throw invalid([fieldError('resourceId', 'resource.not_suitable')], 'RESOURCE_NOT_SUITABLE');
    const row = { regionId: n.regionId, needId: n.id, resourceId, linkedBy: p.id, linkedByName: p.displayName, linkedAt: new Date(ctx.now()) };
    await tx.insert(needResources).values(row);
    await audit(tx, actor, { regionId: n.regionId, action: 'need.resource.link', entityType: 'need', entityId: n.id, after: row });
    return needResourcesOf(tx, ctx, p, n.id);
  });
}

const needCols = (db: DbOrTx) => db.select({
  n: needs, allianceName: alliances.name, partyName: sql<string>`coalesce(${units.name}, ${orgs.name}, '')`,
}).from(needs)
  .innerJoin(alliances, and(eq(alliances.regionId, needs.regionId), eq(alliances.id, needs.allianceId)))
  .leftJoin(units, and(eq(units.regionId, needs.regionId), eq(units.id, needs.unitId)))
  .leftJoin(orgs, and(eq(orgs.regionId, needs.regionId), eq(orgs.id, needs.orgId)))
  .$dynamic();
const toResourceNeed = (x: { n: typeof needs.$inferSelect; allianceName: string; partyName: string }) => ({
  id: x.n.id, title: x.n.title, category: x.n.category as Category, status: x.n.status, partyName: x.partyName, allianceName: x.allianceName,
  quantity: x.n.quantity, filled: x.n.filled, wantedBy: x.n.wantedBy,
});

/**
 * From the resource's side (the office of its joint meeting): the needs it is linked to, and the open needs it could
 * serve — the same rule as a need's suggestions turned round: the resource's category, accepted or published and not
 * yet filled, of the resource's joint meeting (or any of the reader's joint meetings when the resource is shown to the
 * region), not yet linked; +2 same joint meeting, +1 its quantity covers the slots still open. A resource withdrawn or
 * past its date suggests nothing. Whoever sees the resource but is not its office: 403 RESOURCE_OFFICE_ONLY.
 */
export async function resourceNeedsOf(db: DbOrTx, ctx: Pick<Ctx, 'now'>, p: Principal, resourceId: string) {
  const { x, a } = await findResource(db, ctx, p, resourceId);
  if (!a?.manage) throw new AppError(403, 'RESOURCE_OFFICE_ONLY');
  const r = x.r;
  const links = await db.select({ needId: needResources.needId }).from(needResources)
    .where(and(eq(needResources.regionId, r.regionId), eq(needResources.resourceId, r.id)));
  const linked = links.length
    ? await needCols(db).where(and(eq(needs.regionId, r.regionId), inArray(needs.id, links.map((l) => l.needId)))).orderBy(asc(needs.createdAt), asc(needs.id))
    : [];
  const today = todayShanghai(ctx.now());
  const open = isAvailable(r, today) ? await needCols(db).where(and(
    eq(needs.regionId, r.regionId), eq(needs.category, r.category), sql`${needs.status} in ('accepted', 'published')`, sql`${needs.filled} < ${needs.quantity}`,
    r.visibility === 'region' ? scopeWhere(p, 'cobuild.write', { regionId: needs.regionId, allianceId: needs.allianceId }) : eq(needs.allianceId, r.allianceId),
    sql`not exists (select 1 from need_resources nr where nr.region_id = ${needs.regionId} and nr.need_id = ${needs.id} and nr.resource_id = ${r.id})`,
  )).orderBy(asc(needs.createdAt), asc(needs.id)) : [];
  const suggestions = open.map((y) => ({
    ...toResourceNeed(y), ...matchScore(y.n.allianceId === r.allianceId, r.quantity >= Math.max(1, y.n.quantity - y.n.filled), r.tags, y.n.tags),
  })).sort((u, v) => v.score - u.score);
  return { linked: linked.map(toResourceNeed), suggestions };
}

/** The resources list as the reader sees it with the list's filters, as xlsx (category in words). */
export async function resourcesXlsx(ctx: Pick<Ctx, 'db' | 'now'>, p: Principal, q: z.infer<typeof ResourceListQuery>): Promise<Buffer> {
  const list = await listResources(ctx, p, q);
  return workbookBuffer([{
    name: '资源清单', boldHeader: true,
    header: ['资源名称', '类别', '提供单位', '数量/容量', '使用条件', '有效期至', '联席会议', '公开范围', '状态', '已对接需求', '提供人', '提供时间', '说明', '标签']
      .map((title, i) => ({ title, width: [28, 10, 26, 9, 24, 12, 20, 10, 8, 10, 10, 12, 36, 16][i] })),
    rows: list.map((r) => [
      r.title, CATEGORY_NAMES[r.category], r.partyName, r.quantity, r.conditions, r.availableUntil, r.allianceName,
      r.visibility === 'region' ? '全区域' : '联席会议', r.withdrawn ? '已下架' : r.available ? '可用' : '已过期', r.needs, r.offeredByName, r.createdAt.slice(0, 10), r.description,
      r.tags.join('、'),
    ]),
  }]);
}
