import { z } from 'zod';
import {
  CharityDisclosure, CharityFund, CharityFundCreate, CharityOrg, CharityFundSummary, Disbursement, DisbursementCreate, DisbursementListQuery, Donation, DonationCreate, DonationList,
  DonationListQuery, Income, IncomeCreate, Pledge, PledgeCreate,
} from '../../../shared/money-charity.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { idempotencyKeyOf } from '../../platform/ledger/idempotency.ts';
import { publicRoute } from '../../platform/public-links.ts';
import {
  charityDisclosure, charityFundView, charityOrgs, createCharityFund, createPledge, decideDisbursement, listCharityFunds, listDisbursements, listDonations, listPledges,
  prepareDisbursement, recordDonation, recordIncome, setCharityLink,
} from './charity.ts';
import { donationReceiptPdf } from './charity-receipt.ts';

const IdParams = z.object({ id: z.uuid() });

/** Charity funds (慈善基金), docs/money.md. */
export async function charityRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['money'];

  r.get('/api/v1/charity-funds', {
    schema: { tags, summary: 'The charity funds I work or approve', response: { 200: z.array(CharityFundSummary) } },
  }, async (req) => listCharityFunds(ctx, principalOf(req)));

  r.post('/api/v1/charity-funds', {
    schema: { tags, summary: 'Create a charity fund of an org: 留本捐息 (endowment: principal kept) or 捐本捐息 (spend)', body: CharityFundCreate, response: { 201: CharityFund } },
  }, async (req, reply) => reply.status(201).send(await createCharityFund(ctx, actorOf(req), req.body)));

  r.get('/api/v1/charity-orgs', {
    schema: { tags, summary: 'The orgs where I may create a charity fund (my charity.prepare grants), with how many charity funds each has', response: { 200: z.array(CharityOrg) } },
  }, async (req) => charityOrgs(ctx, principalOf(req)));

  r.get('/api/v1/charity-funds/:id', {
    schema: { tags, summary: 'A charity fund: principal kept vs spendable, donated, income, disbursed (from its ledger), the public link', params: IdParams, response: { 200: CharityFund } },
  }, async (req) => charityFundView(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/charity-funds/:id/donations', {
    schema: { tags, summary: 'A fund\'s donations, latest first', params: IdParams, querystring: DonationListQuery, response: { 200: DonationList } },
  }, async (req) => listDonations(ctx, principalOf(req), req.params.id, req.query));

  r.post('/api/v1/charity-funds/:id/donations', {
    schema: { tags, summary: 'Record a donation with its numbered receipt (posted on the fund\'s ledger); needs an Idempotency-Key', params: IdParams, body: DonationCreate, response: { 201: Donation, 200: Donation } },
  }, async (req, reply) => {
    const out = await recordDonation(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, req.body);
    return reply.status(out.replayed ? 200 : 201).send(out);
  });

  r.get('/api/v1/charity-funds/:id/donations/:donationId/receipt.pdf', {
    schema: { tags, summary: 'A donation\'s receipt (PDF)', params: z.object({ id: z.uuid(), donationId: z.uuid() }) },
  }, async (req, reply) => {
    const { doc, fileName } = await donationReceiptPdf(ctx, principalOf(req), req.params.id, req.params.donationId);
    return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${fileName}"`).send(doc);
  });

  r.get('/api/v1/charity-funds/:id/pledges', {
    schema: { tags, summary: 'Pledged donations with what was paid and what remains', params: IdParams, response: { 200: z.array(Pledge) } },
  }, async (req) => listPledges(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/charity-funds/:id/pledges', {
    schema: { tags, summary: 'Record a pledge (paid later in parts, each a donation naming it)', params: IdParams, body: PledgeCreate, response: { 201: Pledge } },
  }, async (req, reply) => reply.status(201).send(await createPledge(ctx, actorOf(req), req.params.id, req.body)));

  r.post('/api/v1/charity-funds/:id/income', {
    schema: { tags, summary: 'Record income (interest) of the fund: what a 留本捐息 fund may spend; needs an Idempotency-Key', params: IdParams, body: IncomeCreate, response: { 201: Income, 200: Income } },
  }, async (req, reply) => {
    const out = await recordIncome(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, req.body);
    return reply.status(out.replayed ? 200 : 201).send(out);
  });

  r.get('/api/v1/charity-funds/:id/disbursements', {
    schema: { tags, summary: 'A fund\'s disbursements (status=prepared: the approval queue)', params: IdParams, querystring: DisbursementListQuery, response: { 200: z.array(Disbursement) } },
  }, async (req) => listDisbursements(ctx, principalOf(req), req.params.id, req.query.status));

  r.post('/api/v1/charity-funds/:id/disbursements', {
    schema: { tags, summary: 'Prepare a disbursement (the maker): reserves the spendable amount, never kept principal; needs an Idempotency-Key', params: IdParams, body: DisbursementCreate, response: { 201: Disbursement, 200: Disbursement } },
  }, async (req, reply) => {
    const out = await prepareDisbursement(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, req.body);
    return reply.status(out.replayed ? 200 : 201).send(out);
  });

  r.post('/api/v1/charity-disbursements/:id/approve', {
    schema: { tags, summary: 'Approve a prepared disbursement (never by its preparer): the money moves; needs an Idempotency-Key', params: IdParams, response: { 200: Disbursement } },
  }, async (req) => decideDisbursement(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, 'approve'));

  r.post('/api/v1/charity-disbursements/:id/reject', {
    schema: { tags, summary: 'Reject a prepared disbursement: the reservation is released; needs an Idempotency-Key', params: IdParams, response: { 200: Disbursement } },
  }, async (req) => decideDisbursement(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, 'reject'));

  r.post('/api/v1/charity-funds/:id/link/revoke', {
    schema: { tags, summary: 'Revoke the public disclosure link', params: IdParams, response: { 200: CharityFund } },
  }, async (req) => setCharityLink(ctx, actorOf(req), req.params.id, 'revoke'));

  r.post('/api/v1/charity-funds/:id/link/reissue', {
    schema: { tags, summary: 'Issue a new public disclosure link (the old one stays dead)', params: IdParams, response: { 200: CharityFund } },
  }, async (req) => setCharityLink(ctx, actorOf(req), req.params.id, 'reissue'));

  r.get('/api/v1/public/charity/:token', {
    config: publicRoute(ctx.config),
    schema: { tags, summary: 'A fund\'s public disclosure (公示): donations, disbursements by purpose, totals (no sign-in; 404 when revoked)', params: z.object({ token: z.string().max(200) }), response: { 200: CharityDisclosure } },
  }, async (req, reply) => reply.header('Cache-Control', 'no-store').send(await charityDisclosure(ctx, req.params.token)));
}
