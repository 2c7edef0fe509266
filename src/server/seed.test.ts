import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/support/app.ts';
import { seedIfEmpty, type SeedResult } from './seed.ts';

const PASSWORD = 'demo-password-123';
let t: TestApp;
let seeded: SeedResult;

beforeAll(async () => {
  t = await testApp();
  seeded = await seedIfEmpty(t.database, { ...t.config, adminPassword: PASSWORD }, { now: t.clock.now() });
}, 180_000);

describe('the demo sign-ins', () => {
  it('each have their own password hash, salt included, and each signs in with the one password', async () => {
    const rows = await t.database.query<{ username: string; h: string }>(
      `select username, password_hash as h from users where not disabled order by username`);
    const names = seeded.logins.map((l) => l.username);
    expect(names.length).toBeGreaterThanOrEqual(12);
    const hashes = rows.filter((r) => names.includes(r.username)).map((r) => r.h);
    expect(hashes).toHaveLength(names.length);
    // argon2id PHC strings: $argon2id$v=19$m=..,t=..,p=..$SALT$HASH
    const salts = hashes.map((h) => h.split('$')[4]);
    expect(salts.every((s) => s && s.length >= 16)).toBe(true);
    expect(new Set(salts).size).toBe(names.length);
    expect(new Set(hashes).size).toBe(names.length);
    for (const username of ['admin', 'kongpu', 'member', 'judge']) {
      const res = await t.anon.post('/api/v1/auth/login', { username, password: PASSWORD });
      expect(res.statusCode, username).toBe(200);
    }
  });
});
