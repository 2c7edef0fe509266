import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { loggableError } from './mask.ts';
import { msg, pickLocale, type Locale, type MessageKey } from './messages.ts';

export interface ErrorDetail { field?: string; message: string; [k: string]: unknown }

/** An error the caller caused: thrown anywhere, answered with the one error shape. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly vars: Record<string, unknown> = {},
    public readonly details?: ErrorDetail[],
    /** message key when it differs from the code */
    public readonly messageKey?: MessageKey | string,
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, 'NOT_FOUND');
export const forbidden = () => new AppError(403, 'FORBIDDEN');
export const conflict = (code = 'CONFLICT', vars: Record<string, unknown> = {}, details?: ErrorDetail[]) =>
  new AppError(409, code, vars, details);
/** A 422 for a value that is well-formed but breaks a business rule; details name the fields. */
export const invalid = (details: ErrorDetail[], code = 'VALIDATION_FAILED') => new AppError(422, code, {}, details);
/** Field-level detail whose message is a catalogue key (translated when answered). */
export const fieldError = (field: string, key: string, vars: Record<string, unknown> = {}): ErrorDetail =>
  ({ field, message: key, vars });

export function localeOf(req: FastifyRequest): Locale {
  return pickLocale(req.headers['accept-language']);
}

interface Issue { code: string; path: PropertyKey[]; message: string; [k: string]: unknown }

function valueAt(source: unknown, path: PropertyKey[]): unknown {
  let v: unknown = source;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function issueDetails(locale: Locale, issues: Issue[], prefix = '', source?: unknown): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (source !== undefined && issue.code !== 'unrecognized_keys' && valueAt(source, issue.path) === undefined) {
      out.push({ field: base, code: 'required', message: msg(locale, 'field.required') });
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of (issue.keys as string[]) ?? []) {
          out.push({ field: base ? `${base}.${key}` : key, message: msg(locale, 'field.unknown'), code: 'unknown_field' });
        }
        break;
      case 'invalid_type':
        out.push({ field: base, code: 'invalid_type', message: msg(locale, 'field.type', { expected: issue.expected }) });
        break;
      case 'too_small':
        out.push({ field: base, code: 'too_small', message: msg(locale, 'field.too_small', { minimum: issue.minimum }) });
        break;
      case 'too_big':
        out.push({ field: base, code: 'too_big', message: msg(locale, 'field.too_big', { maximum: issue.maximum }) });
        break;
      case 'invalid_format':
        out.push({ field: base, code: 'invalid_format', message: msg(locale, 'field.format') });
        break;
      case 'invalid_value':
        out.push({
          field: base, code: 'invalid_value',
          message: msg(locale, 'field.enum', { options: ((issue.values as unknown[]) ?? []).map(String).join(', ') }),
        });
        break;
      default:
        out.push({ field: base, code: issue.code, message: translateMaybe(locale, issue.message, (issue.params as Record<string, unknown>) ?? {}) });
    }
  }
  return out;
}

function translateMaybe(locale: Locale, text: string, vars: Record<string, unknown> = {}): string {
  const translated = msg(locale, text, vars);
  return translated === text && text.startsWith('field.') ? msg(locale, 'field.invalid') : translated;
}

export function send(reply: FastifyReply, status: number, code: string, message: string, details?: ErrorDetail[]) {
  const body: { error: Record<string, unknown> } = { error: { code, message } };
  if (details && details.length) body.error.details = details;
  if (status >= 500) body.error.requestId = reply.request.id;
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/**
 * The database (or, on Citus, one of its nodes) could not be reached or did not answer in time: connection
 * failures (SQLSTATE class 08, e.g. a stopped Citus worker), a server shutting down or starting (57P01-57P03),
 * too many connections (53300), statement_timeout (57014), and the driver's own socket errors. Drizzle wraps the
 * driver's error in `cause`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300', '57014', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
    if (typeof e.message === 'string' && /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout)/.test(e.message)) return true;
  }
  return false;
}

/**
 * Errors raised by Fastify and its plugins (parsing, routing, multipart), by their code: the status and the platform
 * code they answer with, in the one error shape and the caller's language. A 4xx with a code not listed here answers
 * 400/its status with BAD_REQUEST (never the framework's own English text).
 */
const FRAMEWORK_ERRORS: Record<string, [status: number, code: string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST'],
  FST_ERR_CTP_EMPTY_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_BAD_URL: [400, 'BAD_URL'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'PARAM_TOO_LONG'],
  // @fastify/multipart
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_PROTO_VIOLATION: [400, 'MULTIPART_MALFORMED'],
  FST_INVALID_JSON_FIELD_ERROR: [400, 'MULTIPART_MALFORMED'],
  FST_MP_PREMATURE_CLOSE: [400, 'MULTIPART_MALFORMED'],
  FST_PARTS_LIMIT: [413, 'MULTIPART_LIMIT'],
  FST_FILES_LIMIT: [413, 'MULTIPART_LIMIT'],
  FST_FIELDS_LIMIT: [413, 'MULTIPART_LIMIT'],
  FST_REQ_FILE_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
};

/** Answers any error thrown while handling a request (also Fastify's `frameworkErrors`: bad URL, over-long path id). */
export function answerError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(req);
  if (err instanceof AppError) {
    const details = err.details?.map((d) => ({
      ...d, message: translateMaybe(locale, d.message, (d.vars as Record<string, unknown>) ?? {}), vars: undefined,
    }));
    return send(reply, err.status, err.code, msg(locale, err.messageKey ?? err.code, err.vars), details);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const ctx = (err as unknown as { validationContext?: string }).validationContext;
    const issues: Issue[] = err.validation.map((v) => ({
      ...(v.params as Record<string, unknown>),
      code: v.keyword,
      path: v.instancePath.split('/').filter(Boolean),
      message: v.message ?? '',
    }));
    const prefix = ctx && ctx !== 'body' ? (ctx === 'querystring' ? 'query' : ctx) : '';
    const source = ctx === 'querystring' ? req.query : ctx === 'params' ? req.params : ctx === 'headers' ? req.headers : (req.body ?? {});
    return send(reply, 400, 'VALIDATION_FAILED', msg(locale, 'VALIDATION_FAILED'), issueDetails(locale, issues, prefix, source));
  }
  if (err instanceof ZodError) {
    return send(reply, 400, 'VALIDATION_FAILED', msg(locale, 'VALIDATION_FAILED'), issueDetails(locale, err.issues as unknown as Issue[]));
  }
  const code = (err as FastifyError).code;
  const known = code ? FRAMEWORK_ERRORS[code] : undefined;
  if (known) return send(reply, known[0], known[1], msg(locale, known[1]));
  if (err instanceof SyntaxError && (err as FastifyError).statusCode === 400) return send(reply, 400, 'MALFORMED_JSON', msg(locale, 'MALFORMED_JSON'));
  const status = (err as FastifyError).statusCode;
  if (status === 429) return send(reply, 429, 'RATE_LIMITED', msg(locale, 'RATE_LIMITED'));
  if (status && status >= 400 && status < 500 && !isResponseSerializationError(err as never)) {
    req.log.info({ code, reqId: req.id }, 'framework error answered as BAD_REQUEST');
    return send(reply, status, 'BAD_REQUEST', msg(locale, 'BAD_REQUEST'));
  }
  if (isDatabaseUnavailable(err)) {
    req.log.warn({ err: loggableError(err), reqId: req.id }, 'database unavailable');
    return send(reply, 503, 'DATABASE_UNAVAILABLE', msg(locale, 'DATABASE_UNAVAILABLE'));
  }
  req.log.error({ err: loggableError(err), reqId: req.id }, 'unhandled error');
  return send(reply, 500, 'INTERNAL', msg(locale, 'INTERNAL', { requestId: req.id }));
}

/**
 * Installs the error and not-found handlers: every failure answers `{error:{code,message,details}}`. Errors Fastify
 * raises before routing (bad URL, over-long path parameter) need `frameworkErrors: answerError` in the Fastify options.
 */
export function installErrorHandling(app: FastifyInstance, fallbackOf: () => NotFoundFallback | undefined = () => undefined): void {
  app.setErrorHandler(answerError);
  app.setNotFoundHandler((req, reply) => {
    const fallback = fallbackOf();
    if (fallback && !/^\/api(\/|$)/.test(req.url) && (req.method === 'GET' || req.method === 'HEAD')) return fallback(req, reply);
    return send(reply, 404, 'ROUTE_NOT_FOUND', msg(localeOf(req), 'ROUTE_NOT_FOUND'));
  });
}

/**
 * What a GET outside /api answers when no route matched (the web app's pages). It is a not-found fallback, never a
 * `/*` route: a catch-all route would also swallow what the router refuses itself (an over-long path parameter
 * answers 414 PARAM_TOO_LONG only when no route matches).
 */
export type NotFoundFallback = (req: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * Is this a unique violation (23505) of the named constraint or index (any, when no name is given)? Looks through the
 * causes drizzle and the drivers wrap it in (PGlite and node-postgres put the code on different levels).
 */
export function isUniqueViolation(err: unknown, name?: string): boolean {
  for (let e = err as { code?: unknown; constraint?: unknown; cause?: unknown; message?: unknown } | undefined, d = 0; e && d < 4; e = e.cause as typeof e, d++) {
    if (e.code === '23505' && (!name || e.constraint === name || String(e.message ?? '').includes(name))) return true;
  }
  return false;
}
