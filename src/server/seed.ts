import { sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { MODULES } from './modules/index.ts';
import { generatePassword } from './platform/auth/passwords.ts';
import { users } from './platform/schema.ts';
import { createUser } from './platform/users.ts';

export interface SeedResult {
  created: boolean;
  /** the password, when it was generated here (printed once, never stored in clear) */
  generatedPassword?: string;
  logins: { username: string; role: string }[];
}

const SYSTEM = { principal: null, requestId: 'seed' };

export interface SeedOptions {
  /** load the article's demo regions too (default true); false gives just the admin */
  demo?: boolean;
  now?: number;
}

/** On an empty database: the platform admin and the article's demo data, one sign-in per role. */
export async function seedIfEmpty(database: Database, config: Config, opts: SeedOptions = {}): Promise<SeedResult> {
  const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (Number(n) > 0) return { created: false, logins: [] };
  const generated = config.adminPassword ? undefined : generatePassword();
  const password = config.adminPassword ?? generated!;
  await database.db.transaction(async (tx) => {
    await createUser(tx, SYSTEM, { username: 'admin', displayName: '平台管理员', password, isPlatformAdmin: true });
  });
  const logins = [{ username: 'admin', role: 'platform admin' }];
  if (opts.demo !== false) {
    const now = opts.now ?? Date.now();
    // each capability's demo data, in the order of src/server/modules/index.ts
    for (const cap of MODULES) {
      // every demo sign-in gets its own hash (its own salt) of the same password
      const out = await cap.seed?.({ db: database.db, password, now });
      logins.push(...(out?.users ?? []));
    }
  }
  return { created: true, generatedPassword: generated, logins };
}
