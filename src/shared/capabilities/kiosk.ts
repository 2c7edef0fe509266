import type { LabelMap } from './labels.ts';

/** The big screen's kiosk links (platform/kiosk, docs/bigscreen.md). */
export const KIOSK_PERMISSIONS = {
  'kiosk.manage': { 'zh-CN': '管理数据大屏展示链接', 'en-US': 'Manage the big screen\'s kiosk links' },
} as const satisfies LabelMap;

export const KIOSK_AUDIT_ACTIONS = {
  'kiosk.create': { 'zh-CN': '创建大屏展示链接', 'en-US': 'Created a kiosk link' },
  'kiosk.revoke': { 'zh-CN': '撤销大屏展示链接', 'en-US': 'Revoked a kiosk link' },
} as const satisfies LabelMap;
