/**
 * Add a member (POST) or edit one (PATCH of the changed fields). Before sending, the body is checked with the
 * contract and rules the server applies (src/shared/member-rules.ts): every field's problem shows at once, and the
 * server's field errors land on their fields the same way. Birth date and gender follow a valid ID number as typed.
 */
import { App, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { parseIdNumber } from '../../../shared/idcard.ts';
import { checkMemberInput, checkMemberUpdate, MEMBER_MESSAGES, requiredDates, type MemberFacts, type Problem } from '../../../shared/member-rules.ts';
import { ApiError } from '../../api.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { fromDay, toDay, todayIso } from '../../format.ts';
import { useIsMobile } from '../../hooks.ts';
import { useLocale, useT, type Locale, type TFunction } from '../../i18n.ts';
import { STAGE_LIST, STATUS_LIST, TAG_SUGGESTIONS, directoryApi, type Member, type MemberCreate, type MemberPatch, type MemberStage } from './api.ts';

interface Values {
  orgId?: string;
  name?: string;
  gender?: 'M' | 'F';
  ethnicity?: string;
  birthDate?: Dayjs | null;
  idNumber?: string;
  education?: string;
  occupation?: string;
  phone?: string;
  address?: string;
  stage?: MemberStage;
  appliedOn?: Dayjs | null;
  activistOn?: Dayjs | null;
  candidateOn?: Dayjs | null;
  joinedOn?: Dayjs | null;
  fullOn?: Dayjs | null;
  status?: string;
  tags?: string[];
}
const FIELDS = [
  'orgId', 'name', 'gender', 'ethnicity', 'birthDate', 'idNumber', 'education', 'occupation', 'phone', 'address', 'stage',
  'appliedOn', 'activistOn', 'candidateOn', 'joinedOn', 'fullOn', 'status', 'tags',
] as const;
const DATES = ['birthDate', 'appliedOn', 'activistOn', 'candidateOn', 'joinedOn', 'fullOn'] as const;
const TEXTS = ['name', 'ethnicity', 'idNumber', 'education', 'occupation', 'phone', 'address'] as const;

function toBody(v: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of TEXTS) body[f] = v[f]?.trim() || null;
  for (const f of DATES) body[f] = fromDay(v[f]);
  body.gender = v.gender;
  body.status = v.status;
  body.tags = v.tags ?? [];
  if (v.orgId) body.orgId = v.orgId;
  if (v.stage) body.stage = v.stage;
  return body;
}

/** A problem's words: the rules' own message in the reader's language; a missing value is "required". */
function problemText(p: Problem, body: Record<string, unknown>, locale: Locale, t: TFunction): string {
  const v = body[p.field];
  if (p.message === 'field.required' || (p.message.startsWith('field.') && (v === null || v === undefined || v === ''))) return t('dir.required');
  const entry = (MEMBER_MESSAGES as Record<string, Record<Locale, string> | undefined>)[p.message];
  if (!entry) return t('dir.invalidValue');
  return entry[locale].replace(/\{(\w+)\}/g, (_m, k: string) => String(p.vars?.[k] ?? ''));
}

/** The problems as the error a refused save throws (FormModal puts each on its field). */
function problemsError(problems: Problem[], body: Record<string, unknown>, locale: Locale, t: TFunction): ApiError {
  return new ApiError({
    code: 'VALIDATION_FAILED', status: 400, message: t('dir.checkFields'),
    details: problems.map((p) => ({ field: p.field, message: problemText(p, body, locale, t) })),
  });
}

export function MemberFormModal({ member, defaultOrgId, onClose, onSaved }: {
  member?: Member;
  defaultOrgId?: string;
  onClose: () => void;
  onSaved: (m: Member) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const initial: Values = member
    ? {
        ...member,
        ethnicity: member.ethnicity ?? undefined, education: member.education ?? undefined, occupation: member.occupation ?? undefined,
        phone: member.phone ?? undefined, address: member.address ?? undefined,
        birthDate: toDay(member.birthDate), appliedOn: toDay(member.appliedOn), activistOn: toDay(member.activistOn),
        candidateOn: toDay(member.candidateOn), joinedOn: toDay(member.joinedOn), fullOn: toDay(member.fullOn),
        status: member.status,
      }
    : { orgId: defaultOrgId, gender: 'M', stage: 'full', status: 'normal', ethnicity: '汉族', tags: [] };
  const stage = Form.useWatch('stage', form);
  const required = new Set<string>(requiredDates(member?.stage ?? stage));

  const submit = async (v: Values) => {
    let saved: Member;
    if (member) {
      // Only what changed: a masked ID number or phone the reader cannot see is never sent back.
      const before = toBody(initial);
      const after = toBody(v);
      delete after.orgId;
      delete after.stage;
      const patch = Object.fromEntries(Object.entries(after).filter(([k, val]) => JSON.stringify(val) !== JSON.stringify(before[k])));
      // the record as it is, for the rules; masked values (ID number, birth date) are not judged
      const facts: MemberFacts = {
        ...(before as MemberFacts), stage: member.stage,
        ...(member.pii ? {} : { idNumber: undefined, birthDate: undefined }),
      };
      const checked = checkMemberUpdate(patch, todayIso(), facts);
      if (checked.problems.length) throw problemsError(checked.problems, patch, locale, t);
      saved = Object.keys(patch).length ? await directoryApi.updateMember(member.id, patch as MemberPatch) : member;
    } else {
      const body = toBody(v);
      for (const k of Object.keys(body)) if (body[k] === null && (k === 'name' || k === 'idNumber' || k === 'birthDate')) delete body[k];
      const checked = checkMemberInput(body, todayIso());
      if (checked.problems.length) throw problemsError(checked.problems, body, locale, t);
      saved = await directoryApi.createMember(body as MemberCreate);
    }
    message.success(t('dir.saved'));
    onSaved(saved);
  };

  const col = (node: React.ReactNode) => <Col xs={24} sm={12}>{node}</Col>;
  const stageIndex = STAGE_LIST.indexOf(member?.stage ?? stage ?? 'full');
  // required marks only: every check runs at once on save (shared rules), never field by field in rounds
  const date = (name: (typeof DATES)[number], label: string, show = true) =>
    show && col(
      <Form.Item name={name} label={label} required={name === 'birthDate' || required.has(name)}>
        <DatePicker style={{ width: '100%' }} inputReadOnly={isMobile} data-testid={`member-form-${name}`} />
      </Form.Item>,
    );

  return (
    <FormModal<Values>
      form={form}
      width={isMobile ? '100%' : 760}
      title={member ? t('dir.member.edit') : t('dir.member.create')}
      onClose={onClose}
      onSubmit={submit}
      fields={FIELDS}
      initialValues={initial}
      okText={t('dir.save')}
      cancelText={t('dir.cancel')}
      testId="member-form"
      formTestId="member-form"
      formProps={{
        preserve: true,
        // a valid ID number says the birth date and the gender: filled in as it is typed
        onValuesChange: (changed: Partial<Values>) => {
          if (typeof changed.idNumber !== 'string') return;
          const id = parseIdNumber(changed.idNumber);
          if (id.ok) {
            form.setFieldsValue({ birthDate: dayjs(id.info.birthDate), gender: id.info.gender });
            form.setFields([{ name: 'birthDate', errors: [] }, { name: 'gender', errors: [] }, { name: 'idNumber', errors: [] }]);
          }
        },
      }}
    >
      <Row gutter={12}>
        {!member && col(
          <Form.Item name="orgId" label={t('dir.member.org')} required>
            <OrgTreeSelect style={{ width: '100%' }} testId="member-form-orgId" />
          </Form.Item>,
        )}
        {col(
          <Form.Item name="name" label={t('dir.member.name')} required>
            <Input maxLength={50} data-testid="member-form-name" />
          </Form.Item>,
        )}
        {col(
          <Form.Item name="gender" label={t('dir.member.gender')} required>
            <Select options={enumOptions(t, 'dir.gender', ['M', 'F'])} data-testid="member-form-gender" />
          </Form.Item>,
        )}
        {col(
          <Form.Item name="idNumber" label={t('dir.member.idNumber')} required>
            <Input maxLength={30} data-testid="member-form-idNumber" />
          </Form.Item>,
        )}
        {date('birthDate', t('dir.member.birthDate'))}
        {col(<Form.Item name="ethnicity" label={t('dir.member.ethnicity')}><Input maxLength={20} /></Form.Item>)}
        {col(<Form.Item name="education" label={t('dir.member.education')}><Input maxLength={30} /></Form.Item>)}
        {col(<Form.Item name="occupation" label={t('dir.member.occupation')}><Input maxLength={50} /></Form.Item>)}
        {col(<Form.Item name="phone" label={t('dir.member.phone')}><Input maxLength={20} inputMode="tel" data-testid="member-form-phone" /></Form.Item>)}
        <Col span={24}>
          <Form.Item name="address" label={t('dir.member.address')}><Input maxLength={200} /></Form.Item>
        </Col>
        {!member && col(
          <Form.Item name="stage" label={t('dir.member.stage')} required>
            <Select options={enumOptions(t, 'dir.stage', STAGE_LIST)} data-testid="member-form-stage" />
          </Form.Item>,
        )}
        {col(
          <Form.Item name="status" label={t('dir.member.status')}>
            <Select options={enumOptions(t, 'dir.status', STATUS_LIST.filter((s) => s !== 'transferred_out'))} disabled={member?.status === 'transferred_out'} />
          </Form.Item>,
        )}
        {date('appliedOn', t('dir.stageDate.applicant'))}
        {date('activistOn', t('dir.stageDate.activist'), stageIndex >= 1)}
        {date('candidateOn', t('dir.stageDate.candidate'), stageIndex >= 2)}
        {date('joinedOn', t('dir.stageDate.probationary'), stageIndex >= 3)}
        {date('fullOn', t('dir.stageDate.full'), stageIndex >= 4)}
        <Col span={24}>
          <Form.Item name="tags" label={t('dir.member.tags')}>
            <Select mode="tags" options={TAG_SUGGESTIONS.map((x) => ({ value: x, label: enumLabel(t, 'dir.tag', x) }))} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
