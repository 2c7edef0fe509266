/**
 * The level a page's figures are for (the statistics page, the home dashboard, the big screen, the reports): one of the
 * caller's own levels (each grant's region, org, alliance or unit; every region for the platform admin), optionally
 * narrowed to an org below it. The value is the figures routes' scope query (src/shared/figures.ts).
 */
import { useMemo } from 'react';
import { Flex, Select, TreeSelect } from 'antd';
import { useAuth } from '../auth.tsx';
import { useQuery } from '../hooks.ts';
import { useT } from '../i18n.ts';
import { directoryApi, type OrgTreeNode } from '../pages/directory/api.ts';
import type { FigureScope } from '../pages/figures/api.ts';

export type Level = { regionId: string; scopeKind: 'region' | 'org' | 'alliance' | 'unit'; scopeId?: string };
export interface LevelOption { key: string; label: string; level: Level }

const LEVEL_ROLES: readonly string[] = ['region_admin', 'alliance_coordinator', 'org_admin', 'unit_liaison'];

const keyOf = (l: Level) => `${l.regionId}:${l.scopeKind}:${l.scopeId ?? ''}`;

/** The caller's own levels, in the order of their grants (regions first for the platform admin). */
export function useMyLevels(): { options: LevelOption[]; loading: boolean } {
  const { me } = useAuth();
  const admin = !!me?.user.isPlatformAdmin;
  const regions = useQuery(`levels:regions:${admin}`, (signal) => (admin ? directoryApi.regions(signal) : Promise.resolve({ items: [] })));
  const options = useMemo(() => {
    const out = new Map<string, LevelOption>();
    for (const r of regions.data?.items ?? []) {
      const level: Level = { regionId: r.id, scopeKind: 'region' };
      out.set(keyOf(level), { key: keyOf(level), label: r.name, level });
    }
    for (const g of me?.grants ?? []) {
      // levels are what a role runs: a judge's, a mediator's or a fund officer's grant reads no figure of its scope
      if (!LEVEL_ROLES.includes(g.role) || !['region', 'org', 'alliance', 'unit'].includes(g.scopeKind)) continue;
      const level: Level = g.scopeKind === 'region' ? { regionId: g.regionId, scopeKind: 'region' } : { regionId: g.regionId, scopeKind: g.scopeKind as Level['scopeKind'], scopeId: g.scopeId };
      const name = g.scopeKind === 'region' ? g.regionName ?? g.scopeName ?? '' : `${g.scopeName ?? ''}${g.regionName ? `（${g.regionName}）` : ''}`;
      if (!out.has(keyOf(level))) out.set(keyOf(level), { key: keyOf(level), label: name, level });
    }
    return [...out.values()];
  }, [me, regions.data]);
  return { options, loading: regions.loading };
}

/** The first of the caller's levels (null while loading or when they have none: a member's account). */
export function useDefaultLevel(): Level | null {
  const { options } = useMyLevels();
  return options[0]?.level ?? null;
}

function orgOptions(nodes: OrgTreeNode[]): { value: string; title: string; children: ReturnType<typeof orgOptions> }[] {
  return nodes.map((n) => ({ value: n.id, title: n.name, children: orgOptions(n.children) }));
}

function findPath(nodes: OrgTreeNode[], id: string): boolean {
  return nodes.some((n) => n.id === id || findPath(n.children, id));
}

/** Pick one of my levels, then (for a region or an org) any org below it. */
export function LevelPicker({ value, onChange, testId = 'level-picker' }: { value: Level | null; onChange: (l: Level) => void; testId?: string }) {
  const t = useT();
  const { options, loading } = useMyLevels();
  const base = options.find((o) => value && (o.key === keyOf(value))) ?? options.find((o) => value && o.level.regionId === value.regionId && value.scopeKind === 'org' && ['region', 'org'].includes(o.level.scopeKind));
  const regionId = value?.regionId;
  const tree = useQuery(`levels:tree:${regionId ?? ''}`, (signal) => (regionId ? directoryApi.orgTree(regionId, signal) : Promise.resolve({ items: [] })));
  // the orgs below the chosen level: the region's whole tree, or the chosen org's subtree
  const below = useMemo(() => {
    const items = tree.data?.items ?? [];
    if (!base || base.level.scopeKind === 'region') return items;
    if (base.level.scopeKind !== 'org') return [];
    const find = (nodes: OrgTreeNode[]): OrgTreeNode | null => {
      for (const n of nodes) { if (n.id === base.level.scopeId) return n; const x = find(n.children); if (x) return x; }
      return null;
    };
    const root = find(items);
    return root ? [root] : [];
  }, [tree.data, base]);
  const narrowed = value?.scopeKind === 'org' && base && keyOf(base.level) !== keyOf(value) && findPath(below, value.scopeId ?? '') ? value.scopeId : undefined;
  return (
    <Flex gap={8} wrap data-testid={testId}>
      <Select
        data-testid={`${testId}-level`}
        aria-label={t('figures.level')}
        loading={loading}
        value={base?.key}
        onChange={(k: string) => { const o = options.find((x) => x.key === k); if (o) onChange(o.level); }}
        options={options.map((o) => ({ value: o.key, label: o.label }))}
        style={{ minWidth: 220 }}
        placeholder={t('figures.level')}
      />
      {below.length > 0 && (
        <TreeSelect
          data-testid={`${testId}-org`}
          aria-label={t('figures.level.org')}
          allowClear
          showSearch
          treeNodeFilterProp="title"
          value={narrowed}
          placeholder={t('figures.level.org')}
          treeData={orgOptions(below)}
          treeDefaultExpandedKeys={below.map((n) => n.id)}
          popupMatchSelectWidth={false}
          style={{ minWidth: 220 }}
          onChange={(id?: string) => { if (!base) return; onChange(id ? { regionId: base.level.regionId, scopeKind: 'org', scopeId: id } : base.level); }}
        />
      )}
    </Flex>
  );
}

/** The figures routes' scope query of a level and period. */
export const scopeOf = (l: Level, period: string): FigureScope => ({ regionId: l.regionId, scopeKind: l.scopeKind, scopeId: l.scopeId, period });
