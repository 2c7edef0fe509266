import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Channel, ChannelCreate, ChannelKind, ChannelUpdate, MessageKind, OutboxEntry, OutboxQuery, OutboxStatus } from '../../../shared/notify.ts';
import { audit, type Actor } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { conflict, fieldError, invalid, notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { countAll, paginate, type Page } from '../pagination.ts';
import { assertHoldsIn, type Principal } from '../scope.ts';
import { transaction } from '../transaction.ts';
import { notifyChannels, notifyOutbox } from './schema.ts';
import type { EmailSettings, OutboundPayload, WebhookSettings } from './transports.ts';

/**
 * A region's outbound channels and its outbox, for the region's admins (`notify.manage` granted on the region) and
 * the platform admin. Another region's channel or letter answers the same 404 as a made-up id. The SMTP password is
 * stored but never answered (nor audited: `password` is a secret key for the audit writer).
 */

type Row = typeof notifyChannels.$inferSelect;

const assertManages = (p: Principal, regionId: string) => assertHoldsIn(p, 'notify.manage', regionId, { regionWide: true });

export function toChannel(r: Row): Channel {
  const c = r.config as Partial<WebhookSettings & EmailSettings>;
  return {
    id: r.id, regionId: r.regionId, name: r.name, kind: r.kind as ChannelKind, enabled: r.enabled, kinds: r.kinds as MessageKind[],
    webhook: r.kind === 'webhook' ? { url: c.url ?? '' } : null,
    email: r.kind === 'email' ? {
      host: c.host ?? '', port: c.port ?? 25, secure: c.secure ?? false, user: c.user ?? null, hasPassword: !!c.password, from: c.from ?? '', to: c.to ?? [],
    } : null,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

function configOf(kind: ChannelKind, b: { webhook?: WebhookSettings; email?: EmailSettings }, old?: Partial<EmailSettings>): object {
  if (kind === 'webhook') {
    if (!b.webhook) throw invalid([fieldError('webhook', 'NOTIFY_CONFIG_REQUIRED')]);
    return b.webhook;
  }
  if (!b.email) throw invalid([fieldError('email', 'NOTIFY_CONFIG_REQUIRED')]);
  return { ...b.email, password: b.email.password ?? old?.password };
}

export async function listChannels(ctx: Ctx, p: Principal, regionId: string): Promise<Channel[]> {
  assertManages(p, regionId);
  const rows = await ctx.db.select().from(notifyChannels).where(eq(notifyChannels.regionId, regionId)).orderBy(notifyChannels.createdAt, notifyChannels.id);
  return rows.map(toChannel);
}

async function channelById(ctx: Ctx, p: Principal, id: string): Promise<Row> {
  const [r] = await ctx.db.select().from(notifyChannels).where(eq(notifyChannels.id, id)).limit(1);
  if (!r) throw notFound();
  assertManages(p, r.regionId);
  return r;
}

export async function createChannel(ctx: Ctx, actor: Actor, b: z.output<typeof ChannelCreate>): Promise<Channel> {
  assertManages(actor.principal!, b.regionId);
  const other = b.kind === 'webhook' ? 'email' : 'webhook';
  if (b[other]) throw invalid([fieldError(other, 'NOTIFY_CONFIG_KIND', { kind: b.kind })]);
  const now = new Date(ctx.now());
  const row: Row = {
    regionId: b.regionId, id: uuidv7(), name: b.name, kind: b.kind, enabled: b.enabled, kinds: [...new Set(b.kinds)],
    config: configOf(b.kind, b), createdAt: now, updatedAt: now,
  };
  await transaction(ctx.db, async (tx) => {
    await tx.insert(notifyChannels).values(row);
    await audit(tx, actor, { regionId: row.regionId, action: 'notify_channel.create', entityType: 'notify_channel', entityId: row.id, after: toChannel(row) });
  });
  return toChannel(row);
}

export async function updateChannel(ctx: Ctx, actor: Actor, id: string, b: z.output<typeof ChannelUpdate>): Promise<Channel> {
  const old = await channelById(ctx, actor.principal!, id);
  const kind = old.kind as ChannelKind;
  const other = kind === 'webhook' ? 'email' : 'webhook';
  if (b[other]) throw invalid([fieldError(other, 'NOTIFY_CONFIG_KIND', { kind })]);
  const next: Row = {
    ...old, name: b.name ?? old.name, enabled: b.enabled ?? old.enabled, kinds: b.kinds ? [...new Set(b.kinds)] : old.kinds,
    config: b[kind] ? configOf(kind, b, old.config as Partial<EmailSettings>) : old.config, updatedAt: new Date(ctx.now()),
  };
  await transaction(ctx.db, async (tx) => {
    await tx.update(notifyChannels).set({ name: next.name, enabled: next.enabled, kinds: next.kinds, config: next.config, updatedAt: next.updatedAt })
      .where(and(eq(notifyChannels.regionId, old.regionId), eq(notifyChannels.id, id)));
    await audit(tx, actor, { regionId: old.regionId, action: 'notify_channel.update', entityType: 'notify_channel', entityId: id, before: toChannel(old), after: toChannel(next) });
  });
  return toChannel(next);
}

/** Removes a channel and its letters (sent, pending and dead alike). */
export async function deleteChannel(ctx: Ctx, actor: Actor, id: string): Promise<{ ok: true }> {
  const old = await channelById(ctx, actor.principal!, id);
  await transaction(ctx.db, async (tx) => {
    await tx.delete(notifyChannels).where(and(eq(notifyChannels.regionId, old.regionId), eq(notifyChannels.id, id)));
    await audit(tx, actor, { regionId: old.regionId, action: 'notify_channel.delete', entityType: 'notify_channel', entityId: id, before: toChannel(old) });
  });
  return { ok: true };
}

// ── the outbox as the admin sees it ─────────────────────────────────────────────

const outboxCols = {
  regionId: notifyOutbox.regionId, id: notifyOutbox.id, channelId: notifyOutbox.channelId, status: notifyOutbox.status,
  payload: notifyOutbox.payload, attempts: notifyOutbox.attempts, nextAttemptAt: notifyOutbox.nextAttemptAt, lastError: notifyOutbox.lastError,
  createdAt: notifyOutbox.createdAt, sentAt: notifyOutbox.sentAt, channelName: notifyChannels.name, channelKind: notifyChannels.kind,
};
type OutboxRow = { [K in keyof typeof outboxCols]: (typeof outboxCols)[K]['_']['data'] | null };

const toEntry = (r: OutboxRow): OutboxEntry => ({
  id: r.id!, regionId: r.regionId!, channelId: r.channelId!, channelName: r.channelName, channelKind: r.channelKind as ChannelKind | null,
  status: r.status as OutboxStatus, title: (r.payload as OutboundPayload | null)?.title ?? '', attempts: r.attempts ?? 0,
  nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt?.toISOString() ?? null : null, lastError: r.lastError,
  createdAt: r.createdAt!.toISOString(), sentAt: r.sentAt?.toISOString() ?? null,
});

/** The region's letters of one status (dead by default: the dead-letter list), newest first. */
export async function listOutbox(ctx: Ctx, p: Principal, q: z.output<typeof OutboxQuery>): Promise<Page<OutboxEntry>> {
  assertManages(p, q.regionId);
  const cond = and(eq(notifyOutbox.regionId, q.regionId), eq(notifyOutbox.status, q.status));
  return paginate(q,
    ctx.db.select(outboxCols).from(notifyOutbox)
      .leftJoin(notifyChannels, and(eq(notifyChannels.regionId, notifyOutbox.regionId), eq(notifyChannels.id, notifyOutbox.channelId)))
      .where(cond).orderBy(desc(notifyOutbox.createdAt), desc(notifyOutbox.id)),
    ctx.db.select({ n: countAll }).from(notifyOutbox).where(cond), (r) => toEntry(r as OutboxRow));
}

/** A dead letter back in the queue, due now, with its attempts counted afresh. Only a dead one (409 otherwise). */
export async function retryLetter(ctx: Ctx, actor: Actor, id: string): Promise<OutboxEntry> {
  const [r] = await ctx.db.select(outboxCols).from(notifyOutbox)
    .leftJoin(notifyChannels, and(eq(notifyChannels.regionId, notifyOutbox.regionId), eq(notifyChannels.id, notifyOutbox.channelId)))
    .where(eq(notifyOutbox.id, id)).limit(1);
  if (!r) throw notFound();
  assertManages(actor.principal!, r.regionId);
  if (r.status !== 'dead') throw conflict('NOTIFY_NOT_DEAD');
  const next = { ...r, status: 'pending', attempts: 0, nextAttemptAt: new Date(ctx.now()) };
  await transaction(ctx.db, async (tx) => {
    await tx.update(notifyOutbox).set({ status: 'pending', attempts: 0, nextAttemptAt: next.nextAttemptAt, lockedUntil: null })
      .where(and(eq(notifyOutbox.regionId, r.regionId), eq(notifyOutbox.id, id), eq(notifyOutbox.status, 'dead')));
    await audit(tx, actor, { regionId: r.regionId, action: 'notify_outbox.retry', entityType: 'notify_outbox', entityId: id, before: { status: 'dead', attempts: r.attempts, lastError: r.lastError } });
  });
  return toEntry(next as OutboxRow);
}
