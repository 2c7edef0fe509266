/** Create (no `activity`) or edit an activity; the server's field errors land on the fields. */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useT } from '../../i18n.ts';
import { applyServerErrors, OrgTreeSelect } from '../directory/common.tsx';
import { activitiesApi, type Activity, type ActivityInput, type Series } from './api.ts';
import { kindOptions, renameFields } from './common.ts';

type FormValues = {
  kind?: string; orgId?: string; title?: string; topic?: string | null; place?: string | null; speaker?: string | null;
  time?: [Dayjs, Dayjs]; checkin?: [Dayjs, Dayjs] | null; signupOpen?: boolean; capacity?: number | null; seriesId?: string | null;
};
/** server field name → form field */
const FIELD_OF: Record<string, keyof FormValues> = {
  kind: 'kind', orgId: 'orgId', title: 'title', topic: 'topic', place: 'place', speaker: 'speaker', startsAt: 'time', endsAt: 'time',
  checkinOpensAt: 'checkin', checkinClosesAt: 'checkin', signupOpen: 'signupOpen', capacity: 'capacity', seriesId: 'seriesId',
};

export function ActivityForm({ activity, series, open, onClose, onSaved }: {
  activity?: Activity; series: Series[]; open: boolean; onClose: () => void; onSaved: (a: Activity) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const signupOpen = Form.useWatch('signupOpen', form);
  const initial: FormValues = activity ? {
    kind: activity.kind, orgId: activity.orgId ?? undefined, title: activity.title, topic: activity.topic, place: activity.place, speaker: activity.speaker,
    time: [dayjs(activity.startsAt), dayjs(activity.endsAt)], checkin: [dayjs(activity.checkinOpensAt), dayjs(activity.checkinClosesAt)],
    signupOpen: activity.signupOpen, capacity: activity.capacity, seriesId: activity.seriesId,
  } : { kind: 'party_lesson', signupOpen: false };

  const save = async (v: FormValues) => {
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {
      title: v.title?.trim(), topic: v.topic?.trim() || null, place: v.place?.trim() || null, speaker: v.speaker?.trim() || null,
      startsAt: v.time?.[0]?.toISOString(), endsAt: v.time?.[1]?.toISOString(),
      signupOpen: !!v.signupOpen, capacity: v.signupOpen ? v.capacity ?? null : null, seriesId: v.seriesId ?? null,
    };
    if (v.checkin?.[0] && v.checkin[1]) { body.checkinOpensAt = v.checkin[0].toISOString(); body.checkinClosesAt = v.checkin[1].toISOString(); }
    try {
      const saved = activity
        ? await activitiesApi.updateActivity(activity.id, body)
        : await activitiesApi.createActivity({ ...body, kind: v.kind, orgId: v.orgId } as ActivityInput);
      onSaved(saved);
    } catch (e) {
      // the server names its fields (startsAt…); put them on the form's fields (time…)
      setError(applyServerErrors(form, renameFields(e, FIELD_OF), Object.values(FIELD_OF), t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={activity ? t('act.edit') : t('act.new')} onCancel={onClose} destroyOnHidden width={640}
      okText={t('act.save')} okButtonProps={{ loading: busy, 'data-testid': 'activity-save' } as never} onOk={() => form.submit()}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="activity-form-error" />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} preserve={false}>
        <Flex gap={12} wrap>
          <Form.Item name="kind" label={t('act.kind')} rules={[{ required: true }]} style={{ flex: '1 1 180px' }}>
            <Select options={kindOptions(t)} disabled={!!activity} />
          </Form.Item>
          {activity ? (
            <Form.Item label={t('act.org')} style={{ flex: '2 1 240px' }}><Input disabled value={activity.orgName ?? ''} /></Form.Item>
          ) : (
            <Form.Item name="orgId" label={t('act.org')} rules={[{ required: true, message: t('act.orgRequired') }]} style={{ flex: '2 1 240px' }}>
              <OrgTreeSelect testId="activity-org" style={{ width: '100%' }} />
            </Form.Item>
          )}
        </Flex>
        <Form.Item name="title" label={t('act.title')} rules={[{ required: true, whitespace: true, message: t('act.titleRequired') }]}>
          <Input maxLength={200} data-testid="activity-title-input" />
        </Form.Item>
        <Form.Item name="time" label={t('act.time')} rules={[{ required: true, message: t('act.timeRequired') }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="place" label={t('act.place')} style={{ flex: '1 1 200px' }}><Input maxLength={200} /></Form.Item>
          <Form.Item name="speaker" label={t('act.speaker')} style={{ flex: '1 1 160px' }}><Input maxLength={100} /></Form.Item>
        </Flex>
        <Form.Item name="topic" label={t('act.topic')}><Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
        <Flex gap={12} wrap align="end">
          <Form.Item name="signupOpen" label={t('act.signupOpen')} valuePropName="checked"><Switch /></Form.Item>
          {signupOpen && (
            <Form.Item name="capacity" label={t('act.capacity')} extra={t('act.capacityHint')} style={{ flex: '1 1 160px' }}>
              <InputNumber min={1} max={100000} style={{ width: '100%' }} />
            </Form.Item>
          )}
        </Flex>
        <Form.Item name="checkin" label={t('act.checkinWindow')} extra={t('act.checkinHint')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="seriesId" label={t('act.series')}>
          <Select allowClear options={series.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

