import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { OrgListQuery, UnitListQuery } from '../../../shared/directory.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Locale } from '../../platform/messages.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { orgConditions } from './orgs.ts';
import { orgs, units } from './schema.ts';
import { toUnit, unitConditions, unitRows } from './units.ts';

/** The most rows an org or unit export holds (a region has hundreds; the cap keeps the workbook in memory small). */
export const MAX_LIST_EXPORT_ROWS = 20_000;
const NO_REGION = '00000000-0000-0000-0000-000000000000';

const LABELS = {
  'zh-CN': {
    orgs: { sheet: '党组织', header: ['名称', '类型', '上级组织', '书记', '成立日期', '本届开始', '届满日期', '层级'] },
    units: { sheet: '共建单位', header: ['单位名称', '单位类型', '行业', '职工人数', '规上企业', '地址', '联络人', '联络电话'] },
    orgKind: { committee: '党委', general_branch: '党总支', branch: '党支部' } as Record<string, string>,
    unitKind: { enterprise: '企业', school: '学校', hospital: '医院', army: '部队', bank: '银行', community: '社区', village: '村', agency: '服务机构', other: '其他' } as Record<string, string>,
    yes: '是', no: '否',
  },
  'en-US': {
    orgs: { sheet: 'Organisations', header: ['Name', 'Kind', 'Parent', 'Secretary', 'Founded', 'Term start', 'Term end', 'Depth'] },
    units: { sheet: 'Units', header: ['Name', 'Kind', 'Industry', 'Staff', 'Above scale', 'Address', 'Liaison', 'Liaison phone'] },
    orgKind: { committee: 'Party committee', general_branch: 'General branch', branch: 'Branch' } as Record<string, string>,
    unitKind: { enterprise: 'Enterprise', school: 'School', hospital: 'Hospital', army: 'Army unit', bank: 'Bank', community: 'Community', village: 'Village', agency: 'Service agency', other: 'Other' } as Record<string, string>,
    yes: 'yes', no: 'no',
  },
};

/** The org list as its filters show it (scope first, in SQL), as xlsx; audited like the member export. */
export async function exportOrgs(ctx: Ctx, actor: Actor, q: Omit<z.infer<typeof OrgListQuery>, 'page' | 'pageSize'>, locale: Locale) {
  const p = actor.principal!;
  const L = LABELS[locale];
  const parent = alias(orgs, 'parent');
  const rows = await ctx.db.select({ o: orgs, parentName: parent.name }).from(orgs)
    .leftJoin(parent, and(eq(parent.regionId, orgs.regionId), eq(parent.id, orgs.parentId)))
    .where(orgConditions(p, q)).orderBy(asc(orgs.regionId), asc(orgs.path)).limit(MAX_LIST_EXPORT_ROWS);
  const buffer = await workbookBuffer([{
    name: L.orgs.sheet, boldHeader: true,
    header: L.orgs.header.map((title, i) => ({ title, width: i === 0 || i === 2 ? 28 : 12 })),
    rows: rows.map(({ o, parentName }) => [o.name, L.orgKind[o.kind] ?? o.kind, parentName, o.secretaryName, o.foundedOn, o.termStart, o.termEnd, o.depth]),
  }]);
  await audit(ctx.db, actor, { regionId: q.regionId ?? NO_REGION, action: 'org.export', entityType: 'org', entityId: 'list', after: { ...q, rows: rows.length } });
  return { buffer, filename: `orgs-${todayShanghai(ctx.now())}.xlsx` };
}

/** The unit list as its filters show it, as xlsx: the liaison's phone masked as in the list (unless the reader may write the unit). */
export async function exportUnits(ctx: Ctx, actor: Actor, q: Omit<z.infer<typeof UnitListQuery>, 'page' | 'pageSize'>, locale: Locale) {
  const p = actor.principal!;
  const L = LABELS[locale];
  const rows = await unitRows(ctx.db).where(unitConditions(p, q)).orderBy(asc(units.name), asc(units.id)).limit(MAX_LIST_EXPORT_ROWS);
  const buffer = await workbookBuffer([{
    name: L.units.sheet, boldHeader: true,
    header: L.units.header.map((title, i) => ({ title, width: i === 0 || i === 5 ? 28 : 12 })),
    rows: rows.map((r) => {
      const u = toUnit(r.u, p, { regionId: r.u.regionId, unitId: r.u.id, orgPath: r.path });
      return [u.name, L.unitKind[u.kind] ?? u.kind, u.industry, u.staffCount, u.aboveScale ? L.yes : L.no, u.address, u.liaisonName, u.liaisonPhone];
    }),
  }]);
  await audit(ctx.db, actor, { regionId: q.regionId ?? NO_REGION, action: 'unit.export', entityType: 'unit', entityId: 'list', after: { ...q, rows: rows.length } });
  return { buffer, filename: `units-${todayShanghai(ctx.now())}.xlsx` };
}
