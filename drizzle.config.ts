import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './src/server/db/migrations',
  // new migrations are named by the time they were generated (20261202013000_x.sql), not by a running number, so
  // two branches that each add one do not both take 0008; `drizzle-kit check` (in .ci/run) catches a journal or
  // snapshot chain that two merges broke. 0000–0007 keep their names: the migrator orders by the journal's `when`.
  migrations: { prefix: 'timestamp' },
});
