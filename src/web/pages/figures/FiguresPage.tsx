/** 数据统计: every figure of the catalogue for a level and period, with the previous period and a year earlier; each opens its records. */
import { useMemo, useState } from 'react';
import { Card, Empty, Flex, Table, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LevelPicker, scopeOf, useDefaultLevel, type Level } from '../../components/LevelPicker.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime, thisYear } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { hasMessage, useT, type MessageKey } from '../../i18n.ts';
import { figuresApi, type FigureInfo } from './api.ts';
import { changeText, FigureDrawer, formatFigure, PeriodPicker } from './FigureParts.tsx';

export default function FiguresPage() {
  const t = useT();
  const fallback = useDefaultLevel();
  const [picked, setLevel] = useState<Level | null>(null);
  const level = picked ?? fallback;
  const [period, setPeriod] = useState(() => String(thisYear()));
  const [open, setOpen] = useState<FigureInfo | null>(null);
  const catalogue = useQuery('figures:catalogue', (signal) => figuresApi.catalogue(signal));
  const scope = level ? scopeOf(level, period) : null;
  const values = useQuery(`figures:values:${JSON.stringify(scope)}`, (signal) => (scope ? figuresApi.values(scope, signal) : Promise.resolve(null)));
  const byKey = useMemo(() => new Map((values.data?.figures ?? []).map((f) => [f.key, f])), [values.data]);
  const groups = useMemo(() => {
    const out = new Map<string, FigureInfo[]>();
    for (const f of catalogue.data ?? []) if (byKey.has(f.key)) out.set(f.capability, [...(out.get(f.capability) ?? []), f]);
    return [...out.entries()];
  }, [catalogue.data, byKey]);

  if (!fallback && !picked) {
    return (<><PageTitle>{t('figures.title')}</PageTitle><Empty description={t('figures.noLevel')} /></>);
  }
  const capLabel = (c: string) => { const k = `figures.capability.${c}`; return hasMessage(k) ? t(k as MessageKey) : c; };
  return (
    <>
      <PageTitle>{t('figures.title')}</PageTitle>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <LevelPicker value={level} onChange={setLevel} />
        <PeriodPicker value={period} onChange={setPeriod} />
        {values.data && <Typography.Text type="secondary" data-testid="figures-computed-at">{t('figures.computedAt', { at: formatDateTime(values.data.computedAt) })}</Typography.Text>}
      </Flex>
      <ErrorAlert error={catalogue.error ?? values.error} />
      <Flex vertical gap={16}>
        {groups.map(([cap, figs]) => (
          <Card key={cap} title={capLabel(cap)} size="small" data-testid={`figures-group-${cap}`}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              loading={values.loading}
              dataSource={figs}
              columns={[
                {
                  key: 'label', title: t('figures.col.figure'),
                  render: (_: unknown, f: FigureInfo) => (
                    <Flex gap={6} align="center">
                      {f.label}
                      <Tooltip title={f.definition}><QuestionCircleOutlined style={{ color: '#999' }} aria-label={t('figures.definition')} /></Tooltip>
                    </Flex>
                  ),
                },
                {
                  key: 'value', title: t('figures.col.value'), align: 'right',
                  render: (_: unknown, f: FigureInfo) => (
                    <a onClick={() => setOpen(f)} data-testid={`figure-value-${f.key}`} aria-label={t('figures.open')}>
                      <strong>{formatFigure(t, byKey.get(f.key)?.value, f.unit)}</strong>
                    </a>
                  ),
                },
                { key: 'previous', title: t('figures.col.previous'), align: 'right', render: (_: unknown, f: FigureInfo) => formatFigure(t, byKey.get(f.key)?.previous, f.unit) },
                {
                  key: 'change', title: t('figures.col.change'), align: 'right',
                  render: (_: unknown, f: FigureInfo) => { const v = byKey.get(f.key); return v ? changeText(v.value, v.previous) : '—'; },
                },
                { key: 'lastYear', title: t('figures.col.lastYear'), align: 'right', render: (_: unknown, f: FigureInfo) => formatFigure(t, byKey.get(f.key)?.lastYear, f.unit) },
              ]}
            />
          </Card>
        ))}
      </Flex>
      {scope && <FigureDrawer figure={open} scope={scope} value={open ? byKey.get(open.key)?.value : undefined} onClose={() => setOpen(null)} />}
    </>
  );
}
