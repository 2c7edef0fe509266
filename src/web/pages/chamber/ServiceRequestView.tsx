/** A service request for its dispatcher, agency or enterprise: what is needed, the clock, the timeline and the next step. Works at 375 px. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Flex, Form, Input, Rate, Select, Skeleton, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel } from '../../components/labels.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { servicesApi, type ServiceRequest } from './api.ts';
import { RequestStageTags } from './ServicesPage.tsx';

type Action = 'dispatch' | 'reply' | 'handBack' | 'sendBack' | 'rate' | null;

export default function ServiceRequestView({ id }: { id: string }) {
  const t = useT();
  const { message } = App.useApp();
  const [, setParams] = useSearchParams();
  const q = useQuery(`request:${id}`, (signal) => servicesApi.request(id, signal));
  const [data, setData] = useState<ServiceRequest | null>(null);
  const [action, setAction] = useState<Action>(null);
  const r = data && data.id === id ? data : q.data;
  if (q.error) return <ErrorAlert error={q.error} onRetry={q.reload} />;
  if (!r) return <Skeleton active />;
  const done = (v: ServiceRequest) => { setData(v); setAction(null); message.success(t('svc.saved')); };
  const back = () => setParams({});

  return (
    <Flex vertical gap={12} style={{ maxWidth: 900 }} data-testid="svc-request">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={back} style={{ alignSelf: 'flex-start', padding: 0 }}>{t('svc.back')}</Button>
      <Flex wrap gap={8} align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>{r.title}</Typography.Title>
        <span data-testid="svc-stage"><RequestStageTags r={r} /></span>
        {r.dueAt && <Typography.Text type="secondary">{t('svc.dueIn', { due: formatDateTime(r.dueAt) })}</Typography.Text>}
      </Flex>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} items={[
        { key: 'n', label: t('svc.col.number'), children: r.number },
        { key: 's', label: t('svc.service'), children: enumLabel(t, 'svc.service', r.service) },
        { key: 'u', label: t('svc.unit'), children: r.unitName },
        { key: 'a', label: t('svc.agency'), children: r.agencyName ?? '—' },
        { key: 'at', label: t('svc.event.open'), children: formatDateTime(r.submittedAt) },
        { key: 'rt', label: t('svc.col.rating'), children: r.rating == null ? '—' : `${r.rating} / 5` },
      ]} />
      {r.lastHandBack && <Typography.Text type="warning">{t('svc.lastHandBack', { reason: r.lastHandBack })}</Typography.Text>}
      {r.lastSendBack && <Typography.Text type="warning" data-testid="svc-last-sendback">{t('svc.lastSendBack', { reason: r.lastSendBack })}</Typography.Text>}
      <Flex wrap gap={8} data-testid="svc-actions">
        {r.may.dispatch && r.stage === 'accepted' && <Button type="primary" onClick={() => setAction('dispatch')} data-testid="svc-act-dispatch">{t('svc.act.dispatch')}</Button>}
        {r.may.handle && r.stage === 'dispatched' && (
          <Button type="primary" data-testid="svc-act-sign" onClick={async () => {
            try { done(await servicesApi.sign(r.id)); } catch (e) { message.error(errorText(e, t)); }
          }}>{t('svc.act.sign')}</Button>
        )}
        {r.may.handle && r.stage === 'handling' && <Button type="primary" onClick={() => setAction('reply')} data-testid="svc-act-reply">{t('svc.act.reply')}</Button>}
        {r.may.handle && (r.stage === 'dispatched' || r.stage === 'handling') && <Button danger onClick={() => setAction('handBack')} data-testid="svc-act-handback">{t('svc.act.handBack')}</Button>}
        {r.may.rate && r.stage === 'replied' && <Button type="primary" onClick={() => setAction('rate')} data-testid="svc-act-rate">{t('svc.act.rate')}</Button>}
        {r.may.rate && r.stage === 'replied' && <Button danger onClick={() => setAction('sendBack')} data-testid="svc-act-sendback">{t('svc.act.sendBack')}</Button>}
      </Flex>
      <Card size="small" title={t('svc.detail')}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.detail}</Typography.Paragraph></Card>
      {r.result && <Card size="small" title={t('svc.result')}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.result}</Typography.Paragraph></Card>}
      <Card size="small" title={t('svc.timeline')}>
        <Timeline data-testid="svc-timeline" items={r.timeline.map((e) => ({
          key: e.id,
          children: (
            <Flex vertical>
              <Typography.Text strong>{enumLabel(t, 'svc.event', e.kind)}{e.toStage ? ` → ${enumLabel(t, 'svc.stage', e.toStage)}` : ''}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(e.at)}{e.actorName ? ` · ${e.actorName}` : ''}</Typography.Text>
              {e.note && <Typography.Text>{e.note}</Typography.Text>}
            </Flex>
          ),
        }))} />
      </Card>
      {action && <RequestAction r={r} action={action} onClose={() => setAction(null)} onDone={done} onGone={() => { message.success(t('svc.handedBackDone')); back(); }} />}
    </Flex>
  );
}

interface Values { unitId?: string; note?: string; result?: string; reason?: string; value?: number; comment?: string }

function RequestAction({ r, action, onClose, onDone, onGone }: { r: ServiceRequest; action: NonNullable<Action>; onClose: () => void; onDone: (v: ServiceRequest) => void; onGone: () => void }) {
  const t = useT();
  const required = [{ required: true, message: t('svc.required') }];
  const agencies = useQuery(`agencies:${r.service}:${action}`, (signal) => (action === 'dispatch' ? servicesApi.agencies({ service: r.service }, signal) : Promise.resolve([])));
  const titles = { dispatch: t('svc.act.dispatch'), reply: t('svc.act.reply'), handBack: t('svc.act.handBack'), sendBack: t('svc.act.sendBack'), rate: t('svc.act.rate') };
  return (
    <FormModal<Values> title={titles[action]} okText={t('svc.submit')} cancelText={t('svc.cancel')} onClose={onClose} testId={`svc-form-${action}`}
      fields={['unitId', 'note', 'result', 'reason', 'value', 'comment']} initialValues={{ value: 5 }}
      onSubmit={async (v) => {
        if (action === 'dispatch') onDone(await servicesApi.dispatch(r.id, { unitId: v.unitId!, note: v.note || null }));
        if (action === 'reply') onDone(await servicesApi.reply(r.id, { result: v.result! }));
        if (action === 'sendBack') onDone(await servicesApi.sendBack(r.id, { reason: v.reason! }));
        if (action === 'rate') onDone(await servicesApi.rate(r.id, { value: v.value!, comment: v.comment || null }));
        if (action === 'handBack') { await servicesApi.handBack(r.id, { reason: v.reason! }); onGone(); }
      }}>
      {action === 'dispatch' && (
        <>
          <Form.Item name="unitId" label={t('svc.agency')} rules={required}>
            <Select loading={agencies.loading} data-testid="svc-agency" options={(agencies.data ?? []).filter((a) => a.regionId === r.regionId)
              .map((a) => ({ value: a.id, label: `${a.name}（${t('svc.col.open')} ${a.open}）` }))} />
          </Form.Item>
          <Form.Item name="note" label={t('svc.note')}><Input maxLength={500} /></Form.Item>
        </>
      )}
      {action === 'reply' && <Form.Item name="result" label={t('svc.result')} rules={required}><Input.TextArea rows={4} maxLength={4000} data-testid="svc-result" /></Form.Item>}
      {action === 'handBack' && <Form.Item name="reason" label={t('svc.reason')} rules={required}><Input.TextArea rows={3} maxLength={1000} data-testid="svc-reason" /></Form.Item>}
      {action === 'sendBack' && <Form.Item name="reason" label={t('svc.sendBackReason')} rules={required}><Input.TextArea rows={3} maxLength={1000} data-testid="svc-sendback-reason" /></Form.Item>}
      {action === 'rate' && (
        <>
          <Form.Item name="value" label={t('svc.rating')} rules={required}><Rate data-testid="svc-rate" /></Form.Item>
          <Form.Item name="comment" label={t('svc.comment')}><Input maxLength={500} /></Form.Item>
        </>
      )}
    </FormModal>
  );
}
