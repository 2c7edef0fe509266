import { DuesAmount, DuesAmountSet, DuesPayment, DuesPaymentCreate, DuesSheet, DuesSheetQuery } from '../../../shared/money.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { idempotencyKeyOf } from '../../platform/ledger/idempotency.ts';
import { duesSheet, recordDuesPayment, setDuesAmount } from './dues.ts';

export async function moneyRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
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
}
