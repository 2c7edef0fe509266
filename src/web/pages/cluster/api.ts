/**
 * Typed calls of the cluster API (projects, pledges, contests, plaques). Bodies and answers are typed from
 * the shared zod contract, src/shared/cluster.ts (type-only imports: no zod in the web bundle).
 */
import type {
  Campaign, CampaignCreate, CampaignProgress, Contest, ContestCreate, ContestResult, ContestSummary, HouseholdCreate, HouseholdListQuery, Household, JudgeAdd,
  JudgeSheet, JUDGE_CATEGORY_KEYS, LevelUpdate, Pledge, PledgeBatchReview, PledgeCategory, PledgeCreate, PledgeListQuery, PledgeReview, PledgeUndo,
  PledgeStats as PledgeStatsSchema, PledgeStatsQuery, PledgeUpdate, Project, ProjectCreate, ProjectDetail as ProjectDetailSchema, ProjectListQuery, PROJECT_LEVELS,
  PROJECT_STATUSES, ProjectReportCreate, ProjectUpdate, Attachment as AttachmentSchema,
  ScoreInput,
} from '../../../shared/cluster.ts';
import { everyValue, request, upload, withQuery, type Body, type Page, type Reply } from '../../api.ts';

export type { Campaign, CampaignProgress, Contest, ContestResult, ContestSummary, Household, JudgeSheet, Pledge, PledgeCategory, Project };
export type PledgeStats = Reply<typeof PledgeStatsSchema>;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export type ProjectDetail = Reply<typeof ProjectDetailSchema>;
export type Attachment = Reply<typeof AttachmentSchema>;
export type JudgeCategory = (typeof JUDGE_CATEGORY_KEYS)[number];
export type ProjectQuery = Body<typeof ProjectListQuery>;
export interface ProjectCounts { secretary: number; branch: number; member: number; total: number; done: number }
export interface ProjectSummary { total: ProjectCounts; byCommunity: (ProjectCounts & { orgId: string | null; orgName: string })[] }

// The enumerations, repeated so the bundle needs no zod; `everyValue` keeps them in step with the contract.
export const PROJECT_LEVEL_LIST = everyValue<ProjectLevel>()(['secretary', 'branch', 'member']);
export const PROJECT_STATUS_LIST = everyValue<ProjectStatus>()(['planned', 'in_progress', 'done', 'suspended']);
export const JUDGE_CATEGORY_LIST = everyValue<JudgeCategory>()(['veteran', 'resident', 'department']);

export const clusterApi = {
  projects: (query: ProjectQuery, signal?: AbortSignal) => request<Page<Project>>('/api/v1/projects', { query, signal }),
  projectSummary: (allianceId: string, signal?: AbortSignal) => request<ProjectSummary>('/api/v1/projects/summary', { query: { allianceId }, signal }),
  projectsExportUrl: (query: ProjectQuery) => withQuery('/api/v1/projects/export.xlsx', query),
  createProject: (body: Body<typeof ProjectCreate>) => request<Project>('/api/v1/projects', { method: 'POST', body }),
  project: (id: string, signal?: AbortSignal) => request<ProjectDetail>(`/api/v1/projects/${id}`, { signal }),
  updateProject: (id: string, body: Body<typeof ProjectUpdate>) => request<ProjectDetail>(`/api/v1/projects/${id}`, { method: 'PATCH', body }),
  addMilestone: (id: string, body: { title: string; dueOn: string }) => request<ProjectDetail>(`/api/v1/projects/${id}/milestones`, { method: 'POST', body }),
  addReport: (id: string, body: Body<typeof ProjectReportCreate>) => request<{ id: string; projectId: string }>(`/api/v1/projects/${id}/reports`, { method: 'POST', body }),
  addReportPhoto: (reportId: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return upload<Attachment>(`/api/v1/project-reports/${reportId}/attachments`, { body: form });
  },
  attachmentUrl: (id: string) => `/api/v1/attachments/${id}`,

  pledges: (query: Body<typeof PledgeListQuery>, signal?: AbortSignal) => request<Page<Pledge>>('/api/v1/pledges', { query, signal }),
  pledgesExportUrl: (query: Omit<Body<typeof PledgeListQuery>, 'page' | 'pageSize'>) => withQuery('/api/v1/pledges/export.xlsx', query),
  householdsExportUrl: (query: Omit<Body<typeof HouseholdListQuery>, 'page' | 'pageSize'>) => withQuery('/api/v1/plaques/export.xlsx', query),
  pledgeCategories: (signal?: AbortSignal) => request<PledgeCategory[]>('/api/v1/pledge-categories', { signal }),
  pledgeStats: (query: Body<typeof PledgeStatsQuery>, signal?: AbortSignal) => request<PledgeStats>('/api/v1/pledges/stats', { query, signal }),
  createPledge: (body: Body<typeof PledgeCreate>) => request<Pledge>('/api/v1/pledges', { method: 'POST', body }),
  updatePledge: (id: string, body: Body<typeof PledgeUpdate>) => request<Pledge>(`/api/v1/pledges/${id}`, { method: 'PATCH', body }),
  reviewPledge: (id: string, body: Body<typeof PledgeReview>) => request<Pledge>(`/api/v1/pledges/${id}/review`, { method: 'POST', body }),
  reviewPledges: (body: Body<typeof PledgeBatchReview>) => request<{ items: Pledge[] }>('/api/v1/pledges/reviews', { method: 'POST', body }),
  undoPledgeReviews: (body: Body<typeof PledgeUndo>) => request<{ items: Pledge[] }>('/api/v1/pledges/reviews/undo', { method: 'POST', body }),

  contests: (signal?: AbortSignal) => request<Page<ContestSummary>>('/api/v1/contests', { query: { pageSize: 200 }, signal }),
  contest: (id: string, signal?: AbortSignal) => request<Contest>(`/api/v1/contests/${id}`, { signal }),
  createContest: (body: Body<typeof ContestCreate>) => request<Contest>('/api/v1/contests', { method: 'POST', body }),
  addEntries: (id: string, projectIds: string[]) => request<Contest>(`/api/v1/contests/${id}/entries`, { method: 'POST', body: { projectIds } }),
  addJudge: (id: string, body: Body<typeof JudgeAdd>) => request<Contest['judges'][number]>(`/api/v1/contests/${id}/judges`, { method: 'POST', body }),
  mySheet: (id: string, signal?: AbortSignal) => request<JudgeSheet>(`/api/v1/contests/${id}/my-sheet`, { signal }),
  score: (id: string, entryId: string, body: Body<typeof ScoreInput>) =>
    request<{ entryId: string; scores: Record<string, number> }>(`/api/v1/contests/${id}/entries/${entryId}/scores`, { method: 'PUT', body }),
  removeJudge: (id: string, judgeId: string) => request<Contest>(`/api/v1/contests/${id}/judges/${judgeId}`, { method: 'DELETE' }),
  /** without `confirmed`, a 409 CONTEST_WARNINGS lists what to confirm (a weighted judge category without scores) */
  closeContest: (id: string, confirmed = false) => request<Contest>(`/api/v1/contests/${id}/close`, { method: 'POST', body: { confirmed } }),
  publishContest: (id: string, confirmed = false) => request<Contest>(`/api/v1/contests/${id}/publish`, { method: 'POST', body: { confirmed } }),
  results: (id: string, signal?: AbortSignal) => request<ContestResult>(`/api/v1/contests/${id}/results`, { signal }),
  scoreSheetUrl: (id: string) => `/api/v1/contests/${id}/score-sheet.xlsx`,
  publicResultsPath: (id: string) => `/c/${id}`,

  campaigns: (signal?: AbortSignal) => request<Campaign[]>('/api/v1/plaque-campaigns', { signal }),
  campaignProgress: (id: string, signal?: AbortSignal) => request<CampaignProgress>(`/api/v1/plaque-campaigns/${id}/progress`, { signal }),
  households: (query: Body<typeof HouseholdListQuery>, signal?: AbortSignal) => request<Page<Household>>('/api/v1/plaques', { query, signal }),
  setLevel: (id: string, body: Body<typeof LevelUpdate>) => request<Household>(`/api/v1/plaques/${id}/levels`, { method: 'POST', body }),
  revokePlaque: (id: string) => request<Household>(`/api/v1/plaques/${id}/revoke`, { method: 'POST' }),
  reissuePlaque: (id: string) => request<Household>(`/api/v1/plaques/${id}/reissue`, { method: 'POST' }),
  plaquesPdfUrl: (campaignId: string) => withQuery('/api/v1/plaques/pdf', { campaignId }),
  /** one household or a selection */
  plaquesPdfOf: (ids: string[]) => withQuery('/api/v1/plaques/pdf', { ids: ids.join(',') }),
  createHousehold: (body: Body<typeof HouseholdCreate>) => request<Household>('/api/v1/plaques', { method: 'POST', body }),
  createCampaign: (body: Body<typeof CampaignCreate>) => request<Campaign>('/api/v1/plaque-campaigns', { method: 'POST', body }),
  importHouseholds: (file: File, orgId: string, campaignId?: string) => {
    const form = new FormData();
    form.append('orgId', orgId);
    if (campaignId) form.append('campaignId', campaignId);
    form.append('file', file);
    return upload<{ created: number; rows: { row: number; id: string; building: string; room: string | null }[] }>('/api/v1/plaques/import', { body: form });
  },
};
