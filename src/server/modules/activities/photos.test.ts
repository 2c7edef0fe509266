import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { activityPhotos } from './schema.ts';
import * as make from '../../../../test/support/factories.ts';

// ── real images, built here ──────────────────────────────────────────────────
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function pngChunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A w×h PNG of one RGB colour (8-bit truecolour, zlib-compressed scanlines with filter 0). */
function png(w: number, h: number, rgb: [number, number, number]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = 1 + 3 * w;
  const raw = Buffer.alloc(h * row);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(rgb, y * row + 1 + 3 * x);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}
/**
 * An 8×8 mid-grey baseline JPEG: one component, quantisation all 1, a DC and an AC Huffman table of one
 * 1-bit code each (DC difference 0, end of block), so the single block's entropy data is the bits 00 + padding.
 */
function jpeg() {
  const seg = (marker: number, body: Buffer) => {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length + 2);
    return Buffer.concat([Buffer.from([0xff, marker]), len, body]);
  };
  const oneCode = Buffer.from([1, ...Array<number>(15).fill(0)]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]), // SOI
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')), // APP0
    seg(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])), // DQT
    seg(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])), // SOF0: 8 bit, 8×8, 1 component
    seg(0xc4, Buffer.concat([Buffer.from([0x00]), oneCode, Buffer.from([0])])), // DHT DC 0
    seg(0xc4, Buffer.concat([Buffer.from([0x10]), oneCode, Buffer.from([0])])), // DHT AC 0
    seg(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])), // SOS
    Buffer.from([0x3f]), // 0 (DC) 0 (EOB) 111111
    Buffer.from([0xff, 0xd9]), // EOI
  ]);
}
const PNG = png(4, 3, [200, 30, 30]);
const JPEG = jpeg();
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b])]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const TEXT = Buffer.from('minutes of the meeting, not a photo\n');

// ── the world ────────────────────────────────────────────────────────────────
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-activity-photos-'));
let t: TestApp;
let A: { id: string; rootOrgId: string };
let b1: { id: string };
let admin: Client;
let branchAdmin: Client;
let otherBranchAdmin: Client;
let adminB: Client;
let member: Client;
let activityId: string;

function upload(c: Client | null, id: string, fileName: string, type: string, content: Buffer, query = '') {
  const boundary = `----lj${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST', url: `/api/v1/activities/${id}/photos${query}`, payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-requested-with': 'XMLHttpRequest', 'accept-language': 'en-US', ...(c?.cookie ? { cookie: c.cookie } : {}) },
  });
}

const filesOnDisk = () => (fs.readdirSync(uploadDir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(uploadDir, f)).isFile()).length;
const count = async (table: string, where = 'true', params: unknown[] = []) =>
  (await t.database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params))[0].n;
const photoAudits = () => count('audit_log', "entity_type = 'activity_photo'");
const snapshot = async () => ({ rows: await count('activity_photos'), files: filesOnDisk(), audits: await photoAudits() });

async function newActivity(title = '主题党日') {
  const res = await admin.post('/api/v1/activities', { orgId: b1.id, kind: 'theme_day', title, startsAt: make.at(t, -120), endsAt: make.at(t, -30) });
  expect(res.statusCode).toBe(201);
  return json(res).id as string;
}

beforeAll(async () => {
  t = await testApp({ uploadDir });
  A = await t.region('孔浦街道');
  const B = await t.region('白峰镇');
  b1 = await t.org(A.id, A.rootOrgId, '百合社区第一支部');
  const other = await t.org(A.id, A.rootOrgId, '文竹支部');
  const people = await make.members(t, b1.id, 3);
  admin = (await make.regionAdmin(t, A.id)).client;
  branchAdmin = (await make.orgAdmin(t, A.id, b1.id)).client;
  otherBranchAdmin = (await make.orgAdmin(t, A.id, other.id)).client;
  adminB = (await make.regionAdmin(t, B.id)).client;
  member = (await make.memberUser(t, A.id, people[0])).client;
  activityId = await newActivity();
});
afterAll(() => fs.rmSync(uploadDir, { recursive: true, force: true }));

describe('activity photos', () => {
  it('a writer uploads a PNG and a JPEG from the phone; they are listed and served back byte for byte', async () => {
    const before = await snapshot();
    const r1 = await upload(branchAdmin, activityId, '现场.png', 'image/png', PNG, `?caption=${encodeURIComponent('  党员宣誓  ')}`);
    expect(r1.statusCode).toBe(201);
    const p1 = json(r1);
    expect(p1).toMatchObject({ fileName: '现场.png', contentType: 'image/png', size: PNG.length, caption: '党员宣誓' });
    // a phone often says nothing useful about the type: the content decides
    const r2 = await upload(admin, activityId, 'IMG_0001.JPG', 'application/octet-stream', JPEG);
    expect(r2.statusCode).toBe(201);
    const p2 = json(r2);
    expect(p2).toMatchObject({ fileName: 'IMG_0001.JPG', contentType: 'image/jpeg', size: JPEG.length, caption: null });
    expect(await snapshot()).toEqual({ rows: before.rows + 2, files: before.files + 2, audits: before.audits + 2 });

    const list = json<any[]>(await admin.get(`/api/v1/activities/${activityId}/photos`));
    expect(list).toEqual([p1, p2]);
    expect(Object.keys(list[0]).sort()).toEqual(['caption', 'contentType', 'createdAt', 'fileName', 'id', 'size']);
    expect(json<any[]>(await branchAdmin.get(`/api/v1/activities/${activityId}/photos`))).toHaveLength(2);

    for (const [p, bytes, type] of [[p1, PNG, 'image/png'], [p2, JPEG, 'image/jpeg']] as const) {
      const got = await branchAdmin.get(`/api/v1/activity-photos/${p.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(bytes)).toBe(true);
      expect(got.headers['content-type']).toBe(type);
      expect(got.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent(p.fileName)}`);
      expect(got.headers['cache-control']).toBe('private, no-store');
      expect(got.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(got.headers['x-content-type-options']).toBe('nosniff');
    }

    const audits = await t.database.query<{ action: string; entity_id: string; actor_id: string; after: Record<string, unknown> }>(
      "select action, entity_id, actor_id, after from audit_log where entity_type = 'activity_photo' and entity_id = any($1) order by entity_id", [[p1.id, p2.id]]);
    expect(audits.map((x) => x.action)).toEqual(['activity.photo_create', 'activity.photo_create']);
    expect(audits[0].after).toMatchObject({ activityId, fileName: '现场.png', contentType: 'image/png', size: PNG.length, caption: '党员宣誓' });
    expect(audits[0].after.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(audits[0].after).not.toHaveProperty('storageKey');
  });

  it('leaves the older list of photo URLs (PATCH photos) as it was', async () => {
    const res = await admin.patch(`/api/v1/activities/${activityId}`, { photos: ['https://example.org/a.jpg'] });
    expect(res.statusCode).toBe(200);
    expect(json(res).photos).toEqual(['https://example.org/a.jpg']);
    expect(json<any[]>(await admin.get(`/api/v1/activities/${activityId}/photos`))).toHaveLength(2);
  });

  describe('refused uploads: a clear error and nothing stored (no row, no file, no audit)', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeAll(async () => { before = await snapshot(); });
    const unchanged = async () => expect(await snapshot()).toEqual(before);

    it('a text file renamed .png (by its declared type or only by its name)', async () => {
      let res = await upload(admin, activityId, 'photo.png', 'image/png', TEXT);
      expect(res.statusCode).toBe(415);
      expect(json(res).error).toMatchObject({ code: 'UPLOAD_TYPE_MISMATCH', message: 'The file content does not match its declared type (image/png).' });
      res = await upload(admin, activityId, 'photo.png', 'application/octet-stream', TEXT);
      expect(res.statusCode).toBe(415);
      expect(json(res).error.code).toBe('UPLOAD_TYPE_MISMATCH');
      res = await upload(admin, activityId, 'photo.png', 'text/plain', TEXT);
      expect(res.statusCode).toBe(415);
      expect(json(res).error).toMatchObject({ code: 'PHOTO_TYPE_NOT_ALLOWED', message: 'Activity photos must be JPEG, PNG or WebP images.' });
      await unchanged();
    });

    it('files the platform store takes but that are not photos: GIF, PDF', async () => {
      for (const [name, type, bytes] of [['a.gif', 'image/gif', GIF], ['a.pdf', 'application/pdf', PDF]] as const) {
        const res = await upload(admin, activityId, name, type, bytes);
        expect(res.statusCode).toBe(415);
        expect(json(res).error.code).toBe('PHOTO_TYPE_NOT_ALLOWED');
      }
      await unchanged();
    });

    it('a photo over 10 MB', async () => {
      const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
      const res = await upload(admin, activityId, 'big.png', 'image/png', big);
      expect(res.statusCode).toBe(413);
      expect(json(res).error).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: 'The file is too large (limit 10 MB).' });
      await unchanged();
    });

    it('a caption over 200 characters, and no file at all', async () => {
      const res = await upload(admin, activityId, 'a.png', 'image/png', PNG, `?caption=${'字'.repeat(201)}`);
      expect(res.statusCode).toBe(400);
      const none = await admin.post(`/api/v1/activities/${activityId}/photos`, {});
      expect(none.statusCode).toBe(400);
      expect(json(none).error.code).toBe('UPLOAD_MISSING');
      await unchanged();
    });

    it('people out of scope: 404 on upload, list, download and delete', async () => {
      const [photo] = json<any[]>(await admin.get(`/api/v1/activities/${activityId}/photos`));
      // another region's admin, another branch's admin, and a plain member of the branch (not a writer)
      for (const c of [adminB, otherBranchAdmin, member]) {
        const res = await upload(c, activityId, 'a.png', 'image/png', PNG);
        expect(res.statusCode).toBe(404);
        expect(json(res).error.code).toBe('NOT_FOUND');
        expect((await c.delete(`/api/v1/activity-photos/${photo.id}`)).statusCode).toBe(404);
        expect((await c.get(`/api/v1/activities/${activityId}/photos`)).statusCode).toBe(404);
        expect((await c.get(`/api/v1/activity-photos/${photo.id}`)).statusCode).toBe(404);
      }
      // the scope is checked before the upload is read: a large file out of scope is a 404, not a 413
      expect((await upload(adminB, activityId, 'big.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]))).statusCode).toBe(404);
      // an unknown activity or photo is the same 404
      expect((await upload(admin, uuidv7(), 'a.png', 'image/png', PNG)).statusCode).toBe(404);
      expect((await admin.get(`/api/v1/activity-photos/${uuidv7()}`)).statusCode).toBe(404);
      expect((await admin.delete(`/api/v1/activity-photos/${uuidv7()}`)).statusCode).toBe(404);
      expect((await upload(null, activityId, 'a.png', 'image/png', PNG)).statusCode).toBe(401);
      expect((await t.anon.get(`/api/v1/activity-photos/${photo.id}`)).statusCode).toBe(401);
      expect((await admin.get(`/api/v1/activity-photos/${photo.id}`)).rawPayload.equals(PNG)).toBe(true);
      await unchanged();
    });
  });

  it('a writer deletes a photo: the row and the file go, the deletion is audited', async () => {
    const p = json(await upload(branchAdmin, activityId, 'delete-me.png', 'image/png', png(2, 2, [0, 0, 255])));
    const [{ storage_key: key }] = await t.database.query<{ storage_key: string }>('select storage_key from activity_photos where id = $1', [p.id]);
    const file = path.join(uploadDir, key);
    expect(fs.existsSync(file)).toBe(true);
    const before = await snapshot();

    const res = await branchAdmin.delete(`/api/v1/activity-photos/${p.id}`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ ok: true });
    expect(fs.existsSync(file)).toBe(false);
    expect(await count('activity_photos', 'id = $1', [p.id])).toBe(0);
    expect(await snapshot()).toEqual({ rows: before.rows - 1, files: before.files - 1, audits: before.audits + 1 });
    const [a] = await t.database.query<{ action: string; before: Record<string, unknown>; after: unknown }>(
      "select action, before, after from audit_log where entity_type = 'activity_photo' and entity_id = $1 and action = 'activity.photo_delete'", [p.id]);
    expect(a.before).toMatchObject({ activityId, fileName: 'delete-me.png', contentType: 'image/png' });
    expect(a.before).not.toHaveProperty('storageKey');
    expect(a.after).toBeNull();

    expect((await branchAdmin.get(`/api/v1/activity-photos/${p.id}`)).statusCode).toBe(404);
    expect((await branchAdmin.delete(`/api/v1/activity-photos/${p.id}`)).statusCode).toBe(404);
    expect(json<any[]>(await admin.get(`/api/v1/activities/${activityId}/photos`)).map((x) => x.id)).not.toContain(p.id);
  });

  it('at most 50 photos per activity (409, nothing stored)', async () => {
    const id = await newActivity('志愿服务日');
    await t.database.db.insert(activityPhotos).values(Array.from({ length: 49 }, (_, i) => ({
      regionId: A.id, id: uuidv7(), activityId: id, fileName: `p${i}.jpg`, contentType: 'image/jpeg', size: 1, sha256: '0'.repeat(64), storageKey: `none/${i}.jpg`,
    })));
    expect((await upload(admin, id, 'fiftieth.jpg', 'image/jpeg', JPEG)).statusCode).toBe(201);
    const before = await snapshot();
    const res = await upload(admin, id, 'one-too-many.jpg', 'image/jpeg', JPEG);
    expect(res.statusCode).toBe(409);
    expect(json(res).error).toMatchObject({ code: 'PHOTO_LIMIT', message: 'An activity can have at most 50 photos; delete some first.' });
    expect(await snapshot()).toEqual(before);
    expect(json<any[]>(await admin.get(`/api/v1/activities/${id}/photos`))).toHaveLength(50);
    // a row whose file is missing on disk answers 404, not 500
    const [missing] = await t.database.query<{ id: string }>("select id from activity_photos where activity_id = $1 and storage_key like 'none/%' limit 1", [id]);
    expect((await admin.get(`/api/v1/activity-photos/${missing.id}`)).statusCode).toBe(404);
  });
});
