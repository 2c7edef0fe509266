import type { FormInstance } from 'antd';
import { ApiError } from '../api.ts';
import { errorText, fieldErrors } from '../errors.ts';
import type { TFunction } from '../i18n.ts';

/**
 * Puts the server's per-field errors on the form's fields; returns the message for the errors
 * that name no field on the form (shown above the form). FormModal calls it; forms outside a modal may too.
 */
export function applyServerErrors<F extends string>(form: FormInstance, err: unknown, fields: readonly F[], t: TFunction): string {
  const mapped = fieldErrors(err, fields);
  form.setFields(mapped);
  if (err instanceof ApiError) {
    const unplaced = err.details.filter((d) => !d.field || !mapped.some((m) => d.field === m.name || d.field?.split(/[./]/).pop() === m.name));
    const base = errorText(err, t);
    if (unplaced.length === 0) return base;
    return `${base} ${unplaced.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ')}`;
  }
  return errorText(err, t);
}
