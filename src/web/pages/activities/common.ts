/** Small helpers the activities staff pages share. */
import { ApiError } from '../../api.ts';
import { ACTIVITY_KIND_LIST } from './api.ts';
import { formatDateTime } from '../../format.ts';
import type { MessageKey, TFunction } from '../../i18n.ts';

export const kindOptions = (t: TFunction) => ACTIVITY_KIND_LIST.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }));
export const when = (a: { startsAt: string; endsAt: string }) => `${formatDateTime(a.startsAt).slice(0, 16)}–${formatDateTime(a.endsAt).slice(11, 16)}`;

/** The same error with its field names renamed (server `startsAt` → form `time`), so `applyServerErrors` can place them. */
export function renameFields(err: unknown, map: Record<string, string>): unknown {
  if (!(err instanceof ApiError)) return err;
  return new ApiError({
    code: err.code, message: err.message, status: err.status, requestId: err.requestId,
    details: err.details.map((d) => {
      const last = d.field?.split(/[./]/).pop();
      return last && map[last] ? { ...d, field: map[last] } : d;
    }),
  });
}

/** The message of the first detail naming `field` (or its last path segment), else the error's own message. */
export function fieldMessage(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const d = err.details.find((x) => x.field === field || x.field?.split(/[./]/).pop() === field);
  return d?.message ?? err.message;
}
