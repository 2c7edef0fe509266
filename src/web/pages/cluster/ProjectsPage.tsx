import { useState } from 'react';
import { Alert, Button, Flex, Progress, Segmented, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { hasPermission, useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { hasMessage, useT } from '../../i18n.ts';
import { clusterApi, PROJECT_LEVEL_LIST, type Project, type ProjectLevel } from './api.ts';
import { ProjectForm } from './ProjectForm.tsx';
import ProjectPage from './ProjectPage.tsx';

/** `/projects`: the list; `/projects/<id>`: one project (ProjectPage.tsx). */
export default function ProjectsRoute() {
  const { pathname } = useLocation();
  const id = pathname.match(/^\/projects\/([0-9a-f-]{36})/i)?.[1];
  return id ? <ProjectPage key={id} id={id} /> : <ProjectsPage />;
}

/** The cluster's projects by level and community, filterable, exportable to xlsx. */
function ProjectsPage() {
  const t = useT();
  const { me } = useAuth();
  const [level, setLevel] = useState<ProjectLevel | ''>('');
  const [orgId, setOrgId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const canWrite = hasPermission(me, 'cluster.write');
  const allianceId = me?.grants.find((g) => g.scopeKind === 'alliance')?.scopeId;
  const query = { level: level || undefined, orgId, allianceId, page, pageSize: 50 };
  const list = useQuery(JSON.stringify(query), (signal) => clusterApi.projects(query, signal));
  const summary = useQuery(`summary:${allianceId ?? ''}`, (signal) =>
    allianceId ? clusterApi.projectSummary(allianceId, signal) : Promise.resolve(null));
  const label = (key: string, fallback: string) => (hasMessage(key) ? t(key) : fallback);

  return (
    <Flex vertical gap={12}>
      <PageTitle
        extra={(
          <Flex gap={8} wrap>
            {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('projects.new')}</Button>}
            <Button icon={<DownloadOutlined />} href={clusterApi.projectsExportUrl({ level: level || undefined, orgId, allianceId })}>{t('projects.export')}</Button>
          </Flex>
        )}
      >
        {t('projects.title')}
      </PageTitle>
      {summary.data && <Typography.Text type="secondary">{t('projects.summary', { ...summary.data.total })}</Typography.Text>}
      <Flex gap={8} wrap>
        <Segmented
          value={level}
          onChange={(v) => { setLevel(v as ProjectLevel | ''); setPage(1); }}
          options={[{ value: '', label: t('projects.all') }, ...PROJECT_LEVEL_LIST.map((l) => ({ value: l, label: label(`level.${l}`, l) }))]}
        />
        {summary.data && (
          <Select
            allowClear
            placeholder={t('projects.community')}
            value={orgId}
            onChange={(v) => { setOrgId(v); setPage(1); }}
            style={{ minWidth: 180 }}
            options={summary.data.byCommunity.filter((c) => c.orgId).map((c) => ({ value: c.orgId!, label: `${c.orgName}（${c.total}）` }))}
          />
        )}
      </Flex>
      {list.error ? <Alert type="error" showIcon title={errorText(list.error, t)} /> : null}
      <Table<Project>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('projects.col.title'), dataIndex: 'title', render: (v: string, p) => <Link to={`/projects/${p.id}`} data-testid="project-link">{v}</Link> },
          { title: t('projects.col.level'), dataIndex: 'level', render: (v: string) => <Tag color="red">{label(`level.${v}`, v)}</Tag> },
          { title: t('projects.col.org'), dataIndex: 'orgName', responsive: ['md'] },
          { title: t('projects.col.category'), dataIndex: 'category', responsive: ['lg'] },
          { title: t('projects.col.period'), key: 'period', responsive: ['lg'], render: (_: unknown, p) => `${p.startOn} ~ ${p.endOn}` },
          { title: t('projects.col.status'), dataIndex: 'status', render: (v: string) => label(`projects.status.${v}`, v) },
          { title: t('projects.col.progress'), dataIndex: 'progress', width: 140, render: (v: number) => <Progress percent={v} size="small" /> },
        ]}
      />
      {creating && <ProjectForm onClose={() => setCreating(false)} onSaved={() => { setCreating(false); list.reload(); summary.reload(); }} />}
    </Flex>
  );
}
