/** Typed calls of the platform API (sign-in, the signed-in user, the audit log, health); contract: src/shared/api.ts. */
import type { AuditEntry, AuditQuery, ChangePasswordBody, LoginBody, Me, Ok } from '../../../shared/api.ts';
import type { BackupStatus } from '../../../shared/backups.ts';
import { request, withQuery, type Body, type Page, type Reply } from '../../api.ts';

export type { AuditEntry, BackupStatus, Me };
export type AuditQueryParams = Omit<Body<typeof AuditQuery>, 'page' | 'pageSize'> & { page: number; pageSize: number };

export interface Health {
  status: string;
  database: 'pglite' | 'postgres' | string;
  migration: { applied: string | number | null; latest: string | number | null };
}

export const platformApi = {
  login: (body: Body<typeof LoginBody>) => request<Me>('/api/v1/auth/login', { method: 'POST', body }),
  logout: () => request<Reply<typeof Ok>>('/api/v1/auth/logout', { method: 'POST' }),
  me: (signal?: AbortSignal) => request<Me>('/api/v1/me', { signal }),
  changePassword: (body: Body<typeof ChangePasswordBody>) => request<Reply<typeof Ok>>('/api/v1/me/password', { method: 'POST', body }),
  setLocale: (locale: string) => request<Reply<typeof Ok>>('/api/v1/me/locale', { method: 'PUT', body: { locale } }),
  audit: (query: AuditQueryParams, signal?: AbortSignal) => request<Page<AuditEntry>>('/api/v1/audit', { query, signal }),
  /** the list's filters (not its page) as an xlsx download */
  auditExportUrl: ({ page: _page, pageSize: _size, ...filters }: AuditQueryParams) => withQuery('/api/v1/audit.xlsx', filters),
  health: (signal?: AbortSignal) => request<Health>('/api/health', { signal }),
  backups: (signal?: AbortSignal) => request<BackupStatus>('/api/v1/platform/backups', { signal }),
  backupNow: () => request<BackupStatus>('/api/v1/platform/backups', { method: 'POST', body: {} }),
};
