/**
 * The header's search box: members, organisations and units matching what is typed, in the caller's scope
 * (GET /api/v1/search answers only what the lists would), and projects by title (the project list's own search,
 * for those who read projects). Picking a result opens its page.
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { AutoComplete, Input, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useCan } from '../../components/permissions.ts';
import { enumLabel } from '../../components/labels.ts';
import { useT } from '../../i18n.ts';
import { clusterApi, type Project } from '../cluster/api.ts';
import { directoryApi, type SearchResult } from './api.ts';
import { detailPath } from './common.tsx';

export function GlobalSearch() {
  const t = useT();
  const navigate = useNavigate();
  const canOrgs = useCan('directory.read');
  const canMembers = useCan('members.read');
  const canProjects = useCan('cluster.read');
  const canRead = canOrgs || canMembers || canProjects;
  const [text, setText] = useState('');
  const [result, setResult] = useState<(SearchResult & { projects: Project[] }) | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const q = text.trim();
    if (!q) { setResult(null); return; }
    const mine = ++seq.current;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      const none = { items: [], total: 0, page: 1, pageSize: 0 };
      Promise.all([
        canOrgs || canMembers ? directoryApi.search(q, ctl.signal) : Promise.resolve<SearchResult>({ members: none, orgs: none, units: none }),
        canProjects ? clusterApi.projects({ q, pageSize: 5 }, ctl.signal).then((p) => p.items) : Promise.resolve([]),
      ]).then(([r, projects]) => { if (mine === seq.current) setResult({ ...r, projects }); }).catch(() => {});
    }, 250);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [text, canOrgs, canMembers, canProjects]);

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
    ...group(t('dir.search.projects'), result.projects.map((p) => ({
      value: `/projects/${p.id}`,
      label: <span data-testid="search-hit">{p.title} <Typography.Text type="secondary">{p.orgName}</Typography.Text></span>,
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
