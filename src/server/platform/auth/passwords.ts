import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const OPTS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try { return await verify(stored, password); } catch { return false; }
}

let dummy: Promise<string> | undefined;
/** Burns the same time as a real check, so an unknown username is not faster to refuse. */
export async function verifyDummy(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
}

/** A random password that is easy to type: 4 groups of 4 from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += alphabet[bytes[i] % alphabet.length];
    if (i % 4 === 3 && i < 15) s += '-';
  }
  return s;
}
