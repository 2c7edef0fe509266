/**
 * One project (`/projects/<id>`): its facts, milestones (add one; a report may complete one), the progress reports
 * newest first with their photos, and for those who may manage it: edit, close (结项), report progress with photos
 * taken on a phone. Each refused photo is named with the server's reason; the report itself is kept.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Flex, Form, Image, Input, InputNumber, Popconfirm, Progress, Row,
  Select, Skeleton, Table, Tag, Timeline, Typography, Upload, type UploadFile,
} from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckOutlined, EditOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCan } from '../../components/permissions.ts';
import { errorText } from '../../errors.ts';
import { fromDay, todayIso, toDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { clusterApi, type ProjectDetail } from './api.ts';
import { ProjectForm } from './ProjectForm.tsx';

const STATUS_COLOR: Record<string, string> = { planned: 'default', in_progress: 'processing', done: 'success', suspended: 'warning' };

function MilestoneForm({ project, onClose, onSaved }: { project: ProjectDetail; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  return (
    <FormModal<{ title: string; dueOn?: Dayjs }>
      title={t('project.addMilestone')}
      fields={['title', 'dueOn']}
      testId="milestone-form"
      onClose={onClose}
      onSubmit={async (v) => { await clusterApi.addMilestone(project.id, { title: v.title, dueOn: fromDay(v.dueOn)! }); onSaved(); }}
    >
      <Form.Item name="title" label={t('project.milestone')} rules={[{ required: true, message: t('projects.form.required') }]}><Input maxLength={100} /></Form.Item>
      <Form.Item name="dueOn" label={t('project.dueOn')} rules={[{ required: true, message: t('projects.form.required') }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
    </FormModal>
  );
}

interface ReportValues { reportedOn?: Dayjs; text: string; progress?: number | null; milestoneId?: string; milestoneDone?: boolean }

function ReportForm({ project, onClose, onSaved }: { project: ProjectDetail; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [form] = Form.useForm<ReportValues>();
  const milestoneId = Form.useWatch('milestoneId', form);
  const submit = async (v: ReportValues) => {
    const report = await clusterApi.addReport(project.id, {
      reportedOn: fromDay(v.reportedOn)!, text: v.text, progress: v.progress ?? null, milestoneId: v.milestoneId ?? null,
      milestoneDone: v.milestoneId ? !!v.milestoneDone : undefined,
    });
    // the report is saved; each photo after it, so one refused photo names itself and loses nothing else
    const refused: string[] = [];
    for (const f of files) {
      try {
        await clusterApi.addReportPhoto(report.id, f.originFileObj as File);
      } catch (err) {
        refused.push(`${f.name}：${errorText(err, t)}`);
      }
    }
    // the report exists either way: close the form (a second OK would report twice) and name each refused photo
    if (refused.length) message.warning({ content: `${t('project.reportSavedSomePhotos')}${refused.join('；')}`, duration: 10 });
    else message.success(t('project.reportSaved'));
    onSaved();
    onClose();
  };
  return (
    <FormModal<ReportValues>
      form={form}
      title={t('project.report')}
      fields={['reportedOn', 'text', 'progress', 'milestoneId', 'milestoneDone']}
      testId="report-form"
      width={640}
      onClose={onClose}
      onSubmit={submit}
      initialValues={{ reportedOn: toDay(todayIso()), progress: project.progress }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="reportedOn" label={t('project.reportedOn')} rules={[{ required: true, message: t('projects.form.required') }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="progress" label={t('project.progressTo')}><InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} /></Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="text" label={t('project.reportText')} rules={[{ required: true, message: t('projects.form.required') }]}><Input.TextArea rows={4} maxLength={4000} /></Form.Item>
        </Col>
        {project.milestones.length > 0 && (
          <Col xs={24} sm={16}>
            <Form.Item name="milestoneId" label={t('project.forMilestone')}>
              <Select allowClear options={project.milestones.map((m) => ({ value: m.id, label: `${m.title}（${m.dueOn}）`, disabled: !!m.doneOn }))} />
            </Form.Item>
          </Col>
        )}
        {milestoneId && (
          <Col xs={24} sm={8}>
            <Form.Item name="milestoneDone" valuePropName="checked" label=" "><Checkbox>{t('project.milestoneDone')}</Checkbox></Form.Item>
          </Col>
        )}
        <Col xs={24}>
          <Form.Item label={t('project.photos')} extra={t('project.photosHint')}>
            <Upload
              listType="picture-card"
              accept="image/jpeg,image/png,image/webp,application/pdf"
              multiple
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList.slice(0, 9))}
              data-testid="report-photos"
            >
              {files.length < 9 && <Flex vertical align="center"><CameraOutlined /><span>{t('project.addPhoto')}</span></Flex>}
            </Upload>
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

export default function ProjectPage({ id }: { id: string }) {
  const t = useT();
  const { message } = App.useApp();
  const canWrite = useCan('cluster.write');
  const q = useQuery(`project:${id}`, (signal) => clusterApi.project(id, signal));
  const [modal, setModal] = useState<'edit' | 'milestone' | 'report' | null>(null);
  const [closing, setClosing] = useState(false);
  const p = q.data;
  const back = <Link to="/projects"><ArrowLeftOutlined /> {t('project.back')}</Link>;
  if (q.error) return <Flex vertical gap={12}>{back}<ErrorAlert error={q.error} testId="project-error" /></Flex>;
  if (!p) return <Skeleton active />;
  const done = p.status === 'done';

  const close = async () => {
    setClosing(true);
    try {
      await clusterApi.updateProject(p.id, { status: 'done' });
      message.success(t('project.closed'));
      q.reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setClosing(false);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="project-page">
      {back}
      <PageTitle
        extra={canWrite && (
          <Flex gap={8} wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal('report')} data-testid="project-report">{t('project.report')}</Button>
            <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="project-edit">{t('projects.edit')}</Button>
            {!done && (
              <Popconfirm title={t('project.closeConfirm')} onConfirm={close} okButtonProps={{ loading: closing }}>
                <Button icon={<CheckOutlined />} data-testid="project-close">{t('project.close')}</Button>
              </Popconfirm>
            )}
          </Flex>
        )}
      >
        {p.title}
      </PageTitle>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('projects.col.status')}>
            <Tag color={STATUS_COLOR[p.status]} data-testid="project-status">{t(`projects.status.${p.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('projects.col.level')}>{t(`level.${p.level}`)}</Descriptions.Item>
          <Descriptions.Item label={t('projects.col.org')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('projects.col.category')}>{p.category}</Descriptions.Item>
          <Descriptions.Item label={t('projects.col.period')}>{p.startOn} ~ {p.endOn}</Descriptions.Item>
          <Descriptions.Item label={t('projects.form.people')}>{p.people.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('projects.col.progress')} span={{ xs: 1, sm: 2, lg: 3 }}>
            <Progress percent={p.progress} size="small" style={{ maxWidth: 360 }} data-testid="project-progress" />
          </Descriptions.Item>
          {p.goals && <Descriptions.Item label={t('projects.form.goals')} span={{ xs: 1, sm: 2, lg: 3 }}>{p.goals}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card
        size="small"
        title={t('project.milestones')}
        extra={canWrite && <Button size="small" icon={<PlusOutlined />} onClick={() => setModal('milestone')} data-testid="milestone-add">{t('project.addMilestone')}</Button>}
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.milestones}
          data-testid="milestones"
          locale={{ emptyText: t('project.noMilestones') }}
          columns={[
            { title: t('project.milestone'), dataIndex: 'title' },
            { title: t('project.dueOn'), dataIndex: 'dueOn', width: 120 },
            {
              title: t('project.doneOn'), dataIndex: 'doneOn', width: 140,
              render: (v: string | null, m) => (v
                ? <Tag color="success">{v}</Tag>
                : <Tag color={m.dueOn < todayIso() ? 'error' : 'default'}>{m.dueOn < todayIso() ? t('project.overdue') : t('project.open')}</Tag>),
            },
          ]}
        />
      </Card>

      <Card size="small" title={t('project.reports', { n: p.reports.length })}>
        {p.reports.length === 0 ? <Empty description={t('project.noReports')} /> : (
          <Timeline
            data-testid="reports"
            items={p.reports.map((r) => {
              const milestone = p.milestones.find((m) => m.id === r.milestoneId);
              const photos = r.attachments.filter((a) => a.contentType.startsWith('image/'));
              const files = r.attachments.filter((a) => !a.contentType.startsWith('image/'));
              return {
                key: r.id,
                children: (
                  <Flex vertical gap={4} data-testid="report">
                    <Typography.Text strong>
                      {r.reportedOn}
                      {r.progress !== null && <Tag style={{ marginInlineStart: 8 }}>{t('project.progressAt', { n: r.progress })}</Tag>}
                      {milestone && <Tag color="blue">{milestone.title}</Tag>}
                    </Typography.Text>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.text}</Typography.Paragraph>
                    {photos.length > 0 && (
                      <Image.PreviewGroup>
                        <Flex gap={8} wrap>
                          {photos.map((a) => (
                            <Image key={a.id} width={96} height={96} style={{ objectFit: 'cover' }} src={clusterApi.attachmentUrl(a.id)} alt={a.fileName} data-testid="report-photo" />
                          ))}
                        </Flex>
                      </Image.PreviewGroup>
                    )}
                    {files.map((a) => <a key={a.id} href={clusterApi.attachmentUrl(a.id)} target="_blank" rel="noreferrer"><FilePdfOutlined /> {a.fileName}</a>)}
                  </Flex>
                ),
              };
            })}
          />
        )}
      </Card>

      {modal === 'edit' && <ProjectForm project={p} onClose={() => setModal(null)} onSaved={() => { setModal(null); q.reload(); }} />}
      {modal === 'milestone' && <MilestoneForm project={p} onClose={() => setModal(null)} onSaved={() => { setModal(null); q.reload(); }} />}
      {modal === 'report' && <ReportForm project={p} onClose={() => setModal(null)} onSaved={() => q.reload()} />}
    </Flex>
  );
}
