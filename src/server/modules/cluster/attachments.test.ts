import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';

const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-uploads-'));
let t: TestApp;
let w: make.World;
let reportId: string;
let projectId: string;
let pledgeId: string;
let member: Client;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake but typed by magic bytes')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function upload(c: Client | null, url: string, fileName: string, type: string, content: Buffer) {
  const boundary = `----lj${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST', url, payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-requested-with': 'XMLHttpRequest', 'accept-language': 'en-US', ...(c?.cookie ? { cookie: c.cookie } : {}) },
  });
}

const filesOnDisk = () => (fs.readdirSync(uploadDir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(uploadDir, f)).isFile()).length;

beforeAll(async () => {
  t = await testApp({ uploadDir });
  w = await make.world(t);
  projectId = await make.project(t, w.org.yjb1.id, w.allianceId, '风中百合');
  reportId = json(await w.yjAdmin.post(`/api/v1/projects/${projectId}/reports`, { reportedOn: '2026-06-01', text: '应急演练' })).id;
  const m = (await make.member(t, w.org.yjb1.id, { name: '曹阿姨' })).id;
  member = (await t.user({ memberId: m, memberRegionId: w.A.id, grants: [{ role: 'member', scopeKind: 'member', scopeId: m, regionId: w.A.id }] })).client;
  pledgeId = json(await member.post('/api/v1/pledges', { year: 2026, category: 'volunteer', content: '楼道清洁' })).id;
});
afterAll(() => fs.rmSync(uploadDir, { recursive: true, force: true }));

describe('attachments', () => {
  it('stores a photo for a progress report under the upload directory; only those in scope can fetch it', async () => {
    const res = await upload(w.yjAdmin, `/api/v1/project-reports/${reportId}/attachments`, '现场.png', 'image/png', PNG);
    expect(res.statusCode).toBe(201);
    const a = json(res);
    expect(a).toMatchObject({ fileName: '现场.png', contentType: 'image/png', size: PNG.length });
    expect(filesOnDisk()).toBe(1);
    const got = await w.yjAdmin.get(`/api/v1/attachments/${a.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect((await w.coordinator.get(`/api/v1/attachments/${a.id}`)).statusCode).toBe(200);
    expect((await w.lmAdmin.get(`/api/v1/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await w.bAdmin.get(`/api/v1/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await t.anon.get(`/api/v1/attachments/${a.id}`)).statusCode).toBe(401);
    const detail = json(await w.yjAdmin.get(`/api/v1/projects/${projectId}`));
    expect(detail.reports[0].attachments).toEqual([a]);
  });

  it('accepts a photo of several MB (below the limit)', async () => {
    const res = await upload(w.yjAdmin, `/api/v1/project-reports/${reportId}/attachments`, 'large.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(4 * 1024 * 1024)]));
    expect(res.statusCode).toBe(201);
  });

  it('a member attaches a PDF to his/her own pledge', async () => {
    const res = await upload(member, `/api/v1/pledges/${pledgeId}/attachments`, 'proof.pdf', 'application/pdf', PDF);
    expect(res.statusCode).toBe(201);
    expect(json(await member.get(`/api/v1/pledges/${pledgeId}/attachments`))).toHaveLength(1);
  });

  describe('bad uploads: a clear error and nothing stored', () => {
    let rows: number;
    let files: number;
    beforeAll(async () => { rows = await make.count(t, 'cluster_attachments'); files = filesOnDisk(); });
    const unchanged = async () => {
      expect(await make.count(t, 'cluster_attachments')).toBe(rows);
      expect(filesOnDisk()).toBe(files);
    };

    it('a file that claims to be a PNG but is not', async () => {
      let res = await upload(w.yjAdmin, `/api/v1/project-reports/${reportId}/attachments`, 'photo.png', 'image/png', Buffer.from('<script>alert(1)</script>'));
      expect(res.statusCode).toBe(415);
      expect(json(res).error).toMatchObject({ code: 'UPLOAD_TYPE_MISMATCH', message: 'The file content does not match its declared type (image/png).' });
      // claimed only by its name
      res = await upload(w.yjAdmin, `/api/v1/project-reports/${reportId}/attachments`, 'photo.png', 'application/octet-stream', PDF);
      expect(json(res).error.code).toBe('UPLOAD_TYPE_MISMATCH');
      await unchanged();
    });

    it('a type that is not allowed', async () => {
      const res = await upload(w.yjAdmin, `/api/v1/project-reports/${reportId}/attachments`, 'tool.exe', 'application/octet-stream', Buffer.from('MZ\x90\x00 executable'));
      expect(res.statusCode).toBe(415);
      expect(json(res).error.code).toBe('UPLOAD_TYPE_NOT_ALLOWED');
      await unchanged();
    });

    it('a file over 10 MB', async () => {
      const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
      const res = await upload(w.yjAdmin, `/api/v1/project-reports/${reportId}/attachments`, 'big.png', 'image/png', big);
      expect(res.statusCode).toBe(413);
      expect(json(res).error).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: 'The file is too large (limit 10 MB).' });
      await unchanged();
    });

    it('a record out of scope (404), and no file part at all', async () => {
      expect((await upload(w.lmAdmin, `/api/v1/project-reports/${reportId}/attachments`, 'a.png', 'image/png', PNG)).statusCode).toBe(404);
      expect((await upload(w.bAdmin, `/api/v1/pledges/${pledgeId}/attachments`, 'a.png', 'image/png', PNG)).statusCode).toBe(404);
      const res = await w.yjAdmin.post(`/api/v1/project-reports/${reportId}/attachments`, {});
      expect(res.statusCode).toBe(400);
      expect(json(res).error.code).toBe('UPLOAD_MISSING');
      await unchanged();
    });
  });
});
