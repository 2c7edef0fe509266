/** Typed calls the home page makes of its own routes: the to-do list and the member's dues (src/shared/todos.ts). */
import type { MyDues, TodoItem, TodoList } from '../../../shared/todos.ts';
import { request } from '../../api.ts';

export type { MyDues, TodoItem, TodoList };

export const homeApi = {
  todos: (signal?: AbortSignal) => request<TodoList>('/api/v1/todos', { signal }),
  myDues: (signal?: AbortSignal) => request<MyDues>('/api/v1/me/dues', { signal }),
};
