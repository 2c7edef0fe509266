import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Select, Table, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { BOOKING_STATUS_LIST, venuesApi, type Booking, type BookingStatus } from './api.ts';
import { StatusTag, timeRange } from './common.tsx';

/** The booker's list: bookings made by me or for the orgs and units I book for; cancel one or a whole series. */
export default function MyBookingsPage() {
  const t = useT();
  const { message } = App.useApp();
  const [status, setStatus] = useState<BookingStatus | undefined>();
  const [page, setPage] = useState(1);
  const query = { view: 'mine' as const, status, page, pageSize: 50 };
  const list = useQuery(JSON.stringify(query), (signal) => venuesApi.bookings(query, signal));
  const act = async (fn: () => Promise<unknown>) => {
    try { await fn(); message.success(t('booking.cancelled')); list.reload(); } catch (e) { message.error(errorText(e, t)); }
  };
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('booking.mine.title')}</PageTitle>
      <Select allowClear placeholder={t('booking.filter.status')} style={{ width: 160 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }}
        options={BOOKING_STATUS_LIST.map((s) => ({ value: s, label: t(`booking.status.${s}`) }))} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Booking>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('booking.empty') }} data-testid="my-bookings"
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('booking.col.venue'), dataIndex: 'resourceName' },
          { title: t('booking.col.time'), key: 'time', render: (_: unknown, b) => timeRange(b.startsAt, b.endsAt) },
          { title: t('booking.col.booker'), dataIndex: 'bookerName', responsive: ['md'] },
          { title: t('booking.col.purpose'), dataIndex: 'purpose', responsive: ['lg'] },
          {
            title: t('booking.col.status'), key: 'status', render: (_: unknown, b) => (
              <Flex vertical>
                <span><StatusTag t={t} status={b.status} /></span>
                {b.rejectReason && <Typography.Text type="secondary">{b.rejectReason}</Typography.Text>}
                {b.occurrence !== null && <Typography.Text type="secondary">{t('booking.series', { n: b.occurrence + 1 })}{b.isException ? ` · ${t('booking.exception')}` : ''}</Typography.Text>}
              </Flex>
            ),
          },
          {
            title: t('booking.col.actions'), key: 'actions', render: (_: unknown, b) => (b.status === 'pending' || b.status === 'approved') && (
              <Flex gap={4} wrap>
                <Popconfirm title={t('booking.cancelConfirm')} onConfirm={() => act(() => venuesApi.cancel(b.id))}>
                  <Button size="small" danger>{t('booking.cancel')}</Button>
                </Popconfirm>
                {b.seriesId && (
                  <Popconfirm title={t('booking.cancelSeries')} onConfirm={() => act(() => venuesApi.cancelSeries(b.seriesId!))}>
                    <Button size="small">{t('booking.cancelSeries')}</Button>
                  </Popconfirm>
                )}
              </Flex>
            ),
          },
        ]}
      />
    </Flex>
  );
}
