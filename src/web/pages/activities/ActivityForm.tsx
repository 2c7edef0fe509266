/** Create (no `activity`) or edit an activity; the server's field errors land on the fields. */
import type { Dayjs } from 'dayjs';
import { DatePicker, Flex, Form, Input, InputNumber, Select, Switch } from 'antd';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { fromPicker, toPicker } from '../../format.ts';
import { useT } from '../../i18n.ts';
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
  const signupOpen = Form.useWatch('signupOpen', form);
  const initial: FormValues = activity ? {
    kind: activity.kind, orgId: activity.orgId ?? undefined, title: activity.title, topic: activity.topic, place: activity.place, speaker: activity.speaker,
    // Beijing time in the pickers whatever the browser's zone (format.ts)
    time: [toPicker(activity.startsAt)!, toPicker(activity.endsAt)!], checkin: [toPicker(activity.checkinOpensAt)!, toPicker(activity.checkinClosesAt)!],
    signupOpen: activity.signupOpen, capacity: activity.capacity, seriesId: activity.seriesId,
  } : { kind: 'party_lesson', signupOpen: false };

  const save = async (v: FormValues) => {
    const body: Record<string, unknown> = {
      title: v.title?.trim(), topic: v.topic?.trim() || null, place: v.place?.trim() || null, speaker: v.speaker?.trim() || null,
      startsAt: fromPicker(v.time?.[0]), endsAt: fromPicker(v.time?.[1]),
      signupOpen: !!v.signupOpen, capacity: v.signupOpen ? v.capacity ?? null : null, seriesId: v.seriesId ?? null,
    };
    if (v.checkin?.[0] && v.checkin[1]) { body.checkinOpensAt = fromPicker(v.checkin[0]); body.checkinClosesAt = fromPicker(v.checkin[1]); }
    const saved = activity
      ? await activitiesApi.updateActivity(activity.id, body)
      : await activitiesApi.createActivity({ ...body, kind: v.kind, orgId: v.orgId } as ActivityInput);
    onSaved(saved);
  };

  return (
    <FormModal<FormValues> open={open} title={activity ? t('act.edit') : t('act.new')} onClose={onClose} width={640} form={form}
      okText={t('act.save')} okTestId="activity-save" errorTestId="activity-form-error" initialValues={initial} onSubmit={save}
      // the server names its fields (startsAt…); put them on the form's fields (time…)
      fields={Object.values(FIELD_OF)} mapError={(e) => renameFields(e, FIELD_OF)}>
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
    </FormModal>
  );
}

