import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  DUTY_POINTS, type DutyCorrection, type DutyEvidenceQuery, type DutyExtraItem, type DutyItemInput, type DutyItemEdit, type DutyLedger, type DutyPoint,
  type DutyPublish, type DutyReviewIn, type DutySubmit, type DutySource, type DutyStatus, type DutyTemplatePut,
} from '../../../shared/chamber-duty.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { rowsOf } from '../../platform/rows.ts';
import { assertCan, assertHoldsIn, can, holdsIn, pathUnder, scopeWhere, type Principal } from '../../platform/scope.ts';
import { removeFile, storeFile, type ReceivedFile } from '../../platform/uploads.ts';
import { complianceBoard, rulesOf } from '../activities/compliance.ts';
import { activities } from '../activities/schema.ts';
import { pledges } from '../cluster/schema.ts';
import { needs } from '../cobuild/schema.ts';
import { allianceOrgs, alliances, members, orgs } from '../directory/schema.ts';
import { dutyEvidence, dutyItems, dutyPublications, dutyReports } from './duty-schema.ts';

type Item = typeof dutyItems.$inferSelect;
type Branch = { regionId: string; id: string; name: string; path: string; secretaryName: string | null; secretaryMemberId: string | null };
type Rec = { id: string; label: string; date: string | null; link: string };

const branchCols = { regionId: orgs.regionId, id: orgs.id, name: orgs.name, path: orgs.path, secretaryName: orgs.secretaryName, secretaryMemberId: orgs.secretaryMemberId };
const SCOPE_ORDER = { template: 0, grid: 1, branch: 2 } as const;
const round1 = (x: number) => Math.round(x * 10) / 10;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const ancestorsOf = (path: string) => path.split('/').filter(Boolean);

async function orgRow(db: DbOrTx, id: string): Promise<Branch | undefined> {
  const [o] = await db.select(branchCols).from(orgs).where(eq(orgs.id, id)).limit(1);
  return o;
}

/** An org the caller may read the lists of (404 otherwise, as a made-up id). */
async function findOrg(db: DbOrTx, p: Principal, id: string, perm: 'duty.read' | 'duty.manage' | 'duty.fill' = 'duty.read') {
  const o = await orgRow(db, id);
  assertCan(p, perm, o ? { regionId: o.regionId, orgPath: o.path } : null);
  return o!;
}

function itemOut(i: Item) {
  return {
    id: i.id, code: i.code, name: i.name, weight: i.weight, indicator: i.indicator as 'count' | 'yesno', target: i.target, source: i.source as DutySource,
    stage: (i.stage ?? null) as 'activist' | 'candidate' | 'probationary' | 'full' | null, scope: i.scope as 'template' | 'grid' | 'branch',
    allianceId: i.allianceId, branchId: i.branchId,
  };
}

/** The committee whose template a branch follows this year: its nearest ancestor (or itself) holding a template. */
async function committeeOf(db: DbOrTx, b: Branch, year: number) {
  const ids = ancestorsOf(b.path);
  const rows = await db.selectDistinct({ id: dutyItems.committeeId }).from(dutyItems)
    .where(and(eq(dutyItems.regionId, b.regionId), eq(dutyItems.year, year), eq(dutyItems.scope, 'template'), inArray(dutyItems.committeeId, ids)));
  const found = new Set(rows.map((r) => r.id));
  return [...ids].reverse().find((id) => found.has(id)) ?? null;
}

async function gridOf(db: DbOrTx, regionId: string, orgId: string) {
  const [g] = await db.select({ id: alliances.id, name: alliances.name }).from(allianceOrgs)
    .innerJoin(alliances, and(eq(alliances.regionId, allianceOrgs.regionId), eq(alliances.id, allianceOrgs.allianceId)))
    .where(and(eq(allianceOrgs.regionId, regionId), eq(allianceOrgs.orgId, orgId), eq(alliances.kind, 'grid'))).orderBy(asc(alliances.name)).limit(1);
  return g ?? null;
}

/** Every item of a committee's year (template, grids', branches'), in list order. */
async function yearItems(db: DbOrTx, regionId: string, committeeId: string, year: number) {
  const rows = await db.select().from(dutyItems)
    .where(and(eq(dutyItems.regionId, regionId), eq(dutyItems.committeeId, committeeId), eq(dutyItems.year, year)));
  return rows.sort((a, b) => SCOPE_ORDER[a.scope as 'template'] - SCOPE_ORDER[b.scope as 'template'] || a.sort - b.sort || a.code.localeCompare(b.code));
}
const listOf = (all: Item[], gridId: string | null, branchId: string) =>
  all.filter((i) => i.scope === 'template' || (i.scope === 'grid' && i.allianceId === gridId) || (i.scope === 'branch' && i.branchId === branchId));

/** The fraction of the year gone by `today` (0 before it starts, 1 after it ends). */
function yearGone(year: number, today: string) {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const t = Date.parse(`${today}T00:00:00Z`);
  return Math.min(1, Math.max(0, (t - start) / (end - start)));
}

const STAGE_COLUMN = { activist: members.activistOn, candidate: members.candidateOn, probationary: members.joinedOn, full: members.fullOn } as const;
type Stage = keyof typeof STAGE_COLUMN;
const STAGE_SQL = { activist: sql`m.activist_on`, candidate: sql`m.candidate_on`, probationary: sql`m.joined_on`, full: sql`m.full_on` } as const;
const stageOf = (i: Item) => (i.stage ?? 'probationary') as Stage;
/** ids as one PostgreSQL array parameter (`= any(…::uuid[])`): one bind value instead of one per id. */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

type Evidence = { done: Map<string, number>; records: Map<string, Rec[]> };

/**
 * 三会一课: the periods meeting the compliance rules, per branch, from the activities capability's own compliance board
 * (one call for the whole list: the committee's or the branch's subtree, the wanted branches picked out of it).
 */
async function compliantPeriods(ctx: Ctx, p: Principal, regionId: string, year: number, rootOrgId: string, branchIds: string[]) {
  if (!holdsIn(p, 'activities.read', regionId)) return { ok: new Map<string, number>(), kinds: [] as string[] };
  const root = await orgRow(ctx.db, rootOrgId);
  const narrow = root && can(p, 'activities.read', { regionId, orgPath: root.path });
  const board = await complianceBoard(ctx, p, { regionId, year, orgId: narrow ? rootOrgId : undefined, page: 1, pageSize: 500 });
  const wanted = new Set(branchIds);
  const ok = new Map<string, number>();
  for (const row of board.items) if (wanted.has(row.orgId)) ok.set(row.orgId, row.ok);
  return { ok, kinds: [...new Set(board.rules.map((r) => r.kind))] };
}

/**
 * What the platform knows, per branch and item: the count, and (withRecords) the records that count. Batched per
 * source for the whole list and every branch at once, never per item: counts in one statement (development by stage,
 * fulfilled pledges, confirmed needs, uploads per item), records in one query per source; 三会一课 beside them from the
 * compliance board.
 */
async function evidenceOf(ctx: Ctx, p: Principal, regionId: string, year: number, rootOrgId: string, branches: Pick<Branch, 'id' | 'path'>[], items: Item[], withRecords: boolean): Promise<Evidence> {
  const branchIds = branches.map((b) => b.id);
  const done = new Map<string, number>(); // `${orgId}|${itemId}` → count
  const records = new Map<string, Rec[]>();
  const add = (orgId: string, itemId: string, n: number, rec?: Rec) => {
    const k = `${orgId}|${itemId}`;
    done.set(k, (done.get(k) ?? 0) + n);
    if (rec) { const l = records.get(k); if (l) l.push(rec); else records.set(k, [rec]); }
  };
  if (!branchIds.length || !items.length) return { done, records };
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const act = items.filter((i) => i.source === 'activities');
  const dev = items.filter((i) => i.source === 'development');
  const pl = items.filter((i) => i.source === 'pledges');
  const nd = items.filter((i) => i.source === 'needs');
  const man = items.filter((i) => i.source === 'manual');
  const stages = [...new Set(dev.map(stageOf))];
  const devByStage = new Map<Stage, Item[]>(stages.map((st) => [st, dev.filter((i) => stageOf(i) === st)]));
  const ids = uuidArray(branchIds);
  const needsWindow = sql`n.confirmed_at >= ${from}::date - interval '8 hours' and n.confirmed_at < ${to}::date - interval '8 hours'`;
  const jobs: Promise<void>[] = [];

  if (act.length && withRecords) {
    jobs.push(compliantPeriods(ctx, p, regionId, year, rootOrgId, branchIds).then(async ({ ok, kinds }) => {
      for (const [orgId, n] of ok) for (const i of act) add(orgId, i.id, n);
      if (!kinds.length) return;
      const rows = await ctx.db.select({ id: activities.id, orgId: activities.orgId, title: activities.title, heldOn: activities.heldOn }).from(activities)
        .where(and(eq(activities.regionId, regionId), inArray(activities.orgId, branchIds), inArray(activities.kind, kinds),
          sql`${activities.status} <> 'cancelled'`, gte(activities.heldOn, from), lt(activities.heldOn, to), sql`${activities.startsAt} <= ${new Date(ctx.now())}`))
        .orderBy(asc(activities.heldOn));
      for (const r of rows) for (const i of act) add(r.orgId!, i.id, 0, { id: r.id, label: r.title, date: r.heldOn, link: `/activities?id=${r.id}` });
    }));
  }

  if (!withRecords) {
    // every count in one statement: (org, key, n) with key a stage, 'pledges', 'needs' or a manual item's id
    const parts: SQL[] = [];
    // 三会一课 as the compliance board counts it (its rules; an activity not cancelled and started counts for its
    // branch in the period of its date; a period is met at the rule's minimum), for the branches the caller may read
    // activities of — set-based here, since the board builds every cell of every branch (duty.test.ts pins the two equal)
    const actIds = act.length ? branches.filter((b) => can(p, 'activities.read', { regionId, orgPath: b.path })).map((b) => b.id) : [];
    const { rules } = actIds.length ? await rulesOf(ctx.db, regionId) : { rules: [] };
    if (rules.length) {
      const periodOf = (period: string) => (period === 'month' ? sql`extract(month from a.held_on)::int` : period === 'quarter' ? sql`(extract(month from a.held_on)::int + 2) / 3` : sql`1`);
      parts.push(sql`select h.org_id::text as org_id, 'activities' as key, count(*) filter (where h.n >= h.min)::int as n from (
        select a.org_id, r.k, r.min, case r.per ${sql.join(['month', 'quarter', 'year'].map((per) => sql`when ${per} then ${periodOf(per)}`), sql` `)} end as pk, count(*) as n
        from activities a join (values ${sql.join(rules.map((r) => sql`(${r.kind}, ${r.period}, ${r.minCount}::int)`), sql`, `)}) as r(k, per, min) on r.k = a.kind
        where a.region_id = ${regionId} and a.org_id = any(${uuidArray(actIds)}) and a.status <> 'cancelled'
          and a.held_on >= ${from}::date and a.held_on < ${to}::date and a.starts_at <= ${new Date(ctx.now()).toISOString()}::timestamptz
        group by 1, 2, 3, 4) h group by 1`);
    }
    if (stages.length) {
      parts.push(sql`select m.org_id::text as org_id, s.k as key, count(*)::int as n from members m
        cross join lateral (values ${sql.join(stages.map((st) => sql`(${st}, ${STAGE_SQL[st]})`), sql`, `)}) as s(k, d)
        where m.region_id = ${regionId} and m.org_id = any(${ids}) and s.d >= ${from}::date and s.d < ${to}::date group by 1, 2`);
    }
    if (pl.length) {
      parts.push(sql`select x.org_id::text as org_id, 'pledges' as key, count(*)::int as n from pledges x
        where x.region_id = ${regionId} and x.org_id = any(${ids}) and x.year = ${year} and x.status = 'fulfilled' group by 1`);
    }
    if (nd.length) {
      parts.push(sql`select n.org_id::text as org_id, 'needs' as key, count(*)::int as n from needs n
        where n.region_id = ${regionId} and n.org_id = any(${ids}) and n.status in ('confirmed', 'rated') and ${needsWindow} group by 1`);
    }
    if (man.length) {
      parts.push(sql`select e.org_id::text as org_id, e.item_id::text as key, sum(e.value)::int as n from duty_evidence e
        where e.region_id = ${regionId} and e.org_id = any(${ids}) and e.year = ${year} and e.item_id = any(${uuidArray(man.map((i) => i.id))}) group by 1, 2`);
    }
    if (parts.length) {
      jobs.push(ctx.db.execute(sql.join(parts, sql` union all `)).then((res) => {
        for (const r of rowsOf<{ org_id: string; key: string; n: number }>(res)) {
          const n = Number(r.n);
          if (r.key === 'activities') for (const i of act) add(r.org_id, i.id, n);
          else if (r.key === 'pledges') for (const i of pl) add(r.org_id, i.id, n);
          else if (r.key === 'needs') for (const i of nd) add(r.org_id, i.id, n);
          else if (devByStage.has(r.key as Stage)) for (const i of devByStage.get(r.key as Stage)!) add(r.org_id, i.id, n);
          else add(r.org_id, r.key, n);
        }
      }));
    }
    await Promise.all(jobs);
    return { done, records };
  }

  // with the records: one query per source
  if (stages.length) {
    const cols = { id: members.id, orgId: members.orgId, name: members.name, activist: members.activistOn, candidate: members.candidateOn, probationary: members.joinedOn, full: members.fullOn };
    const anyIn = sql.join(stages.map((st) => sql`(${STAGE_COLUMN[st]} >= ${from} and ${STAGE_COLUMN[st]} < ${to})`), sql` or `);
    jobs.push(ctx.db.select(cols).from(members).where(and(eq(members.regionId, regionId), inArray(members.orgId, branchIds), sql`(${anyIn})`)).orderBy(asc(members.namePinyin), asc(members.id))
      .then((rows) => {
        for (const st of stages) {
          const hits = rows.filter((r) => r[st] && r[st]! >= from && r[st]! < to).sort((a, b) => a[st]!.localeCompare(b[st]!));
          for (const r of hits) for (const i of devByStage.get(st)!) add(r.orgId, i.id, 1, { id: r.id, label: r.name, date: r[st], link: `/members?id=${r.id}` });
        }
      }));
  }
  if (pl.length) {
    jobs.push(ctx.db.select({ id: pledges.id, orgId: pledges.orgId, content: pledges.content, at: pledges.reviewedAt }).from(pledges)
      .where(and(eq(pledges.regionId, regionId), inArray(pledges.orgId, branchIds), eq(pledges.year, year), eq(pledges.status, 'fulfilled'))).orderBy(asc(pledges.reviewedAt))
      .then((rows) => { for (const r of rows) for (const i of pl) add(r.orgId, i.id, 1, { id: r.id, label: r.content.slice(0, 60), date: r.at ? todayShanghai(r.at.getTime()) : null, link: `/pledge-reviews?id=${r.id}` }); }));
  }
  if (nd.length) {
    jobs.push(ctx.db.select({ id: needs.id, orgId: needs.orgId, title: needs.title, at: needs.confirmedAt }).from(needs)
      .where(and(eq(needs.regionId, regionId), inArray(needs.orgId, branchIds), inArray(needs.status, ['confirmed', 'rated']),
        sql`${needs.confirmedAt} >= ${from}::date - interval '8 hours'`, sql`${needs.confirmedAt} < ${to}::date - interval '8 hours'`)).orderBy(asc(needs.confirmedAt))
      .then((rows) => { for (const r of rows) for (const i of nd) add(r.orgId!, i.id, 1, { id: r.id, label: r.title, date: r.at ? todayShanghai(r.at.getTime()) : null, link: `/needs?id=${r.id}` }); }));
  }
  if (man.length) {
    jobs.push(ctx.db.select().from(dutyEvidence)
      .where(and(eq(dutyEvidence.regionId, regionId), inArray(dutyEvidence.orgId, branchIds), eq(dutyEvidence.year, year), inArray(dutyEvidence.itemId, man.map((i) => i.id))))
      .orderBy(asc(dutyEvidence.createdAt))
      .then((rows) => { for (const r of rows) add(r.orgId, r.itemId, r.value, { id: r.id, label: r.note ? `${r.fileName}（${r.note}）` : r.fileName, date: todayShanghai(r.createdAt.getTime()), link: `/api/v1/duty-evidence/${r.id}/file` }); }));
  }
  await Promise.all(jobs);
  return { done, records };
}

/** Lines and the 100-point score: each item earns weight × min(done ÷ target, 1); the sum is scaled to 100 by the weights. */
function linesOf(list: Item[], orgId: string, ev: Evidence, gone: number) {
  const lines = list.map((i) => {
    const done = ev.done.get(`${orgId}|${i.id}`) ?? 0;
    const target = i.indicator === 'yesno' ? 1 : i.target;
    const ratio = Math.min(1, done / target);
    return {
      ...itemOut(i), done, ratio: Math.round(ratio * 1000) / 1000, points: round1(i.weight * ratio),
      behind: i.indicator === 'yesno' ? gone >= 1 && done < 1 : done < Math.floor(target * gone), records: ev.records.get(`${orgId}|${i.id}`) ?? [],
    };
  });
  const weights = list.reduce((s, i) => s + i.weight, 0);
  const score = weights ? round1((100 * list.reduce((s, i) => s + i.weight * Math.min(1, (ev.done.get(`${orgId}|${i.id}`) ?? 0) / (i.indicator === 'yesno' ? 1 : i.target)), 0)) / weights) : 0;
  return {
    lines, score,
    assigned: lines.reduce((s, l) => s + (l.indicator === 'yesno' ? 1 : l.target), 0),
    done: lines.reduce((s, l) => s + Math.min(l.done, l.indicator === 'yesno' ? 1 : l.target), 0),
  };
}

/** The overview's figures of one branch (score, items behind, done per template item), without building its lines. */
function figuresOf(list: Item[], template: Item[], orgId: string, ev: Evidence, gone: number) {
  let weights = 0;
  let earned = 0;
  let behind = 0;
  const byId = new Map<string, number>();
  for (const i of list) {
    const done = ev.done.get(`${orgId}|${i.id}`) ?? 0;
    const target = i.indicator === 'yesno' ? 1 : i.target;
    weights += i.weight;
    earned += i.weight * Math.min(1, done / target);
    if (i.indicator === 'yesno' ? gone >= 1 && done < 1 : done < Math.floor(target * gone)) behind++;
    byId.set(i.id, done);
  }
  return { score: weights ? round1((100 * earned) / weights) : 0, behind, done: template.map((i) => byId.get(i.id) ?? 0) };
}

/** The same figures from a signed-off version's frozen lines (items matched by code). */
function frozenFigures(l: Live, template: Item[]) {
  const byCode = new Map(l.lines.map((x) => [x.code, x.done]));
  return { score: l.score, behind: l.lines.filter((x) => x.behind).length, done: template.map((i) => byCode.get(i.code) ?? 0) };
}

type Report = typeof dutyReports.$inferSelect;
async function currentReport(db: DbOrTx, regionId: string, orgId: string, year: number): Promise<Report | null> {
  const [r] = await db.select().from(dutyReports)
    .where(and(eq(dutyReports.regionId, regionId), eq(dutyReports.orgId, orgId), eq(dutyReports.year, year), eq(dutyReports.current, true)));
  return r ?? null;
}
const versionOut = (r: Report) => ({ id: r.id, version: r.version, status: r.status as DutyStatus, reason: r.reason, signedOffAt: iso(r.signedOffAt), signedOffBy: r.signedOffBy });

/** The live figures of one branch (nothing frozen). */
async function liveLedger(ctx: Ctx, p: Principal, b: Branch, year: number) {
  const committeeId = await committeeOf(ctx.db, b, year);
  const grid = await gridOf(ctx.db, b.regionId, b.id);
  const all = committeeId ? await yearItems(ctx.db, b.regionId, committeeId, year) : [];
  const list = listOf(all, grid?.id ?? null, b.id);
  const asOf = todayShanghai(ctx.now());
  const ev = await evidenceOf(ctx, p, b.regionId, year, b.id, [b], list, true);
  return {
    orgId: b.id, orgName: b.name, year, secretaryName: b.secretaryName, committeeId, gridId: grid?.id ?? null, gridName: grid?.name ?? null, asOf,
    frozen: false, ...linesOf(list, b.id, ev, yearGone(year, asOf)),
  };
}
type Live = Awaited<ReturnType<typeof liveLedger>>;

async function ledgerOf(ctx: Ctx, p: Principal, b: Branch, year: number): Promise<DutyLedger> {
  const report = await currentReport(ctx.db, b.regionId, b.id, year);
  const base: Live = report?.status === 'signed_off' && report.snapshot ? { ...(report.snapshot as Live), frozen: true } : await liveLedger(ctx, p, b, year);
  const [versions, pubs] = await Promise.all([
    ctx.db.select().from(dutyReports).where(and(eq(dutyReports.regionId, b.regionId), eq(dutyReports.orgId, b.id), eq(dutyReports.year, year))).orderBy(desc(dutyReports.version)),
    ctx.db.select().from(dutyPublications).where(and(eq(dutyPublications.regionId, b.regionId), eq(dutyPublications.orgId, b.id), eq(dutyPublications.year, year))),
  ]);
  return {
    ...base,
    report: report ? { ...versionOut(report), reviews: report.reviews as never } : null,
    versions: versions.map(versionOut),
    publications: pubs.sort((a, b2) => DUTY_POINTS.indexOf(a.point as DutyPoint) - DUTY_POINTS.indexOf(b2.point as DutyPoint))
      .map((x) => ({ id: x.id, point: x.point as DutyPoint, publishedAt: x.publishedAt.toISOString(), score: (x.snapshot as Live).score })),
  };
}

/* ───────────── the template and added items ───────────── */

export async function getTemplate(ctx: Ctx, p: Principal, q: { orgId: string; year: number }) {
  const c = await findOrg(ctx.db, p, q.orgId);
  const items = (await yearItems(ctx.db, c.regionId, c.id, q.year)).map(itemOut);
  return { orgId: c.id, year: q.year, items, weightTotal: items.filter((i) => i.scope === 'template').reduce((s, i) => s + i.weight, 0) };
}

/** Is any branch of the committee's subtree (or of `only`) signed off for the year? Then its year may not change. */
async function assertNoneSignedOff(db: DbOrTx, regionId: string, year: number, cond: SQL) {
  const [hit] = await db.select({ id: dutyReports.id }).from(dutyReports)
    .innerJoin(orgs, and(eq(orgs.regionId, dutyReports.regionId), eq(orgs.id, dutyReports.orgId)))
    .where(and(eq(dutyReports.regionId, regionId), eq(dutyReports.year, year), eq(dutyReports.current, true), eq(dutyReports.status, 'signed_off'), cond)).limit(1);
  if (hit) throw conflict('DUTY_SIGNED_OFF');
}

function checkItem(i: DutyItemInput, at: string) {
  const errs = [];
  if (i.indicator === 'yesno' && i.target !== 1) errs.push(fieldError(`${at}target`, 'duty.yesno_target'));
  if (i.source === 'development' && !i.stage) errs.push(fieldError(`${at}stage`, 'duty.stage_required'));
  if (i.source !== 'development' && i.stage) errs.push(fieldError(`${at}stage`, 'duty.stage_only_development'));
  return errs;
}

/** The committee's yearly template, as a whole: weights summing to 100; items keep their ids by code. */
export async function putTemplate(ctx: Ctx, actor: Actor, input: z.infer<typeof DutyTemplatePut>) {
  const p = actor.principal!;
  const c = await findOrg(ctx.db, p, input.orgId, 'duty.manage');
  const errs = input.items.flatMap((i, n) => checkItem(i, `items.${n}.`));
  const codes = new Set<string>();
  input.items.forEach((i, n) => { if (codes.has(i.code)) errs.push(fieldError(`items.${n}.code`, 'duty.code_twice')); codes.add(i.code); });
  if (errs.length) throw invalid(errs);
  const total = input.items.reduce((s, i) => s + i.weight, 0);
  if (total !== 100) throw new AppError(422, 'DUTY_WEIGHTS_NOT_100', { total }, [fieldError('items', 'duty.weights_sum', { total })]);
  return ctx.db.transaction(async (tx) => {
    await assertNoneSignedOff(tx, c.regionId, input.year, pathUnder(orgs.path, c.path));
    const before = await yearItems(tx, c.regionId, c.id, input.year);
    const byCode = new Map(before.map((i) => [i.code, i]));
    const extraCodes = new Set(before.filter((i) => i.scope !== 'template').map((i) => i.code));
    const clash = input.items.findIndex((i) => extraCodes.has(i.code));
    if (clash >= 0) throw invalid([fieldError(`items.${clash}.code`, 'duty.code_taken')]);
    const gone = before.filter((i) => i.scope === 'template' && !codes.has(i.code));
    if (gone.length) {
      const [used] = await tx.select({ id: dutyEvidence.id }).from(dutyEvidence)
        .where(and(eq(dutyEvidence.regionId, c.regionId), inArray(dutyEvidence.itemId, gone.map((g) => g.id)))).limit(1);
      if (used) throw conflict('DUTY_ITEM_HAS_EVIDENCE');
      await tx.delete(dutyItems).where(and(eq(dutyItems.regionId, c.regionId), inArray(dutyItems.id, gone.map((g) => g.id))));
    }
    for (const [n, i] of input.items.entries()) {
      const cols = { name: i.name, weight: i.weight, indicator: i.indicator, target: i.target, source: i.source, stage: i.stage ?? null, sort: n };
      const old = byCode.get(i.code);
      if (old) await tx.update(dutyItems).set(cols).where(and(eq(dutyItems.regionId, c.regionId), eq(dutyItems.id, old.id)));
      else await tx.insert(dutyItems).values({ regionId: c.regionId, id: uuidv7(), committeeId: c.id, year: input.year, scope: 'template', code: i.code, ...cols });
    }
    const after = await yearItems(tx, c.regionId, c.id, input.year);
    await audit(tx, actor, {
      regionId: c.regionId, action: 'duty.template', entityType: 'duty_template', entityId: c.id,
      before: { year: input.year, items: before.filter((i) => i.scope === 'template').map(itemOut) }, after: { year: input.year, items: after.filter((i) => i.scope === 'template').map(itemOut) },
    });
    const items = after.map(itemOut);
    return { orgId: c.id, year: input.year, items, weightTotal: items.filter((i) => i.scope === 'template').reduce((s, i) => s + i.weight, 0) };
  });
}

/** An item for one grid or one branch of the committee, on top of the template. */
export async function addItem(ctx: Ctx, actor: Actor, input: z.infer<typeof DutyExtraItem>) {
  const p = actor.principal!;
  const c = await findOrg(ctx.db, p, input.orgId, 'duty.manage');
  const errs = checkItem(input, '');
  if (!!input.allianceId === !!input.branchId) errs.push(fieldError('allianceId', 'duty.grid_or_branch'));
  let cond: SQL | undefined;
  if (input.allianceId) {
    const [g] = await ctx.db.select({ id: alliances.id }).from(alliances)
      .where(and(eq(alliances.regionId, c.regionId), eq(alliances.id, input.allianceId), eq(alliances.kind, 'grid'), eq(alliances.leadOrgId, c.id)));
    if (!g) errs.push(fieldError('allianceId', 'duty.not_a_grid'));
    cond = sql`${orgs.id} in (select ao.org_id from alliance_orgs ao where ao.region_id = ${c.regionId} and ao.alliance_id = ${input.allianceId})`;
  }
  if (input.branchId) {
    const b = await orgRow(ctx.db, input.branchId);
    if (!b || b.regionId !== c.regionId || !b.path.startsWith(c.path) || b.id === c.id) errs.push(fieldError('branchId', 'duty.not_a_branch'));
    cond = eq(orgs.id, input.branchId);
  }
  if (errs.length) throw invalid(errs);
  return ctx.db.transaction(async (tx) => {
    const [tpl] = await tx.select({ id: dutyItems.id }).from(dutyItems)
      .where(and(eq(dutyItems.regionId, c.regionId), eq(dutyItems.committeeId, c.id), eq(dutyItems.year, input.year), eq(dutyItems.scope, 'template'))).limit(1);
    if (!tpl) throw conflict('DUTY_NO_TEMPLATE');
    const [taken] = await tx.select({ id: dutyItems.id }).from(dutyItems)
      .where(and(eq(dutyItems.regionId, c.regionId), eq(dutyItems.committeeId, c.id), eq(dutyItems.year, input.year), eq(dutyItems.code, input.code)));
    if (taken) throw invalid([fieldError('code', 'duty.code_taken')]);
    await assertNoneSignedOff(tx, c.regionId, input.year, cond!);
    const row = {
      regionId: c.regionId, id: uuidv7(), committeeId: c.id, year: input.year, scope: input.allianceId ? 'grid' : 'branch',
      allianceId: input.allianceId ?? null, branchId: input.branchId ?? null, code: input.code, name: input.name, weight: input.weight,
      indicator: input.indicator, target: input.target, source: input.source, stage: input.stage ?? null, sort: 0,
    };
    await tx.insert(dutyItems).values(row);
    await audit(tx, actor, { regionId: c.regionId, action: 'duty.item', entityType: 'duty_item', entityId: row.id, after: itemOut(row) });
    return itemOut(row);
  });
}

/** The branches an added item touches: its grid's or its own (SQL on `orgs`). */
const itemOrgs = (i: Item): SQL => (i.scope === 'grid'
  ? sql`${orgs.id} in (select ao.org_id from alliance_orgs ao where ao.region_id = ${i.regionId} and ao.alliance_id = ${i.allianceId})`
  : eq(orgs.id, i.branchId!));

/**
 * An added (grid or branch) item the committee may change: 404 out of scope or made up; a template item is changed
 * with the template (409 DUTY_ITEM_TEMPLATE); once a branch it touches has published a point of the year its list is
 * frozen (409 DUTY_ITEM_FROZEN), and a signed-off year never changes (409 DUTY_SIGNED_OFF).
 */
async function editableItem(tx: DbOrTx, p: Principal, id: string) {
  const [i] = await tx.select().from(dutyItems).where(eq(dutyItems.id, id)).limit(1);
  const c = i ? await orgRow(tx, i.committeeId) : undefined;
  assertCan(p, 'duty.manage', c ? { regionId: c.regionId, orgPath: c.path } : null);
  if (i.scope === 'template') throw conflict('DUTY_ITEM_TEMPLATE');
  await assertNoneSignedOff(tx, i.regionId, i.year, itemOrgs(i));
  const [pub] = await tx.select({ id: dutyPublications.id }).from(dutyPublications)
    .innerJoin(orgs, and(eq(orgs.regionId, dutyPublications.regionId), eq(orgs.id, dutyPublications.orgId)))
    .where(and(eq(dutyPublications.regionId, i.regionId), eq(dutyPublications.year, i.year), itemOrgs(i))).limit(1);
  if (pub) throw conflict('DUTY_ITEM_FROZEN');
  return i;
}

export async function editItem(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof DutyItemEdit>) {
  const errs = checkItem({ ...input, code: 'x' }, '');
  return ctx.db.transaction(async (tx) => {
    const i = await editableItem(tx, actor.principal!, id);
    if (errs.length) throw invalid(errs);
    const cols = { name: input.name, weight: input.weight, indicator: input.indicator, target: input.target, source: input.source, stage: input.stage ?? null };
    await tx.update(dutyItems).set(cols).where(and(eq(dutyItems.regionId, i.regionId), eq(dutyItems.id, id)));
    const after = { ...i, ...cols };
    await audit(tx, actor, { regionId: i.regionId, action: 'duty.item_edit', entityType: 'duty_item', entityId: id, before: itemOut(i), after: itemOut(after) });
    return itemOut(after);
  });
}

export async function removeItem(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const i = await editableItem(tx, actor.principal!, id);
    const [used] = await tx.select({ id: dutyEvidence.id }).from(dutyEvidence).where(and(eq(dutyEvidence.regionId, i.regionId), eq(dutyEvidence.itemId, id))).limit(1);
    if (used) throw conflict('DUTY_ITEM_HAS_EVIDENCE');
    await tx.delete(dutyItems).where(and(eq(dutyItems.regionId, i.regionId), eq(dutyItems.id, id)));
    await audit(tx, actor, { regionId: i.regionId, action: 'duty.item_remove', entityType: 'duty_item', entityId: id, before: itemOut(i) });
  });
  return { ok: true as const };
}

/* ───────────── a branch's ledger ───────────── */

export async function branchLedger(ctx: Ctx, p: Principal, orgId: string, year: number) {
  const b = await findOrg(ctx.db, p, orgId);
  return ledgerOf(ctx, p, b, year);
}

async function assertOpen(db: DbOrTx, b: Branch, year: number) {
  const r = await currentReport(db, b.regionId, b.id, year);
  if (r?.status === 'signed_off') throw conflict('DUTY_SIGNED_OFF');
  return r;
}

/** Uploaded evidence for a manual item of the branch's own list. */
export async function addEvidence(ctx: Ctx, actor: Actor, orgId: string, q: z.infer<typeof DutyEvidenceQuery>, receive: () => Promise<ReceivedFile>) {
  const p = actor.principal!;
  const b = await findOrg(ctx.db, p, orgId, 'duty.fill');
  const committeeId = await committeeOf(ctx.db, b, q.year);
  const grid = await gridOf(ctx.db, b.regionId, b.id);
  const list = committeeId ? listOf(await yearItems(ctx.db, b.regionId, committeeId, q.year), grid?.id ?? null, b.id) : [];
  const item = list.find((i) => i.id === q.itemId);
  if (!item) throw invalid([fieldError('itemId', 'duty.item_other_branch')], 'DUTY_ITEM_NOT_IN_LIST');
  if (item.source !== 'manual') throw invalid([fieldError('itemId', 'duty.item_automatic')], 'DUTY_ITEM_AUTOMATIC');
  await assertOpen(ctx.db, b, q.year);
  const f = await receive();
  const key = storeFile(ctx.config, b.regionId, f, ctx.now());
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertOpen(tx, b, q.year);
      const row = {
        regionId: b.regionId, id: uuidv7(), itemId: item.id, orgId: b.id, year: q.year, value: item.indicator === 'yesno' ? 1 : q.value, note: q.note || null,
        fileKey: key, fileName: f.fileName, contentType: f.contentType, size: f.size, createdBy: p.id, createdAt: new Date(ctx.now()),
      };
      await tx.insert(dutyEvidence).values(row);
      await audit(tx, actor, { regionId: b.regionId, action: 'duty.evidence', entityType: 'duty_evidence', entityId: row.id, after: { orgId: b.id, itemId: item.id, year: q.year, value: row.value, fileName: f.fileName, sha256: f.sha256 } });
      return { id: row.id, itemId: row.itemId, value: row.value, fileName: row.fileName, note: row.note, createdAt: row.createdAt.toISOString() };
    });
  } catch (e) {
    removeFile(ctx.config, key);
    throw e;
  }
}

export async function evidenceFile(ctx: Ctx, p: Principal, id: string) {
  const [e] = await ctx.db.select().from(dutyEvidence).where(eq(dutyEvidence.id, id)).limit(1);
  if (!e) throw notFound();
  await findOrg(ctx.db, p, e.orgId);
  return { key: e.fileKey, contentType: e.contentType, fileName: e.fileName };
}

/** 年初晒清单 → 年中晒进度 → 年底晒实绩, in that order, each once: the list and its figures frozen. */
export async function publish(ctx: Ctx, actor: Actor, orgId: string, input: z.infer<typeof DutyPublish>) {
  const p = actor.principal!;
  const b = await findOrg(ctx.db, p, orgId, 'duty.fill');
  const live = await liveLedger(ctx, p, b, input.year);
  if (!live.committeeId) throw conflict('DUTY_NO_TEMPLATE');
  return ctx.db.transaction(async (tx) => {
    await assertOpen(tx, b, input.year);
    const done = await tx.select({ point: dutyPublications.point }).from(dutyPublications)
      .where(and(eq(dutyPublications.regionId, b.regionId), eq(dutyPublications.orgId, b.id), eq(dutyPublications.year, input.year)));
    const points = new Set(done.map((d) => d.point));
    if (points.has(input.point)) throw conflict('DUTY_PUBLISHED');
    const before = DUTY_POINTS.slice(0, DUTY_POINTS.indexOf(input.point));
    if (before.some((x) => !points.has(x))) throw conflict('DUTY_PUBLISH_ORDER');
    const row = { regionId: b.regionId, id: uuidv7(), orgId: b.id, year: input.year, point: input.point, publishedAt: new Date(ctx.now()), publishedBy: p.displayName, snapshot: live };
    await tx.insert(dutyPublications).values(row);
    await audit(tx, actor, { regionId: b.regionId, action: 'duty.publish', entityType: 'duty_publication', entityId: row.id, after: { orgId: b.id, year: input.year, point: input.point, score: live.score } });
    return { id: row.id, orgId: b.id, year: input.year, point: input.point, publishedAt: row.publishedAt.toISOString(), publishedBy: row.publishedBy, ledger: { ...live, report: null, versions: [], publications: [] } };
  });
}

export async function publication(ctx: Ctx, p: Principal, id: string) {
  const [x] = await ctx.db.select().from(dutyPublications).where(eq(dutyPublications.id, id)).limit(1);
  if (!x) throw notFound();
  await findOrg(ctx.db, p, x.orgId);
  return { id: x.id, orgId: x.orgId, year: x.year, point: x.point as DutyPoint, publishedAt: x.publishedAt.toISOString(), publishedBy: x.publishedBy, ledger: { ...(x.snapshot as Live), report: null, versions: [], publications: [] } };
}

/** The assessed secretary neither reviews nor signs off their own ledger. */
function assertNotOwn(p: Principal, b: Branch) {
  if (b.secretaryMemberId && p.memberId === b.secretaryMemberId) throw new AppError(403, 'DUTY_OWN_LEDGER');
}

async function committeeFor(ctx: Ctx, p: Principal, b: Branch, year: number) {
  const committeeId = await committeeOf(ctx.db, b, year);
  const c = committeeId ? await orgRow(ctx.db, committeeId) : undefined;
  assertCan(p, 'duty.manage', c ? { regionId: c.regionId, orgPath: c.path } : null);
  return c!;
}

async function reportForWrite(tx: DbOrTx, ctx: Ctx, b: Branch, year: number) {
  const r = await currentReport(tx, b.regionId, b.id, year);
  if (r) return r;
  const row = { regionId: b.regionId, id: uuidv7(), orgId: b.id, year, version: 1, current: true, status: 'open', reason: null, reviews: [], signedOffAt: null, signedOffBy: null, snapshot: null, createdAt: new Date(ctx.now()) };
  await tx.insert(dutyReports).values(row);
  return row as Report;
}

/**
 * The secretary submits the year's ledger for review (open or returned → submitted): whoever fills the branch's list
 * (duty.fill on it). Twice, or while it is being reviewed, 409 DUTY_SUBMITTED; after the sign-off 409 DUTY_SIGNED_OFF.
 */
export async function submit(ctx: Ctx, actor: Actor, orgId: string, input: z.infer<typeof DutySubmit>) {
  const p = actor.principal!;
  const b = await findOrg(ctx.db, p, orgId, 'duty.fill');
  const committeeId = await committeeOf(ctx.db, b, input.year);
  if (!committeeId) throw conflict('DUTY_NO_TEMPLATE');
  return ctx.db.transaction(async (tx) => {
    const before = await currentReport(tx, b.regionId, b.id, input.year);
    if (before?.status === 'signed_off') throw conflict('DUTY_SIGNED_OFF');
    const status = (before?.status ?? 'open') as DutyStatus;
    if (status !== 'open' && status !== 'returned') throw conflict('DUTY_SUBMITTED', { status });
    const r = await reportForWrite(tx, ctx, b, input.year);
    const reviews = [...(r.reviews as unknown[]), { level: 'secretary', decision: 'submit', comment: input.note || null, by: p.displayName, at: new Date(ctx.now()).toISOString() }];
    await tx.update(dutyReports).set({ status: 'submitted', reviews }).where(and(eq(dutyReports.regionId, r.regionId), eq(dutyReports.id, r.id)));
    await audit(tx, actor, { regionId: b.regionId, action: 'duty.submit', entityType: 'duty_report', entityId: r.id, before: { status }, after: { status: 'submitted', note: input.note || null } });
  }).then(() => ledgerOf(ctx, p, b, input.year));
}

/** The grid leader's review (submitted → grid_accepted / returned), then the committee's (grid_accepted → committee_accepted / returned). */
export async function review(ctx: Ctx, actor: Actor, orgId: string, input: z.infer<typeof DutyReviewIn>) {
  const p = actor.principal!;
  const b = await findOrg(ctx.db, p, orgId);
  if (input.level === 'grid') {
    const grid = await gridOf(ctx.db, b.regionId, b.id);
    assertCan(p, 'duty.review', grid ? { regionId: b.regionId, allianceId: grid.id } : null);
  } else {
    await committeeFor(ctx, p, b, input.year);
  }
  assertNotOwn(p, b);
  if (input.decision === 'return' && !input.comment) throw invalid([fieldError('comment', 'duty.comment_required')]);
  return ctx.db.transaction(async (tx) => {
    const before = await currentReport(tx, b.regionId, b.id, input.year);
    if (before?.status === 'signed_off') throw conflict('DUTY_SIGNED_OFF');
    const status = (before?.status ?? 'open') as DutyStatus;
    const from: DutyStatus[] = input.level === 'grid' ? ['submitted'] : ['grid_accepted'];
    if (!from.includes(status)) throw conflict('DUTY_STATUS', { status });
    const r = await reportForWrite(tx, ctx, b, input.year);
    const next: DutyStatus = input.decision === 'return' ? 'returned' : input.level === 'grid' ? 'grid_accepted' : 'committee_accepted';
    const reviews = [...(r.reviews as unknown[]), { level: input.level, decision: input.decision, comment: input.comment ?? null, by: p.displayName, at: new Date(ctx.now()).toISOString() }];
    await tx.update(dutyReports).set({ status: next, reviews }).where(and(eq(dutyReports.regionId, r.regionId), eq(dutyReports.id, r.id)));
    await audit(tx, actor, { regionId: b.regionId, action: 'duty.review', entityType: 'duty_report', entityId: r.id, before: { status }, after: { status: next, level: input.level, decision: input.decision, comment: input.comment ?? null } });
  }).then(() => ledgerOf(ctx, p, b, input.year));
}

/** 销账: the committee, after its acceptance; not the assessed secretary. The year's figures are frozen in the version. */
export async function signOff(ctx: Ctx, actor: Actor, orgId: string, year: number) {
  const p = actor.principal!;
  const b = await findOrg(ctx.db, p, orgId);
  await committeeFor(ctx, p, b, year);
  assertNotOwn(p, b);
  const live = await liveLedger(ctx, p, b, year);
  await ctx.db.transaction(async (tx) => {
    const r = await currentReport(tx, b.regionId, b.id, year);
    if (r?.status === 'signed_off') throw conflict('DUTY_SIGNED_OFF');
    if (r?.status !== 'committee_accepted') throw conflict('DUTY_STATUS', { status: r?.status ?? 'open' });
    const at = new Date(ctx.now());
    await tx.update(dutyReports).set({ status: 'signed_off', signedOffAt: at, signedOffBy: p.displayName, snapshot: live })
      .where(and(eq(dutyReports.regionId, r.regionId), eq(dutyReports.id, r.id)));
    await audit(tx, actor, { regionId: b.regionId, action: 'duty.sign_off', entityType: 'duty_report', entityId: r.id, before: { status: r.status }, after: { status: 'signed_off', version: r.version, score: live.score } });
  });
  return ledgerOf(ctx, p, b, year);
}

/** A correction of a signed-off year: a new open version with the reason; the signed-off one stays readable. */
export async function correct(ctx: Ctx, actor: Actor, orgId: string, input: z.infer<typeof DutyCorrection>) {
  const p = actor.principal!;
  const b = await findOrg(ctx.db, p, orgId);
  await committeeFor(ctx, p, b, input.year);
  await ctx.db.transaction(async (tx) => {
    const r = await currentReport(tx, b.regionId, b.id, input.year);
    if (r?.status !== 'signed_off') throw conflict('DUTY_NOT_SIGNED_OFF');
    await tx.update(dutyReports).set({ current: false }).where(and(eq(dutyReports.regionId, r.regionId), eq(dutyReports.id, r.id)));
    const id = uuidv7();
    await tx.insert(dutyReports).values({ regionId: b.regionId, id, orgId: b.id, year: input.year, version: r.version + 1, current: true, status: 'open', reason: input.reason, reviews: [], createdAt: new Date(ctx.now()) });
    await audit(tx, actor, { regionId: b.regionId, action: 'duty.correct', entityType: 'duty_report', entityId: id, before: { version: r.version }, after: { version: r.version + 1, reason: input.reason } });
  });
  return ledgerOf(ctx, p, b, input.year);
}

/** One version as it was: a signed-off one with its frozen figures. */
export async function reportVersion(ctx: Ctx, p: Principal, id: string) {
  const [r] = await ctx.db.select().from(dutyReports).where(eq(dutyReports.id, id)).limit(1);
  if (!r) throw notFound();
  const b = await findOrg(ctx.db, p, r.orgId);
  const base: Live = r.snapshot ? { ...(r.snapshot as Live), frozen: true } : await liveLedger(ctx, p, b, r.year);
  return { ...base, report: { ...versionOut(r), reviews: r.reviews as never }, versions: [], publications: [] };
}

/* ───────────── the committee's 9-grid overview and ranking ───────────── */

/**
 * Every branch of the committee the caller may read (a grid leader: the grid's), grouped by grid, with its score,
 * rank in the grid and done per template item, counted live (a signed-off branch: its frozen figures).
 */
export async function overview(ctx: Ctx, p: Principal, q: { orgId: string; year: number }) {
  const c0 = await orgRow(ctx.db, q.orgId);
  if (!c0) throw notFound();
  assertHoldsIn(p, 'duty.read', c0.regionId);
  const c = c0;
  const [branches, all] = await Promise.all([
    ctx.db.select(branchCols).from(orgs)
      .where(and(eq(orgs.regionId, c.regionId), eq(orgs.kind, 'branch'), pathUnder(orgs.path, c.path), scopeWhere(p, 'duty.read', { regionId: orgs.regionId, orgPath: orgs.path })))
      .orderBy(asc(orgs.path)),
    yearItems(ctx.db, c.regionId, c.id, q.year),
  ]);
  if (!branches.length && !can(p, 'duty.read', { regionId: c.regionId, orgPath: c.path })) throw notFound();
  const ids = branches.map((b) => b.id);
  const asOf = todayShanghai(ctx.now());
  // the evidence is counted for every branch beside the reports (a signed-off branch's count is then not used)
  const [gridRows, reports, pubs, ev] = ids.length ? await Promise.all([
    ctx.db.select({ orgId: allianceOrgs.orgId, id: alliances.id, name: alliances.name }).from(allianceOrgs)
      .innerJoin(alliances, and(eq(alliances.regionId, allianceOrgs.regionId), eq(alliances.id, allianceOrgs.allianceId)))
      .where(and(eq(allianceOrgs.regionId, c.regionId), sql`${allianceOrgs.orgId} = any(${uuidArray(ids)})`, eq(alliances.kind, 'grid'))),
    ctx.db.select({ orgId: dutyReports.orgId, status: dutyReports.status, snapshot: dutyReports.snapshot }).from(dutyReports)
      .where(and(eq(dutyReports.regionId, c.regionId), sql`${dutyReports.orgId} = any(${uuidArray(ids)})`, eq(dutyReports.year, q.year), eq(dutyReports.current, true))),
    ctx.db.select({ orgId: dutyPublications.orgId, point: dutyPublications.point }).from(dutyPublications)
      .where(and(eq(dutyPublications.regionId, c.regionId), sql`${dutyPublications.orgId} = any(${uuidArray(ids)})`, eq(dutyPublications.year, q.year))),
    evidenceOf(ctx, p, c.regionId, q.year, c.id, branches, all, false),
  ]) : [[], [], [], { done: new Map<string, number>(), records: new Map<string, Rec[]>() }];
  const gridOfOrg = new Map<string, { id: string; name: string }>();
  for (const g of gridRows.sort((a, b) => a.name.localeCompare(b.name))) if (!gridOfOrg.has(g.orgId)) gridOfOrg.set(g.orgId, { id: g.id, name: g.name });
  const reportOf = new Map(reports.map((r) => [r.orgId, r]));
  const template = all.filter((i) => i.scope === 'template');
  const gone = yearGone(q.year, asOf);
  const rows = branches.map((b) => {
    const r = reportOf.get(b.id);
    const grid = gridOfOrg.get(b.id) ?? null;
    const f = r?.status === 'signed_off' && r.snapshot ? frozenFigures(r.snapshot as Live, template) : figuresOf(listOf(all, grid?.id ?? null, b.id), template, b.id, ev, gone);
    return { grid, orgId: b.id, orgName: b.name, secretaryName: b.secretaryName, score: f.score, rank: 0, status: (r?.status ?? 'open') as DutyStatus, behind: f.behind, done: f.done };
  });
  const groups = new Map<string, { id: string | null; name: string; rows: typeof rows }>();
  for (const r of rows) {
    const k = r.grid?.id ?? '';
    if (!groups.has(k)) groups.set(k, { id: r.grid?.id ?? null, name: r.grid?.name ?? '', rows: [] });
    groups.get(k)!.rows.push(r);
  }
  const pubCount = (orgIds: Set<string>, point: DutyPoint) => pubs.filter((x) => x.point === point && orgIds.has(x.orgId)).length;
  return {
    orgId: c.id, year: q.year, asOf, items: template.map(itemOut),
    grids: [...groups.values()].sort((a, b) => (a.id ? 0 : 1) - (b.id ? 0 : 1) || a.name.localeCompare(b.name)).map((g) => {
      const ranking = [...g.rows].sort((a, b) => b.score - a.score || a.orgName.localeCompare(b.orgName));
      ranking.forEach((r, n) => { r.rank = n > 0 && ranking[n - 1].score === r.score ? ranking[n - 1].rank : n + 1; });
      const set = new Set(g.rows.map((r) => r.orgId));
      return {
        id: g.id, name: g.name, branches: g.rows.length, averageScore: g.rows.length ? round1(g.rows.reduce((s, r) => s + r.score, 0) / g.rows.length) : 0,
        signedOff: g.rows.filter((r) => r.status === 'signed_off').length, behind: g.rows.reduce((s, r) => s + r.behind, 0),
        published: { start: pubCount(set, 'start'), mid: pubCount(set, 'mid'), end: pubCount(set, 'end') },
        ranking: ranking.map(({ grid: _g, ...r }) => r),
      };
    }),
  };
}

/** A branch's live figures, as the demo seed freezes them in its publications. */
export const liveFigures = liveLedger;
