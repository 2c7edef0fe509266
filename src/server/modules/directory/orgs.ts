import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { OrgCreate, OrgListQuery, OrgUpdate } from '../../../shared/directory.ts';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertCan, assertHoldsIn, grantedRegions, pathUnder, scopeWhere, type Principal } from '../../platform/scope.ts';
import { sessionsChanged, transaction } from '../../platform/transaction.ts';
import { orgs, regions } from './schema.ts';
import { escapeLike } from '../../platform/like.ts';

export type OrgRow = typeof orgs.$inferSelect;

export const orgTarget = (o: OrgRow) => ({ regionId: o.regionId, orgPath: o.path });

export function toOrg(o: OrgRow) {
  return {
    id: o.id, regionId: o.regionId, parentId: o.parentId, kind: o.kind as 'committee', name: o.name, path: o.path,
    depth: o.depth, secretaryName: o.secretaryName, foundedOn: o.foundedOn, termStart: o.termStart, termEnd: o.termEnd,
    unitId: o.unitId,
  };
}

/** What an organisation of each kind may hold: a branch holds no organisations, a general branch only branches. */
export function childKindAllowed(parentKind: string, childKind: string): boolean {
  if (parentKind === 'branch') return false;
  if (parentKind === 'general_branch') return childKind === 'branch';
  return true;
}

/** An org by id, searched across the regions the caller can see; 404 if absent or out of scope. */
export async function findOrg(db: DbOrTx, p: Principal, id: string, perm: 'directory.read' | 'directory.write' = 'directory.read') {
  const [o] = await db.select().from(orgs).where(eq(orgs.id, id)).limit(1);
  assertCan(p, perm, o ? orgTarget(o) : null);
  return o!;
}

/** The regions the caller holds a grant in (every region for the platform admin). */
export async function listRegions(ctx: Ctx, p: Principal) {
  const rows = await ctx.db.select().from(regions).orderBy(regions.name);
  const mine = p.isPlatformAdmin ? rows : rows.filter((x) => grantedRegions(p).includes(x.id));
  return mine.map((x) => ({ id: x.id, code: x.code, name: x.name, district: x.district }));
}

/** One organisation the caller may read (404 as for a made-up id otherwise). */
export async function orgDetail(ctx: Ctx, p: Principal, id: string) {
  return toOrg(await findOrg(ctx.db, p, id));
}

/** The conditions of the org list: scope first, then the filters. */
export function orgConditions(p: Principal, q: Omit<z.infer<typeof OrgListQuery>, 'page' | 'pageSize'>) {
  const conds: SQL[] = [scopeWhere(p, 'directory.read', { regionId: orgs.regionId, orgPath: orgs.path })];
  if (q.regionId) conds.push(eq(orgs.regionId, q.regionId));
  if (q.parentId) conds.push(eq(orgs.parentId, q.parentId));
  if (q.q) conds.push(ilike(orgs.name, `%${escapeLike(q.q)}%`));
  return and(...conds);
}

export async function listOrgs(ctx: Ctx, p: Principal, q: z.infer<typeof OrgListQuery>) {
  const where = orgConditions(p, q);
  return paginate(q, ctx.db.select().from(orgs).where(where).orderBy(asc(orgs.regionId), asc(orgs.path)),
    ctx.db.select({ n: countAll }).from(orgs).where(where), toOrg);
}

export async function createOrg(ctx: Ctx, actor: Actor, input: z.infer<typeof OrgCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const id = uuidv7();
    let regionId: string;
    let path: string;
    let depth = 0;
    if (input.parentId) {
      const parent = await findOrg(tx, p, input.parentId, 'directory.write');
      if (!childKindAllowed(parent.kind, input.kind)) throw invalid([fieldError('parentId', 'org.kind_nesting', { parent: parent.name })]);
      regionId = parent.regionId;
      if (input.regionId && input.regionId !== regionId) throw invalid([fieldError('regionId', 'org.region_mismatch')]);
      path = `${parent.path}${id}/`;
      depth = parent.depth + 1;
    } else {
      if (!input.regionId) throw invalid([fieldError('regionId', 'field.required')]);
      // only whole-region grants cover a new root
      assertHoldsIn(p, 'directory.write', input.regionId, { regionWide: true });
      regionId = input.regionId;
      path = `/${id}/`;
    }
    if (input.termStart && input.termEnd && input.termEnd < input.termStart) {
      throw invalid([fieldError('termEnd', 'org.term_order')]);
    }
    const [row] = await tx.insert(orgs).values({
      regionId, id, parentId: input.parentId ?? null, kind: input.kind, name: input.name, path, depth,
      secretaryName: input.secretaryName ?? null, foundedOn: input.foundedOn ?? null,
      termStart: input.termStart ?? null, termEnd: input.termEnd ?? null, unitId: input.unitId ?? null,
    }).returning();
    await audit(tx, actor, { regionId, action: 'org.create', entityType: 'org', entityId: id, after: row });
    return toOrg(row);
  });
}

export async function updateOrg(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof OrgUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const before = await findOrg(tx, p, id, 'directory.write');
    if (input.parentId !== undefined && input.parentId !== before.parentId) {
      throw new AppError(400, 'VALIDATION_FAILED', {}, [fieldError('parentId', 'org.use_move')]);
    }
    const next = { ...before, ...input };
    if (next.termStart && next.termEnd && next.termEnd < next.termStart) throw invalid([fieldError('termEnd', 'org.term_order')]);
    const { parentId: _ignored, ...changes } = input;
    const [row] = await tx.update(orgs).set({ ...changes, updatedAt: new Date(ctx.now()) })
      .where(and(eq(orgs.regionId, before.regionId), eq(orgs.id, id))).returning();
    await audit(tx, actor, { regionId: before.regionId, action: 'org.update', entityType: 'org', entityId: id, before, after: row });
    return toOrg(row);
  });
}

/** The organisation tree of a region (or the caller's part of it), with subtree member and branch counts. */
export async function orgTree(ctx: Ctx, p: Principal, regionId: string) {
  const db = ctx.db;
  const rows = await db.select().from(orgs)
    .where(and(eq(orgs.regionId, regionId), scopeWhere(p, 'directory.read', { regionId: orgs.regionId, orgPath: orgs.path })))
    .orderBy(asc(orgs.path));
  if (!rows.length) throw notFound();
  // members and branches counted once per ancestor: each org's path lists its ancestors
  const counts = await db.execute(sql`
    select a.anc as id, count(distinct m.id)::int as members, 0 as branches
      from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
      cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')) as a(anc)
     where m.region_id = ${regionId} and m.status not in ('transferred_out', 'left', 'deceased')
       and m.stage in ('probationary', 'full')
     group by a.anc
    union all
    select a.anc as id, 0 as members, count(*)::int as branches
      from orgs o cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')) as a(anc)
     where o.region_id = ${regionId} and o.kind = 'branch'
     group by a.anc`);
  const memberCount = new Map<string, number>();
  const branchCount = new Map<string, number>();
  for (const r of (counts as unknown as { rows: { id: string; members: number; branches: number }[] }).rows) {
    memberCount.set(r.id, (memberCount.get(r.id) ?? 0) + Number(r.members));
    branchCount.set(r.id, (branchCount.get(r.id) ?? 0) + Number(r.branches));
  }
  type Node = { id: string; name: string; kind: string; parentId: string | null; memberCount: number; branchCount: number; termEnd: string | null; children: Node[] };
  const nodes = new Map<string, Node>();
  const roots: Node[] = [];
  for (const o of rows) {
    const n: Node = {
      id: o.id, name: o.name, kind: o.kind, parentId: o.parentId, memberCount: memberCount.get(o.id) ?? 0,
      branchCount: branchCount.get(o.id) ?? 0, termEnd: o.termEnd, children: [],
    };
    nodes.set(o.id, n);
    const parent = o.parentId ? nodes.get(o.parentId) : undefined;
    if (parent) parent.children.push(n); else roots.push(n);
  }
  const sortRec = (xs: Node[]) => { xs.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')); xs.forEach((x) => sortRec(x.children)); };
  sortRec(roots);
  return roots;
}

/** Moves an org and its whole subtree under another parent of the same region. */
export async function moveOrg(ctx: Ctx, actor: Actor, id: string, parentId: string) {
  const p = actor.principal!;
  return transaction(ctx.db, async (tx) => {
    const org = await findOrg(tx, p, id, 'directory.write');
    const parent = await findOrg(tx, p, parentId, 'directory.write');
    if (parent.regionId !== org.regionId) throw invalid([fieldError('parentId', 'org.region_mismatch')]);
    if (parent.path.startsWith(org.path)) throw invalid([fieldError('parentId', 'org.cycle')], 'ORG_CYCLE');
    if (!childKindAllowed(parent.kind, org.kind)) throw invalid([fieldError('parentId', 'org.kind_nesting', { parent: parent.name })]);
    if (org.parentId === parent.id) return toOrg(org);
    const newPath = `${parent.path}${org.id}/`;
    const delta = parent.depth + 1 - org.depth;
    await tx.execute(sql`update orgs set path = ${newPath} || substr(path, ${org.path.length + 1}), depth = depth + ${delta},
      updated_at = ${new Date(ctx.now()).toISOString()}::timestamptz
      where region_id = ${org.regionId} and ${pathUnder(sql`path`, org.path)}`);
    const [row] = await tx.update(orgs).set({ parentId: parent.id }).where(and(eq(orgs.regionId, org.regionId), eq(orgs.id, id))).returning();
    sessionsChanged(tx); // grants resolve to org paths, which just changed
    await audit(tx, actor, { regionId: org.regionId, action: 'org.move', entityType: 'org', entityId: id, before: { parentId: org.parentId, path: org.path }, after: { parentId: parent.id, path: newPath } });
    return toOrg(row);
  });
}

/** Organisations whose term has ended or ends within `days` days (换届 due). */
export async function termDue(ctx: Ctx, p: Principal, q: { regionId?: string; days: number }) {
  const today = todayShanghai(ctx.now());
  const horizon = addDays(today, q.days);
  const rows = await ctx.db.select().from(orgs).where(and(
    scopeWhere(p, 'directory.read', { regionId: orgs.regionId, orgPath: orgs.path }),
    q.regionId ? eq(orgs.regionId, q.regionId) : undefined,
    sql`${orgs.termEnd} is not null and ${orgs.termEnd} <= ${horizon}`,
  )).orderBy(asc(orgs.termEnd)).limit(1000);
  return rows.map((o) => ({ ...toOrg(o), overdue: o.termEnd! < today }));
}
