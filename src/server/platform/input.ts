/**
 * Input the database cannot hold, refused before validation for every route (so no route, present or future, has to
 * remember): JSON nested deeper than MAX_JSON_DEPTH (the parser would be fine, but code that walks the value
 * recursively — JSON.stringify, zod, audit masking — would overflow the stack), and text with a NUL character
 * (U+0000: PostgreSQL `text` and `jsonb` cannot store it) or an unpaired UTF-16 surrogate (not Unicode text; it would
 * be stored as U+FFFD, so not verbatim, or break a `jsonb` cast) in any string or object key of the body, the query
 * or the path parameters. The answer is 400 VALIDATION_FAILED naming each field, like any other validation error.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, localeOf, send, type ErrorDetail } from './errors.ts';
import { msg } from './messages.ts';

export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in a JSON text, found in one pass (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) { if (++depth > max) max = depth; }
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** NUL, or a UTF-16 surrogate without its pair. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/** The paths (`a.b.0`) of every string or key in `value` that cannot be stored, at most `limit` of them. */
export function unstorableFields(value: unknown, prefix = '', limit = 20): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= limit) return;
    if (typeof v === 'string') { if (!isStorableText(v)) out.push(path); return; }
    if (v === null || typeof v !== 'object' || depth > MAX_JSON_DEPTH) return;
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1)); return; }
    if (ArrayBuffer.isView(v) || typeof (v as { pipe?: unknown }).pipe === 'function') return; // a Buffer or a stream (uploads): not text
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (!isStorableText(k)) { out.push(p); continue; }
      walk(x, p, depth + 1);
    }
  };
  walk(value, prefix, 0);
  return out;
}

/**
 * Replaces the JSON body parser by one that refuses nesting deeper than MAX_JSON_DEPTH (400 JSON_TOO_DEEP), and adds
 * the preValidation check of body, query and path parameters for text that cannot be stored.
 */
export function installInputChecks(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonDepth(text) > MAX_JSON_DEPTH) return done(new AppError(400, 'JSON_TOO_DEEP', { max: MAX_JSON_DEPTH }), undefined);
    return parseJson(req, text, done);
  });

  app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    const fields = [
      ...unstorableFields(req.params, 'params'),
      ...unstorableFields(req.query, 'query'),
      ...unstorableFields(req.body, ''),
    ];
    if (!fields.length) return;
    const locale = localeOf(req);
    const details: ErrorDetail[] = fields.map((field) => ({ field, code: 'invalid_text', message: msg(locale, 'field.text') }));
    return send(reply, 400, 'VALIDATION_FAILED', msg(locale, 'VALIDATION_FAILED'), details);
  });
}
