import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, InputNumber, Select, Skeleton, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText, fieldErrors } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { thisYear } from '../../format.ts';
import { hasMessage, useT } from '../../i18n.ts';
import { clusterApi, type PledgeCategory } from './api.ts';

interface FormValues { year: number; category: string; content: string; isPublic: boolean }
const FIELDS = ['year', 'category', 'content', 'isPublic'] as const;
const STATUS_COLOR: Record<string, string> = { in_progress: 'processing', fulfilled: 'success', not_fulfilled: 'default' };

function PledgeForm({ categories, initial, submitLabel, onSubmit, onCancel }: {
  categories: PledgeCategory[]; initial: FormValues; submitLabel: string;
  onSubmit: (v: FormValues) => Promise<void>; onCancel?: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={async (v) => {
        setBusy(true);
        setError(null);
        try {
          await onSubmit(v);
        } catch (err) {
          setError(errorText(err, t));
          form.setFields(fieldErrors(err, FIELDS));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Flex gap={8}>
        <Form.Item name="year" label={t('pledge.year')} style={{ width: 110 }}>
          <InputNumber min={2000} max={2100} inputMode="numeric" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="category" label={t('pledge.category')} style={{ flex: 1 }} rules={[{ required: true, message: t('pledge.categoryRequired') }]}>
          <Select options={categories.map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
      </Flex>
      <Form.Item name="content" label={t('pledge.content')} rules={[{ required: true, whitespace: true, message: t('pledge.contentRequired') }]}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Form.Item name="isPublic" label={t('pledge.public')} valuePropName="checked">
        <Switch />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={busy} block>{submitLabel}</Button>
        {onCancel && <Button onClick={onCancel} block>{t('pledge.cancel')}</Button>}
      </Flex>
    </Form>
  );
}

/** A member's own pledges on a phone: make one, follow its review, change it while in progress. */
export default function PledgesPage() {
  const t = useT();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const pledges = useQuery('my-pledges', (signal) => clusterApi.pledges({ mine: '1', pageSize: 200 }, signal));
  const categories = useQuery('pledge-categories', (signal) => clusterApi.pledgeCategories(signal));
  const cats = categories.data ?? [];
  const catName = (code: string) => cats.find((c) => c.code === code)?.name ?? code;
  const year = thisYear(); // the year in Beijing (on 31 Dec after 16:00 UTC it is already the next)

  if (!me?.user.memberId) return (<><PageTitle>{t('pledge.title')}</PageTitle><Alert type="info" showIcon title={t('pledge.noMember')} /></>);

  return (
    <Flex vertical gap={12} style={{ maxWidth: 640 }}>
      <PageTitle extra={!adding && <Button type="primary" icon={<PlusOutlined />} disabled={!cats.length} onClick={() => setAdding(true)}>{t('pledge.new')}</Button>}>
        {t('pledge.title')}
      </PageTitle>
      {adding && cats.length > 0 && (
        <Card size="small" title={t('pledge.new')}>
          <PledgeForm
            categories={cats}
            initial={{ year, category: cats[0]?.code ?? '', content: '', isPublic: true }}
            submitLabel={t('pledge.submit')}
            onCancel={() => setAdding(false)}
            onSubmit={async (v) => {
              await clusterApi.createPledge({ ...v, content: v.content.trim() });
              message.success(t('pledge.created'));
              setAdding(false);
              pledges.reload();
            }}
          />
        </Card>
      )}
      {pledges.error ? <Alert type="error" showIcon title={errorText(pledges.error, t)} /> : null}
      {!pledges.data ? <Skeleton active /> : pledges.data.items.length === 0 && !adding ? <Empty description={t('pledge.empty')} /> : null}
      {pledges.data?.items.map((p) => {
        const statusKey = `pledge.status.${p.status}`;
        return (
          <Card key={p.id} size="small" data-testid="pledge-card">
            {editing === p.id ? (
              <PledgeForm
                categories={cats}
                initial={{ year: p.year, category: p.category, content: p.content, isPublic: p.isPublic }}
                submitLabel={t('pledge.save')}
                onCancel={() => setEditing(null)}
                onSubmit={async (v) => {
                  await clusterApi.updatePledge(p.id, { category: v.category, content: v.content.trim(), isPublic: v.isPublic });
                  message.success(t('pledge.updated'));
                  setEditing(null);
                  pledges.reload();
                }}
              />
            ) : (
              <Flex vertical gap={6}>
                <Flex gap={4} wrap align="center">
                  <Tag color="red">{catName(p.category)}</Tag>
                  <Tag>{p.year}</Tag>
                  <Tag color={STATUS_COLOR[p.status]}>{hasMessage(statusKey) ? t(statusKey) : p.status}</Tag>
                  <Tag>{p.isPublic ? t('pledge.publicTag') : t('pledge.privateTag')}</Tag>
                </Flex>
                <Typography.Paragraph style={{ margin: 0 }}>{p.content}</Typography.Paragraph>
                {p.reviewComment && <Typography.Text type="secondary">{t('pledge.review', { comment: p.reviewComment })}</Typography.Text>}
                {p.status === 'in_progress' && (
                  <Button size="small" style={{ alignSelf: 'flex-start' }} onClick={() => setEditing(p.id)}>{t('pledge.edit')}</Button>
                )}
              </Flex>
            )}
          </Card>
        );
      })}
    </Flex>
  );
}
