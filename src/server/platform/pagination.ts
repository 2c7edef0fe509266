import { sql } from 'drizzle-orm';

/** The page a list is asked for (`PageQuery` in src/shared/api.ts gives the bounds). */
export interface PageParams { page: number; pageSize: number }

/** What every list answers: `pageOf(item)` in src/shared/api.ts. */
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }

/** A query builder that can be cut to a page (any drizzle select). */
interface Pageable<R> { limit(n: number): { offset(n: number): PromiseLike<R[]> } }

/** The count column of a list's count query: `db.select({ n: countAll }).from(…).where(same where)`. */
export const countAll = sql<number>`count(*)::int`;

/**
 * One page of a list: the rows (`rows` cut with limit/offset) and the total (`count`, a select of `{ n: countAll }`
 * with the same conditions), read at the same time, each row mapped with `map`.
 */
export async function paginate<R, T = R>(q: PageParams, rows: Pageable<R>, count: PromiseLike<{ n: number }[]>, map?: (r: R) => T): Promise<Page<T>> {
  const [items, [c]] = await Promise.all([rows.limit(q.pageSize).offset((q.page - 1) * q.pageSize), count]);
  return { items: map ? items.map(map) : (items as unknown as T[]), total: Number(c?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

/** The empty page (a caller with no scope at all, a filter that matches nothing before any query). */
export const emptyPage = <T>(q: PageParams): Page<T> => ({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
