/** The party dues routes of the second slice (docs/money.md): corrections, branches, arrears, payments, mine, disclosure. */
import { z } from 'zod';
import {
  DuesArrears, DuesArrearsQuery, DuesBranch, DuesCorrection, DuesCorrectionCreate, DuesDisclosure, DuesDisclosureQuery, DuesPaymentItem, DuesPaymentListQuery,
  DuesImportResult, DuesImportTemplateQuery, MyDuesQuery, MyDuesYear,
} from '../../../shared/money.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { idempotencyKeyOf } from '../../platform/ledger/idempotency.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { duesImportTemplate, importDuesBases } from './dues-import.ts';
import { correctDuesPayment, duesArrears, duesBranches, duesDisclosure, listDuesPayments, myDuesYear } from './dues-more.ts';

export async function duesRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['money'];

  r.get('/api/v1/dues/branches', {
    schema: { tags, summary: 'The branches whose dues I read (a collector: the branch granted), and whether I collect there', response: { 200: z.array(DuesBranch) } },
  }, async (req) => duesBranches(ctx, principalOf(req)));

  r.get('/api/v1/dues/arrears', {
    schema: { tags, summary: 'Arrears across the branches of a committee: members 3+ months behind this year, warned at 5 (the platform warns, it decides nothing)', querystring: DuesArrearsQuery, response: { 200: DuesArrears } },
  }, async (req) => duesArrears(ctx, principalOf(req), req.query));

  r.get('/api/v1/dues/payments', {
    schema: { tags, summary: 'A branch\'s payments of a year (or one member\'s), newest first, with their corrections', querystring: DuesPaymentListQuery, response: { 200: z.array(DuesPaymentItem) } },
  }, async (req) => listDuesPayments(ctx, principalOf(req), req.query));

  r.post('/api/v1/dues/payments/:id/corrections', {
    schema: {
      tags, summary: 'Correct a payment: reversed on the ledger (the reversal names the corrected posting) and its months freed; never an edit. Needs an Idempotency-Key',
      params: z.object({ id: z.uuid() }), body: DuesCorrectionCreate, response: { 201: DuesCorrection, 200: DuesCorrection },
    },
  }, async (req, reply) => {
    const key = idempotencyKeyOf(req);
    const out = await correctDuesPayment(ctx, actorOf(req), key, req.params.id, req.body);
    return reply.status(out.replayed ? 200 : 201).send(out);
  });

  r.get('/api/v1/dues/import-template', {
    schema: { tags, summary: 'The template of a branch\'s members for the year\'s dues bases (xlsx, prefilled with what is set)', querystring: DuesImportTemplateQuery },
  }, async (req, reply) => {
    const { buffer, fileName } = await duesImportTemplate(ctx, principalOf(req), req.query);
    return sendXlsx(reply, buffer, fileName);
  });

  r.post('/api/v1/dues/import', {
    schema: {
      tags, summary: 'Import the year\'s dues bases of a branch (multipart: orgId, year, file); all rows or none, every problem of every row reported',
      consumes: ['multipart/form-data'], response: { 200: DuesImportResult },
    },
  }, async (req) => importDuesBases(ctx, actorOf(req), req));

  r.get('/api/v1/dues/mine', {
    schema: { tags, summary: 'My own dues for a year: the monthly amount, months paid and unpaid, what I owe, my receipts', querystring: MyDuesQuery, response: { 200: MyDuesYear } },
  }, async (req) => myDuesYear(ctx, principalOf(req), req.query.year));

  r.get('/api/v1/dues/disclosure', {
    schema: { tags, summary: 'A branch\'s yearly dues disclosure (党费收缴公示) to its own members: per member the months paid and the amount, totals', querystring: DuesDisclosureQuery, response: { 200: DuesDisclosure } },
  }, async (req) => duesDisclosure(ctx, principalOf(req), req.query));
}
