import { useState } from 'react';
import { App, Button, Checkbox, Flex, Form, InputNumber, Popconfirm, Radio, Select, Table, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { FormModal } from '../../components/FormModal.tsx';
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
  const [changing, setChanging] = useState<Booking | null>(null);
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
                {b.seriesId && !b.isException && (
                  <Button size="small" onClick={() => setChanging(b)} data-testid="series-change">{t('series.change')}</Button>
                )}
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
      {changing && <SeriesChangeForm booking={changing} onClose={() => setChanging(null)} onSaved={() => { setChanging(null); list.reload(); }} />}
    </Flex>
  );
}

/**
 * A new time of day and duration for a weekly booking, from this occurrence on or for all of it. Occurrences moved or
 * cancelled on their own keep their times; a refusal lists each occurrence that conflicts.
 */
function SeriesChangeForm({ booking, onClose, onSaved }: { booking: Booking; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  interface V { startTime: Dayjs; durationMinutes: number; scope: 'from' | 'all'; bookAvailable?: boolean }
  const required = [{ required: true, message: t('booking.form.required') }];
  const start = dayjs(booking.startsAt);
  return (
    <FormModal<V> title={t('series.change')} fields={['startTime', 'durationMinutes']} onClose={onClose} cancelText={t('common.cancel')} testId="series-change-form"
      initialValues={{ startTime: start, durationMinutes: Math.round((Date.parse(booking.endsAt) - Date.parse(booking.startsAt)) / 60_000), scope: 'from' }}
      onSubmit={async (v) => {
        const r = await venuesApi.changeSeries(booking.seriesId!, {
          startTime: v.startTime.format('HH:mm'), durationMinutes: v.durationMinutes, bookAvailable: !!v.bookAvailable,
          ...(v.scope === 'from' ? { fromBookingId: booking.id } : {}),
        });
        const kept = r.occurrences.filter((o) => o.outcome !== 'changed').length;
        message.success(t('series.changed', { changed: r.changed, kept }));
        onSaved();
      }}>
      <Typography.Paragraph type="secondary">{t('series.changeHint')}</Typography.Paragraph>
      <Form.Item name="scope" label={t('series.scope')}>
        <Radio.Group options={[{ value: 'from', label: t('series.scope.from', { n: (booking.occurrence ?? 0) + 1 }) }, { value: 'all', label: t('series.scope.all') }]} />
      </Form.Item>
      <Form.Item name="startTime" label={t('series.startTime')} rules={required}><TimePicker format="HH:mm" minuteStep={15} needConfirm={false} data-testid="series-change-time" /></Form.Item>
      <Form.Item name="durationMinutes" label={t('series.duration')} rules={required}><InputNumber min={15} max={1440} step={15} data-testid="series-change-duration" /></Form.Item>
      <Form.Item name="bookAvailable" valuePropName="checked"><Checkbox>{t('series.bookAvailable')}</Checkbox></Form.Item>
    </FormModal>
  );
}
