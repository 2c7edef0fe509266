import { useEffect, useState } from 'react';
import { App, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormModal } from '../../components/FormModal.tsx';
import { fromDay, toDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { venuesApi, type Venue } from './api.ts';
import { beijing, HALF_HOURS } from './common.tsx';

interface Values { booker: string; day: Dayjs; from: string; to: string; purpose: string; attendees?: number; weeks?: number; bookAvailable?: boolean }

/** Modal: book a venue once or weekly, for an org or unit the user books for (or themselves, where the venue allows). */
export function BookingForm({ venue, day, onClose, onSaved }: { venue: Venue; day: string; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const bookers = useQuery(`bookers:${venue.id}`, (signal) => venuesApi.bookers(venue.id, signal));
  const options = [
    ...(bookers.data?.orgs ?? []).map((o) => ({ value: `org:${o.id}`, label: o.name })),
    ...(bookers.data?.units ?? []).map((u) => ({ value: `unit:${u.id}`, label: u.name })),
    ...(bookers.data?.self ? [{ value: 'self', label: t('booking.form.self') }] : []),
  ];
  const [form] = Form.useForm<Values>();
  // one key per opened form: a retry after a lost answer is answered with the first booking, not a conflict
  const [key] = useState(() => crypto.randomUUID());
  const first = options[0]?.value;
  // the first booker the user may book for, once they are loaded
  useEffect(() => { if (first && !form.getFieldValue('booker')) form.setFieldValue('booker', first); }, [first, form]);
  const required = [{ required: true, message: t('booking.form.required') }];

  const submit = async (v: Values) => {
    const d = fromDay(v.day)!;
    const [kind, id] = v.booker.split(':');
    const res = await venuesApi.book({
      venueResourceId: venue.id, ...(kind === 'org' ? { orgId: id } : kind === 'unit' ? { unitId: id } : {}),
      purpose: v.purpose, attendees: v.attendees ?? undefined, startsAt: beijing(d, v.from), endsAt: beijing(d, v.to),
      ...(v.weeks && v.weeks > 1 ? { weeks: v.weeks, bookAvailable: !!v.bookAvailable } : {}),
    }, key);
    message.success(t('booking.booked', { n: res.bookings.length }));
    const refused = res.occurrences.filter((o) => o.outcome === 'refused').length;
    if (refused) message.warning(t('booking.refusedSome', { n: refused }));
    onSaved();
  };

  return (
    <FormModal<Values> title={t('booking.form.title', { name: venue.name })} okText={t('booking.form.submit')} cancelText={t('common.cancel')}
      fields={['booker', 'day', 'from', 'to', 'purpose', 'attendees', 'weeks', 'bookAvailable']} onSubmit={submit} onClose={onClose} testId="booking-form" formTestId="booking-form"
      form={form}
      initialValues={{ day: toDay(day) ?? undefined, from: '19:00', to: '20:00' }}>
      <Form.Item name="booker" label={t('booking.form.booker')} rules={required}>
        <Select loading={bookers.loading} options={options} data-testid="booking-booker" showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="day" label={t('booking.form.day')} rules={required}><DatePicker /></Form.Item>
      <Flex gap={12}>
        <Form.Item name="from" label={t('booking.form.from')} rules={required}>
          <Select style={{ width: 110 }} options={HALF_HOURS.map((h) => ({ value: h, label: h }))} data-testid="booking-from" />
        </Form.Item>
        <Form.Item name="to" label={t('booking.form.to')} rules={required}>
          <Select style={{ width: 110 }} options={HALF_HOURS.map((h) => ({ value: h, label: h }))} data-testid="booking-to" />
        </Form.Item>
      </Flex>
      <Form.Item name="purpose" label={t('booking.form.purpose')} rules={required}><Input maxLength={200} data-testid="booking-purpose" /></Form.Item>
      <Form.Item name="attendees" label={t('booking.form.attendees')}><InputNumber min={1} max={venue.capacity} /></Form.Item>
      <Form.Item name="weeks" label={t('booking.form.weeks')}><InputNumber min={2} max={52} /></Form.Item>
      <Form.Item name="bookAvailable" valuePropName="checked"><Checkbox>{t('booking.form.bookAvailable')}</Checkbox></Form.Item>
    </FormModal>
  );
}
