import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;

// random bytes drawn in blocks: one system call per 256 ids instead of two per id
const pool = Buffer.alloc(16 * 256);
let poolAt = pool.length;
function random16(): Buffer {
  if (poolAt >= pool.length) { randomFillSync(pool); poolAt = 0; }
  const out = Buffer.from(pool.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  return out;
}

/** UUIDv7 (RFC 9562): 48-bit ms timestamp, 12-bit sequence, then random; monotonic within one process. */
export function uuidv7(): string {
  const b = random16();
  let ms = Date.now();
  if (ms <= lastMs) { seq++; ms = lastMs; } else { seq = b.readUInt16BE(14) & 0x3ff; lastMs = ms; }
  if (seq > 0xfff) { lastMs = ++ms; seq = 0; }
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
