import { addMessages, type Locale } from '../../platform/messages.ts';

/** The chamber capability's error and field messages (zh-CN and en-US). */
export const chamberMessages = {
  MEDIATION_STAGE: { 'zh-CN': '案件当前环节（{stage}）不能办理此事项。', 'en-US': 'This cannot be done while the case is at the stage “{stage}”.' },
  MEDIATION_CLOSED: { 'zh-CN': '案件已结案。', 'en-US': 'The case is closed.' },
  MEDIATION_EXTENDED: { 'zh-CN': '调解期限只能延长一次，本案已延长。', 'en-US': 'The time limit can be extended once only, and this case has been.' },
  MEDIATION_NO_AGREEMENT: { 'zh-CN': '本案没有调解协议。', 'en-US': 'This case has no agreement.' },
  MEDIATION_FOLLOWED_UP: { 'zh-CN': '本案已回访。', 'en-US': 'This case has been followed up already.' },
  MEDIATION_NO_FOLLOW_UP: { 'zh-CN': '卷宗不完整：回访之后才能结案。', 'en-US': 'The file is incomplete: a case closes only after its follow-up visit.' },
  MEDIATOR_ASSIGNED: { 'zh-CN': '该调解员已指派到本案。', 'en-US': 'This mediator is already assigned to the case.' },
  'mediation.accepted_future': { 'zh-CN': '受理时间不能晚于现在', 'en-US': 'cannot be later than now' },
  'mediation.session_future': { 'zh-CN': '调解时间不能晚于现在', 'en-US': 'cannot be later than now' },
  'mediation.signed_future': { 'zh-CN': '签订日期不能晚于今天', 'en-US': 'cannot be later than today' },
  'mediation.visit_future': { 'zh-CN': '回访日期不能晚于今天', 'en-US': 'cannot be later than today' },
  'mediation.performed_range': { 'zh-CN': '履行日期应在签订日期与今天之间', 'en-US': 'must lie between the signing date and today' },
  'mediation.no_such_term': { 'zh-CN': '协议没有这一条款', 'en-US': 'the agreement has no such term' },
  'mediation.not_a_mediator': { 'zh-CN': '不是本组织的调解员', 'en-US': 'is not a mediator of this organisation' },
  'mediation.not_a_party': { 'zh-CN': '不是本案当事人', 'en-US': 'is not a party to this case' },
  'mediation.party_twice': { 'zh-CN': '同一当事人评价了两次', 'en-US': 'the same party is rated twice' },
  'mediation.rate_every_party': { 'zh-CN': '请为全部 {n} 位当事人登记满意度', 'en-US': 'rate the satisfaction of all {n} parties' },
  REQUEST_STAGE: { 'zh-CN': '服务请求当前环节（{stage}）不能办理此事项。', 'en-US': 'This cannot be done while the request is at the stage “{stage}”.' },
  'service.requester_is_agency': { 'zh-CN': '服务机构不能为自己提出服务请求', 'en-US': 'an agency does not request services' },
  'service.no_dispatcher': { 'zh-CN': '该单位不在任何网格，也没有所属组织，无人受理', 'en-US': 'the unit is in no grid and has no organisation: nobody dispatches its requests' },
  'service.not_agency': { 'zh-CN': '不是本区域的服务机构', 'en-US': 'is not a service agency of this region' },
  'service.not_offered': { 'zh-CN': '该机构不提供这项服务', 'en-US': 'this agency does not offer the service' },
  'service.twice': { 'zh-CN': '同一服务重复', 'en-US': 'the same service appears twice' },
} satisfies Record<string, Record<Locale, string>>;

addMessages(chamberMessages);
