import { describe, expect, it } from 'vitest';
import { ProgressRegistry } from './progress.ts';

describe('job progress', () => {
  it('reports rows to the user who started the job only, never 100 % before the end, and forgets old jobs', () => {
    let now = 0;
    const jobs = new ProgressRegistry(() => now);
    const job = jobs.start('u1', 'job-1', 101);
    job.row(40);
    expect(jobs.get('u1', 'job-1')).toEqual({ rows: 40, total: 101, done: false });
    expect(jobs.get('u2', 'job-1')).toBeUndefined();
    expect(jobs.get('u1', 'job-2')).toBeUndefined();
    job.row(101); // more rows than the sheet declared: the total stays ahead until the end
    expect(jobs.get('u1', 'job-1')).toEqual({ rows: 101, total: 102, done: false });
    job.end();
    expect(jobs.get('u1', 'job-1')).toEqual({ rows: 101, total: 101, done: true });
    now += 11 * 60_000;
    expect(jobs.get('u1', 'job-1')).toBeUndefined();
  });
});
