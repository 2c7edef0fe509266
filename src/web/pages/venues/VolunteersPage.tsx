import { useState } from 'react';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Table, Tag, Typography, Upload } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText, rowProblems } from '../../errors.ts';
import { formatDateTime, fromDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { useCan } from '../../components/permissions.ts';
import { volunteersApi, type HoursEntry, type Team, type Volunteer, type VolunteerFigures } from './volunteers-api.ts';

const STATUS_COLOR = { pending: 'gold', approved: 'green', rejected: 'red' } as const;

/** Volunteer teams (志愿服务队), their volunteers, each volunteer's hours ledger and certificates. */
export default function VolunteersPage() {
  const t = useT();
  const teams = useQuery('teams', (signal) => volunteersApi.teams(signal));
  const [team, setTeam] = useState<Team | null>(null);
  const [volunteer, setVolunteer] = useState<Volunteer | null>(null);
  const current = team ?? teams.data?.items[0] ?? null;
  // staff read figures; a team leader signed in as a member sees the team they lead only
  const staff = useCan('activities.read');
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('vol.title')}</PageTitle>
      <ErrorAlert error={teams.error} onRetry={teams.reload} />
      <Table<Team>
        rowKey="id" size="small" loading={teams.loading} dataSource={teams.data?.items ?? []} pagination={false} data-testid="volunteer-teams"
        locale={{ emptyText: t('vol.teams.empty') }} onRow={(r) => ({ onClick: () => setTeam(r), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.id === current?.id ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('vol.team.name'), dataIndex: 'name' },
          { title: t('vol.team.owner'), dataIndex: 'ownerName', responsive: ['md'] },
          { title: t('vol.team.leader'), dataIndex: 'leaderName', responsive: ['md'] },
          { title: t('vol.team.volunteers'), dataIndex: 'volunteers' },
          { title: t('vol.team.hoursThisYear'), dataIndex: 'hoursThisYear' },
        ]}
      />
      {current && <TeamVolunteers key={current.id} team={current} onOpen={setVolunteer} />}
      {staff && <Figures />}
      {volunteer && current && <VolunteerDrawer volunteer={volunteer} team={current} onClose={() => setVolunteer(null)} />}
    </Flex>
  );
}

function TeamVolunteers({ team, onOpen }: { team: Team; onOpen: (v: Volunteer) => void }) {
  const t = useT();
  const list = useQuery(`vols:${team.id}`, (signal) => volunteersApi.volunteers(team.id, signal));
  const [importing, setImporting] = useState(false);
  const [fromActivity, setFromActivity] = useState(false);
  const [joining, setJoining] = useState(false);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap align="center">
        <Typography.Title level={5} style={{ margin: 0, flex: 1 }}>{team.name}{team.interest ? ` · ${team.interest}` : ''}</Typography.Title>
        <Button icon={<DownloadOutlined />} href={volunteersApi.rosterUrl(team.id)} data-testid="roster-export">{t('vol.roster.export')}</Button>
        {team.canManage && <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="roster-import">{t('vol.roster.import')}</Button>}
        {team.canManage && <Button onClick={() => setFromActivity(true)} data-testid="hours-from-activity">{t('vol.fromActivity')}</Button>}
        {team.canManage && <Button onClick={() => setJoining(true)} data-testid="volunteer-join">{t('vol.join')}</Button>}
      </Flex>
      {team.leads && !team.canManage && <Alert type="info" showIcon title={t('vol.leader.hint')} data-testid="leader-hint" />}
      {joining && <JoinTeam team={team} onClose={() => setJoining(false)} onDone={() => { setJoining(false); list.reload(); }} />}
      {importing && <RosterImport team={team} onClose={() => setImporting(false)} onDone={() => { setImporting(false); list.reload(); }} />}
      {fromActivity && <HoursFromActivity team={team} onClose={() => setFromActivity(false)} onDone={() => { setFromActivity(false); list.reload(); }} />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Volunteer>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="volunteers" scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('vol.no'), dataIndex: 'volunteerNo' },
          { title: t('vol.name'), dataIndex: 'name', render: (n: string, v) => <a onClick={() => onOpen(v)} data-testid={`volunteer-${v.volunteerNo}`}>{n}</a> },
          { title: t('vol.status'), dataIndex: 'politicalStatus', render: (s: Volunteer['politicalStatus']) => t(`vol.status.${s}`) },
          { title: t('vol.unit'), dataIndex: 'unitName', responsive: ['md'] },
          { title: t('vol.teams'), key: 'teams', responsive: ['md'], render: (_: unknown, v) => v.teams.map((x) => <Tag key={x.id}>{x.name}</Tag>) },
          { title: t('vol.phone'), dataIndex: 'phone', responsive: ['lg'] },
          { title: t('vol.hours'), dataIndex: 'hours' },
        ]}
      />
    </Flex>
  );
}

type FigureRow = VolunteerFigures['byTeam'][number];
const FIGURE_VIEWS = ['byTeam', 'byOwner', 'byUnit', 'byStatus'] as const;

/** This year's figures of the teams the user reads: volunteers, services and hours per team, owner, unit, political status. */
function Figures() {
  const t = useT();
  const f = useQuery('volunteer-figures', (signal) => volunteersApi.figures(signal));
  const [view, setView] = useState<(typeof FIGURE_VIEWS)[number]>('byTeam');
  const name = (r: FigureRow) => (view === 'byStatus' && r.key ? t(`vol.status.${r.key as 'masses'}`) : r.name ?? t('vol.figures.none'));
  return (
    <Flex vertical gap={8} data-testid="volunteer-figures">
      <Flex gap={8} wrap align="center">
        <Typography.Title level={5} style={{ margin: 0, flex: 1 }}>
          {f.data ? t('vol.figures.title', { year: f.data.year, volunteers: f.data.total.volunteers, services: f.data.total.services, hours: f.data.total.hours }) : t('vol.figures.loading')}
        </Typography.Title>
        <Segmented value={view} onChange={(v) => setView(v as typeof view)} options={FIGURE_VIEWS.map((v) => ({ value: v, label: t(`vol.figures.${v}`) }))} />
      </Flex>
      <ErrorAlert error={f.error} onRetry={f.reload} />
      <Table<FigureRow>
        rowKey={(r) => r.key ?? ''} size="small" loading={f.loading} dataSource={f.data?.[view] ?? []} pagination={false} data-testid="volunteer-figures-table"
        columns={[
          { title: t(`vol.figures.${view}`), key: 'name', render: (_: unknown, r) => name(r) },
          { title: t('vol.team.volunteers'), dataIndex: 'volunteers' },
          { title: t('vol.figures.services'), dataIndex: 'services' },
          { title: t('vol.figures.hours'), dataIndex: 'hours' },
        ]}
      />
    </Flex>
  );
}

/**
 * Hours from a volunteer-service activity's check-ins: pending entries for the team's volunteers who checked in (the
 * team leader or staff record them; the org confirms each in the volunteer's ledger). Those already credited are skipped.
 */
function HoursFromActivity({ team, onClose, onDone }: { team: Team; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const acts = useQuery('service-activities', (signal) => volunteersApi.serviceActivities(signal));
  return (
    <FormModal<{ activityId: string }>
      title={`${t('vol.fromActivity')} · ${team.name}`} testId="hours-from-activity-form" fields={['activityId']} onClose={onClose}
      onSubmit={async (v) => {
        const r = await volunteersApi.hoursFromActivity(team.id, v.activityId);
        message.success(t('vol.fromActivity.done', { created: r.created, skipped: r.skipped }));
        onDone();
      }}
    >
      <Typography.Paragraph type="secondary">{t('vol.fromActivity.hint')}</Typography.Paragraph>
      <Form.Item name="activityId" label={t('vol.fromActivity.activity')} rules={[{ required: true }]}>
        <Select
          showSearch optionFilterProp="label" loading={acts.loading} data-testid="hours-from-activity-select"
          options={(acts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.heldOn} ${a.title}` }))}
        />
      </Form.Item>
    </FormModal>
  );
}

/** An existing volunteer (of another team) joins this one by volunteer number: the same person and ledger, no copy. */
function JoinTeam({ team, onClose, onDone }: { team: Team; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <FormModal<{ volunteerNo: string; joinedOn?: never }>
      title={`${t('vol.join')} · ${team.name}`} testId="volunteer-join-form" formTestId="volunteer-join-form" fields={['volunteerNo', 'joinedOn']} onClose={onClose}
      onSubmit={async (v) => {
        const r = await volunteersApi.join(team.id, { volunteerNo: v.volunteerNo, joinedOn: fromDay(v.joinedOn) ?? undefined });
        message.success(t('vol.join.done', { name: r.name }));
        onDone();
      }}
    >
      <Typography.Paragraph type="secondary">{t('vol.join.hint')}</Typography.Paragraph>
      <Form.Item name="volunteerNo" label={t('vol.join.no')} rules={[{ required: true }]}><Input maxLength={32} data-testid="volunteer-join-no" /></Form.Item>
      <Form.Item name="joinedOn" label={t('vol.join.on')}><DatePicker /></Form.Item>
    </FormModal>
  );
}

/** The roster import: a file; a refused file shows every problem of every row (nothing was imported). */
function RosterImport({ team, onClose, onDone }: { team: Team; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<{ row: number; problems: string[] }[]>([]);
  const send = async (file: File) => {
    setBusy(true);
    setError(undefined);
    setReport([]);
    try {
      const r = await volunteersApi.importRoster(team.id, file);
      message.success(t('vol.roster.done', { created: r.created, unchanged: r.unchanged }));
      onDone();
    } catch (err) {
      setError(errorText(err, t));
      setReport(rowProblems(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('vol.roster.import')} · ${team.name}`} onCancel={onClose} footer={null} data-testid="roster-import-modal">
      <Typography.Paragraph type="secondary">{t('vol.roster.hint')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => { void send(f); return false; }}>
          <Button icon={<UploadOutlined />} loading={busy} data-testid="roster-import-file">{t('vol.roster.choose')}</Button>
        </Upload>
        <Button icon={<DownloadOutlined />} href={volunteersApi.rosterUrl(team.id)}>{t('vol.roster.export')}</Button>
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {report.length > 0 && (
        <ul data-testid="roster-import-report" style={{ marginTop: 12, paddingLeft: 18 }}>
          {report.map((r) => <li key={r.row}>{t('vol.roster.row', { row: r.row })}{r.problems.join('；')}</li>)}
        </ul>
      )}
    </Modal>
  );
}

function VolunteerDrawer({ volunteer, team, onClose }: { volunteer: Volunteer; team: Team; onClose: () => void }) {
  const canManage = team.canManage;
  // staff record confirmed hours; the team's leader records pending ones for the staff to confirm
  const canRecord = team.canManage || team.leads;
  const t = useT();
  const { message } = App.useApp();
  const ledger = useQuery(`hours:${volunteer.id}`, (signal) => volunteersApi.hours(volunteer.id, signal));
  const certs = useQuery(`certs:${volunteer.id}`, (signal) => volunteersApi.certificates(volunteer.id, signal));
  const [form, setForm] = useState<null | 'hours' | 'cert' | HoursEntry>(null);
  const act = async (fn: () => Promise<unknown>) => {
    try { await fn(); message.success(t('vol.saved')); ledger.reload(); certs.reload(); } catch (e) { message.error(errorText(e, t)); }
  };
  return (
    <Drawer open width="min(760px, 100vw)" onClose={onClose} title={`${volunteer.name} · ${volunteer.volunteerNo}`} data-testid="volunteer-drawer">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Typography.Text>{t('vol.ledger.totals', { approved: ledger.data?.approvedHours ?? 0, pending: ledger.data?.pendingHours ?? 0 })}</Typography.Text>
          {canRecord && <Button onClick={() => setForm('hours')} data-testid="hours-add">{t('vol.hours.add')}</Button>}
          {canManage && <Button type="primary" onClick={() => setForm('cert')} data-testid="certificate-issue">{t('vol.cert.issue')}</Button>}
        </Flex>
        <ErrorAlert error={ledger.error ?? certs.error} onRetry={() => { ledger.reload(); certs.reload(); }} />
        <Table<HoursEntry>
          rowKey="id" size="small" loading={ledger.loading} dataSource={ledger.data?.items ?? []} pagination={{ pageSize: 15, showSizeChanger: false }}
          data-testid="hours-ledger" scroll={{ x: 'max-content' }}
          columns={[
            { title: t('vol.hours.date'), dataIndex: 'servedOn' },
            { title: t('vol.hours.service'), dataIndex: 'description' },
            { title: t('vol.hours.team'), dataIndex: 'teamName', responsive: ['md'] },
            { title: t('vol.hours.hours'), dataIndex: 'hours' },
            { title: t('vol.hours.source'), dataIndex: 'source', render: (s: HoursEntry['source']) => t(`vol.source.${s}`) },
            { title: t('vol.hours.status'), dataIndex: 'status', render: (s: HoursEntry['status'], e) => <><Tag color={STATUS_COLOR[s]}>{t(`vol.hstatus.${s}`)}</Tag>{e.reversedBy && <Tag>{t('vol.hours.reversed')}</Tag>}</> },
            { title: t('vol.hours.recordedBy'), key: 'by', responsive: ['lg'], render: (_: unknown, e) => `${e.recordedBy ?? ''} ${formatDateTime(e.recordedAt).slice(0, 10)}` },
            {
              title: '', key: 'actions', render: (_: unknown, e) => canManage && (
                <Flex gap={4}>
                  {e.status === 'pending' && <Button size="small" onClick={() => act(() => volunteersApi.approve(e.id))}>{t('vol.hours.approve')}</Button>}
                  {e.status === 'approved' && e.source !== 'reversal' && !e.reversedBy && <Button size="small" onClick={() => setForm(e)}>{t('vol.hours.correct')}</Button>}
                </Flex>
              ),
            },
          ]}
        />
        <Typography.Title level={5} style={{ margin: 0 }}>{t('vol.cert.title')}</Typography.Title>
        <Table
          rowKey="id" size="small" dataSource={certs.data?.items ?? []} pagination={false} data-testid="certificates" locale={{ emptyText: t('vol.cert.empty') }}
          columns={[
            { title: t('vol.cert.number'), dataIndex: 'number' },
            { title: t('vol.cert.period'), key: 'period', render: (_: unknown, c) => `${c.periodFrom} – ${c.periodTo}` },
            { title: t('vol.hours.hours'), dataIndex: 'hours' },
            { title: t('vol.hours.status'), key: 'revoked', render: (_: unknown, c) => <Tag color={c.revoked ? 'red' : 'green'}>{t(c.revoked ? 'vol.cert.revoked' : 'vol.cert.valid')}</Tag> },
            {
              title: '', key: 'actions', render: (_: unknown, c) => (
                <Flex gap={4}>
                  <Button size="small" href={volunteersApi.pdfUrl(c.id)} target="_blank" data-testid={`certificate-pdf-${c.number}`}>PDF</Button>
                  {canManage && !c.revoked && (
                    <Popconfirm title={t('vol.cert.revokeConfirm')} onConfirm={() => act(() => volunteersApi.revoke(c.id, t('vol.cert.revokeReason')))}>
                      <Button size="small" danger>{t('vol.cert.revoke')}</Button>
                    </Popconfirm>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      </Flex>
      {form === 'hours' && (
        <FormModal<{ servedOn: never; hours: number; description: string }> title={t('vol.hours.add')} fields={['servedOn', 'hours', 'description']} testId="hours-form" formTestId="hours-form"
          initialValues={{ hours: 2 }} onClose={() => setForm(null)}
          onSubmit={async (v) => {
            const e = await volunteersApi.record({ volunteerId: volunteer.id, volunteerTeamId: team.id, servedOn: fromDay(v.servedOn)!, hours: v.hours, description: v.description });
            message.success(t(e.status === 'pending' ? 'vol.hours.pendingSaved' : 'vol.saved')); setForm(null); ledger.reload();
          }}>
          <Form.Item name="servedOn" label={t('vol.hours.date')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="hours" label={t('vol.hours.hours')} rules={[{ required: true }]}><InputNumber min={0.5} max={24} step={0.5} /></Form.Item>
          <Form.Item name="description" label={t('vol.hours.service')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
        </FormModal>
      )}
      {form && typeof form === 'object' && (
        <FormModal<{ reason: string; hours?: number }> title={t('vol.hours.correct')} fields={['reason', 'hours']} testId="reverse-form" formTestId="reverse-form" onClose={() => setForm(null)}
          onSubmit={async (v) => {
            await volunteersApi.reverse(form.id, { reason: v.reason, replacement: v.hours ? { servedOn: form.servedOn, hours: v.hours } : undefined });
            message.success(t('vol.saved')); setForm(null); ledger.reload();
          }}>
          <Typography.Paragraph type="secondary">{t('vol.hours.correctHelp')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('vol.hours.reason')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="hours" label={t('vol.hours.newHours')}><InputNumber min={0.5} max={24} step={0.5} /></Form.Item>
        </FormModal>
      )}
      {form === 'cert' && (
        <FormModal<{ from: never; to: never; issuerName: string; issuerContact: string }> title={t('vol.cert.issue')} fields={['from', 'to', 'issuerName', 'issuerContact']}
          testId="certificate-form" formTestId="certificate-form" onClose={() => setForm(null)}
          onSubmit={async (v) => {
            const c = await volunteersApi.issue(volunteer.id, { from: fromDay(v.from)!, to: fromDay(v.to)!, issuerName: v.issuerName, issuerContact: v.issuerContact });
            message.success(t('vol.cert.issued', { number: c.number })); setForm(null); certs.reload();
          }}>
          <Form.Item name="from" label={t('vol.cert.from')} rules={[{ required: true }]}><DatePicker data-testid="certificate-from" /></Form.Item>
          <Form.Item name="to" label={t('vol.cert.to')} rules={[{ required: true }]}><DatePicker data-testid="certificate-to" /></Form.Item>
          <Form.Item name="issuerName" label={t('vol.cert.issuer')} rules={[{ required: true }]}><Input maxLength={50} data-testid="certificate-issuer" /></Form.Item>
          <Form.Item name="issuerContact" label={t('vol.cert.contact')} rules={[{ required: true }]}><Input maxLength={50} data-testid="certificate-contact" /></Form.Item>
        </FormModal>
      )}
    </Drawer>
  );
}
