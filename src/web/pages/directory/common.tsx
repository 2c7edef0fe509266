/** Pieces only the directory pages share: detail URLs and links, field lists, kind tags (shared widgets are in src/web/components). */
import type { ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { Descriptions, Tag } from 'antd';
import { useT } from '../../i18n.ts';
import { enumLabel } from '../../components/labels.ts';

// ---- URLs ------------------------------------------------------------------------------------
// A detail page is the list page with `?id=` (the router mounts each menu path exactly). The page
// also accepts `/orgs/<id>` in case the router ever mounts the paths with their sub-paths.
export type DetailKind = 'orgs' | 'units' | 'alliances' | 'members';
export const detailPath = (kind: DetailKind, id: string) => `/${kind}/${encodeURIComponent(id)}`;

/** The id of the record a list page should show as a detail, or undefined for the list itself. */
export function useDetailId(kind: DetailKind): string | undefined {
  const location = useLocation();
  const [params] = useSearchParams();
  const fromPath = location.pathname.startsWith(`/${kind}/`) ? location.pathname.slice(kind.length + 2).split('/')[0] : '';
  const id = fromPath && fromPath !== 'import' ? fromPath : params.get('id');
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}

export function DetailLink({ kind, id, children, testId }: { kind: DetailKind; id: string; children: ReactNode; testId?: string }) {
  return (
    <Link to={detailPath(kind, id)} data-testid={testId}>
      {children}
    </Link>
  );
}


export const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);

export function FieldList({ items, testId }: { items: { key: string; label: ReactNode; value: ReactNode }[]; testId?: string }) {
  return (
    <Descriptions
      data-testid={testId}
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
      items={items.map((i) => ({ key: i.key, label: i.label, children: dash(i.value) }))}
    />
  );
}

export function KindTag({ prefix, value }: { prefix: string; value: string }) {
  const t = useT();
  const color: Record<string, string> = {
    committee: 'red', general_branch: 'volcano', branch: 'orange',
    cluster: 'magenta', grid: 'geekblue', joint_meeting: 'purple',
  };
  return <Tag color={color[value]}>{enumLabel(t, prefix, value)}</Tag>;
}
