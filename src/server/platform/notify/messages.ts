import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Message, MessageKind, MessageListQuery } from '../../../shared/notify.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { countAll, paginate, type Page } from '../pagination.ts';
import type { Principal } from '../scope.ts';
import { enqueue } from './outbox.ts';
import { notifyMessages } from './schema.ts';

/**
 * A user's own messages. There is no scope to check beyond "mine": every query names `user_id = the caller`, so a
 * message of someone else answers the same 404 as a made-up id. Marking read writes no audit row (it changes
 * nothing anyone else sees).
 */

type Row = typeof notifyMessages.$inferSelect;

const toMessage = (r: Row): Message => ({
  id: r.id, regionId: r.regionId, kind: r.kind as MessageKind, title: r.title, body: r.body, href: r.href,
  senderName: r.senderName, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null,
});

export async function listMessages(ctx: Ctx, p: Principal, q: z.output<typeof MessageListQuery>): Promise<Page<Message>> {
  const where: SQL[] = [eq(notifyMessages.userId, p.id)];
  if (q.unread) where.push(isNull(notifyMessages.readAt));
  if (q.kind) where.push(eq(notifyMessages.kind, q.kind));
  const cond = and(...where);
  return paginate(q,
    ctx.db.select().from(notifyMessages).where(cond).orderBy(desc(notifyMessages.createdAt), desc(notifyMessages.id)),
    ctx.db.select({ n: countAll }).from(notifyMessages).where(cond), toMessage);
}

export async function unreadCount(ctx: Ctx, p: Principal): Promise<{ count: number }> {
  const [r] = await ctx.db.select({ n: countAll }).from(notifyMessages).where(and(eq(notifyMessages.userId, p.id), isNull(notifyMessages.readAt)));
  return { count: Number(r?.n ?? 0) };
}

/** Marks one of my messages read (again: no change); 404 for anyone else's or a made-up id. */
export async function markRead(ctx: Ctx, p: Principal, id: string): Promise<Message> {
  const [r] = await ctx.db.update(notifyMessages).set({ readAt: sql`coalesce(${notifyMessages.readAt}, ${new Date(ctx.now())})` })
    .where(and(eq(notifyMessages.userId, p.id), eq(notifyMessages.id, id))).returning();
  if (!r) throw notFound();
  return toMessage(r);
}

export async function markAllRead(ctx: Ctx, p: Principal): Promise<{ updated: number }> {
  const rows = await ctx.db.update(notifyMessages).set({ readAt: new Date(ctx.now()) })
    .where(and(eq(notifyMessages.userId, p.id), isNull(notifyMessages.readAt))).returning({ id: notifyMessages.id });
  return { updated: rows.length };
}

/** A message to write: to whom, in which region, what. `itemKey` makes it unique per user (reminders). */
export interface NewMessage {
  regionId: string;
  userId: string;
  kind: MessageKind;
  title: string;
  body?: string;
  href?: string | null;
  noticeId?: string | null;
  itemKey?: string | null;
  senderName?: string | null;
  /** the recipient's name, for an outbound channel (a group robot says whom a reminder is for) */
  userName?: string | null;
}

const CHUNK = 500;

/**
 * Writes messages (a reminder already written for the same item key is skipped) and, for reminders, their outbox
 * rows on the region's channels, in the caller's transaction. Answers how many were new.
 */
export async function writeMessages(db: DbOrTx, now: number, list: NewMessage[]): Promise<number> {
  let made = 0;
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    const rows = chunk.map((m) => ({
      regionId: m.regionId, id: uuidv7(), userId: m.userId, kind: m.kind, title: m.title, body: m.body ?? '', href: m.href ?? null,
      noticeId: m.noticeId ?? null, itemKey: m.itemKey ?? null, senderName: m.senderName ?? null, createdAt: new Date(now),
    }));
    const inserted = await db.insert(notifyMessages).values(rows).onConflictDoNothing().returning({ id: notifyMessages.id });
    made += inserted.length;
    const ids = new Set(inserted.map((r) => r.id));
    const reminders = rows.map((r, k) => ({ r, m: chunk[k] })).filter(({ r, m }) => ids.has(r.id) && m.kind === 'reminder');
    if (reminders.length) {
      await enqueue(db, now, reminders.map(({ r, m }) => ({
        regionId: r.regionId, kind: 'reminder', ref: `message:${r.id}`,
        payload: { kind: 'reminder', title: r.title, body: r.body, href: r.href, to: m.userName ?? null },
      })));
    }
  }
  return made;
}
