import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, PASSWORD, type TestApp } from '../../test/support/app.ts';

let t: TestApp & { logins: string[] };

// the demo as seedIfEmpty seeded it once for the run (test/support/demo.ts)
beforeAll(async () => { t = await demoApp(); }, 600_000);

describe('the demo sign-ins', () => {
  it('each have their own password hash, salt included, and each signs in with the one password', async () => {
    const rows = await t.database.query<{ username: string; h: string }>(
      `select username, password_hash as h from users where not disabled order by username`);
    const names = t.logins;
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
