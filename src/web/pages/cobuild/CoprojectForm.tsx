/**
 * The office makes a co-building project (联建项目): from a need (chosen here, or the need whose page it is on) with one
 * of the resources linked to it, or from a decided agenda item; the member units taking part, the owner org (the joint
 * meeting's lead org unless another member org is chosen), dates, goals and milestones. The project then runs on the
 * cluster's project page (milestones, progress reports with photos).
 */
import { Button, Col, Flex, Form, Input, Row, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FormModal } from '../../components/FormModal.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { cobuildApi } from './api.ts';
import { coprojectsApi, type Coproject } from './coprojects-api.ts';
import { meetingsApi } from './meetings-api.ts';
import { resourcesApi } from './resources-api.ts';

interface Values {
  needId?: string; resourceId?: string; title: string; ownerOrgId?: string; unitIds: string[]; goals?: string;
  startOn: string; endOn: string; milestones: { title: string; dueOn: string }[];
}

const FIELDS = ['needId', 'resourceId', 'agendaItemId', 'title', 'ownerOrgId', 'unitIds', 'goals', 'startOn', 'endOn', 'milestones'] as const;

export function CoprojectForm({ allianceId, need, item, onClose, onSaved }: {
  allianceId: string;
  /** the need whose page this is on (else the office picks one, unless the project comes from an item) */
  need?: { id: string; title: string; unitId: string | null };
  item?: { id: string; title: string; decision: string | null };
  onClose: () => void;
  onSaved: (p: Coproject) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const joint = useQuery(`jm-joint:${allianceId}`, (s) => meetingsApi.joint(allianceId, s));
  const needs = useQuery(`coproject-needs:${allianceId}:${!need && !item}`, (s) => (need || item ? Promise.resolve(null) : cobuildApi.needs({ allianceId, page: 1, pageSize: 100 }, s)));
  const chosenNeed = Form.useWatch('needId', form) ?? need?.id;
  const linked = useQuery(`coproject-resources:${chosenNeed ?? ''}`, (s) => (chosenNeed ? resourcesApi.forNeed(chosenNeed, s) : Promise.resolve(null)));
  const members = joint.data?.members ?? [];
  const required = [{ required: true, message: t('needs.form.required') }];
  return (
    <FormModal<Values>
      title={t('coproject.new')} form={form} fields={FIELDS} testId="coproject-form" formTestId="coproject-form" width={720} onClose={onClose}
      initialValues={{ title: need?.title ?? item?.title ?? '', unitIds: need?.unitId ? [need.unitId] : [], milestones: [], goals: item?.decision ?? '' }}
      onSubmit={async (v) => onSaved(await coprojectsApi.create({
        allianceId, needId: need?.id ?? v.needId ?? null, agendaItemId: item?.id ?? null, resourceId: v.resourceId ?? null,
        title: v.title, ownerOrgId: v.ownerOrgId ?? null, unitIds: v.unitIds ?? [], goals: v.goals ?? '', startOn: v.startOn, endOn: v.endOn,
        milestones: (v.milestones ?? []).filter((m) => m?.title),
      }))}
    >
      {item && <Form.Item label={t('coproject.fromItem')}><Input value={item.title} disabled /></Form.Item>}
      {need && <Form.Item label={t('coproject.fromNeed')}><Input value={need.title} disabled /></Form.Item>}
      {!need && !item && (
        <Form.Item name="needId" label={t('coproject.need')} rules={required}>
          <Select showSearch optionFilterProp="label" loading={needs.loading} data-testid="coproject-need"
            options={(needs.data?.items ?? []).filter((n) => ['accepted', 'published', 'confirmed', 'rated'].includes(n.status)).map((n) => ({ value: n.id, label: n.title }))}
            onChange={(id: string) => form.setFieldsValue({ resourceId: undefined, title: form.getFieldValue('title') || needs.data?.items.find((n) => n.id === id)?.title })} />
        </Form.Item>
      )}
      {chosenNeed && (
        <Form.Item name="resourceId" label={t('coproject.resource')} extra={t('coproject.resourceHint')}>
          <Select allowClear loading={linked.loading} data-testid="coproject-resource"
            options={(linked.data?.linked ?? []).map((r) => ({ value: r.id, label: `${r.title}（${r.partyName}）` }))} />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('coproject.title')} rules={required}><Input maxLength={100} data-testid="coproject-title" /></Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="ownerOrgId" label={t('coproject.owner')} extra={t('coproject.ownerHint')}>
            <Select allowClear options={members.filter((m) => m.orgId).map((m) => ({ value: m.orgId!, label: m.partyName }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="unitIds" label={t('coproject.units')}>
            <Select mode="multiple" optionFilterProp="label" data-testid="coproject-units"
              options={members.filter((m) => m.unitId).map((m) => ({ value: m.unitId!, label: m.partyName }))} />
          </Form.Item>
        </Col>
        <Col xs={12}><Form.Item name="startOn" label={t('coproject.startOn')} rules={required}><Input type="date" data-testid="coproject-start" /></Form.Item></Col>
        <Col xs={12}><Form.Item name="endOn" label={t('coproject.endOn')} rules={required}><Input type="date" data-testid="coproject-end" /></Form.Item></Col>
      </Row>
      <Form.Item name="goals" label={t('coproject.goals')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Form.List name="milestones">
        {(fields, { add, remove }) => (
          <Flex vertical gap={0}>
            {fields.map((f) => (
              <Row gutter={8} key={f.key}>
                <Col xs={13}><Form.Item name={[f.name, 'title']} label={t('coproject.milestone')} rules={required}><Input maxLength={100} data-testid="coproject-ms-title" /></Form.Item></Col>
                <Col xs={8}><Form.Item name={[f.name, 'dueOn']} label={t('coproject.dueOn')} rules={required}><Input type="date" data-testid="coproject-ms-due" /></Form.Item></Col>
                <Col xs={3}><Form.Item label=" "><Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('coproject.remove')} title={t('coproject.remove')} /></Form.Item></Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} disabled={fields.length >= 50} onClick={() => add({ title: '', dueOn: '' })} data-testid="coproject-ms-add" style={{ alignSelf: 'flex-start' }}>
              {t('coproject.addMilestone')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </FormModal>
  );
}
