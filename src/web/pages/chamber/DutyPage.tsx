/**
 * 党建责任清单与书记绩效对账表: the committee's grids side by side (scores, ranking, publications), and at
 * `/duties?org=<branch>` a branch's list and its secretary's ledger with the records behind each item, the three
 * publication points, the review (grid, then committee), the sign-off (销账) and corrections as versions.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Flex, Input, List, Modal, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { enumLabel } from '../../components/labels.ts';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime, thisYear } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { dutyApi, type DutyLedger, type DutyLine } from './duty-api.ts';
import { AddedItems, ExtraItemForm, TemplateEditor } from './DutyTemplate.tsx';

const STATUS_COLOR: Record<string, string> = { open: 'default', returned: 'orange', submitted: 'gold', grid_accepted: 'blue', committee_accepted: 'cyan', signed_off: 'green' };

function YearPick({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  return <Select value={year} onChange={onChange} style={{ width: 100 }} options={[0, 1, 2].map((i) => ({ value: thisYear() - i, label: String(thisYear() - i) }))} />;
}

function useCommittee() {
  const { me } = useAuth();
  const [orgId, setOrgId] = useState<string | undefined>(me?.grants.find((g) => g.scopeKind === 'org' || g.scopeKind === 'region')?.scopeKind === 'org' ? me?.grants.find((g) => g.scopeKind === 'org')?.scopeId : undefined);
  const alliance = me?.grants.find((g) => g.scopeKind === 'alliance')?.scopeId;
  useEffect(() => {
    if (orgId || !alliance) return;
    const c = new AbortController();
    dutyApi.leadOf(alliance, c.signal).then((a) => { if (a.leadOrgId) setOrgId(a.leadOrgId); }, () => undefined);
    return () => c.abort();
  }, [orgId, alliance]);
  return [orgId, setOrgId] as const;
}

function Overview() {
  const t = useT();
  const [, setParams] = useSearchParams();
  const [orgId, setOrgId] = useCommittee();
  const [year, setYear] = useState(thisYear());
  const o = useQuery(`${orgId}:${year}`, (signal) => (orgId ? dutyApi.overview(orgId, year, signal) : Promise.resolve(null)));
  const manage = useCan('duty.manage');
  const [editing, setEditing] = useState<'template' | 'item' | 'added' | null>(null);
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('ledger.title')}</PageTitle>
      <Flex gap={8} wrap>
        <OrgTreeSelect value={orgId} onChange={setOrgId} allowClear={false} testId="ledger-committee" placeholder={t('ledger.pickCommittee')} />
        <YearPick year={year} onChange={setYear} />
        {manage && orgId && <Button onClick={() => setEditing('template')} data-testid="duty-edit-template">{t('ledger.editTemplate')}</Button>}
        {manage && orgId && o.data && <Button onClick={() => setEditing('item')} data-testid="duty-add-item">{t('ledger.addItem')}</Button>}
        {manage && orgId && o.data && <Button onClick={() => setEditing('added')} data-testid="duty-added-open">{t('ledger.addedItems')}</Button>}
      </Flex>
      {editing === 'template' && orgId && <TemplateEditor orgId={orgId} year={year} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); o.reload(); }} />}
      {editing === 'added' && orgId && o.data && <AddedItems orgId={orgId} year={year} overview={o.data} onClose={() => setEditing(null)} onChanged={() => o.reload()} />}
      {editing === 'item' && orgId && o.data && <ExtraItemForm orgId={orgId} year={year} overview={o.data} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); o.reload(); }} />}
      <ErrorAlert error={o.error} />
      {o.loading && !o.data && <Skeleton active />}
      {o.data && (
        <Row gutter={[12, 12]} data-testid="ledger-grids">
          {o.data.grids.map((g) => (
            <Col key={g.id ?? 'none'} xs={24} md={12} xl={8}>
              <Card size="small" title={g.name || t('ledger.noGrid')} extra={<Typography.Text type="secondary">{t('ledger.branches', { n: g.branches })}</Typography.Text>}>
                <Flex gap={16} wrap>
                  <Statistic title={t('ledger.average')} value={g.averageScore} precision={1} />
                  <Statistic title={t('ledger.signedOff')} value={g.signedOff} suffix={`/ ${g.branches}`} />
                  <Statistic title={t('ledger.behindItems')} value={g.behind} valueStyle={g.behind ? { color: '#d4380d' } : undefined} />
                </Flex>
                <Typography.Text type="secondary">
                  {t('ledger.published', { start: g.published.start, mid: g.published.mid, end: g.published.end })}
                </Typography.Text>
                <List size="small" dataSource={g.ranking} renderItem={(r) => (
                  <List.Item extra={<Space><Tag color={STATUS_COLOR[r.status]}>{enumLabel(t, 'ledger.status', r.status)}</Tag><b>{r.score.toFixed(1)}</b></Space>}>
                    <Typography.Link onClick={() => setParams({ org: r.orgId, year: String(year) })} data-testid="ledger-branch">
                      {r.rank}. {r.orgName}
                    </Typography.Link>
                    {r.secretaryName && <Typography.Text type="secondary"> · {r.secretaryName}</Typography.Text>}
                    {r.behind > 0 && <Tag color="orange" style={{ marginLeft: 4 }}>{t('ledger.behindN', { n: r.behind })}</Tag>}
                  </List.Item>
                )} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Flex>
  );
}

function Lines({ l, orgId, editable, reload }: { l: DutyLedger; orgId: string; editable: boolean; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const columns = [
    { title: t('ledger.item'), dataIndex: 'name', render: (v: string, r: DutyLine) => <Space>{v}{r.behind && <Tag color="orange">{t('ledger.behind')}</Tag>}</Space> },
    { title: t('ledger.weight'), dataIndex: 'weight', width: 70 },
    { title: t('ledger.assigned'), key: 'target', width: 90, render: (_: unknown, r: DutyLine) => (r.indicator === 'yesno' ? t('ledger.yes') : r.target) },
    { title: t('ledger.done'), dataIndex: 'done', width: 70 },
    { title: t('ledger.points'), dataIndex: 'points', width: 70 },
    { title: t('ledger.source'), dataIndex: 'source', width: 110, render: (v: string) => enumLabel(t, 'ledger.src', v) },
    {
      title: '', key: 'up', width: 110, render: (_: unknown, r: DutyLine) => r.source === 'manual' && editable && (
        <Upload showUploadList={false} accept=".pdf,.jpg,.jpeg,.png" customRequest={({ file }) => {
          dutyApi.evidence(orgId, l.year, r.id, file as File).then(() => { void message.success(t('ledger.uploaded')); reload(); }, (e: Error) => void message.error(e.message));
        }}>
          <Button size="small" icon={<UploadOutlined />}>{t('ledger.upload')}</Button>
        </Upload>
      ),
    },
  ];
  return (
    <Table rowKey="id" size="small" pagination={false} dataSource={l.lines} columns={columns} scroll={{ x: 640 }} data-testid="ledger-lines"
      expandable={{
        rowExpandable: (r) => r.records.length > 0,
        expandedRowRender: (r) => (
          <List size="small" dataSource={r.records} renderItem={(x) => (
            <List.Item><a href={x.link} target={x.link.startsWith('/api/') ? '_blank' : undefined} rel="noreferrer">{x.label}</a> <Typography.Text type="secondary">{x.date}</Typography.Text></List.Item>
          )} />
        ),
      }} />
  );
}

function BranchLedger({ orgId, year }: { orgId: string; year: number }) {
  const t = useT();
  const { message } = App.useApp();
  const [, setParams] = useSearchParams();
  const fill = useCan('duty.fill');
  const reviewGrid = useCan('duty.review');
  const manage = useCan('duty.manage');
  const q = useQuery(`${orgId}:${year}`, (signal) => dutyApi.ledger(orgId, year, signal));
  const [returning, setReturning] = useState<'grid' | 'committee' | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [text, setText] = useState('');
  const [old, setOld] = useState<DutyLedger | null>(null);
  const [busy, setBusy] = useState(false);
  const l = q.data;
  const act = (p: Promise<unknown>) => { setBusy(true); p.then(() => { q.reload(); setReturning(null); setCorrecting(false); setSubmitting(false); setText(''); }, (e: Error) => void message.error(e.message)).finally(() => setBusy(false)); };
  if (!l) return <>{q.error ? <ErrorAlert error={q.error} /> : <Skeleton active />}</>;
  const status = l.report?.status ?? 'open';
  const signed = status === 'signed_off';
  const published = new Set(l.publications.map((p) => p.point));
  const nextPoint = (['start', 'mid', 'end'] as const).find((p) => !published.has(p));
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={<Button onClick={() => setParams({})}>{t('ledger.back')}</Button>}>{l.orgName} · {t('ledger.ledgerOf', { year: l.year })}</PageTitle>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered items={[
        { key: 'grid', label: t('ledger.grid'), children: l.gridName ?? '—' },
        { key: 'sec', label: t('ledger.secretary'), children: l.secretaryName ?? '—' },
        { key: 'score', label: t('ledger.score'), children: <b data-testid="ledger-score">{l.score.toFixed(1)}</b> },
        { key: 'ad', label: t('ledger.assignedDone'), children: `${l.done} / ${l.assigned}` },
        { key: 'status', label: t('ledger.statusLabel'), children: <Space><Tag color={STATUS_COLOR[status]} data-testid="ledger-status">{enumLabel(t, 'ledger.status', status)}</Tag>{l.report && `v${l.report.version}`}{l.frozen && <Tag>{t('ledger.frozen')}</Tag>}</Space> },
        { key: 'pub', label: t('ledger.publications'), children: <Space wrap>{l.publications.map((p) => <Tag key={p.id} color="purple">{enumLabel(t, 'ledger.point', p.point)} {p.score.toFixed(1)}</Tag>)}</Space> },
      ]} />
      <Space wrap>
        {fill && !signed && nextPoint && <Button loading={busy} onClick={() => act(dutyApi.publish(orgId, { year, point: nextPoint }))} data-testid="ledger-publish">{enumLabel(t, 'ledger.point', nextPoint)}</Button>}
        {fill && (status === 'open' || status === 'returned') && (
          <Button type="primary" loading={busy} onClick={() => setSubmitting(true)} data-testid="ledger-submit">{t('ledger.submit')}</Button>
        )}
        {reviewGrid && status === 'submitted' && <>
          <Button type="primary" loading={busy} onClick={() => act(dutyApi.review(orgId, { year, level: 'grid', decision: 'accept' }))} data-testid="ledger-grid-accept">{t('ledger.gridAccept')}</Button>
          <Button onClick={() => setReturning('grid')}>{t('ledger.return')}</Button>
        </>}
        {manage && status === 'grid_accepted' && <>
          <Button type="primary" loading={busy} onClick={() => act(dutyApi.review(orgId, { year, level: 'committee', decision: 'accept' }))} data-testid="ledger-committee-accept">{t('ledger.committeeAccept')}</Button>
          <Button onClick={() => setReturning('committee')}>{t('ledger.return')}</Button>
        </>}
        {manage && status === 'committee_accepted' && <Button type="primary" danger loading={busy} onClick={() => act(dutyApi.signOff(orgId, year))} data-testid="ledger-sign-off">{t('ledger.signOff')}</Button>}
        {manage && signed && <Button onClick={() => setCorrecting(true)}>{t('ledger.correct')}</Button>}
      </Space>
      {l.report?.reason && <Typography.Text type="warning">{t('ledger.reason')}: {l.report.reason}</Typography.Text>}
      <Lines l={l} orgId={orgId} editable={fill && !signed} reload={q.reload} />
      {!!l.report?.reviews.length && (
        <Card size="small" title={t('ledger.reviews')}>
          <List size="small" dataSource={l.report.reviews} renderItem={(r) => (
            <List.Item>{enumLabel(t, 'ledger.level', r.level)} · {enumLabel(t, 'ledger.decision', r.decision)} · {r.by} · {formatDateTime(r.at)}{r.comment && `：${r.comment}`}</List.Item>
          )} />
        </Card>
      )}
      {l.versions.length > 1 && (
        <Card size="small" title={t('ledger.versions')}>
          <List size="small" dataSource={l.versions} renderItem={(v) => (
            <List.Item extra={<Button size="small" onClick={() => dutyApi.version(v.id).then(setOld, (e: Error) => void message.error(e.message))}>{t('ledger.view')}</Button>}>
              v{v.version} · {enumLabel(t, 'ledger.status', v.status)}{v.signedOffAt && ` · ${formatDateTime(v.signedOffAt)}`}{v.reason && ` · ${v.reason}`}
            </List.Item>
          )} />
        </Card>
      )}
      <Modal open={submitting} title={t('ledger.submit')} confirmLoading={busy} onCancel={() => setSubmitting(false)} okButtonProps={{ id: 'ledger-submit-ok' }}
        onOk={() => act(dutyApi.submit(orgId, { year, note: text.trim() || null }))}>
        <Typography.Paragraph>{t('ledger.submitHint')}</Typography.Paragraph>
        <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('ledger.submitNote')} />
      </Modal>
      <Modal open={!!returning || correcting} title={correcting ? t('ledger.correct') : t('ledger.return')} confirmLoading={busy} okButtonProps={{ disabled: !text.trim() }}
        onCancel={() => { setReturning(null); setCorrecting(false); }}
        onOk={() => act(correcting ? dutyApi.correct(orgId, { year, reason: text }) : dutyApi.review(orgId, { year, level: returning!, decision: 'return', comment: text }))}>
        <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={correcting ? t('ledger.reason') : t('ledger.comment')} />
      </Modal>
      <Modal open={!!old} footer={null} onCancel={() => setOld(null)} width={760} title={old && `v${old.report?.version} · ${old.score.toFixed(1)}`}>
        {old && <Lines l={old} orgId={orgId} editable={false} reload={() => undefined} />}
      </Modal>
    </Flex>
  );
}

export default function DutyPage() {
  const [params] = useSearchParams();
  const org = params.get('org');
  const year = Number(params.get('year')) || thisYear();
  return org ? <BranchLedger key={`${org}:${year}`} orgId={org} year={year} /> : <Overview />;
}

