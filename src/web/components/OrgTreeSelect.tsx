/** Region and organisation pickers (every organisation the user can see, as a tree grouped by region). */
import { useMemo, useState, type CSSProperties } from 'react';
import { Select, TreeSelect } from 'antd';
import { useQuery } from '../hooks.ts';
import { useT } from '../i18n.ts';
import { directoryApi, type OrgTreeNode, type Region } from '../pages/directory/api.ts';

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
  // The first two levels open once the tree is there, without remounting the select (a remount closed a dropdown
  // opened while the tree was loading); while searching, the select opens every match's branch itself.
  const [expanded, setExpanded] = useState<(string | number)[] | undefined>();
  const [search, setSearch] = useState('');
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
      treeExpandedKeys={search ? undefined : expanded ?? expandedKeys}
      onTreeExpand={setExpanded}
      onSearch={setSearch}
      onOpenChange={(open) => { if (!open) setSearch(''); }}
      placeholder={placeholder ?? t('dir.pickOrg')}
      style={{ minWidth: 220, maxWidth: '100%', ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
