import multipart from '@fastify/multipart';
import { z } from 'zod';
import { DuesAmount, DuesAmountSet, DuesPayment, DuesPaymentCreate, DuesSheet, DuesSheetQuery } from '../../../shared/money.ts';
import { Commitment, ContributionCreate, Fund, FundCreate, FundOrg, FundSummary, FundMember, FundRules, Loan, LoanApply, LoanList, LoanListQuery, Repayment, WriteOff } from '../../../shared/money-fund.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { idempotencyKeyOf } from '../../platform/ledger/idempotency.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { MAX_UPLOAD_BYTES, receiveFile } from '../../platform/uploads.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { duesSheet, recordDuesPayment, setDuesAmount } from './dues.ts';
import {
  addCommitment, applyForLoan, commitmentFile, approveLoan, contribute, createFund, disburseLoan, fundMembers, fundView, listFunds, listLoans, loanView, prepareLoan, repayLoan,
  updateRules, writeOffLoan, fundOrgs,
} from './fund.ts';
import { balanceSheetPdf, statementPdf, statementXlsx } from './fund-statement.ts';
import { charityRoutes } from './charity-routes.ts';
import { duesRoutes } from './dues-routes.ts';

const IdParams = z.object({ id: z.uuid() });
const Contribution = z.object({ fundId: z.uuid(), unitId: z.uuid(), amountFen: z.number().int(), postingId: z.uuid(), replayed: z.boolean() });

export async function moneyRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  const r = typed(app);
  const tags = ['money'];

  r.get('/api/v1/dues/sheet', {
    schema: { tags, summary: 'A branch\'s dues sheet for a month: its members, the amount due, paid or not, and each one\'s unpaid months this year (flagged at 3)', querystring: DuesSheetQuery, response: { 200: DuesSheet } },
  }, async (req) => duesSheet(ctx, principalOf(req), req.query));

  r.post('/api/v1/dues/amounts', {
    schema: { tags, summary: 'Set a member\'s monthly dues for a year from the declared income and category (the official table); a change of a set amount needs a reason', body: DuesAmountSet, response: { 200: DuesAmount } },
  }, async (req) => setDuesAmount(ctx, actorOf(req), req.body));

  r.post('/api/v1/dues/payments', {
    schema: { tags, summary: 'Record a dues payment (receipt number, cash or transfer, the months it covers), posted on the region\'s dues ledger; needs an Idempotency-Key', body: DuesPaymentCreate, response: { 201: DuesPayment, 200: DuesPayment } },
  }, async (req, reply) => {
    const key = idempotencyKeyOf(req);
    const out = await recordDuesPayment(ctx, actorOf(req), key, req.body);
    return reply.status(out.replayed ? 200 : 201).send(out);
  });

  // ── the bridge-loan fund (转贷互助资金) ──
  r.post('/api/v1/funds', {
    schema: { tags, summary: 'Create a bridge-loan fund of an org (the chamber) with its rules (caps, term, tiered fee, halt on overdue)', body: FundCreate, response: { 201: Fund } },
  }, async (req, reply) => reply.status(201).send(await createFund(ctx, actorOf(req), req.body)));

  r.get('/api/v1/funds', {
    schema: { tags, summary: 'The funds I may open: as an officer, approver or region admin, or as the liaison of a member enterprise', response: { 200: z.array(FundSummary) } },
  }, async (req) => listFunds(ctx, principalOf(req)));

  r.get('/api/v1/fund-orgs', {
    schema: { tags, summary: 'The orgs where I may create a bridge-loan fund (my fund officer grants), with how many funds each has', response: { 200: z.array(FundOrg) } },
  }, async (req) => fundOrgs(ctx, principalOf(req)));

  r.get('/api/v1/funds/:id', {
    schema: { tags, summary: 'A fund: its rules, balance sheet and figures computed from its ledger', params: IdParams, response: { 200: Fund } },
  }, async (req) => fundView(ctx, principalOf(req), req.params.id));

  r.put('/api/v1/funds/:id/rules', {
    schema: { tags, summary: 'Change a fund\'s rules (an approver; audited before/after)', params: IdParams, body: FundRules, response: { 200: Fund } },
  }, async (req) => updateRules(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/funds/:id/members', {
    schema: { tags, summary: 'Member enterprises with their capital, share and loans outstanding (a liaison sees their own)', params: IdParams, response: { 200: z.array(FundMember) } },
  }, async (req) => fundMembers(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/funds/:id/contributions', {
    schema: { tags, summary: 'A member enterprise contributes capital (posted on the fund\'s ledger); needs an Idempotency-Key', params: IdParams, body: ContributionCreate, response: { 201: Contribution, 200: Contribution } },
  }, async (req, reply) => {
    const key = idempotencyKeyOf(req);
    const out = await contribute(ctx, actorOf(req), key, req.params.id, req.body);
    return reply.status(out.replayed ? 200 : 201).send(out);
  });

  r.post('/api/v1/funds/:id/commitments', {
    schema: { tags, summary: 'Upload the bank\'s renewal commitment (转贷承诺; image or PDF, multipart field "file") for a member unit (?unitId=)', params: IdParams, querystring: z.object({ unitId: z.uuid() }), response: { 201: Commitment } },
  }, async (req, reply) => reply.status(201).send(await addCommitment(ctx, actorOf(req), req.params.id, req.query.unitId, () => receiveFile(req))));

  r.get('/api/v1/funds/:id/commitments/:commitmentId', {
    schema: { tags, summary: 'Download a renewal commitment (the fund\'s officers and approvers, or the enterprise\'s own liaison)', params: z.object({ id: z.uuid(), commitmentId: z.uuid() }) },
  }, async (req, reply) => sendStoredFile(reply, ctx.config, await commitmentFile(ctx, principalOf(req), req.params.id, req.params.commitmentId)));

  r.get('/api/v1/funds/:id/statement', {
    schema: { tags, summary: 'An enterprise\'s statement (xlsx): contributions and loans', params: IdParams, querystring: z.object({ unitId: z.uuid() }) },
  }, async (req, reply) => {
    const { buffer, fileName } = await statementXlsx(ctx, principalOf(req), req.params.id, req.query.unitId);
    return sendXlsx(reply, buffer, fileName);
  });

  r.get('/api/v1/funds/:id/statement.pdf', {
    schema: { tags, summary: 'An enterprise\'s statement (PDF, Chinese fonts): contributions and loans with fee and penalty', params: IdParams, querystring: z.object({ unitId: z.uuid() }) },
  }, async (req, reply) => {
    const { doc, fileName } = await statementPdf(ctx, principalOf(req), req.params.id, req.query.unitId);
    return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="statement.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(doc);
  });

  r.get('/api/v1/funds/:id/balance-sheet.pdf', {
    schema: { tags, summary: 'The fund\'s balance sheet (PDF, Chinese fonts) from its ledger: both sides, the balance check, the figures and the members\' capital', params: IdParams },
  }, async (req, reply) => {
    const { doc, fileName } = await balanceSheetPdf(ctx, principalOf(req), req.params.id);
    return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="balance-sheet.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(doc);
  });

  r.post('/api/v1/loans', {
    schema: { tags, summary: 'Apply for a bridge loan (the enterprise\'s liaison): the caps are checked at once, every reason listed', body: LoanApply, response: { 201: Loan } },
  }, async (req, reply) => reply.status(201).send(await applyForLoan(ctx, actorOf(req), req.body)));

  r.get('/api/v1/loans', {
    schema: { tags, summary: 'A fund\'s loans by status or overdue (the queues); a liaison sees their own', querystring: LoanListQuery, response: { 200: LoanList } },
  }, async (req) => listLoans(ctx, principalOf(req), req.query));

  r.get('/api/v1/loans/:id', { schema: { tags, summary: 'A loan', params: IdParams, response: { 200: Loan } } }, async (req) => loanView(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/loans/:id/prepare', {
    schema: { tags, summary: 'Prepare an application (a fund officer: the maker)', params: IdParams, response: { 200: Loan } },
  }, async (req) => prepareLoan(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/loans/:id/approve', {
    schema: { tags, summary: 'Approve a prepared loan (an approver; never the one who prepared it)', params: IdParams, response: { 200: Loan } },
  }, async (req) => approveLoan(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/loans/:id/disburse', {
    schema: { tags, summary: 'Disburse an approved loan: one pending transfer on the fund\'s ledger; needs an Idempotency-Key', params: IdParams, response: { 200: Loan } },
  }, async (req) => disburseLoan(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id));

  r.post('/api/v1/loans/:id/repay', {
    schema: { tags, summary: 'Repayment once the bank re-lent: posts the disbursement back and charges the tiered fee; needs an Idempotency-Key', params: IdParams, body: Repayment, response: { 200: Loan } },
  }, async (req) => repayLoan(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, req.body));

  r.post('/api/v1/loans/:id/write-off', {
    schema: { tags, summary: 'Write an overdue loan off as a bad debt, by a recorded decision (an approver); needs an Idempotency-Key', params: IdParams, body: WriteOff, response: { 200: Loan } },
  }, async (req) => writeOffLoan(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, req.body));

  await charityRoutes(app, ctx);
  await duesRoutes(app, ctx);
}
