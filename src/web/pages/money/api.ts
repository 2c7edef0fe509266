/** Typed calls of the party-dues API, from the shared contract src/shared/money.ts (types only). */
import type { DuesAmount, DuesAmountSet, DuesPayment, DuesPaymentCreate, DuesSheet as DuesSheetSchema, DUES_METHODS } from '../../../shared/money.ts';
import type { DuesCategory } from '../../../shared/dues.ts';
import { everyValue, request, type Body, type Reply } from '../../api.ts';

export type DuesSheet = Reply<typeof DuesSheetSchema>;
export type DuesRow = DuesSheet['rows'][number];
export type DuesMethod = (typeof DUES_METHODS)[number];

export const DUES_CATEGORY_LIST = everyValue<DuesCategory>()(['employed', 'retired', 'student', 'unemployed', 'allowance']);
export const DUES_METHOD_LIST = everyValue<DuesMethod>()(['cash', 'transfer']);

export const moneyApi = {
  sheet: (query: { orgId: string; year: number; month: number }, signal?: AbortSignal) => request<DuesSheet>('/api/v1/dues/sheet', { query, signal }),
  setAmount: (body: Body<typeof DuesAmountSet>) => request<Reply<typeof DuesAmount>>('/api/v1/dues/amounts', { method: 'POST', body }),
  /** `key`: one Idempotency-Key per payment form opened, so a retried submit records the payment once */
  pay: (body: Body<typeof DuesPaymentCreate>, key: string) =>
    request<Reply<typeof DuesPayment>>('/api/v1/dues/payments', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
};

/** fen → "¥12.30" */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
