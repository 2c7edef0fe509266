import type { LabelMap } from './labels.ts';

export const CLUSTER_PERMISSIONS = {
  'cluster.read': { 'zh-CN': '查看亮牌、承诺与项目', 'en-US': 'Read plaques, pledges and projects' },
  'cluster.write': { 'zh-CN': '维护亮牌、承诺与项目', 'en-US': 'Edit plaques, pledges and projects' },
  'contests.manage': { 'zh-CN': '组织项目评比', 'en-US': 'Run project contests' },
  'contests.score': { 'zh-CN': '为评比打分', 'en-US': 'Score contest entries' },
  'pledges.self': { 'zh-CN': '提交本人承诺', 'en-US': 'Make my own pledges' },
} as const satisfies LabelMap;

export const CLUSTER_AUDIT_ACTIONS = {
  'plaque_campaign.create': { 'zh-CN': '新建亮牌活动', 'en-US': 'Created a plaque campaign' },
  'plaque.create': { 'zh-CN': '登记党员户', 'en-US': 'Registered a household plaque' },
  'plaque.level': { 'zh-CN': '更新亮相层级', 'en-US': 'Updated a display level' },
  'plaque.token.revoke': { 'zh-CN': '停用公开页', 'en-US': 'Revoked a public plaque page' },
  'plaque.token.reissue': { 'zh-CN': '重新生成公开页', 'en-US': 'Reissued a public plaque page' },
  'pledge_category.create': { 'zh-CN': '新建承诺类别', 'en-US': 'Created a pledge category' },
  'pledge.create': { 'zh-CN': '提交承诺', 'en-US': 'Made a pledge' },
  'pledge.update': { 'zh-CN': '修改承诺', 'en-US': 'Updated a pledge' },
  'pledge.review': { 'zh-CN': '评定承诺', 'en-US': 'Reviewed a pledge' },
  'pledge.review.undo': { 'zh-CN': '撤销承诺评定', 'en-US': 'Took back a pledge review' },
  'project.create': { 'zh-CN': '新建项目', 'en-US': 'Created a project' },
  'project.update': { 'zh-CN': '修改项目', 'en-US': 'Updated a project' },
  'project.milestone.create': { 'zh-CN': '新增项目节点', 'en-US': 'Added a project milestone' },
  'project.report': { 'zh-CN': '报告项目进展', 'en-US': 'Reported project progress' },
  'attachment.create': { 'zh-CN': '上传附件', 'en-US': 'Uploaded an attachment' },
  'contest.create': { 'zh-CN': '新建评比', 'en-US': 'Opened a contest' },
  'contest.rubric': { 'zh-CN': '修改评分细则', 'en-US': 'Changed a contest rubric' },
  'contest.entries.add': { 'zh-CN': '添加参评项目', 'en-US': 'Added contest entries' },
  'contest.judge.add': { 'zh-CN': '添加评委', 'en-US': 'Added a judge' },
  'contest.judge.remove': { 'zh-CN': '移除评委', 'en-US': 'Removed a judge' },
  'contest.score.create': { 'zh-CN': '评委打分', 'en-US': 'Scored an entry' },
  'contest.score.update': { 'zh-CN': '评委改分', 'en-US': 'Changed a score' },
  'contest.close': { 'zh-CN': '结束评比', 'en-US': 'Closed a contest' },
  'contest.publish': { 'zh-CN': '公布评比结果', 'en-US': 'Published contest results' },
  'seed.cluster': { 'zh-CN': '载入集群演示数据', 'en-US': 'Loaded the cluster demo data' },
} as const satisfies LabelMap;
