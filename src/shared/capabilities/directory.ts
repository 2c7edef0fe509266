import type { LabelMap } from './labels.ts';

export const DIRECTORY_PERMISSIONS = {
  'directory.read': { 'zh-CN': '查看组织、单位与联盟', 'en-US': 'Read organisations, units and alliances' },
  'directory.write': { 'zh-CN': '维护组织、单位与联盟', 'en-US': 'Edit organisations, units and alliances' },
  'members.read': { 'zh-CN': '查看党员名册', 'en-US': 'Read the member roster' },
  'members.write': { 'zh-CN': '维护党员名册', 'en-US': 'Edit the member roster' },
  'members.pii': { 'zh-CN': '查看完整身份证号和手机号', 'en-US': 'See full ID numbers and phones' },
} as const satisfies LabelMap;

export const DIRECTORY_AUDIT_ACTIONS = {
  'org.create': { 'zh-CN': '新建组织', 'en-US': 'Created an organisation' },
  'org.update': { 'zh-CN': '修改组织', 'en-US': 'Updated an organisation' },
  'org.move': { 'zh-CN': '调整组织隶属', 'en-US': 'Moved an organisation' },
  'org.export': { 'zh-CN': '导出党组织列表', 'en-US': 'Exported the organisation list' },
  'unit.create': { 'zh-CN': '新建单位', 'en-US': 'Created a unit' },
  'unit.update': { 'zh-CN': '修改单位', 'en-US': 'Updated a unit' },
  'unit.export': { 'zh-CN': '导出共建单位列表', 'en-US': 'Exported the unit list' },
  'alliance.create': { 'zh-CN': '新建联盟', 'en-US': 'Created an alliance' },
  'alliance.update': { 'zh-CN': '修改联盟', 'en-US': 'Updated an alliance' },
  'alliance.add_members': { 'zh-CN': '联盟加入成员', 'en-US': 'Added alliance members' },
  'alliance.remove_members': { 'zh-CN': '联盟移出成员', 'en-US': 'Removed alliance members' },
  'member.create': { 'zh-CN': '新增党员', 'en-US': 'Added a member' },
  'member.update': { 'zh-CN': '修改党员信息', 'en-US': 'Updated a member' },
  'member.advance': { 'zh-CN': '党员发展阶段变更', 'en-US': 'Advanced a member\'s stage' },
  'member.transfer': { 'zh-CN': '组织关系转出', 'en-US': 'Transferred a member' },
  'member.transfer_in': { 'zh-CN': '组织关系转入', 'en-US': 'Received a transferred member' },
  'member.import_create': { 'zh-CN': '导入新增党员', 'en-US': 'Imported a new member' },
  'member.import_update': { 'zh-CN': '导入更新党员', 'en-US': 'Updated a member by import' },
  'member.export': { 'zh-CN': '导出党员名册', 'en-US': 'Exported the member roster' },
  'member.registration_refused': { 'zh-CN': '拒绝登记（身份证号已在别处登记）', 'en-US': 'Refused a registration (ID number held elsewhere)' },
  'seed.demo': { 'zh-CN': '载入演示数据', 'en-US': 'Loaded the demo data' },
} as const satisfies LabelMap;
