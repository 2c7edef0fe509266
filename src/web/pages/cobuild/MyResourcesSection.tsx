/**
 * On a liaison's `/my-needs` page (phone-sized): the resources its unit (or org) offers to the joint meeting — offer one,
 * see how many needs it serves, withdraw it.
 */
import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { FormModal } from '../../components/FormModal.tsx';
import { TagsInput } from '../../components/TagsInput.tsx';
import { enumOptions } from '../../components/labels.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { NEED_CATEGORY_LIST, type NeedCategory } from './api.ts';
import { meetingsApi } from './meetings-api.ts';
import { ResourceLine } from './NeedResourcesCard.tsx';
import { resourcesApi } from './resources-api.ts';

interface Values { title: string; category: NeedCategory; quantity: number; conditions?: string; availableUntil?: string; visibility: 'alliance' | 'region'; description?: string; tags?: string[] }

export function MyResourcesSection() {
  const t = useT();
  const { message } = App.useApp();
  const joints = useQuery('res-my-joints', (s) => meetingsApi.joints(s));
  const list = useQuery('res-mine', (s) => resourcesApi.list({ mine: '1' }, s));
  const [open, setOpen] = useState(false);
  const joint = (joints.data ?? []).find((j) => j.myParties.length);
  if (!joint) return null;
  const party = joint.myParties[0];
  const withdraw = async (id: string) => {
    try { await resourcesApi.update(id, { withdrawn: true }); message.success(t('jm.saved')); list.reload(); } catch (e) { message.error(e instanceof Error ? e.message : String(e)); }
  };
  return (
    <Flex vertical gap={12} data-testid="res-mine">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('res.mine')}</Typography.Title>
        <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="res-new">{t('res.offer')}</Button>
      </Flex>
      {(list.data ?? []).map((r) => (
        <Card key={r.id} size="small" data-testid="res-item">
          <ResourceLine r={r} />
          <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
            <Typography.Text type="secondary">{t('res.servesIs', { n: r.needs })}</Typography.Text>
            {r.mayUpdate && !r.withdrawn && <Button size="small" onClick={() => void withdraw(r.id)}>{t('res.withdraw')}</Button>}
          </Flex>
        </Card>
      ))}
      {list.data && !list.data.length && <Typography.Text type="secondary">{t('jm.none')}</Typography.Text>}
      {open && (
        <FormModal<Values> title={`${t('res.offer')} · ${party.partyName}`} testId="res-form" onClose={() => setOpen(false)}
          fields={['title', 'category', 'quantity', 'conditions', 'availableUntil', 'visibility', 'description']}
          initialValues={{ category: 'venue', quantity: 1, visibility: 'alliance' }}
          onSubmit={async (v) => {
            await resourcesApi.create({
              allianceId: joint.id, unitId: party.unitId, orgId: party.orgId, title: v.title, category: v.category, quantity: v.quantity,
              conditions: v.conditions ?? '', availableUntil: v.availableUntil || null, visibility: v.visibility, description: v.description ?? '',
              tags: v.tags ?? [],
            });
            message.success(t('jm.saved'));
            setOpen(false);
            list.reload();
          }}>
          <Form.Item name="title" label={t('res.f.title')} rules={[{ required: true, message: t('needs.form.required') }]}><Input maxLength={100} data-testid="res-title" /></Form.Item>
          <Form.Item name="category" label={t('needs.form.category')}><Select options={enumOptions(t, 'need.category', NEED_CATEGORY_LIST)} data-testid="res-category" /></Form.Item>
          <Form.Item name="quantity" label={t('res.f.quantity')} rules={[{ required: true, message: t('needs.form.required') }]}><InputNumber min={1} max={100000} data-testid="res-quantity" /></Form.Item>
          <Form.Item name="conditions" label={t('res.f.conditions')}><Input maxLength={500} /></Form.Item>
          <Form.Item name="availableUntil" label={t('res.f.until')}><Input type="date" /></Form.Item>
          <Form.Item name="visibility" label={t('needs.form.visibility')}>
            <Select options={[{ value: 'alliance', label: t('need.visibility.alliance') }, { value: 'region', label: t('need.visibility.region') }]} />
          </Form.Item>
          <Form.Item name="tags" label={t('res.f.tags')} extra={t('res.f.tagsHint')}><TagsInput testId="res-tags" /></Form.Item>
          <Form.Item name="description" label={t('needs.form.description')}><Input.TextArea maxLength={2000} rows={3} /></Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}
