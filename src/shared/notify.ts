import { z } from 'zod';
import { PageQuery } from './api.ts';

/** The message centre, notices and outbound channels (platform/notify, docs/notifications.md). */

export const MESSAGE_KINDS = ['notice', 'reminder'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const MessageListQuery = PageQuery.extend({
  /** only the unread ones */
  unread: flag.optional(),
  kind: z.enum(MESSAGE_KINDS).optional(),
}).strict();

export const Message = z.object({
  id: z.string(),
  regionId: z.string(),
  kind: z.enum(MESSAGE_KINDS),
  title: z.string(),
  body: z.string(),
  /** where it leads in the web app (an activity, a to-do's page) */
  href: z.string().nullable(),
  /** a notice's sender; null for the daily reminders */
  senderName: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Message = z.infer<typeof Message>;

export const UnreadCount = z.object({ count: z.number().int() });
export const ReadAllResult = z.object({ updated: z.number().int() });

export const NOTICE_TITLE_MAX = 100;
export const NOTICE_BODY_MAX = 2000;

export const NoticeCreate = z.strictObject({
  /** the organisation whose subtree's members get it */
  orgId: z.uuid(),
  title: z.string().trim().min(1).max(NOTICE_TITLE_MAX),
  body: z.string().trim().max(NOTICE_BODY_MAX).default(''),
  /** an activity (a lesson, a theme day) the notice is about: the message links to it */
  activityId: z.uuid().nullable().optional(),
});

export const Notice = z.object({
  id: z.string(),
  regionId: z.string(),
  orgId: z.string(),
  orgName: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  href: z.string().nullable(),
  activityId: z.string().nullable(),
  senderName: z.string().nullable(),
  /** members of the subtree with an account: each got a message */
  recipients: z.number().int(),
  createdAt: z.string(),
});
export type Notice = z.infer<typeof Notice>;

export const NoticeListQuery = PageQuery.extend({ regionId: z.uuid().optional() }).strict();

// ── outbound channels ─────────────────────────────────────────────────────────

export const CHANNEL_KINDS = ['webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const url = z.string().trim().max(500).regex(/^https?:\/\/\S+$/, 'http(s) URL');
const email = z.string().trim().max(200).regex(/^[^\s@]+@[^\s@]+$/, 'e-mail address');

/** A generic JSON webhook: enterprise WeChat and DingTalk group robots take this shape (docs/notifications.md). */
export const WebhookConfig = z.strictObject({ url });
/** SMTP; `password` is write-only (answers say `hasPassword`). */
export const EmailConfig = z.strictObject({
  host: z.string().trim().min(1).max(200),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  user: z.string().trim().max(200).optional(),
  password: z.string().max(200).optional(),
  from: email,
  to: z.array(email).min(1).max(50),
});

export const ChannelCreate = z.strictObject({
  regionId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(CHANNEL_KINDS),
  enabled: z.boolean().default(true),
  /** which messages go out on it */
  kinds: z.array(z.enum(MESSAGE_KINDS)).min(1).max(2),
  webhook: WebhookConfig.optional(),
  email: EmailConfig.optional(),
});

export const ChannelUpdate = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  kinds: z.array(z.enum(MESSAGE_KINDS)).min(1).max(2).optional(),
  webhook: WebhookConfig.optional(),
  /** a password left out keeps the stored one */
  email: EmailConfig.optional(),
});

export const Channel = z.object({
  id: z.string(),
  regionId: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  enabled: z.boolean(),
  kinds: z.array(z.enum(MESSAGE_KINDS)),
  webhook: z.object({ url: z.string() }).nullable(),
  email: z.object({
    host: z.string(), port: z.number(), secure: z.boolean(), user: z.string().nullable(), hasPassword: z.boolean(),
    from: z.string(), to: z.array(z.string()),
  }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Channel = z.infer<typeof Channel>;

export const ChannelListQuery = z.object({ regionId: z.uuid() }).strict();

export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OutboxQuery = PageQuery.extend({
  regionId: z.uuid(),
  status: z.enum(OUTBOX_STATUSES).default('dead'),
}).strict();

export const OutboxEntry = z.object({
  id: z.string(),
  regionId: z.string(),
  channelId: z.string(),
  channelName: z.string().nullable(),
  channelKind: z.enum(CHANNEL_KINDS).nullable(),
  status: z.enum(OUTBOX_STATUSES),
  title: z.string(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const IdParam = z.object({ id: z.uuid() });
