/** A member search box (name, pinyin or initials) for staff forms. */
import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '../../hooks.ts';
import { directoryApi } from '../directory/api.ts';

export function MemberPicker({ value, onChange, placeholder }: { value?: string; onChange?: (v: string) => void; placeholder?: string }) {
  const [q, setQ] = useState('');
  const members = useQuery(`lecturer-pick:${q}`, (signal) => (q ? directoryApi.members({ q, pageSize: 20 }, signal) : Promise.resolve(null)));
  return (
    <Select showSearch value={value} onChange={onChange} filterOption={false} onSearch={setQ} placeholder={placeholder} loading={members.loading}
      notFoundContent={null} style={{ width: '100%' }}
      options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}${m.orgName ? ` · ${m.orgName}` : ''}` }))} />
  );
}
