import { and, eq, inArray } from 'drizzle-orm';
import { todayShanghai } from '../../../shared/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { can, regionsWith } from '../../platform/scope.ts';
import type { TodoSource } from '../../platform/todos-types.ts';
import { dueList } from './members.ts';
import { termDue } from './orgs.ts';
import { orgs } from './schema.ts';

/*
 * A to-do belongs to whoever holds a grant that lets them act on it, in the regions of those grants
 * (`regionsWith`): the platform admin's blanket power does not make every item of every region theirs.
 */

/** Days ahead a term end or a development step counts as due. */
export const TERM_DUE_DAYS = 90;
export const STAGE_DUE_DAYS = 30;

const STAGE: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  applicant: { 'zh-CN': '入党申请人', 'en-US': 'applicant' },
  activist: { 'zh-CN': '入党积极分子', 'en-US': 'activist' },
  candidate: { 'zh-CN': '发展对象', 'en-US': 'candidate' },
  probationary: { 'zh-CN': '预备党员', 'en-US': 'probationary member' },
  full: { 'zh-CN': '正式党员', 'en-US': 'full member' },
};

async function orgPaths(db: DbOrTx, regionId: string, ids: string[]) {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map<string, string>();
  const rows = await db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(and(eq(orgs.regionId, regionId), inArray(orgs.id, uniq)));
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** 换届 due: `termDue` (orgs whose term ended or ends within 90 days), the ones the caller may edit. */
const terms: TodoSource = {
  key: 'directory.termDue',
  label: { 'zh-CN': '换届到期', 'en-US': 'Term ending (换届)' },
  list: async (ctx, p) => {
    const rows = (await Promise.all(regionsWith(p, 'directory.write').map((regionId) => termDue(ctx, p, { regionId, days: TERM_DUE_DAYS })))).flat();
    return rows.filter((o) => can(p, 'directory.write', { regionId: o.regionId, orgPath: o.path })).map((o) => ({
      source: 'directory.termDue', id: o.id, regionId: o.regionId,
      title: {
        'zh-CN': `${o.name}${o.overdue ? '任期已满，应换届' : '任期将满，准备换届'}（${o.termEnd}）`,
        'en-US': `${o.name}: term ${o.overdue ? 'ended' : 'ends'} ${o.termEnd}, elect a new committee`,
      },
      href: `/orgs?regionId=${o.regionId}&tab=termDue`, due: o.termEnd, severity: o.overdue ? 'overdue' as const : 'due' as const,
    }));
  },
};

/** Development stages due: `dueList` (activists and probationary members a year on, within 30 days), where the caller may advance them. */
const stages: TodoSource = {
  key: 'directory.stages',
  label: { 'zh-CN': '发展党员到期', 'en-US': 'Development steps due' },
  list: async (ctx, p) => {
    const today = todayShanghai(ctx.now());
    const out = [];
    for (const regionId of regionsWith(p, 'members.write')) {
      const rows = await dueList(ctx, p, { regionId, withinDays: STAGE_DUE_DAYS });
      const paths = await orgPaths(ctx.db, regionId, rows.map((r) => r.orgId));
      for (const r of rows) {
        if (!can(p, 'members.write', { regionId, orgPath: paths.get(r.orgId) ?? null })) continue;
        out.push({
          source: 'directory.stages', id: r.memberId, regionId,
          title: {
            'zh-CN': `${r.name}（${r.orgName}）：${STAGE[r.stage]['zh-CN']}满一年，可转为${STAGE[r.nextStage]['zh-CN']}`,
            'en-US': `${r.name} (${r.orgName}): ${STAGE[r.stage]['en-US']} for a year, due to become ${STAGE[r.nextStage]['en-US']}`,
          },
          href: `/members?tab=due&id=${r.memberId}`, due: r.dueOn,
          severity: r.dueOn < today ? 'overdue' as const : 'due' as const,
        });
      }
    }
    return out;
  },
};

export const directoryTodos: TodoSource[] = [terms, stages];
