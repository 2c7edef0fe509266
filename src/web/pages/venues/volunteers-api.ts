/** Typed calls of the volunteer API (teams, volunteers, the hours ledger, certificates), from src/shared/venues-volunteers.ts. */
import type {
  Certificate as CertificateSchema, CertificateCreate, HoursCreate, HoursEntry as HoursEntrySchema, HoursList as HoursListSchema, HoursReverse,
  RosterImportResult, Team as TeamSchema, TeamJoin, Volunteer as VolunteerSchema, VolunteerFigures as VolunteerFiguresSchema,
} from '../../../shared/venues-volunteers.ts';
import type { Activity as ActivitySchema } from '../../../shared/activities.ts';
import { request, upload, type Body, type Page, type Reply } from '../../api.ts';

export type Team = Reply<typeof TeamSchema>;
export type Volunteer = Reply<typeof VolunteerSchema>;
export type HoursEntry = Reply<typeof HoursEntrySchema>;
export type HoursList = Reply<typeof HoursListSchema>;
export type Certificate = Reply<typeof CertificateSchema>;
export type VolunteerFigures = Reply<typeof VolunteerFiguresSchema>;

const post = <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: (body ?? {}) as never });

export const volunteersApi = {
  figures: (signal?: AbortSignal) => request<VolunteerFigures>('/api/v1/volunteer-figures', { signal }),
  teams: (signal?: AbortSignal) => request<Page<Team>>('/api/v1/volunteer-teams', { query: { pageSize: 100 }, signal }),
  volunteers: (volunteerTeamId: string, signal?: AbortSignal) => request<Page<Volunteer>>('/api/v1/volunteers', { query: { volunteerTeamId, pageSize: 500 }, signal }),
  hours: (id: string, signal?: AbortSignal) => request<HoursList>(`/api/v1/volunteers/${id}/hours`, { signal }),
  record: (body: Body<typeof HoursCreate>) => post<HoursEntry>('/api/v1/volunteer-hours', body),
  join: (teamId: string, body: Body<typeof TeamJoin>) => post<Volunteer>(`/api/v1/volunteer-teams/${teamId}/members`, body),
  approve: (id: string) => post<HoursEntry>(`/api/v1/volunteer-hours/${id}/approve`),
  reverse: (id: string, body: Body<typeof HoursReverse>) => post<{ items: HoursEntry[] }>(`/api/v1/volunteer-hours/${id}/reverse`, body),
  certificates: (id: string, signal?: AbortSignal) => request<{ items: Certificate[] }>(`/api/v1/volunteers/${id}/certificates`, { signal }),
  issue: (id: string, body: Body<typeof CertificateCreate>) => post<Certificate>(`/api/v1/volunteers/${id}/certificates`, body),
  revoke: (id: string, reason: string) => post<Certificate>(`/api/v1/volunteer-certificates/${id}/revoke`, { reason }),
  rosterUrl: (teamId: string) => `/api/v1/volunteer-teams/${teamId}/roster.xlsx`,
  importRoster: (teamId: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return upload<Reply<typeof RosterImportResult>>(`/api/v1/volunteer-teams/${teamId}/roster/import`, { body: form });
  },
  pdfUrl: (id: string) => `/api/v1/volunteer-certificates/${id}/pdf`,
  /** volunteer-service activities (the activities module's list), newest first, to take hours from their check-ins */
  serviceActivities: (signal?: AbortSignal) => request<Page<Reply<typeof ActivitySchema>>>('/api/v1/activities', { query: { kind: 'volunteer', pageSize: 100 }, signal }),
  hoursFromActivity: (teamId: string, activityId: string) => post<{ created: number; skipped: number }>(`/api/v1/volunteer-teams/${teamId}/hours-from-activity`, { activityId }),
};
