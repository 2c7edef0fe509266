/** One member: fields with derived age and party age, development stages, transfers, audit history; edit, advance, transfer. */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ArrowLeftOutlined, EditOutlined, RiseOutlined, SwapOutlined } from '@ant-design/icons';
import { auditActionLabel } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { formatDateTime, fromDay, toDay, todayIso } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useLocale, useT, type MessageKey } from '../../i18n.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { enumLabel } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { DetailLink, FieldList, dash } from './common.tsx';
import { STAGE_LIST, directoryApi, type AuditEntry, type MemberDetail as MemberDetailT, type MemberStage, type Transfer } from './api.ts';
import { MemberFormModal } from './MemberForm.tsx';

const STAGE_DATE: Record<MemberStage, keyof MemberDetailT> = {
  applicant: 'appliedOn', activist: 'activistOn', candidate: 'candidateOn', probationary: 'joinedOn', full: 'fullOn',
};

function StageSteps({ m }: { m: MemberDetailT }) {
  const t = useT();
  const isMobile = useIsMobile();
  const current = STAGE_LIST.indexOf(m.stage);
  return (
    <Steps
      data-testid="member-stages"
      size="small"
      orientation={isMobile ? 'vertical' : 'horizontal'}
      current={current}
      status={m.stage === 'full' ? 'finish' : 'process'}
      items={STAGE_LIST.map((s, i) => ({
        title: enumLabel(t, 'dir.stage', s),
        description: (m[STAGE_DATE[s]] as string | null) ?? (i <= current ? '—' : ''),
        status: i < current || (i === current && s === 'full') ? 'finish' : i === current ? 'process' : 'wait',
      }))}
    />
  );
}

function AdvanceModal({ m, onClose, onDone }: { m: MemberDetailT; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const next = STAGE_LIST[STAGE_LIST.indexOf(m.stage) + 1];
  const submit = async (v: { date?: Dayjs }) => {
    if (!next || !v.date) return;
    await directoryApi.advance(m.id, { stage: next, date: fromDay(v.date)! });
    message.success(t('dir.saved'));
    onDone();
  };
  return (
    <FormModal<{ date?: Dayjs }>
      title={t('dir.advance.title', { stage: enumLabel(t, 'dir.stage', next) })}
      onClose={onClose}
      onSubmit={submit}
      fields={['date', 'stage']}
      initialValues={{ date: toDay(todayIso()) }}
      okText={t('dir.advance.submit')}
      cancelText={t('dir.cancel')}
      testId="advance"
    >
      <Form.Item name="date" label={t('dir.advance.date')} rules={[{ required: true, message: t('dir.required') }]}>
        <DatePicker style={{ width: '100%' }} data-testid="advance-date" />
      </Form.Item>
    </FormModal>
  );
}

interface TransferValues { toOrgId?: string; date?: Dayjs; reason?: string }

function TransferModal({ m, onClose, onDone }: { m: MemberDetailT; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const submit = async (v: TransferValues) => {
    if (!v.toOrgId || !v.date) return;
    await directoryApi.transfer(m.id, { toOrgId: v.toOrgId, date: fromDay(v.date)!, reason: v.reason?.trim() || undefined });
    message.success(t('dir.saved'));
    onDone();
  };
  return (
    <FormModal<TransferValues>
      title={t('dir.transfer.title', { name: m.name })}
      onClose={onClose}
      onSubmit={submit}
      fields={['toOrgId', 'date', 'reason']}
      initialValues={{ date: toDay(todayIso()) }}
      okText={t('dir.transfer.submit')}
      cancelText={t('dir.cancel')}
      testId="transfer"
    >
      <Form.Item name="toOrgId" label={t('dir.transfer.to')} rules={[{ required: true, message: t('dir.required') }]}>
        <OrgTreeSelect style={{ width: '100%' }} testId="transfer-org" />
      </Form.Item>
      <Form.Item name="date" label={t('dir.transfer.date')} rules={[{ required: true, message: t('dir.required') }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="reason" label={t('dir.transfer.reason')} rules={[{ max: 200 }]}>
        <Input.TextArea maxLength={200} rows={2} />
      </Form.Item>
    </FormModal>
  );
}

function short(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Bookkeeping fields (ids, timestamps) that say nothing to a reader. */
const HIDDEN_KEY = /^(id|createdAt|updatedAt|createdBy|regionId)$|Id$/;

const FIELD_LABEL: Record<string, MessageKey> = {
  name: 'dir.member.name', gender: 'dir.member.gender', ethnicity: 'dir.member.ethnicity', birthDate: 'dir.member.birthDate',
  idNumber: 'dir.member.idNumber', education: 'dir.member.education', occupation: 'dir.member.occupation', phone: 'dir.member.phone',
  address: 'dir.member.address', stage: 'dir.member.stage', category: 'dir.member.category', status: 'dir.member.status', tags: 'dir.member.tags',
  appliedOn: 'dir.stageDate.applicant', activistOn: 'dir.stageDate.activist', candidateOn: 'dir.stageDate.candidate',
  joinedOn: 'dir.stageDate.probationary', fullOn: 'dir.stageDate.full', reason: 'dir.transfer.reason', transferredOn: 'dir.transfer.date',
};

function HistoryItem({ e }: { e: AuditEntry }) {
  const t = useT();
  const { locale } = useLocale();
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const changed = typeof e.before === 'object' && typeof e.after === 'object' && e.before && e.after
    ? Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && !HIDDEN_KEY.test(k))
    : [];
  return (
    <Flex vertical gap={2}>
      <Space wrap size={4}>
        <Typography.Text strong className="nowrap">{formatDateTime(e.at)}</Typography.Text>
        <Tag title={e.action}>{auditActionLabel(locale, e.action)}</Tag>
        <Typography.Text type="secondary">{e.actorName ?? t('audit.system')}</Typography.Text>
      </Space>
      {changed.slice(0, 12).map((k) => (
        <Typography.Text key={k} type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {FIELD_LABEL[k] ? t(FIELD_LABEL[k]) : k}: {short(before[k])} → {short(after[k])}
        </Typography.Text>
      ))}
    </Flex>
  );
}

export default function MemberDetail({ id }: { id: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const canWrite = useCan('members.write');
  const res = useQuery(`dir:member:${id}`, (signal) => directoryApi.member(id, signal));
  const history = useQuery(`dir:memberHistory:${id}`, (signal) => directoryApi.memberHistory(id, signal));
  const [modal, setModal] = useState<'edit' | 'advance' | 'transfer' | null>(null);
  const m = res.data;
  const reload = () => {
    setModal(null);
    res.reload();
    history.reload();
  };
  const active = m && m.status !== 'transferred_out';

  return (
    <Flex vertical gap={16}>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>{t('dir.back')}</Button>
            {canWrite && m && active && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="member-edit">{t('dir.edit')}</Button>
                {m.stage !== 'full' && (
                  <Button icon={<RiseOutlined />} onClick={() => setModal('advance')} data-testid="member-advance">{t('dir.advance.action')}</Button>
                )}
                <Button icon={<SwapOutlined />} onClick={() => setModal('transfer')} data-testid="member-transfer">{t('dir.transfer.action')}</Button>
              </>
            )}
          </Space>
        }
      >
        <span data-testid="member-name">{m?.name ?? t('dir.member.detail')}</span>
      </PageTitle>
      <ErrorAlert error={res.error} onRetry={res.reload} />
      {m && (
        <Card size="small" title={t('dir.member.basic')}>
          <FieldList
            testId="member-fields"
            items={[
              { key: 'name', label: t('dir.member.name'), value: <>{m.name} <Typography.Text type="secondary">{m.namePinyin}</Typography.Text></> },
              { key: 'gender', label: t('dir.member.gender'), value: enumLabel(t, 'dir.gender', m.gender) },
              { key: 'ethnicity', label: t('dir.member.ethnicity'), value: m.ethnicity },
              { key: 'birth', label: t('dir.member.birthDate'), value: <span data-testid="member-birth">{m.birthDate ?? t('dir.member.birthYear', { year: m.birthYear })}</span> },
              { key: 'age', label: t('dir.member.age'), value: <span data-testid="member-age">{m.age}</span> },
              { key: 'id', label: t('dir.member.idNumber'), value: <span className="mono" data-testid="member-id-number">{m.idNumber}</span> },
              { key: 'phone', label: t('dir.member.phone'), value: m.phone },
              { key: 'education', label: t('dir.member.education'), value: m.education },
              { key: 'occupation', label: t('dir.member.occupation'), value: m.occupation },
              { key: 'address', label: t('dir.member.address'), value: m.address },
              { key: 'org', label: t('dir.member.org'), value: <DetailLink kind="orgs" id={m.orgId}>{m.orgName}</DetailLink> },
              { key: 'category', label: t('dir.member.category'), value: m.category ? enumLabel(t, 'dir.category', m.category) : null },
              { key: 'joined', label: t('dir.member.joinedOn'), value: m.joinedOn },
              { key: 'full', label: t('dir.member.fullOn'), value: m.fullOn },
              { key: 'partyAge', label: t('dir.member.partyAge'), value: m.partyAge === null ? null : <span data-testid="member-party-age">{m.partyAge}</span> },
              { key: 'status', label: t('dir.member.status'), value: enumLabel(t, 'dir.status', m.status) },
              { key: 'tags', label: t('dir.member.tags'), value: m.tags.length ? <Space size={2} wrap>{m.tags.map((x) => <Tag key={x}>{enumLabel(t, 'dir.tag', x)}</Tag>)}</Space> : null },
            ]}
          />
          {!m.pii && <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>{t('dir.member.masked')}</Typography.Text>}
        </Card>
      )}
      {m && (
        <Card size="small" title={t('dir.member.stages')}>
          <StageSteps m={m} />
        </Card>
      )}
      {m && (
        <Card size="small" title={t('dir.transfer.history')}>
          <Table<Transfer>
            data-testid="member-transfers"
            rowKey="id"
            size={isMobile ? 'small' : 'middle'}
            dataSource={m.transfers}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dir.none')} /> }}
            columns={[
              { key: 'date', title: t('dir.transfer.date'), dataIndex: 'transferredOn', render: (d: string) => <span className="nowrap">{d}</span> },
              { key: 'from', title: t('dir.transfer.from'), dataIndex: 'fromOrgName', render: dash },
              { key: 'to', title: t('dir.transfer.to'), dataIndex: 'toOrgName', render: dash },
              { key: 'reason', title: t('dir.transfer.reason'), dataIndex: 'reason', render: dash },
            ]}
          />
        </Card>
      )}
      {m && (
        <Card size="small" title={t('dir.member.history')}>
          <ErrorAlert error={history.error} onRetry={history.reload} />
          {(history.data?.items.length ?? 0) === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dir.member.noHistory')} />
          ) : (
            <Timeline data-testid="member-history" items={history.data!.items.map((e) => ({ key: e.id, content: <HistoryItem e={e} /> }))} />
          )}
        </Card>
      )}
      {m && modal === 'edit' && <MemberFormModal member={m} onClose={() => setModal(null)} onSaved={reload} />}
      {m && modal === 'advance' && <AdvanceModal m={m} onClose={() => setModal(null)} onDone={reload} />}
      {m && modal === 'transfer' && <TransferModal m={m} onClose={() => setModal(null)} onDone={reload} />}
    </Flex>
  );
}
