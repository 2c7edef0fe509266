import { MODULES } from '../modules/index.ts';
import type { Ctx } from './context.ts';
import type { Principal } from './scope.ts';
import type { TodoItem, TodoSource } from './todos-types.ts';

export type { TodoItem, TodoSource } from './todos-types.ts';

/** Every capability's to-do sources, in the order of MODULES. */
export const TODO_SOURCES: readonly TodoSource[] = MODULES.flatMap((m) => m.todos ?? []);

const RANK = { overdue: 0, due: 1, info: 2 } as const;

/** The principal's to-do list gathered from every source: overdue first, then by due date. */
export async function collectTodos(ctx: Ctx, p: Principal, sources: readonly TodoSource[] = TODO_SOURCES): Promise<TodoItem[]> {
  const lists = await Promise.all(sources.map((s) => s.list(ctx, p)));
  return lists.flat().sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id.localeCompare(b.id));
}
