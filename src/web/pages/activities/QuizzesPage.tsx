/**
 * Quiz competitions for staff (`/quizzes`): the competitions (create: window, number of questions, fixed set or
 * random by tags, time limit, attempts; edit — once someone started only title, description and closing time —,
 * close early, delete while nobody started), `/quizzes/<id>` with leaderboards by member / organisation / alliance
 * and the results export, and the question bank with the xlsx import (or a check only) and its row-by-row error report.
 */
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import {
  Alert, App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Progress, Radio, Segmented, Select, Skeleton, Space, Table,
  Tabs, Tag, Tooltip, Typography, Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import {
  ArrowLeftOutlined, CheckOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, InboxOutlined, PlusOutlined, StopOutlined, UploadOutlined,
} from '@ant-design/icons';
import { ApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { formatDateTime, fromPicker, nowPicker, serverNow, toPicker } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { activitiesApi, type Question, type Quiz, type QuizInput } from './api.ts';
import { renameFields } from './common.ts';

const letters = (xs: number[]) => xs.map((i) => String.fromCharCode(65 + i)).join('');
const fmt = (s: string) => formatDateTime(s).slice(0, 16);

function quizState(q: Quiz): 'upcoming' | 'open' | 'closed' {
  const now = serverNow();
  if (Date.parse(q.opensAt) > now) return 'upcoming';
  return Date.parse(q.closesAt) > now ? 'open' : 'closed';
}
const STATE_COLOUR = { upcoming: 'default', open: 'green', closed: 'blue' } as const;

// ── question bank ─────────────────────────────────────────────────────────────
function ImportModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (n: number) => void }) {
  const t = useT();
  const [orgId, setOrgId] = useState<string>();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState<'import' | 'check'>();
  const [error, setError] = useState<unknown>();
  /** what the last check-only run found: rows that pass (nothing imported), or its problems (`error`) */
  const [checked, setChecked] = useState<{ n: number; problems: boolean }>();
  const run = async (checkOnly: boolean) => {
    if (!file || !orgId) return;
    setBusy(checkOnly ? 'check' : 'import');
    setError(undefined);
    setChecked(undefined);
    try {
      if (checkOnly) { const r = await activitiesApi.checkQuestions(orgId, file); setChecked({ n: r.checked ?? 0, problems: false }); }
      else { const r = await activitiesApi.importQuestions(orgId, file); onDone(r.imported); }
    } catch (e) {
      setError(e);
      if (checkOnly) setChecked({ n: 0, problems: true });
    } finally { setBusy(undefined); }
  };
  const rows = error instanceof ApiError ? error.details as { row?: number; column?: string; field?: string; message: string }[] : [];
  const fileList: UploadFile[] = file ? [{ uid: 'q', name: file.name, status: 'done', size: file.size }] : [];
  return (
    <Modal open={open} onCancel={onClose} title={t('quiz.import')} width={720} destroyOnHidden
      footer={[
        <Button key="t" icon={<DownloadOutlined />} href="/api/v1/questions/template.xlsx">{t('quiz.template')}</Button>,
        <Button key="check" icon={<CheckOutlined />} loading={busy === 'check'} disabled={!file || !orgId || busy === 'import'} onClick={() => run(true)} data-testid="question-import-check">{t('quiz.check')}</Button>,
        <Button key="go" type="primary" icon={<UploadOutlined />} loading={busy === 'import'} disabled={!file || !orgId || busy === 'check'} onClick={() => run(false)} data-testid="question-import-run">{t('quiz.importRun')}</Button>,
      ]}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('quiz.importHint')}</Typography.Text>
        <OrgTreeSelect value={orgId} onChange={(v) => { setOrgId(v); setChecked(undefined); }} placeholder={t('quiz.importOrg')} style={{ width: '100%' }} />
        <Upload.Dragger accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" maxCount={1} fileList={fileList}
          beforeUpload={(f) => { setFile(f); setError(undefined); setChecked(undefined); return false; }} onRemove={() => { setFile(undefined); setChecked(undefined); }} data-testid="question-import-file">
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{t('quiz.drop')}</p>
        </Upload.Dragger>
        {checked && !checked.problems && <Alert type="success" showIcon title={t('quiz.checkOk', { n: checked.n })} data-testid="question-import-checked" />}
        {error !== undefined && (
          <>
            <Alert type="error" showIcon title={errorText(error, t)} data-testid="question-import-error"
              description={rows.length ? t(checked?.problems ? 'quiz.checkNothing' : 'quiz.importNothing', { n: rows.length }) : undefined} />
            {rows.length > 0 && (
              <Table size="small" rowKey={(_, i) => String(i)} dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="question-import-rows"
                columns={[
                  { title: t('quiz.row'), dataIndex: 'row', width: 70 },
                  { title: t('quiz.column'), key: 'column', width: 120, render: (_: unknown, r) => r.column ?? r.field ?? '' },
                  { title: t('quiz.problem'), dataIndex: 'message' },
                ]} />
            )}
          </>
        )}
      </Flex>
    </Modal>
  );
}

function QuestionBank() {
  const t = useT();
  const mobile = useIsMobile();
  const canWrite = useCan('activities.write');
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [importing, setImporting] = useState(false);
  const q = params.get('q') ?? undefined;
  const tag = params.get('tag') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v === undefined || v === '') next.delete(k); else next.set(k, String(v)); }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const list = useQuery(`questions:${q}:${tag}:${page}`, (signal) => activitiesApi.questions({ q, tag, page, pageSize: 20 }, signal));
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} justify="space-between">
        <Flex gap={8} wrap>
          <Input.Search allowClear defaultValue={q} placeholder={t('quiz.searchStem')} onSearch={(v) => set({ q: v.trim() })} style={{ width: mobile ? '100%' : 240 }} />
          <Input.Search allowClear defaultValue={tag} placeholder={t('quiz.tag')} onSearch={(v) => set({ tag: v.trim() })} style={{ width: mobile ? '100%' : 160 }} />
        </Flex>
        {canWrite && <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="question-import">{t('quiz.import')}</Button>}
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Question> data-testid="question-table" rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, simple: mobile, showSizeChanger: false, onChange: (p) => set({ page: p }) }}
        expandable={{ expandedRowRender: (x) => (
          <Flex vertical gap={4}>
            {x.options.map((o, i) => <Typography.Text key={i} strong={x.answer.includes(i)}>{String.fromCharCode(65 + i)}. {o}</Typography.Text>)}
            {x.explanation && <Typography.Text type="secondary">{t('quiz.explanation')}：{x.explanation}</Typography.Text>}
          </Flex>
        ) }}
        columns={[
          { title: t('quiz.stem'), dataIndex: 'stem', render: (s: string) => <div style={{ maxWidth: mobile ? 220 : 560, whiteSpace: 'normal' }}>{s}</div> },
          { title: t('quiz.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`quiz.kind.${k}` as MessageKey)}</Tag> },
          { title: t('quiz.answer'), dataIndex: 'answer', render: (a: number[], x) => (x.kind === 'truefalse' ? x.options[a[0]] : letters(a)) },
          { title: t('quiz.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((g) => <Tag key={g} color="geekblue" style={{ cursor: 'pointer' }} onClick={() => set({ tag: g })}>{g}</Tag>) },
        ]} />
      {importing && <ImportModal open onClose={() => setImporting(false)} onDone={(n) => { setImporting(false); message.success(t('quiz.imported', { n })); list.reload(); }} />}
    </>
  );
}

// ── competitions ─────────────────────────────────────────────────────────────
type QuizForm = {
  orgId?: string; title?: string; description?: string; window?: [Dayjs, Dayjs]; mode?: 'fixed' | 'random'; questionIds?: string[];
  tags?: string[]; questionCount?: number; timeLimitMinutes?: number; attemptsAllowed?: number;
};

/** Title, description and window, as the API takes them (create and edit). */
const describedBy = (v: QuizForm) => ({
  title: v.title?.trim(), description: v.description?.trim() || null, opensAt: fromPicker(v.window?.[0]), closesAt: fromPicker(v.window?.[1]),
});
/** How questions are chosen and the limits (create, and edit before anyone starts). */
const drawnBy = (v: QuizForm) => ({
  mode: v.mode,
  ...(v.mode === 'fixed' ? { questionIds: v.questionIds ?? [] } : { tags: v.tags ?? [], questionCount: v.questionCount }),
  timeLimitSeconds: Math.round((v.timeLimitMinutes ?? 0) * 60), attemptsAllowed: v.attemptsAllowed,
});
const QUIZ_FIELDS: Record<string, keyof QuizForm> = {
  orgId: 'orgId', title: 'title', description: 'description', opensAt: 'window', closesAt: 'window', mode: 'mode', questionIds: 'questionIds',
  tags: 'tags', questionCount: 'questionCount', timeLimitSeconds: 'timeLimitMinutes', attemptsAllowed: 'attemptsAllowed',
};

/** Server errors placed on the form's fields (`questionIds.3` → the question picker, `opensAt` → the window …). */
function quizErrors(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const details = err.details.map((d) => (d.field?.startsWith('questionIds.') ? { ...d, field: 'questionIds' } : d));
  return renameFields(new ApiError({ code: err.code, message: err.message, status: err.status, requestId: err.requestId, details }), QUIZ_FIELDS);
}

function QuizCreateModal({ onClose, onSaved }: { onClose: () => void; onSaved: (q: Quiz) => void }) {
  const t = useT();
  const [form] = Form.useForm<QuizForm>();
  const mode = Form.useWatch('mode', form);
  const save = async (v: QuizForm) => {
    onSaved(await activitiesApi.createQuiz({ orgId: v.orgId, ...describedBy(v), ...drawnBy(v) } as QuizInput));
  };
  return (
    <FormModal<QuizForm> title={t('quiz.new')} onClose={onClose} width={640} okText={t('act.save')} form={form} onSubmit={save}
      fields={Object.values(QUIZ_FIELDS)} mapError={quizErrors}
      initialValues={{ mode: 'random', questionCount: 20, timeLimitMinutes: 10, attemptsAllowed: 1, window: [nowPicker().startOf('hour').add(1, 'hour'), nowPicker().startOf('hour').add(8, 'day')] }}>
      <Form.Item name="orgId" label={t('quiz.org')} rules={[{ required: true, message: t('act.orgRequired') }]}><OrgTreeSelect style={{ width: '100%' }} /></Form.Item>
      <QuizFields mode={mode} />
    </FormModal>
  );
}

/**
 * The fields create and edit share. `started`: someone has started, so only title, description and the closing
 * time stay enabled (the server refuses the rest with 409 QUIZ_STARTED).
 */
function QuizFields({ mode, started = false, known = [] }: { mode?: 'fixed' | 'random'; started?: boolean; known?: Question[] }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const questions = useQuery(`quiz-pick:${search}`, (signal) => activitiesApi.questions({ q: search || undefined, pageSize: 100 }, signal));
  const options = useMemo(() => {
    const seen = new Map<string, string>();
    for (const x of [...known, ...(questions.data?.items ?? [])]) seen.set(x.id, x.stem);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [known, questions.data]);
  return (
    <>
      <Form.Item name="title" label={t('quiz.title')} rules={[{ required: true, whitespace: true, message: t('act.titleRequired') }]}><Input maxLength={200} /></Form.Item>
      <Form.Item name="description" label={t('quiz.description')}><Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
      <Form.Item name="window" label={t('quiz.window')} rules={[{ required: true, message: t('act.timeRequired') }]}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabled={started ? [true, false] : false} />
      </Form.Item>
      <Form.Item name="mode" label={t('quiz.mode')}>
        <Radio.Group disabled={started} options={[{ value: 'random', label: t('quiz.mode.random') }, { value: 'fixed', label: t('quiz.mode.fixed') }]} />
      </Form.Item>
      {mode === 'fixed' ? (
        <Form.Item name="questionIds" label={t('quiz.questions')} rules={[{ required: true, message: t('quiz.questionsRequired') }]}>
          <Select mode="multiple" showSearch filterOption={false} onSearch={setSearch} loading={questions.loading} disabled={started} options={options} />
        </Form.Item>
      ) : (
        <Flex gap={12} wrap>
          <Form.Item name="tags" label={t('quiz.drawTags')} extra={t('quiz.drawTagsHint')} style={{ flex: '2 1 240px' }}>
            <Select mode="tags" disabled={started} tokenSeparators={[',', '，', ' ']} options={['党章', '准则', '条例', '纪律'].map((g) => ({ value: g, label: g }))} />
          </Form.Item>
          <Form.Item name="questionCount" label={t('quiz.count')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
            <InputNumber min={1} max={200} disabled={started} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      )}
      <Flex gap={12} wrap>
        <Form.Item name="timeLimitMinutes" label={t('quiz.timeLimit')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
          <InputNumber min={0.5} max={240} step={1} addonAfter={t('quiz.minutes')} disabled={started} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="attemptsAllowed" label={t('quiz.attempts')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
          <InputNumber min={1} max={20} disabled={started} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
    </>
  );
}

function QuizEditModal({ quiz, onClose, onSaved }: { quiz: Quiz; onClose: () => void; onSaved: (q: Quiz) => void }) {
  const t = useT();
  const [form] = Form.useForm<QuizForm>();
  const mode = Form.useWatch('mode', form);
  const started = !!quiz.started;
  // the stems of the chosen questions, so the picker shows them rather than ids
  const chosen = useQuery(`quiz-chosen:${quiz.id}`, (signal) => (quiz.mode === 'fixed' ? activitiesApi.questions({ pageSize: 500 }, signal) : Promise.resolve(null)));
  const known = useMemo(() => (chosen.data?.items ?? []).filter((x) => quiz.questionIds.includes(x.id)), [chosen.data, quiz.questionIds]);
  const save = async (v: QuizForm) => {
    // once started only these three; unchanged values are no change for the server
    const base = { title: v.title?.trim(), description: v.description?.trim() || null, closesAt: fromPicker(v.window?.[1]) };
    onSaved(await activitiesApi.updateQuiz(quiz.id, started ? base : { ...describedBy(v), ...drawnBy(v) }));
  };
  return (
    <FormModal<QuizForm> title={t('quiz.editTitle')} onClose={onClose} width={640} okText={t('act.save')} form={form} onSubmit={save}
      fields={Object.values(QUIZ_FIELDS)} mapError={quizErrors} formTestId="quiz-edit-form"
      initialValues={{
        title: quiz.title, description: quiz.description ?? '', window: [toPicker(quiz.opensAt)!, toPicker(quiz.closesAt)!], mode: quiz.mode,
        questionIds: quiz.questionIds, tags: quiz.tags, questionCount: quiz.questionCount, timeLimitMinutes: quiz.timeLimitSeconds / 60,
        attemptsAllowed: quiz.attemptsAllowed,
      }}>
      {started && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('quiz.startedHint')} data-testid="quiz-started-hint" />}
      <QuizFields mode={mode} started={started} known={known} />
    </FormModal>
  );
}

function QuizDetail({ quiz }: { quiz: Quiz }) {
  const t = useT();
  const mobile = useIsMobile();
  const [by, setBy] = useState<'member' | 'org' | 'alliance'>('member');
  const board = useQuery(`leaderboard:${quiz.id}:${by}`, (signal) => activitiesApi.leaderboard(quiz.id, by, signal));
  const state = quizState(quiz);
  const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`);
  return (
    <>
      <Link to="/quizzes"><ArrowLeftOutlined /> {t('quiz.back')}</Link>
      <PageTitle extra={<Button icon={<DownloadOutlined />} href={activitiesApi.resultsUrl(quiz.id)} data-testid="quiz-export">{t('quiz.export')}</Button>}>
        {quiz.title}
      </PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={mobile ? 1 : 3} items={[
          { key: 's', label: t('quiz.state'), children: <Tag color={STATE_COLOUR[state]}>{t(`quiz.state.${state}`)}</Tag> },
          { key: 'w', label: t('quiz.window'), children: `${fmt(quiz.opensAt)} – ${fmt(quiz.closesAt)}` },
          { key: 'm', label: t('quiz.mode'), children: quiz.mode === 'fixed' ? t('quiz.fixedN', { n: quiz.questionIds.length })
            : t('quiz.randomN', { n: quiz.questionCount, tags: quiz.tags.length ? quiz.tags.join('、') : t('quiz.allTags') }) },
          { key: 't', label: t('quiz.timeLimit'), children: t('quiz.minutesN', { n: Math.round(quiz.timeLimitSeconds / 6) / 10 }) },
          { key: 'a', label: t('quiz.attempts'), children: quiz.attemptsAllowed },
          ...(quiz.description ? [{ key: 'd', label: t('quiz.description'), children: quiz.description }] : []),
        ]} />
      </Card>
      <Card size="small" title={t('quiz.leaderboard')} extra={
        <Segmented value={by} onChange={(v) => setBy(v as typeof by)} data-testid="leaderboard-by"
          options={(['member', 'org', 'alliance'] as const).map((b) => ({ value: b, label: t(`quiz.by.${b}`) }))} />
      }>
        <ErrorAlert error={board.error} onRetry={board.reload} />
        <Table data-testid="leaderboard" size="small" rowKey="id" loading={board.loading} dataSource={board.data?.by === by ? board.data.items : []}
          scroll={{ x: 'max-content' }} pagination={{ pageSize: 20, hideOnSinglePage: true, simple: mobile }}
          columns={by === 'member' ? [
            { title: t('quiz.rank'), dataIndex: 'rank', width: 60 },
            { title: t('act.name'), dataIndex: 'name' },
            { title: t('quiz.org'), dataIndex: 'orgName' },
            { title: t('quiz.best'), dataIndex: 'bestScore' },
            { title: t('quiz.duration'), dataIndex: 'durationSeconds', render: (s: number | null) => (s === null || s === undefined ? '—' : `${Math.floor(s / 60)}′${String(Math.round(s % 60)).padStart(2, '0')}″`) },
          ] : [
            { title: t('quiz.rank'), dataIndex: 'rank', width: 60 },
            { title: by === 'org' ? t('quiz.org') : t('quiz.alliance'), dataIndex: 'name' },
            { title: t('quiz.avgBest'), dataIndex: 'averageBestScore', render: (v: number | null) => v ?? '—' },
            { title: t('quiz.participation'), key: 'p', render: (_: unknown, r: { participants?: number; eligible?: number; participationRate?: number | null }) => (
              <Flex vertical style={{ minWidth: 140 }}>
                <Typography.Text>{r.participants ?? 0}/{r.eligible ?? 0} · {pct(r.participationRate)}</Typography.Text>
                <Progress size="small" showInfo={false} percent={Math.round((r.participationRate ?? 0) * 100)} />
              </Flex>
            ) },
          ]} />
      </Card>
    </>
  );
}

function QuizList() {
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const canWrite = useCan('activities.write');
  const t = useT();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Quiz>();
  const quizzes = useQuery('quizzes', (signal) => activitiesApi.quizzes(undefined, signal));
  /** close or delete; the server's error (e.g. someone started meanwhile) is shown as it says it */
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
    } catch (e) {
      message.error(errorText(e, t));
    }
    quizzes.reload();
  };
  const actions = (q: Quiz) => (q.editable === false ? null : (
    // clicks here do not open the competition (the row's own click)
    <Space size={0} onClick={(e) => e.stopPropagation()}>
      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(q)} data-testid="quiz-edit">{t('quiz.edit')}</Button>
      {quizState(q) === 'open' && (
        <Popconfirm title={t('quiz.closeConfirm', { title: q.title })} onConfirm={() => act(() => activitiesApi.closeQuiz(q.id), t('quiz.closedDone'))}>
          <Button size="small" type="link" icon={<StopOutlined />} data-testid="quiz-close">{t('quiz.closeNow')}</Button>
        </Popconfirm>
      )}
      {q.started ? (
        <Tooltip title={t('quiz.deleteStarted')}>
          <Button size="small" type="link" danger disabled icon={<DeleteOutlined />} data-testid="quiz-delete">{t('quiz.delete')}</Button>
        </Tooltip>
      ) : (
        <Popconfirm title={t('quiz.deleteConfirm', { title: q.title })} okButtonProps={{ danger: true }} onConfirm={() => act(() => activitiesApi.deleteQuiz(q.id), t('quiz.deletedDone'))}>
          <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid="quiz-delete">{t('quiz.delete')}</Button>
        </Popconfirm>
      )}
    </Space>
  ));
  return (
    <>
      {canWrite && (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="quiz-new">{t('quiz.new')}</Button>
        </Flex>
      )}
      <ErrorAlert error={quizzes.error} onRetry={quizzes.reload} />
      <Table<Quiz> data-testid="quiz-table" rowKey="id" size="small" loading={quizzes.loading} dataSource={quizzes.data ?? []} scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(q) => ({ onClick: () => navigate(`/quizzes/${q.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('quiz.title'), dataIndex: 'title', render: (s: string, q) => <Link to={`/quizzes/${q.id}`} data-testid="quiz-link">{s}</Link> },
          { title: t('quiz.state'), key: 'state', render: (_: unknown, q) => { const s = quizState(q); return <Tag color={STATE_COLOUR[s]}>{t(`quiz.state.${s}`)}</Tag>; } },
          ...(mobile ? [] : [
            { title: t('quiz.window'), key: 'w', render: (_: unknown, q: Quiz) => `${fmt(q.opensAt)} – ${fmt(q.closesAt)}` },
            { title: t('quiz.count'), key: 'n', render: (_: unknown, q: Quiz) => (q.mode === 'fixed' ? q.questionIds.length : q.questionCount) },
            { title: t('quiz.timeLimit'), dataIndex: 'timeLimitSeconds', render: (s: number) => t('quiz.minutesN', { n: Math.round(s / 6) / 10 }) },
            { title: t('quiz.attempts'), dataIndex: 'attemptsAllowed' },
          ]),
          ...(canWrite ? [{ title: t('quiz.actions'), key: 'actions', render: (_: unknown, q: Quiz) => actions(q) }] : []),
        ]} />
      {editing && <QuizEditModal quiz={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); message.success(t('act.saved')); quizzes.reload(); }} />}
      {creating && <QuizCreateModal onClose={() => setCreating(false)} onSaved={(q) => { setCreating(false); message.success(t('act.saved')); quizzes.reload(); navigate(`/quizzes/${q.id}`); }} />}
    </>
  );
}

function QuizById({ id }: { id: string }) {
  const quizzes = useQuery('quizzes', (signal) => activitiesApi.quizzes(undefined, signal));
  const quiz = useMemo(() => quizzes.data?.find((q) => q.id === id), [quizzes.data, id]);
  const single = useQuery(`quiz:${id}:${quizzes.data && !quiz ? 'fetch' : ''}`, (signal) => (quizzes.data && !quiz ? activitiesApi.quiz(id, signal) : Promise.resolve(null)));
  const q = quiz ?? single.data;
  if (quizzes.error || single.error) return <ErrorAlert error={quizzes.error ?? single.error} />;
  if (!q) return <Skeleton active />;
  return <QuizDetail quiz={q} />;
}

export default function QuizzesPage() {
  const t = useT();
  const { pathname } = useLocation();
  const [params, setParams] = useSearchParams();
  const id = pathname.match(/^\/quizzes\/([0-9a-f-]{36})/i)?.[1];
  if (id) return <QuizById id={id} />;
  const tab = params.get('tab') === 'bank' ? 'bank' : 'quizzes';
  return (
    <>
      <PageTitle>{t('quiz.pageTitle')}</PageTitle>
      <Tabs activeKey={tab} onChange={(k) => setParams(k === 'bank' ? { tab: 'bank' } : {})} items={[
        { key: 'quizzes', label: t('quiz.competitions'), children: <QuizList /> },
        { key: 'bank', label: t('quiz.bank'), children: <QuestionBank /> },
      ]} />
    </>
  );
}
