/**
 * The one place tests build their data. Everything a caller could create goes through the API (as a platform admin
 * signed in once per app), so it passes the same validation as a user's request: org kinds nest as the API allows,
 * members have valid GB 11643 ID numbers agreeing with their birth date and gender ('M' / 'F'). What has no API is
 * written with the platform's own functions: regions (a reference table), users and grants (`createUser`, `grantRole`).
 */
import type { LightMyRequestResponse } from 'fastify';
import { makeIdNumber } from '../../src/server/modules/directory/idcard.ts';
import { regions } from '../../src/server/modules/directory/schema.ts';
import { hash } from '@node-rs/argon2';
import { uuidv7 } from '../../src/server/platform/ids.ts';
import { createUser, grantRole } from '../../src/server/platform/users.ts';
import type { Role, ScopeKind } from '../../src/shared/roles.ts';
import { PASSWORD, type Client, type TestApp } from './app.ts';

export interface Region { id: string; rootOrgId: string }
export interface Org { id: string; path: string }
export interface Grant { role: Role; scopeKind: ScopeKind; scopeId: string; regionId: string }
export interface UserOpts {
  username?: string;
  grants?: Grant[];
  platformAdmin?: boolean;
  memberId?: string;
  memberRegionId?: string;
}
export interface TestUser { id: string; username: string; client: Client }

let seq = 0;
let sharedHash: Promise<string> | undefined;
const roots = new WeakMap<TestApp, { username: string; client: Promise<Client> }>();

/**
 * A platform admin of this app; the factories write through the API as this user. Signs in again when the
 * session has expired (tests move the clock forward by hours).
 */
async function asRoot(t: TestApp, call: (c: Client) => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  let r = roots.get(t);
  if (!r) {
    const username = `factory_root_${++seq}`;
    r = { username, client: user(t, { username, platformAdmin: true }).then((u) => u.client) };
    roots.set(t, r);
  }
  const res = await call(await r.client);
  if (res.statusCode !== 401) return res;
  r.client = t.login(r.username);
  return call(await r.client);
}

/** The response's JSON when its status is the expected one; otherwise the test stops with what the API said. */
export function created<T = Record<string, any>>(res: LightMyRequestResponse, what: string, status = 201): T {
  if (res.statusCode !== status) throw new Error(`factory ${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

// ── people ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A valid, unique GB 11643 ID number for a fictional person. Area code 330299 is used by no test that writes its
 * own numbers, so the two never collide.
 */
export function idNumber(birthDate: string, gender: 'M' | 'F', n = ++seq): string {
  return makeIdNumber('330299', birthDate, gender, n % 500);
}

/** A birth date for the n-th fictional person: 1960–1979, different for every 500 people. */
function birthDateOf(n: number): string {
  const d = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 500) * 7 * 86_400_000 + (n % 7) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A member body the API accepts (a full member since 2006), with `over` applied. */
export function memberBody(orgId: string, over: Record<string, unknown> = {}) {
  const n = ++seq;
  const gender = (over.gender as 'M' | 'F' | undefined) ?? (n % 2 ? 'M' : 'F');
  const birthDate = (over.birthDate as string | undefined) ?? birthDateOf(n);
  return {
    orgId, name: `测试${n}`, gender, ethnicity: '汉族', birthDate,
    idNumber: makeIdNumber('330299', birthDate, gender, n % 500), phone: `138${String(10000000 + n).slice(-8)}`,
    address: `怡江小区 ${n} 幢`, stage: 'full', joinedOn: '2005-07-01', fullOn: '2006-07-01',
    ...over,
  };
}

export interface Member { id: string; regionId: string; orgId: string; name: string; [k: string]: unknown }

/** One member, created through POST /api/v1/members. */
export async function member(t: TestApp, orgId: string, over: Record<string, unknown> = {}): Promise<Member> {
  return created<Member>(await asRoot(t, (c) => c.post('/api/v1/members', memberBody(orgId, over))), 'member');
}

/** `count` members named `${prefix}1`, `${prefix}2`, …; their ids in that order. */
export async function members(t: TestApp, orgId: string, count: number, prefix = '党员'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) ids.push((await member(t, orgId, { name: `${prefix}${++seq}` })).id);
  return ids;
}

// ── users and grants ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * A user with the given grants, signed in. All share one argon2id hash of PASSWORD made with the smallest cost
 * (the parameters travel in the hash, so signing in checks it at that cost): a test signs in dozens of users.
 */
export async function user(t: TestApp, opts: UserOpts = {}): Promise<TestUser> {
  sharedHash ??= hash(PASSWORD, { algorithm: 2 /* Argon2id */, memoryCost: 64, timeCost: 1, parallelism: 1 });
  const sys = { principal: null, requestId: 'test' };
  const username = opts.username ?? `user${++seq}_${Math.random().toString(36).slice(2, 6)}`;
  const id = await createUser(t.database.db, sys, {
    username, displayName: username, password: PASSWORD, passwordHash: await sharedHash,
    isPlatformAdmin: opts.platformAdmin, memberId: opts.memberId, memberRegionId: opts.memberRegionId,
  });
  for (const g of opts.grants ?? []) await grantRole(t.database.db, sys, { userId: id, ...g });
  return { id, username, client: await t.login(username) };
}

export const regionAdmin = (t: TestApp, regionId: string) =>
  user(t, { grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: regionId, regionId }] });
export const orgAdmin = (t: TestApp, regionId: string, orgId: string) =>
  user(t, { grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: orgId, regionId }] });
export const coordinator = (t: TestApp, regionId: string, allianceId: string) =>
  user(t, { grants: [{ role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: allianceId, regionId }] });
/** A signed-in member (role `member` on their own record, linked through users.member_id). */
export const memberUser = (t: TestApp, regionId: string, memberId: string, username?: string) =>
  user(t, { username, memberId, memberRegionId: regionId, grants: [{ role: 'member', scopeKind: 'member', scopeId: memberId, regionId }] });

// ── organisations ─────────────────────────────────────────────────────────────────────────────────────────────

/** A region (no API: a reference table) with its root committee (through the API). */
export async function region(t: TestApp, name = `区域${++seq}`): Promise<Region> {
  const id = uuidv7();
  await t.database.db.insert(regions).values({ id, code: `r${id.slice(-8)}`, name });
  const root = await org(t, id, null, `${name}党工委`, 'committee');
  return { id, rootOrgId: root.id };
}

/** An organisation under `parentId` (or a region's root when null), through POST /api/v1/orgs. */
export async function org(t: TestApp, regionId: string, parentId: string | null, name = `组织${++seq}`, kind = 'branch'): Promise<Org> {
  const body = parentId ? { parentId, kind, name } : { regionId, kind, name };
  const o = created<{ id: string; path: string }>(await asRoot(t, (c) => c.post('/api/v1/orgs', body)), `org ${name}`);
  return { id: o.id, path: o.path };
}

/** An alliance (cluster / grid / joint meeting) of the given organisations and units. */
export async function alliance(t: TestApp, regionId: string, opts: { kind?: 'cluster' | 'grid' | 'joint_meeting'; name?: string; leadOrgId?: string | null; orgIds?: string[]; unitIds?: string[] } = {}) {
  const body = { regionId, kind: opts.kind ?? 'cluster', name: opts.name ?? `联盟${++seq}`, leadOrgId: opts.leadOrgId ?? null };
  const a = created<{ id: string }>(await asRoot(t, (c) => c.post('/api/v1/alliances', body)), 'alliance');
  if (opts.orgIds?.length || opts.unitIds?.length) {
    const change = { orgIds: opts.orgIds ?? [], unitIds: opts.unitIds ?? [] };
    created(await asRoot(t, (c) => c.post(`/api/v1/alliances/${a.id}/members`, change)), 'alliance members', 200);
  }
  return a.id;
}

/** A three-level project of an organisation (through POST /api/v1/projects); its id. */
export async function project(t: TestApp, orgId: string, allianceId: string | null, title = `项目${++seq}`, level: 'secretary' | 'branch' | 'member' = 'branch', over: Record<string, unknown> = {}) {
  const body = { title, level, orgId, allianceId, category: '环境美化', startOn: '2026-01-01', endOn: '2026-12-31', ...over };
  return created<{ id: string }>(await asRoot(t, (c) => c.post('/api/v1/projects', body)), `project ${title}`).id;
}

export interface World {
  A: Region;
  B: Region;
  org: Record<'yj' | 'yjb1' | 'lm' | 'lmb1' | 'other' | 'b1', Org>;
  allianceId: string;
  allianceB: string;
  admin: Client; // region admin of A
  coordinator: Client; // alliance coordinator of 五朵金花
  yjAdmin: Client; // org admin of 怡江
  lmAdmin: Client; // org admin of 绿梅
  bAdmin: Client; // region admin of B
}

/**
 * Two regions, an alliance in each and a sign-in per role:
 * Region A (孔浦): root ─┬─ 怡江社区党委 ── 怡江第一支部
 *                       ├─ 绿梅社区党委 ── 绿梅第一支部
 *                       └─ 其他党委 (not in the alliance)
 * Alliance 五朵金花 = {怡江, 绿梅}. Region B (白峰): root ── 白峰支部, its own alliance 临港联席会议.
 */
export async function world(t: TestApp): Promise<World> {
  const A = await region(t, '江北区孔浦街道');
  const B = await region(t, '白峰镇');
  const yj = await org(t, A.id, A.rootOrgId, '怡江社区党委', 'committee');
  const yjb1 = await org(t, A.id, yj.id, '怡江第一支部');
  const lm = await org(t, A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  const lmb1 = await org(t, A.id, lm.id, '绿梅第一支部');
  const other = await org(t, A.id, A.rootOrgId, '其他党委', 'committee');
  const b1 = await org(t, B.id, B.rootOrgId, '白峰支部');
  const allianceId = await alliance(t, A.id, { kind: 'cluster', name: '五朵金花', leadOrgId: A.rootOrgId, orgIds: [yj.id, lm.id] });
  const allianceB = await alliance(t, B.id, { kind: 'joint_meeting', name: '临港联席会议', leadOrgId: B.rootOrgId, orgIds: [b1.id] });
  return {
    A, B, org: { yj, yjb1, lm, lmb1, other, b1 }, allianceId, allianceB,
    admin: (await regionAdmin(t, A.id)).client,
    coordinator: (await coordinator(t, A.id, allianceId)).client,
    yjAdmin: (await orgAdmin(t, A.id, yj.id)).client,
    lmAdmin: (await orgAdmin(t, A.id, lm.id)).client,
    bAdmin: (await regionAdmin(t, B.id)).client,
  };
}

// ── reading back ──────────────────────────────────────────────────────────────────────────────────────────────

/** Rows of a table (optionally filtered). */
export async function count(t: TestApp, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [r] = await t.database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params);
  return Number(r.n);
}

/** An ISO time `minutes` from the test clock's now. */
export const at = (t: TestApp, minutes: number) => new Date(t.clock.now() + minutes * 60_000).toISOString();
