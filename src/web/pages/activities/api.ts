/**
 * Typed calls of the activities API (activities, 三会一课, lectures, courseware, quizzes, the member's own
 * page). Bodies and answers are typed from the shared zod contract, src/shared/activities.ts (type-only
 * imports: no zod in the web bundle).
 */
import type {
  ACTIVITY_KINDS, ACTIVITY_PHOTO_TYPES, Activity as ActivitySchema, ActivityCreate, ActivityListQuery, ActivityPhoto as ActivityPhotoSchema,
  ActivityUpdate, Attendee as AttendeeSchema, AttendeeUpdate, AttemptView, CheckinResult, ComplianceBoard, ComplianceQuery, Courseware as CoursewareSchema,
  CoursewareCreate, CoursewareLearner as CoursewareLearnerSchema, CoursewareLearnersQuery, CoursewareListQuery, CoursewareStats as CoursewareStatsSchema, CoursewareUpdate, DueItem, ImportResult,
  Leaderboard as LeaderboardSchema, LectureFigures as LectureFiguresSchema, LectureRequest as LectureRequestSchema, LectureRequestCreate,
  LectureSchedule, LectureTeam as LectureTeamSchema, LectureTeamCreate, MyCourseware as MyCoursewareSchema, MyOverview, ProgressResult, Question as QuestionSchema, QuestionListQuery,
  Quiz as QuizSchema, QuizCreate, QuizUpdate, Series as SeriesSchema, SeriesCreate, SignupResult,
} from '../../../shared/activities.ts';
import { everyValue, request, upload, type Body, type Page, type Reply } from '../../api.ts';

/** A query string of the defined values. */
const queryString = (q: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString();

export type Overview = Reply<typeof MyOverview>;
export type Attempt = Reply<typeof AttemptView>;
export type Board = Reply<typeof ComplianceBoard>;
export type Due = Reply<typeof DueItem>;
export type Activity = Reply<typeof ActivitySchema>;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type Attendee = Reply<typeof AttendeeSchema>;
export type ActivityPhoto = Reply<typeof ActivityPhotoSchema>;
export type Series = Reply<typeof SeriesSchema>;
export type Question = Reply<typeof QuestionSchema>;
export type Quiz = Reply<typeof QuizSchema>;
export type Leaderboard = Reply<typeof LeaderboardSchema>;
export type LectureTeam = Reply<typeof LectureTeamSchema>;
export type LectureRequest = Reply<typeof LectureRequestSchema>;
export type LectureFigures = Reply<typeof LectureFiguresSchema>;
export type Courseware = Reply<typeof CoursewareSchema>;
export type CoursewareStats = Reply<typeof CoursewareStatsSchema>;
export type MyCourseware = Reply<typeof MyCoursewareSchema>;
export type CoursewareLearner = Reply<typeof CoursewareLearnerSchema>;
export type ActivityQuery = Body<typeof ActivityListQuery>;
/** What the create forms send; their rules require the fields the contract requires. */
export type ActivityInput = Body<typeof ActivityCreate>;
export type CoursewareInput = Body<typeof CoursewareCreate>;
export type QuizInput = Body<typeof QuizCreate>;
export type ScheduleInput = Body<typeof LectureSchedule>;
export type LectureRequestInput = Body<typeof LectureRequestCreate>;

// Values of the contract, repeated so the bundle needs no zod; `everyValue` keeps the lists in step.
export const ACTIVITY_KIND_LIST = everyValue<ActivityKind>()([
  'general_meeting', 'committee_meeting', 'group_meeting', 'party_lesson', 'theme_day', 'lecture', 'volunteer', 'social', 'other',
]);
export const PHOTO_TYPE_LIST = everyValue<(typeof ACTIVITY_PHOTO_TYPES)[number]>()(['image/jpeg', 'image/png', 'image/webp']);
/** MAX_ACTIVITY_PHOTOS in src/shared/activities.ts */
export const MAX_PHOTOS = 50;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const activitiesApi = {
  // ── the member's own page ──
  overview: (signal?: AbortSignal) => request<Overview>('/api/v1/me/overview', { signal }),
  serviceHours: (signal?: AbortSignal) =>
    request<{ activityId: string; title: string; heldOn: string; place: string | null; hours: number }[]>('/api/v1/me/service-hours', { signal }),
  signup: (id: string) => request<Reply<typeof SignupResult>>(`/api/v1/me/activities/${id}/signup`, { method: 'POST', body: {} }),
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

  // ── 三会一课 ──
  board: (query: Body<typeof ComplianceQuery>, signal?: AbortSignal) => request<Board>('/api/v1/compliance/board', { query, signal }),
  /** the board for these filters (every branch) as xlsx: a link to download */
  boardXlsxUrl: (query: { regionId: string; year: number; q?: string }) => `/api/v1/compliance/board.xlsx?${queryString(query)}`,
  /** an activity's sign-in sheet (签到表) to print, as xlsx */
  signInSheetUrl: (id: string) => `/api/v1/activities/${id}/sign-in-sheet.xlsx`,
  /** the activities of the list's filters, with attendance, as xlsx */
  activitiesXlsxUrl: (query: Record<string, string | number | undefined>) => `/api/v1/activities.xlsx?${queryString(query)}`,
  due: (regionId: string, signal?: AbortSignal) => request<Due[]>('/api/v1/compliance/due', { query: { regionId }, signal }),

  // ── activities ──
  activities: (query: ActivityQuery, signal?: AbortSignal) => request<Page<Activity>>('/api/v1/activities', { query, signal }),
  activity: (id: string, signal?: AbortSignal) => request<Activity>(`/api/v1/activities/${id}`, { signal }),
  createActivity: (body: Body<typeof ActivityCreate>) => request<Activity>('/api/v1/activities', { method: 'POST', body }),
  updateActivity: (id: string, body: Body<typeof ActivityUpdate>) => request<Activity>(`/api/v1/activities/${id}`, { method: 'PATCH', body }),
  attendees: (id: string, signal?: AbortSignal) => request<Attendee[]>(`/api/v1/activities/${id}/attendees`, { signal }),
  updateAttendee: (id: string, memberId: string, body: Body<typeof AttendeeUpdate>) =>
    request<{ memberId: string }>(`/api/v1/activities/${id}/attendees/${memberId}`, { method: 'PUT', body }),
  tick: (id: string, memberIds: string[]) =>
    request<Reply<typeof CheckinResult>[]>(`/api/v1/activities/${id}/checkins`, { method: 'POST', body: { memberIds } }),
  checkinCode: (id: string, signal?: AbortSignal) =>
    request<{ code: string; path: string; opensAt: string; closesAt: string }>(`/api/v1/activities/${id}/checkin-code`, { signal }),
  photos: (id: string, signal?: AbortSignal) => request<ActivityPhoto[]>(`/api/v1/activities/${id}/photos`, { signal }),
  /** multipart field "file"; the caption travels in the query */
  uploadPhoto: (id: string, file: File, caption?: string) => {
    const body = new FormData();
    body.append('file', file, file.name);
    return upload<ActivityPhoto>(`/api/v1/activities/${id}/photos`, { body, query: { caption } });
  },
  /** the image itself (also the thumbnail: same origin, sent with the session cookie) */
  photoUrl: (photoId: string) => `/api/v1/activity-photos/${photoId}`,
  deletePhoto: (photoId: string) => request<{ ok: true }>(`/api/v1/activity-photos/${photoId}`, { method: 'DELETE' }),
  series: (regionId: string | undefined, signal?: AbortSignal) => request<Series[]>('/api/v1/activity-series', { query: { regionId }, signal }),
  createSeries: (body: Body<typeof SeriesCreate>) => request<Series>('/api/v1/activity-series', { method: 'POST', body }),

  // ── quizzes ──
  questions: (query: Body<typeof QuestionListQuery>, signal?: AbortSignal) => request<Page<Question>>('/api/v1/questions', { query, signal }),
  importQuestions: (orgId: string, file: File) =>
    upload<Reply<typeof ImportResult>>('/api/v1/questions/import', { body: file, contentType: XLSX, query: { orgId } }),
  /** check only: every check and the row-by-row report (a 422 with details), nothing imported */
  checkQuestions: (orgId: string, file: File) =>
    upload<Reply<typeof ImportResult>>('/api/v1/questions/import', { body: file, contentType: XLSX, query: { orgId, dryRun: 'true' } }),
  quizzes: (regionId: string | undefined, signal?: AbortSignal) => request<Quiz[]>('/api/v1/quizzes', { query: { regionId }, signal }),
  quiz: (id: string, signal?: AbortSignal) => request<Quiz>(`/api/v1/quizzes/${id}`, { signal }),
  createQuiz: (body: Body<typeof QuizCreate>) => request<Quiz>('/api/v1/quizzes', { method: 'POST', body }),
  updateQuiz: (id: string, body: Body<typeof QuizUpdate>) => request<Quiz>(`/api/v1/quizzes/${id}`, { method: 'PATCH', body }),
  closeQuiz: (id: string) => request<Quiz>(`/api/v1/quizzes/${id}/close`, { method: 'POST', body: {} }),
  deleteQuiz: (id: string) => request<{ ok: true }>(`/api/v1/quizzes/${id}`, { method: 'DELETE' }),
  leaderboard: (id: string, by: 'member' | 'org' | 'alliance', signal?: AbortSignal) =>
    request<Leaderboard>(`/api/v1/quizzes/${id}/leaderboard`, { query: { by, limit: 100 }, signal }),
  resultsUrl: (id: string) => `/api/v1/quizzes/${id}/results.xlsx`,

  // ── lecture team ──
  teams: (regionId: string | undefined, signal?: AbortSignal) => request<LectureTeam[]>('/api/v1/lecture-teams', { query: { regionId }, signal }),
  createTeam: (body: Body<typeof LectureTeamCreate>) => request<LectureTeam>('/api/v1/lecture-teams', { method: 'POST', body }),
  putLecturer: (teamId: string, memberId: string, topics: string[]) =>
    request<LectureTeam>(`/api/v1/lecture-teams/${teamId}/lecturers/${memberId}`, { method: 'PUT', body: { topics } }),
  removeLecturer: (teamId: string, memberId: string) => request<LectureTeam>(`/api/v1/lecture-teams/${teamId}/lecturers/${memberId}`, { method: 'DELETE' }),
  requests: (teamId: string, signal?: AbortSignal) => request<LectureRequest[]>(`/api/v1/lecture-teams/${teamId}/requests`, { signal }),
  requestLecture: (teamId: string, body: Body<typeof LectureRequestCreate>) =>
    request<LectureRequest>(`/api/v1/lecture-teams/${teamId}/requests`, { method: 'POST', body }),
  schedule: (requestId: string, body: Body<typeof LectureSchedule>) =>
    request<LectureRequest>(`/api/v1/lecture-requests/${requestId}/schedule`, { method: 'POST', body }),
  decline: (requestId: string) => request<LectureRequest>(`/api/v1/lecture-requests/${requestId}/decline`, { method: 'POST', body: {} }),
  figures: (teamId: string, signal?: AbortSignal) => request<LectureFigures>(`/api/v1/lecture-teams/${teamId}/figures`, { signal }),

  // ── courseware ──
  courseware: (query: Body<typeof CoursewareListQuery>, signal?: AbortSignal) => request<Page<Courseware>>('/api/v1/courseware', { query, signal }),
  createCourseware: (body: Body<typeof CoursewareCreate>) => request<Courseware>('/api/v1/courseware', { method: 'POST', body }),
  uploadCourseware: (id: string, file: File) =>
    upload<Courseware>(`/api/v1/courseware/${id}/file`, { method: 'PUT', body: file, query: { name: file.name } }),
  coursewareFileUrl: (id: string) => `/api/v1/courseware/${id}/file`,
  coursewareStats: (regionId: string, signal?: AbortSignal) => request<CoursewareStats>('/api/v1/courseware/stats', { query: { regionId }, signal }),
  updateCourseware: (id: string, body: Body<typeof CoursewareUpdate>) => request<Courseware>(`/api/v1/courseware/${id}`, { method: 'PATCH', body }),
  archiveCourseware: (id: string) => request<Courseware>(`/api/v1/courseware/${id}/archive`, { method: 'POST', body: {} }),
  restoreCourseware: (id: string) => request<Courseware>(`/api/v1/courseware/${id}/restore`, { method: 'POST', body: {} }),
  deleteCourseware: (id: string) => request<{ ok: true }>(`/api/v1/courseware/${id}`, { method: 'DELETE' }),
  coursewareLearners: (id: string, query: Body<typeof CoursewareLearnersQuery>, signal?: AbortSignal) =>
    request<Page<CoursewareLearner>>(`/api/v1/courseware/${id}/learners`, { query, signal }),
  myCourseware: (signal?: AbortSignal) => request<MyCourseware[]>('/api/v1/me/courseware', { signal }),
  /** I opened it (or, with `completed`, finished it) */
  coursewareProgress: (id: string, completed = false) =>
    request<Reply<typeof ProgressResult>>(`/api/v1/me/courseware/${id}/progress`, { method: 'POST', body: completed ? { completed } : {} }),
};
