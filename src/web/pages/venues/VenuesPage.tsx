import { useState } from 'react';
import { App, Button, Calendar as AntCalendar, Card, Checkbox, DatePicker, Empty, Flex, Form, Input, InputNumber, Segmented, Skeleton, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime, fromDay, fromPicker, todayIso, toDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { venuesApi, type Calendar, type Venue } from './api.ts';
import { BookingForm } from './BookingForm.tsx';
import { mondayOf, plusDays, StatusTag, timeRange } from './common.tsx';

/** The shared venues of the user's region; `?id=` opens one venue's week or month calendar, booked from it. */
export default function VenuesPage() {
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  return id ? <VenueView id={id} onBack={() => setParams({})} /> : <VenueList onOpen={(v) => setParams({ id: v })} />;
}

function VenueList({ onOpen }: { onOpen: (id: string) => void }) {
  const t = useT();
  const list = useQuery('venues', (signal) => venuesApi.venues({ pageSize: 100 }, signal));
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('venues.title')}</PageTitle>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && <Skeleton active />}
      {list.data && !list.data.items.length && <Empty description={t('venues.empty')} />}
      <Flex gap={12} wrap>
        {list.data?.items.map((v) => (
          <Card key={v.id} title={v.name} style={{ width: 340, maxWidth: '100%' }} data-testid="venue-card"
            extra={<Button type="link" onClick={() => onOpen(v.id)} data-testid="venue-open">{t('venues.open')}</Button>}>
            <Flex vertical gap={4}>
              <span><Tag>{t(`venues.kind.${v.kind}`)}</Tag>{t('venues.capacity', { n: v.capacity })}</span>
              <Typography.Text type="secondary">{t('venues.owner')}：{v.ownerName}</Typography.Text>
              {v.address && <Typography.Text type="secondary">{v.address}</Typography.Text>}
            </Flex>
          </Card>
        ))}
      </Flex>
    </Flex>
  );
}

function VenueView({ id, onBack }: { id: string; onBack: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(todayIso());
  const [booking, setBooking] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [visiting, setVisiting] = useState(false);
  const from = mode === 'week' ? mondayOf(anchor) : `${anchor.slice(0, 7)}-01`;
  const to = mode === 'week' ? plusDays(from, 7) : dayjs(from).add(1, 'month').format('YYYY-MM-DD');
  // a month view shows the whole weeks around the month
  const rangeFrom = mode === 'week' ? from : mondayOf(from);
  const rangeTo = mode === 'week' ? to : plusDays(mondayOf(plusDays(to, 6)), 0);
  const cal = useQuery(`cal:${id}:${rangeFrom}:${rangeTo}`, (signal) => venuesApi.calendar(id, `${rangeFrom}T00:00:00+08:00`, `${rangeTo}T00:00:00+08:00`, signal));
  const figures = useQuery(`fig:${id}`, (signal) => venuesApi.figures(id, signal));
  const v = cal.data?.venue;
  const step = (n: number) => setAnchor(mode === 'week' ? plusDays(anchor, 7 * n) : dayjs(anchor).add(n, 'month').format('YYYY-MM-DD'));

  return (
    <Flex vertical gap={12}>
      <PageTitle extra={(
        <Flex gap={8} wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack}>{t('venues.back')}</Button>
          {v?.canManage && <Button onClick={() => setClosing(true)}>{t('venues.addBlackout')}</Button>}
          {v?.canManage && <Button onClick={() => setVisiting(true)}>{t('venues.addVisit')}</Button>}
          {v && <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking(todayIso())} data-testid="venue-book">{t('venues.book')}</Button>}
        </Flex>
      )}>
        {v?.name ?? ''}
      </PageTitle>
      <ErrorAlert error={cal.error} onRetry={cal.reload} />
      {v && <VenueRules venue={v} />}
      {figures.data && <Typography.Text data-testid="venue-visitors">{t('venues.visitors', { n: figures.data.visitors, visits: figures.data.visits })}</Typography.Text>}
      {cal.data?.suspendedUntil && <Typography.Text type="danger">{t('venues.suspended', { until: formatDateTime(cal.data.suspendedUntil).slice(0, 16) })}</Typography.Text>}
      <Flex gap={8} align="center" wrap>
        <Segmented value={mode} onChange={(m) => setMode(m as 'week' | 'month')} options={[{ value: 'week', label: t('venues.week') }, { value: 'month', label: t('venues.month') }]} />
        <Button icon={<LeftOutlined />} aria-label={t('venues.prev')} onClick={() => step(-1)} />
        <Button onClick={() => setAnchor(todayIso())}>{t('venues.today')}</Button>
        <Button icon={<RightOutlined />} aria-label={t('venues.next')} onClick={() => step(1)} />
        <Typography.Text strong>{mode === 'week' ? `${from} ~ ${plusDays(from, 6)}` : from.slice(0, 7)}</Typography.Text>
      </Flex>
      {cal.loading && !cal.data && <Skeleton active />}
      {cal.data && (mode === 'week'
        ? <WeekGrid cal={cal.data} from={from} onBook={setBooking} />
        : <MonthGrid cal={cal.data} month={from} onBook={setBooking} />)}
      {booking && v && <BookingForm key={booking} venue={v} day={booking} onClose={() => setBooking(null)} onSaved={() => { setBooking(null); cal.reload(); }} />}
      {closing && v && <BlackoutForm venue={v} onClose={() => setClosing(false)} onSaved={() => { setClosing(false); cal.reload(); }} />}
      {visiting && v && <VisitForm venue={v} onClose={() => setVisiting(false)} onSaved={() => { setVisiting(false); figures.reload(); }} />}
    </Flex>
  );
}

function VenueRules({ venue: v }: { venue: Venue }) {
  const t = useT();
  return (
    <Flex vertical gap={2}>
      <Typography.Text type="secondary">
        {t('venues.rules', { notice: Math.round(v.minNoticeMinutes / 60), advance: v.maxAdvanceDays, min: v.minDurationMinutes, max: v.maxDurationMinutes })}
        {' · '}{v.approvalRequired ? t('venues.approval') : t('venues.noApproval')}
        {v.weeklyQuota ? ` · ${t('venues.quota', { n: v.weeklyQuota })}` : ''}
      </Typography.Text>
    </Flex>
  );
}

const dayOfIso = (iso: string) => formatDateTime(iso).slice(0, 10);
const hm = (iso: string) => formatDateTime(iso).slice(11, 16);

function DayEntries({ cal, day }: { cal: Calendar; day: string }) {
  const t = useT();
  const bookings = cal.bookings.filter((b) => dayOfIso(b.startsAt) === day);
  const closed = cal.blackouts.filter((b) => dayOfIso(b.startsAt) <= day && dayOfIso(new Date(Date.parse(b.endsAt) - 1).toISOString()) >= day);
  return (
    <Flex vertical gap={4}>
      {closed.map((b) => <Tag key={b.id} color="default">{t('venues.blackout')}：{b.reason}</Tag>)}
      {bookings.map((b) => (
        <div key={b.id} data-testid="calendar-booking" style={{ fontSize: 12, lineHeight: 1.4 }}>
          {hm(b.startsAt)}–{hm(b.endsAt)} {b.bookerName} <StatusTag t={t} status={b.status} />
        </div>
      ))}
    </Flex>
  );
}

function WeekGrid({ cal, from, onBook }: { cal: Calendar; from: string; onBook: (day: string) => void }) {
  const t = useT();
  return (
    <Flex gap={8} wrap data-testid="venue-week">
      {Array.from({ length: 7 }, (_, i) => {
        const day = plusDays(from, i);
        const w = cal.venue.openingHours[i];
        return (
          <Card key={day} size="small" style={{ width: 180, flex: '1 1 160px' }} data-testid={`week-day-${day}`}
            title={`${day.slice(5)} ${t(`venues.wd.${i}` as 'venues.wd.0')}`}
            extra={w && day >= todayIso() ? <Button size="small" type="link" onClick={() => onBook(day)} data-testid="week-book">{t('venues.book')}</Button> : null}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{w ? `${w.open}–${w.close}` : t('venues.closed')}</Typography.Text>
            <DayEntries cal={cal} day={day} />
          </Card>
        );
      })}
    </Flex>
  );
}

function MonthGrid({ cal, month, onBook }: { cal: Calendar; month: string; onBook: (day: string) => void }) {
  return (
    <AntCalendar
      value={dayjs(month)}
      headerRender={() => null}
      fullscreen
      onSelect={(d: Dayjs, info) => { if (info.source === 'date' && d.format('YYYY-MM-DD') >= todayIso()) onBook(d.format('YYYY-MM-DD')); }}
      cellRender={(d: Dayjs, info) => (info.type === 'date' ? <DayEntries cal={cal} day={d.format('YYYY-MM-DD')} /> : info.originNode)}
    />
  );
}

/**
 * A closure. Over bookings still to be used the server names each one (409 BLACKOUT_HITS_BOOKINGS): the form lists
 * them and offers to cancel them in the same step, with a reason the bookers are told.
 */
function BlackoutForm({ venue, onClose, onSaved }: { venue: Venue; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  interface V { startsAt: Dayjs; endsAt: Dayjs; reason: string; cancelBookings?: boolean; cancelReason?: string }
  const required = [{ required: true, message: t('booking.form.required') }];
  const [hits, setHits] = useState<{ bookingId: string; bookerName: string; startsAt: string; endsAt: string; status: string }[] | null>(null);
  const [form] = Form.useForm<V>();
  const cancelling = Form.useWatch('cancelBookings', form);
  return (
    <FormModal<V> form={form} title={t('venues.addBlackout')} fields={['startsAt', 'endsAt', 'reason', 'cancelReason']} onClose={onClose} cancelText={t('common.cancel')} testId="blackout-form"
      okText={hits && cancelling ? t('blackout.closeAndCancel') : undefined}
      onSubmit={async (v) => {
        try {
          const r = await venuesApi.addBlackout(venue.id, {
            startsAt: fromPicker(v.startsAt)!, endsAt: fromPicker(v.endsAt)!, reason: v.reason,
            ...(hits && v.cancelBookings ? { cancelBookings: true, cancelReason: v.cancelReason } : {}),
          });
          message.success(r.cancelled.length ? t('blackout.savedCancelled', { count: r.cancelled.length }) : t('blackout.saved'));
          onSaved();
        } catch (err) {
          if (err instanceof ApiError && err.code === 'BLACKOUT_HITS_BOOKINGS') setHits(err.details as never);
          throw err;
        }
      }}>
      <Form.Item name="startsAt" label={t('blackout.from')} rules={required}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
      <Form.Item name="endsAt" label={t('blackout.to')} rules={required}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
      <Form.Item name="reason" label={t('blackout.reason')} rules={required}><Input maxLength={200} /></Form.Item>
      {hits && (
        <>
          <Typography.Paragraph strong>{t('blackout.hits', { count: hits.length })}</Typography.Paragraph>
          <ul data-testid="blackout-hits">
            {hits.map((h) => <li key={h.bookingId}>{timeRange(h.startsAt, h.endsAt)} {h.bookerName} <StatusTag t={t} status={h.status as never} /></li>)}
          </ul>
          <Form.Item name="cancelBookings" valuePropName="checked"><Checkbox data-testid="blackout-cancel-bookings">{t('blackout.cancelBookings')}</Checkbox></Form.Item>
          {cancelling && (
            <Form.Item name="cancelReason" label={t('blackout.cancelReason')} rules={required} extra={t('blackout.cancelReasonHint')}>
              <Input.TextArea maxLength={500} data-testid="blackout-cancel-reason" />
            </Form.Item>
          )}
        </>
      )}
    </FormModal>
  );
}

function VisitForm({ venue, onClose, onSaved }: { venue: Venue; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  interface V { visitedOn: Dayjs; visitors: number; groupName: string }
  const required = [{ required: true, message: t('booking.form.required') }];
  return (
    <FormModal<V> title={t('venues.addVisit')} fields={['visitedOn', 'visitors', 'groupName']} onClose={onClose} cancelText={t('common.cancel')}
      initialValues={{ visitedOn: toDay(todayIso()) ?? undefined }}
      onSubmit={async (v) => { await venuesApi.addVisit(venue.id, { visitedOn: fromDay(v.visitedOn)!, visitors: v.visitors, groupName: v.groupName }); message.success(t('visit.saved')); onSaved(); }}>
      <Form.Item name="visitedOn" label={t('visit.day')} rules={required}><DatePicker /></Form.Item>
      <Form.Item name="visitors" label={t('visit.visitors')} rules={required}><InputNumber min={1} max={100000} /></Form.Item>
      <Form.Item name="groupName" label={t('visit.group')} rules={required}><Input maxLength={100} /></Form.Item>
    </FormModal>
  );
}
