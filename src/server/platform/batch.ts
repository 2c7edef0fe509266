/**
 * Group calls into one: the calls made in the same turn of the event loop — and those that arrive while
 * earlier batches are still running — go to the database as one statement. Under a burst (500 members starting
 * a quiz within a second) that turns hundreds of statements, each with its own round trip, plan and commit,
 * into a few dozen; with no burst a call waits for nothing but the current turn.
 *
 * `run` gets the items and returns one result per item, in order. When a batch of several fails, each item is
 * tried alone, so one bad item fails only its own call.
 */
export interface BatchOptions {
  /** most items in one batch */
  maxBatch?: number;
  /** batches running at once; more calls wait and join the next batch */
  maxInFlight?: number;
}

interface Pending<I, O> { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }

export function batcher<I, O>(run: (items: I[]) => Promise<O[]>, opts: BatchOptions = {}): (item: I) => Promise<O> {
  const maxBatch = opts.maxBatch ?? 250;
  const maxInFlight = opts.maxInFlight ?? 2;
  const queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = async (batch: Pending<I, O>[]) => {
    try {
      const out = await run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]));
    } catch (e) {
      if (batch.length === 1) { batch[0].reject(e); return; }
      for (const b of batch) await settle([b]);
    }
  };

  const pump = () => {
    scheduled = false;
    while (queue.length && inFlight < maxInFlight) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        if (queue.length) schedule();
      });
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };

  return (item: I) => new Promise<O>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    schedule();
  });
}

/** One batcher per key (say, per competition), made on first use; idle ones are forgotten past `max` keys. */
export function keyedBatcher<I, O>(make: (key: string) => (items: I[]) => Promise<O[]>, opts: BatchOptions & { max?: number } = {}) {
  const byKey = new Map<string, (item: I) => Promise<O>>();
  return (key: string, item: I): Promise<O> => {
    let b = byKey.get(key);
    if (!b) {
      if (byKey.size >= (opts.max ?? 1000)) byKey.clear();
      b = batcher(make(key), opts);
      byKey.set(key, b);
    }
    return b(item);
  };
}
