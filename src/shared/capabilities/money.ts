import type { LabelMap } from './labels.ts';

/**
 * Money (issue 15), first slice: party dues (党费). `dues.read` reads a branch's monthly sheet and its arrears;
 * `dues.collect` sets a member's monthly amount for the year and records payments (a branch's collector: the
 * org admin of the branch or above, and the region's admin).
 */
export const MONEY_PERMISSIONS = {
  'dues.read': { 'zh-CN': '查看党费收缴', 'en-US': 'Read party dues' },
  'dues.collect': { 'zh-CN': '收缴党费', 'en-US': 'Collect party dues' },
} as const satisfies LabelMap;

export const MONEY_AUDIT_ACTIONS = {
  'dues.amount.set': { 'zh-CN': '核定党费', 'en-US': 'Set a member\'s monthly dues' },
  'dues.amount.change': { 'zh-CN': '调整已核定的党费', 'en-US': 'Changed a member\'s set monthly dues' },
  'dues.payment': { 'zh-CN': '登记交纳党费', 'en-US': 'Recorded a dues payment' },
} as const satisfies LabelMap;
