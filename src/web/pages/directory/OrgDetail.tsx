/** One organisation: fields, term, sub-organisations, members, alliances; edit, move, add a sub-organisation. */
import { useState } from 'react';
import { Button, Card, Flex, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { enumLabel } from '../../components/labels.ts';
import { useCan } from '../../components/permissions.ts';
import { todayIso } from '../../format.ts';
import { DetailLink, FieldList, KindTag, dash, detailPath } from './common.tsx';
import { directoryApi, type Member, type Org } from './api.ts';
import { MoveOrgModal, OrgFormModal } from './OrgForm.tsx';

function OrgMembers({ orgId }: { orgId: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const res = useQuery(`dir:orgMembers:${orgId}:${page}:${pageSize}`, (signal) => directoryApi.members({ orgId, page, pageSize }, signal));
  return (
    <>
      <ErrorAlert error={res.error} onRetry={res.reload} />
      <Table<Member>
        data-testid="org-members"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page, pageSize, total: res.data?.total ?? 0, simple: isMobile, showSizeChanger: true,
          showTotal: (total) => t('dir.total', { total }),
          onChange: (p, s) => { setPage(s !== pageSize ? 1 : p); setPageSize(s); },
        }}
        columns={[
          { key: 'name', title: t('dir.member.name'), dataIndex: 'name', render: (n: string, m) => <DetailLink kind="members" id={m.id}>{n}</DetailLink> },
          { key: 'gender', title: t('dir.member.gender'), dataIndex: 'gender', render: (g: string) => enumLabel(t, 'dir.gender', g) },
          { key: 'org', title: t('dir.member.org'), dataIndex: 'orgName', render: dash },
          { key: 'stage', title: t('dir.member.stage'), dataIndex: 'stage', render: (s: string) => enumLabel(t, 'dir.stage', s) },
          { key: 'status', title: t('dir.member.status'), dataIndex: 'status', render: (s: string) => enumLabel(t, 'dir.status', s) },
        ]}
      />
    </>
  );
}

export default function OrgDetail({ id }: { id: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const canWrite = useCan('directory.write');
  const org = useQuery(`dir:org:${id}`, (signal) => directoryApi.org(id, signal));
  const parentId = org.data?.parentId;
  const parent = useQuery(`dir:orgParent:${parentId ?? ''}`, (signal) => (parentId ? directoryApi.org(parentId, signal).catch(() => null) : Promise.resolve(null)));
  const subs = useQuery(`dir:orgSubs:${id}`, (signal) => directoryApi.orgs({ parentId: id, pageSize: 2000 }, signal));
  const alliances = useQuery(`dir:orgAlliances:${id}`, (signal) => directoryApi.orgAlliances(id, signal));
  const [modal, setModal] = useState<'edit' | 'move' | 'sub' | null>(null);
  const o = org.data;
  const today = todayIso();

  const reloadAll = () => {
    org.reload();
    subs.reload();
  };

  return (
    <Flex vertical gap={16}>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/orgs')}>{t('dir.org.backToTree')}</Button>
            {canWrite && o && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="org-edit">{t('dir.edit')}</Button>
                {o.parentId && <Button icon={<DragOutlined />} onClick={() => setModal('move')} data-testid="org-move">{t('dir.org.move')}</Button>}
                <Button icon={<PlusOutlined />} onClick={() => setModal('sub')} data-testid="org-add-sub">{t('dir.org.createSub')}</Button>
              </>
            )}
          </Space>
        }
      >
        <span data-testid="org-name">{o?.name ?? t('dir.org.detail')}</span>
      </PageTitle>
      <ErrorAlert error={org.error} onRetry={org.reload} />
      {o && (
        <Card size="small">
          <FieldList
            testId="org-fields"
            items={[
              { key: 'kind', label: t('dir.org.kind'), value: <KindTag prefix="dir.orgKind" value={o.kind} /> },
              { key: 'parent', label: t('dir.org.parent'), value: parent.data ? <DetailLink kind="orgs" id={parent.data.id}>{parent.data.name}</DetailLink> : null },
              { key: 'secretary', label: t('dir.org.secretary'), value: o.secretaryName },
              { key: 'founded', label: t('dir.org.founded'), value: o.foundedOn },
              { key: 'termStart', label: t('dir.org.termStart'), value: o.termStart },
              {
                key: 'termEnd', label: t('dir.org.termEnd'),
                value: o.termEnd ? (
                  <Space size={4} wrap>
                    <span>{o.termEnd}</span>
                    {o.termEnd < today ? <Tag color="red">{t('dir.termDue.overdue')}</Tag> : null}
                  </Space>
                ) : null,
              },
            ]}
          />
        </Card>
      )}
      {o && (
        <Card size="small">
          <Tabs
            items={[
              {
                key: 'subs',
                label: `${t('dir.org.subs')} (${subs.data?.total ?? 0})`,
                children: (
                  <>
                    <ErrorAlert error={subs.error} onRetry={subs.reload} />
                    <Table<Org>
                      data-testid="org-subs"
                      rowKey="id"
                      size={isMobile ? 'small' : 'middle'}
                      loading={subs.loading}
                      dataSource={subs.data?.items ?? []}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      columns={[
                        { key: 'name', title: t('dir.org.name'), dataIndex: 'name', render: (n: string, r) => <DetailLink kind="orgs" id={r.id}>{n}</DetailLink> },
                        { key: 'kind', title: t('dir.org.kind'), dataIndex: 'kind', render: (k: string) => <KindTag prefix="dir.orgKind" value={k} /> },
                        { key: 'secretary', title: t('dir.org.secretary'), dataIndex: 'secretaryName', render: dash },
                        { key: 'termEnd', title: t('dir.org.termEnd'), dataIndex: 'termEnd', render: (v: string | null) => <Typography.Text type={v && v < today ? 'danger' : undefined}>{dash(v)}</Typography.Text> },
                      ]}
                    />
                  </>
                ),
              },
              { key: 'members', label: t('dir.org.members'), children: <OrgMembers orgId={id} /> },
              {
                key: 'alliances',
                label: `${t('dir.org.alliances')} (${alliances.data?.items.length ?? 0})`,
                children: (
                  <>
                    <ErrorAlert error={alliances.error} onRetry={alliances.reload} />
                    {(alliances.data?.items.length ?? 0) === 0 ? (
                      <Typography.Text type="secondary">{t('dir.none')}</Typography.Text>
                    ) : (
                      <Space wrap data-testid="org-alliances">
                        {alliances.data?.items.map((a) => (
                          <Link key={a.id} to={detailPath('alliances', a.id)}>
                            <Tag color="blue">{a.name} · {enumLabel(t, 'dir.allianceKind', a.kind)}</Tag>
                          </Link>
                        ))}
                      </Space>
                    )}
                  </>
                ),
              },
            ]}
          />
        </Card>
      )}
      {o && modal === 'edit' && (
        <OrgFormModal open org={o} onClose={() => setModal(null)} onSaved={() => { setModal(null); reloadAll(); }} />
      )}
      {o && modal === 'sub' && (
        <OrgFormModal open parent={o} onClose={() => setModal(null)} onSaved={(created) => { setModal(null); navigate(detailPath('orgs', created.id)); }} />
      )}
      {o && modal === 'move' && (
        <MoveOrgModal open org={o} onClose={() => setModal(null)} onMoved={() => { setModal(null); reloadAll(); }} />
      )}
    </Flex>
  );
}
