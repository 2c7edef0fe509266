/**
 * The lecture team (宣讲团, `/lectures`): teams with their lecturers and topics, lecture requests from host
 * branches and scheduling a lecturer (which creates the 宣讲 activity at the host), figures per lecturer
 * (lectures, audience, rating) and per branch (lectures received).
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { App, AutoComplete, Button, Card, DatePicker, Empty, Flex, Form, Input, Modal, Popconfirm, Rate, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { fromDay, fromPicker, nowPicker } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { activitiesApi, type LectureRequest, type LectureRequestInput, type LectureTeam, type ScheduleInput } from './api.ts';
import { renameFields } from './common.ts';
import { MemberPicker } from './MemberPicker.tsx';

const STATUS_COLOUR = { requested: 'orange', scheduled: 'green', declined: 'default' } as const;

function Lecturers({ team, canWrite, onChange }: { team: LectureTeam; canWrite: boolean; onChange: (t: LectureTeam) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [adding, setAdding] = useState<{ memberId?: string; topics: string[] } | null>(null);
  const save = async (memberId: string, topics: string[]) => {
    try { onChange(await activitiesApi.putLecturer(team.id, memberId, topics)); return true; } catch (e) { message.error(errorText(e, t)); return false; }
  };
  return (
    <>
      {canWrite && (
        <Flex justify="end" style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setAdding({ topics: [] })}>{t('lec.addLecturer')}</Button>
        </Flex>
      )}
      <Table data-testid="lecturer-table" size="small" rowKey="memberId" dataSource={team.lecturers} pagination={false} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('act.name'), dataIndex: 'name' },
          { title: t('lec.topics'), key: 'topics', render: (_: unknown, l) => (canWrite ? (
            <Select mode="tags" size="small" value={l.topics} style={{ minWidth: 200 }} onChange={(v: string[]) => void save(l.memberId, v)} />
          ) : l.topics.map((x) => <Tag key={x}>{x}</Tag>)) },
          ...(canWrite ? [{ title: '', key: 'x', render: (_: unknown, l: LectureTeam['lecturers'][number]) => (
            <Popconfirm title={t('lec.removeConfirm', { name: l.name })} onConfirm={async () => {
              try { onChange(await activitiesApi.removeLecturer(team.id, l.memberId)); } catch (e) { message.error(errorText(e, t)); }
            }}><Button size="small" danger type="link">{t('lec.remove')}</Button></Popconfirm>
          ) }] : []),
        ]} />
      <Modal open={!!adding} title={t('lec.addLecturer')} onCancel={() => setAdding(null)} destroyOnHidden okButtonProps={{ disabled: !adding?.memberId }}
        onOk={async () => { if (adding?.memberId && await save(adding.memberId, adding.topics)) setAdding(null); }}>
        <Form layout="vertical">
          <Form.Item label={t('lec.member')} required>
            <MemberPicker value={adding?.memberId} onChange={(memberId) => setAdding((a) => ({ topics: a?.topics ?? [], memberId }))} placeholder={t('lec.memberSearch')} />
          </Form.Item>
          <Form.Item label={t('lec.topics')}>
            <Select mode="tags" value={adding?.topics ?? []} onChange={(topics: string[]) => setAdding((a) => ({ ...a, topics }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

type ScheduleForm = { lecturerMemberId?: string; time?: [Dayjs, Dayjs]; place?: string; title?: string };
const SCHEDULE_FIELDS: Record<string, keyof ScheduleForm> = { lecturerMemberId: 'lecturerMemberId', startsAt: 'time', endsAt: 'time', place: 'place', title: 'title' };

function ScheduleModal({ request, team, onClose, onDone }: { request: LectureRequest; team: LectureTeam; onClose: () => void; onDone: () => void }) {
  const t = useT();
  // a picker value is a Beijing wall-clock reading (format.ts)
  const start = request.preferredOn ? dayjs(`${request.preferredOn}T14:30`) : nowPicker().add(7, 'day').hour(14).minute(30).second(0);
  const save = async (v: ScheduleForm) => {
    await activitiesApi.schedule(request.id, {
      lecturerMemberId: v.lecturerMemberId, startsAt: fromPicker(v.time?.[0]), endsAt: fromPicker(v.time?.[1]),
      place: v.place?.trim() || null, ...(v.title?.trim() ? { title: v.title.trim() } : {}),
    } as ScheduleInput);
    onDone();
  };
  const matching = team.lecturers.filter((l) => l.topics.some((x) => request.topic.includes(x) || x.includes(request.topic)));
  return (
    <FormModal<ScheduleForm> title={t('lec.schedule')} onClose={onClose} onSubmit={save} okText={t('act.save')}
      fields={Object.values(SCHEDULE_FIELDS)} mapError={(e) => renameFields(e, SCHEDULE_FIELDS)}
      initialValues={{ time: [start, start.add(90, 'minute')], lecturerMemberId: matching[0]?.memberId }}>
      <Typography.Paragraph type="secondary">{request.hostOrgName} · {request.topic}</Typography.Paragraph>
      <Form.Item name="lecturerMemberId" label={t('lec.lecturer')} rules={[{ required: true, message: t('lec.lecturerRequired') }]}>
        <Select options={team.lecturers.map((l) => ({ value: l.memberId, label: `${l.name}${l.topics.length ? `（${l.topics.join('、')}）` : ''}` }))} />
      </Form.Item>
      <Form.Item name="time" label={t('act.time')} rules={[{ required: true, message: t('act.timeRequired') }]}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="place" label={t('act.place')}><Input maxLength={200} /></Form.Item>
      <Form.Item name="title" label={t('act.title')} extra={t('lec.titleHint')}><Input maxLength={200} /></Form.Item>
    </FormModal>
  );
}

type RequestForm = { hostOrgId?: string; topic?: string; preferredOn?: Dayjs | null; note?: string };
const REQUEST_FIELDS: Record<string, keyof RequestForm> = { hostOrgId: 'hostOrgId', topic: 'topic', preferredOn: 'preferredOn', note: 'note' };

function RequestModal({ team, onClose, onDone }: { team: LectureTeam; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const save = async (v: RequestForm) => {
    await activitiesApi.requestLecture(team.id, { hostOrgId: v.hostOrgId, topic: v.topic?.trim(), preferredOn: fromDay(v.preferredOn), note: v.note?.trim() || null } as LectureRequestInput);
    onDone();
  };
  const topics = [...new Set(team.lecturers.flatMap((l) => l.topics))];
  return (
    <FormModal<RequestForm> title={t('lec.newRequest')} onClose={onClose} onSubmit={save} okText={t('act.save')}
      fields={Object.values(REQUEST_FIELDS)} mapError={(e) => renameFields(e, REQUEST_FIELDS)}>
      <Form.Item name="hostOrgId" label={t('lec.host')} rules={[{ required: true, message: t('act.orgRequired') }]}><OrgTreeSelect style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="topic" label={t('act.topic')} rules={[{ required: true, whitespace: true, message: t('lec.topicRequired') }]}>
        <AutoComplete options={topics.map((x) => ({ value: x }))} maxLength={200}
          filterOption={(input, o) => String(o?.value ?? '').includes(input)} />
      </Form.Item>
      <Form.Item name="preferredOn" label={t('lec.preferredOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="note" label={t('lec.note')}><Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
    </FormModal>
  );
}

function Requests({ team, canWrite }: { team: LectureTeam; canWrite: boolean }) {
  const t = useT();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const requests = useQuery(`lecture-requests:${team.id}`, (signal) => activitiesApi.requests(team.id, signal));
  const [scheduling, setScheduling] = useState<LectureRequest>();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Flex justify="end" style={{ marginBottom: 8 }}>
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('lec.newRequest')}</Button>
      </Flex>
      <ErrorAlert error={requests.error} onRetry={requests.reload} />
      <Table data-testid="lecture-requests" size="small" rowKey="id" loading={requests.loading} dataSource={requests.data ?? []} scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, simple: mobile }}
        columns={[
          { title: t('lec.host'), dataIndex: 'hostOrgName' },
          { title: t('act.topic'), dataIndex: 'topic' },
          { title: t('lec.preferredOn'), dataIndex: 'preferredOn' },
          { title: t('act.status'), dataIndex: 'status', render: (s: LectureRequest['status'], r) => (
            <Space size={4}>
              <Tag color={STATUS_COLOUR[s]}>{t(`lec.status.${s}`)}</Tag>
              {r.activityId && <Link to={`/activities/${r.activityId}`}>{t('lec.openActivity')}</Link>}
            </Space>
          ) },
          ...(canWrite ? [{ title: '', key: 'x', render: (_: unknown, r: LectureRequest) => r.status === 'requested' && (
            <Space size={4}>
              <Button size="small" type="primary" onClick={() => setScheduling(r)}>{t('lec.schedule')}</Button>
              <Popconfirm title={t('lec.declineConfirm')} onConfirm={async () => {
                try { await activitiesApi.decline(r.id); requests.reload(); } catch (e) { message.error(errorText(e, t)); }
              }}><Button size="small">{t('lec.decline')}</Button></Popconfirm>
            </Space>
          ) }] : []),
        ]} />
      {scheduling && <ScheduleModal request={scheduling} team={team} onClose={() => setScheduling(undefined)}
        onDone={() => { setScheduling(undefined); message.success(t('lec.scheduled')); requests.reload(); }} />}
      {creating && <RequestModal team={team} onClose={() => setCreating(false)} onDone={() => { setCreating(false); message.success(t('act.saved')); requests.reload(); }} />}
    </>
  );
}

function Figures({ team }: { team: LectureTeam }) {
  const t = useT();
  const figures = useQuery(`lecture-figures:${team.id}`, (signal) => activitiesApi.figures(team.id, signal));
  if (figures.error) return <ErrorAlert error={figures.error} onRetry={figures.reload} />;
  if (!figures.data) return <Skeleton active />;
  const d = figures.data;
  return (
    <Flex gap={16} wrap align="start">
      <Card size="small" title={t('lec.byLecturer')} style={{ flex: '3 1 420px', minWidth: 0 }}>
        <Table data-testid="lecturer-figures" size="small" rowKey="memberId" dataSource={d.lecturers} pagination={false} scroll={{ x: 'max-content' }}
          columns={[
            { title: t('act.name'), dataIndex: 'name' },
            { title: t('lec.lectures'), dataIndex: 'lectures', sorter: (a, b) => a.lectures - b.lectures },
            { title: t('lec.audience'), dataIndex: 'audience', sorter: (a, b) => a.audience - b.audience },
            { title: t('lec.rating'), dataIndex: 'rating', sorter: (a, b) => (a.rating ?? 0) - (b.rating ?? 0), render: (r: number | null, x) => (r === null ? '—' : (
              <Space size={4}><Rate disabled allowHalf value={Math.round(r * 2) / 2} style={{ fontSize: 12 }} /><span>{r.toFixed(2)}（{x.ratings}）</span></Space>
            )) },
          ]} />
      </Card>
      <Card size="small" title={t('lec.byBranch')} style={{ flex: '2 1 280px', minWidth: 0 }}>
        <Table data-testid="branch-figures" size="small" rowKey="orgId" dataSource={d.branches} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[{ title: t('lec.host'), dataIndex: 'orgName' }, { title: t('lec.received'), dataIndex: 'lectures', sorter: (a, b) => a.lectures - b.lectures, defaultSortOrder: 'descend' }]} />
      </Card>
    </Flex>
  );
}

function NewTeamModal({ onClose, onDone }: { onClose: () => void; onDone: (t: LectureTeam) => void }) {
  const t = useT();
  return (
    <FormModal<{ orgId?: string; name?: string; description?: string }> title={t('lec.newTeam')} onClose={onClose} okText={t('act.save')}
      fields={['orgId', 'name', 'description']}
      onSubmit={async (v) => onDone(await activitiesApi.createTeam({ orgId: v.orgId!, name: v.name!.trim(), description: v.description?.trim() || null }))}>
      <Form.Item name="orgId" label={t('quiz.org')} rules={[{ required: true, message: t('act.orgRequired') }]}><OrgTreeSelect style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="name" label={t('lec.teamName')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} /></Form.Item>
      <Form.Item name="description" label={t('quiz.description')}><Input.TextArea maxLength={2000} /></Form.Item>
    </FormModal>
  );
}

export default function LecturesPage() {
  const t = useT();
  const mobile = useIsMobile();
  const canWrite = useCan('activities.write');
  const [params, setParams] = useSearchParams();
  const teams = useQuery('lecture-teams', (signal) => activitiesApi.teams(undefined, signal));
  const [override, setOverride] = useState<LectureTeam>();
  const [creating, setCreating] = useState(false);
  const teamId = params.get('team') ?? teams.data?.[0]?.id;
  const base = teams.data?.find((x) => x.id === teamId);
  const team = override?.id === teamId ? override : base;
  const tab = params.get('tab') ?? 'lecturers';
  const set = (patch: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...patch });
  return (
    <>
      <PageTitle extra={
        <Flex gap={8} wrap>
          {(teams.data?.length ?? 0) > 1 && (
            <Select value={teamId} onChange={(v) => set({ team: v })} style={{ minWidth: mobile ? '100%' : 200 }}
              options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
          )}
          {canWrite && <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('lec.newTeam')}</Button>}
        </Flex>
      }>{team?.name ?? t('lec.title')}</PageTitle>
      <ErrorAlert error={teams.error} onRetry={teams.reload} />
      {!teams.data ? <Skeleton active /> : !team ? <Empty description={t('lec.noTeams')} /> : (
        <>
          {team.description && <Typography.Paragraph type="secondary">{team.description}</Typography.Paragraph>}
          <Tabs activeKey={tab} onChange={(k) => set({ tab: k })} items={[
            { key: 'lecturers', label: t('lec.lecturersN', { n: team.lecturers.length }),
              children: <Lecturers team={team} canWrite={canWrite} onChange={setOverride} /> },
            { key: 'requests', label: t('lec.requests'), children: <Requests team={team} canWrite={canWrite} /> },
            { key: 'figures', label: t('lec.figures'), children: <Figures team={team} /> },
          ]} />
        </>
      )}
      {creating && <NewTeamModal onClose={() => setCreating(false)} onDone={(x) => { setCreating(false); teams.reload(); set({ team: x.id }); }} />}
    </>
  );
}
