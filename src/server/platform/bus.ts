/**
 * Messages between the server processes on one PostgreSQL database (WORKERS=N, or several hosts): what one process
 * changes, every other process's caches drop. PostgreSQL's LISTEN/NOTIFY carries them — no other service.
 *
 * - `subscribe(topic, fn)`: a cache of this process says what to drop when `topic` arrives (at module load).
 * - `broadcast(topic, data)`: runs this process's handlers at once, then NOTIFYs the others and waits until each
 *   of them has run its handlers and acknowledged (at most ACK_WAIT_MS): the answer to the request that changed
 *   something leaves only after every other process has dropped what it cached, so the client's next request, to
 *   whichever process, sees the change.
 * - `notifyIn(tx, topic, data)`: the same NOTIFY inside a transaction: PostgreSQL delivers it at the commit, with the
 *   change itself (platform/transaction.ts, for grant changes); the caller runs the local handlers after the commit
 *   and then awaits `settled()`, the acknowledgements.
 *
 * Acknowledgements: every listener answers each message with an `_ack` on the same channel; the sender waits for as
 * many as there are other listening connections (pg_stat_activity, application_name `lianjian-bus`). A process that
 * does not answer in time (its event loop stalled for a second) is waited for no longer; it logs nothing wrong, its
 * cached entries simply age out (5 s, platform/auth/sessions.ts).
 *
 * A process listens with one dedicated connection (`startBus`, by `lianjian start` on PostgreSQL). While that
 * connection is down `busLive()` is false — caches then read the database every time — and after it is back every
 * handler gets `reset` (a notification may have been missed). With no bus (PGlite, one process; the in-process
 * tests) broadcast only runs the local handlers. Notifications need a real session to the server: LISTEN does not
 * work through a transaction-mode pooler (PgBouncer): see docs/scaling.md.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';

export const BUS_CHANNEL = 'lianjian_bus';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes and more: such a message becomes a `reset`. */
const MAX_PAYLOAD = 7000;
/** This process: a process ignores its own notifications (its handlers ran when it sent them). */
const ORIGIN = randomUUID();
/** Longest a change waits for the other processes' acknowledgements. */
const ACK_WAIT_MS = 1_500;
const APP_NAME = 'lianjian-bus';

type Handler = (data: Record<string, unknown>) => void;
const handlers = new Map<string, Set<Handler>>();
const buses = new Set<Bus>();

/** Runs `fn` whenever `topic` is broadcast, by this process or another; `reset` when messages may have been lost. */
export function subscribe(topic: string, fn: Handler): () => void {
  let set = handlers.get(topic);
  if (!set) handlers.set(topic, set = new Set());
  set.add(fn);
  return () => { set.delete(fn); };
}

function deliver(topic: string, data: Record<string, unknown>) {
  for (const fn of handlers.get(topic) ?? []) {
    try { fn(data); } catch { /* a cache handler never stops the others */ }
  }
}

function payloadOf(id: string, topic: string, data: Record<string, unknown>): string {
  const p = JSON.stringify({ o: ORIGIN, i: id, t: topic, d: data });
  return p.length <= MAX_PAYLOAD ? p : JSON.stringify({ o: ORIGIN, i: id, t: 'reset', d: {} });
}

/** Messages of this process waiting for acknowledgements: id → the origins that have answered. */
const waiting = new Map<string, { from: Set<string>; wake: () => void }>();

/** A message sent (or to be sent with a commit); `settled()` resolves once the other processes have answered. */
export interface Sent { settled(): Promise<void>; cancel(): void }
const NOTHING: Sent = { settled: async () => {}, cancel: () => {} };

/** Registers `id` before it can be answered; the bus that counts the listeners does the waiting. */
function awaitAnswers(id: string, bus: Bus | undefined): Sent {
  if (!bus) return NOTHING;
  const entry = { from: new Set<string>(), wake: () => {} };
  waiting.set(id, entry);
  return {
    cancel: () => { waiting.delete(id); },
    settled: async () => {
      try {
        const others = (await bus.listening()) - 1;
        if (others <= 0) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ACK_WAIT_MS);
          timer.unref();
          entry.wake = () => { if (entry.from.size >= others) { clearTimeout(timer); resolve(); } };
          entry.wake();
        });
      } catch {
        // the count could not be read: the others' caches age out by themselves
      } finally {
        waiting.delete(id);
      }
    },
  };
}

/** The bus that waits for answers: one live bus of this process (there is one per server process). */
const liveBus = () => [...buses].find((b) => b.live);

/** This process's handlers now; every other process's before the promise settles (acknowledged, or ACK_WAIT_MS). */
export async function broadcast(topic: string, data: Record<string, unknown> = {}): Promise<void> {
  deliver(topic, data);
  await tellOthers(topic, data);
}

/**
 * Only the other processes (acknowledged, as broadcast): for a count the caller has already updated in its own
 * instance, where running this process's handlers would apply it to every app of the process (the tests build several).
 */
export async function tellOthers(topic: string, data: Record<string, unknown> = {}): Promise<void> {
  const bus = liveBus();
  if (!bus) return;
  const id = randomUUID();
  const sent = awaitAnswers(id, bus);
  if (await bus.send(payloadOf(id, topic, data))) await sent.settled(); else sent.cancel();
}

/**
 * Inside a transaction: the notification goes out with the commit (and not at all on a rollback: then `cancel()`).
 * Sent whether or not this process listens (a CLI command changing grants reaches the running servers); the caller
 * delivers locally after the commit, then awaits `settled()` (a process without a bus does not wait).
 */
export async function notifyIn(tx: DbOrTx, topic: string, data: Record<string, unknown> = {}): Promise<Sent> {
  const id = randomUUID();
  const sent = awaitAnswers(id, liveBus());
  try {
    await tx.execute(sql`select pg_notify(${BUS_CHANNEL}, ${payloadOf(id, topic, data)})`);
  } catch (e) {
    sent.cancel();
    throw e;
  }
  return sent;
}

/** False while a bus of this process has lost its connection: caches must not be trusted then. */
export function busLive(): boolean {
  for (const b of buses) if (!b.live) return false;
  return true;
}

/** How many processes listen on the database now (this one included). */
export async function listeners(database: Database): Promise<number> {
  const [r] = await database.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity
    where datname = current_database() and application_name = '${APP_NAME}'`);
  return Number(r?.n ?? 0);
}

export interface BusLog { warn(obj: object, msg: string): void; info(obj: object, msg: string): void }

/** The listening connection of one process, reconnecting (backoff up to 10 s) when it drops. */
export class Bus {
  live = false;
  private client: import('pg').default.Client | undefined;
  private closed = false;
  private retryMs = 250;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly url: string, private readonly database: Database, private readonly log?: BusLog) {}

  /** Connects and listens; throws when the first connection fails (the server does not start half-informed). */
  async start(): Promise<void> {
    await this.connect();
    buses.add(this);
  }

  private async connect(): Promise<void> {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: this.url, application_name: APP_NAME, connectionTimeoutMillis: 10_000 });
    c.on('notification', (n) => { if (n.channel === BUS_CHANNEL && n.payload) this.receive(n.payload); });
    c.on('error', () => this.lost(c));
    c.on('end', () => this.lost(c));
    await c.connect();
    try {
      await c.query(`listen ${BUS_CHANNEL}`);
    } catch (e) {
      await c.end().catch(() => {});
      throw e;
    }
    this.client = c;
    this.live = true;
    this.retryMs = 250;
  }

  private receive(payload: string) {
    let m: { o?: string; i?: string; t?: string; d?: Record<string, unknown> };
    try { m = JSON.parse(payload); } catch { return; }
    if (m.o === ORIGIN || typeof m.t !== 'string' || typeof m.o !== 'string') return;
    if (m.t === '_ack') {
      const w = waiting.get(String(m.d?.id));
      if (w) { w.from.add(m.o); w.wake(); }
      return;
    }
    deliver(m.t, m.d ?? {});
    // handled: the sender may answer its client now
    if (typeof m.i === 'string') void this.send(JSON.stringify({ o: ORIGIN, t: '_ack', d: { id: m.i } }));
  }

  /** The listening connections on this database now (this process's included). */
  listening(): Promise<number> { return listeners(this.database); }

  private lost(c: import('pg').default.Client) {
    if (this.client !== c) return;
    this.client = undefined;
    this.live = false;
    c.end().catch(() => {});
    if (this.closed) return;
    this.log?.warn({}, 'bus: the LISTEN connection dropped; caches read the database until it is back');
    this.retry();
  }

  private retry() {
    this.timer = setTimeout(() => {
      this.connect().then(() => {
        this.log?.info({}, 'bus: listening again');
        deliver('reset', {}); // whatever was sent meanwhile was missed
      }, () => {
        this.retryMs = Math.min(this.retryMs * 2, 10_000);
        if (!this.closed) this.retry();
      });
    }, this.retryMs);
    this.timer.unref();
  }

  /** NOTIFY through the app's pool (not the listening connection: a send must not wait for a reconnect). */
  async send(payload: string): Promise<boolean> {
    try {
      await this.database.query('select pg_notify($1, $2)', [BUS_CHANNEL, payload]);
      return true;
    } catch (e) {
      // the others keep their entries until the caches' own expiry (seconds): say so, never fail the request
      this.log?.warn({ err: (e as Error).message }, 'bus: a notification could not be sent');
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    buses.delete(this);
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    this.live = false;
    await c?.end().catch(() => {});
  }
}

/** Starts this process's bus on PostgreSQL (`url` is DATABASE_URL). */
export async function startBus(url: string, database: Database, log?: BusLog): Promise<Bus> {
  const b = new Bus(url, database, log);
  await b.start();
  return b;
}
