import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/** UUIDv7 (RFC 9562): 48-bit ms timestamp, then random; monotonic within one process. */
export function uuidv7(): string {
  let ms = Date.now();
  if (ms <= lastMs) { seq++; ms = lastMs; } else { seq = randomBytes(2).readUInt16BE(0) & 0x3ff; lastMs = ms; }
  if (seq > 0xfff) { lastMs = ++ms; seq = 0; }
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
