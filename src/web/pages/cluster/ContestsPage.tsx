import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { hasPermission, useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { hasMessage, useLocale, useT } from '../../i18n.ts';
import { ApiError } from '../../api.ts';
import { clusterApi, type Contest, type ContestResult } from './api.ts';
import { ContestForm } from './ContestForm.tsx';
import { EntriesForm } from './EntriesForm.tsx';
import { JudgeForm } from './JudgeForm.tsx';

const STATUS_COLOR: Record<string, string> = { open: 'processing', closed: 'warning', published: 'success' };
type Row = ContestResult['ranking'][number];
type Judge = Contest['judges'][number];

/** The judge panel: each judge's progress (scored / to score); a judge who has not scored can be removed. */
function JudgePanel({ contestId, open, canManage, version, onChanged }: { contestId: string; open: boolean; canManage: boolean; version: number; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const detail = useQuery(`contest:${contestId}:${version}`, (signal) => clusterApi.contest(contestId, signal));
  const remove = async (j: Judge) => {
    try {
      await clusterApi.removeJudge(contestId, j.id);
      message.success(t('contests.panel.removed'));
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const catLabel = (c: string) => { const k = `judge.cat.${c}`; return hasMessage(k) ? t(k) : '—'; };
  return (
    <Card size="small" title={t('contests.panel')} data-testid="judge-panel">
      {detail.error ? <Alert type="error" showIcon title={errorText(detail.error, t)} /> : (
        <Table<Judge>
          rowKey="id" size="small" pagination={false} loading={!detail.data} scroll={{ x: 'max-content' }}
          dataSource={detail.data?.judges ?? []}
          locale={{ emptyText: t('contests.panel.empty') }}
          columns={[
            { title: t('contests.panel.name'), dataIndex: 'name' },
            { title: t('contests.panel.category'), dataIndex: 'category', render: (c: string) => catLabel(c) },
            { title: t('contests.panel.progress'), key: 'p', render: (_: unknown, j) => t('contests.panel.progressText', { scored: j.scored ?? 0, toScore: j.toScore ?? 0 }) },
            ...(open && canManage ? [{
              title: '', key: 'a', render: (_: unknown, j: Judge) => (
                <Popconfirm title={t('contests.panel.removeConfirm', { name: j.name })} onConfirm={() => remove(j)}>
                  <Button size="small" type="link" danger title={j.scored ? t('contests.panel.hasScores') : undefined}>{t('contests.panel.remove')}</Button>
                </Popconfirm>
              ),
            }] : []),
          ]}
        />
      )}
    </Card>
  );
}

/** Contest managers: the live (or published) ranking, close, publish, the score sheet and the public page. */
export default function ContestsPage() {
  const t = useT();
  const { locale } = useLocale();
  const { message, modal } = App.useApp();
  const [version, setVersion] = useState(0);
  const contests = useQuery('contests', (signal) => clusterApi.contests(signal));
  const [chosen, setChosen] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);
  const [addingEntries, setAddingEntries] = useState(false);
  const [addingJudge, setAddingJudge] = useState(false);
  const { me } = useAuth();
  const canManage = hasPermission(me, 'contests.manage');
  const items = contests.data?.items ?? [];
  const id = chosen ?? items[0]?.id;
  const results = useQuery(`results:${id ?? ''}`, (signal) =>
    id ? clusterApi.results(id, signal) : Promise.resolve(null));

  const act = async (action: 'close' | 'publish', confirmed = false) => {
    setBusy(true);
    try {
      if (id) await (action === 'close' ? clusterApi.closeContest(id, confirmed) : clusterApi.publishContest(id, confirmed));
      contests.reload();
      results.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONTEST_WARNINGS' && !confirmed) {
        // the server's warning list (a weighted judge category without scores), confirmed before going ahead
        modal.confirm({
          title: t('contests.warn.title'),
          content: <ul data-testid="contest-warnings" style={{ paddingLeft: 18, margin: 0 }}>{err.details.map((d, i) => <li key={i}>{d.message}</li>)}</ul>,
          okText: t('contests.warn.ok'),
          cancelText: t('contests.warn.cancel'),
          onOk: () => act(action, true),
        });
      } else message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const newButton = canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('contests.new')}</Button>;
  const createModal = creating && (
    <ContestForm
      onClose={() => setCreating(false)}
      onSaved={(c) => { setCreating(false); setChosen(c.id); contests.reload(); }}
    />
  );

  if (contests.error) return <Alert type="error" showIcon title={errorText(contests.error, t)} />;
  if (!contests.data) return <Skeleton active />;
  if (!items.length) return (<><PageTitle extra={newButton || undefined}>{t('contests.title')}</PageTitle><Empty description={t('contests.empty')} />{createModal}</>);
  const r = results.data;
  // the weights as the ranking applied them (a weighted category nobody scored counts 0), then the nominal ones
  const weightText = (w: Record<string, number>) => Object.entries(w)
    .map(([k, v]) => { const key = `judge.cat.${k}`; return `${hasMessage(key) ? t(key) : k} ${v}%`; }).join(locale === 'zh-CN' ? '，' : ', ');
  const current = items.find((c) => c.id === id);
  const status = r?.contest.status;
  const statusKey = `contests.status.${status}`;

  return (
    <Flex vertical gap={12}>
      <PageTitle extra={newButton || undefined}>{t('contests.title')}</PageTitle>
      <Select
        value={id}
        onChange={setChosen}
        style={{ maxWidth: 480 }}
        options={items.map((c) => ({ value: c.id, label: `${c.title}（${c.quarter}）` }))}
      />
      {results.error ? <Alert type="error" showIcon title={errorText(results.error, t)} /> : !r ? <Skeleton active /> : (
        <Card
          size="small"
          title={<Flex gap={8} align="center" wrap>{r.contest.title}<Tag color={STATUS_COLOR[status!]}>{hasMessage(statusKey) ? t(statusKey) : status}</Tag></Flex>}
        >
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            {status === 'open' && (
              <Popconfirm title={t('contests.closeConfirm')} onConfirm={() => act('close')}>
                <Button danger loading={busy}>{t('contests.close')}</Button>
              </Popconfirm>
            )}
            {status === 'closed' && (
              <Popconfirm title={t('contests.publishConfirm')} onConfirm={() => act('publish')}>
                <Button type="primary" loading={busy}>{t('contests.publish')}</Button>
              </Popconfirm>
            )}
            {status === 'open' && canManage && current && (
              <Button icon={<PlusOutlined />} onClick={() => setAddingEntries(true)}>{t('contests.entries.add')}</Button>
            )}
            {status === 'open' && canManage && current && (
              <Button icon={<PlusOutlined />} onClick={() => setAddingJudge(true)} data-testid="add-judge">{t('contests.judges.add')}</Button>
            )}
            <Button icon={<DownloadOutlined />} href={id ? clusterApi.scoreSheetUrl(id) : undefined}>{t('contests.sheet')}</Button>
            {status === 'published' && <Button icon={<LinkOutlined />} href={id ? clusterApi.publicResultsPath(id) : undefined} target="_blank">{t('contests.publicPage')}</Button>}
          </Flex>
          {status !== 'published' && <Typography.Text type="secondary">{t('contests.live')}</Typography.Text>}
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }} data-testid="contest-weights">
            {t('contests.weightsApplied', { weights: weightText(r.appliedWeights) })}
            {Object.keys(r.categoryWeights).some((k) => r.categoryWeights[k] !== r.appliedWeights[k]) && t('contests.weightsNominal', { weights: weightText(r.categoryWeights) })}
          </Typography.Paragraph>
          <Table<Row>
            rowKey="entryId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={r.ranking}
            columns={[
              { title: t('contests.col.rank'), dataIndex: 'rank', width: 60 },
              { title: t('contests.col.title'), dataIndex: 'title' },
              { title: t('contests.col.org'), dataIndex: 'orgName', responsive: ['md'] },
              { title: t('contests.col.total'), dataIndex: 'total', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
              { title: t('contests.col.firsts'), dataIndex: 'firstPlaces', align: 'right', responsive: ['md'] },
              { title: t('contests.col.spread'), dataIndex: 'spread', align: 'right', responsive: ['md'], render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
              { title: t('contests.col.judges'), dataIndex: 'judgesCounted', align: 'right', responsive: ['lg'] },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            <b>{t('judge.formula')}：</b>{t('judge.formulaText')}
          </Typography.Paragraph>
        </Card>
      )}
      {r && id && <JudgePanel contestId={id} open={status === 'open'} canManage={canManage} version={version} onChanged={results.reload} />}
      {createModal}
      {addingJudge && current && (
        <JudgeForm contestId={current.id} onClose={() => setAddingJudge(false)} onSaved={() => { setAddingJudge(false); results.reload(); setVersion((v) => v + 1); }} />
      )}
      {addingEntries && current && (
        <EntriesForm
          contestId={current.id}
          allianceId={current.allianceId}
          onClose={() => setAddingEntries(false)}
          onSaved={() => { setAddingEntries(false); results.reload(); }}
        />
      )}
    </Flex>
  );
}
