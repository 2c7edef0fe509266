import { describe, expect, it } from 'vitest';
import { batcher, keyedBatcher } from './batch.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('batcher', () => {
  it('runs the calls of one turn as one batch and answers each in order', async () => {
    const seen: number[][] = [];
    const double = batcher(async (xs: number[]) => { seen.push(xs); return xs.map((x) => x * 2); });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(seen).toEqual([[1, 2, 3]]);
  });

  it('calls arriving while batches run wait and go together in the next one', async () => {
    const seen: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const b = batcher(async (xs: number[]) => { seen.push(xs); await gate; return xs; }, { maxInFlight: 1 });
    const first = b(1);
    await tick();
    const later = [b(2), b(3), b(4)];
    await tick();
    expect(seen).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps batches within maxBatch', async () => {
    const sizes: number[] = [];
    const b = batcher(async (xs: number[]) => { sizes.push(xs.length); return xs; }, { maxBatch: 4, maxInFlight: 10 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => b(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('when a batch fails, each item is tried alone: only the bad one fails', async () => {
    const b = batcher(async (xs: number[]) => { if (xs.includes(13)) throw new Error('bad item'); return xs.map((x) => x + 1); });
    const results = await Promise.allSettled([1, 13, 2].map(b));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ value: 2 });
    expect(results[1]).toMatchObject({ reason: new Error('bad item') });
    expect(results[2]).toMatchObject({ value: 3 });
  });

  it('keyed: calls for different keys never share a batch', async () => {
    const seen: string[][] = [];
    const b = keyedBatcher((key: string) => async (xs: string[]) => { seen.push(xs.map((x) => `${key}:${x}`)); return xs; });
    await Promise.all([b('a', '1'), b('b', '2'), b('a', '3')]);
    expect(seen.sort()).toEqual([['a:1', 'a:3'], ['b:2']]);
  });
});
