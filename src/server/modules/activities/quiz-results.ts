// Results: leaderboards, the results export, the member's own competitions.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { can, pathUnder, type Principal } from '../../platform/scope.ts';
import { alliances, allianceOrgs, orgs } from '../directory/schema.ts';
import { memberById, selfOf, type Ctx } from './common.ts';
import { eligibleSql, GRACE_MS, loadQuiz, quizTarget, toQuiz, type QuizRow } from './quiz-common.ts';

async function isEligible(db: DbOrTx, q: QuizRow, orgPath: string, memberId: string) {
  const r = await db.execute(sql`select 1 as ok from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
    where m.region_id = ${q.regionId} and m.id = ${memberId} and ${eligibleSql(q, orgPath)}`);
  return ((r as unknown as { rows: unknown[] }).rows ?? []).length > 0;
}


/** Staff with read access to the quiz, or an eligible member, may see the leaderboard. */
async function quizForResults(ctx: Ctx, p: Principal, quizId: string, staffOnly = false) {
  const l = await loadQuiz(ctx.db, quizId);
  if (!l) throw notFound();
  if (can(p, 'activities.read', quizTarget(l))) return l;
  if (!staffOnly && p.memberId && p.memberRegionId === l.q.regionId && (await isEligible(ctx.db, l.q, l.orgPath, p.memberId))) return l;
  throw notFound();
}

interface BestRow { member_id: string; name: string; org_id: string; org_name: string; best: number | null; duration: number | null; attempts: number; last_at: string | null }

async function bestRows(ctx: Ctx, q: QuizRow, orgPath: string): Promise<BestRow[]> {
  const r = await ctx.db.execute(sql`
    with best as (
      select distinct on (a.member_id) a.member_id, a.score, extract(epoch from (a.submitted_at - a.started_at))::float8 as duration
        from quiz_attempts a where a.region_id = ${q.regionId} and a.quiz_id = ${q.id} and a.submitted_at is not null
       order by a.member_id, a.score desc, (a.submitted_at - a.started_at) asc
    ), counts as (
      select member_id, count(*)::int as attempts, max(submitted_at) as last_at from quiz_attempts
       where region_id = ${q.regionId} and quiz_id = ${q.id} group by member_id
    )
    select m.id as member_id, m.name, m.org_id, o.name as org_name, b.score as best, b.duration, coalesce(c.attempts, 0) as attempts, c.last_at
      from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
      left join best b on b.member_id = m.id left join counts c on c.member_id = m.id
     where m.region_id = ${q.regionId} and m.status = 'normal' and ${eligibleSql(q, orgPath)}`);
  return (r as unknown as { rows: BestRow[] }).rows.map((x) => ({ ...x, best: x.best === null ? null : Number(x.best), duration: x.duration === null ? null : Number(x.duration) }));
}

export async function leaderboard(ctx: Ctx, p: Principal, quizId: string, by: 'member' | 'org' | 'alliance', limit: number) {
  const l = await quizForResults(ctx, p, quizId);
  const rows = await bestRows(ctx, l.q, l.orgPath);
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10 : null);
  const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);
  if (by === 'member') {
    const ranked = rows.filter((r) => r.best !== null)
      .sort((a, b) => b.best! - a.best! || (a.duration ?? 0) - (b.duration ?? 0) || a.member_id.localeCompare(b.member_id));
    return {
      by, items: ranked.slice(0, limit).map((r, i) => ({ rank: i + 1, id: r.member_id, name: r.name, orgName: r.org_name, bestScore: r.best, durationSeconds: r.duration === null ? null : Math.round(r.duration) })),
    };
  }
  type Group = { id: string; name: string; scores: number[]; eligible: number };
  const groups = new Map<string, Group>();
  const add = (id: string, name: string, r: BestRow) => {
    const g = groups.get(id) ?? { id, name, scores: [], eligible: 0 };
    groups.set(id, g);
    g.eligible++;
    if (r.best !== null) g.scores.push(r.best);
  };
  if (by === 'org') for (const r of rows) add(r.org_id, r.org_name, r);
  else {
    // every alliance of the region whose orgs' subtrees hold eligible members
    const links = await ctx.db.select({ allianceId: alliances.id, name: alliances.name, path: orgs.path }).from(allianceOrgs)
      .innerJoin(alliances, and(eq(alliances.regionId, allianceOrgs.regionId), eq(alliances.id, allianceOrgs.allianceId)))
      .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
      .where(eq(allianceOrgs.regionId, l.q.regionId));
    const paths = new Map((await ctx.db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(eq(orgs.regionId, l.q.regionId))).map((o) => [o.id, o.path]));
    for (const r of rows) {
      const path = paths.get(r.org_id) ?? '';
      const seen = new Set<string>();
      for (const k of links) if (!seen.has(k.allianceId) && path.startsWith(k.path)) { seen.add(k.allianceId); add(k.allianceId, k.name, r); }
    }
  }
  const ranked = [...groups.values()].map((g) => ({ ...g, average: avg(g.scores), participation: rate(g.scores.length, g.eligible) }))
    .sort((a, b) => (b.average ?? -1) - (a.average ?? -1) || (b.participation ?? 0) - (a.participation ?? 0) || a.name.localeCompare(b.name));
  return {
    by, items: ranked.slice(0, limit).map((g, i) => ({
      rank: i + 1, id: g.id, name: g.name, averageBestScore: g.average, participants: g.scores.length, eligible: g.eligible, participationRate: g.participation,
    })),
  };
}

/** Every eligible member with their best result, for the xlsx export (staff only). */
export async function resultRows(ctx: Ctx, p: Principal, quizId: string) {
  const l = await quizForResults(ctx, p, quizId, true);
  const rows = await bestRows(ctx, l.q, l.orgPath);
  rows.sort((a, b) => (b.best ?? -1) - (a.best ?? -1) || (a.duration ?? 0) - (b.duration ?? 0) || a.name.localeCompare(b.name));
  return { quiz: toQuiz(l.q), rows };
}

/** The member's own competitions: open or past ones they are eligible for, with their results. */
export async function myQuizzes(ctx: Ctx, p: Principal) {
  const me = selfOf(p);
  const m = await memberById(ctx.db, me.regionId, me.memberId);
  if (!m) return [];
  const r = await ctx.db.execute(sql`
    select q.id, q.title, q.opens_at, q.closes_at, q.attempts_allowed,
           (select count(*)::int from quiz_attempts a where a.region_id = q.region_id and a.quiz_id = q.id and a.member_id = ${me.memberId}) as used,
           (select max(score) from quiz_attempts a where a.region_id = q.region_id and a.quiz_id = q.id and a.member_id = ${me.memberId}) as best,
           (select a.id from quiz_attempts a where a.region_id = q.region_id and a.quiz_id = q.id and a.member_id = ${me.memberId} and a.submitted_at is null
              and a.deadline_at + interval '${sql.raw(String(GRACE_MS))} milliseconds' >= ${new Date(ctx.now()).toISOString()}::timestamptz limit 1) as open_attempt
      from quizzes q join orgs qo on qo.region_id = q.region_id and qo.id = q.org_id
     where q.region_id = ${me.regionId} and q.opens_at <= ${new Date(ctx.now()).toISOString()}::timestamptz
       and (case when q.alliance_id is null then ${pathUnder(sql`${m.path}`, sql`qo.path`)}
            else exists (select 1 from alliance_orgs ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
                          where ao.region_id = q.region_id and ao.alliance_id = q.alliance_id and ${pathUnder(sql`${m.path}`, sql`ap.path`)}) end)
     order by q.closes_at desc limit 50`);
  type Row = { id: string; title: string; opens_at: Date | string; closes_at: Date | string; attempts_allowed: number; used: number; best: number | null; open_attempt: string | null };
  const isoOf = (v: Date | string) => new Date(v).toISOString();
  return (r as unknown as { rows: Row[] }).rows.map((x) => ({
    quizId: x.id, title: x.title, opensAt: isoOf(x.opens_at), closesAt: isoOf(x.closes_at), attemptsUsed: Number(x.used),
    attemptsAllowed: Number(x.attempts_allowed), bestScore: x.best === null ? null : Number(x.best), openAttemptId: x.open_attempt,
  }));
}
