import { App, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormModal } from '../../components/FormModal.tsx';
import { fromDay, toDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { clusterApi, PROJECT_LEVEL_LIST, PROJECT_STATUS_LIST, type ProjectDetail, type ProjectLevel, type ProjectStatus } from './api.ts';

const FIELDS = ['title', 'level', 'orgId', 'allianceId', 'category', 'goals', 'startOn', 'endOn', 'people', 'status'] as const;
interface Values {
  title: string; level: ProjectLevel; orgId: string; allianceId?: string; category: string; goals?: string;
  startOn?: Dayjs; endOn?: Dayjs; people?: string[]; status?: ProjectStatus;
}

/**
 * Modal form: create a project (POST /api/v1/projects), or edit one (`project`: PATCH, the owner organisation and
 * alliance stay as they are); server field errors are shown on the fields.
 */
export function ProjectForm({ project, onClose, onSaved }: { project?: ProjectDetail; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const orgs = useQuery('orgs:500', (signal) => directoryApi.orgs({ pageSize: 500 }, signal));
  const alliances = useQuery('alliances', (signal) => directoryApi.alliances({}, signal));
  const required = [{ required: true, message: t('projects.form.required') }];

  const submit = async (v: Values) => {
    if (project) {
      await clusterApi.updateProject(project.id, {
        title: v.title, level: v.level, category: v.category, goals: v.goals ?? '', startOn: fromDay(v.startOn)!,
        endOn: fromDay(v.endOn)!, people: v.people ?? [], status: v.status,
      });
      message.success(t('projects.form.saved'));
      onSaved();
      return;
    }
    await clusterApi.createProject({
      title: v.title, level: v.level, orgId: v.orgId, allianceId: v.allianceId ?? null, category: v.category,
      goals: v.goals ?? '', startOn: fromDay(v.startOn)!, endOn: fromDay(v.endOn)!, people: v.people ?? [],
    });
    message.success(t('projects.form.created'));
    onSaved();
  };

  return (
    <FormModal<Values>
      width={720}
      title={project ? t('projects.edit') : t('projects.new')}
      okText={project ? t('projects.form.save') : t('projects.form.submit')}
      cancelText={t('projects.form.cancel')}
      fields={FIELDS}
      onSubmit={submit}
      onClose={onClose}
      testId="project-form"
      initialValues={project
        ? { ...project, allianceId: project.allianceId ?? undefined, startOn: toDay(project.startOn), endOn: toDay(project.endOn) }
        : { level: 'secretary', people: [] }}
    >
      <Row gutter={12}>
        <Col xs={24}><Form.Item name="title" label={t('projects.col.title')} rules={required}><Input maxLength={100} /></Form.Item></Col>
        <Col xs={24} sm={12}>
          <Form.Item name="level" label={t('projects.col.level')} rules={required}>
            <Select options={PROJECT_LEVEL_LIST.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="category" label={t('projects.col.category')} rules={required}><Input maxLength={40} /></Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="orgId" label={t('projects.form.org')} rules={required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              disabled={!!project}
              loading={orgs.loading}
              options={project
                ? [{ value: project.orgId, label: project.orgName }]
                : (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="allianceId" label={t('projects.form.alliance')}>
            <Select
              allowClear
              disabled={!!project}
              showSearch={{ optionFilterProp: 'label' }}
              loading={alliances.loading}
              options={(alliances.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="startOn" label={t('projects.form.startOn')} rules={required}><DatePicker style={{ width: '100%' }} /></Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="endOn" label={t('projects.form.endOn')} rules={required}><DatePicker style={{ width: '100%' }} /></Form.Item>
        </Col>
        {project && (
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('projects.col.status')}>
              <Select options={PROJECT_STATUS_LIST.map((x) => ({ value: x, label: t(`projects.status.${x}`) }))} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24}>
          <Form.Item name="goals" label={t('projects.form.goals')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="people" label={t('projects.form.people')} extra={t('projects.form.peopleHint')}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
