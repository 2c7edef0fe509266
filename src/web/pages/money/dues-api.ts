/** Typed calls of the party dues' second slice (src/shared/money.ts): corrections, branches, arrears, payments, mine, disclosure. */
import type {
  DuesArrears as DuesArrearsSchema, DuesBranch as DuesBranchSchema, DuesCorrection, DuesCorrectionCreate, DuesDisclosure as DuesDisclosureSchema,
  DuesImportResult, DuesPaymentItem as DuesPaymentItemSchema, MyDuesYear as MyDuesYearSchema,
} from '../../../shared/money.ts';
import { request, upload, withQuery, type Body, type Reply } from '../../api.ts';

export type DuesBranch = Reply<typeof DuesBranchSchema>;
export type DuesArrears = Reply<typeof DuesArrearsSchema>;
export type DuesPaymentItem = Reply<typeof DuesPaymentItemSchema>;
export type MyDuesYear = Reply<typeof MyDuesYearSchema>;
export type DuesDisclosure = Reply<typeof DuesDisclosureSchema>;

export const duesApi = {
  branches: (signal?: AbortSignal) => request<DuesBranch[]>('/api/v1/dues/branches', { signal }),
  arrears: (query: { orgId: string; year: number }, signal?: AbortSignal) => request<DuesArrears>('/api/v1/dues/arrears', { query, signal }),
  payments: (query: { orgId: string; year: number; memberId?: string }, signal?: AbortSignal) => request<DuesPaymentItem[]>('/api/v1/dues/payments', { query, signal }),
  /** `key`: one Idempotency-Key per correction form opened */
  correct: (paymentId: string, body: Body<typeof DuesCorrectionCreate>, key: string) =>
    request<Reply<typeof DuesCorrection>>(`/api/v1/dues/payments/${paymentId}/corrections`, { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
  mine: (year: number, signal?: AbortSignal) => request<MyDuesYear>('/api/v1/dues/mine', { query: { year }, signal }),
  /** the branch's members for the year's bases (xlsx, prefilled) */
  importTemplateUrl: (orgId: string, year: number) => withQuery('/api/v1/dues/import-template', { orgId, year }),
  /** all rows or none: a refusal names every problem of every row (rows.<row>.<column>) */
  importBases: (file: File, orgId: string, year: number) => {
    const form = new FormData();
    form.append('orgId', orgId);
    form.append('year', String(year));
    form.append('file', file);
    return upload<Reply<typeof DuesImportResult>>('/api/v1/dues/import', { body: form });
  },
  disclosure: (query: { orgId: string; year: number }, signal?: AbortSignal) => request<DuesDisclosure>('/api/v1/dues/disclosure', { query, signal }),
};
