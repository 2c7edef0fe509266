/** The to-do list's contract (GET /api/v1/todos, platform/todos.ts, docs/home.md): server and web share it. */
import { z } from 'zod';

export const TODO_SEVERITIES = ['overdue', 'due', 'info'] as const;

const Localised = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

export const TodoItem = z.object({
  source: z.string(),
  id: z.string(),
  title: Localised,
  href: z.string(),
  due: z.string().nullable(),
  severity: z.enum(TODO_SEVERITIES),
  regionId: z.string(),
});
export type TodoItem = z.infer<typeof TodoItem>;

export const TodoSourceInfo = z.object({ key: z.string(), label: Localised, count: z.number().int() });

/** The caller's to-dos, overdue first then by due date; `sources`: every source with its label and how many items it gave. */
export const TodoList = z.object({ items: z.array(TodoItem), sources: z.array(TodoSourceInfo) });
export type TodoList = z.infer<typeof TodoList>;

/** GET /api/v1/me/dues: the signed-in member's dues this year (months 1–12; `throughMonth`: the last counted so far). */
export const MyDues = z.object({
  year: z.number().int(), throughMonth: z.number().int(), monthlyFen: z.number().int().nullable(),
  paidMonths: z.array(z.number().int()), unpaidMonths: z.array(z.number().int()),
});
export type MyDues = z.infer<typeof MyDues>;
