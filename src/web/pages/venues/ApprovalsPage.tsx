import { useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Segmented, Table, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { venuesApi, type Booking, type BookingStatus } from './api.ts';
import { StatusTag, timeRange } from './common.tsx';

/** The owner's queue: pending bookings of the venues I manage (approve, reject with a reason), then check-in, no-show, done. */
export default function ApprovalsPage() {
  const t = useT();
  const { message } = App.useApp();
  const [status, setStatus] = useState<BookingStatus>('pending');
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState<Booking | null>(null);
  const [closing, setClosing] = useState<Booking | null>(null);
  const query = { view: 'approvals' as const, status, page, pageSize: 50 };
  const list = useQuery(JSON.stringify(query), (signal) => venuesApi.bookings(query, signal));
  const act = async (fn: () => Promise<unknown>) => {
    try { await fn(); message.success(t('booking.saved')); list.reload(); } catch (e) { message.error(errorText(e, t)); }
  };
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('booking.approvals.title')}</PageTitle>
      <Segmented value={status} onChange={(v) => { setStatus(v as BookingStatus); setPage(1); }}
        options={(['pending', 'approved', 'checked_in'] as const).map((s) => ({ value: s, label: t(`booking.status.${s}`) }))} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Booking>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('booking.empty') }} data-testid="approval-queue"
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('booking.col.venue'), dataIndex: 'resourceName' },
          { title: t('booking.col.time'), key: 'time', render: (_: unknown, b) => timeRange(b.startsAt, b.endsAt) },
          { title: t('booking.col.booker'), dataIndex: 'bookerName' },
          {
            title: t('booking.col.purpose'), key: 'purpose', responsive: ['md'], render: (_: unknown, b) => (
              <Flex vertical>
                <span>{b.purpose}{b.attendees ? `（${b.attendees}）` : ''}</span>
                {b.occurrence !== null && <Typography.Text type="secondary">{t('booking.series', { n: b.occurrence + 1 })}</Typography.Text>}
              </Flex>
            ),
          },
          { title: t('booking.col.status'), key: 'status', render: (_: unknown, b) => <StatusTag t={t} status={b.status} /> },
          {
            title: t('booking.col.actions'), key: 'actions', render: (_: unknown, b) => (
              <Flex gap={4} wrap>
                {b.status === 'pending' && <Button size="small" type="primary" onClick={() => act(() => venuesApi.approve(b.id))} data-testid="booking-approve">{t('booking.approve')}</Button>}
                {b.status === 'pending' && b.seriesId && <Button size="small" onClick={() => act(() => venuesApi.approveSeries(b.seriesId!))}>{t('booking.approveSeries')}</Button>}
                {b.status === 'pending' && <Button size="small" danger onClick={() => setRejecting(b)}>{t('booking.reject')}</Button>}
                {b.status === 'approved' && <Button size="small" onClick={() => act(() => venuesApi.checkIn(b.id))}>{t('booking.checkIn')}</Button>}
                {b.status === 'approved' && <Button size="small" danger onClick={() => act(() => venuesApi.noShow(b.id))}>{t('booking.noShow')}</Button>}
                {b.status === 'checked_in' && <Button size="small" onClick={() => setClosing(b)}>{t('booking.done')}</Button>}
              </Flex>
            ),
          },
        ]}
      />
      {rejecting && (
        <FormModal<{ reason: string }> title={t('booking.reject')} fields={['reason']} cancelText={t('common.cancel')} onClose={() => setRejecting(null)}
          onSubmit={async (v) => { await venuesApi.reject(rejecting.id, v.reason); message.success(t('booking.saved')); setRejecting(null); list.reload(); }}>
          <Form.Item name="reason" label={t('booking.rejectReason')} rules={[{ required: true, message: t('booking.form.required') }]}><Input.TextArea maxLength={500} /></Form.Item>
        </FormModal>
      )}
      {closing && (
        <FormModal<{ visitors?: number }> title={t('booking.done')} fields={['visitors']} cancelText={t('common.cancel')} onClose={() => setClosing(null)}
          onSubmit={async (v) => { await venuesApi.done(closing.id, v.visitors ?? undefined); message.success(t('booking.saved')); setClosing(null); list.reload(); }}>
          <Form.Item name="visitors" label={t('booking.visitors')}><InputNumber min={1} max={100000} /></Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}
