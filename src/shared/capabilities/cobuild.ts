import type { LabelMap } from './labels.ts';

/**
 * Co-building (联建): the needs list of a joint meeting. `cobuild.read`/`cobuild.write` are the office's (and the
 * region's); `cobuild.raise` raises needs for one's own unit or org; `cobuild.claim` answers dispatches for it;
 * `cobuild.rate` is the beneficiary's: confirming results and rating them (the organiser never rates itself).
 */
export const COBUILD_PERMISSIONS = {
  'cobuild.read': { 'zh-CN': '查看联建清单', 'en-US': 'Read the co-building lists' },
  'cobuild.write': { 'zh-CN': '管理联建清单', 'en-US': 'Manage the co-building lists' },
  'cobuild.raise': { 'zh-CN': '提出需求', 'en-US': 'Raise needs' },
  'cobuild.claim': { 'zh-CN': '认领派单', 'en-US': 'Claim dispatched needs' },
  'cobuild.rate': { 'zh-CN': '确认与评价需求办理', 'en-US': 'Confirm and rate settled needs' },
} as const satisfies LabelMap;

export const COBUILD_AUDIT_ACTIONS = {
  'need.create': { 'zh-CN': '提出需求', 'en-US': 'Raised a need' },
  'need.update': { 'zh-CN': '修改需求', 'en-US': 'Updated a need' },
  'need.review': { 'zh-CN': '审核需求', 'en-US': 'Reviewed a need' },
  'need.merge': { 'zh-CN': '合并重复需求', 'en-US': 'Merged a duplicate need' },
  'need.publish': { 'zh-CN': '发布需求', 'en-US': 'Published a need' },
  'need.dispatch': { 'zh-CN': '派单', 'en-US': 'Dispatched a need' },
  'need.dispatch.seen': { 'zh-CN': '查看派单', 'en-US': 'Saw a dispatched need' },
  'need.dispatch.decline': { 'zh-CN': '退回派单', 'en-US': 'Declined a dispatched need' },
  'need.claim': { 'zh-CN': '认领需求', 'en-US': 'Claimed slots of a need' },
  'need.claim.withdraw': { 'zh-CN': '撤回认领', 'en-US': 'Withdrew a claim' },
  'need.result': { 'zh-CN': '登记办理结果', 'en-US': 'Recorded a result' },
  'need.confirm': { 'zh-CN': '确认办结', 'en-US': 'Confirmed a need settled' },
  'need.rate': { 'zh-CN': '评价需求办理', 'en-US': 'Rated a settled need' },
  'need.import': { 'zh-CN': '导入需求清单', 'en-US': 'Imported needs' },
  'joint.members': { 'zh-CN': '设置联席会议成员单位职务与联络员', 'en-US': 'Set the joint meeting\'s member roles and liaisons' },
  'joint.hosts': { 'zh-CN': '设置轮值单位', 'en-US': 'Set the rotating hosts' },
  'meeting.create': { 'zh-CN': '召集会议', 'en-US': 'Called a meeting' },
  'meeting.update': { 'zh-CN': '修改会议或纪要', 'en-US': 'Updated a meeting or its minutes' },
  'meeting.check_in': { 'zh-CN': '会议签到', 'en-US': 'Checked in at a meeting' },
  'meeting.item.propose': { 'zh-CN': '提交议题', 'en-US': 'Proposed an agenda item' },
  'meeting.item.withdraw': { 'zh-CN': '撤回议题', 'en-US': 'Withdrew an agenda item' },
  'meeting.delete': { 'zh-CN': '删除会议', 'en-US': 'Deleted a meeting' },
  'meeting.item.review': { 'zh-CN': '审定议题', 'en-US': 'Accepted or deferred an agenda item' },
  'meeting.item.decide': { 'zh-CN': '记录议定事项', 'en-US': 'Recorded a decision' },
  'meeting.action.create': { 'zh-CN': '交办督办事项', 'en-US': 'Assigned a follow-up action' },
  'meeting.action.update': { 'zh-CN': '更新督办进展', 'en-US': 'Updated a follow-up action' },
  'meeting.action.file': { 'zh-CN': '上传督办佐证材料', 'en-US': 'Attached a file to a follow-up action' },
  'meeting.action.file.remove': { 'zh-CN': '删除督办佐证材料', 'en-US': 'Removed a file from a follow-up action' },
  'resource.create': { 'zh-CN': '提供资源', 'en-US': 'Offered a resource' },
  'resource.update': { 'zh-CN': '修改资源', 'en-US': 'Updated a resource' },
  'resource.import': { 'zh-CN': '导入资源清单', 'en-US': 'Imported resources' },
  'need.resource.link': { 'zh-CN': '为需求匹配资源', 'en-US': 'Linked a resource to a need' },
  'coproject.create': { 'zh-CN': '设立联建项目', 'en-US': 'Made a co-building project' },
  'coproject.update': { 'zh-CN': '修改联建项目', 'en-US': 'Updated a co-building project' },
} as const satisfies LabelMap;
