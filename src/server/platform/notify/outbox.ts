import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChannelKind, MessageKind } from '../../../shared/notify.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../context.ts';
import { uuidv7 } from '../ids.ts';
import { rowsOf } from '../rows.ts';
import { notifyChannels, notifyOutbox } from './schema.ts';
import { transportOf, type OutboundPayload, type Transport } from './transports.ts';

/**
 * The outbox: a row per thing to send and channel, written in the transaction that made the message, so nothing is
 * sent that was not committed and nothing committed is lost. The dispatcher claims due rows (FOR UPDATE SKIP LOCKED,
 * then a lease in `locked_until`: several processes never claim the same row at once), counts the attempt, sends,
 * and marks the row sent — or schedules the next attempt after an exponential backoff, `dead` after the last one.
 * At least once: a process that dies after sending and before marking sends again once the lease has passed; every
 * delivery carries the row id (Idempotency-Key, Message-ID) for the receiver to drop a repeat.
 */

export interface OutboxItem { regionId: string; kind: MessageKind; ref: string; payload: OutboundPayload }

/** Queues each item on every enabled channel of its region that carries its kind (once per channel and ref). */
export async function enqueue(db: DbOrTx, now: number, items: OutboxItem[]): Promise<number> {
  if (!items.length) return 0;
  const regions = [...new Set(items.map((i) => i.regionId))];
  const channels = await db.select({ regionId: notifyChannels.regionId, id: notifyChannels.id, kinds: notifyChannels.kinds })
    .from(notifyChannels).where(and(inArray(notifyChannels.regionId, regions), eq(notifyChannels.enabled, true)));
  if (!channels.length) return 0;
  const rows = items.flatMap((i) => channels.filter((c) => c.regionId === i.regionId && c.kinds.includes(i.kind)).map((c) => ({
    regionId: i.regionId, id: uuidv7(), channelId: c.id, ref: i.ref, payload: i.payload, nextAttemptAt: new Date(now), createdAt: new Date(now),
  })));
  let n = 0;
  for (let k = 0; k < rows.length; k += 500) {
    n += (await db.insert(notifyOutbox).values(rows.slice(k, k + 500)).onConflictDoNothing().returning({ id: notifyOutbox.id })).length;
  }
  return n;
}

export interface DispatchOptions {
  /** rows claimed per round (default 200) */
  batch?: number;
  /** deliveries in flight at once (default 16) */
  concurrency?: number;
  /** how long a claim holds a row: longer than a delivery's timeout (default 60 s) */
  leaseMs?: number;
  /** the first retry's delay; each next one doubles (default 30 s) */
  baseDelayMs?: number;
  /** the longest delay between attempts (default 1 h) */
  maxDelayMs?: number;
  /** attempts before a row is dead (default 8: about 2 hours of retries with the defaults) */
  maxAttempts?: number;
  /** the transport of a channel (tests and the bench may replace it) */
  transportFor?: (kind: ChannelKind, config: unknown) => Transport;
}

const DEFAULTS = { batch: 200, concurrency: 16, leaseMs: 60_000, baseDelayMs: 30_000, maxDelayMs: 3600_000, maxAttempts: 8 };

/** The delay before attempt `attempts + 1`, after `attempts` failed ones: base·2^(attempts−1), capped. */
export function backoffMs(attempts: number, o: { baseDelayMs: number; maxDelayMs: number }): number {
  return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

interface Claimed { region_id: string; id: string; channel_id: string; payload: OutboundPayload; attempts: number; kind: ChannelKind; config: unknown; updated_at: string }

export interface DispatchResult { claimed: number; sent: number; failed: number; dead: number }

/** The dispatcher of one process: `drain` sends what is due now, round after round, until nothing is. */
export class OutboxDispatcher {
  private readonly o: typeof DEFAULTS & Pick<DispatchOptions, 'transportFor'>;
  private readonly transports = new Map<string, Transport>();

  constructor(private readonly ctx: Ctx, opts: DispatchOptions = {}) {
    this.o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  }

  private transport(c: Claimed): Transport {
    const key = `${c.channel_id}:${c.updated_at}`;
    let t = this.transports.get(key);
    if (!t) {
      t = (this.o.transportFor ?? transportOf)(c.kind, c.config);
      this.transports.set(key, t);
    }
    return t;
  }

  /** Claims up to `batch` due rows of enabled channels and counts the attempt. */
  async claim(): Promise<Claimed[]> {
    const now = new Date(this.ctx.now());
    const lease = new Date(this.ctx.now() + this.o.leaseMs);
    return rowsOf<Claimed>(await this.ctx.db.execute(sql`
      with due as (
        select o.region_id, o.id from notify_outbox o
         where o.status = 'pending' and o.next_attempt_at <= ${now} and (o.locked_until is null or o.locked_until <= ${now})
           and exists (select 1 from notify_channels c where c.region_id = o.region_id and c.id = o.channel_id and c.enabled)
         order by o.next_attempt_at, o.id
         limit ${this.o.batch}
         for update skip locked)
      update notify_outbox o set locked_until = ${lease}, attempts = o.attempts + 1
        from due, notify_channels c
       where o.region_id = due.region_id and o.id = due.id and c.region_id = o.region_id and c.id = o.channel_id
      returning o.region_id, o.id, o.channel_id, o.payload, o.attempts, c.kind, c.config, c.updated_at::text as updated_at`));
  }

  /** One round: claim, send with bounded concurrency, record each outcome. */
  async round(): Promise<DispatchResult> {
    const rows = await this.claim();
    const r: DispatchResult = { claimed: rows.length, sent: 0, failed: 0, dead: 0 };
    const baseUrl = this.ctx.config.publicBaseUrl;
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        try {
          await this.transport(row).send({ id: row.id, payload: row.payload, baseUrl });
          await this.ctx.db.update(notifyOutbox).set({ status: 'sent', sentAt: new Date(this.ctx.now()), lockedUntil: null, lastError: null })
            .where(and(eq(notifyOutbox.regionId, row.region_id), eq(notifyOutbox.id, row.id)));
          r.sent++;
        } catch (e) {
          const error = ((e as Error).message || String(e)).split('\n')[0]!.slice(0, 500);
          const dead = row.attempts >= this.o.maxAttempts;
          await this.ctx.db.update(notifyOutbox).set({
            status: dead ? 'dead' : 'pending', lockedUntil: null, lastError: error,
            nextAttemptAt: new Date(this.ctx.now() + backoffMs(row.attempts, this.o)),
          }).where(and(eq(notifyOutbox.regionId, row.region_id), eq(notifyOutbox.id, row.id)));
          if (dead) r.dead++; else r.failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, rows.length) }, worker));
    return r;
  }

  /** Rounds until a round claims nothing (or `maxRounds`); the sums. */
  async drain(maxRounds = 100): Promise<DispatchResult> {
    const sum: DispatchResult = { claimed: 0, sent: 0, failed: 0, dead: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.round();
      for (const k of Object.keys(sum) as (keyof DispatchResult)[]) sum[k] += r[k];
      if (!r.claimed) break;
    }
    return sum;
  }
}
