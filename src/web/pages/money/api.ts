/** Typed calls of the party-dues and bridge-loan fund API, from the shared contracts src/shared/money.ts and money-fund.ts (types only). */
import type { DuesAmount, DuesAmountSet, DuesPayment, DuesPaymentCreate, DuesSheet as DuesSheetSchema, DUES_METHODS } from '../../../shared/money.ts';
import type { DuesCategory } from '../../../shared/dues.ts';
import type {
  Commitment as CommitmentSchema, ContributionCreate, Fund as FundSchema, FundCreate, FundOrg as FundOrgSchema, FundRules, FundMember as FundMemberSchema, FundSummary as FundSummarySchema,
  Loan as LoanSchema, LoanApply, LoanListQuery, LOAN_STATUSES, Repayment, WriteOff,
} from '../../../shared/money-fund.ts';
import type {
  CharityDisclosure as CharityDisclosureSchema, CharityFund as CharityFundSchema, CharityFundCreate, CharityFundSummary as CharityFundSummarySchema, CharityOrg as CharityOrgSchema, CHARITY_KINDS, CHARITY_PURPOSES,
  Disbursement as DisbursementSchema, DisbursementCreate, Donation as DonationSchema, DonationCreate, IncomeCreate, Pledge as PledgeSchema, PledgeCreate,
} from '../../../shared/money-charity.ts';
import { everyValue, request, upload, withQuery, type Body, type Page, type Reply, type UploadProgress } from '../../api.ts';

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

/** fen → "¥12.30", "¥4,000,800.00" */
export const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

// ── the bridge-loan mutual-aid fund (转贷互助资金), from src/shared/money-fund.ts ──
export type FundSummary = Reply<typeof FundSummarySchema>;
export type Fund = Reply<typeof FundSchema>;
export type FundMember = Reply<typeof FundMemberSchema>;
export type Loan = Reply<typeof LoanSchema>;
export type LoanStatus = (typeof LOAN_STATUSES)[number];
export type LoanQueue = Exclude<Body<typeof LoanListQuery>['status'], undefined>;
export type Commitment = Reply<typeof CommitmentSchema>;
export type FundOrg = Reply<typeof FundOrgSchema>;
export type FundRulesBody = Body<typeof FundRules>;

export const LOAN_STATUS_LIST = everyValue<LoanStatus>()(['applied', 'prepared', 'approved', 'disbursed', 'repaid', 'written_off']);
export const LOAN_QUEUE_LIST = everyValue<LoanQueue>()(['applied', 'prepared', 'approved', 'disbursed', 'due_soon', 'overdue', 'repaid', 'written_off']);

/** One Idempotency-Key per opened money form: a submit retried after a lost answer moves the money once. */
const key = (k: string) => ({ 'Idempotency-Key': k });

export const fundApi = {
  funds: (signal?: AbortSignal) => request<FundSummary[]>('/api/v1/funds', { signal }),
  fund: (id: string, signal?: AbortSignal) => request<Fund>(`/api/v1/funds/${id}`, { signal }),
  members: (id: string, signal?: AbortSignal) => request<FundMember[]>(`/api/v1/funds/${id}/members`, { signal }),
  contribute: (id: string, body: Body<typeof ContributionCreate>, k: string) =>
    request<{ amountFen: number; replayed: boolean }>(`/api/v1/funds/${id}/contributions`, { method: 'POST', body, headers: key(k) }),
  uploadCommitment: (id: string, unitId: string, file: File, onProgress?: (p: UploadProgress) => void) => {
    const form = new FormData();
    form.append('file', file);
    return upload<Commitment>(`/api/v1/funds/${id}/commitments`, { body: form, query: { unitId }, onProgress });
  },
  commitmentUrl: (id: string, commitmentId: string) => `/api/v1/funds/${id}/commitments/${commitmentId}`,
  statementUrl: (id: string, unitId: string) => withQuery(`/api/v1/funds/${id}/statement`, { unitId }),
  statementPdfUrl: (id: string, unitId: string) => withQuery(`/api/v1/funds/${id}/statement.pdf`, { unitId }),
  balanceSheetPdfUrl: (id: string) => `/api/v1/funds/${id}/balance-sheet.pdf`,
  fundOrgs: (signal?: AbortSignal) => request<FundOrg[]>('/api/v1/fund-orgs', { signal }),
  create: (body: Body<typeof FundCreate>) => request<Fund>('/api/v1/funds', { method: 'POST', body }),
  updateRules: (id: string, body: Body<typeof FundRules>) => request<Fund>(`/api/v1/funds/${id}/rules`, { method: 'PUT', body }),
  loans: (query: Body<typeof LoanListQuery>, signal?: AbortSignal) => request<Page<Loan>>('/api/v1/loans', { query, signal }),
  apply: (body: Body<typeof LoanApply>) => request<Loan>('/api/v1/loans', { method: 'POST', body }),
  prepare: (id: string) => request<Loan>(`/api/v1/loans/${id}/prepare`, { method: 'POST' }),
  approve: (id: string) => request<Loan>(`/api/v1/loans/${id}/approve`, { method: 'POST' }),
  disburse: (id: string, k: string) => request<Loan>(`/api/v1/loans/${id}/disburse`, { method: 'POST', headers: key(k) }),
  repay: (id: string, body: Body<typeof Repayment>, k: string) => request<Loan>(`/api/v1/loans/${id}/repay`, { method: 'POST', body, headers: key(k) }),
  writeOff: (id: string, body: Body<typeof WriteOff>, k: string) => request<Loan>(`/api/v1/loans/${id}/write-off`, { method: 'POST', body, headers: key(k) }),
};

/** basis points → "12.34%" */
export const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;
/** yuan typed in a form (2 decimals) → fen */
export const toFen = (yuanValue: number) => Math.round(yuanValue * 100);

// ── charity funds (慈善基金), from src/shared/money-charity.ts ──
export type CharityFund = Reply<typeof CharityFundSchema>;
export type CharityFundSummary = Reply<typeof CharityFundSummarySchema>;
export type CharityOrg = Reply<typeof CharityOrgSchema>;
export type Donation = Reply<typeof DonationSchema>;
export type Pledge = Reply<typeof PledgeSchema>;
export type Disbursement = Reply<typeof DisbursementSchema>;
export type CharityDisclosure = Reply<typeof CharityDisclosureSchema>;
export type CharityPurpose = (typeof CHARITY_PURPOSES)[number];
export type CharityKind = (typeof CHARITY_KINDS)[number];
export const CHARITY_KIND_LIST = everyValue<CharityKind>()(['endowment', 'spend']);
export const CHARITY_PURPOSE_LIST = everyValue<CharityPurpose>()(['poverty', 'education', 'elderly', 'medical', 'disaster', 'other']);

export const charityApi = {
  funds: (signal?: AbortSignal) => request<CharityFundSummary[]>('/api/v1/charity-funds', { signal }),
  fund: (id: string, signal?: AbortSignal) => request<CharityFund>(`/api/v1/charity-funds/${id}`, { signal }),
  /** the orgs where I may create a charity fund */
  orgs: (signal?: AbortSignal) => request<CharityOrg[]>('/api/v1/charity-orgs', { signal }),
  create: (body: Body<typeof CharityFundCreate>) => request<CharityFund>('/api/v1/charity-funds', { method: 'POST', body }),
  donations: (id: string, query: { page: number; pageSize: number }, signal?: AbortSignal) =>
    request<{ items: Donation[]; total: number; page: number; pageSize: number }>(`/api/v1/charity-funds/${id}/donations`, { query, signal }),
  donate: (id: string, body: Body<typeof DonationCreate>, k: string) => request<Donation>(`/api/v1/charity-funds/${id}/donations`, { method: 'POST', body, headers: key(k) }),
  receiptUrl: (id: string, donationId: string) => `/api/v1/charity-funds/${id}/donations/${donationId}/receipt.pdf`,
  pledges: (id: string, signal?: AbortSignal) => request<Pledge[]>(`/api/v1/charity-funds/${id}/pledges`, { signal }),
  pledge: (id: string, body: Body<typeof PledgeCreate>) => request<Pledge>(`/api/v1/charity-funds/${id}/pledges`, { method: 'POST', body }),
  income: (id: string, body: Body<typeof IncomeCreate>, k: string) => request<unknown>(`/api/v1/charity-funds/${id}/income`, { method: 'POST', body, headers: key(k) }),
  disbursements: (id: string, status: Disbursement['status'] | undefined, signal?: AbortSignal) =>
    request<Disbursement[]>(`/api/v1/charity-funds/${id}/disbursements`, { query: { status }, signal }),
  prepare: (id: string, body: Body<typeof DisbursementCreate>, k: string) =>
    request<Disbursement>(`/api/v1/charity-funds/${id}/disbursements`, { method: 'POST', body, headers: key(k) }),
  decide: (id: string, action: 'approve' | 'reject', k: string) => request<Disbursement>(`/api/v1/charity-disbursements/${id}/${action}`, { method: 'POST', headers: key(k) }),
  link: (id: string, action: 'revoke' | 'reissue') => request<CharityFund>(`/api/v1/charity-funds/${id}/link/${action}`, { method: 'POST' }),
  disclosure: (token: string, signal?: AbortSignal) => request<CharityDisclosure>(`/api/v1/public/charity/${encodeURIComponent(token)}`, { signal }),
};
