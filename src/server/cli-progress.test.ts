import { describe, expect, it } from 'vitest';
import { duration, progressLine } from './cli-progress.ts';

function sink(isTTY: boolean) {
  const out = { isTTY, text: '', write(s: string) { this.text += s; return true; } };
  return out;
}

describe('progress of long CLI work', () => {
  it('on a terminal: one line rewritten in place with rows, percent and time left, cleared at the end', () => {
    let now = 0;
    const out = sink(true);
    const bar = progressLine(out, () => now);
    bar.update('Restoring', 0, 40_000);
    now = 10_000;
    bar.update('Restoring', 10_000, 40_000);
    expect(out.text).toContain('\r\x1b[2KRestoring: 10,000 of 40,000 rows, 25% (about 30 s left)');
    expect(out.text).not.toContain('\n');
    bar.end();
    expect(out.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('off a terminal: a plain line every tenth of the work, no carriage returns', () => {
    let now = 0;
    const out = sink(false);
    const bar = progressLine(out, () => now);
    for (let i = 0; i <= 1000; i++) { now += 10; bar.update('Reading the database', i, 1000); }
    const lines = out.text.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('Reading the database: 0 of 1,000 rows, 0%');
    expect(lines[10]).toBe('Reading the database: 1,000 of 1,000 rows, 100%');
    expect(out.text).not.toContain('\r');
  });

  it('an unknown total shows the rows alone', () => {
    const out = sink(false);
    progressLine(out, () => 0).update('Importing', 5, 0);
    expect(out.text).toBe('Importing: 5 rows\n');
    expect(duration(3_725_000)).toBe('1 h 02 min');
  });
});
