/**
 * A member's own page, phone first: upcoming and past activities with sign-up and check-in, volunteer hours,
 * quizzes (taken here: `?quiz=<id>`), courseware progress, and stars for a past lecture (宣讲) one checked in to. The activity QR code opens
 * `/my?checkin=<activity>&code=<code>`, which checks in after one tap.
 */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Input, Modal, Progress, Radio, Rate, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { FilePdfOutlined, LinkOutlined, PlaySquareOutlined } from '@ant-design/icons';
import { ApiError } from '../../api.ts';
import { clusterApi, type Pledge } from '../cluster/api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RowItem, RowList } from '../../components/RowList.tsx';
import { errorText } from '../../errors.ts';
import { formatDateTime, serverNow, thisYear } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { activitiesApi, type Attempt, type MyCourseware, type Overview } from './api.ts';

type MyActivity = Overview['upcoming'][number];

const CW_ICON = { pdf: <FilePdfOutlined />, video: <PlaySquareOutlined />, link: <LinkOutlined /> } as const;

/**
 * My courseware: each item with my progress. Opening one records a view (a link opens in a new tab; a PDF or video
 * opens here, from the server); 学完了 records the completion. The org's secretary sees both (课件 → 学习记录).
 */
function CoursewareCard({ summary, onChange }: { summary: Overview['courseware']; onChange: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const list = useQuery('my-courseware', (signal) => activitiesApi.myCourseware(signal));
  const [viewing, setViewing] = useState<MyCourseware>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const record = async (c: MyCourseware, completed: boolean) => {
    setBusy(c.id);
    setError(undefined);
    try {
      await activitiesApi.coursewareProgress(c.id, completed);
      if (completed) message.success(t('my.cw.doneSaved'));
      list.reload();
      onChange();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(undefined);
    }
  };
  const open = (c: MyCourseware) => {
    // a link opens at once (in the click, or the browser blocks the window), then the view is recorded
    if (c.kind === 'link' && c.url) window.open(c.url, '_blank', 'noopener,noreferrer');
    else setViewing(c);
    void record(c, false);
  };
  const items = list.data ?? [];
  return (
    <Card size="small" title={t('my.courseware')}>
      <Typography.Text data-testid="my-courseware-summary">{t('my.courseware.summary', summary)}</Typography.Text>
      {summary.total > 0 && <Progress percent={Math.round((100 * summary.completed) / summary.total)} />}
      {error !== undefined && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginTop: 8 }} />}
      {list.error !== undefined && list.error !== null && <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginTop: 8 }} />}
      {items.length > 0 && (
        <RowList items={items}>{(c) => (
          <RowItem data-testid="my-courseware">
            <Flex vertical gap={6} style={{ width: '100%' }}>
              <Typography.Text strong>{CW_ICON[c.kind]} {c.title}</Typography.Text>
              <Typography.Text type="secondary" data-testid="my-courseware-state">
                {t(`cw.kind.${c.kind}`)}{c.durationMinutes ? ` · ${t('quiz.minutesN', { n: c.durationMinutes })}` : ''} ·{' '}
                {c.completedAt ? t('my.cw.done', { date: formatDateTime(c.completedAt).slice(0, 10) }) : c.myViews ? t('my.cw.viewed', { n: c.myViews }) : t('my.cw.new')}
              </Typography.Text>
              <Flex gap={8}>
                <Button type="primary" size="large" style={{ flex: 1 }} disabled={c.kind !== 'link' && !c.fileName} loading={busy === c.id && !viewing}
                  onClick={() => open(c)} data-testid="my-courseware-open">{c.kind !== 'link' && !c.fileName ? t('cw.noFile') : t('my.cw.open')}</Button>
                {!c.completedAt && c.myViews > 0 && (
                  <Button size="large" style={{ flex: 1 }} loading={busy === c.id} onClick={() => void record(c, true)} data-testid="my-courseware-done">{t('my.cw.finish')}</Button>
                )}
              </Flex>
            </Flex>
          </RowItem>
        )}</RowList>
      )}
      <Modal open={!!viewing} title={viewing?.title} onCancel={() => setViewing(undefined)} width={900} destroyOnHidden
        footer={viewing && (
          <Flex gap={8} justify="end">
            <Button onClick={() => setViewing(undefined)}>{t('my.cw.close')}</Button>
            {!items.find((x) => x.id === viewing.id)?.completedAt && (
              <Button type="primary" loading={busy === viewing.id} data-testid="my-courseware-viewer-done"
                onClick={async () => { if (await record(viewing, true)) setViewing(undefined); }}>{t('my.cw.finish')}</Button>
            )}
          </Flex>
        )}>
        {viewing && (viewing.kind === 'video'
          ? <video data-testid="my-courseware-video" src={activitiesApi.coursewareFileUrl(viewing.id)} controls style={{ width: '100%', maxHeight: '70vh' }} />
          : <iframe data-testid="my-courseware-pdf" title={viewing.title} src={activitiesApi.coursewareFileUrl(viewing.id)} style={{ width: '100%', height: '70vh', border: 0 }} />)}
      </Modal>
    </Card>
  );
}

/** Stars (1–5) and an optional comment for a lecture I checked in to; shows my rating once given, and the server's refusal. */
function RateLecture({ a, onSaved }: { a: MyActivity; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [rating, setRating] = useState(a.rating ?? 0);
  const [comment, setComment] = useState(a.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const changed = rating !== (a.rating ?? 0) || comment.trim() !== (a.comment ?? '');
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await activitiesApi.rate(a.id, rating, comment.trim() || null);
      message.success(t('my.rate.done'));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={8} data-testid="my-rating" style={{ marginTop: 4 }}>
      <Typography.Text type="secondary">{a.rating ? t('my.rate.mine') : t('my.rate')}</Typography.Text>
      <Rate value={rating} onChange={setRating} disabled={busy} style={{ fontSize: 28 }} aria-label={t('my.rate')} />
      <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }}
        placeholder={t('my.rate.comment')} disabled={busy} />
      {error !== undefined && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Button size="large" type={a.rating ? 'default' : 'primary'} block loading={busy} disabled={!rating || !changed} onClick={submit} data-testid="my-rating-submit">
        {a.rating ? t('my.rate.update') : t('my.rate.submit')}
      </Button>
    </Flex>
  );
}

function ActivityItem({ a, onChange }: { a: MyActivity; onChange: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<string>) => {
    setBusy(true);
    try { message.success(await fn()); onChange(); } catch (e) { message.error(errorText(e, t)); } finally { setBusy(false); }
  };
  return (
    <RowItem data-testid="my-activity">
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <Typography.Text strong>{a.title}</Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(a.startsAt).slice(0, 16)} · {a.place ?? a.orgName ?? ''}</Typography.Text>
        <Space wrap size={4}>
          <Tag>{t(`kind.${a.kind}` as MessageKey)}</Tag>
          {a.expected && <Tag color="blue">{t('my.expected')}</Tag>}
          {a.signup === 'signed_up' && <Tag color="green">{t('my.signedUp')}</Tag>}
          {a.signup === 'waitlisted' && <Tag color="orange">{t('my.waitlisted')}</Tag>}
          {a.checkedInAt && <Tag color="success">{t('my.checkedIn', { time: formatDateTime(a.checkedInAt).slice(11, 16) })}</Tag>}
          {a.serviceHours !== null && <Tag color="purple">{t('my.hoursOf', { hours: a.serviceHours })}</Tag>}
        </Space>
        {a.checkinOpen && !a.checkedInAt && <Alert type="info" showIcon title={t('my.checkinOpen')} />}
        {a.signupOpen && !a.checkedInAt && new Date(a.endsAt).getTime() > serverNow() && (
          a.signup ? (
            <Button size="large" block loading={busy} onClick={() => act(async () => { await activitiesApi.cancelSignup(a.id); return t('my.cancelDone'); })}>
              {t('my.cancelSignup')}
            </Button>
          ) : (
            <Button size="large" type="primary" block loading={busy} onClick={() => act(async () => {
              const r = await activitiesApi.signup(a.id);
              return r.signup === 'waitlisted' ? t('my.waitlistDone', { position: r.position ?? '' }) : t('my.signupDone');
            })}>
              {t('my.signup')}
            </Button>
          )
        )}
        {a.kind === 'lecture' && a.checkedInAt && Date.parse(a.endsAt) < serverNow() && (
          <RateLecture key={`${a.rating ?? ''}:${a.comment ?? ''}`} a={a} onSaved={onChange} />
        )}
      </Flex>
    </RowItem>
  );
}

/** My service-hours entries, newest first. */
function HoursEntries() {
  const t = useT();
  const entries = useQuery('my-service-hours', (signal) => activitiesApi.serviceHours(signal));
  if (!entries.data?.length) return null;
  return (
    <RowList size="small" data-testid="my-hours-entries" header={<Typography.Text type="secondary">{t('my.hours.entries')}</Typography.Text>}
      items={entries.data.slice(0, 10)}>{(e) => (
        <RowItem extra={<Tag color="purple">{t('my.hoursOf', { hours: e.hours })}</Tag>}>
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Text ellipsis>{e.title}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.heldOn}{e.place ? ` · ${e.place}` : ''}</Typography.Text>
          </Flex>
        </RowItem>
      )}</RowList>
  );
}

/** My pledges this year (the cluster module's endpoints): a summary and a link to the pledges page. */
function PledgesCard() {
  const t = useT();
  const year = thisYear(); // the year in Beijing (on 31 Dec after 16:00 UTC it is already the next)
  const pledges = useQuery(`my-pledges:${year}`, (signal) => clusterApi.pledges({ mine: '1', year, pageSize: 100 }, signal));
  const categories = useQuery('pledge-categories', (signal) => clusterApi.pledgeCategories(signal).catch(() => []));
  const categoryName = (code: string) => categories.data?.find((c) => c.code === code)?.name ?? code;
  const items = pledges.data?.items ?? [];
  const count = (s: Pledge['status']) => items.filter((p) => p.status === s).length;
  const colour = { in_progress: 'processing', fulfilled: 'success', not_fulfilled: 'error' } as const;
  return (
    <Card size="small" title={t('my.pledges')} data-testid="my-pledges" extra={<Link to="/my-pledges">{t('my.pledges.open')}</Link>}>
      {pledges.error ? <Alert type="error" showIcon title={errorText(pledges.error, t)} />
        : !pledges.data ? <Skeleton active paragraph={{ rows: 2 }} />
          : items.length === 0 ? <Empty description={<Link to="/my-pledges">{t('my.pledges.none', { year })}</Link>} />
            : (
              <Flex vertical gap={8}>
                <Typography.Text>{t('my.pledges.summary', { year, total: items.length, fulfilled: count('fulfilled'), inProgress: count('in_progress') })}</Typography.Text>
                <RowList size="small" items={items.slice(0, 5)}>{(p) => (
                  <RowItem>
                    <Flex vertical gap={2} style={{ width: '100%' }}>
                      <Typography.Text>{p.content}</Typography.Text>
                      <Space size={4} wrap>
                        <Tag>{categoryName(p.category)}</Tag>
                        <Tag color={colour[p.status]}>{t(`pledge.status.${p.status}`)}</Tag>
                      </Space>
                    </Flex>
                  </RowItem>
                )}</RowList>
              </Flex>
            )}
    </Card>
  );
}

function CheckinCard({ activityId, code, onDone }: { activityId: string; code: string; onDone: () => void }) {
  const t = useT();
  const [state, setState] = useState<{ busy: boolean; done?: string; error?: unknown }>({ busy: false });
  const go = async () => {
    setState({ busy: true });
    try { const r = await activitiesApi.checkin(activityId, code); setState({ busy: false, done: r.at }); } catch (e) { setState({ busy: false, error: e }); }
  };
  if (state.done) {
    return <Result status="success" title={t('my.checkin.done')} subTitle={formatDateTime(state.done)} extra={<Button size="large" onClick={onDone}>{t('my.quiz.back')}</Button>} />;
  }
  return (
    <Card title={t('my.checkin.title')}>
      {state.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(state.error, t)} />}
      <Button type="primary" size="large" block loading={state.busy} onClick={go} data-testid="checkin-confirm">{t('my.checkin.confirm')}</Button>
    </Card>
  );
}

const letters = (xs: number[]) => xs.map((i) => String.fromCharCode(65 + i)).join('');

function QuizView({ quizId, onDone }: { quizId: string; onDone: () => void }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [error, setError] = useState<unknown>();
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    let live = true;
    activitiesApi.startQuiz(quizId).then((a) => {
      if (!live) return;
      setAttempt(a);
      setAnswers(a.answers);
      // the server keeps the clock: count down against its time, not the phone's
      setOffset(Date.parse(a.serverNow) - Date.now());
    }, (e: unknown) => { if (live) setError(e); });
    return () => { live = false; };
  }, [quizId]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const submit = async () => {
    if (!attempt) return;
    setSubmitting(true);
    try { setAttempt(await activitiesApi.submit(attempt.id, answers)); } catch (e) { message.error(errorText(e, t)); } finally { setSubmitting(false); }
  };
  const remaining = attempt ? Math.max(0, Date.parse(attempt.deadlineAt) - (now + offset)) : 0;
  useEffect(() => {
    if (attempt && !attempt.submittedAt && remaining === 0 && !submitting) {
      message.info(t('my.quiz.timeUp'));
      void submit();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [remaining === 0, attempt?.submittedAt]);

  if (error) return <Alert type="error" showIcon title={errorText(error, t)} action={<Button onClick={onDone}>{t('my.quiz.back')}</Button>} />;
  if (!attempt) return <Skeleton active />;
  const choose = (qid: string, choice: number[]) => {
    setAnswers((prev) => ({ ...prev, [qid]: choice }));
    activitiesApi.answer(attempt.id, qid, choice).catch((e: unknown) => {
      if (e instanceof ApiError && e.code === 'ATTEMPT_CLOSED') void activitiesApi.attempt(attempt.id).then(setAttempt);
      else message.error(errorText(e, t));
    });
  };
  const review = new Map((attempt.review ?? []).map((r) => [r.questionId, r]));
  const mmss = `${String(Math.floor(remaining / 60000)).padStart(2, '0')}:${String(Math.floor((remaining % 60000) / 1000)).padStart(2, '0')}`;
  return (
    <Flex vertical gap={12}>
      {attempt.submittedAt ? (
        <Result status="success" data-testid="quiz-score" title={t('my.quiz.score', { score: attempt.score ?? 0, correct: attempt.correctCount ?? 0, total: attempt.questions.length })}
          extra={<Button size="large" onClick={onDone}>{t('my.quiz.back')}</Button>} />
      ) : (
        <Card size="small" style={{ position: 'sticky', top: 0, zIndex: 2 }}>
          <Flex justify="space-between" align="center">
            <Typography.Text strong data-testid="quiz-timer">{t('my.quiz.remaining', { time: mmss })}</Typography.Text>
            <Button type="primary" data-testid="quiz-submit" loading={submitting} onClick={() => modal.confirm({ title: t('my.quiz.submitConfirm'), onOk: submit })}>{t('my.quiz.submit')}</Button>
          </Flex>
        </Card>
      )}
      {attempt.questions.map((q, i) => {
        const r = review.get(q.id);
        const value = answers[q.id] ?? [];
        const disabled = !!attempt.submittedAt;
        return (
          <Card key={q.id} data-testid="quiz-question" size="small" title={`${i + 1}. ${q.stem}`} styles={{ title: { whiteSpace: 'normal' } }}>
            {q.kind === 'multiple' ? (
              <Checkbox.Group disabled={disabled} value={value} onChange={(v) => choose(q.id, (v as number[]).sort())}>
                <Flex vertical gap={8}>{q.options.map((o, k) => <Checkbox key={k} value={k}>{String.fromCharCode(65 + k)}. {o}</Checkbox>)}</Flex>
              </Checkbox.Group>
            ) : (
              <Radio.Group disabled={disabled} value={value[0]} onChange={(e) => choose(q.id, [e.target.value as number])}>
                <Flex vertical gap={8}>{q.options.map((o, k) => <Radio key={k} value={k}>{String.fromCharCode(65 + k)}. {o}</Radio>)}</Flex>
              </Radio.Group>
            )}
            {r && (
              <Alert style={{ marginTop: 8 }} type={r.correct ? 'success' : 'error'} showIcon
                title={r.correct ? t('my.quiz.right') : t('my.quiz.wrong', { answer: letters(r.answer) })} description={r.explanation ?? undefined} />
            )}
          </Card>
        );
      })}
    </Flex>
  );
}

export default function MyPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const overview = useQuery('my-overview', (signal) => activitiesApi.overview(signal));
  const checkin = params.get('checkin');
  const code = params.get('code');
  const quiz = params.get('quiz');
  const home = () => { setParams({}); overview.reload(); };
  const notMember = overview.error instanceof ApiError && overview.error.status === 404;

  let body;
  if (checkin && code) body = <CheckinCard activityId={checkin} code={code} onDone={home} />;
  else if (quiz) body = <QuizView quizId={quiz} onDone={home} />;
  else if (notMember) body = <Empty description={t('my.notMember')} />;
  else if (overview.error) body = <Alert type="error" showIcon title={t('common.loadFailed', { message: errorText(overview.error, t) })} />;
  else if (!overview.data) body = <Skeleton active />;
  else {
    const d = overview.data;
    body = (
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{d.member.name} · {d.member.orgName}</Typography.Text>
        <Card size="small" title={t('my.upcoming')}>
          {d.upcoming.length ? <RowList items={d.upcoming}>{(a) => <ActivityItem a={a} onChange={overview.reload} />}</RowList> : <Empty description={t('my.none')} />}
        </Card>
        <Card size="small" title={t('my.quizzes')}>
          {d.quizzes.length ? (
            <RowList items={d.quizzes}>{(q) => {
              const open = Date.parse(q.closesAt) > serverNow() && (q.openAttemptId || q.attemptsUsed < q.attemptsAllowed);
              return (
                <RowItem data-testid="my-quiz">
                  <Flex vertical gap={4} style={{ width: '100%' }}>
                    <Typography.Text strong>{q.title}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('my.quiz.closes', { time: formatDateTime(q.closesAt).slice(0, 16) })} · {t('my.quiz.used', { used: q.attemptsUsed, allowed: q.attemptsAllowed })}
                      {q.bestScore !== null ? ` · ${t('my.quiz.best', { score: q.bestScore })}` : ''}
                    </Typography.Text>
                    {open && <Button type="primary" size="large" block data-testid="quiz-start" onClick={() => setParams({ quiz: q.quizId })}>{q.openAttemptId ? t('my.quiz.resume') : t('my.quiz.start')}</Button>}
                  </Flex>
                </RowItem>
              );
            }}</RowList>
          ) : <Empty description={t('my.none')} />}
        </Card>
        <PledgesCard />
        <Card size="small" title={t('my.hours')}>
          <Typography.Text data-testid="my-hours">{t('my.hours.total', { total: d.serviceHours.total, year: d.serviceHours.thisYear, entries: d.serviceHours.entries })}</Typography.Text>
          {d.serviceHours.entries > 0 && <HoursEntries />}
        </Card>
        <CoursewareCard summary={d.courseware} onChange={overview.reload} />
        <Card size="small" title={t('my.past')}>
          {d.past.length ? <RowList items={d.past}>{(a) => <ActivityItem a={a} onChange={overview.reload} />}</RowList> : <Empty description={t('my.none')} />}
        </Card>
      </Flex>
    );
  }
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <PageTitle>{t('my.title')}</PageTitle>
      {body}
    </div>
  );
}
