/** Typed calls to the activities API (the contract is src/shared/activities.ts). */
import type { z } from 'zod';
import type { AttemptView, ComplianceBoard, DueItem, MyOverview, SignupResult } from '../../../shared/activities.ts';
import type {
  Activity as ActivitySchema, ActivityPhoto as ActivityPhotoSchema, Attendee as AttendeeSchema, CheckinResult, Courseware as CoursewareSchema, CoursewareStats as CoursewareStatsSchema,
  ImportResult, Leaderboard as LeaderboardSchema, LectureFigures as LectureFiguresSchema, LectureRequest as LectureRequestSchema,
  LectureTeam as LectureTeamSchema, Question as QuestionSchema, Quiz as QuizSchema, Series as SeriesSchema,
} from '../../../shared/activities.ts';
import { ApiError, HTTP_ERROR, NETWORK_ERROR, request, withQuery, type ErrorDetail, type Page, type QueryValue } from '../../api.ts';
import { getLocale } from '../../i18n.ts';

export type Overview = z.infer<typeof MyOverview>;
export type Attempt = z.infer<typeof AttemptView>;
export type Board = z.infer<typeof ComplianceBoard>;
export type Due = z.infer<typeof DueItem>;

export const activitiesApi = {
  overview: (signal?: AbortSignal) => request<Overview>('/api/v1/me/overview', { signal }),
  serviceHours: (signal?: AbortSignal) =>
    request<{ activityId: string; title: string; heldOn: string; place: string | null; hours: number }[]>('/api/v1/me/service-hours', { signal }),
  signup: (id: string) => request<z.infer<typeof SignupResult>>(`/api/v1/me/activities/${id}/signup`, { method: 'POST', body: {} }),
  cancelSignup: (id: string) => request<{ ok: true }>(`/api/v1/me/activities/${id}/signup`, { method: 'DELETE' }),
  checkin: (id: string, code: string) => request<{ at: string }>(`/api/v1/me/activities/${id}/checkin`, { method: 'POST', body: { code } }),
  rate: (id: string, rating: number, comment: string | null) =>
    request<{ ok: true; rating: number | null }>(`/api/v1/me/activities/${id}/rating`, { method: 'PUT', body: { rating, comment } }),
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

// ── staff pages ─────────────────────────────────────────────────────────────

export type Activity = z.infer<typeof ActivitySchema>;
export type Attendee = z.infer<typeof AttendeeSchema>;
export type ActivityPhoto = z.infer<typeof ActivityPhotoSchema>;
export type Series = z.infer<typeof SeriesSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Quiz = z.infer<typeof QuizSchema>;
export type Leaderboard = z.infer<typeof LeaderboardSchema>;
export type LectureTeam = z.infer<typeof LectureTeamSchema>;
export type LectureRequest = z.infer<typeof LectureRequestSchema>;
export type LectureFigures = z.infer<typeof LectureFiguresSchema>;
export type Courseware = z.infer<typeof CoursewareSchema>;
export type CoursewareStats = z.infer<typeof CoursewareStatsSchema>;

/**
 * Raw-body upload (xlsx, PDF, video) or, without `contentType`, a multipart form (the browser sets its boundary):
 * the shared `request` sends JSON, so this one is a plain fetch with the same error shape.
 */
async function upload<T>(path: string, method: 'POST' | 'PUT', body: File | FormData, contentType?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method, body, credentials: 'same-origin',
      headers: { ...(contentType ? { 'Content-Type': contentType } : {}), 'X-Requested-With': 'XMLHttpRequest', 'Accept-Language': getLocale(), Accept: 'application/json' },
    });
  } catch (err) {
    throw new ApiError({ code: NETWORK_ERROR, message: String((err as Error)?.message ?? err), status: 0 });
  }
  const data = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string; details?: ErrorDetail[] } } | undefined;
  if (!res.ok) {
    if (data?.error) throw new ApiError({ ...data.error, status: res.status });
    throw new ApiError({ code: HTTP_ERROR, message: `HTTP ${res.status}`, status: res.status });
  }
  return data as T;
}

export const staffApi = {
  activities: (query: Record<string, QueryValue>, signal?: AbortSignal) => request<Page<Activity>>('/api/v1/activities', { query, signal }),
  activity: (id: string, signal?: AbortSignal) => request<Activity>(`/api/v1/activities/${id}`, { signal }),
  createActivity: (body: Record<string, unknown>) => request<Activity>('/api/v1/activities', { method: 'POST', body }),
  updateActivity: (id: string, body: Record<string, unknown>) => request<Activity>(`/api/v1/activities/${id}`, { method: 'PATCH', body }),
  attendees: (id: string, signal?: AbortSignal) => request<Attendee[]>(`/api/v1/activities/${id}/attendees`, { signal }),
  updateAttendee: (id: string, memberId: string, body: { absenceReason?: string | null; serviceHours?: number | null; expected?: boolean }) =>
    request<{ memberId: string }>(`/api/v1/activities/${id}/attendees/${memberId}`, { method: 'PUT', body }),
  tick: (id: string, memberIds: string[]) => request<z.infer<typeof CheckinResult>[]>(`/api/v1/activities/${id}/checkins`, { method: 'POST', body: { memberIds } }),
  checkinCode: (id: string, signal?: AbortSignal) =>
    request<{ code: string; path: string; opensAt: string; closesAt: string }>(`/api/v1/activities/${id}/checkin-code`, { signal }),
  photos: (id: string, signal?: AbortSignal) => request<ActivityPhoto[]>(`/api/v1/activities/${id}/photos`, { signal }),
  /** multipart field "file"; the caption travels in the query */
  uploadPhoto: (id: string, file: File, caption?: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload<ActivityPhoto>(withQuery(`/api/v1/activities/${id}/photos`, { caption: caption || undefined }), 'POST', form);
  },
  /** the image itself (also the thumbnail: same origin, sent with the session cookie) */
  photoUrl: (photoId: string) => `/api/v1/activity-photos/${photoId}`,
  deletePhoto: (photoId: string) => request<{ ok: true }>(`/api/v1/activity-photos/${photoId}`, { method: 'DELETE' }),
  series: (regionId: string | undefined, signal?: AbortSignal) => request<Series[]>('/api/v1/activity-series', { query: { regionId }, signal }),
  createSeries: (body: { orgId: string; name: string; description?: string | null }) => request<Series>('/api/v1/activity-series', { method: 'POST', body }),

  questions: (query: Record<string, QueryValue>, signal?: AbortSignal) => request<Page<Question>>('/api/v1/questions', { query, signal }),
  importQuestions: (orgId: string, file: File) =>
    upload<z.infer<typeof ImportResult>>(`/api/v1/questions/import?orgId=${encodeURIComponent(orgId)}`, 'POST', file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  quizzes: (regionId: string | undefined, signal?: AbortSignal) => request<Quiz[]>('/api/v1/quizzes', { query: { regionId }, signal }),
  quiz: (id: string, signal?: AbortSignal) => request<Quiz>(`/api/v1/quizzes/${id}`, { signal }),
  createQuiz: (body: Record<string, unknown>) => request<Quiz>('/api/v1/quizzes', { method: 'POST', body }),
  /** check only: every check and the row-by-row report (a 422 with details), nothing imported */
  checkQuestions: (orgId: string, file: File) =>
    upload<z.infer<typeof ImportResult>>(`/api/v1/questions/import?orgId=${encodeURIComponent(orgId)}&dryRun=true`, 'POST', file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  updateQuiz: (id: string, body: Record<string, unknown>) => request<Quiz>(`/api/v1/quizzes/${id}`, { method: 'PATCH', body }),
  closeQuiz: (id: string) => request<Quiz>(`/api/v1/quizzes/${id}/close`, { method: 'POST', body: {} }),
  deleteQuiz: (id: string) => request<{ ok: true }>(`/api/v1/quizzes/${id}`, { method: 'DELETE' }),
  leaderboard: (id: string, by: 'member' | 'org' | 'alliance', signal?: AbortSignal) =>
    request<Leaderboard>(`/api/v1/quizzes/${id}/leaderboard`, { query: { by, limit: 100 }, signal }),

  teams: (regionId: string | undefined, signal?: AbortSignal) => request<LectureTeam[]>('/api/v1/lecture-teams', { query: { regionId }, signal }),
  createTeam: (body: { orgId: string; name: string; description?: string | null }) => request<LectureTeam>('/api/v1/lecture-teams', { method: 'POST', body }),
  putLecturer: (teamId: string, memberId: string, topics: string[]) =>
    request<LectureTeam>(`/api/v1/lecture-teams/${teamId}/lecturers/${memberId}`, { method: 'PUT', body: { topics } }),
  removeLecturer: (teamId: string, memberId: string) => request<LectureTeam>(`/api/v1/lecture-teams/${teamId}/lecturers/${memberId}`, { method: 'DELETE' }),
  requests: (teamId: string, signal?: AbortSignal) => request<LectureRequest[]>(`/api/v1/lecture-teams/${teamId}/requests`, { signal }),
  requestLecture: (teamId: string, body: Record<string, unknown>) => request<LectureRequest>(`/api/v1/lecture-teams/${teamId}/requests`, { method: 'POST', body }),
  schedule: (requestId: string, body: Record<string, unknown>) => request<LectureRequest>(`/api/v1/lecture-requests/${requestId}/schedule`, { method: 'POST', body }),
  decline: (requestId: string) => request<LectureRequest>(`/api/v1/lecture-requests/${requestId}/decline`, { method: 'POST', body: {} }),
  figures: (teamId: string, signal?: AbortSignal) => request<LectureFigures>(`/api/v1/lecture-teams/${teamId}/figures`, { signal }),

  courseware: (query: Record<string, QueryValue>, signal?: AbortSignal) => request<Page<Courseware>>('/api/v1/courseware', { query, signal }),
  createCourseware: (body: Record<string, unknown>) => request<Courseware>('/api/v1/courseware', { method: 'POST', body }),
  uploadCourseware: (id: string, file: File) =>
    upload<Courseware>(`/api/v1/courseware/${id}/file?name=${encodeURIComponent(file.name)}`, 'PUT', file, file.type || 'application/octet-stream'),
  coursewareStats: (regionId: string, signal?: AbortSignal) => request<CoursewareStats>('/api/v1/courseware/stats', { query: { regionId }, signal }),
  updateCourseware: (id: string, body: Record<string, unknown>) => request<Courseware>(`/api/v1/courseware/${id}`, { method: 'PATCH', body }),
  archiveCourseware: (id: string) => request<Courseware>(`/api/v1/courseware/${id}/archive`, { method: 'POST', body: {} }),
  restoreCourseware: (id: string) => request<Courseware>(`/api/v1/courseware/${id}/restore`, { method: 'POST', body: {} }),
  deleteCourseware: (id: string) => request<{ ok: true }>(`/api/v1/courseware/${id}`, { method: 'DELETE' }),
};
