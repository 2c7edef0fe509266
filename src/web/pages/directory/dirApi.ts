/**
 * Typed calls of the directory API (regions, organisations, units, alliances, members, import).
 * Types come from the shared zod contract (type-only imports: no zod in the web bundle).
 */
import type { z } from 'zod';
import type { AuditEntry } from '../../../shared/api.ts';
import type {
  Alliance as AllianceSchema, AllianceDetail as AllianceDetailSchema, DueItem as DueItemSchema,
  ImportResult as ImportResultSchema, Member as MemberSchema, MemberInput, Org as OrgSchema, Region as RegionSchema,
  Transfer as TransferSchema, Unit as UnitSchema, ORG_KINDS, UNIT_KINDS, ALLIANCE_KINDS, MEMBER_STAGES, MEMBER_STATUSES,
} from '../../../shared/directory.ts';
import { ApiError, HTTP_ERROR, NETWORK_ERROR, isAbortError, request, withQuery, type Page, type QueryValue } from '../../api.ts';
import { getLocale } from '../../i18n.ts';

export type Region = z.infer<typeof RegionSchema>;
export type Org = z.infer<typeof OrgSchema>;
export type TermDueOrg = Org & { overdue: boolean };
export type Unit = z.infer<typeof UnitSchema>;
export type Alliance = z.infer<typeof AllianceSchema>;
export type AllianceDetail = z.infer<typeof AllianceDetailSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type Transfer = z.infer<typeof TransferSchema>;
export type MemberDetail = Member & { transfers: Transfer[] };
export type DueItem = z.infer<typeof DueItemSchema>;
export type ImportResult = z.infer<typeof ImportResultSchema>;
export type MemberCreate = z.input<typeof MemberInput>;
export type OrgKind = (typeof ORG_KINDS)[number];
export type UnitKind = (typeof UNIT_KINDS)[number];
export type AllianceKind = (typeof ALLIANCE_KINDS)[number];
export type MemberStage = (typeof MEMBER_STAGES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
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

// The enumerations, repeated here so the bundle needs no zod; `satisfies` keeps them in step.
export const ORG_KIND_LIST = ['committee', 'general_branch', 'branch'] as const satisfies readonly OrgKind[];
export const UNIT_KIND_LIST = ['enterprise', 'school', 'hospital', 'army', 'bank', 'community', 'village', 'other'] as const satisfies readonly UnitKind[];
export const ALLIANCE_KIND_LIST = ['cluster', 'grid', 'joint_meeting'] as const satisfies readonly AllianceKind[];
export const STAGE_LIST = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const satisfies readonly MemberStage[];
export const STATUS_LIST = ['normal', 'lost_contact', 'abroad', 'deceased', 'left', 'transferred_out'] as const satisfies readonly MemberStatus[];
export const TAG_SUGGESTIONS = ['lecturer', 'volunteer', 'veteran', 'young', 'secretary', 'entrepreneur', 'technician'] as const;

export type Query = Record<string, QueryValue>;

export const dirApi = {
  regions: (signal?: AbortSignal) => request<{ items: Region[] }>('/api/v1/regions', { signal }),
  orgTree: (regionId: string, signal?: AbortSignal) =>
    request<{ items: OrgTreeNode[] }>('/api/v1/orgs/tree', { query: { regionId }, signal }),
  termDue: (regionId: string | undefined, signal?: AbortSignal) =>
    request<{ items: TermDueOrg[] }>('/api/v1/orgs/term-due', { query: { regionId }, signal }),
  orgs: (query: Query, signal?: AbortSignal) => request<Page<Org>>('/api/v1/orgs', { query, signal }),
  org: (id: string, signal?: AbortSignal) => request<Org>(`/api/v1/orgs/${id}`, { signal }),
  orgAlliances: (id: string, signal?: AbortSignal) =>
    request<{ items: { id: string; name: string; kind: AllianceKind }[] }>(`/api/v1/orgs/${id}/alliances`, { signal }),
  createOrg: (body: Record<string, unknown>) => request<Org>('/api/v1/orgs', { method: 'POST', body }),
  updateOrg: (id: string, body: Record<string, unknown>) => request<Org>(`/api/v1/orgs/${id}`, { method: 'PATCH', body }),
  moveOrg: (id: string, parentId: string) => request<Org>(`/api/v1/orgs/${id}/move`, { method: 'POST', body: { parentId } }),

  units: (query: Query, signal?: AbortSignal) => request<Page<Unit>>('/api/v1/units', { query, signal }),
  unit: (id: string, signal?: AbortSignal) => request<Unit>(`/api/v1/units/${id}`, { signal }),
  unitAlliances: (id: string, signal?: AbortSignal) =>
    request<{ items: { id: string; name: string; kind: AllianceKind }[] }>(`/api/v1/units/${id}/alliances`, { signal }),
  createUnit: (body: Record<string, unknown>) => request<Unit>('/api/v1/units', { method: 'POST', body }),
  updateUnit: (id: string, body: Record<string, unknown>) => request<Unit>(`/api/v1/units/${id}`, { method: 'PATCH', body }),

  alliances: (query: Query, signal?: AbortSignal) => request<Page<Alliance>>('/api/v1/alliances', { query, signal }),
  alliance: (id: string, signal?: AbortSignal) => request<AllianceDetail>(`/api/v1/alliances/${id}`, { signal }),
  addAllianceMembers: (id: string, body: { orgIds?: string[]; unitIds?: string[] }) =>
    request<AllianceDetail>(`/api/v1/alliances/${id}/members`, { method: 'POST', body }),
  removeAllianceMembers: (id: string, body: { orgIds?: string[]; unitIds?: string[] }) =>
    request<AllianceDetail>(`/api/v1/alliances/${id}/members/remove`, { method: 'POST', body }),
  addCoordinator: (id: string, username: string) =>
    request<{ ok: true }>(`/api/v1/alliances/${id}/coordinators`, { method: 'POST', body: { username } }),

  members: (query: Query, signal?: AbortSignal) => request<Page<Member>>('/api/v1/members', { query, signal }),
  member: (id: string, signal?: AbortSignal) => request<MemberDetail>(`/api/v1/members/${id}`, { signal }),
  memberHistory: (id: string, signal?: AbortSignal) =>
    request<{ items: AuditEntry[] }>(`/api/v1/members/${id}/history`, { signal }),
  due: (query: Query, signal?: AbortSignal) => request<{ items: DueItem[] }>('/api/v1/members/due', { query, signal }),
  createMember: (body: Record<string, unknown>) => request<Member>('/api/v1/members', { method: 'POST', body }),
  updateMember: (id: string, body: Record<string, unknown>) => request<Member>(`/api/v1/members/${id}`, { method: 'PATCH', body }),
  advance: (id: string, stage: MemberStage, date: string) =>
    request<Member>(`/api/v1/members/${id}/advance`, { method: 'POST', body: { stage, date } }),
  transfer: (id: string, body: { toOrgId: string; date: string; reason?: string }) =>
    request<Member>(`/api/v1/members/${id}/transfers`, { method: 'POST', body }),
  exportUrl: (query: Query) => withQuery('/api/v1/members/export', query),
  templateUrl: '/api/v1/members/import-template',
  reportUrl: (reportId: string) => `/api/v1/members/import-reports/${reportId}`,
};

/**
 * Multipart upload of a roster (`request()` only speaks JSON). The browser sets the multipart
 * Content-Type with its boundary; we add the same headers `request()` adds.
 */
export async function uploadRoster(
  file: File,
  fields: { mode: 'check' | 'import'; validOnly?: boolean; defaultOrgId?: string },
  signal?: AbortSignal,
): Promise<ImportResult> {
  const form = new FormData();
  form.append('mode', fields.mode);
  form.append('validOnly', fields.validOnly ? 'true' : 'false');
  if (fields.defaultOrgId) form.append('defaultOrgId', fields.defaultOrgId);
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/v1/members/import', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      signal,
      headers: { Accept: 'application/json', 'Accept-Language': getLocale(), 'X-Requested-With': 'XMLHttpRequest' },
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new ApiError({ code: NETWORK_ERROR, message: String((err as Error)?.message ?? err), status: 0 });
  }
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const body = data as { error?: { code?: string; message?: string; details?: ApiError['details'] } } | undefined;
    if (body?.error?.code && body.error.message) {
      throw new ApiError({ code: body.error.code, message: body.error.message, details: body.error.details, status: response.status });
    }
    throw new ApiError({ code: HTTP_ERROR, message: `HTTP ${response.status}`, status: response.status });
  }
  return data as ImportResult;
}
