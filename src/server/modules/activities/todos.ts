import type { TodoItem, TodoSource } from '../../platform/todos-types.ts';
import { regionsWith } from '../../platform/scope.ts';
import { dueList } from './compliance.ts';

const KIND: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  general_meeting: { 'zh-CN': '支部党员大会', 'en-US': 'general meeting' },
  committee_meeting: { 'zh-CN': '支部委员会', 'en-US': 'committee meeting' },
  group_meeting: { 'zh-CN': '党小组会', 'en-US': 'group meeting' },
  party_lesson: { 'zh-CN': '党课', 'en-US': 'party lesson' },
  theme_day: { 'zh-CN': '主题党日', 'en-US': 'theme day' },
};
const kindLabel = (k: string, l: 'zh-CN' | 'en-US') => KIND[k]?.[l] ?? k;

/** The last day of a compliance period key: '2026', '2026-Q3' or '2026-05'. */
export function periodEnd(key: string): string {
  const y = Number(key.slice(0, 4));
  const lastDay = (m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const q = /^\d{4}-Q([1-4])$/.exec(key);
  if (q) { const m = Number(q[1]) * 3; return `${y}-${String(m).padStart(2, '0')}-${lastDay(m)}`; }
  const mo = /^\d{4}-(\d{2})$/.exec(key);
  if (mo) { const m = Number(mo[1]); return `${y}-${mo[1]}-${String(lastDay(m)).padStart(2, '0')}`; }
  return `${y}-12-31`;
}

/** Above this many branches behind in one region, the list carries one line for all of them, not one each. */
export const COMPLIANCE_ROLLUP = 10;

/**
 * 三会一课 missing: the compliance board's due list (compliance.ts `dueList`) in every region where the caller
 * organises activities, one item per branch (all its kinds on one line), linking to that branch on the board —
 * overdue when a period ended short, due while the current one is still short. A committee over more than
 * COMPLIANCE_ROLLUP branches behind gets one line per region instead, linking to the board's due list.
 */
const compliance: TodoSource = {
  key: 'activities.compliance',
  label: { 'zh-CN': '三会一课未完成', 'en-US': '三会一课 behind' },
  list: async (ctx, p) => {
    const out: TodoItem[] = [];
    for (const regionId of regionsWith(p, 'activities.write')) {
      const rows = await dueList(ctx, p, { regionId });
      const byOrg = new Map<string, typeof rows>();
      for (const r of rows) byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r]);
      const branches = [...byOrg.values()].map((cells) => {
        const byKind = new Map<string, typeof rows>();
        for (const c of cells) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
        const parts = (l: 'zh-CN' | 'en-US') => [...byKind].map(([kind, cs]) => {
          const missing = cs.filter((c) => c.status === 'missing');
          const pending = cs.some((c) => c.status === 'pending');
          const periods = missing.map((c) => c.period).join(l === 'zh-CN' ? '、' : ', ');
          return l === 'zh-CN'
            ? `${kindLabel(kind, l)}${missing.length ? `缺 ${missing.length} 期（${periods}）` : ''}${pending ? `${missing.length ? '，' : ''}本期尚未达标` : ''}`
            : `${kindLabel(kind, l)}${missing.length ? ` missing in ${missing.length} period(s) (${periods})` : ''}${pending ? `${missing.length ? ',' : ''} short this period` : ''}`;
        });
        const missing = cells.filter((c) => c.status === 'missing');
        const earliest = [...(missing.length ? missing : cells)].map((c) => periodEnd(c.period)).sort()[0];
        return { first: cells[0], cells, parts, overdue: missing.length > 0, due: earliest };
      });
      if (branches.length > COMPLIANCE_ROLLUP) {
        const overdue = branches.filter((b) => b.overdue).length;
        out.push({
          source: 'activities.compliance', id: `region|${regionId}`, regionId,
          title: {
            'zh-CN': `${branches.length} 个支部三会一课未完成${overdue ? `（${overdue} 个已有缺期）` : ''}`,
            'en-US': `三会一课 behind in ${branches.length} branches${overdue ? ` (${overdue} with missed periods)` : ''}`,
          },
          href: `/activities/compliance?regionId=${regionId}&tab=due`,
          due: branches.map((b) => b.due).sort()[0], severity: overdue ? 'overdue' : 'due',
        });
        continue;
      }
      for (const b of branches) {
        out.push({
          source: 'activities.compliance', id: `${b.first.orgId}|${b.cells.map((c) => `${c.kind}:${c.period}`).join(',')}`, regionId,
          title: { 'zh-CN': `${b.first.orgName}：${b.parts('zh-CN').join('；')}`, 'en-US': `${b.first.orgName}: ${b.parts('en-US').join('; ')}` },
          href: `/activities/compliance?regionId=${regionId}&q=${encodeURIComponent(b.first.orgName)}`,
          due: b.due, severity: b.overdue ? 'overdue' : 'due',
        });
      }
    }
    return out;
  },
};

export const activitiesTodos: TodoSource[] = [compliance];
