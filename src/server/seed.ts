import { sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
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

/** On an empty database: the platform admin (and, from the directory module on, the article's demo data). */
export async function seedIfEmpty(database: Database, config: Config): Promise<SeedResult> {
  const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (Number(n) > 0) return { created: false, logins: [] };
  const generated = config.adminPassword ? undefined : generatePassword();
  const password = config.adminPassword ?? generated!;
  await database.db.transaction(async (tx) => {
    await createUser(tx, SYSTEM, { username: 'admin', displayName: '平台管理员', password, isPlatformAdmin: true });
  });
  return { created: true, generatedPassword: generated, logins: [{ username: 'admin', role: 'platform admin' }] };
}
