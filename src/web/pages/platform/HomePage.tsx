import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Grant } from '../../../shared/api.ts';
import { platformApi } from './api.ts';
import { BackupsCard } from './BackupsCard.tsx';
import { dashboardScopes, HomeDashboard } from './HomeDashboard.tsx';
import { MemberHome } from './MemberHome.tsx';
import { TodoCard } from './TodoCard.tsx';
import { useAuth } from '../../auth.tsx';
import { enumLabel, permissionLabel } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useLocale, useT } from '../../i18n.ts';

function HealthCard() {
  const t = useT();
  const health = useQuery('health', (signal) => platformApi.health(signal));
  const data = health.data;
  // `applied` is how many migrations the database has recorded and `latest` the tag of the newest of them
  // (GET /api/health); the server applies every migration before it listens, so none is pending here.
  const upToDate = data ? Number(data.migration.applied) > 0 && data.migration.latest !== null : false;

  return (
    <Card
      title={t('home.health')}
      data-testid="health-card"
      extra={
        <Button
          type="text"
          size="small"
          icon={<ReloadOutlined />}
          aria-label={t('home.health.refresh')}
          loading={health.loading}
          onClick={health.reload}
        />
      }
    >
      {health.error ? (
        <Alert type="warning" showIcon title={t('home.health.unavailable')} description={errorText(health.error, t)} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Descriptions
          column={1}
          size="small"
          items={[
            {
              key: 'status',
              label: t('home.health.status'),
              children:
                data.status === 'ok' ? <Tag color="success">{t('home.health.ok')}</Tag> : <Tag color="error">{data.status}</Tag>,
            },
            { key: 'database', label: t('home.health.database'), children: data.database },
            {
              key: 'migration',
              label: t('home.health.migration'),
              children: (
                <Flex wrap gap={4} align="center">
                  <span>
                    {t('home.health.migrationValue', {
                      applied: String(data.migration.applied ?? '—'),
                      latest: String(data.migration.latest ?? '—'),
                    })}
                  </span>
                  {upToDate ? (
                    <Tag color="success">{t('home.health.migrationCurrent')}</Tag>
                  ) : (
                    <Tag color="warning">{t('home.health.migrationPending')}</Tag>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/**
 * The home page, per role (docs/home.md): a member's own cards; for a region admin, coordinator or secretary the
 * key figures of their scope and their to-do list; the platform admin's health and backups cards lower down.
 */
export default function HomePage() {
  const t = useT();
  const { locale } = useLocale();
  const { me } = useAuth();
  if (!me) return null;
  const { user } = me;
  const scopes = dashboardScopes(me.grants);
  const acts = me.grants.some((g) => g.role !== 'member');

  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('home.title')}</PageTitle>
      <Typography.Text type="secondary">{t('home.welcome', { name: user.displayName || user.username })}</Typography.Text>
      {acts && <TodoCard />}
      {scopes.length > 0 && <HomeDashboard grants={me.grants} />}
      {user.memberId && <MemberHome />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('home.profile')} data-testid="profile-card" style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'displayName', label: t('home.displayName'), children: user.displayName },
                { key: 'username', label: t('home.username'), children: user.username },
                {
                  key: 'admin',
                  label: t('home.platformAdmin'),
                  children: user.isPlatformAdmin ? t('common.yes') : t('common.no'),
                },
                {
                  key: 'locale',
                  label: t('home.locale'),
                  children: user.locale === 'zh-CN' ? t('lang.zh') : user.locale === 'en-US' ? t('lang.en') : user.locale ?? t('home.localeUnset'),
                },
                { key: 'expires', label: t('home.sessionExpires'), children: formatDateTime(me.session.expiresAt) },
                { key: 'idle', label: t('home.sessionIdleExpires'), children: formatDateTime(me.session.idleExpiresAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('home.grants')} data-testid="grants-card" style={{ height: '100%' }}>
            <Table<Grant>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={me.grants}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.grantsEmpty')} /> }}
              columns={[
                { key: 'role', title: t('home.grant.role'), render: (_, g) => <Tag color="red">{enumLabel(t, 'role', g.role)}</Tag> },
                { key: 'scopeKind', title: t('home.grant.scopeKind'), render: (_, g) => enumLabel(t, 'scope', g.scopeKind) },
                { key: 'scope', title: t('home.grant.scope'), render: (_, g) => g.scopeName ?? g.scopeId },
                { key: 'region', title: t('home.grant.region'), render: (_, g) => g.regionName ?? g.regionId },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {user.isPlatformAdmin && (
        <>
          <HealthCard />
          <BackupsCard />
          <Card title={t('home.permissions')} data-testid="permissions-card">
            {me.permissions.length === 0 ? (
              <Typography.Text type="secondary">{t('home.permissionsEmpty')}</Typography.Text>
            ) : (
              <Flex wrap gap={8}>
                {me.permissions.map((p) => (
                  <Tag key={p} title={p}>
                    {permissionLabel(locale, p)}
                  </Tag>
                ))}
              </Flex>
            )}
          </Card>
        </>
      )}
    </Flex>
  );
}
