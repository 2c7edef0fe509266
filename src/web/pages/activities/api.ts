/** Typed calls to the activities API (the contract is src/shared/activities.ts). */
import type { z } from 'zod';
import type { AttemptView, ComplianceBoard, DueItem, MyOverview, SignupResult } from '../../../shared/activities.ts';
import { request } from '../../api.ts';

export type Overview = z.infer<typeof MyOverview>;
export type Attempt = z.infer<typeof AttemptView>;
export type Board = z.infer<typeof ComplianceBoard>;
export type Due = z.infer<typeof DueItem>;

export const activitiesApi = {
  overview: (signal?: AbortSignal) => request<Overview>('/api/v1/me/overview', { signal }),
  signup: (id: string) => request<z.infer<typeof SignupResult>>(`/api/v1/me/activities/${id}/signup`, { method: 'POST', body: {} }),
  cancelSignup: (id: string) => request<{ ok: true }>(`/api/v1/me/activities/${id}/signup`, { method: 'DELETE' }),
  checkin: (id: string, code: string) => request<{ at: string }>(`/api/v1/me/activities/${id}/checkin`, { method: 'POST', body: { code } }),
  startQuiz: (quizId: string) => request<Attempt>(`/api/v1/me/quizzes/${quizId}/attempts`, { method: 'POST', body: {} }),
  attempt: (id: string, signal?: AbortSignal) => request<Attempt>(`/api/v1/me/attempts/${id}`, { signal }),
  answer: (id: string, questionId: string, choice: number[]) =>
    request<{ ok: true }>(`/api/v1/me/attempts/${id}/answers`, { method: 'PUT', body: { questionId, choice } }),
  submit: (id: string, answers: Record<string, number[]>) =>
    request<Attempt>(`/api/v1/me/attempts/${id}/submit`, { method: 'POST', body: { answers } }),
  board: (regionId: string, year: number, signal?: AbortSignal) =>
    request<Board>('/api/v1/compliance/board', { query: { regionId, year }, signal }),
  due: (regionId: string, signal?: AbortSignal) => request<Due[]>('/api/v1/compliance/due', { query: { regionId }, signal }),
};
