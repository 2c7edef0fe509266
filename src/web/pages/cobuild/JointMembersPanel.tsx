/**
 * On `/meetings`, the tab "成员与轮值" of a joint meeting (or grid): its members in order with their role (one chair,
 * vice-chairs) and liaison — picked from the users answering for that member — and the yearly rotating host, generated
 * in member order and editable per year. The office edits; everyone else reads.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { todayIso } from '../../format.ts';
import { ApiError } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { meetingsApi, type JointDetail } from './meetings-api.ts';

type Member = JointDetail['members'][number];
type Role = Member['role'];
const ROLES: Role[] = ['chair', 'vice_chair', 'member'];
const keyOf = (m: { unitId: string | null; orgId: string | null }) => m.unitId ?? m.orgId ?? '';

function ErrorBox({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const details = error instanceof ApiError ? error.details.map((d) => d.message) : [];
  return <Alert type="error" showIcon data-testid="jm-members-error" title={errorText(error, t)}
    description={details.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{details.map((d, i) => <li key={i}>{d}</li>)}</ul> : undefined} />;
}

export function JointMembersPanel({ allianceId }: { allianceId: string }) {
  const t = useT();
  const d = useQuery(`jm-joint:${allianceId}`, (s) => meetingsApi.joint(allianceId, s));
  if (d.error) return <Alert type="error" showIcon title={errorText(d.error, t)} />;
  if (!d.data) return <Typography.Text type="secondary">…</Typography.Text>;
  // the editor starts again from what the server answered after each save
  const version = JSON.stringify([d.data.members.map((m) => [keyOf(m), m.role, m.liaisonUserId]), d.data.hosts]);
  return <Editor key={version} joint={d.data} onSaved={d.reload} />;
}

function Editor({ joint, onSaved }: { joint: JointDetail; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const edit = joint.manage;
  const [rows, setRows] = useState(joint.members);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const year = Number(todayIso().slice(0, 4));
  const [gen, setGen] = useState({ fromYear: year, years: 4 });
  const run = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try { await fn(); message.success(t('jm.saved')); onSaved(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const change = (i: number, patch: Partial<Member>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    setRows(next);
  };
  const dirty = JSON.stringify(rows) !== JSON.stringify(joint.members);
  const save = () => run(() => meetingsApi.setMembers(joint.id, {
    members: rows.map((r) => ({ unitId: r.unitId, orgId: r.orgId, role: r.role, liaisonUserId: r.liaisonUserId })),
  }));
  return (
    <Flex vertical gap={12} data-testid="jm-members">
      <Card size="small" title={t('jm.members')} extra={edit && (
        <Button type="primary" disabled={!dirty} loading={busy} onClick={() => void save()} data-testid="jm-members-save">{t('jm.save')}</Button>
      )}>
        <Table rowKey={keyOf} size="small" pagination={false} dataSource={rows} scroll={{ x: true }} data-testid="jm-members-table"
          columns={[
            { title: t('jm.f.position'), width: 60, render: (_: unknown, _r: Member, i: number) => i + 1 },
            { title: t('jm.f.member'), render: (_: unknown, r: Member) => <Space><span>{r.partyName}</span><Tag>{t(`jm.memberKind.${r.kind}`)}</Tag></Space> },
            { title: t('jm.f.role'), render: (_: unknown, r: Member, i: number) => (edit ? (
              <Select style={{ width: 120 }} value={r.role} onChange={(role: Role) => change(i, { role })} data-testid="jm-member-role"
                options={ROLES.map((x) => ({ value: x, label: t(`jm.role.${x}`) }))} />
            ) : <Tag color={r.role === 'chair' ? 'red' : r.role === 'vice_chair' ? 'orange' : 'default'}>{t(`jm.role.${r.role}`)}</Tag>) },
            { title: t('jm.f.liaison'), render: (_: unknown, r: Member, i: number) => (edit ? (
              <Select style={{ minWidth: 180 }} allowClear placeholder={r.liaisonCandidates.length ? t('jm.pickLiaison') : t('jm.noLiaison')}
                value={r.liaisonUserId ?? undefined} data-testid="jm-member-liaison"
                onChange={(v?: string) => change(i, { liaisonUserId: v ?? null, liaisonName: r.liaisonCandidates.find((c) => c.userId === v)?.name ?? null })}
                options={[
                  ...r.liaisonCandidates.map((c) => ({ value: c.userId, label: c.name })),
                  ...(r.liaisonUserId && !r.liaisonCandidates.some((c) => c.userId === r.liaisonUserId) ? [{ value: r.liaisonUserId, label: r.liaisonName ?? r.liaisonUserId }] : []),
                ]} />
            ) : r.liaisonName) },
            ...(edit ? [{ title: '', width: 90, render: (_: unknown, _r: Member, i: number) => (
              <Space size={4}>
                <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('jm.up')} data-testid="jm-member-up" />
                <Button size="small" icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} onClick={() => move(i, 1)} aria-label={t('jm.down')} data-testid="jm-member-down" />
              </Space>
            ) }] : []),
          ]} />
        {edit && <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>{t('jm.membersHint')}</Typography.Paragraph>}
      </Card>
      <Card size="small" title={t('jm.hosts')}>
        {edit && (
          <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
            <span>{t('jm.f.fromYear')}</span>
            <InputNumber min={2000} max={2200} value={gen.fromYear} onChange={(v) => setGen({ ...gen, fromYear: v ?? year })} data-testid="jm-hosts-from" />
            <span>{t('jm.f.years')}</span>
            <InputNumber min={1} max={30} value={gen.years} onChange={(v) => setGen({ ...gen, years: v ?? 1 })} data-testid="jm-hosts-years" />
            <Button disabled={dirty} loading={busy} onClick={() => void run(() => meetingsApi.generateHosts(joint.id, gen))} data-testid="jm-hosts-generate">{t('jm.generateHosts')}</Button>
            {dirty && <Typography.Text type="secondary">{t('jm.saveFirst')}</Typography.Text>}
          </Flex>
        )}
        <Table rowKey="year" size="small" pagination={false} dataSource={joint.hosts} data-testid="jm-hosts-table"
          columns={[
            { title: t('jm.f.year'), dataIndex: 'year', width: 90 },
            { title: t('jm.f.host'), render: (_: unknown, h: JointDetail['hosts'][number]) => (edit ? (
              <Select style={{ minWidth: 220 }} value={keyOf(h)} data-testid="jm-host-select"
                onChange={(v: string) => { const m = joint.members.find((x) => keyOf(x) === v); if (m) void run(() => meetingsApi.setHost(joint.id, h.year, { unitId: m.unitId, orgId: m.orgId })); }}
                options={joint.members.map((m) => ({ value: keyOf(m), label: m.partyName }))} />
            ) : h.partyName) },
          ]} />
      </Card>
      <ErrorBox error={error} />
    </Flex>
  );
}
