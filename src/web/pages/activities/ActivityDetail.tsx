/**
 * One activity for staff (`/activities/<id>`): its facts, the check-in QR code shown large, the attendees
 * (expected, signed up, waiting list, checked in, absent with reason) with tick-to-check-in, service hours
 * per attendee for volunteer kinds (the server's refusal shown on the field), the minutes, and the photos
 * (taken on a phone at the activity and uploaded here; each refusal shown with its file's name).
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import QRCode from 'qrcode';
import {
  Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Image, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Skeleton, Space, Table, Tag,
  Typography, Upload,
} from 'antd';
import { ArrowLeftOutlined, CameraOutlined, DeleteOutlined, EditOutlined, ExpandOutlined, PictureOutlined, PrinterOutlined } from '@ant-design/icons';
import { PageTitle } from '../../components/PageTitle.tsx';
import { PrintDialog } from '../../components/PrintDialog.tsx';
import { errorText } from '../../errors.ts';
import { formatDateTime, serverNow } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useCan } from '../../components/permissions.ts';
import { activitiesApi, MAX_PHOTOS, PHOTO_TYPE_LIST, type Activity, type ActivityPhoto, type Attendee } from './api.ts';
import { ActivityForm } from './ActivityForm.tsx';
import { fieldMessage, when } from './common.ts';
import { MemberPicker } from './MemberPicker.tsx';

type Filter = 'all' | 'expected' | 'signedUp' | 'waitlisted' | 'checkedIn' | 'absent';
const SERVICE_KINDS = new Set(['volunteer']);

function isAbsent(a: Attendee, ended: boolean) {
  return !a.checkedInAt && (a.absenceReason !== null || (ended && (a.expected || a.signup === 'signed_up')));
}

/** The activity's facts as a heading of a printed page. */
function PrintHead({ activity, what }: { activity: Activity; what: string }) {
  const t = useT();
  return (
    <>
      <Typography.Title level={4} style={{ textAlign: 'center' }}>{activity.title} {what}</Typography.Title>
      <Typography.Paragraph>
        <Flex gap={24} wrap component="span">
          <span>{t('act.time')}：{when(activity)}</span><span>{t('act.place')}：{activity.place ?? '—'}</span><span>{t('act.org')}：{activity.orgName ?? '—'}</span>
        </Flex>
      </Typography.Paragraph>
    </>
  );
}

/** The sign-in sheet (签到表) as a page to print from the browser: the facts, then one line per person to sign. */
function SignInSheetModal({ activity, people, onClose }: { activity: Activity; people: Attendee[]; onClose: () => void }) {
  const t = useT();
  // who is expected or signed up, then walk-ins who checked in; the waiting list does not sign
  const rows = people.filter((p) => p.expected || p.signup === 'signed_up' || p.checkedInAt);
  return (
    <PrintDialog title={t('act.printSheet')} onClose={onClose} testId="sign-in-sheet">
      <PrintHead activity={activity} what={t('act.signInSheet')} />
      <table className="print-table">
        <thead><tr><th style={{ width: '3em' }}>{t('act.sheet.no')}</th><th>{t('act.sheet.name')}</th><th>{t('act.sheet.checkedIn')}</th><th style={{ width: '40%' }}>{t('act.sheet.sign')}</th></tr></thead>
        <tbody>
          {rows.map((p, i) => (
            <tr key={p.memberId}><td>{i + 1}</td><td>{p.name}</td><td>{p.checkedInAt ? formatDateTime(p.checkedInAt).slice(11, 16) : ''}</td><td /></tr>
          ))}
          {/* blank lines for those who come unannounced */}
          {Array.from({ length: 5 }, (_, i) => <tr key={`blank-${i}`}><td>{rows.length + i + 1}</td><td /><td /><td /></tr>)}
        </tbody>
      </table>
    </PrintDialog>
  );
}

/** The minutes (会议记录) to print: the facts, who came and who did not (with the reason), and the text. */
function MinutesPrintModal({ activity, people, onClose }: { activity: Activity; people: Attendee[]; onClose: () => void }) {
  const t = useT();
  const ended = Date.parse(activity.endsAt) < serverNow();
  const came = people.filter((p) => p.checkedInAt);
  const absent = people.filter((p) => isAbsent(p, ended));
  return (
    <PrintDialog title={t('act.printMinutes')} onClose={onClose} testId="minutes-sheet">
      <PrintHead activity={activity} what={t('act.minutes')} />
      <Typography.Paragraph data-testid="minutes-attendance">
        {t('act.minutesAttendance', { expected: people.filter((p) => p.expected).length, came: came.length, absent: absent.length })}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('act.minutesCame')}：{came.map((p) => p.name).join('、') || '—'}</Typography.Paragraph>
      {absent.length > 0 && (
        <Typography.Paragraph>
          {t('act.minutesAbsent')}：{absent.map((p) => (p.absenceReason ? `${p.name}（${p.absenceReason}）` : p.name)).join('、')}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', borderTop: '1px solid #999', paddingTop: 8 }} data-testid="minutes-text">
        {activity.minutes || t('act.minutesNone')}
      </Typography.Paragraph>
    </PrintDialog>
  );
}

/** The check-in QR code: the member's phone opens `/my?checkin=…&code=…`. */
function CheckinQr({ activity }: { activity: Activity }) {
  const t = useT();
  const code = useQuery(`checkin-code:${activity.id}`, (signal) => activitiesApi.checkinCode(activity.id, signal));
  const [png, setPng] = useState<string>();
  const [big, setBig] = useState(false);
  const url = code.data ? new URL(code.data.path, window.location.origin).toString() : undefined;
  useEffect(() => {
    if (!url) return;
    let live = true;
    QRCode.toDataURL(url, { width: 720, margin: 2, errorCorrectionLevel: 'M' }).then((d) => { if (live) setPng(d); }, () => undefined);
    return () => { live = false; };
  }, [url]);
  if (code.error) return <Alert type="warning" showIcon title={errorText(code.error, t)} />;
  if (!code.data || !png) return <Skeleton.Image active style={{ width: 240, height: 240 }} />;
  const now = serverNow();
  const open = Date.parse(code.data.opensAt) <= now && now <= Date.parse(code.data.closesAt);
  return (
    <Flex vertical align="center" gap={8} data-testid="checkin-qr">
      <img src={png} alt={t('act.qr')} style={{ width: '100%', maxWidth: 320, aspectRatio: '1 / 1' }} />
      <Tag color={open ? 'green' : 'default'}>
        {open ? t('act.qrOpen') : t('act.qrWindow', { from: formatDateTime(code.data.opensAt).slice(0, 16), to: formatDateTime(code.data.closesAt).slice(5, 16) })}
      </Tag>
      <Typography.Text copyable={{ text: url }} style={{ wordBreak: 'break-all', fontSize: 12 }} type="secondary">{url}</Typography.Text>
      <Button icon={<ExpandOutlined />} onClick={() => setBig(true)}>{t('act.qrFull')}</Button>
      <Modal open={big} onCancel={() => setBig(false)} footer={null} width="min(92vw, 92vh)" centered title={activity.title}>
        <img src={png} alt={t('act.qr')} style={{ width: '100%' }} />
      </Modal>
    </Flex>
  );
}

/** Service hours of one attendee: saved on blur/enter; the server's refusal (e.g. > 24 h a day) under the field. */
function HoursField({ activityId, a, onSaved }: { activityId: string; a: Attendee; onSaved: () => void }) {
  const t = useT();
  const [value, setValue] = useState<number | null>(a.serviceHours);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (value === a.serviceHours) return;
    setBusy(true);
    try {
      await activitiesApi.updateAttendee(activityId, a.memberId, { serviceHours: value });
      setError(undefined);
      onSaved();
    } catch (e) {
      setError(fieldMessage(e, 'serviceHours') ?? errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form.Item validateStatus={error ? 'error' : undefined} help={error} style={{ margin: 0, minWidth: 110 }}>
      <InputNumber data-testid="hours-input" size="small" min={0} step={0.5} precision={2} value={value} disabled={busy} addonAfter={t('act.hoursUnit')}
        onChange={(v) => setValue(v)} onBlur={save} onPressEnter={save} style={{ width: 130 }} />
    </Form.Item>
  );
}

function ReasonField({ activityId, a, onSaved }: { activityId: string; a: Attendee; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [value, setValue] = useState(a.absenceReason ?? '');
  const save = async () => {
    const next = value.trim() || null;
    if (next === a.absenceReason) return;
    try { await activitiesApi.updateAttendee(activityId, a.memberId, { absenceReason: next }); onSaved(); } catch (e) { message.error(errorText(e, t)); }
  };
  return <Input size="small" placeholder={t('act.absenceReason')} value={value} maxLength={500} onChange={(e) => setValue(e.target.value)} onBlur={save} onPressEnter={save} style={{ minWidth: 140 }} />;
}

function Minutes({ activity, canWrite, onSaved }: { activity: Activity; canWrite: boolean; onSaved: (a: Activity) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [text, setText] = useState(activity.minutes ?? '');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try { onSaved(await activitiesApi.updateActivity(activity.id, { minutes: text.trim() || null })); message.success(t('act.saved')); } catch (e) { message.error(errorText(e, t)); } finally { setBusy(false); }
  };
  if (!canWrite) return <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{activity.minutes || '—'}</Typography.Paragraph>;
  return (
    <Flex vertical gap={8}>
      <Input.TextArea data-testid="minutes-input" value={text} onChange={(e) => setText(e.target.value)} maxLength={20000} autoSize={{ minRows: 4, maxRows: 16 }}
        placeholder={t('act.minutesHint')} />
      <div><Button type="primary" loading={busy} onClick={save} disabled={text === (activity.minutes ?? '')}>{t('act.saveMinutes')}</Button></div>
    </Flex>
  );
}

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/**
 * The photos card: thumbnails (the download URL, previewed large on a tap), upload from the gallery or — on a
 * phone — straight from the camera, several at once; delete for writers. The server decides the type by content.
 */
function Photos({ activityId, canWrite, mobile }: { activityId: string; canWrite: boolean; mobile: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const photos = useQuery(`activity-photos:${activityId}`, (signal) => activitiesApi.photos(activityId, signal));
  const [caption, setCaption] = useState('');
  const [pending, setPending] = useState(0);
  const [errors, setErrors] = useState<string[]>([]);
  const list = photos.data ?? [];
  const full = list.length >= MAX_PHOTOS;

  const send = async (file: File) => {
    if (file.size > MAX_PHOTO_BYTES) {
      setErrors((prev) => [...prev, t('act.photos.failed', { name: file.name, message: t('act.photos.tooLarge') })]);
      return;
    }
    setPending((n) => n + 1);
    try {
      await activitiesApi.uploadPhoto(activityId, file, caption.trim() || undefined);
      message.success(t('act.photos.uploaded', { n: 1 }));
    } catch (e) {
      setErrors((prev) => [...prev, t('act.photos.failed', { name: file.name, message: errorText(e, t) })]);
    } finally {
      setPending((n) => n - 1);
      photos.reload();
    }
  };
  const remove = async (p: ActivityPhoto) => {
    try { await activitiesApi.deletePhoto(p.id); message.success(t('act.photos.deleted')); photos.reload(); } catch (e) { message.error(errorText(e, t)); }
  };
  const picker = (camera: boolean) => (
    <Upload accept={PHOTO_TYPE_LIST.join(',')} multiple={!camera} capture={camera ? 'environment' : undefined} showUploadList={false} disabled={full}
      beforeUpload={(file) => { setErrors([]); void send(file); return false; }}>
      <Button type={camera ? 'primary' : 'default'} icon={camera ? <CameraOutlined /> : <PictureOutlined />} disabled={full}
        data-testid={camera ? 'photo-camera' : 'photo-upload'}>{t(camera ? 'act.photos.take' : 'act.photos.upload')}</Button>
    </Upload>
  );

  return (
    <Card size="small" title={t('act.photos')} style={{ marginTop: 16 }} data-testid="activity-photos"
      extra={list.length > 0 && <Typography.Text type="secondary">{t('act.photos.count', { n: list.length })}</Typography.Text>}>
      <Flex vertical gap={12}>
        {canWrite && (
          <Flex vertical gap={8}>
            <Flex gap={8} wrap align="center">
              {mobile && picker(true)}
              {picker(false)}
              {pending > 0 && <Typography.Text type="secondary">{t('act.photos.uploading', { n: pending })}</Typography.Text>}
            </Flex>
            <Input value={caption} onChange={(e) => setCaption(e.target.value)} maxLength={200} allowClear placeholder={t('act.photos.caption')} style={{ maxWidth: 420 }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {full ? t('act.photos.full', { max: MAX_PHOTOS }) : t('act.photos.hint', { max: MAX_PHOTOS })}
            </Typography.Text>
          </Flex>
        )}
        {errors.length > 0 && (
          <Alert type="error" showIcon closable onClose={() => setErrors([])} data-testid="photo-errors"
            title={errors.length === 1 ? errors[0] : <ul style={{ margin: 0, paddingInlineStart: 16 }}>{errors.map((e, i) => <li key={i}>{e}</li>)}</ul>} />
        )}
        <ErrorAlert error={photos.error} onRetry={photos.reload} />
        {!photos.data && !photos.error ? <Skeleton.Image active /> : list.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('act.photos.none')} /> : (
          <Image.PreviewGroup>
            <Flex gap={8} wrap>
              {list.map((p) => (
                <Flex key={p.id} vertical gap={4} style={{ width: mobile ? 100 : 128 }} data-testid="activity-photo">
                  <Image src={activitiesApi.photoUrl(p.id)} alt={p.caption ?? p.fileName} width={mobile ? 100 : 128} height={mobile ? 100 : 128}
                    style={{ objectFit: 'cover', borderRadius: 4 }} />
                  {p.caption && <Typography.Text ellipsis={{ tooltip: p.caption }} style={{ fontSize: 12 }}>{p.caption}</Typography.Text>}
                  {canWrite && (
                    <Popconfirm title={t('act.photos.deleteConfirm')} onConfirm={() => remove(p)}>
                      <Button size="small" danger type="text" icon={<DeleteOutlined />} data-testid="photo-delete">{t('act.photos.delete')}</Button>
                    </Popconfirm>
                  )}
                </Flex>
              ))}
            </Flex>
          </Image.PreviewGroup>
        )}
      </Flex>
    </Card>
  );
}

export default function ActivityDetail({ id }: { id: string }) {
  const t = useT();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const canWrite = useCan('activities.write');
  const activity = useQuery(`activity:${id}`, (signal) => activitiesApi.activity(id, signal));
  const attendees = useQuery(`attendees:${id}`, (signal) => activitiesApi.attendees(id, signal));
  const [printing, setPrinting] = useState<'sheet' | 'minutes' | null>(null);
  const series = useQuery('activity-series', (signal) => activitiesApi.series(undefined, signal));
  const [filter, setFilter] = useState<Filter>('all');
  const [selected, setSelected] = useState<string[]>([]);
  const [ticking, setTicking] = useState(false);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState<{ memberId?: string } | null>(null);
  const a = activity.data;
  const ended = a ? Date.parse(a.endsAt) < serverNow() : false;
  const list = useMemo(() => attendees.data ?? [], [attendees.data]);
  const counts = useMemo(() => ({
    all: list.length,
    expected: list.filter((x) => x.expected).length,
    signedUp: list.filter((x) => x.signup === 'signed_up').length,
    waitlisted: list.filter((x) => x.signup === 'waitlisted').length,
    checkedIn: list.filter((x) => x.checkedInAt).length,
    absent: list.filter((x) => isAbsent(x, ended)).length,
  }), [list, ended]);
  const shown = list.filter((x) => {
    switch (filter) {
      case 'expected': return x.expected;
      case 'signedUp': return x.signup === 'signed_up';
      case 'waitlisted': return x.signup === 'waitlisted';
      case 'checkedIn': return !!x.checkedInAt;
      case 'absent': return isAbsent(x, ended);
      default: return true;
    }
  });
  const reloadAll = () => { attendees.reload(); activity.reload(); };

  const addExpected = async () => {
    if (!adding?.memberId) return;
    try {
      await activitiesApi.updateAttendee(id, adding.memberId, { expected: true });
      setAdding(null);
      reloadAll();
    } catch (e) {
      message.error(errorText(e, t));
    }
  };

  const tick = async () => {
    setTicking(true);
    try {
      const r = await activitiesApi.tick(id, selected);
      message.success(t('act.ticked', { n: r.length }));
      setSelected([]);
      reloadAll();
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setTicking(false);
    }
  };

  if (activity.error) return <ErrorAlert error={activity.error} onRetry={activity.reload} />;
  if (!a) return <Skeleton active />;
  const service = SERVICE_KINDS.has(a.kind);
  const seriesName = a.seriesId ? series.data?.find((s) => s.id === a.seriesId)?.name : undefined;

  return (
    <>
      <Link to="/activities"><ArrowLeftOutlined /> {t('act.back')}</Link>
      <PageTitle extra={
        <Flex gap={8}>
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting('sheet')} data-testid="activity-sign-in-print">{t('act.printSheet')}</Button>
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting('minutes')} data-testid="activity-minutes-print">{t('act.printMinutes')}</Button>
          <Button href={activitiesApi.signInSheetUrl(a.id)} data-testid="activity-sign-in-sheet">{t('act.signInSheetXlsx')}</Button>
          {canWrite && <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="activity-edit">{t('act.edit')}</Button>}
        </Flex>
      }>
        <span data-testid="activity-title">{a.title}</span>
      </PageTitle>
      <Flex gap={16} wrap align="start">
        <Card size="small" style={{ flex: '2 1 420px', minWidth: 0 }}>
          <Descriptions size="small" column={mobile ? 1 : 2} data-testid="activity-facts" items={[
            { key: 'kind', label: t('act.kind'), children: <Tag>{t(`kind.${a.kind}` as MessageKey)}</Tag> },
            { key: 'status', label: t('act.status'), children: canWrite ? (
              <Select size="small" value={a.status} style={{ minWidth: 100 }} onChange={async (status) => {
                try { await activitiesApi.updateActivity(a.id, { status }); activity.reload(); } catch (e) { message.error(errorText(e, t)); }
              }} options={(['planned', 'held', 'cancelled'] as const).map((s) => ({ value: s, label: t(`act.status.${s}`) }))} />
            ) : t(`act.status.${a.status}` as MessageKey) },
            { key: 'org', label: t('act.org'), children: a.orgName ?? '—' },
            { key: 'time', label: t('act.time'), children: when(a) },
            { key: 'place', label: t('act.place'), children: a.place ?? '—' },
            { key: 'speaker', label: t('act.speaker'), children: a.speaker ?? '—' },
            { key: 'topic', label: t('act.topic'), children: a.topic ?? '—', span: mobile ? 1 : 2 },
            { key: 'checkin', label: t('act.checkinWindow'), children: `${formatDateTime(a.checkinOpensAt).slice(0, 16)}–${formatDateTime(a.checkinClosesAt).slice(5, 16)}` },
            { key: 'signup', label: t('act.signupOpen'), children: a.signupOpen ? t('act.signupYes', { capacity: a.capacity ?? '∞' }) : t('act.signupNo') },
            ...(seriesName ? [{ key: 'series', label: t('act.series'), children: seriesName }] : []),
          ]} />
          {a.counts && (
            <Space wrap style={{ marginTop: 8 }} data-testid="activity-counts">
              <Tag color="blue">{t('act.count.expected', { n: a.counts.expected })}</Tag>
              <Tag color="cyan">{t('act.count.signedUp', { n: a.counts.signedUp })}</Tag>
              <Tag color="orange">{t('act.count.waitlisted', { n: a.counts.waitlisted })}</Tag>
              <Tag color="green">{t('act.count.checkedIn', { n: a.counts.checkedIn })}</Tag>
            </Space>
          )}
        </Card>
        {canWrite && (
          <Card size="small" title={t('act.qr')} style={{ flex: '1 1 280px', maxWidth: mobile ? '100%' : 380 }}>
            <CheckinQr activity={a} />
          </Card>
        )}
      </Flex>

      <Card size="small" title={t('act.attendees')} style={{ marginTop: 16 }}
        extra={canWrite && (
          <Space wrap size={8}>
            {selected.length > 0 && <Button type="primary" loading={ticking} onClick={tick} data-testid="tick-checkin">{t('act.tick', { n: selected.length })}</Button>}
            <Button onClick={() => setAdding({})}>{t('act.addExpected')}</Button>
          </Space>
        )}>
        <div style={{ overflowX: 'auto', marginBottom: 8 }}>
          <Segmented<Filter> value={filter} onChange={setFilter} data-testid="attendee-filter"
            options={(['all', 'expected', 'signedUp', 'waitlisted', 'checkedIn', 'absent'] as const).map((f) => ({ value: f, label: `${t(`act.filter.${f}`)} ${counts[f]}` }))} />
        </div>
        <ErrorAlert error={attendees.error} onRetry={attendees.reload} />
        <Table<Attendee> data-testid="attendee-table" rowKey="memberId" size="small" loading={attendees.loading} dataSource={shown}
          scroll={{ x: 'max-content' }} pagination={{ pageSize: 50, hideOnSinglePage: true, simple: mobile }}
          rowSelection={canWrite ? {
            selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (x) => ({ disabled: !!x.checkedInAt || x.signup === 'waitlisted', 'aria-label': x.name }),
          } : undefined}
          columns={[
            { title: t('act.name'), dataIndex: 'name', render: (n: string) => <span data-testid="attendee-name">{n}</span> },
            { title: t('act.state'), key: 'state', render: (_: unknown, x) => (
              <Space size={4} wrap>
                {x.expected && <Tag color="blue">{t('act.filter.expected')}</Tag>}
                {x.signup === 'signed_up' && <Tag color="cyan">{t('act.filter.signedUp')}</Tag>}
                {x.signup === 'waitlisted' && <Tag color="orange">{t('act.filter.waitlisted')}</Tag>}
                {x.checkedInAt && <Tag color="green">{t('act.checkedInAt', { time: formatDateTime(x.checkedInAt).slice(11, 16) })}{x.checkinMethod ? ` · ${t(x.checkinMethod === 'qr' ? 'act.method.qr' : 'act.method.admin')}` : ''}</Tag>}
                {isAbsent(x, ended) && <Tag color="red">{t('act.filter.absent')}</Tag>}
              </Space>
            ) },
            { title: t('act.absenceReason'), key: 'reason', render: (_: unknown, x) => (x.checkedInAt ? null
              : canWrite ? <ReasonField key={`${x.memberId}:${x.absenceReason ?? ''}`} activityId={id} a={x} onSaved={attendees.reload} /> : x.absenceReason) },
            ...(service ? [{ title: t('act.hours'), key: 'hours', render: (_: unknown, x: Attendee) => (canWrite
              ? <HoursField key={`${x.memberId}:${x.serviceHours ?? ''}`} activityId={id} a={x} onSaved={attendees.reload} />
              : x.serviceHours ?? '') }] : []),
            ...(a.kind === 'lecture' ? [{ title: t('act.rating'), key: 'rating', render: (_: unknown, x: Attendee) => (x.rating ? `${'★'.repeat(x.rating)}${x.comment ? ` ${x.comment}` : ''}` : '') }] : []),
          ]} />
      </Card>

      <Card size="small" title={t('act.minutes')} style={{ marginTop: 16 }}>
        <Minutes key={a.minutes ?? ''} activity={a} canWrite={canWrite} onSaved={() => activity.reload()} />
        {a.photos.length > 0 && (
          <Image.PreviewGroup>
            <Flex gap={8} wrap style={{ marginTop: 8 }}>{a.photos.map((p) => <Image key={p} src={p} width={120} />)}</Flex>
          </Image.PreviewGroup>
        )}
      </Card>
      <Photos activityId={a.id} canWrite={canWrite} mobile={mobile} />
      <Modal open={!!adding} title={t('act.addExpected')} onCancel={() => setAdding(null)} onOk={addExpected} okButtonProps={{ disabled: !adding?.memberId }} destroyOnHidden>
        <MemberPicker value={adding?.memberId} onChange={(memberId) => setAdding({ memberId })} placeholder={t('lec.memberSearch')} />
      </Modal>
      {printing === 'sheet' && <SignInSheetModal activity={a} people={attendees.data ?? []} onClose={() => setPrinting(null)} />}
      {printing === 'minutes' && <MinutesPrintModal activity={a} people={attendees.data ?? []} onClose={() => setPrinting(null)} />}
      {editing && (
        <ActivityForm open activity={a} series={series.data ?? []} onClose={() => setEditing(false)}
          onSaved={() => { setEditing(false); message.success(t('act.saved')); reloadAll(); }} />
      )}
    </>
  );
}
