/**
 * 统计报表: pick a level (the region, an org with its subtree, an alliance, a unit) and a period (a year or a quarter),
 * then download the party statistics workbook and the yearly work report (docs/reports.md). The server checks the
 * level; the pickers offer what the caller's grants cover first.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Flex, Form, Select, Space, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth.tsx';
import { OrgTreeSelect, useRegions } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useQuery } from '../../hooks.ts';
import { thisYear as currentYear } from '../../format.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { reportsApi } from './api.ts';

type Kind = 'region' | 'org' | 'alliance' | 'unit';
const KINDS: Kind[] = ['region', 'org', 'alliance', 'unit'];
const QUARTERS = ['', 'Q1', 'Q2', 'Q3', 'Q4'] as const;

export default function ReportsPage() {
  const t = useT();
  const { me } = useAuth();
  const regionsQ = useRegions();
  const regions = useMemo(() => regionsQ.data?.items ?? [], [regionsQ.data]);
  // the caller's first grant on a level decides where the page starts (an org admin on their org, a coordinator on the alliance)
  const first = useMemo(() => me?.grants.find((g) => (KINDS as string[]).includes(g.scopeKind)), [me]);
  const [regionId, setRegionId] = useState<string | undefined>(first?.regionId);
  const [kind, setKind] = useState<Kind>((first?.scopeKind as Kind | undefined) ?? 'region');
  const [scopeId, setScopeId] = useState<string | undefined>(first && first.scopeKind !== 'region' ? first.scopeId : undefined);
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const [quarter, setQuarter] = useState<(typeof QUARTERS)[number]>('');

  useEffect(() => { if (!regionId && regions[0]) setRegionId(regions[0].id); }, [regionId, regions]);

  const alliances = useQuery(`reports:alliances:${kind === 'alliance' ? regionId : ''}`, (signal) => (kind === 'alliance' && regionId
    ? directoryApi.alliances({ regionId, pageSize: 500 }, signal).then((p) => p.items) : Promise.resolve([])));
  const units = useQuery(`reports:units:${kind === 'unit' ? regionId : ''}`, (signal) => (kind === 'unit' && regionId
    ? directoryApi.units({ regionId, pageSize: 500 }, signal).then((p) => p.items) : Promise.resolve([])));

  const ready = !!regionId && (kind === 'region' || !!scopeId);
  const scope = ready ? { regionId: regionId!, scopeKind: kind, ...(kind === 'region' ? {} : { scopeId }) } : null;
  const period = `${year}${quarter}`;

  return (
    <>
      <PageTitle>{t('reports.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('reports.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical" style={{ maxWidth: 560 }}>
          {regions.length > 1 && (
            <Form.Item label={t('reports.region')}>
              <Select data-testid="reports-region" value={regionId} onChange={(v) => { setRegionId(v); setScopeId(undefined); }}
                options={regions.map((r) => ({ value: r.id, label: r.name }))} />
            </Form.Item>
          )}
          <Form.Item label={t('reports.level')}>
            <Space.Compact block>
              <Select data-testid="reports-kind" style={{ width: 200 }} value={kind} onChange={(v) => { setKind(v); setScopeId(undefined); }}
                options={KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))} />
              {kind === 'org' && <OrgTreeSelect testId="reports-org" value={scopeId} onChange={setScopeId} placeholder={t('reports.pickOrg')} style={{ flex: 1 }} />}
              {kind === 'alliance' && (
                <Select data-testid="reports-alliance" style={{ flex: 1 }} value={scopeId} onChange={setScopeId} placeholder={t('reports.pickAlliance')}
                  loading={alliances.loading} showSearch optionFilterProp="label" options={(alliances.data ?? []).map((a) => ({ value: a.id, label: a.name }))} />
              )}
              {kind === 'unit' && (
                <Select data-testid="reports-unit" style={{ flex: 1 }} value={scopeId} onChange={setScopeId} placeholder={t('reports.pickUnit')}
                  loading={units.loading} showSearch optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
              )}
            </Space.Compact>
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item label={t('reports.year')}>
              <Select data-testid="reports-year" style={{ width: 120 }} value={year} onChange={setYear}
                options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))} />
            </Form.Item>
            <Form.Item label={t('reports.quarter')}>
              <Select data-testid="reports-quarter" style={{ width: 140 }} value={quarter} onChange={setQuarter}
                options={QUARTERS.map((q) => ({ value: q, label: q ? t(`reports.${q.toLowerCase() as 'q1'}`) : t('reports.wholeYear') }))} />
            </Form.Item>
          </Flex>
        </Form>
      </Card>
      <Flex gap={16} wrap>
        <Card title={t('reports.statistics')} style={{ flex: '1 1 320px' }}>
          <Typography.Paragraph>{t('reports.statisticsHint')}</Typography.Paragraph>
          <Button type="primary" icon={<FileExcelOutlined />} data-testid="reports-xlsx" disabled={!scope}
            href={scope ? reportsApi.statisticsXlsxUrl({ ...scope, period }) : undefined}>{t('reports.downloadXlsx')}</Button>
        </Card>
        <Card title={t('reports.yearly')} style={{ flex: '1 1 320px' }}>
          <Typography.Paragraph>{t('reports.yearlyHint', { year })}</Typography.Paragraph>
          <Button type="primary" icon={<FilePdfOutlined />} data-testid="reports-pdf" disabled={!scope}
            href={scope ? reportsApi.yearlyPdfUrl({ ...scope, period: String(year) }) : undefined}>{t('reports.downloadPdf')}</Button>
        </Card>
      </Flex>
      {!scope && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('reports.pickLevel')}</Typography.Paragraph>}
    </>
  );
}
