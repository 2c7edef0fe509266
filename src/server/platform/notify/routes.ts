import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { Ok, pageOf } from '../../../shared/api.ts';
import {
  Channel, ChannelCreate, ChannelListQuery, ChannelUpdate, IdParam, Message, MessageListQuery, Notice, NoticeCreate, NoticeListQuery,
  OutboxEntry, OutboxQuery, ReadAllResult, UnreadCount,
} from '../../../shared/notify.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../context.ts';
import { notFound } from '../errors.ts';
import { createChannel, deleteChannel, listChannels, listOutbox, retryLetter, updateChannel } from './channels.ts';
import { listMessages, markAllRead, markRead, unreadCount } from './messages.ts';
import { listNotices, sendNotice } from './notices.ts';
import { notifyJobs } from './schema.ts';

const tags = ['platform'];

const Job = z.object({
  name: z.string(), nextRunAt: z.string(), lockedUntil: z.string().nullable(), lockedBy: z.string().nullable(),
  lastStartedAt: z.string().nullable(), lastFinishedAt: z.string().nullable(), lastStatus: z.string().nullable(), lastError: z.string().nullable(), runs: z.number(),
});
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The message centre, notices, channels and the outbox (docs/notifications.md). */
export async function notifyRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  const r = typed(app);
  r.get('/api/v1/messages', {
    schema: { tags, summary: 'My messages (notices and reminders), newest first', querystring: MessageListQuery, response: { 200: pageOf(Message) } },
  }, async (req) => listMessages(ctx, principalOf(req), req.query));
  r.get('/api/v1/messages/unread-count', {
    schema: { tags, summary: 'How many of my messages are unread (the bell)', response: { 200: UnreadCount } },
  }, async (req) => unreadCount(ctx, principalOf(req)));
  r.post('/api/v1/messages/:id/read', {
    schema: { tags, summary: 'Mark one of my messages read', params: IdParam, response: { 200: Message } },
  }, async (req) => markRead(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/messages/read-all', {
    schema: { tags, summary: 'Mark all my messages read', response: { 200: ReadAllResult } },
  }, async (req) => markAllRead(ctx, principalOf(req)));

  r.post('/api/v1/notices', {
    schema: { tags, summary: "Notify the members of an organisation's subtree (each with an account gets a message)", body: NoticeCreate, response: { 201: Notice } },
  }, async (req, reply) => reply.status(201).send(await sendNotice(ctx, actorOf(req), req.body)));
  r.get('/api/v1/notices', {
    schema: { tags, summary: 'Notices sent to the organisations I may notify', querystring: NoticeListQuery, response: { 200: pageOf(Notice) } },
  }, async (req) => listNotices(ctx, principalOf(req), req.query));

  r.get('/api/v1/notify/channels', {
    schema: { tags, summary: "A region's outbound channels (webhook, e-mail)", querystring: ChannelListQuery, response: { 200: z.array(Channel) } },
  }, async (req) => listChannels(ctx, principalOf(req), req.query.regionId));
  r.post('/api/v1/notify/channels', {
    schema: { tags, summary: 'Add an outbound channel to a region', body: ChannelCreate, response: { 201: Channel } },
  }, async (req, reply) => reply.status(201).send(await createChannel(ctx, actorOf(req), req.body)));
  r.patch('/api/v1/notify/channels/:id', {
    schema: { tags, summary: 'Change an outbound channel', params: IdParam, body: ChannelUpdate, response: { 200: Channel } },
  }, async (req) => updateChannel(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/api/v1/notify/channels/:id', {
    schema: { tags, summary: 'Remove an outbound channel and its letters', params: IdParam, response: { 200: Ok } },
  }, async (req) => deleteChannel(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/notify/outbox', {
    schema: { tags, summary: "A region's outbox by status (dead: the dead-letter list)", querystring: OutboxQuery, response: { 200: pageOf(OutboxEntry) } },
  }, async (req) => listOutbox(ctx, principalOf(req), req.query));
  r.post('/api/v1/notify/outbox/:id/retry', {
    schema: { tags, summary: 'Send a dead letter again', params: IdParam, response: { 200: OutboxEntry } },
  }, async (req) => retryLetter(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/notify/jobs', {
    schema: { tags, summary: "The scheduler's jobs: next run, last run, lease (platform admin)", response: { 200: z.array(Job) } },
  }, async (req) => {
    if (!principalOf(req).isPlatformAdmin) throw notFound();
    const rows = await ctx.db.select().from(notifyJobs).orderBy(asc(notifyJobs.name));
    return rows.map((j) => ({
      name: j.name, nextRunAt: j.nextRunAt.toISOString(), lockedUntil: iso(j.lockedUntil), lockedBy: j.lockedBy, lastStartedAt: iso(j.lastStartedAt),
      lastFinishedAt: iso(j.lastFinishedAt), lastStatus: j.lastStatus, lastError: j.lastError, runs: j.runs,
    }));
  });
}

export const NOTIFY_MESSAGES = {
  NOTIFY_NO_RECIPIENTS: { 'zh-CN': '该组织及其下级没有开通账户的党员，通知无人可收。', 'en-US': 'No member of this organisation or below has an account: nobody would get the notice.' },
  NOTIFY_CONFIG_REQUIRED: { 'zh-CN': '请填写该渠道的配置。', 'en-US': "Fill in the channel's settings." },
  NOTIFY_CONFIG_KIND: { 'zh-CN': '该配置不属于 {kind} 渠道。', 'en-US': 'These settings are not for a {kind} channel.' },
  NOTIFY_NOT_DEAD: { 'zh-CN': '只有死信可以重发。', 'en-US': 'Only a dead letter can be retried.' },
} as const;
