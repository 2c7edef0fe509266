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
import { useT } from '../../i18n.ts';
import { activitiesApi, type Board } from './api.ts';
import { useAT, type ActivitiesKey } from './i18n.ts';

const COLOURS = { ok: 'success', missing: 'error', pending: 'warning', future: 'default' } as const;
type Cell = Board['branches'][number]['cells'][number];

export default function CompliancePage() {
  const t = useT();
  const at = useAT();
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
  const kindName = (k: string) => at(`kind.${k}` as ActivitiesKey);
  const periodName = (p: string) => at(`period.${p}` as ActivitiesKey);

  const data = board.data;
  const columns = useMemo(() => {
    if (!data) return [];
    const first = data.branches[0];
    const kinds = data.rules.map((r) => r.kind);
    return [
      { title: at('compliance.branch'), dataIndex: 'orgName', key: 'org', fixed: 'left' as const, width: 180,
        render: (name: string, b: Board['branches'][number]) => (
          <Flex vertical><Typography.Text strong>{name}</Typography.Text>
            {b.missing > 0 && <Tag color="error">{at('compliance.missing', { n: b.missing })}</Tag>}</Flex>) },
      ...kinds.map((kind) => ({
        title: kindName(kind), key: kind,
        children: (first?.cells ?? []).filter((c) => c.kind === kind).map((c) => ({
          title: c.period.slice(5) || c.period, key: `${kind}:${c.period}`, width: 56, align: 'center' as const,
          render: (_: unknown, b: Board['branches'][number]) => {
            const cell = b.cells.find((x: Cell) => x.kind === kind && x.period === c.period);
            if (!cell) return null;
            return (
              <Tooltip title={`${at(`compliance.status.${cell.status}` as ActivitiesKey)} · ${at('compliance.held', { held: cell.held, required: cell.required })}`}>
                <Tag color={COLOURS[cell.status]} style={{ marginInlineEnd: 0 }}>{cell.held}</Tag>
              </Tooltip>
            );
          },
        })),
      })),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, at]);

  return (
    <>
      <PageTitle extra={
        <Flex gap={8} wrap>
          <Select style={{ minWidth: 180 }} aria-label={at('compliance.region')} options={regions} value={regionId} onChange={setRegionId} />
          <Select aria-label={at('compliance.year')} value={year} onChange={setYear}
            options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: String(y) }))} />
        </Flex>
      }>{at('compliance.title')}</PageTitle>
      {!regionId ? <Empty /> : (
        <Tabs items={[
          {
            key: 'board', label: at('compliance.board'),
            children: board.error ? <Alert type="error" showIcon title={at('common.loadFailed', { message: errorText(board.error, t) })} />
              : !data ? <Skeleton active /> : (
                <Flex vertical gap={8}>
                  <Typography.Text type="secondary">
                    {at('compliance.rules', { rules: data.rules.map((r) => at('compliance.rule', { kind: kindName(r.kind), period: periodName(r.period), min: r.minCount })).join('；') })}
                  </Typography.Text>
                  <Table data-testid="compliance-board" size="small" bordered rowKey="orgId" columns={columns} dataSource={data.branches}
                    scroll={{ x: 'max-content' }} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
                </Flex>
              ),
          },
          {
            key: 'due', label: at('compliance.due'),
            children: due.error ? <Alert type="error" showIcon title={errorText(due.error, t)} /> : (
              <Card size="small">
                <Table data-testid="compliance-due" size="small" rowKey={(d) => `${d.orgId}:${d.kind}:${d.period}`} loading={due.loading} dataSource={due.data ?? []}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  columns={[
                    { title: at('compliance.branch'), dataIndex: 'orgName' },
                    { title: at('compliance.secretary'), dataIndex: 'secretaryName' },
                    { title: at('compliance.period'), dataIndex: 'period' },
                    { title: '', dataIndex: 'kind', render: (k: string) => kindName(k) },
                    { title: '', key: 'held', render: (_: unknown, d) => at('compliance.held', { held: d.held, required: d.required }) },
                    { title: '', dataIndex: 'status', render: (s: 'missing' | 'pending') => <Tag color={COLOURS[s]}>{at(`compliance.status.${s}`)}</Tag> },
                  ]} />
              </Card>
            ),
          },
        ]} />
      )}
    </>
  );
}
