/**
 * A member's home: my next activities, my pledges, my quizzes, my hours (GET /api/v1/me/overview), my pledges
 * (GET /api/v1/pledges?mine=1) and my dues (GET /api/v1/me/dues); each card links to the page where it is done.
 */
import { Card, Col, Empty, Flex, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { enumLabel } from '../../components/labels.ts';
import { formatDateTime, thisYear } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { activitiesApi } from '../activities/api.ts';
import { clusterApi } from '../cluster/api.ts';
import { homeApi } from './homeApi.ts';

const more = (to: string, t: ReturnType<typeof useT>) => <Link to={to}>{t('home.member.more')}</Link>;

export function MemberHome() {
  const t = useT();
  const year = thisYear();
  const overview = useQuery('home:me:overview', (signal) => activitiesApi.overview(signal));
  const pledges = useQuery(`home:me:pledges:${year}`, (signal) => clusterApi.pledges({ mine: '1', year, page: 1, pageSize: 5 }, signal).catch(() => null));
  const dues = useQuery('home:me:dues', (signal) => homeApi.myDues(signal));
  const o = overview.data;
  return (
    <Row gutter={[16, 16]} data-testid="member-home">
      <Col xs={24} lg={12}>
        <Card title={t('home.member.next')} extra={more('/my', t)} data-testid="member-next" style={{ height: '100%' }}>
          {!o ? <Skeleton active /> : o.upcoming.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.member.nextEmpty')} /> : (
            <List size="small" dataSource={o.upcoming.slice(0, 5)} renderItem={(a) => (
              <List.Item>
                <Flex vertical style={{ width: '100%' }}>
                  <Flex gap={8} align="baseline" wrap><Tag>{enumLabel(t, 'kind', a.kind)}</Tag><Link to="/my">{a.title}</Link></Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(a.startsAt)}{a.place ? ` · ${a.place}` : ''}</Typography.Text>
                </Flex>
              </List.Item>
            )} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('home.member.pledges')} extra={more('/my-pledges', t)} data-testid="member-pledges" style={{ height: '100%' }}>
          {!pledges.data && pledges.loading ? <Skeleton active /> : !pledges.data?.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.member.pledgesEmpty')} /> : (
            <List size="small" dataSource={pledges.data.items} renderItem={(p) => (
              <List.Item>
                <Flex gap={8} align="baseline" wrap style={{ width: '100%' }}>
                  <Tag color={p.status === 'fulfilled' ? 'green' : p.status === 'not_fulfilled' ? 'red' : 'orange'}>{enumLabel(t, 'pledge.status', p.status)}</Tag>
                  <span style={{ flex: 1, minWidth: 0 }}>{p.content}</span>
                </Flex>
              </List.Item>
            )} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('home.member.quizzes')} extra={more('/my', t)} data-testid="member-quizzes" style={{ height: '100%' }}>
          {!o ? <Skeleton active /> : o.quizzes.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.member.quizzesEmpty')} /> : (
            <List size="small" dataSource={o.quizzes.slice(0, 5)} renderItem={(q) => (
              <List.Item>
                <Flex vertical>
                  <Link to={`/my?quiz=${q.quizId}`}>{q.title}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('home.member.quizAttempts', { used: q.attemptsUsed, allowed: q.attemptsAllowed })}
                    {q.bestScore !== null ? ` · ${t('home.member.quizBest', { score: q.bestScore })}` : ''}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )} />
          )}
        </Card>
      </Col>
      <Col xs={12} lg={8}>
        <Card title={t('home.member.hours')} extra={more('/my', t)} data-testid="member-hours" style={{ height: '100%' }}>
          {!o ? <Skeleton active /> : (
            <Flex gap={24} wrap>
              <Statistic title={t('home.member.hoursThisYear')} value={t('home.member.hoursUnit', { n: o.serviceHours.thisYear })} />
              <Statistic title={t('home.member.hoursTotal')} value={t('home.member.hoursUnit', { n: o.serviceHours.total })} />
            </Flex>
          )}
        </Card>
      </Col>
      <Col xs={12} lg={8}>
        <Card title={t('home.member.dues')} extra={more('/my-dues', t)} data-testid="member-dues" style={{ height: '100%' }}>
          {!dues.data ? <Skeleton active /> : (
            <Flex vertical gap={4}>
              <Typography.Text strong>
                {dues.data.monthlyFen === null ? t('home.member.duesUnset') : t('home.member.duesMonthly', { amount: (dues.data.monthlyFen / 100).toFixed(2) })}
              </Typography.Text>
              <Typography.Text>{t('home.member.duesPaid', { n: dues.data.paidMonths.length })}</Typography.Text>
              {dues.data.unpaidMonths.length
                ? <Typography.Text type="danger">{t('home.member.duesUnpaid', { months: dues.data.unpaidMonths.join('、') })}</Typography.Text>
                : <Typography.Text type="success">{t('home.member.duesAllPaid')}</Typography.Text>}
            </Flex>
          )}
        </Card>
      </Col>
    </Row>
  );
}
