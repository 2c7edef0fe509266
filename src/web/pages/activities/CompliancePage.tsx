/**
 * 三会一课 compliance for staff: per branch and period what was held and what is missing, and the branches
 * falling behind (a secretary sees their own branches; a region admin, all).
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Empty, Flex, Select, Skeleton, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { activitiesApi, type Board } from './api.ts';

const COLOURS = { ok: 'success', missing: 'error', pending: 'warning', future: 'default' } as const;
type Cell = Board['branches'][number]['cells'][number];

export default function CompliancePage() {
  const t = useT();
  const { me } = useAuth();
  const regions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const g of me?.grants ?? []) if (!seen.has(g.regionId)) seen.set(g.regionId, g.regionName ?? g.regionId);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [me]);
  const [regionId, setRegionId] = useState<string | undefined>(regions[0]?.value);
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const board = useQuery(`board:${regionId}:${year}`, (signal) => (regionId ? activitiesApi.board(regionId, year, signal) : Promise.resolve(null)));
  const due = useQuery(`due:${regionId}`, (signal) => (regionId ? activitiesApi.due(regionId, signal) : Promise.resolve([])));
  const kindName = (k: string) => t(`kind.${k}` as MessageKey);
  const periodName = (p: string) => t(`period.${p}` as MessageKey);

  const data = board.data;
  const columns = useMemo(() => {
    if (!data) return [];
    const first = data.branches[0];
    const kinds = data.rules.map((r) => r.kind);
    return [
      { title: t('compliance.branch'), dataIndex: 'orgName', key: 'org', fixed: 'left' as const, width: 180,
        render: (name: string, b: Board['branches'][number]) => (
          <Flex vertical><Typography.Text strong>{name}</Typography.Text>
            {b.missing > 0 && <Tag color="error">{t('compliance.missing', { n: b.missing })}</Tag>}</Flex>) },
      ...kinds.map((kind) => ({
        title: kindName(kind), key: kind,
        children: (first?.cells ?? []).filter((c) => c.kind === kind).map((c) => ({
          title: c.period.slice(5) || c.period, key: `${kind}:${c.period}`, width: 56, align: 'center' as const,
          render: (_: unknown, b: Board['branches'][number]) => {
            const cell = b.cells.find((x: Cell) => x.kind === kind && x.period === c.period);
            if (!cell) return null;
            return (
              <Tooltip title={`${t(`compliance.status.${cell.status}` as MessageKey)} · ${t('compliance.held', { held: cell.held, required: cell.required })}`}>
                <Tag color={COLOURS[cell.status]} style={{ marginInlineEnd: 0 }}>{cell.held}</Tag>
              </Tooltip>
            );
          },
        })),
      })),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, t]);

  return (
    <>
      <PageTitle extra={
        <Flex gap={8} wrap>
          <Select style={{ minWidth: 180 }} aria-label={t('compliance.region')} options={regions} value={regionId} onChange={setRegionId} />
          <Select aria-label={t('compliance.year')} value={year} onChange={setYear}
            options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: String(y) }))} />
        </Flex>
      }>{t('compliance.title')}</PageTitle>
      {!regionId ? <Empty /> : (
        <Tabs items={[
          {
            key: 'board', label: t('compliance.board'),
            children: board.error ? <Alert type="error" showIcon title={t('common.loadFailed', { message: errorText(board.error, t) })} />
              : !data ? <Skeleton active /> : (
                <Flex vertical gap={8}>
                  <Typography.Text type="secondary">
                    {t('compliance.rules', { rules: data.rules.map((r) => t('compliance.rule', { kind: kindName(r.kind), period: periodName(r.period), min: r.minCount })).join('；') })}
                  </Typography.Text>
                  <Table data-testid="compliance-board" size="small" bordered rowKey="orgId" columns={columns} dataSource={data.branches}
                    scroll={{ x: 'max-content' }} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
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
