import { ApiError, HTTP_ERROR, NETWORK_ERROR } from './api.ts';
import type { TFunction } from './i18n.ts';

/** The text to show for a failure: the server's (already localised) message, or our own wording. */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === NETWORK_ERROR) return t('error.network');
    if (err.code === HTTP_ERROR) return t('error.http', { status: err.status });
    return err.message;
  }
  return t('error.unknown');
}

/**
 * Per-field server errors mapped onto form field names. Details may name the field plainly
 * (`newPassword`) or as a path (`body.newPassword`); the last segment is matched.
 */
export function fieldErrors<F extends string>(err: unknown, fields: readonly F[]): { name: F; errors: string[] }[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<F, string[]>();
  for (const detail of err.details) {
    if (!detail.field) continue;
    const last = detail.field.split(/[./]/).filter(Boolean).pop();
    const name = fields.find((f) => f === last || f === detail.field);
    if (!name) continue;
    byField.set(name, [...(byField.get(name) ?? []), detail.message]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

/**
 * The problems of an import refused row by row (details named `rows.<row>.<column>`, as every xlsx import of the
 * server answers), grouped by row in the file's order; empty for any other failure.
 */
export function rowProblems(err: unknown): { row: number; problems: string[] }[] {
  if (!(err instanceof ApiError)) return [];
  const byRow = new Map<number, string[]>();
  for (const d of err.details) {
    const m = /^rows\.(\d+)\./.exec(d.field ?? '');
    if (m) byRow.set(Number(m[1]), [...(byRow.get(Number(m[1])) ?? []), d.message]);
  }
  return [...byRow].map(([row, problems]) => ({ row, problems }));
}
