/**
 * 三会一课 compliance for staff: per branch and period what was held and what is missing, and the branches
 * falling behind (a secretary sees their own branches; a region admin, all).
 */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Input, Select, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { thisYear as currentYear } from '../../format.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { activitiesApi, type Board } from './api.ts';

const COLOURS = { ok: 'success', missing: 'error', pending: 'warning', future: 'default' } as const;
const STATUS_OF = { o: 'ok', m: 'missing', p: 'pending', f: 'future' } as const;
type Row = Board['items'][number];
const PAGE_SIZE = 20;

export default function CompliancePage() {
  const t = useT();
  const mobile = useIsMobile();
  const { me } = useAuth();
  const regions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const g of me?.grants ?? []) if (!seen.has(g.regionId)) seen.set(g.regionId, g.regionName ?? g.regionId);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [me]);
  // a to-do opens the board on its region and branch (?regionId=…&q=…) or on the due list (&tab=due)
  const [params] = useSearchParams();
  const linked = regions.find((r) => r.value === params.get('regionId'))?.value;
  const [regionId, setRegionId] = useState<string | undefined>(linked ?? regions[0]?.value);
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [tab, setTab] = useState(params.get('tab') === 'due' ? 'due' : 'board');
  // one page of branches at a time: the server sends the columns once and, per branch, counts and status letters
  const board = useQuery(`board:${regionId}:${year}:${page}:${q}`, (signal) => (regionId
    ? activitiesApi.board({ regionId, year, page, pageSize: PAGE_SIZE, q: q || undefined }, signal) : Promise.resolve(null)));
  const due = useQuery(`due:${regionId}`, (signal) => (regionId ? activitiesApi.due(regionId, signal) : Promise.resolve([])));
  const kindName = (k: string) => t(`kind.${k}` as MessageKey);
  const periodName = (p: string) => t(`period.${p}` as MessageKey);

  const data = board.data;
  const columns = useMemo(() => {
    if (!data) return [];
    const kinds = data.rules.map((r) => r.kind);
    const label = Object.fromEntries((['ok', 'missing', 'pending', 'future'] as const).map((s) => [s, t(`compliance.status.${s}`)]));
    return [
      { title: t('compliance.branch'), dataIndex: 'orgName', key: 'org', fixed: mobile ? undefined : 'left' as const, width: 180,
        render: (name: string, b: Row) => (
          <Flex vertical><Typography.Text strong>{name}</Typography.Text>
            {b.missing > 0 && <Tag color="error">{t('compliance.missing', { n: b.missing })}</Tag>}</Flex>) },
      ...kinds.map((kind) => ({
        title: kindName(kind), key: kind,
        children: data.columns.flatMap((c, i) => (c.kind !== kind ? [] : [{
          title: c.period.slice(5) || c.period, key: `${kind}:${c.period}`, width: 56, align: 'center' as const,
          render: (_: unknown, b: Row) => {
            const status = STATUS_OF[b.status[i] as keyof typeof STATUS_OF];
            if (!status) return null;
            // a native tooltip: thousands of cells, no popup component each
            return <Tag color={COLOURS[status]} style={{ marginInlineEnd: 0 }} title={`${label[status]} · ${t('compliance.held', { held: b.held[i], required: c.required })}`}>{b.held[i]}</Tag>;
          },
        }])),
      })),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, t, mobile]);

  return (
    <>
      <PageTitle extra={
        <Flex gap={8} wrap className="no-print">
          <Select style={{ minWidth: 180 }} aria-label={t('compliance.region')} options={regions} value={regionId} onChange={(v) => { setRegionId(v); setPage(1); }} />
          {regionId && <Button href={activitiesApi.boardXlsxUrl({ regionId, year, q: q || undefined })} data-testid="compliance-export">{t('compliance.export')}</Button>}
          {regionId && <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="compliance-print">{t('compliance.print')}</Button>}
          <Select aria-label={t('compliance.year')} value={year} onChange={(v) => { setYear(v); setPage(1); }}
            options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: String(y) }))} />
        </Flex>
      }>{t('compliance.title')}<span className="print-only"> · {regions.find((r) => r.value === regionId)?.label ?? ''} {year}</span></PageTitle>
      {!regionId ? <Empty /> : (
        <Tabs activeKey={tab} onChange={setTab} items={[
          {
            key: 'board', label: t('compliance.board'),
            children: board.error ? <Alert type="error" showIcon title={t('common.loadFailed', { message: errorText(board.error, t) })} />
              : !data ? <Skeleton active /> : (
                <Flex vertical gap={8}>
                  <Typography.Text type="secondary">
                    {t('compliance.rules', { rules: data.rules.map((r) => t('compliance.rule', { kind: kindName(r.kind), period: periodName(r.period), min: r.minCount })).join('；') })}
                  </Typography.Text>
                  <Input.Search allowClear placeholder={t('compliance.search')} style={{ maxWidth: 260 }} className="no-print" data-testid="compliance-search"
                    defaultValue={q} onSearch={(v) => { setQ(v.trim()); setPage(1); }} />
                  <Table data-testid="compliance-board" size="small" bordered rowKey="orgId" columns={columns} dataSource={data.items} loading={board.loading}
                    scroll={{ x: 'max-content' }}
                    pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, simple: mobile, onChange: setPage,
                      showTotal: (n) => t('compliance.total', { n }) }} />
                </Flex>
              ),
          },
          {
            key: 'due', label: t('compliance.due'),
            children: due.error ? <Alert type="error" showIcon title={errorText(due.error, t)} /> : (
              <Card size="small">
                <Table data-testid="compliance-due" size="small" rowKey={(d) => `${d.orgId}:${d.kind}:${d.period}`} loading={due.loading} dataSource={due.data ?? []}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  columns={[
                    { title: t('compliance.branch'), dataIndex: 'orgName' },
                    { title: t('compliance.secretary'), dataIndex: 'secretaryName' },
                    { title: t('compliance.period'), dataIndex: 'period' },
                    { title: '', dataIndex: 'kind', render: (k: string) => kindName(k) },
                    { title: '', key: 'held', render: (_: unknown, d) => t('compliance.held', { held: d.held, required: d.required }) },
                    { title: '', dataIndex: 'status', render: (s: 'missing' | 'pending') => <Tag color={COLOURS[s]}>{t(`compliance.status.${s}`)}</Tag> },
                  ]} />
              </Card>
            ),
          },
        ]} />
      )}
    </>
  );
}
