import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { BigScreenQuery, KioskLink, KioskLinkCreate, KioskScreen } from '../../../shared/kiosk.ts';
import { audit, type Actor } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Locale } from '../messages.ts';
import { newPublicToken, PUBLIC_TOKEN_RE } from '../public-links.ts';
import { users } from '../schema.ts';
import { holdsAnywhere, type Principal } from '../scope.ts';
import { transaction } from '../transaction.ts';
import { rowsOf } from '../rows.ts';
import { canOnLevel, findLevel, kioskPrincipal, permissionsOnLevel, type FigureLevel, type LevelKind } from './level.ts';
import { kioskLinks } from './schema.ts';
import { bigScreenOf } from './screen.ts';

type Row = typeof kioskLinks.$inferSelect;

async function linkView(ctx: Ctx, r: Row, names?: Map<string, string>): Promise<KioskLink> {
  const level = await findLevel(ctx, { regionId: r.regionId, scopeKind: r.scopeKind as LevelKind, scopeId: r.scopeId }).catch(() => null);
  let createdByName = r.createdBy ? names?.get(r.createdBy) ?? null : null;
  if (r.createdBy && !names) {
    const [u] = await ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, r.createdBy)).limit(1);
    createdByName = u?.name ?? null;
  }
  return {
    id: r.id, regionId: r.regionId, scopeKind: r.scopeKind as LevelKind, scopeId: r.scopeId, scopeName: level?.name ?? '', name: r.name,
    keys: r.keys ?? null, period: r.period, active: r.active, path: r.active ? `/kiosk/${r.token}` : null,
    createdAt: r.createdAt.toISOString(), createdByName, revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

/** The level of a kiosk query or body, when the caller may manage kiosk links there; else 404 (as a made-up level). */
async function managedLevel(ctx: Ctx, p: Principal, q: { regionId: string; scopeKind: LevelKind; scopeId?: string }): Promise<FigureLevel> {
  const level = await findLevel(ctx, q);
  if (!canOnLevel(p, 'kiosk.manage', level)) throw notFound();
  return level;
}

/**
 * Create a kiosk link for a level: the caller needs kiosk.manage on the whole level. The link reads with the
 * permissions the caller holds there now (never more), until it is revoked.
 */
export async function createKioskLink(ctx: Ctx, actor: Actor, body: z.infer<typeof KioskLinkCreate>): Promise<KioskLink> {
  const p = actor.principal!;
  const level = await managedLevel(ctx, p, body);
  const permissions = permissionsOnLevel(p, level);
  const row = await transaction(ctx.db, async (tx) => {
    const [r] = await tx.insert(kioskLinks).values({
      regionId: level.regionId, id: uuidv7(), scopeKind: level.kind, scopeId: level.id, name: body.name, keys: body.keys?.length ? body.keys : null,
      period: body.period, permissions, token: newPublicToken(), createdBy: p.id, createdAt: new Date(ctx.now()),
    }).returning();
    await audit(tx, actor, {
      regionId: level.regionId, action: 'kiosk.create', entityType: 'kiosk_link', entityId: r.id,
      after: { name: r.name, scopeKind: r.scopeKind, scopeId: r.scopeId, keys: r.keys, period: r.period, permissions },
    });
    return r;
  });
  return linkView(ctx, row);
}

/** The region's kiosk links whose level the caller may manage, newest first (revoked ones too). */
export async function listKioskLinks(ctx: Ctx, p: Principal, regionId: string): Promise<KioskLink[]> {
  if (!holdsAnywhere(p, 'kiosk.manage')) return [];
  const rows = await ctx.db.select().from(kioskLinks).where(eq(kioskLinks.regionId, regionId)).orderBy(desc(kioskLinks.createdAt), desc(kioskLinks.id)).limit(500);
  const out: KioskLink[] = [];
  const creators = [...new Set(rows.map((r) => r.createdBy).filter((x): x is string => !!x))];
  const names = new Map<string, string>();
  if (creators.length) {
    const us = await rowsOf<{ id: string; display_name: string }>(await ctx.db.execute(sql`select id, display_name from users where id in (${sql.join(creators.map((c) => sql`${c}::uuid`), sql`, `)})`));
    for (const u of us) names.set(u.id, u.display_name);
  }
  for (const r of rows) {
    const level = await findLevel(ctx, { regionId: r.regionId, scopeKind: r.scopeKind as LevelKind, scopeId: r.scopeId }).catch(() => null);
    if (level && canOnLevel(p, 'kiosk.manage', level)) out.push(await linkView(ctx, r, names));
  }
  return out;
}

/** Revoke a kiosk link: its token answers 404 from the next request on, in every process (it is read every time). */
export async function revokeKioskLink(ctx: Ctx, actor: Actor, id: string): Promise<KioskLink> {
  const p = actor.principal!;
  const [r] = await ctx.db.select().from(kioskLinks).where(eq(kioskLinks.id, id)).limit(1);
  if (!r) throw notFound();
  await managedLevel(ctx, p, { regionId: r.regionId, scopeKind: r.scopeKind as LevelKind, scopeId: r.scopeId });
  if (!r.active) return linkView(ctx, r);
  const row = await transaction(ctx.db, async (tx) => {
    const [u] = await tx.update(kioskLinks).set({ active: false, revokedAt: new Date(ctx.now()), revokedBy: p.id })
      .where(and(eq(kioskLinks.regionId, r.regionId), eq(kioskLinks.id, id), eq(kioskLinks.active, true))).returning();
    if (!u) return null;
    await audit(tx, actor, { regionId: r.regionId, action: 'kiosk.revoke', entityType: 'kiosk_link', entityId: id, before: { active: true }, after: { active: false } });
    return u;
  });
  const [now] = row ? [row] : await ctx.db.select().from(kioskLinks).where(and(eq(kioskLinks.regionId, r.regionId), eq(kioskLinks.id, id)));
  return linkView(ctx, now);
}

/** The big screen of a level for a signed-in reader (what they may read there). */
export async function bigScreen(ctx: Ctx, p: Principal, q: z.infer<typeof BigScreenQuery>, locale: Locale) {
  const level = await findLevel(ctx, q);
  const keys = q.keys ? q.keys.split(',').map((k) => k.trim()).filter(Boolean) : null;
  return bigScreenOf(ctx, p, level, keys, locale, q.period);
}

/** A kiosk link's big screen (no sign-in): a made-up, malformed or revoked token answers the same 404. */
export async function kioskScreen(ctx: Ctx, token: string, locale: Locale): Promise<KioskScreen> {
  if (!PUBLIC_TOKEN_RE.test(token)) throw notFound();
  const [r] = await ctx.db.select().from(kioskLinks).where(and(eq(kioskLinks.token, token), eq(kioskLinks.active, true))).limit(1);
  if (!r) throw notFound();
  const level = await findLevel(ctx, { regionId: r.regionId, scopeKind: r.scopeKind as LevelKind, scopeId: r.scopeId });
  const screen = await bigScreenOf(ctx, kioskPrincipal(r.id, level, r.permissions), level, r.keys, locale, r.period);
  return { ...screen, name: r.name };
}
