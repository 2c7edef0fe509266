import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Input, Skeleton, Tag, Typography } from 'antd';
import { useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { clusterApi, type Pledge } from './api.ts';

function ReviewCard({ pledge, category, onDone }: { pledge: Pledge; category: string; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const review = async (status: 'fulfilled' | 'not_fulfilled') => {
    setBusy(true);
    try {
      await clusterApi.reviewPledge(pledge.id, { status, comment: comment.trim() || null });
      message.success(t('review.done'));
      onDone();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" data-testid="review-card">
      <Flex vertical gap={6}>
        <Flex gap={4} wrap><Typography.Text strong>{pledge.memberName}</Typography.Text><Tag color="red">{category}</Tag><Tag>{pledge.year}</Tag></Flex>
        <Typography.Paragraph style={{ margin: 0 }}>{pledge.content}</Typography.Paragraph>
        <Input placeholder={t('review.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
        <Flex gap={8}>
          <Button type="primary" block loading={busy} onClick={() => review('fulfilled')}>{t('review.fulfilled')}</Button>
          <Button block loading={busy} onClick={() => review('not_fulfilled')}>{t('review.notFulfilled')}</Button>
        </Flex>
      </Flex>
    </Card>
  );
}

/** Org admins: this year's figures for their organisation, and the pledges waiting for a review. */
export default function PledgeReviewPage() {
  const t = useT();
  const { me } = useAuth();
  const year = new Date().getFullYear();
  const grant = me?.grants.find((g) => g.scopeKind === 'org' || g.scopeKind === 'alliance');
  const statsQuery = grant ? { year, [grant.scopeKind === 'org' ? 'orgId' : 'allianceId']: grant.scopeId } : null;
  const stats = useQuery(`stats:${JSON.stringify(statsQuery)}`, (signal) =>
    statsQuery ? clusterApi.pledgeStats(statsQuery, signal) : Promise.resolve(null));
  const pending = useQuery('pending', (signal) => clusterApi.pledges({ status: 'in_progress', year, pageSize: 30 }, signal));
  const cats = useQuery('pledge-categories', (signal) => clusterApi.pledgeCategories(signal));
  const catName = (code: string) => cats.data?.find((c) => c.code === code)?.name ?? code;
  const reload = () => { pending.reload(); stats.reload(); };
  const s = stats.data;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <PageTitle>{t('review.title')}</PageTitle>
      {s && (
        <Alert type="info" showIcon title={t('review.stats', {
          year: s.year, members: s.members, pledged: s.membersPledged, pledges: s.pledges,
          rate: s.fulfilmentRate === null ? '—' : `${Math.round(s.fulfilmentRate * 1000) / 10}%`,
        })} />
      )}
      <Typography.Title level={5} style={{ margin: 0 }}>{t('review.pending')}{pending.data ? `（${pending.data.total}）` : ''}</Typography.Title>
      {pending.error ? <Alert type="error" showIcon title={errorText(pending.error, t)} /> : null}
      {!pending.data ? <Skeleton active /> : pending.data.items.length === 0 ? <Empty description={t('review.empty')} /> : (
        pending.data.items.map((p) => <ReviewCard key={p.id} pledge={p} category={catName(p.category)} onDone={reload} />)
      )}
    </Flex>
  );
}
