import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { ctxOf } from '../../platform/context.ts';
import { sendDailyReminders } from '../../platform/notify/reminders.ts';
import { chamberTodos } from './todos.ts';

/**
 * People's mediation on the case engine: intake → a mediator → sessions → agreement (PDF) → follow-up → closing,
 * who may read what, and each bad input of the issue refused with nothing changed.
 */
let t: TestApp;
let R: make.Region;
let chamber: make.Org;
let other: make.Org;
let committee: Client;
let mediator: make.TestUser;
let mediator2: make.TestUser;
let outsider: Client;
let B: make.Region;
let bAdmin: Client;

const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';

const intake = (over: Record<string, unknown> = {}) => ({
  orgId: chamber.id, source: 'application', disputeType: 'labour', amountFen: 1_250_000,
  facts: '申请人在被申请人处务工，被拖欠三个月工资。', acceptedAt: make.at(t, -60 * 24 * 60),
  parties: [
    { kind: 'person', role: 'applicant', name: '李建国', phone: '13800001234', idNumber: '330211198001011234' },
    { kind: 'enterprise', role: 'respondent', name: '宁波骆驼机电装备01有限公司', phone: '057486001234' },
  ],
  ...over,
});

async function newCase(over: Record<string, unknown> = {}) {
  return make.created<{ id: string; number: string; parties: { id: string }[] }>(await committee.post('/api/v1/mediation-cases', intake(over)), 'case');
}
async function assigned(user = mediator) {
  const c = await newCase();
  const res = await committee.post(`/api/v1/mediation-cases/${c.id}/mediators`, { userId: user.id });
  expect(res.statusCode, res.body).toBe(200);
  return c;
}
const session = () => ({ heldAt: make.at(t, -60), place: '商会人民调解室', record: '听取双方陈述。' });
const agreement = () => ({
  signedOn: '2026-11-24', responsibility: '被申请人应支付拖欠工资。',
  terms: [{ text: '被申请人支付工资 12500 元', dueOn: '2026-12-10', amountFen: 1_250_000 }], performance: '银行转账一次性支付',
});

beforeAll(async () => {
  t = await testApp();
  R = await make.region(t, '骆驼街道');
  chamber = await make.org(t, R.id, R.rootOrgId, '商会党委', 'committee');
  other = await make.org(t, R.id, R.rootOrgId, '其他党委', 'committee');
  committee = (await make.orgAdmin(t, R.id, chamber.id)).client;
  mediator = await make.user(t, { grants: [{ role: 'mediator', scopeKind: 'org', scopeId: chamber.id, regionId: R.id }] });
  mediator2 = await make.user(t, { grants: [{ role: 'mediator', scopeKind: 'org', scopeId: chamber.id, regionId: R.id }] });
  outsider = (await make.orgAdmin(t, R.id, other.id)).client;
  B = await make.region(t, '白峰镇');
  bAdmin = (await make.regionAdmin(t, B.id)).client;
});

describe('mediation: the whole case', () => {
  it('intake, assignment, a session, the agreement and its PDF, a term performed, the follow-up, closing — with a timeline', async () => {
    const c = await newCase();
    expect(c.number).toMatch(/^2026-\d{3}$/);
    expect(json(await committee.get(`/api/v1/mediation-cases/${c.id}`))).toMatchObject({ stage: 'accepted', amountFen: 1_250_000, partyCount: 2 });

    const pool = json<{ userId: string }[]>(await committee.get(`/api/v1/mediation-mediators?orgId=${chamber.id}`));
    expect(pool.map((x) => x.userId).sort()).toEqual([mediator.id, mediator2.id].sort());
    let v = json(await committee.post(`/api/v1/mediation-cases/${c.id}/mediators`, { userId: mediator.id }));
    expect(v).toMatchObject({ stage: 'mediating', mediators: [mediator.username] });
    // the one-month limit from acceptance: accepted 60 days ago, so overdue
    expect(v.overdue).toBe(true);

    const m = mediator.client;
    v = json(await m.post(`/api/v1/mediation-cases/${c.id}/extension`, { consent: '双方书面同意延长三十日' }));
    expect(v.extended).toBe(true);
    expect(v.overdue).toBe(false);
    v = json(await m.post(`/api/v1/mediation-cases/${c.id}/sessions`, session()));
    expect(v.sessions).toHaveLength(1);
    // the mediator sees the parties' personal data in full
    expect(v.parties[0]).toMatchObject({ phone: '13800001234', idNumber: '330211198001011234' });
    v = json(await m.post(`/api/v1/mediation-cases/${c.id}/agreement`, agreement()));
    expect(v).toMatchObject({ stage: 'agreed', outcome: 'agreement', agreement: { confirmationBy: '2026-12-24', allPerformed: false } });

    const pdf = await m.get(`/api/v1/mediation-cases/${c.id}/agreement.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(2000);

    v = json(await m.post(`/api/v1/mediation-cases/${c.id}/agreement/performed`, { index: 0, performedOn: '2026-11-25' }));
    expect(v.agreement.allPerformed).toBe(true);
    v = json(await m.post(`/api/v1/mediation-cases/${c.id}/follow-up`, {
      visitedOn: '2026-11-25', note: '电话回访，工资已到账', ratings: v.parties.map((x: { id: string }, i: number) => ({ partyId: x.id, value: i === 0 ? 3 : 2 })),
    }));
    expect(v.followUp.ratings).toHaveLength(2);
    v = json(await m.post(`/api/v1/mediation-cases/${c.id}/close`));
    expect(v).toMatchObject({ stage: 'closed', dueAt: null, overdue: false });
    expect(v.closedAt).not.toBeNull();
    expect(v.timeline.map((e: { kind: string }) => e.kind)).toEqual(['open', 'assign', 'stage', 'extend', 'session', 'stage', 'term', 'follow_up', 'rate', 'rate', 'stage']);
    expect(v.timeline.filter((e: { kind: string }) => e.kind === 'stage').map((e: { toStage: string }) => e.toStage)).toEqual(['mediating', 'agreed', 'closed']);
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action like 'mediation.%'`, [c.id])).toBe(8);
  });

  it('a case without agreement: the reason and a transfer to court, then follow-up and closing', async () => {
    const c = await assigned();
    const v = json(await mediator.client.post(`/api/v1/mediation-cases/${c.id}/failure`, { reason: '双方分歧较大', transferTo: 'court' }));
    expect(v).toMatchObject({ stage: 'failed', outcome: 'failed', transferTo: 'court', failureReason: '双方分歧较大' });
    await mediator.client.post(`/api/v1/mediation-cases/${c.id}/follow-up`, { visitedOn: '2026-11-25', note: '已告知诉讼途径', ratings: v.parties.map((x: { id: string }) => ({ partyId: x.id, value: 1 })) });
    expect(json(await mediator.client.post(`/api/v1/mediation-cases/${c.id}/close`)).stage).toBe('closed');
  });

  it('files of the dossier: uploaded by the mediator, downloaded only by who may see the case', async () => {
    const c = await assigned();
    const boundary = 'XyZ';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="笔录.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await mediator.client.post(`/api/v1/mediation-cases/${c.id}/files`, body.toString('binary'), { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.statusCode, res.body).toBe(201);
    const f = json<{ id: string }>(res);
    expect((await committee.get(`/api/v1/case-files/${f.id}`)).statusCode).toBe(200);
    expect((await mediator2.client.get(`/api/v1/case-files/${f.id}`)).statusCode).toBe(404);
    expect(json(await mediator.client.get(`/api/v1/mediation-cases/${c.id}`)).timeline.map((e: { kind: string }) => e.kind)).toContain('file');
  });
});

describe('mediation: who sees what', () => {
  it('a mediator reads only the cases assigned to them: another case answers as a made-up id', async () => {
    const mine = await assigned(mediator);
    const theirs = await assigned(mediator2);
    expect((await mediator.client.get(`/api/v1/mediation-cases/${mine.id}`)).statusCode).toBe(200);
    const foreign = await mediator.client.get(`/api/v1/mediation-cases/${theirs.id}`);
    const madeUp = await mediator.client.get(`/api/v1/mediation-cases/${MADE_UP}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(madeUp.body);
    await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${theirs.id}/sessions`, session()), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${theirs.id}/close`), 404, 'NOT_FOUND', () => snapshot(t));
    // the register: own cases only
    const list = json<{ items: { id: string }[] }>(await mediator.client.get('/api/v1/mediation-cases?pageSize=500'));
    expect(list.items.map((x) => x.id)).toContain(mine.id);
    expect(list.items.map((x) => x.id)).not.toContain(theirs.id);
    // a mediator does not assign, even on their own case
    await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${mine.id}/mediators`, { userId: mediator2.id }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('another org\'s admin and another region see nothing, and cannot take in a case for the committee', async () => {
    const c = await newCase();
    for (const x of [outsider, bAdmin]) {
      expect((await x.get(`/api/v1/mediation-cases/${c.id}`)).statusCode).toBe(404);
      expect(json<{ total: number }>(await x.get('/api/v1/mediation-cases')).total).toBe(0);
      await expectRefused(() => x.post('/api/v1/mediation-cases', intake()), 404, 'NOT_FOUND', () => snapshot(t));
    }
  });

  it('the register carries no personal data and no facts; it filters by year, type, source, stage, open and overdue', async () => {
    const a = await newCase({ disputeType: 'debt', source: 'court' });
    await newCase({ disputeType: 'injury', acceptedAt: '2025-06-01T09:00:00+08:00' });
    const page = await committee.get('/api/v1/mediation-cases?pageSize=500');
    expect(page.body).not.toContain('13800001234');
    expect(page.body).not.toContain('李建国');
    expect(page.body).not.toContain('拖欠三个月工资');
    const ids = (q: string) => committee.get(`/api/v1/mediation-cases?pageSize=500&${q}`).then((r) => json<{ items: { id: string; year: number; disputeType: string; source: string; stage: string; overdue: boolean }[] }>(r).items);
    const debt = await ids('disputeType=debt&source=court');
    expect(debt.map((x) => x.id)).toEqual([a.id]);
    const y2025 = await ids('year=2025');
    expect(y2025.length).toBe(1);
    expect(y2025[0].disputeType).toBe('injury');
    const accepted = await ids('stage=accepted');
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((x) => x.stage === 'accepted')).toBe(true);
    const overdue = await ids('overdue=1');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((x) => x.overdue)).toBe(true);
  });

  it('the figures come from the register', async () => {
    const f = json<{ cases: number; settled: number; failed: number; amountFen: number; ratings: number; satisfied: number; byYear: { year: number; cases: number }[] }>(
      await committee.get(`/api/v1/mediation-figures?orgId=${chamber.id}`));
    const [row] = await t.database.query<{ n: number; settled: number; amount: string }>(
      `select count(*)::int as n, count(*) filter (where outcome = 'agreement')::int as settled, sum(amount_fen)::text as amount from mediation_cases where region_id = $1`, [R.id]);
    expect(f.cases).toBe(row.n);
    expect(f.settled).toBe(row.settled);
    expect(f.amountFen).toBe(Number(row.amount));
    expect(f.settled).toBeGreaterThanOrEqual(1);
    expect(f.ratings).toBeGreaterThanOrEqual(2);
    expect(f.byYear.reduce((s, x) => s + x.cases, 0)).toBe(f.cases);
    expect(json<{ cases: number }>(await bAdmin.get('/api/v1/mediation-figures')).cases).toBe(0);
  });
});

describe('mediation: bad input, nothing changed', () => {
  it('a case without a party', async () => {
    await expectRefused(() => committee.post('/api/v1/mediation-cases', intake({ parties: [] })), 400, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('a negative amount (and a fractional one)', async () => {
    await expectRefused(() => committee.post('/api/v1/mediation-cases', intake({ amountFen: -1 })), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.post('/api/v1/mediation-cases', intake({ amountFen: 10.5 })), 400, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('an acceptance in the future', async () => {
    const err = await expectRefused(() => committee.post('/api/v1/mediation-cases', intake({ acceptedAt: make.at(t, 60) })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(err.details?.[0].field).toBe('acceptedAt');
  });

  it('closing a case without follow-up', async () => {
    const c = await assigned();
    await mediator.client.post(`/api/v1/mediation-cases/${c.id}/agreement`, agreement());
    await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${c.id}/close`), 409, 'MEDIATION_NO_FOLLOW_UP', () => snapshot(t));
    // nor before any outcome
    const open = await assigned();
    await expectRefused(() => committee.post(`/api/v1/mediation-cases/${open.id}/close`), 409, 'MEDIATION_STAGE', () => snapshot(t));
  });

  it('a follow-up that leaves a party out, or rates someone who is not a party', async () => {
    const c = await assigned();
    const v = json(await mediator.client.post(`/api/v1/mediation-cases/${c.id}/agreement`, agreement()));
    const [p1] = v.parties as { id: string }[];
    const body = (ratings: unknown[]) => ({ visitedOn: '2026-11-25', note: '回访', ratings });
    const e1 = await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${c.id}/follow-up`, body([{ partyId: p1.id, value: 3 }])), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e1.details?.[0].field).toBe('ratings');
    const e2 = await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${c.id}/follow-up`, body([{ partyId: p1.id, value: 3 }, { partyId: MADE_UP, value: 3 }])), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e2.details?.[0].field).toBe('ratings.1.partyId');
    await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${c.id}/follow-up`, body([{ partyId: p1.id, value: 4 }])), 400, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('a second extension; a session before any mediator; an agreement twice', async () => {
    const c = await assigned();
    await mediator.client.post(`/api/v1/mediation-cases/${c.id}/extension`, { consent: '双方同意' });
    await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${c.id}/extension`, { consent: '再次延长' }), 409, 'MEDIATION_EXTENDED', () => snapshot(t));
    const fresh = await newCase();
    await expectRefused(() => committee.post(`/api/v1/mediation-cases/${fresh.id}/sessions`, session()), 409, 'MEDIATION_STAGE', () => snapshot(t));
    await mediator.client.post(`/api/v1/mediation-cases/${c.id}/agreement`, agreement());
    await expectRefused(() => mediator.client.post(`/api/v1/mediation-cases/${c.id}/agreement`, agreement()), 409, 'MEDIATION_STAGE', () => snapshot(t));
  });

  it('assigning someone who is not a mediator of the organisation, or the same mediator twice', async () => {
    const c = await assigned();
    const plain = await make.orgAdmin(t, R.id, other.id);
    const err = await expectRefused(() => committee.post(`/api/v1/mediation-cases/${c.id}/mediators`, { userId: plain.id }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(err.details?.[0].field).toBe('userId');
    await expectRefused(() => committee.post(`/api/v1/mediation-cases/${c.id}/mediators`, { userId: mediator.id }), 409, 'MEDIATOR_ASSIGNED', () => snapshot(t));
  });
});

describe('mediation: daily reminders (fixed clock)', () => {
  // last: it moves the clock a day on
  it('the one-month limit (and after its extension) and the 30-day confirmation window go to the case\'s mediator and the committee, once a day', async () => {
    const ctx = ctxOf(t.app.deps);
    const keysOf = async (caseIds: string[]) => (await t.database.query<{ user_id: string; item_key: string }>(
      `select user_id, item_key from notify_messages where kind = 'reminder' and split_part(item_key, ':', 2) = any($1::text[]) order by item_key, user_id`, [caseIds]))
      .map((r) => `${r.user_id === mediator.id ? 'mediator' : committeeIds.has(r.user_id) ? 'committee' : r.user_id}:${r.item_key.split(':')[0]}:${r.item_key.split(':')[1] === near.id ? 'near' : 'agreed'}:${r.item_key.split(':')[2]}`);
    // the committee's admins (org_admin on the committee): each of them is reminded
    const committeeIds = new Set((await t.database.query<{ user_id: string }>(`select user_id from grants where scope_id = $1 and role = 'org_admin'`, [chamber.id])).map((r) => r.user_id));
    // accepted 28 days ago: the one-month limit ends in 2 days
    const near = await newCase({ acceptedAt: make.at(t, -28 * 24 * 60) });
    expect((await committee.post(`/api/v1/mediation-cases/${near.id}/mediators`, { userId: mediator.id })).statusCode).toBe(200);
    // agreed on 1 November: the window for judicial confirmation ends on 1 December, within 7 days of 25 November
    const agreed = await assigned();
    expect((await mediator.client.post(`/api/v1/mediation-cases/${agreed.id}/agreement`, { ...agreement(), signedOn: '2026-11-01' })).statusCode).toBe(200);
    const ids = [near.id, agreed.id];

    await sendDailyReminders(ctx, chamberTodos);
    expect(committeeIds.size).toBeGreaterThan(0);
    const expected = (day: string, sources: string[]) => [...[...committeeIds].map(() => 'committee'), 'mediator']
      .flatMap((who) => sources.map((s) => `${who}:${s}:${day}`)).sort();
    expect((await keysOf(ids)).sort()).toEqual(expected('2026-11-25', ['chamber.confirmation:agreed', 'chamber.mediation:near']));
    const [msg] = await t.database.query<{ title: string; href: string }>(`select title, href from notify_messages where user_id = $1 and item_key like $2`, [mediator.id, `chamber.confirmation:${agreed.id}:%`]);
    expect(msg).toEqual({ title: expect.stringContaining('司法确认期限至 2026-12-01'), href: `/mediation?id=${agreed.id}` });
    // the same day again: nothing more
    const before = (await keysOf(ids)).length;
    await sendDailyReminders(ctx, chamberTodos);
    expect((await keysOf(ids)).length).toBe(before);
    // mediator2 (not assigned) heard of neither case
    expect((await keysOf(ids)).some((k) => k.startsWith(mediator2.id))).toBe(false);

    // extended by 30 days: the limit is far again; the next day only the confirmation window is reminded
    expect((await mediator.client.post(`/api/v1/mediation-cases/${near.id}/extension`, { consent: '双方书面同意延长' })).statusCode).toBe(200);
    t.clock.advance(24 * 3_600_000);
    await sendDailyReminders(ctx, chamberTodos);
    expect((await keysOf(ids)).filter((k) => k.endsWith('2026-11-26')).sort()).toEqual(expected('2026-11-26', ['chamber.confirmation:agreed']));
  });
});
