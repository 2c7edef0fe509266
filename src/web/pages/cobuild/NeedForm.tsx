/** Raising a need: the office for a member unit of its joint meeting, a liaison for its unit, a secretary for its org. */
import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Select } from 'antd';
import { FormModal } from '../../components/FormModal.tsx';
import { TagsInput } from '../../components/TagsInput.tsx';
import { enumOptions } from '../../components/labels.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { cobuildApi, needAlliances, NEED_CATEGORY_LIST, NEED_VISIBILITY_LIST, type NeedCategory, type NeedDetail, type NeedVisibility } from './api.ts';

interface Values { allianceId: string; category: NeedCategory; title: string; description?: string; quantity: number; wantedBy?: string; visibility: NeedVisibility; unitId?: string; tags?: string[] }

export function NeedForm({ allianceId, unitId, orgId, onClose, onSaved }: {
  allianceId?: string; unitId?: string; orgId?: string; onClose: () => void; onSaved: (n: NeedDetail) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch('allianceId', form) ?? allianceId;
  const alliances = useQuery('need-alliances', (signal) => needAlliances(signal));
  const units = useQuery(`need-units:${chosen ?? ''}`, (signal) =>
    !unitId && !orgId && chosen ? directoryApi.units({ allianceId: chosen, pageSize: 500 }, signal) : Promise.resolve(null));
  const first = alliances.data?.items[0]?.id;
  useEffect(() => { if (first && !form.getFieldValue('allianceId')) form.setFieldValue('allianceId', first); }, [first, form]);
  return (
    <FormModal<Values>
      title={t('needs.new')} form={form} testId="need-form"
      fields={['allianceId', 'category', 'title', 'description', 'quantity', 'wantedBy', 'visibility', 'unitId', 'tags']}
      initialValues={{ allianceId: allianceId ?? first, category: 'jobs', quantity: 1, visibility: 'alliance', unitId }}
      onClose={onClose}
      onSubmit={async (v) => {
        const n = await cobuildApi.createNeed({
          allianceId: v.allianceId ?? allianceId ?? first, category: v.category, title: v.title, description: v.description ?? '', quantity: v.quantity,
          wantedBy: v.wantedBy || null, visibility: v.visibility, unitId: orgId ? null : (unitId ?? v.unitId ?? null), orgId: orgId ?? null, tags: v.tags ?? [],
        });
        message.success(t('needs.saved'));
        onSaved(n);
      }}
    >
      {!allianceId && (
        <Form.Item name="allianceId" label={t('needs.form.alliance')} rules={[{ required: true, message: t('needs.form.required') }]}>
          <Select loading={alliances.loading} options={(alliances.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} data-testid="need-alliance" />
        </Form.Item>
      )}
      {!unitId && !orgId && (
        <Form.Item name="unitId" label={t('needs.form.party')} rules={[{ required: true, message: t('needs.form.required') }]}>
          <Select showSearch optionFilterProp="label" loading={units.loading} data-testid="need-unit"
            options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('needs.form.title')} rules={[{ required: true, message: t('needs.form.required') }]}><Input maxLength={100} data-testid="need-title" /></Form.Item>
      <Form.Item name="category" label={t('needs.form.category')}><Select options={enumOptions(t, 'need.category', NEED_CATEGORY_LIST)} /></Form.Item>
      <Form.Item name="quantity" label={t('needs.form.quantity')} rules={[{ required: true, message: t('needs.form.required') }]}><InputNumber min={1} max={1000} data-testid="need-quantity" /></Form.Item>
      <Form.Item name="wantedBy" label={t('needs.form.wantedBy')}><Input type="date" /></Form.Item>
      <Form.Item name="visibility" label={t('needs.form.visibility')}><Select options={enumOptions(t, 'need.visibility', NEED_VISIBILITY_LIST)} /></Form.Item>
      <Form.Item name="tags" label={t('res.f.tags')} extra={t('res.f.tagsHint')}><TagsInput testId="need-tags" /></Form.Item>
      <Form.Item name="description" label={t('needs.form.description')}><Input.TextArea maxLength={2000} rows={3} /></Form.Item>
    </FormModal>
  );
}
