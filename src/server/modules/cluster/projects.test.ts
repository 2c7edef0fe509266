import ExcelJS from '../../platform/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { count, world, type World } from './test-helper.ts';

let t: TestApp;
let w: World;
let wenzhu: string;

const proj = (over: Record<string, unknown> = {}) => ({
  title: '党建助力区域整治', level: 'secretary', orgId: w.org.yj.id, allianceId: w.allianceId, category: '环境整治',
  goals: '发挥党员先进性，为区域环境整治出力', startOn: '2026-03-01', endOn: '2026-12-31', people: ['张媛', '曹阿姨'],
  milestones: [{ title: '摸排问题点位', dueOn: '2026-04-30' }, { title: '集中整治', dueOn: '2026-09-30' }],
  ...over,
});

beforeAll(async () => {
  t = await testApp();
  w = await world(t);
});

describe('projects', () => {
  it('an org admin creates a project for the organisation, with milestones', async () => {
    const res = await w.yjAdmin.post('/api/v1/projects', proj());
    expect(res.statusCode).toBe(201);
    const p = json(res);
    wenzhu = p.id;
    expect(p).toMatchObject({ level: 'secretary', orgName: '怡江社区党委', status: 'planned', progress: 0 });
    expect(p.milestones.map((m: { title: string }) => m.title)).toEqual(['摸排问题点位', '集中整治']);
  });

  it('refuses bad dates and an org outside scope, creating nothing', async () => {
    const before = await count(t, 'projects');
    let res = await w.yjAdmin.post('/api/v1/projects', proj({ startOn: '2026-12-31', endOn: '2026-01-01' }));
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details[0].field).toBe('endOn');
    res = await w.yjAdmin.post('/api/v1/projects', proj({ orgId: w.org.lm.id }));
    expect(res.statusCode).toBe(404);
    res = await w.bAdmin.post('/api/v1/projects', proj());
    expect(res.statusCode).toBe(404);
    res = await w.bAdmin.post('/api/v1/projects', proj({ orgId: w.org.b1.id }));
    expect(res.statusCode).toBe(422); // A's alliance for a B org
    expect(await count(t, 'projects')).toBe(before);
  });

  it('reports progress against a milestone; status and progress follow', async () => {
    const detail = json(await w.yjAdmin.get(`/api/v1/projects/${wenzhu}`));
    const res = await w.yjAdmin.post(`/api/v1/projects/${wenzhu}/reports`, {
      milestoneId: detail.milestones[0].id, milestoneDone: true, reportedOn: '2026-04-28', text: '共摸排问题点位 23 处', progress: 30,
    });
    expect(res.statusCode).toBe(201);
    const after = json(await w.yjAdmin.get(`/api/v1/projects/${wenzhu}`));
    expect(after).toMatchObject({ status: 'in_progress', progress: 30 });
    expect(after.milestones[0].doneOn).toBe('2026-04-28');
    expect(after.reports[0]).toMatchObject({ text: '共摸排问题点位 23 处', attachments: [] });
    expect((await w.lmAdmin.post(`/api/v1/projects/${wenzhu}/reports`, { reportedOn: '2026-05-01', text: 'x' })).statusCode).toBe(404);
    expect((await w.yjAdmin.post(`/api/v1/projects/${wenzhu}/reports`, { milestoneId: '01900000-0000-7000-8000-000000000000', reportedOn: '2026-05-01', text: 'x' })).statusCode).toBe(422);
  });

  it('lists by level and community, exports xlsx, and hides other scopes', async () => {
    await w.lmAdmin.post('/api/v1/projects', proj({ title: '绿梅楼道微治理', level: 'branch', orgId: w.org.lmb1.id }));
    await w.lmAdmin.post('/api/v1/projects', proj({ title: '绿梅党员先锋岗', level: 'member', orgId: w.org.lmb1.id }));
    expect(json(await w.coordinator.get('/api/v1/projects')).total).toBe(3);
    expect(json(await w.coordinator.get('/api/v1/projects?level=branch')).items.map((x: { title: string }) => x.title)).toEqual(['绿梅楼道微治理']);
    expect(json(await w.coordinator.get(`/api/v1/projects?orgId=${w.org.lm.id}`)).total).toBe(2);
    expect(json(await w.yjAdmin.get('/api/v1/projects')).total).toBe(1);
    expect(json(await w.bAdmin.get('/api/v1/projects')).total).toBe(0);
    expect((await w.lmAdmin.get(`/api/v1/projects/${wenzhu}`)).statusCode).toBe(404);
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
    expect((await w.lmAdmin.patch(`/api/v1/projects/${wenzhu}`, { title: '改名' })).statusCode).toBe(404);
    const res = await w.yjAdmin.patch(`/api/v1/projects/${wenzhu}`, { status: 'done' });
    expect(json(res).status).toBe('done');
    expect(await count(t, 'audit_log', `action = 'project.update'`)).toBe(1);
  });
});
