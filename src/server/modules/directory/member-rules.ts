import type { MemberStage } from '../../../shared/directory.ts';
import { MEMBER_STAGES } from '../../../shared/directory.ts';
import { addYears } from '../../../shared/dates.ts';
import { fieldError, type ErrorDetail } from '../../platform/errors.ts';
import { parseIdNumber } from './idcard.ts';

export interface MemberFacts {
  name?: string;
  gender: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  stage: MemberStage;
  appliedOn?: string | null;
  activistOn?: string | null;
  candidateOn?: string | null;
  joinedOn?: string | null;
  fullOn?: string | null;
}

const STAGE_DATE: Record<MemberStage, keyof MemberFacts> = {
  applicant: 'appliedOn', activist: 'activistOn', candidate: 'candidateOn', probationary: 'joinedOn', full: 'fullOn',
};

export const stageIndex = (s: MemberStage) => MEMBER_STAGES.indexOf(s);
export const nextStage = (s: MemberStage): MemberStage | null => MEMBER_STAGES[stageIndex(s) + 1] ?? null;
export const categoryOf = (s: MemberStage) => (s === 'full' ? 'full' : s === 'probationary' ? 'probationary' : null);

/**
 * Every rule a member record must keep: a valid ID number that agrees with birth date and gender, and
 * development dates in a possible order and interval. Returns field errors (message keys), empty if fine.
 */
export function checkMember(m: MemberFacts, today: string): ErrorDetail[] {
  const errs: ErrorDetail[] = [];
  const id = parseIdNumber(m.idNumber);
  if (!id.ok) errs.push(fieldError('idNumber', id.problem));
  else {
    if (id.info.birthDate !== m.birthDate) errs.push(fieldError('idNumber', 'id.birth_mismatch', { birthDate: id.info.birthDate }));
    if (id.info.gender !== m.gender) errs.push(fieldError('idNumber', 'id.gender_mismatch'));
  }
  if (m.birthDate > today) errs.push(fieldError('birthDate', 'date.future'));

  const idx = stageIndex(m.stage);
  // the date of the current stage is required; dates of later stages must be empty
  MEMBER_STAGES.forEach((s, i) => {
    const key = STAGE_DATE[s];
    const v = m[key] as string | null | undefined;
    if (i === idx && !v) errs.push(fieldError(key, 'member.stage_date_required'));
    if (i > idx && v) errs.push(fieldError(key, 'member.date_beyond_stage'));
    if (v && v > today) errs.push(fieldError(key, 'date.future'));
  });
  const { appliedOn, activistOn, candidateOn, joinedOn, fullOn } = m;
  if (appliedOn && activistOn && activistOn < appliedOn) errs.push(fieldError('activistOn', 'member.activist_before_applied'));
  if (idx >= stageIndex('candidate') && idx < stageIndex('probationary') && !activistOn) {
    errs.push(fieldError('activistOn', 'member.activist_required'));
  }
  if (activistOn && candidateOn && candidateOn < addYears(activistOn, 1)) {
    errs.push(fieldError('candidateOn', 'member.candidate_too_soon', { earliest: addYears(activistOn, 1) }));
  }
  if (candidateOn && joinedOn && joinedOn < candidateOn) errs.push(fieldError('joinedOn', 'member.joined_before_candidate'));
  if (joinedOn && m.birthDate && joinedOn < addYears(m.birthDate, 18)) errs.push(fieldError('joinedOn', 'member.joined_under_18'));
  if (joinedOn && fullOn) {
    if (fullOn < joinedOn) errs.push(fieldError('fullOn', 'member.full_before_join'));
    else if (fullOn < addYears(joinedOn, 1)) errs.push(fieldError('fullOn', 'member.probation_one_year', { earliest: addYears(joinedOn, 1) }));
  }
  if (idx === stageIndex('full') && !joinedOn) errs.push(fieldError('joinedOn', 'member.stage_date_required'));
  return errs;
}

export { STAGE_DATE };

export const MEMBER_MESSAGES = {
  'id.length': { 'zh-CN': '身份证号应为 18 位', 'en-US': 'an ID number has 18 characters' },
  'id.chars': { 'zh-CN': '身份证号应为 17 位数字加 1 位数字或 X', 'en-US': 'an ID number is 17 digits and a digit or X' },
  'id.birth': { 'zh-CN': '身份证号中的出生日期无效', 'en-US': 'the birth date inside the ID number is not a date' },
  'id.check': { 'zh-CN': '身份证号校验位错误', 'en-US': 'the check digit of the ID number is wrong' },
  'id.birth_mismatch': { 'zh-CN': '身份证号中的出生日期（{birthDate}）与出生日期不一致', 'en-US': 'the ID number says born {birthDate}, which disagrees with the birth date' },
  'id.gender_mismatch': { 'zh-CN': '身份证号中的性别与性别不一致', 'en-US': 'the ID number disagrees with the gender' },
  'id.rounded_number': { 'zh-CN': '身份证号被存成了数字，Excel 已将其四舍五入，请将该列设为文本后重新录入', 'en-US': 'the ID number was stored as a number and Excel has rounded it; format the column as text and type it again' },
  'date.future': { 'zh-CN': '日期不能晚于今天', 'en-US': 'cannot be in the future' },
  'date.invalid': { 'zh-CN': '无法识别的日期', 'en-US': 'is not a recognisable date' },
  'member.stage_date_required': { 'zh-CN': '当前阶段的日期必填', 'en-US': 'the date of the current stage is required' },
  'member.date_beyond_stage': { 'zh-CN': '尚未到达该阶段，不能填写该日期', 'en-US': 'cannot be set before the member reaches that stage' },
  'member.activist_before_applied': { 'zh-CN': '确定积极分子日期不能早于申请入党日期', 'en-US': 'cannot be before the application date' },
  'member.activist_required': { 'zh-CN': '发展对象须先有确定积极分子日期', 'en-US': 'a development candidate needs the date they became an activist' },
  'member.candidate_too_soon': { 'zh-CN': '积极分子培养须满一年，最早 {earliest} 可列为发展对象', 'en-US': 'an activist needs a year before becoming a candidate; the earliest is {earliest}' },
  'member.joined_before_candidate': { 'zh-CN': '入党日期不能早于列为发展对象日期', 'en-US': 'cannot be before becoming a development candidate' },
  'member.joined_under_18': { 'zh-CN': '入党时须年满 18 周岁', 'en-US': 'a member must be at least 18 when joining' },
  'member.full_before_join': { 'zh-CN': '转正日期不能早于入党日期', 'en-US': 'full membership cannot be before joining' },
  'member.probation_one_year': { 'zh-CN': '预备期为一年，最早 {earliest} 可转正', 'en-US': 'probation lasts one year; the earliest full-membership date is {earliest}' },
  'member.duplicate_id': { 'zh-CN': '已有党员使用该身份证号', 'en-US': 'another member already has this ID number' },
  'member.duplicate_id_elsewhere': { 'zh-CN': '该身份证号的党员在其他区域，请办理组织关系转接', 'en-US': 'a member with this ID number belongs to another region; transfer them instead' },
  'member.wrong_next_stage': { 'zh-CN': '下一阶段应为 {expected}', 'en-US': 'the next stage must be {expected}' },
  'member.already_full': { 'zh-CN': '已是正式党员', 'en-US': 'already a full member' },
  'member.not_active': { 'zh-CN': '该党员已不在本组织（{status}）', 'en-US': 'the member is no longer active here ({status})' },
  'member.same_org': { 'zh-CN': '目标组织与当前组织相同', 'en-US': 'the member is already in that organisation' },
  'member.transfer_date': { 'zh-CN': '转接日期不能早于上一次转接或入库日期', 'en-US': 'cannot be before the previous transfer' },
  'org.not_found': { 'zh-CN': '组织不存在或不在您的管理范围内', 'en-US': 'no such organisation in your scope' },
  'field.phone': { 'zh-CN': '电话号码格式不正确', 'en-US': 'is not a valid phone number' },
} as const;
