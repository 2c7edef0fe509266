import { useState } from 'react';
import { App, Button, Col, Divider, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FormModal } from '../../components/FormModal.tsx';
import { fieldErrors } from '../../errors.ts';
import { todayIso } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { clusterApi, JUDGE_CATEGORY_LIST, type Contest, type JudgeCategory } from './api.ts';

const FIELDS = ['allianceId', 'title', 'quarter'] as const;
interface Values {
  allianceId: string; title: string; quarter: string;
  criteria: { name: string; maxPoints: number; weight: number }[];
  categoryWeights: Record<JudgeCategory, number>;
}

function currentQuarter(): string {
  const [year, month] = todayIso().split('-').map(Number);
  return `${year}Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Modal form: open a contest (POST /api/v1/contests) with its rubric and judge-category weights. */
export function ContestForm({ onClose, onSaved }: { onClose: () => void; onSaved: (c: Contest) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [listErrors, setListErrors] = useState<{ criteria?: string[]; categoryWeights?: string[] }>({});
  const alliances = useQuery('alliances', (signal) => directoryApi.alliances({}, signal));
  const criteria = Form.useWatch('criteria', form) as Values['criteria'] | undefined;
  const weights = Form.useWatch('categoryWeights', form) as Values['categoryWeights'] | undefined;
  const critSum = (criteria ?? []).reduce((a, c) => a + (Number(c?.weight) || 0), 0);
  const catSum = JUDGE_CATEGORY_LIST.reduce((a, k) => a + (Number(weights?.[k]) || 0), 0);
  const required = [{ required: true, message: t('projects.form.required') }];

  const submit = async (v: Values) => {
    setListErrors({});
    try {
      const saved = await clusterApi.createContest({
        allianceId: v.allianceId, title: v.title, quarter: v.quarter.trim().toUpperCase(),
        criteria: v.criteria.map((c) => ({ name: c.name, maxPoints: c.maxPoints, weight: c.weight })),
        categoryWeights: Object.fromEntries(JUDGE_CATEGORY_LIST.map((k) => [k, v.categoryWeights[k] ?? 0])) as Record<JudgeCategory, number>,
      });
      message.success(t('contests.form.created'));
      onSaved(saved);
    } catch (err) {
      // the rubric and the weights are lists: their errors go under the lists' sums (FormModal shows the rest)
      const lists = fieldErrors(err, ['criteria', 'categoryWeights'] as const);
      setListErrors(Object.fromEntries(lists.map((l) => [l.name, l.errors])));
      throw err;
    }
  };

  const sumLine = (sum: number, errors?: string[]) => (
    <>
      <Typography.Text type={sum === 100 ? 'success' : 'warning'}>{t('contests.form.weightSum', { sum })}</Typography.Text>
      {errors?.map((e) => <div key={e}><Typography.Text type="danger">{e}</Typography.Text></div>)}
    </>
  );

  return (
    <FormModal<Values>
      form={form}
      width={760}
      title={t('contests.new')}
      okText={t('projects.form.submit')}
      cancelText={t('projects.form.cancel')}
      fields={[...FIELDS, 'criteria', 'categoryWeights']}
      onSubmit={submit}
      onClose={onClose}
      initialValues={{
        quarter: currentQuarter(),
        criteria: [{ name: '', maxPoints: 10, weight: 100 }],
        categoryWeights: { veteran: 40, resident: 30, department: 30 },
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name="allianceId" label={t('contests.form.alliance')} rules={required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={alliances.loading}
              options={(alliances.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="quarter"
            label={t('contests.form.quarter')}
            rules={[...required, { pattern: /^\s*\d{4}[Qq][1-4]\s*$/, message: t('contests.form.quarterFormat') }]}
          >
            <Input placeholder="2026Q1" maxLength={6} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="title" label={t('contests.form.title')} rules={required}><Input maxLength={100} /></Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('contests.form.criteria')}</Divider>
      <Form.List name="criteria">
        {(fields, { add, remove }) => (
          <Flex vertical gap={0}>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col xs={24} sm={12}>
                  <Form.Item name={[f.name, 'name']} label={t('contests.form.criterionName')} rules={required}><Input maxLength={50} /></Form.Item>
                </Col>
                <Col xs={10} sm={5}>
                  <Form.Item name={[f.name, 'maxPoints']} label={t('contests.form.maxPoints')} rules={required}>
                    <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={10} sm={5}>
                  <Form.Item name={[f.name, 'weight']} label={t('contests.form.weight')} rules={required}>
                    <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={4} sm={2}>
                  <Form.Item label=" ">
                    <Button
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                      aria-label={t('contests.form.remove')}
                      title={t('contests.form.remove')}
                    />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Flex gap={12} align="center" wrap>
              <Button icon={<PlusOutlined />} disabled={fields.length >= 20} onClick={() => add({ name: '', maxPoints: 10, weight: 0 })}>
                {t('contests.form.addCriterion')}
              </Button>
              {sumLine(critSum, listErrors.criteria)}
            </Flex>
          </Flex>
        )}
      </Form.List>
      <Divider titlePlacement="start">{t('contests.form.categoryWeights')}</Divider>
      <Row gutter={8}>
        {JUDGE_CATEGORY_LIST.map((k) => (
          <Col xs={24} sm={8} key={k}>
            <Form.Item name={['categoryWeights', k]} label={t(`judge.cat.${k}`)} rules={required}>
              <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {sumLine(catSum, listErrors.categoryWeights)}
    </FormModal>
  );
}
