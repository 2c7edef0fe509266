/**
 * `/meetings` (the office, cobuild.read): the joint meeting's meetings; a meeting's page with attendance and check-in,
 * the agenda (accept / defer, decision, actions), minutes with the recorder, the actions board and earlier actions still
 * open (闭环), and the bulletin PDF. Also readable by a member's liaison (no buttons).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ActionEvidence } from './ActionEvidence.tsx';
import { Alert, App, Button, Card, DatePicker, Descriptions, Flex, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { CoprojectForm } from './CoprojectForm.tsx';
import { CoprojectsPanel } from './CoprojectsPanel.tsx';
import { coprojectsApi, type Coproject } from './coprojects-api.ts';
import { JointMembersPanel } from './JointMembersPanel.tsx';
import { ResourcesPanel } from './ResourcesPanel.tsx';
import { meetingsApi, type JointDetail, type MeetingAction, type MeetingDetail } from './meetings-api.ts';

const ST_COLOR: Record<string, string> = { open: 'default', in_progress: 'processing', done: 'green', proposed: 'orange', accepted: 'blue', deferred: 'default' };

export function ActionTag({ a }: { a: Pick<MeetingAction, 'status' | 'overdue'> }) {
  const t = useT();
  return <Space size={4}><Tag color={ST_COLOR[a.status]}>{t(`jm.action.${a.status}`)}</Tag>{a.overdue && <Tag color="red" data-testid="jm-overdue">{t('jm.overdue')}</Tag>}</Space>;
}

export default function MeetingsPage() {
  const t = useT();
  const joints = useQuery('jm-joints', (s) => meetingsApi.joints(s));
  const [allianceId, setAllianceId] = useState<string>();
  const current = allianceId ?? joints.data?.find((j) => j.office)?.id ?? joints.data?.[0]?.id;
  const [meetingId, setMeetingId] = useState<string>();
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={<Select style={{ minWidth: 200 }} data-testid="jm-alliance" value={current} onChange={(v) => { setAllianceId(v); setMeetingId(undefined); }}
        options={(joints.data ?? []).map((j) => ({ value: j.id, label: j.name }))} />}>{t('jm.title')}</PageTitle>
      {joints.error ? <Alert type="error" showIcon title={errorText(joints.error, t)} /> : null}
      {current && (meetingId ? <MeetingView id={meetingId} allianceId={current} onBack={() => setMeetingId(undefined)} /> : (
        <Tabs items={[
          { key: 'meetings', label: t('jm.tab.meetings'), children: <MeetingList allianceId={current} onOpen={setMeetingId} /> },
          { key: 'members', label: <span data-testid="jm-tab-members">{t('jm.tab.members')}</span>, children: <JointMembersPanel allianceId={current} /> },
          ...(joints.data?.find((j) => j.id === current)?.office ? [{
            key: 'resources', label: <span data-testid="jm-tab-resources">{t('res.tab')}</span>, children: <ResourcesPanel allianceId={current} />,
          }] : []),
          {
            key: 'projects', label: <span data-testid="jm-tab-projects">{t('coproject.tab')}</span>,
            children: <CoprojectsPanel allianceId={current} manage={!!joints.data?.find((j) => j.id === current)?.manage} />,
          },
        ]} />
      ))}
    </Flex>
  );
}

function MeetingList({ allianceId, onOpen }: { allianceId: string; onOpen: (id: string) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const list = useQuery(`jm-list:${allianceId}`, (s) => meetingsApi.meetings(allianceId, s));
  const overdue = useQuery(`jm-overdue:${allianceId}`, (s) => meetingsApi.actions({ allianceId, overdue: '1' }, s));
  const [form, setForm] = useState({ title: '', heldOn: '', place: '', kind: 'plenary' as 'plenary' | 'liaison' | 'ad_hoc', agendaDays: 7 });
  const [error, setError] = useState<unknown>();
  const create = async () => {
    setError(undefined);
    try {
      const m = await meetingsApi.create({ allianceId, ...form });
      message.success(t('jm.saved'));
      onOpen(m.id);
    } catch (e) { setError(e); }
  };
  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t('jm.new')}>
        <Flex gap={8} wrap>
          <Input placeholder={t('jm.f.title')} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} style={{ width: 220 }} data-testid="jm-title" />
          <Select value={form.kind} onChange={(kind) => setForm({ ...form, kind })} style={{ width: 140 }}
            options={(['plenary', 'liaison', 'ad_hoc'] as const).map((k) => ({ value: k, label: t(`jm.kind.${k}`) }))} />
          <DatePicker onChange={(d) => setForm({ ...form, heldOn: d ? d.format('YYYY-MM-DD') : '' })} data-testid="jm-date" />
          <Input placeholder={t('jm.f.place')} value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })} style={{ width: 180 }} />
          <Space.Compact><Input style={{ width: 64 }} type="number" value={form.agendaDays} onChange={(e) => setForm({ ...form, agendaDays: Number(e.target.value) })} /><Button disabled>{t('jm.f.days')}</Button></Space.Compact>
          <Button type="primary" onClick={() => void create()} data-testid="jm-create">{t('jm.create')}</Button>
        </Flex>
        {error ? <Alert type="error" showIcon title={errorText(error, t)} style={{ marginTop: 8 }} /> : null}
      </Card>
      <Table rowKey="id" size="small" pagination={false} dataSource={list.data ?? []} loading={list.loading}
        onRow={(m) => ({ onClick: () => onOpen(m.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('jm.f.date'), dataIndex: 'heldOn' },
          { title: t('jm.f.title'), dataIndex: 'title' },
          { title: t('jm.f.kind'), dataIndex: 'kind', render: (k: 'plenary' | 'liaison' | 'ad_hoc') => t(`jm.kind.${k}`) },
          { title: t('jm.f.host'), dataIndex: 'hostName' },
          { title: t('jm.f.deadline'), dataIndex: 'agendaDeadline' },
          { title: t('jm.f.items'), dataIndex: 'items' },
        ]} />
      <Card size="small" title={t('jm.overdueList')}>
        {(overdue.data ?? []).length ? <ActionTable actions={overdue.data!} onChanged={overdue.reload} /> : <Typography.Text type="secondary">{t('jm.none')}</Typography.Text>}
      </Card>
    </Flex>
  );
}

export function ActionTable({ actions, onChanged }: { actions: MeetingAction[]; onChanged: () => void }) {
  const t = useT();
  return (
    <Table rowKey="id" size="small" pagination={false} dataSource={actions} scroll={{ x: true }}
      columns={[
        { title: t('jm.f.action'), dataIndex: 'title' },
        { title: t('jm.f.owner'), dataIndex: 'partyName' },
        { title: t('jm.f.due'), dataIndex: 'dueOn' },
        { title: t('jm.f.status'), render: (_: unknown, a: MeetingAction) => <ActionTag a={a} /> },
        { title: t('jm.f.evidence'), render: (_: unknown, a: MeetingAction) => <Flex vertical gap={2}><span>{a.evidence}</span><ActionEvidence a={a} onChanged={onChanged} /></Flex> },
        { title: '', render: (_: unknown, a: MeetingAction) => a.mayUpdate && <ActionButtons a={a} onChanged={onChanged} /> },
      ]} />
  );
}

export function ActionButtons({ a, onChanged }: { a: MeetingAction; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [evidence, setEvidence] = useState(a.evidence);
  const save = async (status?: 'in_progress' | 'done') => {
    try { await meetingsApi.updateAction(a.id, { status, evidence }); message.success(t('jm.saved')); onChanged(); } catch (e) { message.error(errorText(e, t)); }
  };
  return (
    <Flex gap={4} wrap>
      <Input size="small" style={{ minWidth: 140, flex: 1 }} placeholder={t('jm.f.evidence')} value={evidence} onChange={(e) => setEvidence(e.target.value)} data-testid="jm-evidence" />
      {a.status === 'open' && <Button size="small" onClick={() => void save('in_progress')}>{t('jm.start')}</Button>}
      {a.status !== 'done' && <Button size="small" type="primary" onClick={() => void save('done')} data-testid="jm-done">{t('jm.finish')}</Button>}
      {a.status === 'done' && <Button size="small" onClick={() => void save()}>{t('jm.save')}</Button>}
    </Flex>
  );
}

function MeetingView({ id, allianceId, onBack }: { id: string; allianceId: string; onBack: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const d = useQuery(`jm:${id}`, (s) => meetingsApi.meeting(id, s));
  // an action's owner is one of the alliance's members
  const joint = useQuery(`jm-joint:${allianceId}`, (s) => meetingsApi.joint(allianceId, s));
  // the projects made from this meeting's decisions
  const projects = useQuery(`coprojects:${allianceId}`, (s) => coprojectsApi.list({ allianceId }, s));
  const [minutes, setMinutes] = useState<string>();
  const [recorder, setRecorder] = useState<string>();
  const m = d.data;
  if (d.error) return <Alert type="error" showIcon title={errorText(d.error, t)} />;
  if (!m) return <Typography.Text type="secondary">…</Typography.Text>;
  const run = async (fn: () => Promise<unknown>) => {
    try { await fn(); message.success(t('jm.saved')); d.reload(); } catch (e) { message.error(errorText(e, t)); }
  };
  const all = m.agenda.flatMap((i) => i.actions);
  return (
    <Flex vertical gap={12} data-testid="jm-meeting">
      <Flex gap={8} wrap align="center">
        <Button onClick={onBack}>{t('jm.back')}</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>{m.title}</Typography.Title>
        <Button href={meetingsApi.bulletinUrl(m.id)} target="_blank">{t('jm.bulletin')}</Button>
        {m.may.manage && !m.agenda.some((i) => i.decision) && (
          <Popconfirm title={t('jm.deleteConfirm')} onConfirm={() => meetingsApi.remove(m.id).then(() => { message.success(t('jm.deleted')); onBack(); }, (e: unknown) => message.error(errorText(e, t)))}>
            <Button danger data-testid="jm-delete">{t('jm.delete')}</Button>
          </Popconfirm>
        )}
      </Flex>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
        { label: t('jm.f.date'), children: m.heldOn }, { label: t('jm.f.kind'), children: t(`jm.kind.${m.kind}`) },
        { label: t('jm.f.place'), children: m.place }, { label: t('jm.f.host'), children: m.hostName },
        { label: t('jm.f.deadline'), children: m.agendaDeadline },
      ]} />
      <Card size="small" title={t('jm.attendees')}>
        <Flex gap={8} wrap>
          {m.attendees.map((a) => (
            <Tag key={a.unitId ?? a.orgId} color={a.checkedInAt ? 'green' : 'default'}>
              {a.partyName}{!a.checkedInAt && m.may.manage && <Button type="link" size="small" onClick={() => void run(() => meetingsApi.checkIn(m.id, { unitId: a.unitId, orgId: a.orgId }))}>{t('jm.checkIn')}</Button>}
            </Tag>
          ))}
        </Flex>
      </Card>
      <Card size="small" title={t('jm.agenda')}>
        <Flex vertical gap={8}>
          {m.agenda.map((i) => <ItemCard key={i.id} m={m} members={joint.data?.members} item={i} run={run}
            project={projects.data?.find((p) => p.item?.id === i.id)} onProject={() => projects.reload()} />)}
          {!m.agenda.length && <Typography.Text type="secondary">{t('jm.none')}</Typography.Text>}
        </Flex>
      </Card>
      <Card size="small" title={t('jm.carried')} data-testid="jm-carried">
        {m.carried.length ? <ActionTable actions={m.carried} onChanged={d.reload} /> : <Typography.Text type="secondary">{t('jm.none')}</Typography.Text>}
      </Card>
      <Card size="small" title={t('jm.board')}>
        <Flex gap={12} wrap>
          {(['open', 'in_progress', 'done'] as const).map((s) => (
            <Card key={s} size="small" style={{ flex: '1 1 220px' }} title={t(`jm.action.${s}`)}>
              {all.filter((a) => a.status === s).map((a) => <div key={a.id}>{a.title} · {a.partyName} · {a.dueOn} {a.overdue && <Tag color="red">{t('jm.overdue')}</Tag>}</div>)}
            </Card>
          ))}
        </Flex>
      </Card>
      <Card size="small" title={t('jm.minutes')}>
        <Input.TextArea rows={5} value={minutes ?? m.minutes} onChange={(e) => setMinutes(e.target.value)} readOnly={!m.may.manage} />
        {m.may.manage && (
          <Flex gap={8} style={{ marginTop: 8 }}>
            <Input style={{ width: 200 }} placeholder={t('jm.f.recorder')} value={recorder ?? m.recorderName ?? ''} onChange={(e) => setRecorder(e.target.value)} />
            <Button type="primary" onClick={() => void run(() => meetingsApi.update(m.id, { minutes: minutes ?? m.minutes, recorderName: recorder ?? m.recorderName }))}>{t('jm.save')}</Button>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}

function ItemCard({ m, members, item, run, project, onProject }: {
  m: MeetingDetail; members?: JointDetail['members']; item: MeetingDetail['agenda'][number]; run: (fn: () => Promise<unknown>) => Promise<void>;
  project?: Coproject; onProject: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [projecting, setProjecting] = useState(false);
  const [decision, setDecision] = useState(item.decision ?? '');
  const [action, setAction] = useState({ title: '', owner: '', dueOn: '' });
  const owners = members ?? m.attendees;
  const owner = owners.find((a) => (a.unitId ?? a.orgId) === action.owner);
  return (
    <Card size="small" type="inner" data-testid="jm-item"
      title={<Space wrap><span>{item.title}</span><Tag color={ST_COLOR[item.status]}>{t(`jm.item.${item.status}`)}</Tag><Typography.Text type="secondary">{item.partyName}</Typography.Text></Space>}
      extra={m.may.manage && !item.decision && <Space>
        <Popconfirm title={t('jm.withdrawConfirm')} onConfirm={() => run(() => meetingsApi.withdraw(item.id))}>
          <Button size="small" data-testid="jm-item-withdraw">{t('jm.withdraw')}</Button>
        </Popconfirm>
        {item.status !== 'accepted' && <Button size="small" type="primary" onClick={() => void run(() => meetingsApi.review(item.id, 'accept'))} data-testid="jm-accept">{t('jm.accept')}</Button>}
        {item.status !== 'deferred' && <Button size="small" onClick={() => void run(() => meetingsApi.review(item.id, 'defer'))}>{t('jm.defer')}</Button>}
      </Space>}>
      {item.description && <Typography.Paragraph>{item.description}</Typography.Paragraph>}
      {item.needTitle && <Typography.Paragraph type="secondary">{t('jm.need')}: {item.needTitle}</Typography.Paragraph>}
      {m.may.manage && item.status === 'accepted' ? (
        <Flex gap={8}><Input placeholder={t('jm.f.decision')} value={decision} onChange={(e) => setDecision(e.target.value)} data-testid="jm-decision" />
          <Button onClick={() => void run(() => meetingsApi.decide(item.id, decision))} data-testid="jm-decide">{t('jm.decide')}</Button></Flex>
      ) : item.decision && <Typography.Paragraph>{t('jm.f.decision')}: {item.decision}</Typography.Paragraph>}
      {project && <Typography.Paragraph data-testid="jm-item-project">{t('coproject.label')}：<Link to={`/projects/${project.projectId}`}>{project.title}</Link></Typography.Paragraph>}
      {m.may.manage && item.decision && !project && (
        <Button size="small" style={{ marginBottom: 8 }} onClick={() => setProjecting(true)} data-testid="jm-item-project-new">{t('coproject.fromThisItem')}</Button>
      )}
      {projecting && (
        <CoprojectForm allianceId={m.allianceId} item={item} onClose={() => setProjecting(false)}
          onSaved={() => { setProjecting(false); message.success(t('coproject.saved')); onProject(); }} />
      )}
      {item.actions.length > 0 && <ActionTable actions={item.actions} onChanged={() => void run(async () => {})} />}
      {m.may.manage && item.decision && (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          <Input style={{ width: 220 }} placeholder={t('jm.f.action')} value={action.title} onChange={(e) => setAction({ ...action, title: e.target.value })} data-testid="jm-action-title" />
          <Select style={{ width: 200 }} placeholder={t('jm.f.owner')} value={action.owner || undefined} onChange={(v) => setAction({ ...action, owner: v })} data-testid="jm-action-owner"
            options={owners.map((a) => ({ value: a.unitId ?? a.orgId!, label: a.partyName }))} />
          <DatePicker value={action.dueOn ? dayjs(action.dueOn) : null} onChange={(v) => setAction({ ...action, dueOn: v ? v.format('YYYY-MM-DD') : '' })} data-testid="jm-action-due" />
          <Button onClick={() => void run(() => meetingsApi.addAction(item.id, { title: action.title, dueOn: action.dueOn, unitId: owner?.unitId, orgId: owner?.orgId }))} data-testid="jm-action-add">{t('jm.addAction')}</Button>
        </Flex>
      )}
    </Card>
  );
}
