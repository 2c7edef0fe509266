import { and, asc } from 'drizzle-orm';
import type { z } from 'zod';
import type { SearchQuery } from '../../../shared/directory.ts';
import type { Ctx } from '../../platform/context.ts';
import { countAll, emptyPage, paginate } from '../../platform/pagination.ts';
import { holdsAnywhere, type Principal } from '../../platform/scope.ts';
import { memberConditions, memberRows, today } from './members.ts';
import { orgConditions } from './orgs.ts';
import { members, orgs, units } from './schema.ts';
import { unitConditions } from './units.ts';

/**
 * The header's search: members, organisations and units matching `q`, each list with the conditions of its own page
 * (scope first, in SQL), so the search answers nothing the lists would not. Members by name, pinyin or initials as
 * in the roster, by ID number only where the caller holds members.pii on the member's organisation; an item carries
 * its name and place, never an ID number or phone, so a match tells no more than the list row would.
 */
export async function search(ctx: Ctx, p: Principal, q: z.infer<typeof SearchQuery>) {
  const page = { page: 1, pageSize: q.limit };
  const t = today(ctx.now);
  const memberWhere = and(...(await memberConditions(ctx.db, p, { q: q.q }, t)));
  const orgWhere = orgConditions(p, { q: q.q });
  const unitWhere = unitConditions(p, { q: q.q });
  const [m, o, u] = await Promise.all([
    holdsAnywhere(p, 'members.read')
      ? paginate(page, memberRows(ctx.db).where(memberWhere).orderBy(asc(members.namePinyin), asc(members.id)),
        ctx.db.select({ n: countAll }).from(members).where(memberWhere),
        (r) => ({ id: r.m.id, name: r.m.name, orgName: r.o.name, stage: r.m.stage as 'full' }))
      : emptyPage<{ id: string; name: string; orgName: string; stage: 'full' }>(page),
    paginate(page, ctx.db.select({ id: orgs.id, name: orgs.name, kind: orgs.kind }).from(orgs).where(orgWhere).orderBy(asc(orgs.depth), asc(orgs.name)),
      ctx.db.select({ n: countAll }).from(orgs).where(orgWhere), (r) => ({ ...r, kind: r.kind as 'branch' })),
    paginate(page, ctx.db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(unitWhere).orderBy(asc(units.name)),
      ctx.db.select({ n: countAll }).from(units).where(unitWhere), (r) => ({ ...r, kind: r.kind as 'enterprise' })),
  ]);
  return { members: m, orgs: o, units: u };
}
