import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { thisYear } from '../../format.ts';
import { useT } from '../../i18n.ts';
import { clusterApi, type Pledge } from './api.ts';

type Verdict = 'fulfilled' | 'not_fulfilled';
const PAGE_SIZE = 20;

/**
 * Org admins: this year's figures, and the pledges waiting for a review — paged on the server, filtered by branch
 * and category, reviewed one by one or as a selection (已兑现, after a confirmation); the last review can be taken
 * back (撤销) from the same screen.
 */
export default function PledgeReviewPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const { me } = useAuth();
  // a to-do opens the pledges of one org and year: /pledge-reviews?orgId=…&year=YYYY (an earlier year's are overdue)
  const [params] = useSearchParams();
  const asked = Number(params.get('year'));
  // the year in Beijing (on 31 Dec after 16:00 UTC it is already the next), unless a to-do asked for an earlier one
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear() ? asked : thisYear();
  const [orgId, setOrgId] = useState<string | undefined>(params.get('orgId') ?? undefined);
  const [category, setCategory] = useState<string>();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<{ ids: string[]; status: Verdict } | null>(null);

  const grant = me?.grants.find((g) => g.scopeKind === 'org' || g.scopeKind === 'alliance');
  const statsQuery = grant ? { year, [grant.scopeKind === 'org' ? 'orgId' : 'allianceId']: grant.scopeId } : null;
  const stats = useQuery(`stats:${JSON.stringify(statsQuery)}`, (signal) =>
    statsQuery ? clusterApi.pledgeStats(statsQuery, signal) : Promise.resolve(null));
  const query = { status: 'in_progress' as const, year, orgId, category, page, pageSize: PAGE_SIZE };
  const pending = useQuery(`pending:${JSON.stringify(query)}`, (signal) => clusterApi.pledges(query, signal));
  const cats = useQuery('pledge-categories', (signal) => clusterApi.pledgeCategories(signal));
  const catName = (code: string) => cats.data?.find((c) => c.code === code)?.name ?? '—';
  const reload = () => { pending.reload(); stats.reload(); };
  const s = stats.data;
  const verdictLabel = (v: Verdict) => t(v === 'fulfilled' ? 'review.fulfilled' : 'review.notFulfilled');

  const review = async (ids: string[], status: Verdict) => {
    setBusy(true);
    try {
      await clusterApi.reviewPledges({ ids, status, comment: comment.trim() || null });
      setLast({ ids, status });
      setSelected((sel) => sel.filter((x) => !ids.includes(x)));
      message.success(t('review.reviewedN', { n: ids.length, status: verdictLabel(status) }));
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const confirmBatch = () => {
    const ids = selected;
    modal.confirm({
      title: t('review.confirmBatch', { n: ids.length }),
      okText: t('review.confirmOk'),
      cancelText: t('review.cancel'),
      onOk: () => review(ids, 'fulfilled'),
    });
  };
  const undo = async () => {
    if (!last) return;
    setBusy(true);
    try {
      await clusterApi.undoPledgeReviews({ ids: last.ids });
      setLast(null);
      message.success(t('review.undone'));
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const filter = (f: () => void) => { f(); setPage(1); setSelected([]); };

  return (
    <Flex vertical gap={12}>
      <PageTitle
        extra={(
          <Button icon={<DownloadOutlined />} href={clusterApi.pledgesExportUrl({ year, orgId, category })} data-testid="pledges-export">
            {t('review.export')}
          </Button>
        )}
      >
        {t('review.title')}
      </PageTitle>
      {s && (
        <Alert type="info" showIcon title={t('review.stats', {
          year: s.year, members: s.members, pledged: s.membersPledged, pledges: s.pledges,
          rate: s.fulfilmentRate === null ? '—' : `${Math.round(s.fulfilmentRate * 1000) / 10}%`,
        })} />
      )}
      {last && (
        <Alert
          type="success" showIcon data-testid="review-undo-bar"
          title={t('review.reviewedN', { n: last.ids.length, status: verdictLabel(last.status) })}
          action={<Button size="small" loading={busy} onClick={undo}>{t('review.undo')}</Button>}
        />
      )}
      <Typography.Title level={5} style={{ margin: 0 }} data-testid="review-pending-title">
        {t('review.pending')}{pending.data ? `（${pending.data.total}）` : ''}
      </Typography.Title>
      <Flex gap={8} wrap>
        <OrgTreeSelect testId="review-org" value={orgId} onChange={(v) => filter(() => setOrgId(v))} placeholder={t('review.filterOrg')} />
        <Select
          data-testid="review-category" aria-label={t('review.filterCategory')} placeholder={t('review.filterCategory')} allowClear
          style={{ minWidth: 160 }} value={category} onChange={(v?: string) => filter(() => setCategory(v))}
          options={(cats.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
        />
        <Input placeholder={t('review.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} style={{ maxWidth: 260 }} />
        <Button type="primary" disabled={!selected.length} loading={busy} onClick={confirmBatch} data-testid="review-batch">
          {t('review.batchFulfilled')}{selected.length ? `（${selected.length}）` : ''}
        </Button>
      </Flex>
      <ErrorAlert error={pending.error} onRetry={pending.reload} />
      <Table<Pledge>
        rowKey="id"
        size="small"
        loading={!pending.data && !pending.error}
        dataSource={pending.data?.items ?? []}
        scroll={{ x: 720 }}
        locale={{ emptyText: t('review.empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true }}
        pagination={{
          current: page, pageSize: PAGE_SIZE, total: pending.data?.total ?? 0, showSizeChanger: false,
          showTotal: (total) => t('review.total', { total }), onChange: (p) => setPage(p),
        }}
        columns={[
          { title: t('review.col.member'), dataIndex: 'memberName', width: 100 },
          { title: t('review.col.category'), dataIndex: 'category', width: 110, render: (c: string) => <Tag color="red">{catName(c)}</Tag> },
          { title: t('review.col.content'), dataIndex: 'content' },
          {
            title: t('review.col.actions'), key: 'actions', width: 170,
            render: (_: unknown, p) => (
              <Space size={4}>
                <Button size="small" type="link" disabled={busy} onClick={() => review([p.id], 'fulfilled')}>{t('review.fulfilled')}</Button>
                <Button size="small" type="link" disabled={busy} onClick={() => review([p.id], 'not_fulfilled')}>{t('review.notFulfilled')}</Button>
              </Space>
            ),
          },
        ]}
      />
    </Flex>
  );
}
