/**
 * The header's search box: members, organisations and units matching what is typed, in the caller's scope
 * (GET /api/v1/search answers only what the lists would). Picking a result opens its page.
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { AutoComplete, Input, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useCan } from '../../components/permissions.ts';
import { enumLabel } from '../../components/labels.ts';
import { useT } from '../../i18n.ts';
import { directoryApi, type SearchResult } from './api.ts';
import { detailPath } from './common.tsx';

export function GlobalSearch() {
  const t = useT();
  const navigate = useNavigate();
  const canOrgs = useCan('directory.read');
  const canMembers = useCan('members.read');
  const canRead = canOrgs || canMembers;
  const [text, setText] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const q = text.trim();
    if (!q) { setResult(null); return; }
    const mine = ++seq.current;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      directoryApi.search(q, ctl.signal).then((r) => { if (mine === seq.current) setResult(r); }).catch(() => {});
    }, 250);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [text]);

  if (!canRead) return null;
  const group = (label: string, items: { value: string; label: React.ReactNode }[]) => (items.length ? [{ label, options: items }] : []);
  const options = result ? [
    ...group(t('dir.search.members'), result.members.items.map((m) => ({
      value: detailPath('members', m.id),
      label: <span data-testid="search-hit">{m.name} <Typography.Text type="secondary">{m.orgName}</Typography.Text></span>,
    }))),
    ...group(t('dir.search.orgs'), result.orgs.items.map((o) => ({
      value: detailPath('orgs', o.id),
      label: <span data-testid="search-hit">{o.name} <Typography.Text type="secondary">{enumLabel(t, 'dir.orgKind', o.kind)}</Typography.Text></span>,
    }))),
    ...group(t('dir.search.units'), result.units.items.map((u) => ({
      value: detailPath('units', u.id),
      label: <span data-testid="search-hit">{u.name} <Typography.Text type="secondary">{enumLabel(t, 'dir.unitKind', u.kind)}</Typography.Text></span>,
    }))),
  ] : [];
  const empty = result && !options.length ? <Typography.Text type="secondary" data-testid="search-none">{t('dir.search.none')}</Typography.Text> : undefined;

  return (
    <AutoComplete
      value={text}
      options={options}
      notFoundContent={empty}
      onChange={(v: string) => setText(v.startsWith('/') ? text : v)}
      onSelect={(path: string) => { setText(''); setResult(null); navigate(path); }}
      popupMatchSelectWidth={320}
      style={{ width: 240 }}
      data-testid="global-search"
    >
      <Input allowClear prefix={<SearchOutlined />} placeholder={t('dir.search.placeholder')} maxLength={50} data-testid="global-search-input" />
    </AutoComplete>
  );
}
