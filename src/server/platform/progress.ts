/**
 * How far a long request has got (a roster import reading its rows), for the web app to poll while it waits: the
 * client names the job with an id of its own (a uuid sent with the request), the service reports rows as it reads
 * them, and `GET …/progress/:id` answers the caller's own job. In-process: with several app processes behind one
 * address a poll may reach another process and get 404, which the web shows as "processing" without a count.
 */
import { notFound } from './errors.ts';

export interface JobProgress { rows: number; total: number; done: boolean }

interface Entry extends JobProgress { userId: string; touched: number }

const KEEP_MS = 10 * 60_000;
const MAX_JOBS = 1000;

export class ProgressRegistry {
  private jobs = new Map<string, Entry>();
  constructor(private readonly now: () => number) {}

  /** Starts job `id` of `userId` (of `total` rows when known, 0 otherwise) and returns its reporter. */
  start(userId: string, id: string, total: number): { row: (rows: number) => void; end: () => void } {
    this.purge();
    const e: Entry = { userId, rows: 0, total, done: false, touched: this.now() };
    this.jobs.set(id, e);
    return {
      // a sheet's declared size counts its title and header rows: never more than 99 % before the end
      row: (rows) => { e.rows = rows; if (e.total && rows >= e.total) e.total = rows + 1; e.touched = this.now(); },
      end: () => { e.done = true; e.total = e.rows; e.touched = this.now(); },
    };
  }

  /** The job's progress, only for the user who started it (anyone else: undefined, as for an unknown id). */
  get(userId: string, id: string): JobProgress | undefined {
    const e = this.jobs.get(id);
    if (!e || e.userId !== userId || this.now() - e.touched > KEEP_MS) return undefined;
    return { rows: e.rows, total: e.total, done: e.done };
  }

  /** As `get`, or 404 NOT_FOUND (someone else's job answers as an unknown id). */
  find(userId: string, id: string): JobProgress {
    const p = this.get(userId, id);
    if (!p) throw notFound();
    return p;
  }

  private purge() {
    const now = this.now();
    for (const [id, e] of this.jobs) if (now - e.touched > KEEP_MS) this.jobs.delete(id);
    // a client that invents ids cannot grow the map without bound
    while (this.jobs.size >= MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
  }
}
