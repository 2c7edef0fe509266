import type { LabelMap } from './labels.ts';

export const CHAMBER_PERMISSIONS = {
  'mediation.manage': { 'zh-CN': '管理调解案件（受理、指派、登记簿、统计）', 'en-US': 'Manage mediation cases (intake, assignment, register, figures)' },
  'mediation.handle': { 'zh-CN': '办理指派给本人的调解案件', 'en-US': 'Handle the mediation cases assigned to me' },
  'services.dispatch': { 'zh-CN': '受理与交办服务请求、维护服务机构目录', 'en-US': 'Accept and dispatch service requests, keep the agencies\' catalogues' },
  'services.request': { 'zh-CN': '提出与评价本单位的服务请求', 'en-US': 'Submit and rate my unit\'s service requests' },
  'services.handle': { 'zh-CN': '办理交办给本机构的服务请求', 'en-US': 'Handle the service requests dispatched to my agency' },
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
  'agency.services': { 'zh-CN': '修改服务机构目录', 'en-US': 'Changed an agency\'s service catalogue' },
  'service_request.create': { 'zh-CN': '提出服务请求', 'en-US': 'Submitted a service request' },
  'service_request.dispatch': { 'zh-CN': '交办服务请求', 'en-US': 'Dispatched a service request' },
  'service_request.sign': { 'zh-CN': '签收服务请求', 'en-US': 'Signed for a service request' },
  'service_request.reply': { 'zh-CN': '反馈办理结果', 'en-US': 'Replied to a service request' },
  'service_request.hand_back': { 'zh-CN': '退回服务请求', 'en-US': 'Handed a service request back' },
  'service_request.rate': { 'zh-CN': '评价并办结服务请求', 'en-US': 'Rated and closed a service request' },
} as const satisfies LabelMap;
