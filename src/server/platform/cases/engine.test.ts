import { describe, expect, it } from 'vitest';
import { addLimit, dueOf, isOverdue } from './engine.ts';

const bj = (s: string) => Date.parse(`${s}+08:00`);

describe('case engine clocks', () => {
  it('counts calendar days from the clock', () => {
    expect(new Date(addLimit(bj('2026-11-02T10:00:00'), { days: 30 })).toISOString()).toBe(new Date(bj('2026-12-02T10:00:00')).toISOString());
  });

  it('counts working days Monday to Friday in Beijing time, keeping the time of day', () => {
    // Friday 17:00 + 1 working day = Monday 17:00; + 2 = Tuesday
    expect(addLimit(bj('2026-11-27T17:00:00'), { days: 1, workingDays: true })).toBe(bj('2026-11-30T17:00:00'));
    expect(addLimit(bj('2026-11-27T17:00:00'), { days: 2, workingDays: true })).toBe(bj('2026-12-01T17:00:00'));
    // a dispatch on Saturday counts from Monday
    expect(addLimit(bj('2026-11-28T09:00:00'), { days: 1, workingDays: true })).toBe(bj('2026-12-01T09:00:00'));
    // ten working days are two weeks
    expect(addLimit(bj('2026-11-23T09:00:00'), { days: 10, workingDays: true })).toBe(bj('2026-12-07T09:00:00'));
    // 23:30 on a Friday in Beijing is still Friday (15:30 UTC)
    expect(addLimit(bj('2026-11-27T23:30:00'), { days: 1, workingDays: true })).toBe(bj('2026-11-30T23:30:00'));
  });

  it('adds an extension to the due time; no clock or no limit: no due time', () => {
    const from = new Date(bj('2026-11-01T09:00:00'));
    expect(dueOf({ days: 30 }, from, 30)?.getTime()).toBe(bj('2026-12-31T09:00:00'));
    expect(dueOf(undefined, from, 0)).toBeNull();
    expect(dueOf({ days: 3 }, null, 0)).toBeNull();
  });

  it('a case is overdue only while open and past its due time', () => {
    const due = new Date(bj('2026-11-10T09:00:00'));
    expect(isOverdue({ dueAt: due, closedAt: null }, bj('2026-11-10T09:00:01'))).toBe(true);
    expect(isOverdue({ dueAt: due, closedAt: null }, bj('2026-11-10T08:59:59'))).toBe(false);
    expect(isOverdue({ dueAt: due, closedAt: new Date() }, bj('2026-12-01T00:00:00'))).toBe(false);
    expect(isOverdue({ dueAt: null, closedAt: null }, bj('2026-12-01T00:00:00'))).toBe(false);
  });
});
