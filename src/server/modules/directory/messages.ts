import { addMessages, type Locale } from '../../platform/messages.ts';
import { IMPORT_MESSAGES } from './member-import.ts';
import { MEMBER_MESSAGES } from './member-rules.ts';
import { REGISTRATION_MESSAGES } from './registration-guard.ts';

/** The directory capability's error and field messages (zh-CN and en-US). */
export const directoryMessages = {
  ...MEMBER_MESSAGES,
  ...IMPORT_MESSAGES,
  ...REGISTRATION_MESSAGES,
  'org.region_mismatch': { 'zh-CN': '上级组织不在该区域', 'en-US': 'the parent organisation is in another region' },
  'org.term_order': { 'zh-CN': '届满日期不能早于换届日期', 'en-US': 'the term cannot end before it starts' },
  'org.use_move': { 'zh-CN': '调整上级组织请使用"移动"操作', 'en-US': 'use the move action to change the parent' },
  'org.kind_nesting': { 'zh-CN': '“{parent}”下不能设这一类组织（党支部下不设组织，党总支下只设党支部）', 'en-US': '"{parent}" cannot hold an organisation of this kind (a branch holds none, a general branch only branches)' },
  'org.cycle': { 'zh-CN': '不能把组织移到它自己或它的下级组织之下', 'en-US': 'an organisation cannot move under itself or one of its own sub-organisations' },
  ORG_CYCLE: { 'zh-CN': '组织树中不能出现循环', 'en-US': 'The organisation tree cannot contain a cycle.' },
  MEMBER_DUPLICATE_ID: { 'zh-CN': '身份证号重复', 'en-US': 'Duplicate ID number.' },
  UNIT_DUPLICATE_NAME: { 'zh-CN': '单位名称重复', 'en-US': 'Duplicate unit name.' },
  ALLIANCE_DUPLICATE_NAME: { 'zh-CN': '名称重复', 'en-US': 'Duplicate name.' },
  'unit.duplicate_name': { 'zh-CN': '本区域已有同名单位', 'en-US': 'a unit of this name exists in the region' },
  'alliance.duplicate_name': { 'zh-CN': '本区域已有同名联建组织', 'en-US': 'an alliance of this name exists in the region' },
  'unit.not_found': { 'zh-CN': '单位不存在或不在本区域', 'en-US': 'no such unit in this region' },
  'user.not_found': { 'zh-CN': '用户不存在', 'en-US': 'no such user' },
} satisfies Record<string, Record<Locale, string>>;

addMessages(directoryMessages);
