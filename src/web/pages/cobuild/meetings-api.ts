/** Typed calls of the joint meetings API, from the shared contract src/shared/cobuild-meetings.ts (types only). */
import type {
  ActionCreate, ActionListQuery, ActionUpdate, AgendaCreate, JointMeeting as JointMeetingSchema, JointMeetingDetail as JointDetailSchema,
  Meeting as MeetingSchema, MeetingAction as MeetingActionSchema, HostsGenerate, MeetingCreate, MeetingDetail as MeetingDetailSchema, MeetingUpdate, MembersUpdate,
} from '../../../shared/cobuild-meetings.ts';
import { request, upload, type Body, type Reply } from '../../api.ts';

export type JointMeeting = Reply<typeof JointMeetingSchema>;
export type JointDetail = Reply<typeof JointDetailSchema>;
export type Meeting = Reply<typeof MeetingSchema>;
export type MeetingDetail = Reply<typeof MeetingDetailSchema>;
export type MeetingAction = Reply<typeof MeetingActionSchema>;

const send = <T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown) => request<T>(path, { method, body: body ?? {} });

export const meetingsApi = {
  joints: (signal?: AbortSignal) => request<JointMeeting[]>('/api/v1/joint-meetings', { signal }),
  joint: (id: string, signal?: AbortSignal) => request<JointDetail>(`/api/v1/joint-meetings/${id}`, { signal }),
  setMembers: (id: string, body: Body<typeof MembersUpdate>) => send<JointDetail>('PUT', `/api/v1/joint-meetings/${id}/members`, body),
  generateHosts: (id: string, body: Body<typeof HostsGenerate>) => send<JointDetail>('POST', `/api/v1/joint-meetings/${id}/hosts`, body),
  setHost: (id: string, year: number, body: { unitId?: string | null; orgId?: string | null }) => send<JointDetail>('PUT', `/api/v1/joint-meetings/${id}/hosts/${year}`, body),
  meetings: (allianceId: string | undefined, signal?: AbortSignal) => request<Meeting[]>('/api/v1/meetings', { query: { allianceId }, signal }),
  meeting: (id: string, signal?: AbortSignal) => request<MeetingDetail>(`/api/v1/meetings/${id}`, { signal }),
  create: (body: Body<typeof MeetingCreate>) => send<MeetingDetail>('POST', '/api/v1/meetings', body),
  update: (id: string, body: Body<typeof MeetingUpdate>) => send<MeetingDetail>('PATCH', `/api/v1/meetings/${id}`, body),
  checkIn: (id: string, body: { unitId?: string | null; orgId?: string | null }) => send<MeetingDetail>('POST', `/api/v1/meetings/${id}/check-in`, body),
  propose: (id: string, body: Body<typeof AgendaCreate>) => send<MeetingDetail>('POST', `/api/v1/meetings/${id}/agenda-items`, body),
  withdraw: (itemId: string) => request<MeetingDetail>(`/api/v1/agenda-items/${itemId}`, { method: 'DELETE' }),
  remove: (id: string) => request<{ ok: true }>(`/api/v1/meetings/${id}`, { method: 'DELETE' }),
  review: (itemId: string, decision: 'accept' | 'defer') => send<MeetingDetail>('POST', `/api/v1/agenda-items/${itemId}/review`, { decision }),
  decide: (itemId: string, decision: string) => send<MeetingDetail>('PUT', `/api/v1/agenda-items/${itemId}/decision`, { decision }),
  addAction: (itemId: string, body: Body<typeof ActionCreate>) => send<MeetingDetail>('POST', `/api/v1/agenda-items/${itemId}/actions`, body),
  actions: (query: Body<typeof ActionListQuery>, signal?: AbortSignal) => request<MeetingAction[]>('/api/v1/meeting-actions', { query, signal }),
  updateAction: (id: string, body: Body<typeof ActionUpdate>) => send<MeetingAction>('PATCH', `/api/v1/meeting-actions/${id}`, body),
  addActionFile: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return upload<MeetingAction>(`/api/v1/meeting-actions/${id}/files`, { body: form });
  },
  removeActionFile: (fileId: string) => request<MeetingAction>(`/api/v1/meeting-action-files/${fileId}`, { method: 'DELETE' }),
  actionFileUrl: (fileId: string) => `/api/v1/meeting-action-files/${fileId}/file`,
  bulletinUrl: (id: string) => `/api/v1/meetings/${id}/bulletin.pdf`,
};
