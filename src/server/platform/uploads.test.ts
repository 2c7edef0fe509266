/**
 * A body that is not valid multipart (no boundary, cut short, a part never closed) sent to every upload route is the
 * caller's mistake: 400 MULTIPART_MALFORMED in the error shape and the caller's language, nothing stored.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../test/support/app.ts';
import { memberBody } from '../../../test/support/factories.ts';

let t: TestApp;
let admin: Client;
let uploads: string[];

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2a0c2d20000000049454e44ae426082', 'hex');

beforeAll(async () => {
  t = await testApp();
  const region = await t.region();
  const org = await t.org(region.id, region.rootOrgId, '第一支部');
  admin = (await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: region.id, regionId: region.id }] })).client;
  const made = async (res: LightMyRequestResponse) => { expect(res.statusCode, res.body).toBe(201); return json(res).id as string; };
  const activity = await made(await admin.post('/api/v1/activities', { orgId: org.id, kind: 'party_lesson', title: '党课', startsAt: '2026-11-20T01:00:00Z', endsAt: '2026-11-20T03:00:00Z' }));
  const member = await made(await admin.post('/api/v1/members', memberBody(org.id)));
  const pledge = await made(await admin.post('/api/v1/pledges', { memberId: member, year: 2026, category: 'volunteer', content: '每月志愿服务一次' }));
  const project = await made(await admin.post('/api/v1/projects', { title: '项目', level: 'branch', orgId: org.id, category: '环境美化', startOn: '2026-01-01', endOn: '2026-12-31' }));
  const report = await admin.post(`/api/v1/projects/${project}/reports`, { reportedOn: '2026-06-01', text: '进展' });
  expect(report.statusCode, report.body).toBe(201);
  const reportId = json(report).id as string;
  uploads = ['/api/v1/members/import', `/api/v1/activities/${activity}/photos`, `/api/v1/pledges/${pledge}/attachments`, `/api/v1/project-reports/${reportId}/attachments`];
});

/** a raw multipart body (the test client would JSON-encode a Buffer) */
const post = (url: string, payload: string | Buffer, type: string, locale = 'en-US') => t.app.inject({
  method: 'POST', url, payload,
  headers: { cookie: admin.cookie!, 'x-requested-with': 'XMLHttpRequest', 'content-type': type, 'accept-language': locale },
});

const stored = async () => (await t.database.query<{ n: number }>(
  `select (select count(*) from activity_photos) + (select count(*) from cluster_attachments) + (select count(*) from members) + (select count(*) from audit_log) as n`))[0].n;

const part = (name: string) => `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
const MALFORMED: [string, string, string | Buffer][] = [
  ['no boundary', 'multipart/form-data', Buffer.concat([Buffer.from(part('a.png')), PNG, Buffer.from('\r\n--XyZ--\r\n')])],
  ['a part never closed', 'multipart/form-data; boundary=XyZ', Buffer.concat([Buffer.from(part('a.png')), PNG])],
  ['headers cut short', 'multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="file"; filena'],
];

describe('malformed multipart on every upload route', () => {
  it('is a 400 MULTIPART_MALFORMED in the caller’s language, and stores nothing', async () => {
    for (const url of uploads) {
      for (const [kase, type, body] of MALFORMED) {
        const before = await stored();
        const res = await post(url, body, type, 'zh-CN');
        expect([url, kase, res.statusCode, json(res).error?.code]).toEqual([url, kase, 400, 'MULTIPART_MALFORMED']);
        expect(json(res).error.message).toBe('上传的表单数据格式不正确或不完整。');
        expect(await stored()).toBe(before);
      }
    }
  });

  it('a well-formed upload on the same routes still works (so the refusals above are about the form)', async () => {
    const ok = Buffer.concat([Buffer.from(part('现场.png')), PNG, Buffer.from('\r\n--XyZ--\r\n')]);
    for (const url of uploads.slice(1)) {
      const res = await post(url, ok, 'multipart/form-data; boundary=XyZ');
      expect([url, res.statusCode]).toEqual([url, 201]);
    }
  });
});
