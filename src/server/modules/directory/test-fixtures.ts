import { makeIdNumber } from './idcard.ts';

let seq = 0;
/** A valid member body for the API (fictional person). */
export function memberBody(orgId: string, over: Record<string, unknown> = {}) {
  seq++;
  const gender = (over.gender as 'M' | 'F') ?? (seq % 2 ? 'M' : 'F');
  const birthDate = (over.birthDate as string) ?? `19${60 + (seq % 30)}-0${1 + (seq % 9)}-1${seq % 9}`;
  return {
    orgId, name: `测试${seq}`, gender, ethnicity: '汉族', birthDate,
    idNumber: makeIdNumber('330205', birthDate, gender, seq), phone: `138${String(10000000 + seq).slice(-8)}`,
    address: `怡江小区 ${seq} 幢`, stage: 'full', joinedOn: '2005-07-01', fullOn: '2006-07-01',
    ...over,
  };
}
