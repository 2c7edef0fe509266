import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import { verifyBackup } from '../db/backup.ts';
import {
  BackupScheduler, backupFileName, expired, HISTORY_FILE, nextRun, parseBackupFileName, parseRetention, parseSchedule,
} from './backup-schedule.ts';

const H = 3600_000;
const D = 24 * H;
const at = (iso: string) => Date.parse(iso);

describe('schedule and retention rules', () => {
  it('reads BACKUP_SCHEDULE and BACKUP_RETENTION, and refuses what it cannot read', () => {
    expect(parseSchedule('02:00')).toEqual([120]);
    expect(parseSchedule('14:30, 2:00')).toEqual([120, 870]);
    for (const bad of ['', '24:00', '2am', '02:60', ',']) expect(() => parseSchedule(bad), bad).toThrow(/BACKUP_SCHEDULE/);
    expect(parseRetention('7d,4w,12m')).toEqual({ daily: 7, weekly: 4, monthly: 12 });
    expect(parseRetention('30d')).toEqual({ daily: 30, weekly: 0, monthly: 0 });
    for (const bad of ['', '0d', '7', '7y', '7d;4w']) expect(() => parseRetention(bad), bad).toThrow(/BACKUP_RETENTION/);
  });

  it('runs at the time of day in Asia/Shanghai (UTC+8), the next day once it has passed', () => {
    // 02:00 in Shanghai is 18:00 UTC the day before
    expect(new Date(nextRun(at('2026-11-25T02:00:00Z'), [120])).toISOString()).toBe('2026-11-25T18:00:00.000Z');
    expect(new Date(nextRun(at('2026-11-25T17:59:59Z'), [120])).toISOString()).toBe('2026-11-25T18:00:00.000Z');
    expect(new Date(nextRun(at('2026-11-25T18:00:00Z'), [120])).toISOString()).toBe('2026-11-26T18:00:00.000Z');
    expect(new Date(nextRun(at('2026-11-25T18:00:00Z'), [120, 870])).toISOString()).toBe('2026-11-26T06:30:00.000Z');
    // names carry Shanghai wall time and read back to the same instant
    expect(backupFileName(at('2026-11-25T18:00:00Z'))).toBe('lianjian-2026-11-26T020000.jsonl.gz');
    expect(parseBackupFileName('lianjian-2026-11-26T020000.jsonl.gz')).toBe(at('2026-11-25T18:00:00Z'));
    for (const other of ['lianjian-2026-11-26T020000.jsonl.gz.bak', 'my.jsonl.gz', 'lianjian-2026-13-01T020000.jsonl.gz', HISTORY_FILE]) {
      expect(parseBackupFileName(other), other).toBeNull();
    }
  });

  it('7d,4w,12m keeps the newest backup of each of the 7 latest days, 4 latest ISO weeks and 12 latest months', () => {
    // a backup every day at 02:00 Shanghai for 400 days, and a second one on the last day at 14:00
    const last = at('2026-11-25T18:00:00Z'); // Thursday 2026-11-26 02:00 in Shanghai
    const all = Array.from({ length: 400 }, (_, i) => last - i * D).map((t) => ({ name: backupFileName(t), at: t }));
    all.push({ name: backupFileName(last + 12 * H), at: last + 12 * H });
    const gone = new Set(expired(all, { daily: 7, weekly: 4, monthly: 12 }));
    const kept = all.filter((b) => !gone.has(b.name)).map((b) => b.name.slice(9, 19)).sort();
    expect(kept).toEqual([
      // 12 months: the last day of each month (the newest backup in it), November's newest being today
      '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31',
      '2026-08-31', '2026-09-30', '2026-10-31',
      // 4 weeks: the Sundays ending the ISO weeks before this one (this week's newest is today)
      '2026-11-08', '2026-11-15',
      // 7 days, 2026-11-20..26 (2026-11-22 is also a week's Sunday)
      '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26',
    ]);
    // of the two backups of the last day only the newer stays
    expect(gone.has(backupFileName(last))).toBe(true);
    expect(gone.has(backupFileName(last + 12 * H))).toBe(false);
  });

  it('counts days that have a backup: after a week without one, the last good ones stay', () => {
    const t0 = at('2026-11-01T18:00:00Z');
    const few = [0, 1, 2].map((i) => ({ name: backupFileName(t0 + i * D), at: t0 + i * D }));
    expect(expired(few, { daily: 2, weekly: 0, monthly: 0 })).toEqual([backupFileName(t0)]);
    expect(expired(few, { daily: 7, weekly: 0, monthly: 0 })).toEqual([]);
    expect(expired([], { daily: 7, weekly: 4, monthly: 12 })).toEqual([]);
  });
});

describe('scheduled backups in the running server', () => {
  let t: TestApp;
  let dir: string;
  const logged: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const log = {
    info: (obj: object, msg: string) => { logged.push({ level: 'info', msg, obj: obj as Record<string, unknown> }); },
    error: (obj: object, msg: string) => { logged.push({ level: 'error', msg, obj: obj as Record<string, unknown> }); },
  };
  let scheduler: BackupScheduler;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-sched-'));
    t = await testApp({ backupDir: dir, backupSchedule: '02:00', backupRetention: '2d' });
    const region = await t.region('孔浦街道');
    for (let i = 0; i < 40; i++) await t.org(region.id, region.rootOrgId, `第${i + 1}支部`);
    // the scheduler the app made from the config, but with our log and small chunks
    scheduler = new BackupScheduler({
      database: t.database, dir, now: t.clock.now, log, times: parseSchedule('02:00'), retention: parseRetention('2d'), chunkRows: 7,
    });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs when its time comes (not before), verifies the file, and retention deletes only older scheduled backups', async () => {
    // clock: 2026-11-25T02:00Z = 10:00 in Shanghai; earlier scheduled backups of the two days before, and files
    // that are not scheduled backups (an operator's copy, a renamed one): retention never touches those
    const older = [at('2026-11-22T18:00:00Z'), at('2026-11-23T18:00:00Z'), at('2026-11-24T06:00:00Z'), at('2026-11-24T18:00:00Z')].map(backupFileName);
    for (const f of older) fs.writeFileSync(path.join(dir, f), 'old');
    const foreign = ['before-upgrade.jsonl.gz', `${older[0]}.keep`];
    for (const f of foreign) fs.writeFileSync(path.join(dir, f), 'mine');

    expect(await scheduler.tick()).toBeNull(); // 10:00 in Shanghai: not due until 02:00 tomorrow
    t.clock.advance(16 * H - 1);
    expect(await scheduler.tick()).toBeNull();
    expect(fs.readdirSync(dir).filter((f) => parseBackupFileName(f) !== null).sort()).toEqual([...older].sort());

    t.clock.advance(1); // 2026-11-25T18:00Z = 02:00 on the 26th in Shanghai
    const run = await scheduler.tick();
    expect(run).toMatchObject({ status: 'ok', file: 'lianjian-2026-11-26T020000.jsonl.gz' });
    expect(run!.error).toBeUndefined();
    const info = await verifyBackup(path.join(dir, run!.file));
    const [{ n }] = await t.database.query<{ n: number }>('select count(*)::int as n from orgs');
    expect(info.tables.orgs).toBe(n);
    expect(run!.rows).toBe(info.total);
    // 2d: the newest of the two latest days with a backup (the 26th: this one; the 25th: 02:00) stay
    expect(run!.deleted?.sort()).toEqual([older[0], older[1], older[2]].sort());
    expect(fs.readdirSync(dir).sort()).toEqual([...foreign, older[3], run!.file, HISTORY_FILE].sort());
    expect(logged.find((l) => l.msg === 'scheduled backup written and verified')).toBeDefined();

    // and the next one is due a day later, not at once
    expect(await scheduler.tick()).toBeNull();
    expect(scheduler.status().nextRunAt).toBe('2026-11-26T18:00:00.000Z');
  });

  it('a backup that fails is recorded with its reason and logged, and deletes nothing', async () => {
    t.clock.advance(D);
    const target = path.join(dir, backupFileName(t.clock.now()));
    fs.mkdirSync(target); // something in the way of the file: the backup cannot be written
    fs.writeFileSync(path.join(target, 'x'), '');
    const before = fs.readdirSync(dir).sort();
    const run = await scheduler.tick();
    expect(run).toMatchObject({ status: 'failed', file: path.basename(target) });
    expect(run!.error).toBeTruthy();
    expect(fs.readdirSync(dir).sort()).toEqual(before); // retention did not run, no temporary files left
    expect(logged.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['scheduled backup failed']);
    fs.rmSync(target, { recursive: true });
  });

  it('the platform admin sees the runs and files (a failure with its reason); anyone else gets 404', async () => {
    const admin = await t.user({ platformAdmin: true });
    const res = await admin.client.get('/api/v1/platform/backups');
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ enabled: true, dir, schedule: '02:00', retention: '2d', running: false });
    expect(body.runs.map((r: { status: string }) => r.status)).toEqual(['failed', 'ok']);
    expect(body.runs[0].error).toBeTruthy();
    expect(body.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['lianjian-2026-11-26T020000.jsonl.gz', 'ok'], [backupFileName(at('2026-11-24T18:00:00Z')), 'unknown'],
    ]);

    const region = await t.region();
    const regionAdmin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: region.id, regionId: region.id }] });
    for (const c of [regionAdmin.client]) {
      const r = await c.get('/api/v1/platform/backups');
      expect(r.statusCode).toBe(404);
      expect(json(r).error.code).toBe('NOT_FOUND');
      const p = await c.post('/api/v1/platform/backups', {});
      expect(p.statusCode).toBe(404);
    }
    expect((await t.anon.get('/api/v1/platform/backups')).statusCode).toBe(401);
  });

  it('requests are served while a backup runs (it reads in chunks and yields between them)', async () => {
    const order: string[] = [];
    const running = scheduler.runNow().then((r) => { order.push('backup'); return r; });
    expect(scheduler.status().running).toBe(true);
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    order.push('request');
    expect(health.statusCode).toBe(200);
    expect((await running).status).toBe('ok');
    expect(order).toEqual(['request', 'backup']);
  });

  it('"back up now" from the platform admin runs one through the app\'s own scheduler', async () => {
    const admin = await t.user({ platformAdmin: true });
    const res = await admin.client.post('/api/v1/platform/backups', {});
    expect(res.statusCode).toBe(202);
    const run = await t.app.deps.backups!.runNow(); // joins the run the request started
    expect(run).toMatchObject({ status: 'ok', manual: true });
    const body = json(await admin.client.get('/api/v1/platform/backups'));
    expect(body.runs[0]).toMatchObject({ status: 'ok', manual: true, file: run.file });
  });
});
