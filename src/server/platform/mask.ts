/**
 * Masking of personal data (ID-card numbers, phones, birth dates) for lists, exports, logs and audit rows.
 *
 * An ID number (GB 11643) is area code (6) + birth date (8) + sequence (3) + check digit. The mask keeps the
 * area code and the check digit only: with the birth year shown beside it (the most a reader without
 * `members.pii` sees of the birth date) the month, day and sequence stay hidden — about 16,000 numbers fit
 * what such a reader sees (366 days × 500 sequences of the right gender ÷ 11 check digits). Masking only the
 * eight birth-date digits was not enough: the birth date was shown beside them.
 */

export function maskIdNumber(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  if (v.length <= 10) return '*'.repeat(v.length);
  return v.slice(0, 6) + '*'.repeat(v.length - 7) + v.slice(-1);
}

/** A date of birth reduced to its year ('1946-05-13' → '1946-**-**'). */
export function maskBirthDate(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  return /^\d{4}-/.test(v) ? `${v.slice(0, 4)}-**-**` : '*'.repeat(v.length);
}

export function maskPhone(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  const digits = v.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** Keys whose values are personal data, masked in audit rows and logs wherever they appear. */
const PII_KEYS: Partial<Record<string, (v: string) => string | null>> = {
  idNumber: maskIdNumber, id_number: maskIdNumber,
  // with the masked ID number beside it, a full birth date would leave only the sequence digits to guess
  birthDate: maskBirthDate, birth_date: maskBirthDate,
  phone: maskPhone, liaisonPhone: maskPhone, liaison_phone: maskPhone, mobile: maskPhone,
};
const SECRET_KEYS = new Set(['password', 'passwordHash', 'password_hash', 'newPassword', 'currentPassword', 'token']);

/** Deep copy with personal data masked and secrets removed. */
export function maskRecord<T>(value: T): T {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => maskRecord(v)) as T;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEYS.has(k)) continue;
    const m = PII_KEYS[k];
    out[k] = m && typeof v === 'string' ? m(v) : maskRecord(v);
  }
  return out as T;
}

/** pino redaction paths: personal data never reaches the log. */
export const LOG_REDACT = [
  'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]',
  '*.password', '*.idNumber', '*.phone', '*.birthDate', '*.newPassword', '*.currentPassword',
];

/** Query errors carry their parameters (names, ID numbers…) in message and stack: strip them before logging. */
export function loggableError(err: unknown): Record<string, unknown> {
  const e = err as Error & { code?: string; cause?: unknown };
  const strip = (s: string | undefined) => s?.replace(/\nparams: [^\n]*/g, '\nparams: [masked]');
  const cause = e?.cause as (Error & { code?: string }) | undefined;
  return {
    type: e?.name, message: strip(e?.message), code: e?.code, stack: strip(e?.stack),
    ...(cause ? { cause: { type: cause.name, message: strip(cause.message), code: cause.code } } : {}),
  };
}

/** A person's name on a public screen: the first character kept ('张三丰' → '张**', 'Li Lei' → 'L*****'). */
export function maskName(v: string | null | undefined): string {
  if (!v) return '';
  const chars = [...v.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 4));
}
