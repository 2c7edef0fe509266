import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Radio, Result, Select, Spin, Typography } from 'antd';
import { ApiError } from '../../api.ts';
import { applyServerErrors } from '../../components/forms.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { eventsApi, type PublicRegistered } from './events-api.ts';

/** "Registered? Cancel with your code": the registrant frees their place (a wrong code reads as an unknown one). */
function CancelByCode({ token, code, onDone }: { token: string; code?: string; onDone: (name: string) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!open) return <Button type="link" block onClick={() => { setOpen(true); if (code) form.setFieldsValue({ code }); }} data-testid="event-public-cancel-open">{code ? t('ev.pub.cancelMine') : t('ev.pub.cancelOpen')}</Button>;
  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={{ code }} data-testid="event-public-cancel" onFinish={async (v) => {
      setBusy(true); setError(undefined);
      try { onDone((await eventsApi.cancelByCode(token, v.code.trim())).name); } catch (err) { setError(applyServerErrors(form, err, ['code'], t)); } finally { setBusy(false); }
    }}>
      <Form.Item name="code" label={t('ev.pub.cancelCode')} rules={[{ required: true, whitespace: true }]}><Input maxLength={20} autoCapitalize="characters" data-testid="event-public-cancel-code" /></Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button danger htmlType="submit" block loading={busy} data-testid="event-public-cancel-submit">{t('ev.pub.cancelSubmit')}</Button>
    </Form>
  );
}

const AGE_BANDS = ['18-25', '26-30', '31-35', '36-40', '41+'] as const;
interface Values { name: string; unit?: string; phone?: string; gender?: 'M' | 'F'; ageBand?: (typeof AGE_BANDS)[number] }

/**
 * The public registration page of a 联谊 event (/e/:token), for staff of the units without an account; made for a
 * phone (375 px). The answer shows the confirmation code to show at the door; the phone is never shown back.
 */
export default function PublicEventPage() {
  const t = useT();
  const { token = '' } = useParams();
  const ev = useQuery(`public-event:${token}`, (signal) => eventsApi.publicEvent(token, signal));
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<PublicRegistered | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const gone = ev.error instanceof ApiError && ev.error.status === 404;
  const e = ev.data;
  return (
    <div style={{ minHeight: '100vh', background: '#fff7f0', padding: '16px 12px' }}>
      <Flex vertical gap={12} style={{ maxWidth: 480, margin: '0 auto' }}>
        <Flex justify="flex-end"><LanguageSwitch /></Flex>
        {ev.loading && <Spin />}
        {gone && <Result status="404" title={t('ev.pub.gone')} subTitle={t('ev.pub.goneHint')} data-testid="event-public-gone" />}
        {ev.error != null && !gone && <Alert type="error" showIcon title={errorText(ev.error, t)} />}
        {e && (
          <Card data-testid="event-public">
            <Typography.Title level={3} style={{ color: '#c8161d', marginTop: 0 }}>{e.title}</Typography.Title>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{t('ev.pub.when', { from: formatDateTime(e.startsAt).slice(0, 16), to: formatDateTime(e.endsAt).slice(11, 16) })}</Typography.Paragraph>
            {e.place && <Typography.Paragraph style={{ marginBottom: 4 }}>{t('ev.pub.where', { place: e.place })}</Typography.Paragraph>}
            {e.organiser && <Typography.Paragraph type="secondary">{t('ev.pub.by', { org: e.organiser })}</Typography.Paragraph>}
            {cancelled != null ? (
              <Result status="info" title={t('ev.pub.cancelled', { name: cancelled })} data-testid="event-public-cancelled" />
            ) : done ? (
              <>
                <Result
                status={done.status === 'confirmed' ? 'success' : 'info'} data-testid="event-public-done"
                title={done.status === 'confirmed' ? t('ev.pub.confirmed', { name: done.name }) : t('ev.pub.waitlisted', { name: done.name, position: done.position ?? 0 })}
                subTitle={<>{t('ev.pub.code')}<Typography.Text strong style={{ fontSize: 28, letterSpacing: 4, display: 'block' }} data-testid="event-public-code">{done.code}</Typography.Text>{t('ev.pub.codeHint')}</>}
              />
              <CancelByCode token={token} code={done.code} onDone={(name) => { setDone(null); setCancelled(name); }} />
              </>
            ) : !e.open ? (
              <Alert type="info" showIcon title={t('ev.pub.closed')} />
            ) : (
              <>
                {e.full && <Alert type="warning" showIcon title={t('ev.pub.full')} style={{ marginBottom: 12 }} data-testid="event-public-full" />}
                <Form<Values> form={form} layout="vertical" requiredMark={false} data-testid="event-public-form" onFinish={async (v) => {
                  setBusy(true); setError(undefined);
                  try {
                    setDone(await eventsApi.register(token, { ...v, phone: v.phone?.trim() || undefined }));
                  } catch (err) { setError(applyServerErrors(form, err, ['name', 'unit', 'phone', 'gender', 'ageBand'], t)); } finally { setBusy(false); }
                }}>
                  <Form.Item name="name" label={t('ev.field.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={50} autoComplete="name" /></Form.Item>
                  {e.fields.includes('unit') && (
                    <Form.Item name="unit" label={t('ev.field.unit')} rules={[{ required: true }]}>
                      {e.units.length
                        ? <Select options={e.units.map((u) => ({ value: u.name, label: u.full ? `${u.name}（${t('ev.pub.unitFull')}）` : u.name }))} data-testid="event-public-unit" />
                        : <Input maxLength={100} />}
                    </Form.Item>
                  )}
                  {e.fields.includes('phone') && (
                    <Form.Item name="phone" label={t('ev.field.phone')} extra={t('ev.pub.phoneHint')} rules={[{ required: true }, { pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/, message: t('ev.pub.phoneBad') }]}>
                      <Input inputMode="tel" maxLength={13} autoComplete="tel" />
                    </Form.Item>
                  )}
                  {e.fields.includes('gender') && (
                    <Form.Item name="gender" label={t('ev.field.gender')} rules={[{ required: true }]}>
                      <Radio.Group options={[{ value: 'M', label: t('ev.gender.M') }, { value: 'F', label: t('ev.gender.F') }]} />
                    </Form.Item>
                  )}
                  {e.fields.includes('ageBand') && (
                    <Form.Item name="ageBand" label={t('ev.field.ageBand')} rules={[{ required: true }]}>
                      <Select options={AGE_BANDS.map((a) => ({ value: a, label: a }))} data-testid="event-public-age" />
                    </Form.Item>
                  )}
                  {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="event-public-error" />}
                  <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="event-public-submit">{e.full ? t('ev.pub.joinWaitlist') : t('ev.pub.submit')}</Button>
                </Form>
                <CancelByCode token={token} onDone={setCancelled} />
              </>
            )}
          </Card>
        )}
      </Flex>
    </div>
  );
}
