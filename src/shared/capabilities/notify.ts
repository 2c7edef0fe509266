import type { LabelMap } from './labels.ts';

/** The message centre's permissions (platform/notify, docs/notifications.md). Reading one's own messages needs none. */
export const NOTIFY_PERMISSIONS = {
  'notify.send': { 'zh-CN': '向本组织党员发送通知', 'en-US': 'Send notices to the members of my organisations' },
  'notify.manage': { 'zh-CN': '管理消息推送渠道与死信', 'en-US': 'Manage outbound channels and dead letters' },
} as const satisfies LabelMap;

export const NOTIFY_AUDIT_ACTIONS = {
  'notice.send': { 'zh-CN': '发送通知', 'en-US': 'Sent a notice' },
  'notify_channel.create': { 'zh-CN': '添加推送渠道', 'en-US': 'Added an outbound channel' },
  'notify_channel.update': { 'zh-CN': '修改推送渠道', 'en-US': 'Changed an outbound channel' },
  'notify_channel.delete': { 'zh-CN': '删除推送渠道', 'en-US': 'Removed an outbound channel' },
  'notify_outbox.retry': { 'zh-CN': '重发死信', 'en-US': 'Retried a dead letter' },
} as const satisfies LabelMap;
