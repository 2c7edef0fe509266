import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Progress, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { enumLabel } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { cobuildApi } from './api.ts';
import { MyMeetingsSection } from './MyMeetingsSection.tsx';
import { MyResourcesSection } from './MyResourcesSection.tsx';
import { NeedForm } from './NeedForm.tsx';
import { NeedStatusTag, NeedView } from './NeedView.tsx';

/**
 * `/my-needs`: a liaison's (or secretary's) page for their unit: raise a need, follow it to its results, confirm and rate
 * it; phone-sized (cards, one column). `/my-needs/<id>`: one need.
 */
export default function MyNeedsRoute() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const id = pathname.match(/^\/my-needs\/([0-9a-f-]{36})/i)?.[1];
  return id ? <NeedView key={id} id={id} onBack={() => navigate('/my-needs')} /> : <MyNeedsPage />;
}

function MyNeedsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me } = useAuth();
  const grant = me?.grants.find((g) => g.scopeKind === 'unit') ?? me?.grants.find((g) => g.scopeKind === 'org');
  const [creating, setCreating] = useState(false);
  const list = useQuery('my-needs', (signal) => cobuildApi.needs({ mine: '1', pageSize: 100 }, signal));
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={grant && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="need-new">{t('needs.new')}</Button>}>
        {t('myNeeds.title')}{grant?.scopeName ? ` · ${grant.scopeName}` : ''}
      </PageTitle>
      {list.error ? <Alert type="error" showIcon title={errorText(list.error, t)} /> : null}
      {list.data && !list.data.items.length && <Empty description={t('myNeeds.empty')} />}
      {(list.data?.items ?? []).map((n) => (
        <Card key={n.id} size="small" hoverable onClick={() => navigate(`/my-needs/${n.id}`)} data-testid="my-need"
          title={<Space wrap><span>{n.title}</span><NeedStatusTag status={n.status} /></Space>}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{enumLabel(t, 'need.category', n.category)} · {n.allianceName}</Typography.Paragraph>
          <Typography.Text>{t('myNeeds.progress', { claimed: n.claimed, quantity: n.quantity, filled: n.filled })}</Typography.Text>
          <Progress percent={Math.round((n.filled / n.quantity) * 100)} size="small" />
        </Card>
      ))}
      <MyMeetingsSection />
      <MyResourcesSection />
      {creating && grant && (
        <NeedForm
          unitId={grant.scopeKind === 'unit' ? grant.scopeId : undefined} orgId={grant.scopeKind === 'org' ? grant.scopeId : undefined}
          onClose={() => setCreating(false)} onSaved={(n) => { setCreating(false); navigate(`/my-needs/${n.id}`); }}
        />
      )}
    </Flex>
  );
}
