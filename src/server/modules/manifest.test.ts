/**
 * A capability is registered completely or the build fails: its manifest (src/server/modules/<cap>/index.ts) is
 * in the one list, its permissions and audit actions carry labels in both languages, every route it serves has
 * an OpenAPI tag, every audit action written is declared, and every table of the schema is declared by exactly
 * one manifest, and that manifest says whether Citus distributes it (docs/scaling.md). See docs/adding-a-capability.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import { AUDIT_ACTION_LABELS, PERMISSION_LABELS } from '../../shared/capabilities/index.ts';
import { PERMISSIONS, ROLE_PERMISSIONS } from '../../shared/roles.ts';
import { distributionPlan, DistributionPlanInvalid } from '../db/citus.ts';
import * as schema from '../db/schema.ts';
import { audit } from '../platform/audit.ts';
import type { Capability } from '../platform/capability.ts';
import { platformCapability } from '../platform/manifest.ts';
import { auditLog } from '../platform/schema.ts';
import { MODULES } from './index.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ALL: readonly Capability[] = [platformCapability, ...MODULES];

const labelProblems = (kind: string, map: Record<string, Partial<Record<'zh-CN' | 'en-US', string>>>) => Object.entries(map).flatMap(([code, l]) =>
  (['zh-CN', 'en-US'] as const).filter((loc) => !l?.[loc]?.trim()).map((loc) => `${kind} ${code}: no ${loc} label`));

describe('every capability is in the list', () => {
  it('each folder under src/server/modules has an index.ts manifest listed in modules/index.ts, under its folder name', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'src/server/modules'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) expect(fs.existsSync(path.join(ROOT, 'src/server/modules', f, 'index.ts')), `${f}/index.ts`).toBe(true);
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
  });
});

describe('permissions', () => {
  it('every permission has a zh-CN and an en-US label', () => {
    expect(PERMISSIONS.length).toBeGreaterThan(5);
    expect(labelProblems('permission', PERMISSION_LABELS)).toEqual([]);
  });

  it('are declared by exactly one capability, and make up PERMISSIONS', () => {
    const declared = ALL.flatMap((c) => Object.keys(c.permissions));
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual([...PERMISSIONS].sort());
    for (const c of ALL) expect(labelProblems(`${c.name}:`, c.permissions)).toEqual([]);
  });

  it('roles bundle only declared permissions', () => {
    for (const [role, perms] of Object.entries(ROLE_PERMISSIONS)) for (const x of perms) expect(PERMISSIONS, `${role}: ${x}`).toContain(x);
  });
});

describe('audit actions', () => {
  it('every declared action has a zh-CN and an en-US label, and belongs to exactly one capability', () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).length).toBeGreaterThan(20);
    expect(labelProblems('audit action', AUDIT_ACTION_LABELS)).toEqual([]);
    const declared = ALL.flatMap((c) => Object.keys(c.auditActions));
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual(Object.keys(AUDIT_ACTION_LABELS).sort());
  });

  it('every action the source writes is declared (a literal after `action:` anywhere under src/server)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p); else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(path.join(ROOT, 'src/server'));
    const written = new Set<string>();
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\baction: *([^,}\n]+)/g)) for (const lit of m[1].matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) written.add(lit[1]);
      // the raw-SQL hot path must take its action from auditRow, never spell one into the statement
      expect(src, `${path.relative(ROOT, f)} writes audit_log in raw SQL with a literal action`).not.toMatch(/insert into audit_log[^;`]*'[a-z_]+\.[a-z_]+'/);
    }
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((a) => !Object.hasOwn(AUDIT_ACTION_LABELS, a))).toEqual([]);
  });

  it('the writer refuses an undeclared action at run time, and writes nothing', async () => {
    const before = await t.database.db.$count(auditLog);
    await expect(audit(t.database.db, { principal: null }, {
      regionId: '00000000-0000-0000-0000-000000000000', action: 'made.up' as never, entityType: 'x', entityId: 'x',
    })).rejects.toThrow(/not declared/);
    expect(await t.database.db.$count(auditLog)).toBe(before);
  });
});

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.app.close(); });

describe('routes', () => {
  it('every route in the OpenAPI document has a tag and a summary', async () => {
    const res = await t.anon.get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = json<{ paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> }>(res);
    const ops = Object.entries(doc.paths).flatMap(([p, ms]) => Object.entries(ms).map(([m, o]) => ({ route: `${m.toUpperCase()} ${p}`, o })));
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((x) => !x.o.tags?.length).map((x) => x.route)).toEqual([]);
    expect(ops.filter((x) => !x.o.summary?.trim()).map((x) => x.route)).toEqual([]);
  });
});

describe('tables', () => {
  const tables = (Object.values(schema) as unknown[]).filter((x): x is PgTable => is(x, PgTable)).map((x) => getTableName(x)).sort();
  const declared = ALL.flatMap((c) => [
    ...c.tables.region.map((x) => ({ cap: c.name, name: getTableName(x), kind: 'region' as const })),
    ...c.tables.shared.map((x) => ({ cap: c.name, name: getTableName(x), kind: 'shared' as const })),
  ]);

  it('every table of the schema is declared by exactly one manifest, and each declared table is in the schema', () => {
    expect(tables.length).toBeGreaterThan(20);
    expect(declared.map((d) => d.name).sort()).toEqual(tables);
  });

  it('the Citus plan (db/citus.ts) is read from the manifests: region tables distributed, shared ones copied', () => {
    const plan = distributionPlan();
    expect(plan.distributed.slice().sort()).toEqual(declared.filter((d) => d.kind === 'region').map((d) => d.name).sort());
    expect(plan.reference.slice().sort()).toEqual(declared.filter((d) => d.kind === 'shared').map((d) => d.name).sort());
  });

  it('a table no manifest declares, or one declared as the wrong kind, makes the plan refuse and name it', () => {
    const without = (cap: string, table: PgTable) => ALL.map((c) => c.name !== cap ? c
      : { ...c, tables: { region: c.tables.region.filter((x) => x !== table), shared: c.tables.shared.filter((x) => x !== table) } });
    expect(() => distributionPlan(without('platform', auditLog))).toThrow(DistributionPlanInvalid);
    expect(() => distributionPlan(without('platform', auditLog))).toThrow(/audit_log is in the schema but no capability manifest declares it/);
    // audit_log has a region_id: declared shared, Citus would have to copy a table it must distribute
    const wrong = ALL.map((c) => c.name !== 'platform' ? c
      : { ...c, tables: { region: c.tables.region.filter((x) => x !== auditLog), shared: [...c.tables.shared, auditLog] } });
    expect(() => distributionPlan(wrong)).toThrow(/audit_log is declared shared but has a region_id/);
    const twice = [...ALL, { name: 'copycat', tables: { region: [auditLog], shared: [] } }];
    expect(() => distributionPlan(twice)).toThrow(/audit_log is declared twice \(again by copycat\)/);
  });
});

describe('messages', () => {
  it('every capability message has a zh-CN and an en-US text', () => {
    for (const c of ALL) expect(labelProblems(`${c.name} message`, c.messages)).toEqual([]);
  });
});
