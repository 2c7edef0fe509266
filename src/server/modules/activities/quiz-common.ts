// What the quiz files share: row types, the API shapes, loading a competition and who it is for.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { pathUnder } from '../../platform/scope.ts';
import { orgs } from '../directory/schema.ts';
import type { questions, quizAttempts } from './schema.ts';
import { quizzes } from './schema.ts';

/** Answers arriving this long after the limit still count (network, a slow phone). */
export const GRACE_MS = 10_000;
export const TRUE_FALSE_OPTIONS = ['正确', '错误'];

export type QuestionRow = typeof questions.$inferSelect;
export type QuizRow = typeof quizzes.$inferSelect;
export type AttemptRow = typeof quizAttempts.$inferSelect;

export const toQuestion = (q: QuestionRow) => ({
  id: q.id, regionId: q.regionId, orgId: q.orgId, kind: q.kind as 'single', stem: q.stem, options: q.options, answer: q.answer,
  explanation: q.explanation, tags: q.tags,
});
export const toQuiz = (q: QuizRow, extra: { started?: boolean; editable?: boolean } = {}) => ({
  id: q.id, regionId: q.regionId, orgId: q.orgId, allianceId: q.allianceId, title: q.title, description: q.description,
  opensAt: q.opensAt.toISOString(), closesAt: q.closesAt.toISOString(), mode: q.mode as 'fixed', questionIds: q.questionIds,
  tags: q.tags, questionCount: q.questionCount, timeLimitSeconds: q.timeLimitSeconds, attemptsAllowed: q.attemptsAllowed,
  ...extra,
});


export const sortedUniq = (a: number[]) => [...new Set(a)].sort((x, y) => x - y);

export async function loadQuiz(db: DbOrTx, id: string, regionId?: string) {
  const [row] = await db.select({ q: quizzes, orgPath: orgs.path }).from(quizzes)
    .innerJoin(orgs, and(eq(orgs.regionId, quizzes.regionId), eq(orgs.id, quizzes.orgId)))
    .where(regionId ? and(eq(quizzes.regionId, regionId), eq(quizzes.id, id)) : eq(quizzes.id, id)).limit(1);
  return row ?? null;
}

/** A competition is shared down its org's subtree: secretaries below the organising org can read it. */
export const quizTarget = (l: { q: QuizRow; orgPath: string }) => ({ regionId: l.q.regionId, orgPath: l.orgPath, allianceId: l.q.allianceId, sharedDown: true });

/** Changes need write on the organising org (a competition shared down is read-only below it). */
export const quizWriteTarget = (q: QuizRow, orgPath: string) => ({ regionId: q.regionId, orgPath });

/** SQL: the member row `m` (joined with its org `o`) is eligible for the quiz. */
export function eligibleSql(q: QuizRow, orgPath: string): SQL {
  if (q.allianceId) {
    return sql`exists (select 1 from alliance_orgs ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
      where ao.region_id = ${q.regionId} and ao.alliance_id = ${q.allianceId} and ${pathUnder(sql`o.path`, sql`ap.path`)})`;
  }
  return pathUnder(sql`o.path`, orgPath);
}
