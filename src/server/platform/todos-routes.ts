import { MyDues, TodoList } from '../../shared/todos.ts';
import { myDues } from '../modules/money/todos.ts';
import { ctxOf, principalOf, typed, type App } from './context.ts';
import { collectTodos, TODO_SOURCES } from './todos.ts';

/** GET /api/v1/todos: the caller's to-do list gathered from every capability's sources (docs/home.md). */
export async function todoRoutes(app: App): Promise<void> {
  const ctx = ctxOf(app.deps);
  typed(app).get('/api/v1/todos', {
    schema: {
      tags: ['platform'], summary: 'My to-do list from every capability (what I may act on), overdue first, each with a link to where it is done',
      response: { 200: TodoList },
    },
  }, async (req) => {
    const items = await collectTodos(ctx, principalOf(req));
    return {
      items: items.map((i) => ({ ...i, due: i.due ?? null })),
      sources: TODO_SOURCES.map((s) => ({ key: s.key, label: s.label, count: items.filter((i) => i.source === s.key).length })),
    };
  });

  typed(app).get('/api/v1/me/dues', {
    schema: { tags: ['platform'], summary: 'My party dues this year: the monthly amount, months paid and months unpaid so far (the member\'s home)', response: { 200: MyDues } },
  }, async (req) => myDues(ctx, principalOf(req)));
}
