/** Mainland resident ID numbers (GB 11643-1999): 17 digits and a check character. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdProblem = 'id.length' | 'id.chars' | 'id.birth' | 'id.check';

export interface IdInfo { birthDate: string; gender: 'M' | 'F' }

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Normalises (trim, upper-case x) and checks an ID number; returns what it encodes or the problem. */
export function parseIdNumber(raw: string): { ok: true; value: string; info: IdInfo } | { ok: false; problem: IdProblem } {
  const v = raw.trim().toUpperCase();
  if (v.length !== 18) return { ok: false, problem: 'id.length' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, problem: 'id.chars' };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  if (y < 1890 || !validDate(y, m, d)) return { ok: false, problem: 'id.birth' };
  if (checkChar(v.slice(0, 17)) !== v[17]) return { ok: false, problem: 'id.check' };
  return {
    ok: true, value: v,
    info: { birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`, gender: Number(v[16]) % 2 === 1 ? 'M' : 'F' },
  };
}

/** Builds a valid ID number (for fictional demo data and tests). */
export function makeIdNumber(areaCode: string, birthDate: string, gender: 'M' | 'F', seq: number): string {
  const order = String(Math.floor(seq / 5) % 100).padStart(2, '0');
  const sexDigit = gender === 'M' ? (seq % 5) * 2 + 1 : (seq % 5) * 2;
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${order}${sexDigit}`;
  return first17 + checkChar(first17);
}
