/**
 * A small fetch wrapper for the Lianjian API (same origin).
 *
 * - JSON in, JSON out; cookies are httpOnly session cookies (`credentials: 'same-origin'`).
 * - Every request carries `Accept-Language` (the current UI language) and
 *   `X-Requested-With: XMLHttpRequest` (the server refuses state-changing requests without it).
 * - Failures throw `ApiError` with the server's code, localised message, per-field details and status.
 * - A 401 from anything but sign-in or `/me` means the session ended: the registered handler
 *   (the auth provider) sends the user to /login.
 */
import type { AuditEntry, ErrorBody, Me } from '../shared/api.ts';
import { getLocale } from './i18n.ts';

export type ErrorDetail = NonNullable<ErrorBody['error']['details']>[number];

/** Codes the client itself produces (the server's codes are UPPER_SNAKE strings too). */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const HTTP_ERROR = 'HTTP_ERROR';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly requestId: string | undefined;

  constructor(init: { code: string; message: string; status: number; details?: ErrorDetail[]; requestId?: string }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
  }

  /** True when the message came from the server (already localised) rather than from the client. */
  get fromServer(): boolean {
    return this.code !== NETWORK_ERROR && this.code !== HTTP_ERROR;
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** The auth provider registers how to react to an expired session; returns an unregister function. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): () => void {
  onUnauthorized = handler;
  return () => {
    if (onUnauthorized === handler) onUnauthorized = null;
  };
}

const NO_REDIRECT_ON_401 = new Set(['/api/v1/auth/login', '/api/v1/me']);

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLocale(),
    'X-Requested-With': 'XMLHttpRequest',
    ...options.headers,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new ApiError({ code: NETWORK_ERROR, message: String((err as Error)?.message ?? err), status: 0 });
  }

  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = isErrorBody(data)
      ? new ApiError({
          code: data.error.code,
          message: data.error.message,
          details: data.error.details,
          requestId: data.error.requestId,
          status: response.status,
        })
      : new ApiError({ code: HTTP_ERROR, message: `HTTP ${response.status}`, status: response.status });
    // A 401 means the session is gone, except from sign-in and /me (which answer 401 by design)
    // and a wrong *current* password on an authenticated form (INVALID_CREDENTIALS).
    if (response.status === 401 && !NO_REDIRECT_ON_401.has(path) && error.code !== 'INVALID_CREDENTIALS') {
      if (onUnauthorized) onUnauthorized();
      else if (typeof window !== 'undefined' && window.location.pathname !== '/login') window.location.assign('/login');
    }
    throw error;
  }
  if (data === undefined && text) {
    throw new ApiError({ code: HTTP_ERROR, message: 'Invalid JSON response', status: response.status });
  }
  return data as T;
}

// ---- typed endpoints -------------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Health {
  status: string;
  database: 'pglite' | 'postgres' | string;
  migration: { applied: string | number | null; latest: string | number | null };
}

export interface AuditQueryParams {
  page: number;
  pageSize: number;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

export const api = {
  login: (username: string, password: string) =>
    request<Me>('/api/v1/auth/login', { method: 'POST', body: { username, password } }),
  logout: () => request<{ ok: true }>('/api/v1/auth/logout', { method: 'POST' }),
  me: (signal?: AbortSignal) => request<Me>('/api/v1/me', { signal }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ ok: true }>('/api/v1/me/password', { method: 'POST', body: { currentPassword, newPassword } }),
  setLocale: (locale: string) => request<{ ok: true }>('/api/v1/me/locale', { method: 'PUT', body: { locale } }),
  audit: (query: AuditQueryParams, signal?: AbortSignal) =>
    request<Page<AuditEntry>>('/api/v1/audit', { query: { ...query }, signal }),
  health: (signal?: AbortSignal) => request<Health>('/api/health', { signal }),
};
