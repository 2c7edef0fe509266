import type { LabelMap } from './labels.ts';

export const CHAMBER_PERMISSIONS = {
  'mediation.manage': { 'zh-CN': '管理调解案件（受理、指派、登记簿、统计）', 'en-US': 'Manage mediation cases (intake, assignment, register, figures)' },
  'mediation.handle': { 'zh-CN': '办理指派给本人的调解案件', 'en-US': 'Handle the mediation cases assigned to me' },
} as const satisfies LabelMap;

export const CHAMBER_AUDIT_ACTIONS = {
  'mediation.create': { 'zh-CN': '受理调解案件', 'en-US': 'Took in a mediation case' },
  'mediation.assign': { 'zh-CN': '指派调解员', 'en-US': 'Assigned a mediator' },
  'mediation.session': { 'zh-CN': '记录调解笔录', 'en-US': 'Recorded a mediation session' },
  'mediation.extend': { 'zh-CN': '延长调解期限', 'en-US': 'Extended a mediation time limit' },
  'mediation.agreement': { 'zh-CN': '签订调解协议', 'en-US': 'Recorded a mediation agreement' },
  'mediation.term': { 'zh-CN': '登记协议履行', 'en-US': 'Recorded the performance of an agreement term' },
  'mediation.failure': { 'zh-CN': '登记调解不成', 'en-US': 'Recorded a failed mediation' },
  'mediation.follow_up': { 'zh-CN': '登记回访', 'en-US': 'Recorded a follow-up visit' },
  'mediation.close': { 'zh-CN': '调解结案', 'en-US': 'Closed a mediation case' },
  'mediation.file': { 'zh-CN': '上传卷宗材料', 'en-US': 'Added a file to a case' },
} as const satisfies LabelMap;
