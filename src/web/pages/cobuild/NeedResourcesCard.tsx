/**
 * On a need's page, for the office: the resources linked to the need and the matching suggestions (same category,
 * available, this joint meeting first, then capacity), each with "link" (匹配).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, List, Space, Tag, Typography } from 'antd';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { resourcesApi, type Resource } from './resources-api.ts';

export function ResourceLine({ r }: { r: Resource }) {
  const t = useT();
  return (
    <Flex vertical gap={2}>
      <Space wrap size={4}>
        <Typography.Text strong>{r.title}</Typography.Text>
        <Tag>{t(`need.category.${r.category}`)}</Tag>
        {!r.available && <Tag color="default">{t('res.unavailable')}</Tag>}
      </Space>
      <Typography.Text type="secondary">
        {r.partyName} · {t('res.quantityIs', { n: r.quantity })}{r.availableUntil ? ` · ${t('res.untilIs', { date: r.availableUntil })}` : ''}{r.conditions ? ` · ${r.conditions}` : ''}
      </Typography.Text>
    </Flex>
  );
}

export function NeedResourcesCard({ needId }: { needId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const d = useQuery(`need-resources:${needId}`, (s) => resourcesApi.forNeed(needId, s));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const link = async (id: string) => {
    setError(undefined);
    setBusy(id);
    try { await resourcesApi.link(needId, id); message.success(t('res.linked')); d.reload(); } catch (e) { setError(e); } finally { setBusy(undefined); }
  };
  return (
    <Card size="small" title={t('res.forNeed')} data-testid="need-resources">
      {d.error ? <Alert type="error" showIcon title={errorText(d.error, t)} /> : null}
      {error ? <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 8 }} /> : null}
      {(d.data?.linked ?? []).length > 0 && (
        <>
          <Typography.Text strong>{t('res.linkedList')}</Typography.Text>
          <List size="small" dataSource={d.data!.linked} data-testid="need-resources-linked"
            renderItem={(r) => <List.Item><ResourceLine r={r} /></List.Item>} />
        </>
      )}
      <Typography.Text strong>{t('res.suggestions')}</Typography.Text>
      <List size="small" dataSource={d.data?.suggestions ?? []} loading={d.loading} locale={{ emptyText: t('res.noSuggestions') }} data-testid="need-resources-suggested"
        renderItem={(r) => (
          <List.Item actions={[<Button key="link" size="small" loading={busy === r.id} onClick={() => void link(r.id)} data-testid="resource-link">{t('res.link')}</Button>]}>
            <Flex vertical gap={2}>
              <ResourceLine r={r} />
              <Space size={4} wrap>{r.reasons.map((x) => <Tag key={x} color="blue">{t(`res.reason.${x}`)}</Tag>)}</Space>
            </Flex>
          </List.Item>
        )} />
    </Card>
  );
}
