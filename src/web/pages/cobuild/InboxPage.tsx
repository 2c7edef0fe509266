import { useState } from 'react';
import { Alert, Card, Checkbox, Empty, Flex, Pagination, Space, Tag, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { enumLabel } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { cobuildApi } from './api.ts';
import { NeedStatusTag, NeedView } from './NeedView.tsx';

/** `/need-inbox`: the needs dispatched to the orgs and units I answer for (a village secretary's to-do list); `/need-inbox/<id>`: one need. */
export default function InboxRoute() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const id = pathname.match(/^\/need-inbox\/([0-9a-f-]{36})/i)?.[1];
  return id ? <NeedView key={id} id={id} onBack={() => navigate('/need-inbox')} /> : <InboxPage />;
}

function InboxPage() {
  const t = useT();
  const navigate = useNavigate();
  const [openOnly, setOpenOnly] = useState(true);
  const [page, setPage] = useState(1);
  const query = { open: openOnly ? '1' as const : undefined, page, pageSize: 20 };
  const list = useQuery(JSON.stringify(query), (signal) => cobuildApi.inbox(query, signal));
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={<Checkbox checked={openOnly} onChange={(e) => { setOpenOnly(e.target.checked); setPage(1); }}>{t('inbox.openOnly')}</Checkbox>}>
        {t('inbox.title')}
      </PageTitle>
      {list.error ? <Alert type="error" showIcon title={errorText(list.error, t)} /> : null}
      {list.data && !list.data.items.length && <Empty description={t('inbox.empty')} />}
      {(list.data?.items ?? []).map((d) => (
        <Card key={d.id} size="small" hoverable onClick={() => navigate(`/need-inbox/${d.need.id}`)} data-testid="inbox-item"
          title={<Space wrap><span>{d.need.title}</span><NeedStatusTag status={d.need.status} /></Space>}
          extra={<Tag>{enumLabel(t, 'dispatch.status', d.status)}</Tag>}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{d.need.partyName} · {enumLabel(t, 'need.category', d.need.category)} · {d.recipientName}</Typography.Paragraph>
          <Space wrap>
            <Typography.Text type="secondary">{t('inbox.left', { n: d.need.quantity - d.need.claimed })}</Typography.Text>
            {d.claimedSlots > 0 && <Typography.Text type="success">{t('inbox.mine', { n: d.claimedSlots })}</Typography.Text>}
            {d.need.wantedBy && <Typography.Text type="secondary">{t('needs.col.wantedBy')} {d.need.wantedBy}</Typography.Text>}
          </Space>
        </Card>
      ))}
      {(list.data?.total ?? 0) > 20 && <Pagination current={page} pageSize={20} total={list.data?.total ?? 0} onChange={setPage} />}
      <OpenNeeds />
    </Flex>
  );
}

/** Needs shown to the joint meeting or the whole town that no dispatch brought me: open them to claim for my unit. */
function OpenNeeds() {
  const t = useT();
  const navigate = useNavigate();
  const list = useQuery('needs-claimable', (signal) => cobuildApi.needs({ claimable: '1', page: 1, pageSize: 50 }, signal));
  if (!list.data?.items.length) return null;
  return (
    <>
      <Typography.Title level={5} style={{ margin: 0 }}>{t('inbox.openNeeds')}</Typography.Title>
      {list.data.items.map((n) => (
        <Card key={n.id} size="small" hoverable onClick={() => navigate(`/need-inbox/${n.id}`)} data-testid="inbox-open-need"
          title={<Space wrap><span>{n.title}</span><NeedStatusTag status={n.status} /></Space>}
          extra={<Tag>{enumLabel(t, 'need.visibility', n.visibility)}</Tag>}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{n.partyName} · {enumLabel(t, 'need.category', n.category)} · {n.allianceName}</Typography.Paragraph>
          <Typography.Text type="secondary">{t('inbox.left', { n: n.quantity - n.claimed })}</Typography.Text>
        </Card>
      ))}
    </>
  );
}
