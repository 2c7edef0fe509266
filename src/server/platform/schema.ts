import { sql } from 'drizzle-orm';
import {
  boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

/** The region id used for audit rows of platform-wide entities (users, sessions): not a real region. */
export const PLATFORM_REGION_ID = '00000000-0000-0000-0000-000000000000';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Users are few and shared by all regions: a Citus reference table. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
  memberRegionId: uuid('member_region_id'),
  memberId: uuid('member_id'),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: ts('locked_until'),
  passwordChangedAt: ts('password_changed_at'),
  disabled: boolean('disabled').notNull().default(false),
  /** a first or reset password: the user must choose their own before anything else */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  /** the region whose admins manage the account (created there); null for the platform's own and older ones */
  homeRegionId: uuid('home_region_id'),
  locale: text('locale'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('users_username_uq').on(sql`lower(${t.username})`)]);

/** Sessions: the cookie carries a random token, the table keeps only its SHA-256. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/**
 * A role granted to a user on a scope (region, org, alliance, unit, or a single record such as a contest).
 * The grant covers the scope's subtree.
 */
export const grants = pgTable('grants', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text('role').notNull(),
  scopeKind: text('scope_kind').notNull(),
  scopeId: uuid('scope_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  uniqueIndex('grants_uq').on(t.regionId, t.userId, t.role, t.scopeKind, t.scopeId),
  index('grants_user_idx').on(t.userId),
]);

/** Every write leaves a row here. Platform-wide entities use PLATFORM_REGION_ID. */
export const auditLog = pgTable('audit_log', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  at: ts('at').notNull().defaultNow(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
  ip: text('ip'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  index('audit_region_at_idx').on(t.regionId, t.at),
  index('audit_entity_idx').on(t.regionId, t.entityType, t.entityId),
  index('audit_actor_idx').on(t.regionId, t.actorId, t.at),
]);
