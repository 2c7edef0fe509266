/** Free tags typed in (Enter, comma or 、 ends one): a form control for `string[]` fields, at most 10 tags of 20 characters. */
import { Select } from 'antd';

export function TagsInput({ value, onChange, testId, max = 10 }: { value?: string[]; onChange?: (v: string[]) => void; testId?: string; max?: number }) {
  return (
    <Select mode="tags" value={value ?? []} open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ' ']} maxCount={max} data-testid={testId}
      onChange={(v: string[]) => onChange?.([...new Set(v.map((x) => x.trim().slice(0, 20)).filter(Boolean))])} />
  );
}
