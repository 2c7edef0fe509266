/** Pieces the directory pages share: URLs, enum labels, region and organisation pickers, form helpers. */
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Descriptions, Select, Tag, TreeSelect, type FormInstance } from 'antd';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { errorText, fieldErrors } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT, type TFunction } from '../../i18n.ts';
import { enumLabel } from '../../components/labels.ts';
import type { Permission } from '../../../shared/roles.ts';
import { directoryApi, type OrgTreeNode, type Region } from './api.ts';

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

// ---- labels (components/labels.ts) ------------------------------------------------------------
export { enumLabel, enumOptions } from '../../components/labels.ts';

export const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);

// ---- dates -----------------------------------------------------------------------------------
export const toDay = (v: string | null | undefined): Dayjs | null => (v ? dayjs(v) : null);
export const fromDay = (v: Dayjs | null | undefined): string | null => (v ? v.format('YYYY-MM-DD') : null);
export const todayIso = () => dayjs().format('YYYY-MM-DD');

// ---- permissions -----------------------------------------------------------------------------
export function useCan(permission: Permission): boolean {
  const { me } = useAuth();
  if (!me) return false;
  return me.user.isPlatformAdmin || me.permissions.includes(permission);
}

// ---- regions and the organisation tree ----------------------------------------------------------
export function useRegions() {
  return useQuery('dir:regions', (signal) => directoryApi.regions(signal));
}

export function RegionSelect({ regions, value, onChange }: { regions: Region[]; value?: string; onChange: (id: string) => void }) {
  const t = useT();
  return (
    <Select
      data-testid="region-select"
      aria-label={t('dir.region')}
      value={value}
      onChange={onChange}
      style={{ minWidth: 200, maxWidth: '100%' }}
      options={regions.map((r) => ({ value: r.id, label: r.name }))}
    />
  );
}

export interface OrgOption {
  value: string;
  title: string;
  selectable?: boolean;
  disabled?: boolean;
  children?: OrgOption[];
}

function toOptions(nodes: OrgTreeNode[], disabledIds?: Set<string>): OrgOption[] {
  return nodes.map((n) => {
    const disabled = disabledIds?.has(n.id) ?? false;
    return {
      value: n.id,
      title: n.name,
      disabled,
      children: toOptions(n.children, disabled ? new Set([...(disabledIds ?? []), ...n.children.map((c) => c.id)]) : disabledIds),
    };
  });
}

/** Every organisation the user can see, as TreeSelect data grouped by region (regions not selectable). */
export function useOrgOptions(disableSubtreeOf?: string) {
  const regions = useRegions();
  const regionIds = (regions.data?.items ?? []).map((r) => r.id).join(',');
  const trees = useQuery(`dir:trees:${regionIds}`, async (signal) => {
    const list = regions.data?.items ?? [];
    return Promise.all(list.map(async (r) => ({ region: r, items: (await directoryApi.orgTree(r.id, signal)).items })));
  });
  const options = useMemo<OrgOption[]>(() => {
    const data = trees.data ?? [];
    const disabled = disableSubtreeOf ? new Set([disableSubtreeOf]) : undefined;
    if (data.length === 1) return toOptions(data[0].items, disabled);
    return data.map(({ region, items }) => ({
      value: `region:${region.id}`,
      title: region.name,
      selectable: false,
      children: toOptions(items, disabled),
    }));
  }, [trees.data, disableSubtreeOf]);
  /** The first two levels open (regions and their top organisations, or the top two levels). */
  const expandedKeys = useMemo(
    () => options.flatMap((o) => [o.value, ...(o.children ?? []).filter((c) => c.children?.length).map((c) => c.value)]),
    [options],
  );
  return { options, expandedKeys, loading: regions.loading || trees.loading, error: regions.error ?? trees.error };
}

export function OrgTreeSelect({
  value, onChange, disableSubtreeOf, testId, placeholder, allowClear = true, style,
}: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  disableSubtreeOf?: string;
  testId?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
}) {
  const t = useT();
  const { options, expandedKeys, loading } = useOrgOptions(disableSubtreeOf);
  return (
    <TreeSelect
      data-testid={testId}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={options}
      loading={loading}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      key={expandedKeys.length ? 'loaded' : 'loading'}
      treeDefaultExpandedKeys={expandedKeys}
      placeholder={placeholder ?? t('dir.pickOrg')}
      style={{ minWidth: 220, maxWidth: '100%', ...style }}
      popupMatchSelectWidth={false}
    />
  );
}

// ---- forms -----------------------------------------------------------------------------------
/**
 * Puts the server's per-field errors on the form's fields; returns the message for the errors
 * that name no field on the form (shown above the form).
 */
export function applyServerErrors<F extends string>(form: FormInstance, err: unknown, fields: readonly F[], t: TFunction): string {
  const mapped = fieldErrors(err, fields);
  form.setFields(mapped);
  if (err instanceof ApiError) {
    const unplaced = err.details.filter((d) => !d.field || !mapped.some((m) => d.field === m.name || d.field?.split(/[./]/).pop() === m.name));
    const base = errorText(err, t);
    if (unplaced.length === 0) return base;
    return `${base} ${unplaced.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ')}`;
  }
  return errorText(err, t);
}

export function ErrorAlert({ error, onRetry, testId }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const t = useT();
  if (error === undefined || error === null) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={errorText(error, t)}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

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
