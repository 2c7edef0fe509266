/**
 * 党务工作流程图: the region's standard procedures (发展党员 in 5 stages and 25 steps, 组织关系转接, 换届选举, 三会一课) as
 * vertical step diagrams a secretary reads, each step linked to the page where the platform does it; the region's
 * admin edits a procedure's text and steps.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Col, Flex, Form, Input, Row, Space, Steps, Tabs, Typography } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { RegionSelect, useRegions } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { growthApi, type Workflow, type WorkflowBody } from './growth-api.ts';

function Chart({ w }: { w: Workflow }) {
  const t = useT();
  let n = 0;
  return (
    <Flex vertical gap={12} data-testid={`wf-${w.code}`}>
      {w.description && <Typography.Paragraph type="secondary">{w.description}</Typography.Paragraph>}
      <Typography.Text type="secondary">{t('wf.stages', { n: w.stages.length })} · {t('wf.steps', { n: w.steps })}
        {w.updatedAt && w.updatedBy ? ` · ${t('wf.updated', { by: w.updatedBy, at: formatDateTime(w.updatedAt) })}` : ''}</Typography.Text>
      {w.stages.map((st, i) => (
        <Card key={i} size="small" title={`${i + 1}. ${st.title}`} data-testid="wf-stage">
          <Steps direction="vertical" size="small" current={-1} initial={n}
            items={st.steps.map((s) => {
              n += 1;
              return {
                title: s.title, status: 'wait' as const,
                description: (
                  <Space direction="vertical" size={2}>
                    {s.text && <span>{s.text}</span>}
                    {s.path && <Link to={s.path} data-testid="wf-step-link">{t('wf.go')} →</Link>}
                  </Space>
                ),
              };
            })} />
        </Card>
      ))}
    </Flex>
  );
}

function EditForm({ w, onClose, onSaved }: { w: Workflow; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const required = [{ required: true, message: t('growth.required') }];
  return (
    <FormModal<Omit<WorkflowBody, 'regionId'>>
      width={820} title={`${t('wf.edit')}：${w.name}`} okText={t('growth.save')} cancelText={t('growth.cancel')} testId="wf-form" formTestId="wf-form" fields={['name', 'description', 'stages']}
      initialValues={{ name: w.name, description: w.description, stages: w.stages }} onClose={onClose}
      onSubmit={async (v) => {
        await growthApi.putWorkflow(w.code, { regionId: w.regionId, name: v.name, description: v.description ?? '', stages: v.stages ?? [] });
        message.success(t('growth.saved'));
        onSaved();
      }}
    >
      <Form.Item name="name" label={t('wf.name')} rules={required}><Input maxLength={100} data-testid="wf-name" /></Form.Item>
      <Form.Item name="description" label={t('wf.description')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Form.List name="stages">
        {(stages, { add, remove }) => (
          <Flex vertical gap={8}>
            {stages.map((st) => (
              <Card key={st.key} size="small" data-testid="wf-form-stage"
                title={<Form.Item name={[st.name, 'title']} rules={required} noStyle><Input placeholder={t('wf.stage')} maxLength={100} /></Form.Item>}
                extra={<Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(st.name)} aria-label={t('wf.remove')} />}>
                <Form.List name={[st.name, 'steps']}>
                  {(steps, s) => (
                    <Flex vertical gap={4}>
                      {steps.map((x) => (
                        <Row key={x.key} gutter={8} align="middle">
                          <Col xs={24} sm={7}><Form.Item name={[x.name, 'title']} rules={required} style={{ marginBottom: 4 }}><Input placeholder={t('wf.step')} maxLength={100} data-testid="wf-step-title" /></Form.Item></Col>
                          <Col xs={24} sm={10}><Form.Item name={[x.name, 'text']} style={{ marginBottom: 4 }}><Input placeholder={t('wf.stepText')} maxLength={1000} /></Form.Item></Col>
                          <Col xs={20} sm={6}><Form.Item name={[x.name, 'path']} style={{ marginBottom: 4 }}><Input placeholder={t('wf.path')} maxLength={200} data-testid="wf-step-path" /></Form.Item></Col>
                          <Col xs={4} sm={1}><Button type="text" icon={<MinusCircleOutlined />} onClick={() => s.remove(x.name)} aria-label={t('wf.remove')} /></Col>
                        </Row>
                      ))}
                      <Button size="small" icon={<PlusOutlined />} onClick={() => s.add({ title: '', text: '', path: '' })} data-testid="wf-add-step">{t('wf.addStep')}</Button>
                    </Flex>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ title: '', steps: [] })}>{t('wf.addStage')}</Button>
          </Flex>
        )}
      </Form.List>
    </FormModal>
  );
}

export default function WorkflowsPage() {
  const t = useT();
  const { me } = useAuth();
  const regions = useRegions();
  const [regionId, setRegionId] = useState<string | undefined>(me?.grants[0]?.regionId);
  const region = regionId ?? regions.data?.items[0]?.id;
  const list = useQuery(`wf:${region ?? ''}`, (signal) => (region ? growthApi.workflows(region, signal) : Promise.resolve(null)));
  const [editing, setEditing] = useState<Workflow>();
  const [tab, setTab] = useState('development');
  const current = list.data?.items.find((w) => w.code === tab);
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={current?.mayEdit && <Button icon={<EditOutlined />} onClick={() => setEditing(current)} data-testid="wf-edit">{t('wf.edit')}</Button>}>{t('wf.title')}</PageTitle>
      {(regions.data?.items.length ?? 0) > 1 && <RegionSelect regions={regions.data!.items} value={region} onChange={setRegionId} />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && (
        <Tabs activeKey={tab} onChange={setTab} items={list.data.items.map((w) => ({ key: w.code, label: w.name, children: <Chart w={w} /> }))} data-testid="wf-tabs" />
      )}
      {editing && <EditForm w={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); list.reload(); }} />}
    </Flex>
  );
}
