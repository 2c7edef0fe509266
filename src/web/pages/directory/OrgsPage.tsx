/** Organisation tree (/orgs) with the 换届-due list; `/orgs?id=` shows one organisation. */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Flex, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RegionSelect, useRegions } from '../../components/OrgTreeSelect.tsx';
import { DetailLink, KindTag, dash, detailPath, useDetailId } from './common.tsx';
import { directoryApi, type OrgTreeNode, type TermDueOrg } from './api.ts';
import OrgDetail from './OrgDetail.tsx';

type Row = Omit<OrgTreeNode, 'children'> & { children?: Row[] };

/** AntD tree tables treat an empty `children` array as expandable; leaves get none. */
function toRows(nodes: OrgTreeNode[]): Row[] {
  return nodes.map(({ children, ...rest }) => (children.length ? { ...rest, children: toRows(children) } : rest));
}

function OrgTree({ regionId }: { regionId: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const tree = useQuery(`dir:tree:${regionId}`, (signal) => directoryApi.orgTree(regionId, signal));
  const rows = useMemo(() => toRows(tree.data?.items ?? []), [tree.data]);
  const topIds = useMemo(() => rows.flatMap((r) => [r.id, ...(r.children ?? []).filter((c) => c.children).map((c) => c.id)]), [rows]);
  const columns: ColumnsType<Row> = [
    {
      key: 'name', title: t('dir.org.name'), dataIndex: 'name',
      render: (name: string, r) => <DetailLink kind="orgs" id={r.id} testId="org-link">{name}</DetailLink>,
    },
    { key: 'members', title: t('dir.org.memberCount'), dataIndex: 'memberCount', align: 'right' },
    { key: 'branches', title: t('dir.org.branchCount'), dataIndex: 'branchCount', align: 'right' },
    { key: 'kind', title: t('dir.org.kind'), dataIndex: 'kind', render: (k: string) => <KindTag prefix="dir.orgKind" value={k} /> },
    { key: 'termEnd', title: t('dir.org.termEnd'), dataIndex: 'termEnd', render: (v: string | null) => <span className="nowrap">{dash(v)}</span> },
  ];
  return (
    <>
      <ErrorAlert error={tree.error} onRetry={tree.reload} />
      <Table<Row>
        key={`${regionId}:${topIds.length}`}
        data-testid="org-tree"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        loading={tree.loading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{ defaultExpandedRowKeys: topIds, indentSize: isMobile ? 8 : 16 }}
        onRow={(r) => ({ onDoubleClick: () => navigate(detailPath('orgs', r.id)) })}
      />
    </>
  );
}

function TermDue({ regionId }: { regionId: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const due = useQuery(`dir:termDue:${regionId}`, (signal) => directoryApi.termDue(regionId, signal));
  const columns: ColumnsType<TermDueOrg> = [
    {
      key: 'name', title: t('dir.org.name'), dataIndex: 'name',
      render: (name: string, r) => <DetailLink kind="orgs" id={r.id}>{name}</DetailLink>,
    },
    {
      key: 'termEnd', title: t('dir.org.termEnd'), dataIndex: 'termEnd',
      render: (v: string | null, r) => (
        <Typography.Text type={r.overdue ? 'danger' : 'warning'} strong={r.overdue} className="nowrap" data-testid={r.overdue ? 'term-overdue' : 'term-soon'}>
          {dash(v)}
        </Typography.Text>
      ),
    },
    {
      key: 'state', title: t('dir.termDue.state'),
      render: (_, r) => (r.overdue ? <Tag color="red">{t('dir.termDue.overdue')}</Tag> : <Tag color="orange">{t('dir.termDue.soon')}</Tag>),
    },
    { key: 'kind', title: t('dir.org.kind'), dataIndex: 'kind', render: (k: string) => <KindTag prefix="dir.orgKind" value={k} /> },
    { key: 'secretary', title: t('dir.org.secretary'), dataIndex: 'secretaryName', render: dash },
    { key: 'termStart', title: t('dir.org.termStart'), dataIndex: 'termStart', render: dash },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('dir.termDue.hint')}</Typography.Paragraph>
      <ErrorAlert error={due.error} onRetry={due.reload} />
      <Table<TermDueOrg>
        data-testid="term-due-table"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        loading={due.loading}
        dataSource={due.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}

function OrgTreePage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const regions = useRegions();
  const list = regions.data?.items ?? [];
  const regionId = list.some((r) => r.id === params.get('regionId')) ? params.get('regionId')! : list[0]?.id;
  const tab = params.get('tab') === 'termDue' ? 'termDue' : 'tree';
  const termDue = useQuery(`dir:termDueCount:${regionId ?? ''}`, (signal) =>
    regionId ? directoryApi.termDue(regionId, signal) : Promise.resolve({ items: [] }),
  );
  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  const dueCount = termDue.data?.items.length ?? 0;
  return (
    <Flex vertical gap={16}>
      <PageTitle extra={regionId ? (
        <Space wrap>
          {list.length > 1 && <RegionSelect regions={list} value={regionId} onChange={(id) => set({ regionId: id })} />}
          <Button icon={<DownloadOutlined />} href={directoryApi.orgsExportUrl({ regionId })} data-testid="org-export">{t('dir.member.export')}</Button>
        </Space>
      ) : undefined}>
        {t('dir.orgs.title')}
      </PageTitle>
      <ErrorAlert error={regions.error} onRetry={regions.reload} />
      {regions.data && list.length === 0 && <Typography.Text type="secondary">{t('dir.noRegions')}</Typography.Text>}
      {regionId && (
        <Card size="small">
          <Tabs
            activeKey={tab}
            onChange={(k) => set({ tab: k === 'tree' ? undefined : k })}
            items={[
              { key: 'tree', label: t('dir.orgs.tree'), children: <OrgTree regionId={regionId} /> },
              {
                key: 'termDue',
                label: (
                  <span data-testid="term-due-tab">
                    {t('dir.orgs.termDue')} <Badge count={dueCount} size="small" />
                  </span>
                ),
                children: <TermDue regionId={regionId} />,
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}

export default function OrgsPage() {
  const id = useDetailId('orgs');
  return id ? <OrgDetail key={id} id={id} /> : <OrgTreePage />;
}
