/**
 * Typed calls of the directory API (regions, organisations, units, alliances, members, import).
 * Bodies and answers are typed from the shared zod contract, src/shared/directory.ts (type-only imports:
 * no zod in the web bundle).
 */
import type {
  AdvanceBody, Alliance as AllianceSchema, AllianceDetail as AllianceDetailSchema, AllianceMembersBody, ALLIANCE_KINDS,
  DueItem as DueItemSchema, ImportProgress as ImportProgressSchema, ImportResult as ImportResultSchema, Member as MemberSchema, MEMBER_STAGES, MEMBER_STATUSES,
  MEMBER_TAGS_SUGGESTED, MemberInput, MemberListQuery, MemberUpdate, MoveBody, Org as OrgSchema, OrgCreate, ORG_KINDS, OrgListQuery,
  OrgUpdate, Region as RegionSchema, SearchResult as SearchResultSchema, Transfer as TransferSchema, TransferBody, Unit as UnitSchema, UnitInput, UNIT_KINDS, UnitListQuery,
  UnitUpdate,
} from '../../../shared/directory.ts';
import type { AuditEntry } from '../../../shared/api.ts';
import { everyValue, request, upload, withQuery, type Body, type Page, type Query, type Reply, type UploadProgress } from '../../api.ts';

export type Region = Reply<typeof RegionSchema>;
export type Org = Reply<typeof OrgSchema>;
export type TermDueOrg = Org & { overdue: boolean };
export type Unit = Reply<typeof UnitSchema>;
export type Alliance = Reply<typeof AllianceSchema>;
export type AllianceDetail = Reply<typeof AllianceDetailSchema>;
export type Member = Reply<typeof MemberSchema>;
export type Transfer = Reply<typeof TransferSchema>;
export type MemberDetail = Member & { transfers: Transfer[] };
export type DueItem = Reply<typeof DueItemSchema>;
export type ImportResult = Reply<typeof ImportResultSchema>;
export type ImportProgress = Reply<typeof ImportProgressSchema>;
export type SearchResult = Reply<typeof SearchResultSchema>;
export type OrgKind = (typeof ORG_KINDS)[number];
export type UnitKind = (typeof UNIT_KINDS)[number];
export type AllianceKind = (typeof ALLIANCE_KINDS)[number];
export type MemberStage = (typeof MEMBER_STAGES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type MemberCreate = Body<typeof MemberInput>;
export type MemberPatch = Body<typeof MemberUpdate>;
/** The roster's filters as the URL and the list query carry them (the server validates every value). */
export type MemberQuery = Body<typeof MemberListQuery>;
export type UnitQuery = Body<typeof UnitListQuery>;
export type { AuditEntry };

export interface OrgTreeNode {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  memberCount: number;
  branchCount: number;
  termEnd: string | null;
  children: OrgTreeNode[];
}

// The enumerations, repeated so the bundle needs no zod; `everyValue` keeps them in step with the contract.
export const ORG_KIND_LIST = everyValue<OrgKind>()(['committee', 'general_branch', 'branch']);
export const UNIT_KIND_LIST = everyValue<UnitKind>()(['enterprise', 'school', 'hospital', 'army', 'bank', 'community', 'village', 'agency', 'other']);
export const ALLIANCE_KIND_LIST = everyValue<AllianceKind>()(['cluster', 'grid', 'joint_meeting']);
export const STAGE_LIST = everyValue<MemberStage>()(['applicant', 'activist', 'candidate', 'probationary', 'full']);
export const STATUS_LIST = everyValue<MemberStatus>()(['normal', 'lost_contact', 'abroad', 'deceased', 'left', 'transferred_out']);
export const TAG_SUGGESTIONS = everyValue<(typeof MEMBER_TAGS_SUGGESTED)[number]>()(['lecturer', 'volunteer', 'veteran', 'young', 'secretary', 'entrepreneur', 'technician']);

type AllianceRef = { id: string; name: string; kind: AllianceKind };

export { SELECTION_MAX } from '../../api.ts';

export const directoryApi = {
  regions: (signal?: AbortSignal) => request<{ items: Region[] }>('/api/v1/regions', { signal }),
  orgTree: (regionId: string, signal?: AbortSignal) =>
    request<{ items: OrgTreeNode[] }>('/api/v1/orgs/tree', { query: { regionId }, signal }),
  termDue: (regionId: string | undefined, signal?: AbortSignal) =>
    request<{ items: TermDueOrg[] }>('/api/v1/orgs/term-due', { query: { regionId }, signal }),
  orgs: (query: Body<typeof OrgListQuery>, signal?: AbortSignal) => request<Page<Org>>('/api/v1/orgs', { query, signal }),
  org: (id: string, signal?: AbortSignal) => request<Org>(`/api/v1/orgs/${id}`, { signal }),
  orgAlliances: (id: string, signal?: AbortSignal) => request<{ items: AllianceRef[] }>(`/api/v1/orgs/${id}/alliances`, { signal }),
  createOrg: (body: Body<typeof OrgCreate>) => request<Org>('/api/v1/orgs', { method: 'POST', body }),
  updateOrg: (id: string, body: Body<typeof OrgUpdate>) => request<Org>(`/api/v1/orgs/${id}`, { method: 'PATCH', body }),
  moveOrg: (id: string, body: Body<typeof MoveBody>) => request<Org>(`/api/v1/orgs/${id}/move`, { method: 'POST', body }),

  units: (query: Body<typeof UnitListQuery>, signal?: AbortSignal) => request<Page<Unit>>('/api/v1/units', { query, signal }),
  unit: (id: string, signal?: AbortSignal) => request<Unit>(`/api/v1/units/${id}`, { signal }),
  unitAlliances: (id: string, signal?: AbortSignal) => request<{ items: AllianceRef[] }>(`/api/v1/units/${id}/alliances`, { signal }),
  createUnit: (body: Body<typeof UnitInput>) => request<Unit>('/api/v1/units', { method: 'POST', body }),
  updateUnit: (id: string, body: Body<typeof UnitUpdate>) => request<Unit>(`/api/v1/units/${id}`, { method: 'PATCH', body }),

  alliances: (query: Query, signal?: AbortSignal) => request<Page<Alliance>>('/api/v1/alliances', { query, signal }),
  alliance: (id: string, signal?: AbortSignal) => request<AllianceDetail>(`/api/v1/alliances/${id}`, { signal }),
  addAllianceMembers: (id: string, body: Body<typeof AllianceMembersBody>) =>
    request<AllianceDetail>(`/api/v1/alliances/${id}/members`, { method: 'POST', body }),
  removeAllianceMembers: (id: string, body: Body<typeof AllianceMembersBody>) =>
    request<AllianceDetail>(`/api/v1/alliances/${id}/members/remove`, { method: 'POST', body }),
  addCoordinator: (id: string, username: string) =>
    request<{ ok: true }>(`/api/v1/alliances/${id}/coordinators`, { method: 'POST', body: { username } }),

  members: (query: Body<typeof MemberListQuery>, signal?: AbortSignal) => request<Page<Member>>('/api/v1/members', { query, signal }),
  member: (id: string, signal?: AbortSignal) => request<MemberDetail>(`/api/v1/members/${id}`, { signal }),
  memberHistory: (id: string, signal?: AbortSignal) => request<{ items: AuditEntry[] }>(`/api/v1/members/${id}/history`, { signal }),
  due: (query: { regionId?: string; orgId?: string; withinDays?: number }, signal?: AbortSignal) =>
    request<{ items: DueItem[] }>('/api/v1/members/due', { query, signal }),
  createMember: (body: Body<typeof MemberInput>) => request<Member>('/api/v1/members', { method: 'POST', body }),
  updateMember: (id: string, body: Body<typeof MemberUpdate>) => request<Member>(`/api/v1/members/${id}`, { method: 'PATCH', body }),
  advance: (id: string, body: Body<typeof AdvanceBody>) => request<Member>(`/api/v1/members/${id}/advance`, { method: 'POST', body }),
  transfer: (id: string, body: Body<typeof TransferBody>) => request<Member>(`/api/v1/members/${id}/transfers`, { method: 'POST', body }),
  /** the filtered list as xlsx; ids (comma-separated, at most SELECTION_MAX): only those selected rows */
  exportUrl: (query: Body<typeof MemberListQuery> & { ids?: string }) => withQuery('/api/v1/members/export', query),
  /** the header's search: members, orgs and units in my scope */
  search: (q: string, signal?: AbortSignal) => request<SearchResult>('/api/v1/search', { query: { q }, signal }),
  /** the org list of these filters as xlsx (what the list would show) */
  orgsExportUrl: (query: Omit<Body<typeof OrgListQuery>, 'page' | 'pageSize'>) => withQuery('/api/v1/orgs/export', query),
  /** the unit list of these filters as xlsx, liaison phones masked as in the list */
  unitsExportUrl: (query: Omit<Body<typeof UnitListQuery>, 'page' | 'pageSize'>) => withQuery('/api/v1/units/export', query),
  /** how far my running import has got (404 before it starts reading, or on another app process) */
  importProgress: (progressId: string, signal?: AbortSignal) => request<ImportProgress>(`/api/v1/members/import-progress/${progressId}`, { signal }),
  templateUrl: '/api/v1/members/import-template',
  reportUrl: (reportId: string) => `/api/v1/members/import-reports/${reportId}`,
  /** multipart: the roster file and the import options; `onProgress` follows the upload of a large file */
  importRoster: (
    file: File,
    fields: { mode: 'check' | 'import'; validOnly?: boolean; defaultOrgId?: string; progressId?: string },
    onProgress?: (p: UploadProgress) => void,
  ) => {
    const form = new FormData();
    form.append('mode', fields.mode);
    if (fields.progressId) form.append('progressId', fields.progressId);
    form.append('validOnly', fields.validOnly ? 'true' : 'false');
    if (fields.defaultOrgId) form.append('defaultOrgId', fields.defaultOrgId);
    form.append('file', file, file.name);
    return upload<ImportResult>('/api/v1/members/import', { body: form, onProgress });
  },
};
