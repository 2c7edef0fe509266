import ExcelJS from '../../platform/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/** The world is only read; each test makes its own projects. */
let t: TestApp;
let w: make.World;

const proj = (over: Record<string, unknown> = {}, v: make.World = w) => ({
  title: '党建助力区域整治', level: 'secretary', orgId: v.org.yj.id, allianceId: v.allianceId, category: '环境整治',
  goals: '发挥党员先进性，为区域环境整治出力', startOn: '2026-03-01', endOn: '2026-12-31', people: ['张媛', '曹阿姨'],
  milestones: [{ title: '摸排问题点位', dueOn: '2026-04-30' }, { title: '集中整治', dueOn: '2026-09-30' }],
  ...over,
});

beforeAll(async () => {
  t = await testApp();
  w = await make.world(t);
});

describe('projects', () => {
  it('an org admin creates a project for the organisation, with milestones', async () => {
    const res = await w.yjAdmin.post('/api/v1/projects', proj());
    expect(res.statusCode).toBe(201);
    const p = json(res);
    expect(p).toMatchObject({ level: 'secretary', orgName: '怡江社区党委', status: 'planned', progress: 0 });
    expect(p.milestones.map((m: { title: string }) => m.title)).toEqual(['摸排问题点位', '集中整治']);
  });

  it('refuses bad dates and an org outside scope, creating nothing', async () => {
    const err = await expectRefused(() => w.yjAdmin.post('/api/v1/projects', proj({ startOn: '2026-12-31', endOn: '2026-01-01' })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(err.details?.[0].field).toBe('endOn');
    await expectRefused(() => w.yjAdmin.post('/api/v1/projects', proj({ orgId: w.org.lm.id })), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.bAdmin.post('/api/v1/projects', proj()), 404, 'NOT_FOUND', () => snapshot(t));
    // A's alliance for a B org
    const alien = await expectRefused(() => w.bAdmin.post('/api/v1/projects', proj({ orgId: w.org.b1.id })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(alien.details?.[0].field).toBe('allianceId');
  });

  it('reports progress against a milestone; status and progress follow', async () => {
    const wenzhu = json(await w.yjAdmin.post('/api/v1/projects', proj())).id;
    const detail = json(await w.yjAdmin.get(`/api/v1/projects/${wenzhu}`));
    const res = await w.yjAdmin.post(`/api/v1/projects/${wenzhu}/reports`, {
      milestoneId: detail.milestones[0].id, milestoneDone: true, reportedOn: '2026-04-28', text: '共摸排问题点位 23 处', progress: 30,
    });
    expect(res.statusCode).toBe(201);
    const after = json(await w.yjAdmin.get(`/api/v1/projects/${wenzhu}`));
    expect(after).toMatchObject({ status: 'in_progress', progress: 30 });
    expect(after.milestones[0].doneOn).toBe('2026-04-28');
    expect(after.reports[0]).toMatchObject({ text: '共摸排问题点位 23 处', attachments: [] });
    await expectRefused(() => w.lmAdmin.post(`/api/v1/projects/${wenzhu}/reports`, { reportedOn: '2026-05-01', text: 'x' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(`/api/v1/projects/${wenzhu}/reports`, { milestoneId: '01900000-0000-7000-8000-000000000000', reportedOn: '2026-05-01', text: 'x' }),
      422, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('lists by level and community, exports xlsx, and hides other scopes', async () => {
    // a world of its own, so the counts are only this test's projects
    const w = await make.world(t);
    const wenzhu = json(await w.yjAdmin.post('/api/v1/projects', proj({}, w))).id;
    await w.lmAdmin.post('/api/v1/projects', proj({ title: '绿梅楼道微治理', level: 'branch', orgId: w.org.lmb1.id }, w));
    await w.lmAdmin.post('/api/v1/projects', proj({ title: '绿梅党员先锋岗', level: 'member', orgId: w.org.lmb1.id }, w));
    expect(json(await w.coordinator.get('/api/v1/projects')).total).toBe(3);
    expect(json(await w.coordinator.get('/api/v1/projects?level=branch')).items.map((x: { title: string }) => x.title)).toEqual(['绿梅楼道微治理']);
    expect(json(await w.coordinator.get(`/api/v1/projects?orgId=${w.org.lm.id}`)).total).toBe(2);
    expect(json(await w.yjAdmin.get('/api/v1/projects')).total).toBe(1);
    expect(json(await w.bAdmin.get('/api/v1/projects')).total).toBe(0);
    expect((await w.lmAdmin.get(`/api/v1/projects/${wenzhu}`)).statusCode).toBe(404);
    // the header search (projects by title, q): only what the caller's list holds
    const titles = async (c: typeof w.coordinator, q: string) => json(await c.get(`/api/v1/projects?q=${encodeURIComponent(q)}&pageSize=5`)).items.map((x: { title: string }) => x.title).sort();
    expect(await titles(w.coordinator, '绿梅')).toEqual(['绿梅党员先锋岗', '绿梅楼道微治理']);
    expect(await titles(w.yjAdmin, '绿梅')).toEqual([]);
    expect(await titles(w.yjAdmin, '区域整治')).toEqual(['党建助力区域整治']);
    expect(await titles(w.bAdmin, '区域整治')).toEqual([]);
    const sum = json(await w.coordinator.get(`/api/v1/projects/summary?allianceId=${w.allianceId}`));
    expect(sum.total).toMatchObject({ secretary: 1, branch: 1, member: 1, total: 3 });
    expect(sum.byCommunity.map((c: { orgName: string; total: number }) => [c.orgName, c.total])).toEqual([['怡江社区党委', 1], ['绿梅社区党委', 2]]);
    const x = await w.coordinator.get('/api/v1/projects/export.xlsx?level=member');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('党建项目')!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(1).value).toBe('绿梅党员先锋岗');
    expect(ws.getRow(2).getCell(2).value).toBe('党员作表率');
  });

  it('updates are audited; out-of-scope updates change nothing', async () => {
    const id = json(await w.yjAdmin.post('/api/v1/projects', proj({ title: '文竹先锋行动' }))).id;
    for (const c of [w.lmAdmin, w.bAdmin]) {
      await expectRefused(() => c.patch(`/api/v1/projects/${id}`, { title: '改名' }), 404, 'NOT_FOUND', () => snapshot(t));
    }
    expect(json(await w.yjAdmin.get(`/api/v1/projects/${id}`)).title).toBe('文竹先锋行动');
    const res = await w.yjAdmin.patch(`/api/v1/projects/${id}`, { status: 'done', title: '文竹先锋行动（二期）' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'done', title: '文竹先锋行动（二期）' });
    expect(json(await w.yjAdmin.get(`/api/v1/projects/${id}`))).toMatchObject({ status: 'done', title: '文竹先锋行动（二期）' });
    const audits = await t.database.query<{ action: string; before: { title: string }; after: { title: string } }>(
      `select action, before, after from audit_log where entity_id = $1 order by id`, [id]);
    expect(audits.map((a) => [a.action, a.before?.title ?? null, a.after.title]))
      .toEqual([['project.create', null, '文竹先锋行动'], ['project.update', '文竹先锋行动', '文竹先锋行动（二期）']]);
  });
});
