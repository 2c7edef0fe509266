import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { addMembers, adminOf, memberUser, orgAdminOf } from './test-helpers.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
const o: Record<string, { id: string; path: string }> = {};
const m: Record<string, string[]> = {};
let admin: Awaited<ReturnType<typeof adminOf>>;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-cw-'));

beforeAll(async () => {
  t = await testApp({ uploadDir });
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  o.lvmei = await t.org(A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  o.b1 = await t.org(A.id, o.lvmei.id, '绿梅第一支部');
  o.hongmei = await t.org(A.id, A.rootOrgId, '红梅支部');
  m.b1 = await addMembers(t, A.id, o.b1.id, 3);
  m.hongmei = await addMembers(t, A.id, o.hongmei.id, 1);
  m.B = await addMembers(t, B.id, (await t.org(B.id, B.rootOrgId, '白峰支部')).id, 1);
  admin = await adminOf(t, A.id);
});
afterAll(() => fs.rmSync(uploadDir, { recursive: true, force: true }));

const upload = (cookie: string | null, id: string, type: string, payload: Buffer) => t.app.inject({
  method: 'PUT', url: `/api/v1/courseware/${id}/file?name=${encodeURIComponent('党课.pdf')}`, payload,
  headers: { 'x-requested-with': 'XMLHttpRequest', 'accept-language': 'en-US', 'content-type': type, ...(cookie ? { cookie } : {}) },
});

describe('courseware (精品课件)', () => {
  it('links and uploaded files; members open them on a phone; views and completions are counted per org', async () => {
    const noUrl = await admin.client.post('/api/v1/courseware', { orgId: o.lvmei.id, title: '无链接', kind: 'link' });
    expect(noUrl.statusCode).toBe(422);
    const link = json(await admin.client.post('/api/v1/courseware', { orgId: A.rootOrgId, title: '党章精讲', kind: 'link', url: 'https://example.org/dangzhang', tags: ['党章'] }));
    const pdf = json(await admin.client.post('/api/v1/courseware', { orgId: o.lvmei.id, title: '两学一做微党课', kind: 'pdf', tags: ['两学一做'] }));
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7)]);
    const bad = await upload(admin.client.cookie, pdf.id, 'text/plain', Buffer.from('hello'));
    expect(bad.statusCode).toBe(422);
    // a file that claims to be a PDF but is not is refused by content, and nothing is kept
    const fake = await upload(admin.client.cookie, pdf.id, 'application/pdf', Buffer.from('<html>not a pdf</html>'));
    expect(fake.statusCode).toBe(422);
    expect(json(fake).error.details[0].field).toBe('file');
    expect(fs.readdirSync(uploadDir, { recursive: true }).filter((f) => String(f).includes(pdf.id))).toEqual([]);
    const up = await upload(admin.client.cookie, pdf.id, 'application/pdf', bytes);
    expect(up.statusCode).toBe(200);
    expect(json(up)).toMatchObject({ kind: 'pdf', fileSize: bytes.length, fileName: '党课.pdf' });

    const member = await memberUser(t, A.id, m.b1[0]);
    const mine = json<any[]>(await member.client.get('/api/v1/me/courseware'));
    expect(mine.map((c) => c.id).sort()).toEqual([link.id, pdf.id].sort());
    const file = await member.client.get(`/api/v1/courseware/${pdf.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(bytes)).toBe(true);
    expect(json(await member.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, {}))).toMatchObject({ views: 1, completedAt: null });
    const done = json(await member.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, { completed: true }));
    expect(done.views).toBe(2);
    expect(done.completedAt).toBeTruthy();
    const second = await memberUser(t, A.id, m.b1[1]);
    await second.client.post(`/api/v1/me/courseware/${link.id}/progress`, {});

    // a member of another branch does not see 绿梅's material; the street's, yes
    const other = await memberUser(t, A.id, m.hongmei[0]);
    expect(json<any[]>(await other.client.get('/api/v1/me/courseware')).map((c) => c.id)).toEqual([link.id]);
    expect((await other.client.get(`/api/v1/courseware/${pdf.id}/file`)).statusCode).toBe(404);
    expect((await other.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, {})).statusCode).toBe(404);

    const list = json(await admin.client.get(`/api/v1/courseware?regionId=${A.id}`));
    expect(list.items.find((c: { id: string }) => c.id === pdf.id)).toMatchObject({ views: 2, completions: 1 });
    const stats = json(await admin.client.get(`/api/v1/courseware/stats?regionId=${A.id}`));
    expect(stats.orgs.find((x: { orgId: string }) => x.orgId === o.b1.id)).toMatchObject({ members: 3, viewers: 2, completions: 1 });
    const secretary = await orgAdminOf(t, A.id, o.hongmei.id);
    expect(json(await secretary.client.get(`/api/v1/courseware/stats?regionId=${A.id}`)).orgs.map((x: { orgId: string }) => x.orgId)).toEqual([o.hongmei.id]);
    expect((await upload(secretary.client.cookie, pdf.id, 'application/pdf', bytes)).statusCode).toBe(404);
  });

  it('another region sees nothing', async () => {
    const c = json(await admin.client.post('/api/v1/courseware', { orgId: A.rootOrgId, title: '区域课件', kind: 'link', url: 'https://example.org/x' }));
    const adminB = await adminOf(t, B.id);
    expect((await adminB.client.get(`/api/v1/courseware/${c.id}`)).statusCode).toBe(404);
    expect(json(await adminB.client.get('/api/v1/courseware')).total).toBe(0);
    expect((await adminB.client.get(`/api/v1/courseware/stats?regionId=${A.id}`)).statusCode).toBe(404);
    const memberB = await memberUser(t, B.id, m.B[0]);
    expect((await memberB.client.post(`/api/v1/me/courseware/${c.id}/progress`, {})).statusCode).toBe(404);
    expect(json<any[]>(await memberB.client.get('/api/v1/me/courseware'))).toEqual([]);
  });
});
