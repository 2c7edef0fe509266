import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, uploadAs, type Client, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/**
 * Files and a linked record as a follow-up action's evidence: the owner's liaison attaches them, the office and the
 * members read them (and the bulletin lists them), downloads stay within the joint meeting, every refusal changes nothing.
 */
let t: TestApp;
let cw: CobuildWorld;
let actionId: string;
let otherActionId: string;
let needId: string;
let schoolLiaison: Client;
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const filesOnDisk = () => {
  const walk = (d: string): string[] => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [e.name])) : []);
  return walk(t.config.uploadDir).length;
};
/** Every table, and how many files the upload directory holds. */
const snap = async () => {
  const s = await snapshot(t);
  s.tables['(files in the upload directory)'] = String(filesOnDisk());
  return s;
};
const upload = (c: Client, id: string, content: Buffer, filename: string, contentType: string) =>
  uploadAs(t.app, c, `/api/v1/meeting-actions/${id}/files`, {}, content, { filename, contentType });

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
  schoolLiaison = (await make.user(t, { grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: cw.unit.school, regionId: cw.regionId }] })).client;
  const m = json(await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'plenary', title: '佐证材料会议', heldOn: '2026-11-20', place: '会议室', agendaDays: 7 }));
  const item = json(await cw.office.post(`/api/v1/meetings/${m.id}/agenda-items`, { unitId: cw.unit.canteen, title: '路标补设' })).agenda[0];
  await cw.office.post(`/api/v1/agenda-items/${item.id}/review`, { decision: 'accept' });
  await cw.office.put(`/api/v1/agenda-items/${item.id}/decision`, { decision: '光明码头补设路标' });
  await cw.office.post(`/api/v1/agenda-items/${item.id}/actions`, { unitId: cw.unit.canteen, title: '补设路标 6 块', dueOn: '2026-12-20' });
  const d = json(await cw.office.post(`/api/v1/agenda-items/${item.id}/actions`, { unitId: cw.unit.school, title: '学校门口路标', dueOn: '2026-12-20' }));
  actionId = d.agenda[0].actions.find((a: { title: string }) => a.title === '补设路标 6 块').id;
  otherActionId = d.agenda[0].actions.find((a: { title: string }) => a.title === '学校门口路标').id;
  needId = await publishedNeed(cw, { title: '路标需求', category: 'other', quantity: 1 });
});

describe('an action\'s evidence: files and a linked record', () => {
  it('the owner\'s liaison attaches a photo and a PDF and links a need; the office, the members and the bulletin show them', async () => {
    const res = await upload(cw.liaison, actionId, PNG, '路标照片.png', 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).files).toMatchObject([{ fileName: '路标照片.png', contentType: 'image/png' }]);
    const both = json(await upload(cw.office, actionId, PDF, '验收单.pdf', 'application/pdf'));
    expect(both.files.map((f: { fileName: string }) => f.fileName)).toEqual(['路标照片.png', '验收单.pdf']);
    const linked = json(await cw.liaison.patch(`/api/v1/meeting-actions/${actionId}`, { status: 'done', evidence: '6 块已装好', link: { kind: 'need', id: needId } }));
    expect(linked).toMatchObject({ status: 'done', link: { kind: 'need', id: needId, title: '路标需求' } });
    const [a] = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where entity_id = $1 and action = 'meeting.action.file'`, [actionId]);
    expect(a.n).toBe(2);

    // the office's list, the liaison's to-do list and the meeting's page all carry them
    const office = json(await cw.office.get(`/api/v1/meeting-actions?allianceId=${cw.allianceId}`)).find((x: { id: string }) => x.id === actionId);
    expect(office.files).toHaveLength(2);
    expect(office.link.title).toBe('路标需求');
    const mine = json(await cw.liaison.get('/api/v1/meeting-actions?mine=1')).find((x: { id: string }) => x.id === actionId);
    expect(mine.files).toHaveLength(2);
    const fileId = office.files[1].id;

    // downloads: whoever reads the joint meeting (the office, the owner, another member's liaison)
    for (const c of [cw.office, cw.liaison, schoolLiaison, cw.regionAdmin]) {
      const dl = await c.get(`/api/v1/meeting-action-files/${fileId}/file`);
      expect(dl.statusCode).toBe(200);
      expect(dl.headers['content-type']).toContain('application/pdf');
      expect(dl.rawPayload.equals(PDF)).toBe(true);
    }
    // anyone else, as a made-up id
    for (const c of [cw.shangyang, cw.otherRegionAdmin, cw.w.coordinator]) expect((await c.get(`/api/v1/meeting-action-files/${fileId}/file`)).statusCode).toBe(404);
    expect((await cw.office.get(`/api/v1/meeting-action-files/${MADE_UP}/file`)).statusCode).toBe(404);
  });

  it('refuses outsiders, another member\'s liaison, a wrong type, a missing file and a record of another joint meeting — nothing changed', async () => {
    // not the owner: another member's liaison (who reads the meeting), a village secretary, another region, a made-up action
    await expectRefused(() => upload(schoolLiaison, actionId, PNG, 'x.png', 'image/png'), 404, 'NOT_FOUND', snap);
    await expectRefused(() => upload(cw.liaison, otherActionId, PNG, 'x.png', 'image/png'), 404, 'NOT_FOUND', snap);
    await expectRefused(() => upload(cw.shangyang, actionId, PNG, 'x.png', 'image/png'), 404, 'NOT_FOUND', snap);
    await expectRefused(() => upload(cw.otherRegionAdmin, actionId, PNG, 'x.png', 'image/png'), 404, 'NOT_FOUND', snap);
    await expectRefused(() => upload(cw.office, MADE_UP, PNG, 'x.png', 'image/png'), 404, 'NOT_FOUND', snap);
    // the content decides the type
    await expectRefused(() => upload(cw.liaison, actionId, Buffer.from('hello'), 'notes.txt', 'text/plain'), 415, 'UPLOAD_TYPE_NOT_ALLOWED', snap);
    await expectRefused(() => upload(cw.liaison, actionId, PDF, 'fake.png', 'image/png'), 415, 'UPLOAD_TYPE_MISMATCH', snap);
    await expectRefused(() => uploadAs(t.app, cw.liaison, `/api/v1/meeting-actions/${actionId}/files`, { note: 'x' }, null), 400, 'UPLOAD_MISSING', snap);
    // a linked record must be of this joint meeting
    const cw2 = await cobuildWorld(t);
    const foreign = await publishedNeed(cw2, { title: '别的联席会议的需求' });
    for (const link of [{ kind: 'need', id: foreign }, { kind: 'need', id: MADE_UP }, { kind: 'project', id: needId }]) {
      const e = await expectRefused(() => cw.liaison.patch(`/api/v1/meeting-actions/${actionId}`, { link }), 422, 'MEETING_LINK_NOT_FOUND', snap);
      expect(e.details?.[0].field).toBe('link.id');
    }
    await expectRefused(() => cw.liaison.patch(`/api/v1/meeting-actions/${actionId}`, { link: { kind: 'meeting', id: needId } }), 400, 'VALIDATION_FAILED', snap);
    // removing a file: not by another member's liaison; by the owner, the audit keeping it
    const fileId = json(await cw.office.get(`/api/v1/meeting-actions?allianceId=${cw.allianceId}`)).find((x: { id: string }) => x.id === actionId).files[0].id;
    await expectRefused(() => schoolLiaison.delete(`/api/v1/meeting-action-files/${fileId}`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.otherRegionAdmin.delete(`/api/v1/meeting-action-files/${fileId}`), 404, 'NOT_FOUND', snap);
    const before = filesOnDisk();
    const removed = await cw.liaison.delete(`/api/v1/meeting-action-files/${fileId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(json(removed).files.map((f: { id: string }) => f.id)).not.toContain(fileId);
    expect(filesOnDisk()).toBe(before - 1);
    expect((await cw.office.get(`/api/v1/meeting-action-files/${fileId}/file`)).statusCode).toBe(404);
    // unlinking
    expect(json(await cw.liaison.patch(`/api/v1/meeting-actions/${actionId}`, { link: null })).link).toBeNull();
  });
});
