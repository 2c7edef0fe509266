import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
const o: Record<string, { id: string; path: string }> = {};
const m: Record<string, string[]> = {};
let admin: make.TestUser;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-cw-'));

beforeAll(async () => {
  t = await testApp({ uploadDir });
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  o.lvmei = await t.org(A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  o.b1 = await t.org(A.id, o.lvmei.id, '绿梅第一支部');
  o.hongmei = await t.org(A.id, A.rootOrgId, '红梅支部');
  m.b1 = await make.members(t, o.b1.id, 3);
  m.hongmei = await make.members(t, o.hongmei.id, 1);
  m.B = await make.members(t, (await t.org(B.id, B.rootOrgId, '白峰支部')).id, 1);
  admin = await make.regionAdmin(t, A.id);
});
afterAll(() => fs.rmSync(uploadDir, { recursive: true, force: true }));

const upload = (cookie: string | null, id: string, type: string, payload: Buffer) => t.app.inject({
  method: 'PUT', url: `/api/v1/courseware/${id}/file?name=${encodeURIComponent('党课.pdf')}`, payload,
  headers: { 'x-requested-with': 'XMLHttpRequest', 'accept-language': 'en-US', 'content-type': type, ...(cookie ? { cookie } : {}) },
});

describe('courseware (精品课件)', () => {
  it('a member opens an item from their page and finishes it; the org’s secretary sees who, how often and when', async () => {
    // a branch of its own, so that the other tests' lists do not see this item
    const own = await t.org(A.id, A.rootOrgId, '梅园支部');
    const [learner] = await make.members(t, own.id, 1);
    const item = json(await admin.client.post('/api/v1/courseware', { orgId: own.id, title: '支部书记讲党课', kind: 'link', url: 'https://example.org/lesson' }));
    const me = await make.memberUser(t, A.id, learner);
    expect(json<any[]>(await me.client.get('/api/v1/me/courseware')).map((c) => c.id)).toContain(item.id);
    expect(json(await me.client.post(`/api/v1/me/courseware/${item.id}/progress`, {}))).toMatchObject({ views: 1, completedAt: null });
    t.clock.advance(20 * 60_000);
    const done = json(await me.client.post(`/api/v1/me/courseware/${item.id}/progress`, { completed: true }));
    expect(done).toMatchObject({ views: 2, completedAt: new Date(t.clock.now()).toISOString() });
    const mine = json<any[]>(await me.client.get('/api/v1/me/courseware')).filter((c) => c.id === item.id);
    expect(mine).toEqual([expect.objectContaining({ myViews: 2, completedAt: done.completedAt })]);
    // the secretary of the member's branch sees the member; the secretary of another branch sees none of them
    const secretary = await make.orgAdmin(t, A.id, own.id);
    const learners = json(await secretary.client.get(`/api/v1/courseware/${item.id}/learners`));
    expect(learners).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(learners.items).toEqual([expect.objectContaining({ memberId: learner, orgName: '梅园支部', views: 2, completedAt: done.completedAt })]);
    const other = await make.orgAdmin(t, A.id, o.hongmei.id);
    expect(json(await other.client.get(`/api/v1/courseware/${item.id}/learners`))).toMatchObject({ items: [], total: 0 });
    // another region's admin: exactly what a made-up id answers; bad paging: a clear error; nothing changes
    const adminB = await make.regionAdmin(t, B.id);
    const outside = await expectRefused(() => adminB.client.get(`/api/v1/courseware/${item.id}/learners`), 404, 'NOT_FOUND', () => snapshot(t));
    const madeUp = await expectRefused(() => secretary.client.get('/api/v1/courseware/00000000-0000-7000-8000-000000000000/learners'), 404, 'NOT_FOUND', () => snapshot(t));
    expect(outside).toEqual(madeUp);
    const bad = await expectRefused(() => secretary.client.get(`/api/v1/courseware/${item.id}/learners?pageSize=0`), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect(bad.details?.map((d) => d.field)).toEqual(['query.pageSize']);
    // a member may not read the list
    await expectRefused(() => me.client.get(`/api/v1/courseware/${item.id}/learners`), 404, 'NOT_FOUND', () => snapshot(t));
  });

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

    const member = await make.memberUser(t, A.id, m.b1[0]);
    const mine = json<any[]>(await member.client.get('/api/v1/me/courseware'));
    expect(mine.map((c) => c.id).sort()).toEqual([link.id, pdf.id].sort());
    const file = await member.client.get(`/api/v1/courseware/${pdf.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(bytes)).toBe(true);
    expect(json(await member.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, {}))).toMatchObject({ views: 1, completedAt: null });
    const done = json(await member.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, { completed: true }));
    expect(done.views).toBe(2);
    expect(done.completedAt).toBeTruthy();
    const second = await make.memberUser(t, A.id, m.b1[1]);
    await second.client.post(`/api/v1/me/courseware/${link.id}/progress`, {});

    // a member of another branch does not see 绿梅's material; the street's, yes
    const other = await make.memberUser(t, A.id, m.hongmei[0]);
    expect(json<any[]>(await other.client.get('/api/v1/me/courseware')).map((c) => c.id)).toEqual([link.id]);
    expect((await other.client.get(`/api/v1/courseware/${pdf.id}/file`)).statusCode).toBe(404);
    expect((await other.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, {})).statusCode).toBe(404);

    const list = json(await admin.client.get(`/api/v1/courseware?regionId=${A.id}`));
    expect(list.items.find((c: { id: string }) => c.id === pdf.id)).toMatchObject({ views: 2, completions: 1 });
    const stats = json(await admin.client.get(`/api/v1/courseware/stats?regionId=${A.id}`));
    expect(stats.orgs.find((x: { orgId: string }) => x.orgId === o.b1.id)).toMatchObject({ members: 3, viewers: 2, completions: 1 });
    const secretary = await make.orgAdmin(t, A.id, o.hongmei.id);
    expect(json(await secretary.client.get(`/api/v1/courseware/stats?regionId=${A.id}`)).orgs.map((x: { orgId: string }) => x.orgId)).toEqual([o.hongmei.id]);
    expect((await upload(secretary.client.cookie, pdf.id, 'application/pdf', bytes)).statusCode).toBe(404);
  });

  it('another region sees nothing', async () => {
    const c = json(await admin.client.post('/api/v1/courseware', { orgId: A.rootOrgId, title: '区域课件', kind: 'link', url: 'https://example.org/x' }));
    const adminB = await make.regionAdmin(t, B.id);
    expect((await adminB.client.get(`/api/v1/courseware/${c.id}`)).statusCode).toBe(404);
    expect(json(await adminB.client.get('/api/v1/courseware')).total).toBe(0);
    expect((await adminB.client.get(`/api/v1/courseware/stats?regionId=${A.id}`)).statusCode).toBe(404);
    const memberB = await make.memberUser(t, B.id, m.B[0]);
    expect((await memberB.client.post(`/api/v1/me/courseware/${c.id}/progress`, {})).statusCode).toBe(404);
    expect(json<any[]>(await memberB.client.get('/api/v1/me/courseware'))).toEqual([]);
  });
});

describe('courseware: edit, archive, delete', () => {
  type Audit = { action: string; actor_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
  const audits = (id: string) => t.database.query<Audit>('select action, actor_id, before, after from audit_log where entity_id = $1 order by at, id', [id]);
  const row = async (id: string) => (await t.database.query<{ title: string; url: string | null; archived_at: string | null }>(
    'select title, url, archived_at from courseware where id = $1', [id]))[0];
  const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024, 3)]);
  const newPdf = async (orgId: string, title: string) => {
    const c = json(await admin.client.post('/api/v1/courseware', { orgId, title, kind: 'pdf' }));
    expect((await upload(admin.client.cookie, c.id, 'application/pdf', pdfBytes)).statusCode).toBe(200);
    return c as { id: string; regionId: string };
  };
  const storedFile = (c: { id: string; regionId: string }) => path.join(uploadDir, 'courseware', c.regionId, c.id);
  const ids = (items: { id: string }[]) => items.map((c) => c.id);

  it('edits with the rules of create (url only for links), within the writer’s scope, audited with before/after', async () => {
    const link = json(await admin.client.post('/api/v1/courseware', { orgId: o.lvmei.id, title: '初心使命', kind: 'link', url: 'https://example.org/a', tags: ['初心'] }));
    const pdf = await newPdf(o.lvmei.id, '党史学习');

    // an empty title fails the body schema (as on create): a field error, nothing changed
    const empty = await admin.client.patch(`/api/v1/courseware/${link.id}`, { title: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(json(empty).error.details).toEqual([expect.objectContaining({ field: 'title' })]);
    expect((await admin.client.patch(`/api/v1/courseware/${link.id}`, { url: 'ftp://example.org/a' })).statusCode).toBe(400);
    expect((await admin.client.patch(`/api/v1/courseware/${link.id}`, { kind: 'pdf' })).statusCode).toBe(400);
    // a link keeps an address; an uploaded file has none
    const noUrl = await admin.client.patch(`/api/v1/courseware/${link.id}`, { url: null });
    expect(noUrl.statusCode).toBe(422);
    expect(json(noUrl).error.details).toEqual([expect.objectContaining({ field: 'url', message: 'a link needs its URL' })]);
    const urlOnPdf = await admin.client.patch(`/api/v1/courseware/${pdf.id}`, { title: '改了', url: 'https://example.org/p' });
    expect(urlOnPdf.statusCode).toBe(422);
    expect(json(urlOnPdf).error.details).toEqual([expect.objectContaining({ field: 'url', message: 'only a link has a URL' })]);
    expect(await row(link.id)).toMatchObject({ title: '初心使命', url: 'https://example.org/a' });
    expect(await row(pdf.id)).toMatchObject({ title: '党史学习', url: null });
    expect(await audits(link.id)).toHaveLength(1); // the create

    const edited = await admin.client.patch(`/api/v1/courseware/${link.id}`, {
      title: ' 初心使命（修订） ', description: '第二版', url: 'https://example.org/b', durationMinutes: 25, tags: ['初心', '使命'],
    });
    expect(edited.statusCode).toBe(200);
    expect(json(edited)).toMatchObject({ title: '初心使命（修订）', description: '第二版', url: 'https://example.org/b', durationMinutes: 25, tags: ['初心', '使命'], archivedAt: null });
    const pdfEdited = json(await admin.client.patch(`/api/v1/courseware/${pdf.id}`, { title: '党史学习（一）', description: null }));
    expect(pdfEdited).toMatchObject({ title: '党史学习（一）', kind: 'pdf', fileSize: pdfBytes.length, url: null });

    // the branch committee's own admin may edit it; another branch's, another region's admin and a member may not (404, nothing changed)
    const lvmeiAdmin = await make.orgAdmin(t, A.id, o.lvmei.id);
    expect(json(await lvmeiAdmin.client.patch(`/api/v1/courseware/${link.id}`, { durationMinutes: 30 })).durationMinutes).toBe(30);
    const hongmeiAdmin = await make.orgAdmin(t, A.id, o.hongmei.id);
    const adminB = await make.regionAdmin(t, B.id);
    const member = await make.memberUser(t, A.id, m.b1[0]);
    for (const who of [hongmeiAdmin, adminB, member]) {
      const res = await who.client.patch(`/api/v1/courseware/${link.id}`, { title: '篡改' });
      expect(res.statusCode).toBe(404);
    }
    expect(await row(link.id)).toMatchObject({ title: '初心使命（修订）' });

    const trail = await audits(link.id);
    expect(trail.map((a) => a.action)).toEqual(['courseware.create', 'courseware.update', 'courseware.update']);
    expect(trail[1].actor_id).toBe(admin.id);
    expect(trail[1].before).toMatchObject({ title: '初心使命', url: 'https://example.org/a', durationMinutes: null });
    expect(trail[1].after).toMatchObject({ title: '初心使命（修订）', url: 'https://example.org/b', durationMinutes: 25 });
    expect(trail[2].actor_id).toBe(lvmeiAdmin.id);
  });

  it('archived material is no longer offered to members but stays in the staff library and the figures; restore brings it back', async () => {
    const pdf = await newPdf(o.lvmei.id, '廉洁教育');
    const member = await make.memberUser(t, A.id, m.b1[2]);
    await member.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, { completed: true });
    const statsBefore = json(await admin.client.get(`/api/v1/courseware/stats?regionId=${A.id}`)).orgs.find((x: { orgId: string }) => x.orgId === o.b1.id);
    const overviewBefore = json(await member.client.get('/api/v1/me/overview')).courseware;
    expect(overviewBefore.completed).toBeGreaterThanOrEqual(1);

    // out of scope: 404 and still offered
    const adminB = await make.regionAdmin(t, B.id);
    const hongmeiAdmin = await make.orgAdmin(t, A.id, o.hongmei.id);
    for (const who of [adminB, hongmeiAdmin, member]) {
      expect((await who.client.post(`/api/v1/courseware/${pdf.id}/archive`, {})).statusCode).toBe(404);
    }
    expect((await row(pdf.id)).archived_at).toBeNull();

    const archived = await admin.client.post(`/api/v1/courseware/${pdf.id}/archive`, {});
    expect(archived.statusCode).toBe(200);
    expect(json(archived).archivedAt).toBe(new Date(t.clock.now()).toISOString());
    // archiving again changes nothing
    expect(json(await admin.client.post(`/api/v1/courseware/${pdf.id}/archive`, {})).archivedAt).toBe(json(archived).archivedAt);

    // the member: not in the list or on the phone page, and not opened by any route
    expect(ids(json<any[]>(await member.client.get('/api/v1/me/courseware')))).not.toContain(pdf.id);
    expect(json(await member.client.get('/api/v1/me/overview')).courseware).toEqual({
      total: overviewBefore.total - 1, viewed: overviewBefore.viewed - 1, completed: overviewBefore.completed - 1,
    });
    expect((await member.client.get(`/api/v1/courseware/${pdf.id}`)).statusCode).toBe(404);
    expect((await member.client.get(`/api/v1/courseware/${pdf.id}/file`)).statusCode).toBe(404);
    expect((await member.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, {})).statusCode).toBe(404);

    // staff: hidden by default, listed with ?archived=true|all (with its counts), still opened
    expect(ids(json(await admin.client.get(`/api/v1/courseware?regionId=${A.id}`)).items)).not.toContain(pdf.id);
    const onlyArchived = json(await admin.client.get(`/api/v1/courseware?regionId=${A.id}&archived=true`)).items;
    expect(onlyArchived.every((c: { archivedAt: string | null }) => c.archivedAt)).toBe(true);
    expect(onlyArchived.find((c: { id: string }) => c.id === pdf.id)).toMatchObject({ views: 1, completions: 1, archivedAt: json(archived).archivedAt });
    const all = json(await admin.client.get(`/api/v1/courseware?regionId=${A.id}&archived=all`));
    expect(ids(all.items)).toContain(pdf.id);
    expect(all.total).toBe(json(await admin.client.get(`/api/v1/courseware?regionId=${A.id}`)).total + json(await admin.client.get(`/api/v1/courseware?regionId=${A.id}&archived=true`)).total);
    expect((await admin.client.get(`/api/v1/courseware?archived=yes`)).statusCode).toBe(400);
    expect((await admin.client.get(`/api/v1/courseware/${pdf.id}`)).statusCode).toBe(200);
    expect((await admin.client.get(`/api/v1/courseware/${pdf.id}/file`)).statusCode).toBe(200);
    // its earlier views and completions still count for the organisation
    expect(json(await admin.client.get(`/api/v1/courseware/stats?regionId=${A.id}`)).orgs.find((x: { orgId: string }) => x.orgId === o.b1.id)).toEqual(statsBefore);

    for (const who of [adminB, member]) expect((await who.client.post(`/api/v1/courseware/${pdf.id}/restore`, {})).statusCode).toBe(404);
    expect((await row(pdf.id)).archived_at).not.toBeNull();
    t.clock.advance(60_000);
    const restored = await admin.client.post(`/api/v1/courseware/${pdf.id}/restore`, {});
    expect(restored.statusCode).toBe(200);
    expect(json(restored).archivedAt).toBeNull();
    expect(ids(json<any[]>(await member.client.get('/api/v1/me/courseware')))).toContain(pdf.id);
    expect(json(await member.client.get('/api/v1/me/overview')).courseware).toEqual(overviewBefore);
    expect((await member.client.get(`/api/v1/courseware/${pdf.id}/file`)).statusCode).toBe(200);
    expect(json(await member.client.post(`/api/v1/me/courseware/${pdf.id}/progress`, {})).views).toBe(2);

    const trail = (await audits(pdf.id)).filter((a) => a.action === 'courseware.archive' || a.action === 'courseware.restore');
    expect(trail.map((a) => [a.action, a.actor_id])).toEqual([['courseware.archive', admin.id], ['courseware.restore', admin.id]]);
    expect(trail[0].before).toEqual({ archivedAt: null });
    expect(trail[0].after?.archivedAt).toBeTruthy();
    expect(trail[1].after).toEqual({ archivedAt: null });
  });

  it('deletes only what nobody has opened, with its stored file; otherwise 409 COURSEWARE_IN_USE', async () => {
    const used = await newPdf(o.lvmei.id, '已学课件');
    const member = await make.memberUser(t, A.id, m.b1[0]);
    await member.client.post(`/api/v1/me/courseware/${used.id}/progress`, {});
    const refused = await admin.client.delete(`/api/v1/courseware/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error).toMatchObject({ code: 'COURSEWARE_IN_USE' });
    expect(json(refused).error.message).toMatch(/archive/);
    expect(await row(used.id)).toBeTruthy();
    expect(fs.existsSync(storedFile(used))).toBe(true);
    expect((await admin.client.get(`/api/v1/courseware/stats?regionId=${A.id}`)).statusCode).toBe(200);

    const fresh = await newPdf(o.lvmei.id, '新课件');
    expect(fs.existsSync(storedFile(fresh))).toBe(true);
    const adminB = await make.regionAdmin(t, B.id);
    const hongmeiAdmin = await make.orgAdmin(t, A.id, o.hongmei.id);
    for (const who of [adminB, hongmeiAdmin, member]) expect((await who.client.delete(`/api/v1/courseware/${fresh.id}`)).statusCode).toBe(404);
    expect(await row(fresh.id)).toBeTruthy();
    expect(fs.existsSync(storedFile(fresh))).toBe(true);

    const gone = await admin.client.delete(`/api/v1/courseware/${fresh.id}`);
    expect(gone.statusCode).toBe(200);
    expect(json(gone)).toEqual({ ok: true });
    expect(await row(fresh.id)).toBeUndefined();
    expect(fs.existsSync(storedFile(fresh))).toBe(false);
    expect((await admin.client.get(`/api/v1/courseware/${fresh.id}`)).statusCode).toBe(404);
    expect((await admin.client.delete(`/api/v1/courseware/${fresh.id}`)).statusCode).toBe(404);
    expect((await member.client.post(`/api/v1/me/courseware/${fresh.id}/progress`, {})).statusCode).toBe(404);

    // a first view racing the delete: either the view lands first (409) or the item is gone (404), never a 500
    for (let i = 0; i < 3; i++) {
      const racing = await newPdf(o.lvmei.id, `并发课件${i}`);
      const [del, view] = await Promise.all([
        admin.client.delete(`/api/v1/courseware/${racing.id}`), member.client.post(`/api/v1/me/courseware/${racing.id}/progress`, {}),
      ]);
      expect([[200, 404], [409, 200]]).toContainEqual([del.statusCode, view.statusCode]);
      expect(!!(await row(racing.id))).toBe(del.statusCode === 409);
    }

    // a link (no file) goes too
    const link = json(await admin.client.post('/api/v1/courseware', { orgId: A.rootOrgId, title: '临时链接', kind: 'link', url: 'https://example.org/tmp' }));
    expect((await admin.client.delete(`/api/v1/courseware/${link.id}`)).statusCode).toBe(200);

    const trail = await audits(fresh.id);
    expect(trail.map((a) => a.action)).toEqual(['courseware.create', 'courseware.upload', 'courseware.delete']);
    expect(trail[2].actor_id).toBe(admin.id);
    expect(trail[2].before).toMatchObject({ id: fresh.id, title: '新课件', kind: 'pdf' });
    expect((await audits(used.id)).map((a) => a.action)).not.toContain('courseware.delete');
  });
});
