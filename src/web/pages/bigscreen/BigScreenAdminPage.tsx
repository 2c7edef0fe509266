/**
 * `/bigscreen` (数据大屏): the admin picks a level (the region, an org, an alliance or a unit) and a period (the
 * current year, quarter or month, rolling, or a fixed one), opens its big screen full screen, and makes, lists and
 * revokes the kiosk links that play it on a lobby screen without sign-in (a link keeps the level and the period).
 */
import { useEffect, useState } from 'react';
import { App, Alert, Button, Card, Flex, Form, Input, Popconfirm, Segmented, Select, Table, Tag, Typography } from 'antd';
import { DesktopOutlined, PlusOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect, RegionSelect, useRegions } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime, todayIso } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { figuresApi } from '../figures/api.ts';
import { bigscreenApi, type BigScreenLevel, type KioskLink } from './api.ts';
import { GRAINS, recentPeriods, specText, type Grain } from './period.ts';

type Kind = NonNullable<BigScreenLevel['scopeKind']>;
const KINDS: Kind[] = ['region', 'org', 'alliance', 'unit'];

export default function BigScreenAdminPage() {
  const t = useT();
  const { message } = App.useApp();
  const regions = useRegions();
  const [regionId, setRegionId] = useState<string>();
  const [kind, setKind] = useState<Kind>('region');
  const [scopeId, setScopeId] = useState<string>();
  const [grain, setGrain] = useState<Grain>('year');
  // a fixed period of the grain; none: the current one, rolling on with the clock
  const [fixed, setFixed] = useState<string>();
  const period = fixed ?? grain;
  const [creating, setCreating] = useState(false);
  const list = regions.data?.items ?? [];
  const firstRegion = list[0]?.id;
  useEffect(() => { if (!regionId && firstRegion) setRegionId(firstRegion); }, [regionId, firstRegion]);

  const alliances = useQuery(`bs:alliances:${regionId ?? ''}`, (signal) => (regionId ? directoryApi.alliances({ regionId, pageSize: 500 }, signal) : Promise.resolve(null)));
  const units = useQuery(`bs:units:${regionId ?? ''}`, (signal) => (regionId ? directoryApi.units({ regionId, pageSize: 200 }, signal) : Promise.resolve(null)));
  const links = useQuery(`bs:links:${regionId ?? ''}`, (signal) => (regionId ? bigscreenApi.links(regionId, signal) : Promise.resolve([] as KioskLink[])));
  const catalogue = useQuery('bs:catalogue', (signal) => figuresApi.catalogue(signal).catch(() => []));

  const level: BigScreenLevel | null = regionId && (kind === 'region' || scopeId) ? { regionId, scopeKind: kind, scopeId: kind === 'region' ? undefined : scopeId, period } : null;
  const origin = window.location.origin;

  const revoke = async (id: string) => {
    try {
      await bigscreenApi.revokeLink(id);
      message.success(t('kiosk.revokedOk'));
      links.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('menu.bigscreen')}</PageTitle>
      <ErrorAlert error={regions.error} onRetry={regions.reload} />
      <Card size="small">
        <Flex wrap gap={12} align="center">
          <span>{t('bigscreen.level')}</span>
          {list.length > 1 && <RegionSelect regions={list} value={regionId} onChange={(v) => { setRegionId(v); setScopeId(undefined); }} />}
          <Segmented<Kind> data-testid="bigscreen-kind" value={kind} onChange={(v) => { setKind(v); setScopeId(undefined); }}
            options={KINDS.map((k) => ({ value: k, label: t(`bigscreen.kind.${k}`) }))} />
          {kind === 'org' && <OrgTreeSelect testId="bigscreen-org" value={scopeId} onChange={setScopeId} />}
          {kind === 'alliance' && (
            <Select data-testid="bigscreen-alliance" style={{ minWidth: 220 }} placeholder={t('bigscreen.pickAlliance')} value={scopeId} onChange={setScopeId}
              options={(alliances.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} />
          )}
          {kind === 'unit' && (
            <Select data-testid="bigscreen-unit" style={{ minWidth: 220 }} placeholder={t('bigscreen.pickUnit')} value={scopeId} onChange={setScopeId} showSearch optionFilterProp="label"
              options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          )}
        </Flex>
        <Flex wrap gap={12} align="center" style={{ marginTop: 12 }}>
          <span>{t('bigscreen.periodPick')}</span>
          <Segmented<Grain> data-testid="bigscreen-grain" value={grain} onChange={(v) => { setGrain(v); setFixed(undefined); }}
            options={GRAINS.map((g) => ({ value: g, label: t(`bigscreen.grain.${g}`) }))} />
          <Select<string> data-testid="bigscreen-period" style={{ minWidth: 220 }} value={period} onChange={(v) => setFixed(v === grain ? undefined : v)}
            options={[grain, ...recentPeriods(grain, todayIso())].map((k) => ({ value: k, label: specText(t, k) }))} />
          <Button type="primary" icon={<DesktopOutlined />} disabled={!level} data-testid="bigscreen-open"
            href={level ? bigscreenApi.viewPath(level) : undefined} target="_blank">{t('bigscreen.open')}</Button>
        </Flex>
      </Card>

      <Card size="small" title={t('kiosk.links')} extra={(
        <Button icon={<PlusOutlined />} disabled={!level} onClick={() => setCreating(true)} data-testid="kiosk-new">{t('kiosk.new')}</Button>
      )}>
        <Typography.Paragraph type="secondary">{t('kiosk.linksHint')}</Typography.Paragraph>
        <ErrorAlert error={links.error} onRetry={links.reload} />
        <Table<KioskLink> rowKey="id" size="small" loading={links.loading} dataSource={links.data ?? []} pagination={false} data-testid="kiosk-links" scroll={{ x: 900 }}
          columns={[
            { title: t('kiosk.name'), dataIndex: 'name' },
            { title: t('kiosk.levelOf'), render: (_, r) => `${t(`bigscreen.kind.${r.scopeKind}`)} · ${r.scopeName}` },
            { title: t('kiosk.period'), render: (_, r) => <span data-testid="kiosk-period">{specText(t, r.period)}</span> },
            {
              title: t('kiosk.url'), render: (_, r) => (r.path
                ? <Typography.Text copyable code data-testid="kiosk-url">{`${origin}${r.path}`}</Typography.Text>
                : <Typography.Text type="secondary">—</Typography.Text>),
            },
            { title: t('kiosk.status'), render: (_, r) => (r.active ? <Tag color="green">{t('kiosk.active')}</Tag> : <Tag>{t('kiosk.revoked')}</Tag>) },
            { title: t('kiosk.createdAt'), render: (_, r) => formatDateTime(r.createdAt) },
            { title: t('kiosk.createdBy'), dataIndex: 'createdByName' },
            {
              title: '', render: (_, r) => r.active && (
                <Popconfirm title={t('kiosk.revokeConfirm')} onConfirm={() => revoke(r.id)}>
                  <Button danger size="small" data-testid="kiosk-revoke">{t('kiosk.revoke')}</Button>
                </Popconfirm>
              ),
            },
          ]} />
      </Card>

      {creating && level && (
        <FormModal<{ name: string; keys?: string[] }> title={t('kiosk.new')} fields={['name', 'keys']} testId="kiosk-form" onClose={() => setCreating(false)}
          onSubmit={async (v) => {
            await bigscreenApi.createLink({ regionId: level.regionId, scopeKind: level.scopeKind ?? 'region', scopeId: level.scopeId, name: v.name, keys: v.keys?.length ? v.keys : undefined, period });
            message.success(t('kiosk.saved'));
            setCreating(false);
            links.reload();
          }}>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`${t(`bigscreen.kind.${level.scopeKind ?? 'region'}`)} · ${specText(t, period)}`} />
          <Form.Item name="name" label={t('kiosk.name')} rules={[{ required: true, max: 60 }]}><Input data-testid="kiosk-name" /></Form.Item>
          <Form.Item name="keys" label={t('kiosk.keys')} extra={t('kiosk.keysHint')}>
            <Select mode="multiple" allowClear data-testid="kiosk-keys" options={(catalogue.data ?? []).map((f) => ({ value: f.key, label: f.label }))} optionFilterProp="label" />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}
