/**
 * On a liaison's `/my-needs` page (phone-sized): the coming meetings of the joint meetings the unit is a member of, with
 * "propose an item" while the agenda is open, and the unit's follow-up actions (my actions) with progress and evidence.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Input, Popconfirm, Typography } from 'antd';
import { todayIso } from '../../format.ts';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { ActionButtons, ActionTag } from './MeetingsPage.tsx';
import { ActionEvidence } from './ActionEvidence.tsx';
import { meetingsApi, type Meeting } from './meetings-api.ts';

export function MyMeetingsSection() {
  const t = useT();
  const joints = useQuery('jm-my-joints', (s) => meetingsApi.joints(s));
  const meetings = useQuery('jm-my-meetings', (s) => meetingsApi.meetings(undefined, s));
  const actions = useQuery('jm-my-actions', (s) => meetingsApi.actions({ mine: '1' }, s));
  const mine = (joints.data ?? []).filter((j) => j.myParties.length);
  if (!mine.length) return null;
  const today = todayIso();
  const coming = (meetings.data ?? []).filter((m) => m.heldOn >= today && mine.some((j) => j.id === m.allianceId));
  return (
    <Flex vertical gap={12} data-testid="jm-mine">
      <Typography.Title level={5} style={{ margin: 0 }}>{t('jm.myMeetings')}</Typography.Title>
      {coming.map((m) => <ProposeCard key={m.id} m={m} party={mine.find((j) => j.id === m.allianceId)!.myParties[0]} onSaved={meetings.reload} />)}
      {!coming.length && <Typography.Text type="secondary">{t('jm.none')}</Typography.Text>}
      <Typography.Title level={5} style={{ margin: 0 }}>{t('jm.myActions')}</Typography.Title>
      {(actions.data ?? []).map((a) => (
        <Card key={a.id} size="small" data-testid="jm-my-action" title={<Flex gap={8} wrap><span>{a.title}</span><ActionTag a={a} /></Flex>}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{a.meetingTitle} · {t('jm.f.due')} {a.dueOn}</Typography.Paragraph>
          {a.mayUpdate && <ActionButtons a={a} onChanged={actions.reload} />}
          <ActionEvidence a={a} onChanged={actions.reload} />
        </Card>
      ))}
      {actions.data && !actions.data.length && <Typography.Text type="secondary">{t('jm.none')}</Typography.Text>}
    </Flex>
  );
}

function ProposeCard({ m, party, onSaved }: { m: Meeting; party: { unitId: string | null; orgId: string | null; partyName: string }; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const open = todayIso() <= m.agendaDeadline;
  // my member's items still waiting for the office, which I may withdraw
  const detail = useQuery(`jm-coming:${m.id}`, (s) => meetingsApi.meeting(m.id, s));
  const mine = (detail.data?.agenda ?? []).filter((i) => i.status === 'proposed' && (i.unitId ?? i.orgId) === (party.unitId ?? party.orgId));
  const withdraw = async (id: string) => {
    setError(undefined);
    try { await meetingsApi.withdraw(id); message.success(t('jm.withdrawn')); detail.reload(); onSaved(); } catch (e) { setError(e); }
  };
  const propose = async () => {
    setError(undefined);
    try {
      await meetingsApi.propose(m.id, { unitId: party.unitId, orgId: party.orgId, title, description });
      message.success(t('jm.proposed'));
      setTitle(''); setDescription(''); detail.reload(); onSaved();
    } catch (e) { setError(e); }
  };
  return (
    <Card size="small" title={`${m.heldOn} ${m.title}`} data-testid="jm-coming">
      <Typography.Paragraph type="secondary">{t('jm.deadlineIs', { date: m.agendaDeadline })} · {m.place}</Typography.Paragraph>
      {mine.map((i) => (
        <Flex key={i.id} justify="space-between" align="center" gap={8} style={{ marginBottom: 8 }} data-testid="jm-my-item">
          <Typography.Text>{i.title}</Typography.Text>
          <Popconfirm title={t('jm.withdrawConfirm')} onConfirm={() => withdraw(i.id)}>
            <Button size="small" data-testid="jm-withdraw">{t('jm.withdraw')}</Button>
          </Popconfirm>
        </Flex>
      ))}
      {open ? (
        <Flex vertical gap={8}>
          <Input placeholder={t('jm.f.itemTitle')} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="jm-propose-title" />
          <Input.TextArea rows={2} placeholder={t('jm.f.description')} value={description} onChange={(e) => setDescription(e.target.value)} />
          <Button type="primary" block disabled={!title.trim()} onClick={() => void propose()} data-testid="jm-propose">{t('jm.propose')}</Button>
          {error ? <Alert type="error" showIcon title={errorText(error, t)} /> : null}
        </Flex>
      ) : <Typography.Text type="secondary">{t('jm.closed')}</Typography.Text>}
    </Card>
  );
}
