/**
 * The courseware library (精品课件, `/courseware`): items with tags and their view/completion counts, adding a
 * link or uploading a PDF/video (the item is created, then its file sent as the raw body), editing, archiving
 * (hidden from members, still counted) and restoring, deleting what nobody has opened, and views and
 * completions per organisation.
 */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Popconfirm, Progress, Radio, Select, Table, Tabs, Tag, Tooltip, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { FilePdfOutlined, InboxOutlined, LinkOutlined, PlaySquareOutlined, PlusOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal, FormProblem } from '../../components/FormModal.tsx';
import { OrgTreeSelect, RegionSelect, useRegions } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { activitiesApi, type Courseware, type CoursewareInput, type CoursewareLearner } from './api.ts';

/** Who opened one item (members in the reader's scope: a secretary sees their own org's), paged on the server. */
function LearnersModal({ item, onClose }: { item: Courseware; onClose: () => void }) {
  const t = useT();
  const mobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useQuery(`courseware-learners:${item.id}:${page}`, (signal) => activitiesApi.coursewareLearners(item.id, { page, pageSize: 20 }, signal));
  const time = (v: string | null) => (v ? formatDateTime(v).slice(0, 16) : '');
  return (
    <Modal open title={t('cw.learnersTitle', { title: item.title })} onCancel={onClose} footer={null} width={820}>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<CoursewareLearner> data-testid="courseware-learners" rowKey="memberId" size="small" loading={list.loading} dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, simple: mobile, showSizeChanger: false, hideOnSinglePage: true, onChange: setPage }}
        columns={[
          { title: t('act.name'), dataIndex: 'name' },
          { title: t('quiz.org'), dataIndex: 'orgName' },
          { title: t('cw.learner.views'), dataIndex: 'views' },
          { title: t('cw.learner.first'), dataIndex: 'firstViewedAt', render: time },
          { title: t('cw.learner.last'), dataIndex: 'lastViewedAt', render: time },
          { title: t('cw.learner.completed'), dataIndex: 'completedAt', render: (v: string | null) => (v ? time(v) : <Typography.Text type="secondary">{t('cw.learner.notYet')}</Typography.Text>) },
        ]} />
    </Modal>
  );
}

const ICON = { pdf: <FilePdfOutlined />, video: <PlaySquareOutlined />, link: <LinkOutlined /> } as const;
const ACCEPT = { pdf: 'application/pdf,.pdf', video: 'video/mp4,video/webm,.mp4,.webm' } as const;
const size = (n: number | null) => (n === null ? '' : n > 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

type AddForm = { orgId?: string; title?: string; description?: string; kind: 'link' | 'pdf' | 'video'; url?: string; durationMinutes?: number | null; tags?: string[] };
const ADD_FIELDS = ['orgId', 'title', 'description', 'kind', 'url', 'durationMinutes', 'tags'] as const;

function AddModal({ onClose, onDone, knownTags }: { onClose: () => void; onDone: () => void; knownTags: string[] }) {
  const t = useT();
  const [form] = Form.useForm<AddForm>();
  const kind = Form.useWatch('kind', form) ?? 'link';
  const [file, setFile] = useState<File>();
  const [created, setCreated] = useState<Courseware>();
  const save = async (v: AddForm) => {
    if (v.kind !== 'link' && !file) throw new FormProblem(t('cw.fileRequired'));
    // a retry after a failed upload reuses the item already created
    const item = created ?? await activitiesApi.createCourseware({
      orgId: v.orgId, title: v.title?.trim(), description: v.description?.trim() || null, kind: v.kind,
      url: v.kind === 'link' ? v.url?.trim() : null, durationMinutes: v.durationMinutes ?? null, tags: v.tags ?? [],
    } as CoursewareInput);
    setCreated(item);
    if (v.kind !== 'link' && file) await activitiesApi.uploadCourseware(item.id, file);
    onDone();
  };
  const fileList: UploadFile[] = file ? [{ uid: 'f', name: file.name, status: 'done', size: file.size }] : [];
  return (
    <FormModal<AddForm> title={t('cw.add')} onClose={onClose} width={600} okText={t('act.save')} form={form} onSubmit={save}
      fields={ADD_FIELDS} errorTestId="courseware-error" initialValues={{ kind: 'link', tags: [] }} formProps={{ preserve: true }}>
      <Form.Item name="kind" label={t('cw.kind')}>
        <Radio.Group disabled={!!created} optionType="button" options={(['link', 'pdf', 'video'] as const).map((k) => ({ value: k, label: t(`cw.kind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="orgId" label={t('quiz.org')} rules={[{ required: true, message: t('act.orgRequired') }]}><OrgTreeSelect style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="title" label={t('act.title')} rules={[{ required: true, whitespace: true, message: t('act.titleRequired') }]}><Input maxLength={200} /></Form.Item>
      {kind === 'link' ? (
        <Form.Item name="url" label={t('cw.url')} rules={[{ required: true, message: t('cw.urlRequired') }]}><Input placeholder="https://" maxLength={1000} /></Form.Item>
      ) : (
        <Form.Item label={t('cw.file')} required extra={t('cw.fileHint')}>
          <Upload.Dragger accept={ACCEPT[kind]} maxCount={1} fileList={fileList} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(undefined)}>
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('cw.drop')}</p>
          </Upload.Dragger>
        </Form.Item>
      )}
      <DetailFields knownTags={knownTags} />
    </FormModal>
  );
}

/** Tags, duration and description: the same fields when adding and when editing material. */
function DetailFields({ knownTags }: { knownTags: string[] }) {
  const t = useT();
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item name="tags" label={t('quiz.tags')} style={{ flex: '2 1 240px' }}>
          <Select mode="tags" tokenSeparators={[',', '，']} options={knownTags.map((g) => ({ value: g, label: g }))} />
        </Form.Item>
        <Form.Item name="durationMinutes" label={t('cw.duration')} style={{ flex: '1 1 120px' }}>
          <InputNumber min={1} max={1000} addonAfter={t('quiz.minutes')} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="description" label={t('quiz.description')}><Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} /></Form.Item>
    </>
  );
}

type EditForm = { title?: string; description?: string | null; url?: string | null; durationMinutes?: number | null; tags?: string[] };
const EDIT_FIELDS = ['title', 'description', 'url', 'durationMinutes', 'tags'] as const;

function EditModal({ item, onClose, onDone, knownTags }: { item: Courseware; onClose: () => void; onDone: () => void; knownTags: string[] }) {
  const t = useT();
  const save = async (v: EditForm) => {
    await activitiesApi.updateCourseware(item.id, {
      title: v.title?.trim(), description: v.description?.trim() || null, durationMinutes: v.durationMinutes ?? null, tags: v.tags ?? [],
      ...(item.kind === 'link' ? { url: v.url?.trim() || null } : {}),
    });
    onDone();
  };
  return (
    <FormModal<EditForm> title={t('cw.editTitle')} onClose={onClose} width={600} okText={t('act.save')} onSubmit={save}
      fields={EDIT_FIELDS} errorTestId="courseware-edit-error" formTestId="courseware-edit-form"
      initialValues={{ title: item.title, description: item.description, url: item.url, durationMinutes: item.durationMinutes, tags: item.tags }}>
      <Form.Item name="title" label={t('act.title')} rules={[{ required: true, whitespace: true, message: t('act.titleRequired') }]}><Input maxLength={200} /></Form.Item>
      {item.kind === 'link' ? (
        <Form.Item name="url" label={t('cw.url')} rules={[{ required: true, message: t('cw.urlRequired') }]}><Input placeholder="https://" maxLength={1000} /></Form.Item>
      ) : (
        <Form.Item label={t('cw.file')} extra={t('cw.fileKept')}>
          <Typography.Text>{ICON[item.kind]} {item.fileName ?? t('cw.noFile')} {size(item.fileSize)}</Typography.Text>
        </Form.Item>
      )}
      <DetailFields knownTags={knownTags} />
    </FormModal>
  );
}

type Shown = 'false' | 'true' | 'all';

function Library() {
  const mobile = useIsMobile();
  const t = useT();
  const { message } = App.useApp();
  const canWrite = useCan('activities.write');
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Courseware>();
  const [learnersOf, setLearnersOf] = useState<Courseware>();
  const [acting, setActing] = useState<string>();
  const archived: Shown = (['true', 'all'] as const).find((x) => x === params.get('archived')) ?? 'false';
  const q = params.get('q') ?? undefined;
  const tag = params.get('tag') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v === undefined || v === '') next.delete(k); else next.set(k, String(v)); }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const list = useQuery(`courseware:${q}:${tag}:${archived}:${page}`, (signal) => activitiesApi.courseware({ q, tag, archived, page, pageSize: 20 }, signal));
  const knownTags = useMemo(() => [...new Set((list.data?.items ?? []).flatMap((c) => c.tags))], [list.data]);
  /** archive, restore or delete one item; a refusal (e.g. 409 for material members have opened) is shown as the server words it */
  const act = async (c: Courseware, run: () => Promise<unknown>, done: string) => {
    setActing(c.id);
    try {
      await run();
      message.success(done);
      list.reload();
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setActing(undefined);
    }
  };
  return (
    <>
      <Flex gap={8} wrap justify="space-between" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          <Input.Search allowClear defaultValue={q} placeholder={t('cw.search')} onSearch={(v) => set({ q: v.trim() })} style={{ width: mobile ? '100%' : 240 }} />
          <Select<Shown> data-testid="courseware-archived-filter" value={archived} onChange={(v) => set({ archived: v === 'false' ? undefined : v })} style={{ width: 130 }}
            options={[
              { value: 'false', label: t('cw.show.current') }, { value: 'true', label: t('cw.show.archived') }, { value: 'all', label: t('cw.show.all') },
            ]} />
          {tag && <Tag closable color="geekblue" onClose={() => set({ tag: undefined })} style={{ alignSelf: 'center' }}>{tag}</Tag>}
        </Flex>
        {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="courseware-add">{t('cw.add')}</Button>}
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Courseware> data-testid="courseware-table" rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, simple: mobile, showSizeChanger: false, onChange: (p) => set({ page: p }) }}
        columns={[
          { title: t('act.title'), dataIndex: 'title', render: (title: string, c) => {
            const href = c.kind === 'link' ? c.url : c.fileName ? activitiesApi.coursewareFileUrl(c.id) : null;
            return (
              <Flex vertical style={{ maxWidth: mobile ? 220 : 420 }}>
                <Typography.Text style={{ whiteSpace: 'normal' }}>
                  {ICON[c.kind]} {href ? <a href={href} target="_blank" rel="noreferrer">{title}</a> : title}
                  {c.archivedAt && (
                    <Tooltip title={t('cw.archivedOn', { date: formatDateTime(c.archivedAt).slice(0, 10) })}>
                      <Tag style={{ marginInlineStart: 8 }} data-testid="courseware-archived-tag">{t('cw.archived')}</Tag>
                    </Tooltip>
                  )}
                </Typography.Text>
                {c.kind !== 'link' && !c.fileName && <Typography.Text type="warning" style={{ fontSize: 12 }}>{t('cw.noFile')}</Typography.Text>}
                {c.fileName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.fileName} {size(c.fileSize)}</Typography.Text>}
              </Flex>
            );
          } },
          { title: t('quiz.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((g) => <Tag key={g} color="geekblue" style={{ cursor: 'pointer' }} onClick={() => set({ tag: g })}>{g}</Tag>) },
          { title: t('cw.duration'), dataIndex: 'durationMinutes', render: (m: number | null) => (m ? t('quiz.minutesN', { n: m }) : '') },
          { title: t('cw.views'), dataIndex: 'views' },
          { title: t('cw.completions'), dataIndex: 'completions' },
          { title: t('cw.learners'), key: 'learners', render: (_: unknown, c: Courseware) => (
            <Button size="small" type="link" onClick={() => setLearnersOf(c)} data-testid="courseware-learners-open">{t('cw.learners')}</Button>
          ) },
          ...(canWrite ? [{ title: t('cw.actions'), key: 'actions', render: (_: unknown, c: Courseware) => (
            <Flex gap={0} wrap data-testid="courseware-actions">
              <Button size="small" type="link" onClick={() => setEditing(c)}>{t('cw.edit')}</Button>
              {c.archivedAt ? (
                <Button size="small" type="link" loading={acting === c.id} onClick={() => void act(c, () => activitiesApi.restoreCourseware(c.id), t('cw.restoredDone'))}>{t('cw.restore')}</Button>
              ) : (
                <Popconfirm title={t('cw.archiveConfirm', { title: c.title })} onConfirm={() => act(c, () => activitiesApi.archiveCourseware(c.id), t('cw.archivedDone'))}>
                  <Button size="small" type="link" loading={acting === c.id}>{t('cw.archive')}</Button>
                </Popconfirm>
              )}
              <Popconfirm title={t('cw.deleteConfirm', { title: c.title })} okButtonProps={{ danger: true }} onConfirm={() => act(c, () => activitiesApi.deleteCourseware(c.id), t('cw.deletedDone'))}>
                <Button size="small" type="link" danger>{t('cw.delete')}</Button>
              </Popconfirm>
            </Flex>
          ) }] : []),
        ]} />
      {learnersOf && <LearnersModal item={learnersOf} onClose={() => setLearnersOf(undefined)} />}
      {adding && <AddModal knownTags={knownTags} onClose={() => setAdding(false)} onDone={() => { setAdding(false); message.success(t('act.saved')); list.reload(); }} />}
      {editing && <EditModal item={editing} knownTags={knownTags} onClose={() => setEditing(undefined)} onDone={() => { setEditing(undefined); message.success(t('act.saved')); list.reload(); }} />}
    </>
  );
}

function Stats() {
  const t = useT();
  const regions = useRegions();
  const [regionId, setRegionId] = useState<string>();
  const region = regionId ?? regions.data?.items[0]?.id;
  const stats = useQuery(`courseware-stats:${region}`, (signal) => (region ? activitiesApi.coursewareStats(region, signal) : Promise.resolve(null)));
  return (
    <Card size="small" extra={(regions.data?.items.length ?? 0) > 1 && <RegionSelect regions={regions.data!.items} value={region} onChange={setRegionId} />}>
      {stats.error ? <Alert type="error" showIcon title={errorText(stats.error, t)} /> : (
        <Table data-testid="courseware-stats" size="small" rowKey="orgId" loading={stats.loading} dataSource={stats.data?.orgs ?? []} scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 30, hideOnSinglePage: true }}
          columns={[
            { title: t('quiz.org'), dataIndex: 'orgName' },
            { title: t('cw.members'), dataIndex: 'members' },
            { title: t('cw.viewers'), dataIndex: 'viewers', render: (v: number, r) => (
              <Flex vertical style={{ minWidth: 120 }}><span>{v}</span><Progress size="small" showInfo={false} percent={r.members ? Math.round((100 * v) / r.members) : 0} /></Flex>
            ), sorter: (a, b) => a.viewers - b.viewers },
            { title: t('cw.completions'), dataIndex: 'completions', sorter: (a, b) => a.completions - b.completions },
          ]} />
      )}
    </Card>
  );
}

export default function CoursewarePage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'stats' ? 'stats' : 'library';
  return (
    <>
      <PageTitle>{t('cw.title')}</PageTitle>
      <Tabs activeKey={tab} onChange={(k) => setParams(k === 'stats' ? { tab: 'stats' } : {})} items={[
        { key: 'library', label: t('cw.library'), children: <Library /> },
        { key: 'stats', label: t('cw.stats'), children: <Stats /> },
      ]} />
    </>
  );
}
