import type { z } from 'zod';
import { addYears } from './dates.ts';
import { MEMBER_STAGES, MemberInput, MemberUpdate, type MemberStage } from './directory.ts';
import { parseIdNumber } from './idcard.ts';

/**
 * The rules of a member record, shared by the server (create, update, roster import) and the web form (checked
 * before sending, and as the ID number is typed): every problem of a body is found in one pass.
 */

/** A problem with one field: `message` is a message key (MEMBER_MESSAGES, or the platform's `field.*`). */
export interface Problem { field: string; message: string; vars?: Record<string, unknown>; code?: string; [k: string]: unknown }

const problem = (field: string, message: string, vars?: Record<string, unknown>): Problem => ({ field, message, ...(vars ? { vars } : {}) });

/** What the rules look at; a field left out (absent, or invalid on its own) is not judged by the rules. */
export interface MemberFacts {
  name?: string;
  gender?: 'M' | 'F';
  birthDate?: string | null;
  idNumber?: string | null;
  stage?: MemberStage;
  appliedOn?: string | null;
  activistOn?: string | null;
  candidateOn?: string | null;
  joinedOn?: string | null;
  fullOn?: string | null;
}

export const STAGE_DATE: Record<MemberStage, 'appliedOn' | 'activistOn' | 'candidateOn' | 'joinedOn' | 'fullOn'> = {
  applicant: 'appliedOn', activist: 'activistOn', candidate: 'candidateOn', probationary: 'joinedOn', full: 'fullOn',
};

export const stageIndex = (s: MemberStage) => MEMBER_STAGES.indexOf(s);
export const nextStage = (s: MemberStage): MemberStage | null => MEMBER_STAGES[stageIndex(s) + 1] ?? null;
export const categoryOf = (s: MemberStage) => (s === 'full' ? 'full' : s === 'probationary' ? 'probationary' : null);

/** The dates a member at this stage must have (the form marks them required). */
export function requiredDates(stage: MemberStage | undefined): (typeof STAGE_DATE)[MemberStage][] {
  if (!stage) return [];
  const out = [STAGE_DATE[stage]];
  if (stage === 'candidate') out.push('activistOn');
  if (stage === 'full') out.push('joinedOn');
  return out;
}

/**
 * Every rule a member record must keep: a valid ID number that agrees with birth date and gender, and
 * development dates in a possible order and interval. Returns field problems (message keys), empty if fine.
 */
export function checkMember(m: MemberFacts, today: string): Problem[] {
  const errs: Problem[] = [];
  if (m.idNumber) {
    const id = parseIdNumber(m.idNumber);
    if (!id.ok) errs.push(problem('idNumber', id.problem));
    else {
      if (m.birthDate && id.info.birthDate !== m.birthDate) errs.push(problem('idNumber', 'id.birth_mismatch', { birthDate: id.info.birthDate }));
      if (m.gender && id.info.gender !== m.gender) errs.push(problem('idNumber', 'id.gender_mismatch'));
    }
  }
  if (m.birthDate && m.birthDate > today) errs.push(problem('birthDate', 'date.future'));

  const idx = m.stage ? stageIndex(m.stage) : -1;
  // the date of the current stage is required; dates of later stages must be empty
  MEMBER_STAGES.forEach((s, i) => {
    const key = STAGE_DATE[s];
    const v = m[key];
    if (idx >= 0 && i === idx && !v) errs.push(problem(key, 'member.stage_date_required'));
    if (idx >= 0 && i > idx && v) errs.push(problem(key, 'member.date_beyond_stage'));
    if (v && v > today) errs.push(problem(key, 'date.future'));
  });
  const { appliedOn, activistOn, candidateOn, joinedOn, fullOn } = m;
  if (appliedOn && activistOn && activistOn < appliedOn) errs.push(problem('activistOn', 'member.activist_before_applied'));
  if (idx >= stageIndex('candidate') && idx < stageIndex('probationary') && !activistOn) {
    errs.push(problem('activistOn', 'member.activist_required'));
  }
  if (activistOn && candidateOn && candidateOn < addYears(activistOn, 1)) {
    errs.push(problem('candidateOn', 'member.candidate_too_soon', { earliest: addYears(activistOn, 1) }));
  }
  if (candidateOn && joinedOn && joinedOn < candidateOn) errs.push(problem('joinedOn', 'member.joined_before_candidate'));
  if (joinedOn && m.birthDate && joinedOn < addYears(m.birthDate, 18)) errs.push(problem('joinedOn', 'member.joined_under_18'));
  if (joinedOn && fullOn) {
    if (fullOn < joinedOn) errs.push(problem('fullOn', 'member.full_before_join'));
    else if (fullOn < addYears(joinedOn, 1)) errs.push(problem('fullOn', 'member.probation_one_year', { earliest: addYears(joinedOn, 1) }));
  }
  if (idx === stageIndex('full') && !joinedOn) errs.push(problem('joinedOn', 'member.stage_date_required'));
  return errs;
}

type Issue = z.core.$ZodIssue;

/** A zod issue as a field problem with a message key (the same keys the server's error answer uses). */
function issueProblems(issue: Issue, body: unknown): Problem[] {
  const field = issue.path.map(String).join('.');
  const top = issue.path[0];
  const present = top === undefined || (body !== null && typeof body === 'object' && (body as Record<PropertyKey, unknown>)[top as PropertyKey] !== undefined);
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ field: field ? `${field}.${k}` : k, message: 'field.unknown', code: 'unknown_field' }));
  if (!present) return [{ field, message: 'field.required', code: 'required' }];
  switch (issue.code) {
    case 'invalid_type': return [{ field, message: 'field.type', vars: { expected: issue.expected }, code: 'invalid_type' }];
    case 'too_small': return [{ field, message: issue.message.startsWith('field.') ? issue.message : 'field.too_small', vars: { minimum: issue.minimum }, code: 'too_small' }];
    case 'too_big': return [{ field, message: 'field.too_big', vars: { maximum: issue.maximum }, code: 'too_big' }];
    case 'invalid_format': return [{ field, message: issue.message.startsWith('field.') ? issue.message : 'field.format', code: 'invalid_format' }];
    case 'invalid_value': return [{ field, message: 'field.enum', vars: { options: issue.values.map(String).join(', ') }, code: 'invalid_value' }];
    default: return [{ field, message: issue.message.startsWith('field.') ? issue.message : 'field.invalid', code: issue.code }];
  }
}

/** The fields of `body` that are valid on their own (parsed), whatever the others are. */
function validFields<S extends z.ZodObject>(schema: S, body: unknown): Partial<z.output<S>> {
  const out: Record<string, unknown> = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return out as Partial<z.output<S>>;
  for (const [k, s] of Object.entries(schema.shape)) {
    const v = (body as Record<string, unknown>)[k];
    if (v === undefined) continue;
    const r = (s as z.ZodType).safeParse(v);
    if (r.success && r.data !== undefined) out[k] = r.data;
  }
  return out as Partial<z.output<S>>;
}

export interface MemberCheck<T> {
  /** the parsed body, when the contract accepts it */
  value?: T;
  /** the fields valid on their own */
  fields: Partial<T>;
  /** every problem: the contract's, then the rules' over the valid fields (one problem per field at most from the rules) */
  problems: Problem[];
  /** some problem is the contract's (a malformed body: 400), not only a broken rule (422) */
  malformed: boolean;
}

function check<S extends z.ZodObject>(schema: S, body: unknown, today: string, before: MemberFacts): MemberCheck<z.output<S>> {
  const parsed = schema.safeParse(body);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((i) => issueProblems(i, body));
  const fields = parsed.success ? (parsed.data as Partial<z.output<S>>) : validFields(schema, body);
  const facts = { ...before, ...(fields as MemberFacts) };
  if (typeof facts.idNumber === 'string') facts.idNumber = facts.idNumber.trim().toUpperCase();
  const taken = new Set(problems.map((p) => p.field));
  for (const p of checkMember(facts, today)) {
    if (taken.has(p.field)) continue;
    problems.push(p);
  }
  return { value: parsed.success ? parsed.data : undefined, fields, problems, malformed: !parsed.success };
}

/** Every problem of a new member's body at once (POST /members and the web form's "add"). */
export const checkMemberInput = (body: unknown, today: string) => check(MemberInput, body, today, {});

/**
 * Every problem of a change to a member at once (PATCH /members/:id and the web form's "edit"): the rules are
 * judged on the record as it would be, `before` merged with the valid fields of the change.
 */
export const checkMemberUpdate = (body: unknown, today: string, before: MemberFacts) => check(MemberUpdate, body, today, before);

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
