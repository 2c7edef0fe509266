/**
 * The one HTTP client of the web app for the Lianjian API (same origin).
 *
 * - JSON in, JSON out; cookies are httpOnly session cookies (`credentials: 'same-origin'`).
 * - Every request carries `Accept-Language` (the current UI language) and
 *   `X-Requested-With: XMLHttpRequest` (the server refuses state-changing requests without it).
 * - Failures throw `ApiError` with the server's code, localised message, per-field details and status.
 * - A 401 from anything but sign-in or `/me` means the session ended: the registered handler
 *   (the auth provider) sends the user to /login.
 * - `upload()` sends files (multipart or raw) the same way, with upload progress.
 *
 * Each capability's calls live in `pages/<cap>/api.ts` (one object, `<cap>Api`), bodies typed with
 * `Body<typeof Schema>` / `Reply<typeof Schema>` from src/shared.
 */
import type { z } from 'zod';
import type { ErrorBody } from '../shared/api.ts';
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
/** Query parameters; undefined, null and '' are left out, arrays are sent comma-joined. */
export type Query = Record<string, unknown>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
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

/** The headers every call carries (the language, and the CSRF header the server requires on writes). */
function baseHeaders(): Record<string, string> {
  return { Accept: 'application/json', 'Accept-Language': getLocale(), 'X-Requested-With': 'XMLHttpRequest' };
}

/** The answer's JSON, or the ApiError it stands for (a 401 also ends the session, see below). */
function settle<T>(path: string, status: number, text: string): T {
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (status < 200 || status >= 300) {
    const error = isErrorBody(data)
      ? new ApiError({ code: data.error.code, message: data.error.message, details: data.error.details, requestId: data.error.requestId, status })
      : new ApiError({ code: HTTP_ERROR, message: `HTTP ${status}`, status });
    // A 401 means the session is gone, except from sign-in and /me (which answer 401 by design)
    // and a wrong *current* password on an authenticated form (INVALID_CREDENTIALS).
    if (status === 401 && !NO_REDIRECT_ON_401.has(path) && error.code !== 'INVALID_CREDENTIALS') {
      if (onUnauthorized) onUnauthorized();
      else if (typeof window !== 'undefined' && window.location.pathname !== '/login') window.location.assign('/login');
    }
    throw error;
  }
  if (data === undefined && text) {
    throw new ApiError({ code: HTTP_ERROR, message: 'Invalid JSON response', status });
  }
  return data as T;
}

const networkError = (err: unknown) =>
  new ApiError({ code: NETWORK_ERROR, message: String((err as Error)?.message ?? err), status: 0 });

/** A JSON call: `request<Reply>(path, { method, query, body, signal })`. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...baseHeaders(), ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw networkError(err);
  }
  return settle<T>(path, response.status, await response.text());
}

/**
 * A file the server writes from a JSON body (POST), saved by the browser: for what may not sit in a URL (first
 * passwords). Errors as `request()`; the name comes from Content-Disposition, else `fallbackName`.
 */
export async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST', headers: { ...baseHeaders(), Accept: '*/*', 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin',
    });
  } catch (err) {
    throw networkError(err);
  }
  if (!response.ok) settle(path, response.status, await response.text());
  const cd = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  const plain = /filename="([^"]+)"/i.exec(cd)?.[1];
  const name = star ? decodeURIComponent(star) : plain ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface UploadProgress {
  /** bytes sent so far */
  sent: number;
  /** bytes in all */
  total: number;
}

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  /** a form (sent multipart; the browser sets the boundary) or a file sent as the raw body */
  body: FormData | Blob;
  /** the raw body's Content-Type (default: the file's own type) */
  contentType?: string;
  query?: Query;
  signal?: AbortSignal;
  /** called while the body goes out (XMLHttpRequest upload progress); the server's work starts after the last call */
  onProgress?: (progress: UploadProgress) => void;
}

/**
 * An upload (multipart form or raw file) with the same headers, errors and 401 handling as `request()`,
 * and upload progress. XMLHttpRequest rather than fetch: only it reports how much of the body has gone.
 */
export function upload<T>(path: string, options: UploadOptions): Promise<T> {
  const { body, signal, onProgress } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', withQuery(path, options.query));
    for (const [name, value] of Object.entries(baseHeaders())) xhr.setRequestHeader(name, value);
    if (!(body instanceof FormData)) xhr.setRequestHeader('Content-Type', options.contentType || body.type || 'application/octet-stream');
    const size = body instanceof Blob ? body.size : 0;
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress({ sent: e.loaded, total: e.lengthComputable ? e.total : Math.max(size, e.loaded) });
    }
    xhr.onload = () => {
      try {
        resolve(settle<T>(path, xhr.status, xhr.responseText));
      } catch (err) {
        reject(err);
      }
    };
    xhr.onerror = () => reject(networkError(new Error('upload failed')));
    xhr.onabort = () => reject(new DOMException('The upload was aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** Request and response bodies typed from the shared zod contract (type-only: no zod in the bundle). */
export type Body<S extends z.ZodType> = z.input<S>;
export type Reply<S extends z.ZodType> = z.output<S>;

/**
 * Every value of the string union `T`, as a list the bundle can hold without importing the zod schema
 * that declares it: `everyValue<OrgKind>()(['committee', 'general_branch', 'branch'])` fails to compile
 * when a value is missing or unknown.
 */
export const everyValue = <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L => list;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The most selected rows one export names (SELECTION_MAX in src/shared/api.ts: the URL stays under 8 KB). */
export const SELECTION_MAX = 200;
