import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { caseNumber } from '../../platform/cases/engine.ts';
import { cases } from '../../platform/cases/schema.ts';
import { regionsWith } from '../../platform/scope.ts';
import type { TodoItem, TodoSource } from '../../platform/todos-types.ts';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { orgs } from '../directory/schema.ts';
import { CONFIRMATION_DAYS, listMediations, mediationScope } from './mediation.ts';
import { mediationAgreements, mediationCases } from './schema.ts';
import { listRequests } from './services.ts';

/** A mediation counts as near its limit this many days before the clock runs out. */
export const MEDIATION_NEAR_DAYS = 3;
/** The judicial-confirmation window is reminded in its last this many days. */
export const CONFIRMATION_NEAR_DAYS = 7;
const DAY = 86_400_000;

/** The region of each case (the lists' items do not carry it). */
async function caseRegions(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.select({ id: cases.id, regionId: cases.regionId }).from(cases).where(inArray(cases.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.regionId]));
}

/**
 * Mediation clocks: open cases the caller handles (`listMediations`, open=1: the committee's in its scope, a
 * mediator's own) whose time limit has passed (overdue) or ends within 3 days (due).
 */
const mediation: TodoSource = {
  key: 'chamber.mediation',
  label: { 'zh-CN': '调解时限', 'en-US': 'Mediation clocks' },
  list: async (ctx, p) => {
    const regions = new Set([...regionsWith(p, 'mediation.manage'), ...regionsWith(p, 'mediation.handle')]);
    if (!regions.size) return [];
    const now = ctx.now();
    const page = await listMediations(ctx, p, { open: '1', page: 1, pageSize: 500 });
    const near = page.items.filter((m) => m.dueAt && Date.parse(m.dueAt) < now + MEDIATION_NEAR_DAYS * DAY);
    const regionOf = await caseRegions(ctx.db, near.map((m) => m.id));
    return near.filter((m) => regions.has(regionOf.get(m.id) ?? '')).map((m): TodoItem => {
      const due = todayShanghai(Date.parse(m.dueAt!));
      return {
        source: 'chamber.mediation', id: m.id, regionId: regionOf.get(m.id)!,
        title: {
          'zh-CN': `调解案件 ${m.number}（${m.orgName}）${m.overdue ? '已超过' : '即将到'}调解时限 ${due}`,
          'en-US': `Mediation ${m.number} (${m.orgName}) ${m.overdue ? 'is past' : 'nears'} its time limit ${due}`,
        },
        href: `/mediation?id=${m.id}`, due, severity: m.overdue ? 'overdue' : 'due',
      };
    });
  },
};

/**
 * The 30-day window for judicial confirmation (司法确认): agreements of the cases the caller handles (the committee's
 * in its scope, a mediator's own: `mediationScope`) whose window ends within 7 days, today included.
 */
const confirmation: TodoSource = {
  key: 'chamber.confirmation',
  label: { 'zh-CN': '司法确认期限', 'en-US': 'Judicial confirmation windows' },
  list: async (ctx, p) => {
    if (!regionsWith(p, 'mediation.manage').length && !regionsWith(p, 'mediation.handle').length) return [];
    const today = todayShanghai(ctx.now());
    const rows = await ctx.db.select({ id: cases.id, regionId: cases.regionId, year: cases.year, seq: cases.seq, signedOn: mediationAgreements.signedOn, orgName: orgs.name })
      .from(mediationAgreements)
      .innerJoin(mediationCases, and(eq(mediationCases.regionId, mediationAgreements.regionId), eq(mediationCases.id, mediationAgreements.caseId)))
      .innerJoin(cases, and(eq(cases.regionId, mediationCases.regionId), eq(cases.id, mediationCases.id)))
      .innerJoin(orgs, and(eq(orgs.regionId, mediationCases.regionId), eq(orgs.id, mediationCases.orgId)))
      .where(and(mediationScope(p),
        gte(mediationAgreements.signedOn, addDays(today, -CONFIRMATION_DAYS)),
        lte(mediationAgreements.signedOn, addDays(today, CONFIRMATION_NEAR_DAYS - CONFIRMATION_DAYS))))
      .orderBy(asc(mediationAgreements.signedOn), asc(cases.id));
    return rows.map((r): TodoItem => {
      const by = addDays(r.signedOn, CONFIRMATION_DAYS);
      const number = caseNumber(r);
      return {
        source: 'chamber.confirmation', id: r.id, regionId: r.regionId,
        title: {
          'zh-CN': `调解案件 ${number}（${r.orgName}）的协议申请司法确认期限至 ${by}`,
          'en-US': `Mediation ${number} (${r.orgName}): the parties may apply for judicial confirmation until ${by}`,
        },
        href: `/mediation?id=${r.id}`, due: by, severity: 'due',
      };
    });
  },
};

/**
 * Service requests overdue: open requests past their time limit in the caller's agency inbox (`listRequests`
 * box=inbox: the agency must answer) and, for a dispatcher, in its dispatch box.
 */
const services: TodoSource = {
  key: 'chamber.services',
  label: { 'zh-CN': '服务请求超时', 'en-US': 'Service requests overdue' },
  list: async (ctx, p) => {
    const boxes = [
      ...(regionsWith(p, 'services.handle').length ? ['inbox' as const] : []),
      ...(regionsWith(p, 'services.dispatch').length ? ['dispatch' as const] : []),
    ];
    const regions = new Set([...regionsWith(p, 'services.handle'), ...regionsWith(p, 'services.dispatch')]);
    const seen = new Set<string>();
    const found: { box: 'inbox' | 'dispatch'; r: Awaited<ReturnType<typeof listRequests>>['items'][number] }[] = [];
    for (const box of boxes) {
      for (const r of (await listRequests(ctx, p, { box, overdue: '1', open: '1', page: 1, pageSize: 500 })).items) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        found.push({ box, r });
      }
    }
    const regionOf = await caseRegions(ctx.db, found.map((x) => x.r.id));
    return found.filter((x) => regions.has(regionOf.get(x.r.id) ?? '')).map(({ box, r }): TodoItem => ({
      source: 'chamber.services', id: r.id, regionId: regionOf.get(r.id)!,
      title: {
        'zh-CN': `${r.unitName}的服务请求「${r.title}」（${r.number}）已超时${r.agencyName ? `，承办：${r.agencyName}` : '，待派单'}`,
        'en-US': `Service request "${r.title}" (${r.number}) of ${r.unitName} is overdue${r.agencyName ? `, with ${r.agencyName}` : ', not dispatched'}`,
      },
      href: `/services?box=${box}&id=${r.id}`, due: r.dueAt ? todayShanghai(Date.parse(r.dueAt)) : null, severity: 'overdue',
    }));
  },
};

export const chamberTodos: TodoSource[] = [mediation, confirmation, services];
