/**
 * The party's growth among entrepreneurs (商会 §4): mentoring pairs (交叉结对) with their salons and the take-over, talent
 * placements with schools, investment records (引进来 / 走出去), and the developed members tagged as owners or
 * technicians on their member record; the figures on top are counted from these records.
 */
import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { fromDay, thisYear, toDay } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { activitiesApi } from '../activities/api.ts';
import { MemberPicker } from '../activities/MemberPicker.tsx';
import { directoryApi } from '../directory/api.ts';
import {
  growthApi, INVESTMENT_KIND_LIST, OUTCOME_LIST, PLACEMENT_KIND_LIST, TALENT_TAGS, type Investment, type MentoringPair, type Placement, type SchoolPartner, type Talent,
} from './growth-api.ts';

const PAGE = 20;
const years = () => Array.from({ length: 6 }, (_, i) => thisYear() - i);

function UnitPicker({ value, onChange, testId, current }: { value?: string; onChange?: (v: string) => void; testId?: string; /** the edited record's unit, shown before any search */ current?: { id: string; name: string } }) {
  const [q, setQ] = useState('');
  const units = useQuery(`growth-units:${q}`, (signal) => directoryApi.units({ kind: 'enterprise', q: q || undefined, pageSize: 20 }, signal));
  const options = (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: current.name });
  return (
    <Select showSearch value={value} onChange={onChange} filterOption={false} onSearch={setQ} loading={units.loading} data-testid={testId} options={options} />
  );
}

/** 删除 with a confirmation; the list reloads after. */
function DeleteLink({ onDelete, testId }: { onDelete: () => Promise<unknown>; testId: string }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <Popconfirm title={t('growth.deleteConfirm')} okText={t('growth.delete')} cancelText={t('growth.cancel')} onConfirm={async () => {
      try { await onDelete(); message.success(t('growth.deleted')); } catch (e) { message.error(errorText(e, t)); }
    }}>
      <a data-testid={testId} style={{ color: '#cf1322' }}>{t('growth.delete')}</a>
    </Popconfirm>
  );
}

function Figures({ orgId, rev }: { orgId: string; rev: number }) {
  const t = useT();
  const f = useQuery(`growth-fig:${orgId}:${rev}`, (signal) => growthApi.figures(orgId, signal));
  if (f.error) return <ErrorAlert error={f.error} onRetry={f.reload} />;
  if (!f.data) return null;
  const latest = f.data.placements[0];
  const cards: [string, number][] = [
    [t('growth.fig.pairs'), f.data.pairs], [t('growth.fig.tookOver'), f.data.tookOver],
    ...(latest ? [[t('growth.fig.students', { year: latest.year }), latest.students], [t('growth.fig.technicians', { year: latest.year }), latest.technicians]] as [string, number][] : []),
    [t('growth.fig.schools'), f.data.schoolPartnersActive], [t('growth.fig.menteesJoined'), f.data.menteesJoined],
    [t('growth.fig.introduced'), f.data.investments.introduced], [t('growth.fig.joint_venture'), f.data.investments.joint_venture],
    [t('growth.fig.branch'), f.data.investments.branch], [t('growth.fig.owners'), f.data.owners], [t('growth.fig.techs'), f.data.technicians],
  ];
  return (
    <Row gutter={[12, 12]} data-testid="growth-figures">
      {cards.map(([k, v]) => <Col key={k} xs={12} sm={8} md={6} lg={4}><Card size="small"><Statistic title={k} value={v} /></Card></Col>)}
    </Row>
  );
}

interface PairValues { mentorMemberId: string; menteeName: string; menteeUnitId: string; menteeMemberId?: string | null; startedOn: Dayjs; outcome: MentoringPair['outcome']; tookOverOn?: Dayjs | null; activityIds?: string[]; note?: string }

/** The mentee's member record, searched as the member picker does, clearable (unlinking keeps the pair). */
function MenteeMemberPicker({ value, onChange, current }: { value?: string | null; onChange?: (v: string | null) => void; current?: { id: string; name: string; orgName: string } }) {
  const [q, setQ] = useState('');
  const found = useQuery(`mentee-pick:${q}`, (signal) => (q ? directoryApi.members({ q, pageSize: 20 }, signal) : Promise.resolve(null)));
  const options = (found.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}${m.orgName ? ` · ${m.orgName}` : ''}` }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: `${current.name} · ${current.orgName}` });
  return (
    <Select showSearch allowClear value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)} filterOption={false} onSearch={setQ} loading={found.loading}
      notFoundContent={null} style={{ width: '100%' }} options={options} data-testid="growth-mentee-member" />
  );
}

function PairForm({ orgId, pair, onClose, onSaved }: { orgId: string; pair?: MentoringPair; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<PairValues>();
  const outcome = Form.useWatch('outcome', form);
  const acts = useQuery(`growth-acts:${orgId}`, (signal) => activitiesApi.activities({ orgId, pageSize: 100 }, signal));
  const required = [{ required: true, message: t('growth.required') }];
  return (
    <FormModal<PairValues>
      form={form} width={640} title={pair ? t('growth.edit') : t('growth.newPair')} okText={t('growth.save')} cancelText={t('growth.cancel')} testId="growth-pair-form" formTestId="growth-pair-form"
      fields={['mentorMemberId', 'menteeName', 'menteeUnitId', 'menteeMemberId', 'startedOn', 'outcome', 'tookOverOn', 'activityIds', 'note']} onClose={onClose}
      initialValues={pair
        ? { ...pair, menteeMemberId: pair.menteeMember?.id ?? null, startedOn: toDay(pair.startedOn), tookOverOn: toDay(pair.tookOverOn), activityIds: pair.activities.map((a) => a.id), note: pair.note ?? undefined }
        : { outcome: 'ongoing', activityIds: [] }}
      onSubmit={async (v) => {
        const body = {
          mentorMemberId: v.mentorMemberId, menteeName: v.menteeName, menteeUnitId: v.menteeUnitId, menteeMemberId: v.menteeMemberId ?? null, startedOn: fromDay(v.startedOn)!, outcome: v.outcome,
          tookOverOn: v.outcome === 'took_over' ? fromDay(v.tookOverOn) : null, activityIds: v.activityIds ?? [], note: v.note || null,
        };
        if (pair) await growthApi.updatePair(pair.id, body);
        else await growthApi.createPair({ orgId, ...body });
        message.success(t('growth.saved'));
        onSaved();
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}><Form.Item name="mentorMemberId" label={t('growth.col.mentor')} rules={required}>
          {pair ? <Select disabled options={[{ value: pair.mentorMemberId, label: pair.mentorName }]} /> : <MemberPicker />}
        </Form.Item></Col>
        <Col xs={24} sm={12}><Form.Item name="menteeName" label={t('growth.col.mentee')} rules={required}><Input maxLength={50} data-testid="growth-mentee" /></Form.Item></Col>
        <Col xs={24} sm={12}><Form.Item name="menteeUnitId" label={t('growth.col.menteeUnit')} rules={required}>
          {pair ? <Select disabled options={[{ value: pair.menteeUnitId, label: pair.menteeUnitName }]} /> : <UnitPicker testId="growth-mentee-unit" />}
        </Form.Item></Col>
        <Col xs={24} sm={12}><Form.Item name="menteeMemberId" label={t('growth.menteeMember')} tooltip={t('growth.menteeMemberHint')}>
          <MenteeMemberPicker current={pair?.menteeMember ?? undefined} />
        </Form.Item></Col>
        <Col xs={24} sm={12}><Form.Item name="startedOn" label={t('growth.col.startedOn')} rules={required}><DatePicker style={{ width: '100%' }} data-testid="growth-started" /></Form.Item></Col>
        <Col xs={24} sm={12}><Form.Item name="outcome" label={t('growth.col.outcome')} rules={required}><Select options={enumOptions(t, 'growth.outcome', OUTCOME_LIST)} data-testid="growth-outcome" /></Form.Item></Col>
        {outcome === 'took_over' && (
          <Col xs={24} sm={12}><Form.Item name="tookOverOn" label={t('growth.col.tookOverOn')} rules={required}><DatePicker style={{ width: '100%' }} data-testid="growth-took-over" /></Form.Item></Col>
        )}
        <Col xs={24}><Form.Item name="activityIds" label={t('growth.activityIds')}>
          <Select mode="multiple" loading={acts.loading} optionFilterProp="label"
            options={(acts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.heldOn} ${a.title}` }))} />
        </Form.Item></Col>
        <Col xs={24}><Form.Item name="note" label={t('growth.col.note')}><Input maxLength={500} /></Form.Item></Col>
      </Row>
    </FormModal>
  );
}

function Pairs({ orgId, manage, onChanged }: { orgId: string; manage: boolean; onChanged: () => void }) {
  const t = useT();
  const mobile = useIsMobile();
  const [outcome, setOutcome] = useState<MentoringPair['outcome']>();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<MentoringPair | 'new'>();
  const query = { orgId, outcome, q, page, pageSize: PAGE };
  const list = useQuery(`growth-pairs:${JSON.stringify(query)}`, (signal) => growthApi.pairs(query, signal));
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('growth.filter.outcome')} value={outcome} onChange={(v) => { setOutcome(v); setPage(1); }} style={{ width: 130 }}
          options={enumOptions(t, 'growth.outcome', OUTCOME_LIST)} data-testid="growth-filter-outcome" />
        <Input.Search allowClear placeholder={t('growth.search')} onSearch={(v) => { setQ(v || undefined); setPage(1); }} style={{ width: 220 }} />
        <Button icon={<DownloadOutlined />} href={growthApi.pairsXlsxUrl({ orgId, outcome, q })} data-testid="growth-pairs-xlsx">{t('growth.export')}</Button>
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="growth-new-pair">{t('growth.newPair')}</Button>}
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<MentoringPair>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="growth-pairs"
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: mobile }}
        columns={[
          { title: t('growth.col.mentor'), dataIndex: 'mentorName' },
          { title: t('growth.col.mentorUnit'), dataIndex: 'mentorUnitName', responsive: ['lg'], render: (v: string | null) => v ?? t('growth.none') },
          { title: t('growth.col.mentee'), dataIndex: 'menteeName', render: (v: string, r) => (r.menteeMember
            ? <Space size={4}><a href={`/members?id=${r.menteeMember.id}`}>{r.menteeMember.name}</a><Tag color="red">{t('growth.menteeJoined')}</Tag></Space>
            : v) },
          { title: t('growth.col.menteeUnit'), dataIndex: 'menteeUnitName', responsive: ['md'] },
          { title: t('growth.col.startedOn'), dataIndex: 'startedOn' },
          { title: t('growth.col.outcome'), dataIndex: 'outcome', render: (v: string, r) => (
            <Tag color={v === 'took_over' ? 'green' : 'blue'}>{enumLabel(t, 'growth.outcome', v)}{r.tookOverOn ? ` ${r.tookOverOn}` : ''}</Tag>
          ) },
          { title: t('growth.col.activities'), dataIndex: 'activities', responsive: ['md'], render: (v: MentoringPair['activities']) => (
            <Space size={4} wrap>{v.map((a) => <a key={a.id} href={`/activities?id=${a.id}`}>{a.title}</a>)}</Space>
          ) },
          ...(manage ? [{ title: '', key: 'edit', render: (_: unknown, r: MentoringPair) => (
            <Space size={8}><a onClick={() => setEditing(r)} data-testid="growth-edit-pair">{t('growth.edit')}</a>
              <DeleteLink testId="growth-delete-pair" onDelete={async () => { await growthApi.deletePair(r.id); list.reload(); onChanged(); }} /></Space>
          ) }] : []),
        ]}
      />
      {editing && <PairForm orgId={orgId} pair={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); list.reload(); onChanged(); }} />}
    </Flex>
  );
}

interface PlacementValues { unitId: string; schoolId: string; year: number; kind: Placement['kind']; people: number; note?: string }

function Placements({ orgId, manage, onChanged }: { orgId: string; manage: boolean; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [year, setYear] = useState<number>();
  const [kind, setKind] = useState<Placement['kind']>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Placement | 'new'>();
  const query = { orgId, year, kind, page, pageSize: PAGE };
  const list = useQuery(`growth-placements:${JSON.stringify(query)}`, (signal) => growthApi.placements(query, signal));
  const schools = useQuery(`growth-schools-pick:${orgId}`, (signal) => growthApi.schools({ orgId, pageSize: 100 }, signal));
  const required = [{ required: true, message: t('growth.required') }];
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('growth.filter.year')} value={year} onChange={(v) => { setYear(v); setPage(1); }} style={{ width: 110 }} options={years().map((y) => ({ value: y, label: String(y) }))} />
        <Select allowClear placeholder={t('growth.filter.kind')} value={kind} onChange={(v) => { setKind(v); setPage(1); }} style={{ width: 130 }} options={enumOptions(t, 'growth.kind', PLACEMENT_KIND_LIST)} />
        <Button icon={<DownloadOutlined />} href={growthApi.placementsXlsxUrl({ orgId, year, kind })}>{t('growth.export')}</Button>
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="growth-new-placement">{t('growth.newPlacement')}</Button>}
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Placement>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="growth-placements"
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: mobile }}
        columns={[
          { title: t('growth.col.year'), dataIndex: 'year' },
          { title: t('growth.col.kind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'growth.kind', v) },
          { title: t('growth.col.unit'), dataIndex: 'unitName' },
          { title: t('growth.school'), dataIndex: 'school', responsive: ['md'] },
          { title: t('growth.col.people'), dataIndex: 'people', align: 'right' },
          ...(manage ? [{ title: '', key: 'edit', render: (_: unknown, r: Placement) => (
            <Space size={8}><a onClick={() => setEditing(r)} data-testid="growth-edit-placement">{t('growth.edit')}</a>
              <DeleteLink testId="growth-delete-placement" onDelete={async () => { await growthApi.deletePlacement(r.id); list.reload(); onChanged(); }} /></Space>
          ) }] : []),
        ]}
      />
      {editing && (
        <FormModal<PlacementValues>
          title={editing === 'new' ? t('growth.newPlacement') : t('growth.editPlacement')} okText={t('growth.save')} cancelText={t('growth.cancel')} testId="growth-placement-form" formTestId="growth-placement-form"
          fields={['unitId', 'schoolId', 'year', 'kind', 'people', 'note']} onClose={() => setEditing(undefined)}
          initialValues={editing === 'new' ? { year: thisYear(), kind: 'student' } : { unitId: editing.unitId, schoolId: editing.schoolId, year: editing.year, kind: editing.kind, people: editing.people, note: editing.note ?? undefined }}
          onSubmit={async (v) => {
            const body = { unitId: v.unitId, schoolId: v.schoolId, year: v.year, kind: v.kind, people: v.people, note: v.note || null };
            if (editing === 'new') await growthApi.createPlacement({ orgId, ...body });
            else await growthApi.updatePlacement(editing.id, body);
            message.success(t('growth.saved'));
            setEditing(undefined);
            list.reload();
            onChanged();
          }}
        >
          <Form.Item name="unitId" label={t('growth.col.unit')} rules={required}><UnitPicker testId="growth-placement-unit" current={editing === 'new' ? undefined : { id: editing.unitId, name: editing.unitName }} /></Form.Item>
          <Form.Item name="schoolId" label={t('growth.school')} rules={required}>
            <Select showSearch optionFilterProp="label" loading={schools.loading} data-testid="growth-school"
              options={(schools.data?.items ?? []).map((x) => ({ value: x.id, label: x.active ? x.name : `${x.name}（${t('growth.inactive')}）` }))} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={8}><Form.Item name="year" label={t('growth.col.year')} rules={required}><InputNumber min={2000} max={2100} style={{ width: '100%' }} data-testid="growth-placement-year" /></Form.Item></Col>
            <Col span={8}><Form.Item name="kind" label={t('growth.col.kind')} rules={required}><Select options={enumOptions(t, 'growth.kind', PLACEMENT_KIND_LIST)} /></Form.Item></Col>
            <Col span={8}><Form.Item name="people" label={t('growth.col.people')} rules={required}><InputNumber min={1} max={10000} style={{ width: '100%' }} data-testid="growth-people" /></Form.Item></Col>
          </Row>
          <Form.Item name="note" label={t('growth.col.note')}><Input maxLength={500} /></Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

interface SchoolValues { name: string; contactName: string; contactPhone?: string; agreementFrom: Dayjs; agreementTo?: Dayjs | null; note?: string }

/** 合作院校: the partner schools with contact and agreement period, the placements counted from the records. */
function Schools({ orgId, manage, onChanged }: { orgId: string; manage: boolean; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [active, setActive] = useState<'1' | '0'>();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<SchoolPartner | 'new'>();
  const query = { orgId, active, q, page, pageSize: PAGE };
  const list = useQuery(`growth-schools:${JSON.stringify(query)}`, (signal) => growthApi.schools(query, signal));
  const required = [{ required: true, message: t('growth.required') }];
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('growth.filter.active')} value={active} onChange={(v) => { setActive(v); setPage(1); }} style={{ width: 130 }}
          options={[{ value: '1', label: t('growth.active') }, { value: '0', label: t('growth.inactive') }]} data-testid="growth-filter-school-active" />
        <Input.Search allowClear placeholder={t('growth.search')} onSearch={(v) => { setQ(v || undefined); setPage(1); }} style={{ width: 220 }} />
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="growth-new-school">{t('growth.newSchool')}</Button>}
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<SchoolPartner>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="growth-schools"
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: mobile }}
        columns={[
          { title: t('growth.school'), dataIndex: 'name' },
          { title: t('growth.col.contact'), dataIndex: 'contactName', render: (v: string, r) => `${v || t('growth.none')}${r.contactPhone ? ` ${r.contactPhone}` : ''}` },
          { title: t('growth.col.agreement'), key: 'period', render: (_: unknown, r) => (
            <Space size={4}>{`${r.agreementFrom} ~ ${r.agreementTo ?? t('growth.agreementOpen')}`}
              <Tag color={r.active ? 'green' : 'default'}>{r.active ? t('growth.active') : t('growth.inactive')}</Tag></Space>
          ) },
          { title: t('growth.col.placed'), key: 'placed', align: 'right', render: (_: unknown, r) => `${r.students} / ${r.technicians}` },
          ...(manage ? [{ title: '', key: 'edit', render: (_: unknown, r: SchoolPartner) => (
            <Space size={8}><a onClick={() => setEditing(r)} data-testid="growth-edit-school">{t('growth.edit')}</a>
              <DeleteLink testId="growth-delete-school" onDelete={async () => { await growthApi.deleteSchool(r.id); list.reload(); onChanged(); }} /></Space>
          ) }] : []),
        ]}
      />
      {editing && (
        <FormModal<SchoolValues>
          title={editing === 'new' ? t('growth.newSchool') : t('growth.editSchool')} okText={t('growth.save')} cancelText={t('growth.cancel')} testId="growth-school-form" formTestId="growth-school-form"
          fields={['name', 'contactName', 'contactPhone', 'agreementFrom', 'agreementTo', 'note']} onClose={() => setEditing(undefined)}
          initialValues={editing === 'new' ? {} : {
            name: editing.name, contactName: editing.contactName, contactPhone: editing.contactPhone ?? undefined, agreementFrom: toDay(editing.agreementFrom),
            agreementTo: toDay(editing.agreementTo), note: editing.note ?? undefined,
          }}
          onSubmit={async (v) => {
            const body = {
              name: v.name, contactName: v.contactName, contactPhone: v.contactPhone || null, agreementFrom: fromDay(v.agreementFrom)!,
              agreementTo: fromDay(v.agreementTo ?? null), note: v.note || null,
            };
            if (editing === 'new') await growthApi.createSchool({ orgId, ...body });
            else await growthApi.updateSchool(editing.id, body);
            message.success(t('growth.saved'));
            setEditing(undefined);
            list.reload();
            onChanged();
          }}
        >
          <Form.Item name="name" label={t('growth.school')} rules={required}><Input maxLength={100} data-testid="growth-school-name" /></Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12}><Form.Item name="contactName" label={t('growth.col.contact')} rules={required}><Input maxLength={50} data-testid="growth-school-contact" /></Form.Item></Col>
            <Col xs={24} sm={12}><Form.Item name="contactPhone" label={t('growth.col.phone')}><Input maxLength={30} /></Form.Item></Col>
            <Col xs={24} sm={12}><Form.Item name="agreementFrom" label={t('growth.col.agreementFrom')} rules={required}><DatePicker style={{ width: '100%' }} data-testid="growth-school-from" /></Form.Item></Col>
            <Col xs={24} sm={12}><Form.Item name="agreementTo" label={t('growth.col.agreementTo')}><DatePicker style={{ width: '100%' }} data-testid="growth-school-to" /></Form.Item></Col>
          </Row>
          <Form.Item name="note" label={t('growth.col.note')}><Input maxLength={500} /></Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

interface InvestmentValues { unitId: string; kind: Investment['kind']; title: string; on: Dayjs; place?: string; amountWan?: number | null; note?: string }

function Investments({ orgId, manage, onChanged }: { orgId: string; manage: boolean; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [year, setYear] = useState<number>();
  const [kind, setKind] = useState<Investment['kind']>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Investment | 'new'>();
  const query = { orgId, year, kind, page, pageSize: PAGE };
  const list = useQuery(`growth-inv:${JSON.stringify(query)}`, (signal) => growthApi.investments(query, signal));
  const required = [{ required: true, message: t('growth.required') }];
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('growth.filter.kind')} value={kind} onChange={(v) => { setKind(v); setPage(1); }} style={{ width: 190 }}
          options={enumOptions(t, 'growth.inv', INVESTMENT_KIND_LIST)} data-testid="growth-filter-inv" />
        <Select allowClear placeholder={t('growth.filter.year')} value={year} onChange={(v) => { setYear(v); setPage(1); }} style={{ width: 110 }} options={years().map((y) => ({ value: y, label: String(y) }))} />
        <Button icon={<DownloadOutlined />} href={growthApi.investmentsXlsxUrl({ orgId, year, kind })}>{t('growth.export')}</Button>
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="growth-new-investment">{t('growth.newInvestment')}</Button>}
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Investment>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="growth-investments"
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: mobile }}
        columns={[
          { title: t('growth.col.on'), dataIndex: 'on' },
          { title: t('growth.col.kind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'growth.inv', v) },
          { title: t('growth.col.title'), dataIndex: 'title' },
          { title: t('growth.col.unit'), dataIndex: 'unitName', responsive: ['md'] },
          { title: t('growth.col.place'), dataIndex: 'place', responsive: ['lg'] },
          { title: t('growth.col.amount'), dataIndex: 'amountFen', align: 'right', responsive: ['lg'], render: (v: number | null) => (v === null ? t('growth.none') : (v / 1_000_000).toLocaleString('zh-CN')) },
          ...(manage ? [{ title: '', key: 'edit', render: (_: unknown, r: Investment) => (
            <Space size={8}><a onClick={() => setEditing(r)} data-testid="growth-edit-investment">{t('growth.edit')}</a>
              <DeleteLink testId="growth-delete-investment" onDelete={async () => { await growthApi.deleteInvestment(r.id); list.reload(); onChanged(); }} /></Space>
          ) }] : []),
        ]}
      />
      {editing && (
        <FormModal<InvestmentValues>
          title={editing === 'new' ? t('growth.newInvestment') : t('growth.editInvestment')} okText={t('growth.save')} cancelText={t('growth.cancel')} testId="growth-investment-form" formTestId="growth-investment-form"
          fields={['unitId', 'kind', 'title', 'on', 'place', 'amountFen', 'note']} onClose={() => setEditing(undefined)}
          initialValues={editing === 'new' ? { kind: 'introduced' } : {
            unitId: editing.unitId, kind: editing.kind, title: editing.title, on: toDay(editing.on), place: editing.place ?? undefined,
            amountWan: editing.amountFen === null ? null : editing.amountFen / 1_000_000, note: editing.note ?? undefined,
          }}
          onSubmit={async (v) => {
            const body = {
              unitId: v.unitId, kind: v.kind, title: v.title, on: fromDay(v.on)!, place: v.place || null,
              amountFen: v.amountWan === undefined || v.amountWan === null ? null : Math.round(v.amountWan * 1_000_000), note: v.note || null,
            };
            if (editing === 'new') await growthApi.createInvestment({ orgId, ...body });
            else await growthApi.updateInvestment(editing.id, body);
            message.success(t('growth.saved'));
            setEditing(undefined);
            list.reload();
            onChanged();
          }}
        >
          <Form.Item name="kind" label={t('growth.col.kind')} rules={required}><Select options={enumOptions(t, 'growth.inv', INVESTMENT_KIND_LIST)} /></Form.Item>
          <Form.Item name="title" label={t('growth.col.title')} rules={required}><Input maxLength={200} data-testid="growth-inv-title" /></Form.Item>
          <Form.Item name="unitId" label={t('growth.col.unit')} rules={required}><UnitPicker testId="growth-inv-unit" current={editing === 'new' ? undefined : { id: editing.unitId, name: editing.unitName }} /></Form.Item>
          <Row gutter={12}>
            <Col span={12}><Form.Item name="on" label={t('growth.col.on')} rules={required}><DatePicker style={{ width: '100%' }} data-testid="growth-inv-on" /></Form.Item></Col>
            <Col span={12}><Form.Item name="amountWan" label={t('growth.col.amount')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
          <Form.Item name="place" label={t('growth.col.place')}><Input maxLength={100} /></Form.Item>
          <Form.Item name="note" label={t('growth.col.note')}><Input maxLength={500} /></Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

function Talents({ orgId, onChanged }: { orgId: string; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const tagging = useCan('members.write');
  const [talent, setTalent] = useState<'owner' | 'technician' | 'none'>();
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<string>();
  const query = { orgId, talent, page, pageSize: PAGE };
  const list = useQuery(`growth-talents:${JSON.stringify(query)}`, (signal) => growthApi.talents(query, signal));
  const figures = useQuery(`growth-fig:${orgId}`, (signal) => growthApi.figures(orgId, signal));
  const tag = async (m: Talent, as: 'owner' | 'technician' | null) => {
    setBusy(m.id);
    try {
      const rest = m.tags.filter((x) => x !== TALENT_TAGS.owner && x !== TALENT_TAGS.technician);
      await directoryApi.updateMember(m.id, { tags: as ? [...rest, TALENT_TAGS[as]] : rest });
      message.success(t('growth.saved'));
      list.reload();
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Flex vertical gap={8}>
      {figures.data && <div>{t('growth.talentsHint', { since: figures.data.since })}</div>}
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('growth.filter.talent')} value={talent} onChange={(v) => { setTalent(v); setPage(1); }} style={{ width: 140 }}
          options={enumOptions(t, 'growth.talent', ['owner', 'technician', 'none'] as const)} data-testid="growth-filter-talent" />
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Talent>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="growth-talents"
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: mobile }}
        columns={[
          { title: t('growth.col.name'), dataIndex: 'name', render: (v: string, r) => <a href={`/members?id=${r.id}`}>{v}</a> },
          { title: t('growth.col.branch'), dataIndex: 'orgName', responsive: ['md'] },
          { title: t('growth.col.joinedOn'), dataIndex: 'joinedOn' },
          { title: t('growth.col.talent'), dataIndex: 'talent', render: (v: string | null) => (v ? <Tag color="gold">{enumLabel(t, 'growth.talent', v)}</Tag> : t('growth.none')) },
          ...(tagging ? [{
            title: '', key: 'tag', render: (_: unknown, r: Talent) => (
              <Space size={4} wrap>
                {r.talent !== 'owner' && <Button size="small" loading={busy === r.id} onClick={() => tag(r, 'owner')} data-testid="growth-tag-owner">{t('growth.talent.owner')}</Button>}
                {r.talent !== 'technician' && <Button size="small" loading={busy === r.id} onClick={() => tag(r, 'technician')} data-testid="growth-tag-technician">{t('growth.talent.technician')}</Button>}
                {r.talent && <Button size="small" type="link" loading={busy === r.id} onClick={() => tag(r, null)}>{t('growth.untag')}</Button>}
              </Space>
            ),
          }] : []),
        ]}
      />
    </Flex>
  );
}

export default function GrowthPage() {
  const t = useT();
  const { me } = useAuth();
  const manage = useCan('growth.manage');
  const [orgId, setOrgId] = useState<string | undefined>(me?.grants.find((g) => g.scopeKind === 'org')?.scopeId);
  const [rev, setRev] = useState(0);
  const changed = () => setRev((r) => r + 1);
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('growth.title')}</PageTitle>
      <Flex gap={8} align="center" wrap>
        <span>{t('growth.org')}</span>
        <div style={{ minWidth: 260 }}><OrgTreeSelect value={orgId} onChange={(v) => setOrgId(v ?? undefined)} allowClear={false} placeholder={t('growth.pickOrg')} testId="growth-org" /></div>
      </Flex>
      {orgId && (
        <>
          <Figures orgId={orgId} rev={rev} />
          <Tabs destroyOnHidden items={[
            { key: 'pairs', label: t('growth.tab.pairs'), children: <Pairs orgId={orgId} manage={manage} onChanged={changed} /> },
            { key: 'schools', label: t('growth.tab.schools'), children: <Schools orgId={orgId} manage={manage} onChanged={changed} /> },
            { key: 'placements', label: t('growth.tab.placements'), children: <Placements orgId={orgId} manage={manage} onChanged={changed} /> },
            { key: 'investments', label: t('growth.tab.investments'), children: <Investments orgId={orgId} manage={manage} onChanged={changed} /> },
            { key: 'talents', label: t('growth.tab.talents'), children: <Talents orgId={orgId} onChanged={changed} /> },
          ]} />
        </>
      )}
    </Flex>
  );
}
