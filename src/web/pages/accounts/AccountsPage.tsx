import { useEffect, useMemo, useState } from 'react';
import {
  Alert, App, Button, Checkbox, Drawer, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography,
} from 'antd';
import { DownloadOutlined, KeyOutlined, PlusOutlined, PrinterOutlined, TeamOutlined } from '@ant-design/icons';
import { ROLE_SCOPES } from '../../../shared/accounts.ts';
import { ROLES, type Role, type ScopeKind } from '../../../shared/roles.ts';
import { useAuth } from '../../auth.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { applyServerErrors } from '../../components/forms.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT, type TFunction } from '../../i18n.ts';
import { clusterApi } from '../cluster/api.ts';
import { directoryApi } from '../directory/api.ts';
import { accountsApi, type Account, type AccountListQuery } from './api.ts';

interface RegionOption { id: string; name: string }

/** The regions whose accounts I manage: where I am region admin (every region for the platform admin). */
function useManagedRegions(): RegionOption[] {
  const { me } = useAuth();
  const isAdmin = me?.user.isPlatformAdmin ?? false;
  const all = useQuery(isAdmin ? 'regions' : 'no-regions', (signal) => (isAdmin ? directoryApi.regions(signal) : Promise.resolve({ items: [] })));
  return useMemo(() => {
    if (isAdmin) return (all.data?.items ?? []).map((r) => ({ id: r.id, name: r.name }));
    const seen = new Map<string, string>();
    for (const g of me?.grants ?? []) if (g.role === 'region_admin' && g.scopeKind === 'region') seen.set(g.regionId, g.regionName ?? g.regionId);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [isAdmin, all.data, me]);
}

const grantLabel = (t: TFunction, g: { role: string; scopeKind: string; scopeName: string | null; regionName: string | null }) =>
  `${enumLabel(t, 'role', g.role)} · ${g.scopeName ?? enumLabel(t, 'scope', g.scopeKind)}`;

/** A picker for the scope a role is granted on, searching the region's orgs, alliances, units, members or contests. */
function ScopePicker({ regionId, kind, value, onChange }: { regionId: string; kind: ScopeKind; value?: string; onChange?: (v: string) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const key = `${regionId}:${kind}:${q}`;
  const { data, loading } = useQuery(key, async (signal): Promise<{ value: string; label: string }[]> => {
    switch (kind) {
      case 'org': return (await directoryApi.orgs({ regionId, q: q || undefined, pageSize: 50 }, signal)).items.map((o) => ({ value: o.id, label: o.name }));
      case 'alliance': return (await directoryApi.alliances({ regionId, q: q || undefined, pageSize: 50 }, signal)).items.map((a) => ({ value: a.id, label: a.name }));
      case 'unit': return (await directoryApi.units({ regionId, q: q || undefined, pageSize: 50 }, signal)).items.map((u) => ({ value: u.id, label: u.name }));
      case 'member': return q ? (await directoryApi.members({ regionId, q, pageSize: 20 }, signal)).items.map((m) => ({ value: m.id, label: m.name })) : [];
      case 'contest': return (await clusterApi.contests(signal)).items.filter((c) => c.regionId === regionId).map((c) => ({ value: c.id, label: c.title }));
      default: return [];
    }
  });
  if (kind === 'region') return null;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      options={data ?? []}
      loading={loading}
      placeholder={t('acc.scopeSearch')}
      data-testid="acc-scope"
      notFoundContent={null}
    />
  );
}

interface GrantValues { role: Role; scopeKind: ScopeKind; scopeId?: string }

/** Role → scope kind → scope, as the server allows (src/shared/accounts.ts ROLE_SCOPES). */
function GrantFields({ regionId, form, optional = false }: { regionId: string; form: ReturnType<typeof Form.useForm<GrantValues>>[0]; optional?: boolean }) {
  const t = useT();
  const role = Form.useWatch('role', form);
  const kind = Form.useWatch('scopeKind', form);
  const kinds = role ? ROLE_SCOPES[role] : [];
  useEffect(() => {
    if (role && !ROLE_SCOPES[role].includes(form.getFieldValue('scopeKind'))) form.setFieldsValue({ scopeKind: ROLE_SCOPES[role][0], scopeId: undefined });
  }, [role, form]);
  return (
    <>
      <Form.Item name="role" label={t('acc.role')} rules={optional ? [] : [{ required: true, message: t('acc.required') }]}>
        <Select options={enumOptions(t, 'role', ROLES)} data-testid="acc-role" allowClear={optional} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="scopeKind" label={t('acc.scopeKind')} hidden={kinds.length <= 1}>
        <Select options={enumOptions(t, 'scope', kinds)} />
      </Form.Item>
      {kind && kind !== 'region' && (
        <Form.Item name="scopeId" label={`${t('acc.scope')}（${enumLabel(t, 'scope', kind)}）`} rules={[{ required: true, message: t('acc.required') }]}>
          <ScopePicker regionId={regionId} kind={kind} />
        </Form.Item>
      )}
    </>
  );
}

const scopeOf = (v: GrantValues, regionId: string) => ({ role: v.role, scopeKind: v.scopeKind, scopeId: v.scopeKind === 'region' ? regionId : v.scopeId! });

/** First passwords, shown once, with a print button. */
function FirstPasswords({ rows, onClose }: { rows: { name: string; org?: string; username: string; password: string }[] | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try { await accountsApi.firstPasswordsXlsx({ rows: rows ?? [] }); } catch (err) { message.error(errorText(err, t)); } finally { setSaving(false); }
  };
  return (
    <Modal open={!!rows} title={t('acc.firstPassword')} onCancel={onClose} width={640} destroyOnHidden
      footer={[
        <Button key="xlsx" icon={<DownloadOutlined />} loading={saving} onClick={save} data-testid="acc-passwords-xlsx">{t('acc.passwordsXlsx')}</Button>,
        <Button key="print" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('acc.print')}</Button>,
        <Button key="close" type="primary" onClick={onClose} data-testid="acc-passwords-close">{t('acc.close')}</Button>,
      ]}
    >
      <Alert type="warning" showIcon title={t('acc.firstPasswordHelp')} style={{ marginBottom: 12 }} />
      <div className="print-area">
        <Table size="small" pagination={false} rowKey="username" dataSource={rows ?? []}
          columns={[
            { title: t('acc.col.displayName'), dataIndex: 'name' },
            ...(rows?.some((r) => r.org) ? [{ title: t('acc.col.org'), dataIndex: 'org' }] : []),
            { title: t('acc.col.username'), dataIndex: 'username', render: (v: string) => <Typography.Text code data-testid="acc-first-username">{v}</Typography.Text> },
            { title: t('acc.col.password'), dataIndex: 'password', render: (v: string) => <Typography.Text code copyable data-testid="acc-first-password">{v}</Typography.Text> },
          ]}
        />
      </div>
    </Modal>
  );
}

export default function AccountsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { me } = useAuth();
  const mobile = useIsMobile();
  const regions = useManagedRegions();
  const [regionId, setRegionId] = useState<string | undefined>();
  const region = regionId ?? regions[0]?.id;
  const [query, setQuery] = useState<AccountListQuery & { page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const list = useQuery(`accounts:${region}:${JSON.stringify(query)}`, (signal) => accountsApi.list({ ...query, regionId: region }, signal));
  const [drawer, setDrawer] = useState<Account | null>(null);
  const [creating, setCreating] = useState(false);
  const [batching, setBatching] = useState(false);
  const [passwords, setPasswords] = useState<{ name: string; org?: string; username: string; password: string }[] | null>(null);

  const run = async (fn: () => Promise<unknown>, done = t('acc.done')) => {
    try { await fn(); message.success(done); list.reload(); } catch (err) { message.error(errorText(err, t)); }
  };
  const current = drawer && (list.data?.items.find((a) => a.id === drawer.id) ?? drawer);

  return (
    <>
      <PageTitle extra={
        <Space wrap>
          <Button icon={<TeamOutlined />} onClick={() => setBatching(true)} disabled={!region} data-testid="acc-batch">{t('acc.batch')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!region} data-testid="acc-create">{t('acc.create')}</Button>
        </Space>
      }>{t('acc.title')}</PageTitle>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {regions.length > 1 && (
          <Select style={{ minWidth: 180 }} value={region} onChange={(v) => { setRegionId(v); setQuery((q) => ({ ...q, page: 1 })); }}
            options={regions.map((r) => ({ value: r.id, label: r.name }))} aria-label={t('acc.region')} />
        )}
        <Input.Search allowClear placeholder={t('acc.search')} style={{ width: mobile ? '100%' : 260 }} data-testid="acc-search"
          onSearch={(q) => setQuery((x) => ({ ...x, q: q || undefined, page: 1 }))} />
        <Select allowClear placeholder={t('acc.filter.role')} style={{ minWidth: 160 }} options={enumOptions(t, 'role', ROLES)}
          onChange={(role?: Role) => setQuery((x) => ({ ...x, role, page: 1 }))} />
        <Select allowClear placeholder={t('acc.filter.status')} style={{ minWidth: 120 }}
          options={[{ value: 'false', label: t('acc.status.active') }, { value: 'true', label: t('acc.status.disabled') }]}
          onChange={(disabled?: 'true' | 'false') => setQuery((x) => ({ ...x, disabled, page: 1 }))} />
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 12 }} />
      <Table<Account>
        rowKey="id" size="middle" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          onChange: (page, pageSize) => setQuery((x) => ({ ...x, page, pageSize })) }}
        columns={[
          { title: t('acc.col.username'), dataIndex: 'username' },
          { title: t('acc.col.displayName'), dataIndex: 'displayName' },
          { title: t('acc.col.grants'), key: 'grants', render: (_, a) => (a.grants.length
            ? <Flex gap={4} wrap>{a.grants.map((g) => <Tag key={g.id}>{grantLabel(t, g)}</Tag>)}</Flex>
            : <Typography.Text type="secondary">{t('acc.noGrants')}</Typography.Text>) },
          { title: t('acc.col.status'), key: 'status', render: (_, a) => (
            <Space size={4} wrap>
              {a.disabled ? <Tag color="red">{t('acc.status.disabled')}</Tag> : <Tag color="green">{t('acc.status.active')}</Tag>}
              {a.mustChangePassword && <Tag color="orange">{t('acc.status.mustChange')}</Tag>}
            </Space>) },
          { title: t('acc.col.actions'), key: 'actions', render: (_, a) => (
            <Space size={0} wrap>
              <Button type="link" onClick={() => setDrawer(a)} data-testid={`acc-grants-${a.username}`}>{t('acc.grants')}</Button>
              <Popconfirm title={t('acc.resetConfirm', { name: a.displayName })} okText={t('acc.ok')} cancelText={t('acc.cancel')}
                onConfirm={() => run(async () => {
                  const { password } = await accountsApi.resetPassword(a.id);
                  setPasswords([{ name: a.displayName, username: a.username, password }]);
                })}>
                <Button type="link" icon={<KeyOutlined />}>{t('acc.reset')}</Button>
              </Popconfirm>
              {a.id !== me?.user.id && (a.disabled
                ? <Button type="link" onClick={() => run(() => accountsApi.setDisabled(a.id, false))}>{t('acc.enable')}</Button>
                : <Popconfirm title={t('acc.disableConfirm', { name: a.displayName })} okText={t('acc.ok')} cancelText={t('acc.cancel')}
                    onConfirm={() => run(() => accountsApi.setDisabled(a.id, true))}>
                    <Button type="link" danger>{t('acc.disable')}</Button>
                  </Popconfirm>)}
            </Space>) },
        ]}
      />
      {current && region && (
        <GrantDrawer account={current} regionId={region} onClose={() => setDrawer(null)} onChanged={list.reload} />
      )}
      {creating && region && (
        <CreateModal regionId={region} onClose={() => setCreating(false)}
          onCreated={(r) => { setCreating(false); list.reload(); setPasswords([r]); }} />
      )}
      {batching && region && (
        <BatchModal regionId={region} onClose={() => setBatching(false)}
          onCreated={(rows) => { setBatching(false); list.reload(); if (rows.length) setPasswords(rows); }} />
      )}
      <FirstPasswords rows={passwords} onClose={() => setPasswords(null)} />
    </>
  );
}

function GrantDrawer({ account, regionId, onClose, onChanged }: { account: Account; regionId: string; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<GrantValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: GrantValues) => {
    setSaving(true); setError(null);
    try {
      await accountsApi.grant(account.id, { ...scopeOf(v, regionId), regionId });
      message.success(t('acc.granted'));
      form.resetFields();
      onChanged();
    } catch (err) { setError(applyServerErrors(form, err, ['role', 'scopeKind', 'scopeId'] as const, t)); } finally { setSaving(false); }
  };
  return (
    <Drawer open title={`${t('acc.grants')} · ${account.displayName}（${account.username}）`} onClose={onClose} size={mobile ? '100%' : 480} data-testid="acc-drawer">
      {/* one line per grant (antd's List is deprecated in v6) */}
      <Flex vertical gap={0} data-testid="acc-grant-list">
        {account.grants.length === 0 && <Typography.Text type="secondary">{t('acc.noGrants')}</Typography.Text>}
        {account.grants.map((g) => (
          <Flex key={g.id} justify="space-between" align="center" gap={8} style={{ padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
            <Space wrap><Tag>{enumLabel(t, 'role', g.role)}</Tag>{g.scopeName}<Typography.Text type="secondary">{g.regionName}</Typography.Text></Space>
            <Popconfirm title={t('acc.revokeConfirm')} okText={t('acc.ok')} cancelText={t('acc.cancel')}
              onConfirm={async () => {
                try { await accountsApi.revoke(account.id, g.id); message.success(t('acc.revoked')); onChanged(); } catch (err) { message.error(errorText(err, t)); }
              }}>
              <Button type="link" danger size="small">{t('acc.revoke')}</Button>
            </Popconfirm>
          </Flex>
        ))}
      </Flex>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('acc.grantAdd')}</Typography.Title>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} testId="acc-grant-error" />
      <Form<GrantValues> form={form} layout="vertical" onFinish={submit}>
        <GrantFields regionId={regionId} form={form} />
        <Button type="primary" htmlType="submit" loading={saving} data-testid="acc-grant-submit">{t('acc.grantAdd')}</Button>
      </Form>
    </Drawer>
  );
}

interface CreateValues extends Partial<GrantValues> { username: string; displayName: string }

function CreateModal({ regionId, onClose, onCreated }: { regionId: string; onClose: () => void; onCreated: (r: { name: string; username: string; password: string }) => void }) {
  const t = useT();
  const [form] = Form.useForm<CreateValues>();
  return (
    <FormModal<CreateValues> title={t('acc.create')} form={form} fields={CREATE_FIELDS} onClose={onClose} okText={t('acc.ok')} testId="acc-create"
      onSubmit={async (v) => {
        const r = await accountsApi.create({
          username: v.username, displayName: v.displayName, regionId,
          grant: v.role && v.scopeKind ? scopeOf(v as GrantValues, regionId) : null,
        });
        onCreated({ name: v.displayName, username: r.username, password: r.password });
      }}>
      <Form.Item name="username" label={t('acc.username')} extra={t('acc.usernameHelp')} required
        rules={[{ required: true, message: t('acc.required') }, { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('acc.usernameHelp') }]}>
        <Input autoComplete="off" data-testid="acc-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t('acc.displayName')} required rules={[{ required: true, whitespace: true, message: t('acc.required') }]}>
        <Input data-testid="acc-displayname" />
      </Form.Item>
      <Typography.Text type="secondary">{t('acc.firstRole')}</Typography.Text>
      <FirstRoleFields regionId={regionId} form={form} />
    </FormModal>
  );
}
const CREATE_FIELDS = ['username', 'displayName', 'role', 'scopeKind', 'scopeId'] as const;

/** The optional first role of a new account: the grant fields, none required until a role is picked. */
function FirstRoleFields({ regionId, form }: { regionId: string; form: ReturnType<typeof Form.useForm<CreateValues>>[0] }) {
  return <GrantFields optional regionId={regionId} form={form as unknown as ReturnType<typeof Form.useForm<GrantValues>>[0]} />;
}

function BatchModal({ regionId, onClose, onCreated }: { regionId: string; onClose: () => void; onCreated: (rows: { name: string; org: string; username: string; password: string }[]) => void }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <FormModal<{ orgId: string; subtree: boolean }> title={t('acc.batch')} fields={['orgId', 'subtree']} onClose={onClose}
      okText={t('acc.batchRun')} cancelText={t('acc.cancel')} testId="acc-batch" initialValues={{ subtree: false }}
      onSubmit={async (v) => {
        const r = await accountsApi.batch({ regionId, orgId: v.orgId, subtree: !!v.subtree });
        if (!r.created.length) message.info(t('acc.batchNone')); else message.success(t('acc.batchDone', { n: r.created.length }));
        onCreated(r.created.map((c) => ({ name: c.name, org: c.orgName, username: c.username, password: c.password })));
      }}>
      <Form.Item name="orgId" label={t('acc.batchOrg')} required rules={[{ required: true, message: t('acc.required') }]}>
        <ScopePicker regionId={regionId} kind="org" />
      </Form.Item>
      <Form.Item name="subtree" valuePropName="checked"><Checkbox>{t('acc.batchSubtree')}</Checkbox></Form.Item>
    </FormModal>
  );
}
