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

/**
 * 三会一课 missing: the compliance board's due list (compliance.ts `dueList`) in every region where the caller
 * organises activities, one item per branch and kind — overdue when a period ended short, due while the current
 * one is still short.
 */
const compliance: TodoSource = {
  key: 'activities.compliance',
  label: { 'zh-CN': '三会一课未完成', 'en-US': '三会一课 behind' },
  list: async (ctx, p) => {
    const out: TodoItem[] = [];
    for (const regionId of regionsWith(p, 'activities.write')) {
      const rows = await dueList(ctx, p, { regionId });
      const byKey = new Map<string, typeof rows>();
      for (const r of rows) byKey.set(`${r.orgId}|${r.kind}`, [...(byKey.get(`${r.orgId}|${r.kind}`) ?? []), r]);
      for (const [key, cells] of byKey) {
        const first = cells[0];
        const missing = cells.filter((c) => c.status === 'missing');
        const pending = cells.some((c) => c.status === 'pending');
        const periods = missing.map((c) => c.period).join('、');
        out.push({
          source: 'activities.compliance', id: `${key}|${cells.map((c) => c.period).join(',')}`, regionId,
          title: {
            'zh-CN': `${first.orgName}：${kindLabel(first.kind, 'zh-CN')}${missing.length ? `缺 ${missing.length} 期（${periods}）` : ''}${pending ? `${missing.length ? '，' : ''}本期尚未达标` : ''}`,
            'en-US': `${first.orgName}: ${kindLabel(first.kind, 'en-US')}${missing.length ? ` missing in ${missing.length} period(s) (${periods})` : ''}${pending ? `${missing.length ? ',' : ''} short this period` : ''}`,
          },
          href: '/activities/compliance',
          due: periodEnd((missing[0] ?? first).period),
          severity: missing.length ? 'overdue' : 'due',
        });
      }
    }
    return out;
  },
};

export const activitiesTodos: TodoSource[] = [compliance];
