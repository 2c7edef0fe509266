/** A mediation case for the committee and its mediator: parties, sessions, agreement (PDF), follow-up, closing, timeline. Works at 375 px. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  App, Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, List, Popconfirm, Row, Select, Skeleton, Space, Tag, Timeline,
  Typography, Upload,
} from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime, fromDay, fromPicker, nowPicker, todayIso, toDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { chamberApi, TRANSFER_LIST, type MediationCase as Case, type TransferTo } from './api.ts';
import { toFen, yuan } from './MediationPage.tsx';

type Action = 'assign' | 'session' | 'extend' | 'agreement' | 'failure' | 'followUp' | 'performed' | null;

export default function MediationCase({ id }: { id: string }) {
  const t = useT();
  const { message } = App.useApp();
  const [, setParams] = useSearchParams();
  const q = useQuery(`case:${id}`, (signal) => chamberApi.case(id, signal));
  const [data, setData] = useState<Case | null>(null);
  const [action, setAction] = useState<Action>(null);
  const [term, setTerm] = useState(0);
  const c = data && data.id === id ? data : q.data;
  if (q.error) return <ErrorAlert error={q.error} onRetry={q.reload} />;
  if (!c) return <Skeleton active />;
  const done = (v: Case) => { setData(v); setAction(null); message.success(t('med.saved')); };
  const stage = c.stage;
  const mediating = stage === 'mediating';
  const open = stage === 'accepted' || mediating;
  const outcome = stage === 'agreed' || stage === 'failed';
  const partyName = (pid: string) => c.parties.find((x) => x.id === pid)?.name ?? pid;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }} data-testid="med-case">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => setParams({})} style={{ alignSelf: 'flex-start', padding: 0 }}>{t('med.back')}</Button>
      <Flex wrap gap={8} align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>{c.number}</Typography.Title>
        <Tag color={stage === 'closed' ? 'default' : 'blue'} data-testid="med-stage">{enumLabel(t, 'med.stage', stage)}</Tag>
        {c.overdue && <Tag color="red">{t('med.overdue')}</Tag>}
        {c.dueAt && <Typography.Text type="secondary">{t('med.dueIn', { due: formatDateTime(c.dueAt) })}</Typography.Text>}
      </Flex>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered items={[
        { key: 'type', label: t('med.col.type'), children: enumLabel(t, 'med.type', c.disputeType) },
        { key: 'source', label: t('med.col.source'), children: enumLabel(t, 'med.source', c.source) },
        { key: 'amount', label: t('med.col.amount'), children: t('med.yuan', { amount: yuan(c.amountFen) }) },
        { key: 'accepted', label: t('med.col.accepted'), children: formatDateTime(c.acceptedAt) },
        { key: 'org', label: t('med.org'), children: c.orgName },
        { key: 'mediators', label: t('med.col.mediators'), children: c.mediators.join('、') || t('med.none') },
      ]} />
      {c.extended && <Typography.Text type="secondary">{t('med.extended', { consent: c.extensionConsent ?? '' })}</Typography.Text>}
      {c.failureReason && <Typography.Text>{t('med.failureReason', { reason: c.failureReason })}{c.transferTo ? `（${enumLabel(t, 'med.transfer', c.transferTo)}）` : ''}</Typography.Text>}

      <Flex wrap gap={8} data-testid="med-actions">
        {c.canManage && stage !== 'closed' && <Button onClick={() => setAction('assign')} data-testid="med-act-assign">{t('med.act.assign')}</Button>}
        {mediating && <Button type="primary" onClick={() => setAction('session')} data-testid="med-act-session">{t('med.act.session')}</Button>}
        {open && !c.extended && <Button onClick={() => setAction('extend')}>{t('med.act.extend')}</Button>}
        {mediating && <Button onClick={() => setAction('agreement')} data-testid="med-act-agreement">{t('med.act.agreement')}</Button>}
        {open && <Button danger onClick={() => setAction('failure')}>{t('med.act.failure')}</Button>}
        {outcome && !c.followUp && <Button type="primary" onClick={() => setAction('followUp')} data-testid="med-act-followup">{t('med.act.followUp')}</Button>}
        {outcome && (
          <Popconfirm title={t('med.closeConfirm')} onConfirm={async () => {
            try { done(await chamberApi.close(c.id)); } catch (e) { message.error(errorText(e, t)); }
          }}>
            <Button type={c.followUp ? 'primary' : 'default'} data-testid="med-act-close">{t('med.act.close')}</Button>
          </Popconfirm>
        )}
        {c.agreement && <Button icon={<DownloadOutlined />} href={chamberApi.agreementPdfUrl(c.id)} data-testid="med-pdf">{t('med.act.pdf')}</Button>}
        <Upload accept="image/*,application/pdf" showUploadList={false} beforeUpload={(file) => {
          chamberApi.upload(c.id, file).then(() => { message.success(t('med.uploaded')); setData(null); q.reload(); }, (e: unknown) => message.error(errorText(e, t)));
          return false;
        }}>
          <Button icon={<UploadOutlined />}>{t('med.act.upload')}</Button>
        </Upload>
      </Flex>

      <Card size="small" title={t('med.section.parties')}>
        <List size="small" dataSource={c.parties} renderItem={(x) => (
          <List.Item>
            <Flex vertical>
              <Space wrap><Tag>{enumLabel(t, 'med.party', x.role)}</Tag><Typography.Text strong>{x.name}</Typography.Text><Typography.Text type="secondary">{enumLabel(t, 'med.partyKind', x.kind)}</Typography.Text></Space>
              <Typography.Text type="secondary">{[x.phone, x.idNumber, x.address].filter(Boolean).join(' · ')}</Typography.Text>
            </Flex>
          </List.Item>
        )} />
      </Card>
      <Card size="small" title={t('med.section.facts')}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.facts}</Typography.Paragraph></Card>
      <Card size="small" title={t('med.section.sessions')}>
        {c.sessions.length ? (
          <List size="small" dataSource={c.sessions} renderItem={(s) => (
            <List.Item><Flex vertical><Typography.Text strong>{formatDateTime(s.heldAt)} · {s.place}</Typography.Text><Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{s.record}</Typography.Text></Flex></List.Item>
          )} />
        ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </Card>
      {c.agreement && (
        <Card size="small" title={t('med.section.agreement')} data-testid="med-agreement">
          <Flex vertical gap={4}>
            <Typography.Text>{t('med.signedOn')}：{c.agreement.signedOn} · {t('med.confirmationBy', { day: c.agreement.confirmationBy })}</Typography.Text>
            <Typography.Text>{c.agreement.responsibility}</Typography.Text>
            {c.agreement.terms.map((x, i) => (
              <Flex key={i} wrap gap={8} align="center">
                <Typography.Text>{i + 1}. {x.text}{x.amountFen != null ? `（${t('med.yuan', { amount: yuan(x.amountFen) })}）` : ''}{x.dueOn ? ` · ${x.dueOn}` : ''}</Typography.Text>
                {x.performedOn ? <Tag color="green">{t('med.performedOn', { day: x.performedOn })}</Tag> : (
                  <><Tag>{t('med.notPerformed')}</Tag><Button size="small" onClick={() => { setTerm(i); setAction('performed'); }}>{t('med.act.performed')}</Button></>
                )}
              </Flex>
            ))}
            <Typography.Text type="secondary">{t('med.performance')}：{c.agreement.performance}</Typography.Text>
          </Flex>
        </Card>
      )}
      {c.followUp && (
        <Card size="small" title={t('med.section.followUp')}>
          <Typography.Text>{c.followUp.visitedOn} · {c.followUp.note}</Typography.Text>
          <Flex wrap gap={4} style={{ marginTop: 4 }}>
            {c.followUp.ratings.map((r) => <Tag key={r.partyId} color={r.value >= 2 ? 'green' : 'red'}>{partyName(r.partyId)}：{t(`med.sat.${r.value}` as 'med.sat.3')}</Tag>)}
          </Flex>
        </Card>
      )}
      {c.files.length > 0 && (
        <Card size="small" title={t('med.section.files')}>
          <List size="small" dataSource={c.files} renderItem={(f) => <List.Item><a href={chamberApi.fileUrl(f.id)}>{f.fileName}</a></List.Item>} />
        </Card>
      )}
      <Card size="small" title={t('med.section.timeline')}>
        <Timeline data-testid="med-timeline" items={c.timeline.map((e) => ({
          key: e.id,
          children: (
            <Flex vertical>
              <Typography.Text strong>{enumLabel(t, 'med.event', e.kind)}{e.toStage ? ` → ${enumLabel(t, 'med.stage', e.toStage)}` : ''}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(e.at)}{e.actorName ? ` · ${e.actorName}` : ''}</Typography.Text>
              {e.note && e.kind !== 'stage' && <Typography.Text>{e.note}</Typography.Text>}
            </Flex>
          ),
        }))} />
      </Card>
      {action && <ActionForm c={c} action={action} term={term} onClose={() => setAction(null)} onDone={done} />}
    </Flex>
  );
}

interface Values {
  userId?: string; note?: string; heldAt?: Dayjs; place?: string; record?: string; consent?: string; signedOn?: Dayjs; responsibility?: string;
  terms?: { text: string; dueOn?: Dayjs; amountYuan?: number }[]; performance?: string; reason?: string; transferTo?: TransferTo;
  visitedOn?: Dayjs; ratings?: Record<string, 1 | 2 | 3>; performedOn?: Dayjs;
}

function ActionForm({ c, action, term, onClose, onDone }: { c: Case; action: NonNullable<Action>; term: number; onClose: () => void; onDone: (v: Case) => void }) {
  const t = useT();
  const required = [{ required: true, message: t('med.required') }];
  const mediators = useQuery(`mediators:${c.orgId}:${action}`, (signal) => (action === 'assign' ? chamberApi.mediators(c.orgId, signal) : Promise.resolve([])));
  const titles: Record<NonNullable<Action>, string> = {
    assign: t('med.act.assign'), session: t('med.act.session'), extend: t('med.act.extend'), agreement: t('med.act.agreement'),
    failure: t('med.act.failure'), followUp: t('med.act.followUp'), performed: t('med.act.performed'),
  };
  const submit = async (v: Values) => {
    switch (action) {
      case 'assign': return onDone(await chamberApi.assign(c.id, { userId: v.userId!, note: v.note || null }));
      case 'session': return onDone(await chamberApi.session(c.id, { heldAt: fromPicker(v.heldAt)!, place: v.place!, record: v.record! }));
      case 'extend': return onDone(await chamberApi.extend(c.id, { consent: v.consent! }));
      case 'agreement': return onDone(await chamberApi.agreement(c.id, {
        signedOn: fromDay(v.signedOn)!, responsibility: v.responsibility!, performance: v.performance!,
        terms: (v.terms ?? []).map((x) => ({ text: x.text, dueOn: fromDay(x.dueOn), amountFen: x.amountYuan == null ? null : toFen(x.amountYuan) })),
      }));
      case 'failure': return onDone(await chamberApi.failure(c.id, { reason: v.reason!, transferTo: v.transferTo ?? null }));
      case 'performed': return onDone(await chamberApi.performed(c.id, { index: term, performedOn: fromDay(v.performedOn)! }));
      case 'followUp': return onDone(await chamberApi.followUp(c.id, {
        visitedOn: fromDay(v.visitedOn)!, note: v.note!, ratings: c.parties.map((x) => ({ partyId: x.id, value: v.ratings?.[x.id] ?? 3 })),
      }));
    }
  };
  const today = toDay(todayIso());
  return (
    <FormModal<Values>
      title={titles[action]} okText={t('med.submit')} cancelText={t('med.cancel')} onClose={onClose} onSubmit={submit} testId={`med-form-${action}`}
      fields={['userId', 'note', 'heldAt', 'place', 'record', 'consent', 'signedOn', 'responsibility', 'terms', 'performance', 'reason', 'transferTo', 'visitedOn', 'ratings', 'performedOn', 'index']}
      initialValues={{
        heldAt: nowPicker(), place: '商会人民调解室', signedOn: today, visitedOn: today, performedOn: today,
        terms: [{ text: '' }], ratings: Object.fromEntries(c.parties.map((x) => [x.id, 3])),
      }}
    >
      {action === 'assign' && (
        <>
          <Form.Item name="userId" label={t('med.mediator')} rules={required}>
            <Select loading={mediators.loading} data-testid="med-mediator" options={(mediators.data ?? []).map((m) => ({ value: m.userId, label: t('med.mediatorOpen', { name: m.name, n: m.openCases }) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('med.note')}><Input maxLength={500} /></Form.Item>
        </>
      )}
      {action === 'session' && (
        <>
          <Form.Item name="heldAt" label={t('med.heldAt')} rules={required}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="place" label={t('med.place')} rules={required}><Input maxLength={200} /></Form.Item>
          <Form.Item name="record" label={t('med.record')} rules={required}><Input.TextArea rows={5} maxLength={8000} data-testid="med-record" /></Form.Item>
        </>
      )}
      {action === 'extend' && <Form.Item name="consent" label={t('med.consent')} rules={required}><Input.TextArea rows={2} maxLength={500} /></Form.Item>}
      {action === 'agreement' && (
        <>
          <Form.Item name="signedOn" label={t('med.signedOn')} rules={required}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="responsibility" label={t('med.responsibility')} rules={required}><Input.TextArea rows={2} maxLength={4000} data-testid="med-responsibility" /></Form.Item>
          <Typography.Text strong>{t('med.terms')}</Typography.Text>
          <Form.List name="terms">
            {(fields, { add, remove }) => (
              <Flex vertical gap={4}>
                {fields.map((f) => (
                  <Row key={f.key} gutter={8} align="middle">
                    <Col xs={24} sm={12}><Form.Item name={[f.name, 'text']} label={t('med.termText')} rules={required}><Input maxLength={1000} data-testid={`med-term-${f.name}`} /></Form.Item></Col>
                    <Col xs={11} sm={5}><Form.Item name={[f.name, 'dueOn']} label={t('med.termDue')}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
                    <Col xs={11} sm={5}><Form.Item name={[f.name, 'amountYuan']} label={t('med.termAmount')}><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
                    <Col xs={2}><Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('med.remove')} /></Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ text: '' })}>{t('med.addTerm')}</Button>
              </Flex>
            )}
          </Form.List>
          <Form.Item name="performance" label={t('med.performance')} rules={required} style={{ marginTop: 8 }}><Input maxLength={1000} data-testid="med-performance" /></Form.Item>
        </>
      )}
      {action === 'failure' && (
        <>
          <Form.Item name="reason" label={t('med.reason')} rules={required}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          <Form.Item name="transferTo" label={t('med.transferTo')}><Select allowClear options={enumOptions(t, 'med.transfer', TRANSFER_LIST)} /></Form.Item>
        </>
      )}
      {action === 'performed' && <Form.Item name="performedOn" label={t('med.performedOn', { day: '' })} rules={required}><DatePicker style={{ width: '100%' }} /></Form.Item>}
      {action === 'followUp' && (
        <>
          <Form.Item name="visitedOn" label={t('med.visitedOn')} rules={required}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="note" label={t('med.note')} rules={required}><Input.TextArea rows={2} maxLength={2000} data-testid="med-visit-note" /></Form.Item>
          {c.parties.map((x) => (
            <Form.Item key={x.id} name={['ratings', x.id]} label={t('med.satisfaction', { name: x.name })} rules={required}>
              <Select options={[3, 2, 1].map((v) => ({ value: v, label: t(`med.sat.${v}` as 'med.sat.3') }))} />
            </Form.Item>
          ))}
        </>
      )}
    </FormModal>
  );
}
