#!/usr/bin/env node
// The Lianjian CLI: runs the TypeScript sources through tsx (no separate build step for the server).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/server/main.ts');
await run(process.argv.slice(2));
