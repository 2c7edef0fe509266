import type {
  Channel as ChannelSchema, ChannelCreate, ChannelUpdate, Message as MessageSchema, MessageListQuery, Notice as NoticeSchema, NoticeCreate,
  NoticeListQuery, OutboxEntry as OutboxEntrySchema, OutboxQuery,
} from '../../../shared/notify.ts';
import { request, type Body, type Page, type Reply } from '../../api.ts';

export type Message = Reply<typeof MessageSchema>;
export type Notice = Reply<typeof NoticeSchema>;
export type Channel = Reply<typeof ChannelSchema>;
export type OutboxEntry = Reply<typeof OutboxEntrySchema>;
export type ChannelBody = Body<typeof ChannelCreate>;

/** Tells the bell to count again (a message was read, a notice sent). */
export const NOTIFY_CHANGED = 'lianjian:notify-changed';
export const notifyChanged = () => window.dispatchEvent(new Event(NOTIFY_CHANGED));

export const notifyApi = {
  messages: (query: Body<typeof MessageListQuery>, signal?: AbortSignal) => request<Page<Message>>('/api/v1/messages', { query, signal }),
  unreadCount: (signal?: AbortSignal) => request<{ count: number }>('/api/v1/messages/unread-count', { signal }),
  markRead: (id: string) => request<Message>(`/api/v1/messages/${id}/read`, { method: 'POST', body: {} }),
  markAllRead: () => request<{ updated: number }>('/api/v1/messages/read-all', { method: 'POST', body: {} }),
  sendNotice: (body: Body<typeof NoticeCreate>) => request<Notice>('/api/v1/notices', { method: 'POST', body }),
  notices: (query: Body<typeof NoticeListQuery>, signal?: AbortSignal) => request<Page<Notice>>('/api/v1/notices', { query, signal }),
  channels: (regionId: string, signal?: AbortSignal) => request<Channel[]>('/api/v1/notify/channels', { query: { regionId }, signal }),
  createChannel: (body: ChannelBody) => request<Channel>('/api/v1/notify/channels', { method: 'POST', body }),
  updateChannel: (id: string, body: Body<typeof ChannelUpdate>) => request<Channel>(`/api/v1/notify/channels/${id}`, { method: 'PATCH', body }),
  deleteChannel: (id: string) => request<{ ok: true }>(`/api/v1/notify/channels/${id}`, { method: 'DELETE' }),
  outbox: (query: Body<typeof OutboxQuery>, signal?: AbortSignal) => request<Page<OutboxEntry>>('/api/v1/notify/outbox', { query, signal }),
  retry: (id: string) => request<OutboxEntry>(`/api/v1/notify/outbox/${id}/retry`, { method: 'POST', body: {} }),
};
