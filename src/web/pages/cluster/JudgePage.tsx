import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Collapse, Empty, Flex, InputNumber, Progress, Select, Skeleton, Tag, Typography } from 'antd';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { hasMessage, useT } from '../../i18n.ts';
import { ApiError } from '../../api.ts';
import { clusterApi, type JudgeSheet } from './api.ts';

type Entry = JudgeSheet['entries'][number];

/** One entry as a card: an input per criterion, saved together. Recused entries only say so. */
function EntryCard({ contestId, sheet, entry, onSaved }: { contestId: string; sheet: JudgeSheet; entry: Entry; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [values, setValues] = useState<Record<string, number | null>>(() => ({ ...entry.scores }));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** the server's field errors by criterion (scores.N.points → the N-th criterion of the body sent) */
  const [bad, setBad] = useState<Record<string, string>>({});
  const open = sheet.contest.status === 'open';
  const scored = sheet.criteria.every((c) => entry.scores[c.id] !== undefined);
  const levelKey = `level.${entry.level}`;

  const save = async () => {
    const scores = sheet.criteria.map((c) => ({ criterionId: c.id, points: values[c.id] }));
    if (scores.some((s) => s.points === null || s.points === undefined)) { setError(t('judge.incomplete')); return; }
    setSaving(true);
    setError(null);
    setBad({});
    try {
      await clusterApi.score(contestId, entry.id, { scores: scores.map((s) => ({ criterionId: s.criterionId, points: s.points! })) });
      message.success(t('judge.saved'));
      onSaved();
    } catch (err) {
      const byCriterion: Record<string, string> = {};
      if (err instanceof ApiError) {
        for (const d of err.details) {
          const m = /^scores\.(\d+)\.points$/.exec(d.field ?? '');
          if (m && scores[Number(m[1])]) byCriterion[scores[Number(m[1])].criterionId] = d.message;
        }
      }
      setBad(byCriterion);
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid="judge-entry"
      title={<Typography.Text strong>{entry.title}</Typography.Text>}
      extra={entry.recused ? <Tag color="default">{t('judge.recused')}</Tag> : scored ? <Tag color="success">{t('judge.scored')}</Tag> : null}
    >
      <Flex gap={4} wrap style={{ marginBottom: 8 }}>
        <Tag>{entry.orgName}</Tag>
        <Tag color="red">{hasMessage(levelKey) ? t(levelKey) : entry.level}</Tag>
      </Flex>
      {entry.recused ? (
        <Typography.Text type="secondary">{t('judge.recusedHint')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          {sheet.criteria.map((c) => (
            <Flex key={c.id} justify="space-between" align="center" gap={8}>
              <label htmlFor={`s-${entry.id}-${c.id}`} style={{ flex: 1 }}>
                {t('judge.criterion', { name: c.name, max: c.maxPoints, weight: c.weight })}
              </label>
              {/* no max: a 15 where the maximum is 10 is not silently turned into 10, the server says so */}
              <InputNumber
                id={`s-${entry.id}-${c.id}`}
                min={0}
                step={0.5}
                status={bad[c.id] || (values[c.id] ?? 0) > c.maxPoints ? 'error' : undefined}
                aria-invalid={bad[c.id] ? true : undefined}
                inputMode="decimal"
                disabled={!open}
                value={values[c.id] ?? null}
                onChange={(v) => setValues((prev) => ({ ...prev, [c.id]: v }))}
                style={{ width: 96 }}
              />
            </Flex>
          ))}
          {sheet.criteria.filter((c) => bad[c.id]).map((c) => (
            <Typography.Text key={c.id} type="danger" data-testid="score-field-error">{c.name}：{bad[c.id]}</Typography.Text>
          ))}
          {error && <Alert type="error" showIcon title={error} />}
          {open && (
            <Button type="primary" block loading={saving} onClick={save}>
              {t('judge.save')}
            </Button>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** The judge's phone page: pick a contest (when several), score each entry, see what is left. */
export default function JudgePage() {
  const t = useT();
  const contests = useQuery('my-contests', (signal) => clusterApi.contests(signal));
  // a to-do opens one contest's sheet: /judging?contestId=…
  const [params] = useSearchParams();
  const [chosen, setChosen] = useState<string | undefined>(params.get('contestId') ?? undefined);
  const items = contests.data?.items ?? [];
  const contestId = (items.some((c) => c.id === chosen) ? chosen : undefined) ?? items.find((c) => c.status === 'open')?.id ?? items[0]?.id;
  const sheet = useQuery(`sheet:${contestId ?? ''}`, (signal) =>
    contestId ? clusterApi.mySheet(contestId, signal) : Promise.resolve(null));

  if (contests.error) return <Alert type="error" showIcon title={errorText(contests.error, t)} />;
  if (!contests.data) return <Skeleton active />;
  if (!items.length) return (<><PageTitle>{t('judge.title')}</PageTitle><Empty description={t('judge.noContest')} /></>);

  const data = sheet.data;
  const scorable = data ? data.entries.filter((e) => !e.recused) : [];
  const done = data ? scorable.filter((e) => data.criteria.every((c) => e.scores[c.id] !== undefined)).length : 0;
  const catKey = data ? `judge.cat.${data.judge.category}` : '';

  return (
    <Flex vertical gap={12} style={{ maxWidth: 640 }}>
      <PageTitle>{t('judge.title')}</PageTitle>
      {items.length > 1 && (
        <Select
          aria-label={t('judge.contest')}
          value={contestId}
          onChange={setChosen}
          options={items.map((c) => ({ value: c.id, label: `${c.title}（${c.quarter}）` }))}
        />
      )}
      {sheet.error ? (
        <Alert type="error" showIcon title={errorText(sheet.error, t)} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small">
            <Typography.Text strong>{data.contest.title}</Typography.Text>
            <div>{t('judge.category', { category: hasMessage(catKey) ? t(catKey) : data.judge.category })}</div>
            <Progress percent={scorable.length ? Math.round((done / scorable.length) * 100) : 0} size="small" />
            <Typography.Text type="secondary" data-testid="judge-progress">{t('judge.progress', { done, total: scorable.length })}</Typography.Text>
          </Card>
          {data.contest.status !== 'open' && <Alert type="info" showIcon title={t('judge.closed')} />}
          {data.entries.map((e) => (
            <EntryCard key={`${e.id}:${JSON.stringify(e.scores)}`} contestId={data.contest.id} sheet={data} entry={e} onSaved={sheet.reload} />
          ))}
          <Collapse size="small" items={[{ key: 'f', label: t('judge.formula'), children: <Typography.Paragraph>{t('judge.formulaText')}</Typography.Paragraph> }]} />
        </>
      )}
    </Flex>
  );
}
