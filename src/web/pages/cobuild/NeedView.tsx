/** One need, for whoever may see it: its state, dispatches, claims and results, and the buttons of what the reader may do. */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Checkbox, Descriptions, Flex, Form, Input, InputNumber, Rate, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { FormModal } from '../../components/FormModal.tsx';
import { TagsInput } from '../../components/TagsInput.tsx';
import { enumLabel } from '../../components/labels.ts';
import { errorText } from '../../errors.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { ROLE_PERMISSIONS } from '../../../shared/roles.ts';
import { useAuth } from '../../auth.tsx';
import { enumOptions } from '../../components/labels.ts';
import { cobuildApi, NEED_CATEGORY_LIST, NEED_VISIBILITY_LIST, type NeedDetail } from './api.ts';
import { NeedResourcesCard } from './NeedResourcesCard.tsx';
import { NeedProjectLine } from './CoprojectsPanel.tsx';

const STATUS_COLOR: Record<string, string> = { submitted: 'orange', accepted: 'blue', rejected: 'default', merged: 'default', published: 'processing', confirmed: 'green', rated: 'green' };

export function NeedStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]} data-testid="need-status">{enumLabel(t, 'need.st', status)}</Tag>;
}

type Dialog = 'reject' | 'merge' | 'dispatch' | 'claim' | 'claimOpen' | 'decline' | 'result' | 'rate' | 'edit' | { withdraw: NeedDetail['claims'][number] } | null;

export function NeedView({ id, onBack, onChanged }: { id: string; onBack?: () => void; onChanged?: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const { me } = useAuth();
  const detail = useQuery(`need:${id}`, (signal) => cobuildApi.need(id, signal));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const marked = useRef(false);
  const n = detail.data;
  const myDispatch = n?.dispatches.find((d) => n.myDispatchIds.includes(d.id));

  // opening a dispatched need marks the reader's dispatch seen
  useEffect(() => {
    if (!myDispatch || myDispatch.status !== 'sent' || marked.current) return;
    marked.current = true;
    void cobuildApi.seen(myDispatch.id).then(() => { detail.reload(); onChanged?.(); }, () => {});
  }, [myDispatch, detail, onChanged]);

  if (detail.error) return <Alert type="error" showIcon title={errorText(detail.error, t)} />;
  if (!n) return <Typography.Text type="secondary">…</Typography.Text>;

  const done = (text = t('needs.saved')) => { message.success(text); setDialog(null); detail.reload(); onChanged?.(); };
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try { await fn(); done(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const left = n.quantity - n.claimed;
  // the orgs and units the reader claims for (its grants whose role may claim)
  const claimParties = (me?.grants ?? []).filter((g) => (g.scopeKind === 'unit' || g.scopeKind === 'org') && ROLE_PERMISSIONS[g.role]?.includes('cobuild.claim'))
    .map((g) => ({ kind: g.scopeKind as 'unit' | 'org', id: g.scopeId!, name: g.scopeName ?? '' }));
  const resultSlots = new Set(n.results.map((r) => r.slotNo));
  const mySlots = n.claims.filter((c) => !c.withdrawnAt && (n.may.manage || n.myDispatchIds.includes(c.dispatchId)))
    .flatMap((c) => Array.from({ length: c.slots }, (_, i) => c.slotFrom + i)).filter((s) => !resultSlots.has(s));

  return (
    <Flex vertical gap={12} data-testid="need-view">
      <Flex gap={8} align="center" wrap>
        {onBack && <Button icon={<ArrowLeftOutlined />} onClick={onBack}>{t('needs.back')}</Button>}
        <Typography.Title level={4} style={{ margin: 0 }}>{n.title}</Typography.Title>
        <NeedStatusTag status={n.status} />
      </Flex>
      <Descriptions size="small" bordered column={mobile ? 1 : 2}>
        <Descriptions.Item label={t('needs.col.party')}>{n.partyName}</Descriptions.Item>
        <Descriptions.Item label={t('needs.col.category')}>{enumLabel(t, 'need.category', n.category)}</Descriptions.Item>
        <Descriptions.Item label={t('needs.col.slots')}><span data-testid="need-slots">{t('needs.slots', { claimed: n.claimed, filled: n.filled, quantity: n.quantity })}</span></Descriptions.Item>
        <Descriptions.Item label={t('needs.col.wantedBy')}>{n.wantedBy ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('needs.raisedBy')}>{`${enumLabel(t, 'need.raisedAs', n.raisedAs)} ${n.raisedByName ?? ''}`}</Descriptions.Item>
        <Descriptions.Item label={t('needs.form.visibility')}>{enumLabel(t, 'need.visibility', n.visibility)}</Descriptions.Item>
        {n.tags.length > 0 && <Descriptions.Item label={t('res.f.tags')} span={mobile ? 1 : 2}>{n.tags.map((x) => <Tag key={x}>{x}</Tag>)}</Descriptions.Item>}
        {n.description ? <Descriptions.Item label={t('needs.description')} span={mobile ? 1 : 2}>{n.description}</Descriptions.Item> : null}
        {n.rejectReason ? <Descriptions.Item label={t('needs.rejectReason')} span={mobile ? 1 : 2}>{n.rejectReason}</Descriptions.Item> : null}
        {n.rating !== null && (
          <Descriptions.Item label={t('needs.rating')} span={mobile ? 1 : 2}>
            <Rate disabled value={n.rating} /> <span data-testid="need-rating">{t('needs.stars', { score: n.rating })}</span> {n.ratingComment}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Space wrap>
        {n.may.manage && n.status === 'submitted' && (
          <>
            <Button type="primary" loading={busy} data-testid="need-accept" onClick={() => act(() => cobuildApi.review(n.id, { decision: 'accept' }))}>{t('needs.accept')}</Button>
            <Button danger onClick={() => setDialog('reject')}>{t('needs.reject')}</Button>
          </>
        )}
        {n.may.manage && ['submitted', 'accepted'].includes(n.status) && n.claimed === 0 && <Button onClick={() => setDialog('merge')}>{t('needs.merge')}</Button>}
        {n.may.manage && n.status === 'accepted' && (
          <Button type="primary" loading={busy} data-testid="need-publish" onClick={() => act(() => cobuildApi.publish(n.id))}>{t('needs.publish')}</Button>
        )}
        {n.may.manage && n.status === 'published' && <Button type="primary" data-testid="need-dispatch" onClick={() => setDialog('dispatch')}>{t('needs.dispatch')}</Button>}
        {n.may.edit && <Button data-testid="need-edit" onClick={() => setDialog('edit')}>{t('needs.edit')}</Button>}
        {n.may.claimOpen && claimParties.length > 0 && (
          <Button type="primary" data-testid="need-claim-open" onClick={() => setDialog('claimOpen')}>{t('needs.claimForMine')}</Button>
        )}
        {myDispatch && myDispatch.status !== 'declined' && n.status === 'published' && left > 0 && (
          <Button type="primary" data-testid="need-claim" onClick={() => setDialog('claim')}>{t('needs.claim')}</Button>
        )}
        {myDispatch && myDispatch.status !== 'declined' && myDispatch.claimedSlots === 0 && n.status === 'published' && (
          <Button danger onClick={() => setDialog('decline')}>{t('needs.decline')}</Button>
        )}
        {n.may.record && n.status === 'published' && mySlots.length > 0 && <Button data-testid="need-record" onClick={() => setDialog('result')}>{t('needs.record')}</Button>}
        {n.may.confirm && n.status === 'published' && n.filled > 0 && (
          <Button type="primary" loading={busy} data-testid="need-confirm" onClick={() => act(() => cobuildApi.confirm(n.id))}>{t('needs.confirm')}</Button>
        )}
        {n.may.rate && n.status === 'confirmed' && <Button type="primary" data-testid="need-rate" onClick={() => setDialog('rate')}>{t('needs.rate')}</Button>}
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, t)} /> : null}

      {n.dispatches.length > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>{t('needs.dispatches')}</Typography.Title>
          <Table
            rowKey="id" size="small" pagination={false} dataSource={n.dispatches} scroll={{ x: 'max-content' }} data-testid="need-dispatches"
            columns={[
              { title: t('needs.col.party'), dataIndex: 'recipientName' },
              { title: t('needs.col.status'), dataIndex: 'status', render: (v: string) => <Tag>{enumLabel(t, 'dispatch.status', v)}</Tag> },
              { title: t('needs.claims'), dataIndex: 'claimedSlots' },
              { title: t('needs.form.reason'), dataIndex: 'declineReason', render: (v: string | null, d) => v ?? (d.status === 'withdrawn' ? d.withdrawReason : '') ?? '' },
            ]}
          />
        </>
      )}
      {n.claims.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="need-claims">
          {n.claims.map((c) => (
            <li key={c.id} data-testid="need-claim-line">
              {c.withdrawnAt
                ? <Typography.Text delete type="secondary">{t('needs.claimLine', { name: c.recipientName, from: c.slotFrom, to: c.slotTo })}</Typography.Text>
                : t('needs.claimLine', { name: c.recipientName, from: c.slotFrom, to: c.slotTo })}
              {c.withdrawnAt && <Typography.Text type="secondary"> {t('needs.claimWithdrawn', { reason: c.withdrawReason ?? '', name: c.withdrawnByName ?? '' })}</Typography.Text>}
              {c.mayWithdraw && <Button size="small" type="link" danger data-testid="claim-withdraw" onClick={() => setDialog({ withdraw: c })}>{t('needs.withdrawClaim')}</Button>}
            </li>
          ))}
        </ul>
      )}
      {n.may.manage && <NeedResourcesCard needId={n.id} />}
      {n.may.manage && ['accepted', 'published', 'confirmed', 'rated'].includes(n.status) && <NeedProjectLine need={n} />}
      <Typography.Title level={5} style={{ margin: 0 }}>{t('needs.results')}</Typography.Title>
      <Table
        rowKey="id" size="small" pagination={false} dataSource={n.results} scroll={{ x: 'max-content' }} data-testid="need-results"
        locale={{ emptyText: t('needs.noResults') }}
        columns={[
          { title: t('needs.form.slotNo'), dataIndex: 'slotNo', render: (v: number) => t('needs.slot', { n: v }) },
          { title: t('needs.form.personName'), dataIndex: 'personName' },
          { title: t('needs.form.startOn'), dataIndex: 'startOn' },
          { title: t('needs.form.employer'), dataIndex: 'employer', render: (v: string | null) => v ?? '' },
        ]}
      />

      {dialog === 'reject' && (
        <FormModal<{ reason: string }> title={t('needs.reject')} fields={['reason']} testId="reject-form" onClose={() => setDialog(null)}
          onSubmit={async (v) => { await cobuildApi.review(n.id, { decision: 'reject', reason: v.reason }); done(); }}>
          <Form.Item name="reason" label={t('needs.form.reason')} rules={[{ required: true, message: t('needs.form.required') }]}><Input.TextArea maxLength={500} /></Form.Item>
        </FormModal>
      )}
      {dialog === 'merge' && <MergeForm need={n} onClose={() => setDialog(null)} onDone={() => done()} />}
      {dialog === 'dispatch' && <DispatchForm need={n} onClose={() => setDialog(null)} onDone={(text) => done(text)} />}
      {dialog === 'claim' && myDispatch && (
        <FormModal<{ slots: number }> title={t('needs.claim')} fields={['slots']} testId="claim-form" formTestId="claim-form" initialValues={{ slots: 1 }} onClose={() => setDialog(null)}
          onSubmit={async (v) => { await cobuildApi.claim(myDispatch.id, { slots: v.slots }); done(); }}>
          <Typography.Paragraph type="secondary">{t('inbox.left', { n: left })}</Typography.Paragraph>
          <Form.Item name="slots" label={t('needs.form.slots')} rules={[{ required: true, message: t('needs.form.required') }]}><InputNumber min={1} max={Math.max(left, 1)} /></Form.Item>
        </FormModal>
      )}
      {dialog === 'claimOpen' && (
        <FormModal<{ slots: number; party: string }> title={t('needs.claimForMine')} fields={['slots', 'unitId', 'orgId']} testId="claim-open-form" formTestId="claim-open-form"
          initialValues={{ slots: 1, party: claimParties[0] ? `${claimParties[0].kind}:${claimParties[0].id}` : undefined }} onClose={() => setDialog(null)}
          onSubmit={async (v) => {
            const [kind, pid] = v.party.split(':');
            await cobuildApi.claimDirect(n.id, { slots: v.slots, ...(kind === 'unit' ? { unitId: pid } : { orgId: pid }) });
            done();
          }}>
          <Typography.Paragraph type="secondary">{t('inbox.left', { n: left })}</Typography.Paragraph>
          <Form.Item name="party" label={t('needs.claimAs')} rules={[{ required: true, message: t('needs.form.required') }]}>
            <Select options={claimParties.map((c) => ({ value: `${c.kind}:${c.id}`, label: c.name }))} data-testid="claim-open-party" />
          </Form.Item>
          <Form.Item name="slots" label={t('needs.form.slots')} rules={[{ required: true, message: t('needs.form.required') }]}><InputNumber min={1} max={Math.max(left, 1)} data-testid="claim-open-slots" /></Form.Item>
        </FormModal>
      )}
      {dialog === 'edit' && (
        <FormModal<{ title: string; category: NeedDetail['category']; quantity: number; wantedBy?: string; visibility: NeedDetail['visibility']; description?: string; tags?: string[] }>
          title={t('needs.edit')} fields={['title', 'category', 'quantity', 'wantedBy', 'visibility', 'description', 'tags']} testId="need-edit-form" formTestId="need-edit-form"
          initialValues={{ title: n.title, category: n.category, quantity: n.quantity, wantedBy: n.wantedBy ?? undefined, visibility: n.visibility, description: n.description, tags: n.tags }}
          onClose={() => setDialog(null)}
          onSubmit={async (v) => {
            await cobuildApi.updateNeed(n.id, { title: v.title, category: v.category, quantity: v.quantity, wantedBy: v.wantedBy || null, visibility: v.visibility, description: v.description ?? '', tags: v.tags ?? [] });
            done();
          }}>
          <Form.Item name="title" label={t('needs.form.title')} rules={[{ required: true, message: t('needs.form.required') }]}><Input maxLength={100} data-testid="need-edit-title" /></Form.Item>
          <Form.Item name="category" label={t('needs.form.category')}><Select options={enumOptions(t, 'need.category', NEED_CATEGORY_LIST)} /></Form.Item>
          <Form.Item name="quantity" label={t('needs.form.quantity')} extra={n.claimed ? t('needs.edit.claimed', { n: n.claimed }) : undefined}
            rules={[{ required: true, message: t('needs.form.required') }]}><InputNumber min={1} max={1000} data-testid="need-edit-quantity" /></Form.Item>
          <Form.Item name="wantedBy" label={t('needs.form.wantedBy')}><Input type="date" /></Form.Item>
          <Form.Item name="visibility" label={t('needs.form.visibility')}><Select options={enumOptions(t, 'need.visibility', NEED_VISIBILITY_LIST)} /></Form.Item>
          <Form.Item name="tags" label={t('res.f.tags')}><TagsInput /></Form.Item>
          <Form.Item name="description" label={t('needs.form.description')}><Input.TextArea maxLength={2000} rows={3} /></Form.Item>
        </FormModal>
      )}
      {dialog && typeof dialog === 'object' && (
        <FormModal<{ reason: string }> title={t('needs.withdrawClaim')} fields={['reason']} testId="withdraw-claim-form" formTestId="withdraw-claim-form" onClose={() => setDialog(null)}
          onSubmit={async (v) => { await cobuildApi.withdrawClaim(dialog.withdraw.id, { reason: v.reason }); done(); }}>
          <Typography.Paragraph type="secondary">{t('needs.withdrawClaim.hint', { n: dialog.withdraw.slots })}</Typography.Paragraph>
          <Form.Item name="reason" label={t('needs.form.reason')} rules={[{ required: true, message: t('needs.form.required') }]}><Input.TextArea maxLength={500} data-testid="withdraw-claim-reason" /></Form.Item>
        </FormModal>
      )}
      {dialog === 'decline' && myDispatch && (
        <FormModal<{ reason: string }> title={t('needs.decline')} fields={['reason']} testId="decline-form" onClose={() => setDialog(null)}
          onSubmit={async (v) => { await cobuildApi.decline(myDispatch.id, { reason: v.reason }); done(); }}>
          <Form.Item name="reason" label={t('needs.form.reason')} rules={[{ required: true, message: t('needs.form.required') }]}><Input.TextArea maxLength={500} /></Form.Item>
        </FormModal>
      )}
      {dialog === 'result' && (
        <FormModal<{ slotNo: number; personName: string; startOn: string; employer?: string; note?: string }>
          title={t('needs.record')} fields={['slotNo', 'personName', 'startOn', 'employer', 'note']} testId="result-form" formTestId="result-form" onClose={() => setDialog(null)}
          initialValues={{ slotNo: mySlots[0], employer: n.category === 'jobs' ? n.partyName : undefined }}
          onSubmit={async (v) => {
            await cobuildApi.recordResult(n.id, { slotNo: v.slotNo, personName: v.personName, startOn: v.startOn, employer: v.employer || null, note: v.note || null });
            done();
          }}>
          <Form.Item name="slotNo" label={t('needs.form.slotNo')} rules={[{ required: true, message: t('needs.form.required') }]}>
            <Select options={mySlots.map((s) => ({ value: s, label: t('needs.slot', { n: s }) }))} data-testid="result-slot" />
          </Form.Item>
          <Form.Item name="personName" label={t('needs.form.personName')} rules={[{ required: true, message: t('needs.form.required') }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="startOn" label={t('needs.form.startOn')} rules={[{ required: true, message: t('needs.form.required') }]}><Input type="date" /></Form.Item>
          <Form.Item name="employer" label={t('needs.form.employer')}><Input maxLength={100} /></Form.Item>
          <Form.Item name="note" label={t('needs.form.note')}><Input maxLength={500} /></Form.Item>
        </FormModal>
      )}
      {dialog === 'rate' && (
        <FormModal<{ score: number; comment?: string }> title={t('needs.rate')} fields={['score', 'comment']} testId="rate-form" formTestId="rate-form" initialValues={{ score: 5 }} onClose={() => setDialog(null)}
          onSubmit={async (v) => { await cobuildApi.rate(n.id, { score: v.score, comment: v.comment || null }); done(); }}>
          <Form.Item name="score" label={t('needs.form.score')} rules={[{ required: true, message: t('needs.form.required') }]}><Rate /></Form.Item>
          <Form.Item name="comment" label={t('needs.form.comment')}><Input.TextArea maxLength={500} /></Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

function MergeForm({ need, onClose, onDone }: { need: NeedDetail; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const others = useQuery(`merge:${need.allianceId}`, (signal) => cobuildApi.needs({ allianceId: need.allianceId, pageSize: 200 }, signal));
  return (
    <FormModal<{ needId: string }> title={t('needs.merge')} fields={['needId']} testId="merge-form" onClose={onClose}
      onSubmit={async (v) => { await cobuildApi.merge(need.id, v.needId); onDone(); }}>
      <Form.Item name="needId" label={t('needs.form.mergeInto')} rules={[{ required: true, message: t('needs.form.required') }]}>
        <Select showSearch optionFilterProp="label" loading={others.loading}
          options={(others.data?.items ?? []).filter((x) => x.id !== need.id && !['rejected', 'merged'].includes(x.status)).map((x) => ({ value: x.id, label: `${x.title}（${x.partyName}）` }))} />
      </Form.Item>
    </FormModal>
  );
}

function DispatchForm({ need, onClose, onDone }: { need: NeedDetail; onClose: () => void; onDone: (text: string) => void }) {
  const t = useT();
  const units = useQuery(`dispatch-units:${need.regionId}`, (signal) => directoryApi.units({ regionId: need.regionId, pageSize: 500 }, signal));
  return (
    <FormModal<{ villagesAndCommunities: boolean; unitIds: string[] }> title={t('needs.dispatch')} fields={['villagesAndCommunities', 'unitIds']} testId="dispatch-form"
      initialValues={{ villagesAndCommunities: true, unitIds: [] }} onClose={onClose}
      onSubmit={async (v) => {
        const r = await cobuildApi.dispatch(need.id, { villagesAndCommunities: v.villagesAndCommunities, unitIds: v.unitIds ?? [] });
        onDone(t('needs.dispatched', { added: r.added, skipped: r.skipped }));
      }}>
      <Form.Item name="villagesAndCommunities" valuePropName="checked"><Checkbox data-testid="dispatch-villages">{t('needs.form.villages')}</Checkbox></Form.Item>
      <Form.Item name="unitIds" label={t('needs.form.units')}>
        <Select mode="multiple" showSearch optionFilterProp="label" loading={units.loading}
          options={(units.data?.items ?? []).filter((u) => u.id !== need.unitId).map((u) => ({ value: u.id, label: u.name }))} />
      </Form.Item>
    </FormModal>
  );
}
