import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../../modules/directory/schema.ts';
import { users } from '../schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A message in a user's message centre (the bell): a notice a secretary sent, or a daily reminder of a to-do item.
 * It lives in the region it is about (distributed by region_id); a user's messages may lie in several regions.
 * `item_key` ('<source>:<item id>:<day>') makes a reminder unique per user and day: the job may run twice.
 */
export const notifyMessages = pgTable('notify_messages', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  href: text('href'),
  noticeId: uuid('notice_id'),
  itemKey: text('item_key'),
  senderName: text('sender_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
  readAt: ts('read_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  uniqueIndex('notify_messages_item_uq').on(t.regionId, t.userId, t.itemKey),
  index('notify_messages_user_idx').on(t.userId, t.createdAt),
  index('notify_messages_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
]);

/** A notice sent to the members of an org subtree (each member with an account got a message). */
export const notifyNotices = pgTable('notify_notices', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  href: text('href'),
  activityId: uuid('activity_id'),
  senderId: uuid('sender_id'),
  senderName: text('sender_name'),
  recipients: integer('recipients').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'notify_notices_org_fk' }),
  index('notify_notices_org_idx').on(t.regionId, t.orgId, t.createdAt),
]);

/**
 * The scheduler's jobs, one row each for the whole database (a reference table under Citus): a process claims a
 * due job with one conditional UPDATE (`locked_until` in the past), which takes the row lock, so of several
 * processes on one PostgreSQL exactly one runs it; `next_run_at` in the past at start = a missed run, made at once.
 */
export const notifyJobs = pgTable('notify_jobs', {
  name: text('name').primaryKey(),
  nextRunAt: ts('next_run_at').notNull(),
  lockedUntil: ts('locked_until'),
  lockedBy: text('locked_by'),
  lastStartedAt: ts('last_started_at'),
  lastFinishedAt: ts('last_finished_at'),
  lastStatus: text('last_status'),
  lastError: text('last_error'),
  runs: integer('runs').notNull().default(0),
});

/** An outbound channel of a region: a webhook (group robots) or SMTP; `config` holds the URL or the SMTP settings. */
export const notifyChannels = pgTable('notify_channels', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  kinds: text('kinds').array().notNull(),
  config: jsonb('config').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.regionId, t.id] })]);

/**
 * The outbox: one row per message (or notice) and channel, written in the transaction that made the message, sent
 * at least once by the dispatcher (rows claimed with FOR UPDATE SKIP LOCKED and a lease), retried with exponential
 * backoff, `dead` after the last attempt (the admin's dead-letter list, retried from there). `ref` keeps one row
 * per thing and channel.
 */
export const notifyOutbox = pgTable('notify_outbox', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  channelId: uuid('channel_id').notNull(),
  ref: text('ref').notNull(),
  payload: jsonb('payload').notNull(),
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull(),
  lockedUntil: ts('locked_until'),
  lastError: text('last_error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  uniqueIndex('notify_outbox_ref_uq').on(t.regionId, t.channelId, t.ref),
  foreignKey({ columns: [t.regionId, t.channelId], foreignColumns: [notifyChannels.regionId, notifyChannels.id], name: 'notify_outbox_channel_fk' }).onDelete('cascade'),
  index('notify_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  index('notify_outbox_status_idx').on(t.regionId, t.status, t.createdAt),
]);
