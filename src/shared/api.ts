import { z } from 'zod';
import { isoDateTime } from './dates.ts';
import { ROLES, SCOPE_KINDS, PERMISSIONS } from './roles.ts';

/** The one error shape every 4xx/5xx answer carries. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string().optional(), message: z.string() }).loose()).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10).max(256),
});

export const Grant = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  scopeKind: z.enum(SCOPE_KINDS),
  scopeId: z.string(),
  scopeName: z.string().nullable(),
  regionId: z.string(),
  regionName: z.string().nullable(),
});
export type Grant = z.infer<typeof Grant>;

export const Me = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    isPlatformAdmin: z.boolean(),
    locale: z.string().nullable(),
    memberId: z.string().nullable(),
    /** a first or reset password: the web shows only the change-password screen until it is changed */
    mustChangePassword: z.boolean(),
  }),
  grants: z.array(Grant),
  permissions: z.array(z.enum(PERMISSIONS)),
  session: z.object({ expiresAt: z.string(), idleExpiresAt: z.string() }),
  /** the server's clock when it answered: the web's "today" and "this year" (in Beijing) follow it, not the browser's */
  now: z.string(),
});
export type Me = z.infer<typeof Me>;

export const Ok = z.object({ ok: z.literal(true) });

/**
 * The page number every list accepts: at most MAX_PAGE, so that with at most 2,000 rows a page the offset stays below
 * 2·10⁸ — exact as a JavaScript number and far inside PostgreSQL's bigint (page=9007199254740991 would break the query).
 */
export const MAX_PAGE = 100_000;
export const pageNumber = z.coerce.number().int().min(1).max(MAX_PAGE).default(1);

/** The most rows one selection export names (200 ids keep the URL under 8 KB). */
export const SELECTION_MAX = 200;
/** Ids picked in a list (comma-separated): an export of the selected rows, always inside the list's filters and scope. */
export const SelectedIds = z.string().max(SELECTION_MAX * 37).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.uuid()).max(SELECTION_MAX));

export const PageQuery = z.object({
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
  sort: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const AuditEntry = z.object({
  id: z.string(),
  regionId: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * The longest entity id the audit log holds: a judge's scores for one entry are audited as
 * `contestId:judgeId:entryId` (three UUIDs and two colons); every other entity id is one UUID or a short code.
 */
export const AUDIT_ENTITY_ID_MAX = 3 * 36 + 2;

export const AuditQuery = PageQuery.extend({
  regionId: z.uuid().optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(AUDIT_ENTITY_ID_MAX).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(64).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
}).strict();
