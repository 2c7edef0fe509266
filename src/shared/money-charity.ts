/** Charity funds (慈善基金): bodies, queries and answers shared by the server and the web (issue 15 §3, docs/money.md). */
import { z } from 'zod';
import { pageNumber } from './api.ts';
import { isoDate } from './dates.ts';

/** one donation or disbursement: whole positive fen, at most ¥10 billion (a larger figure is a typo, not a gift) */
export const CharityFen = z.number().int().min(1).max(1_000_000_000_000);

/** endowment = 留本捐息 (principal kept, only its income spent); spend = 捐本捐息 (principal spent) */
export const CHARITY_KINDS = ['endowment', 'spend'] as const;
export const CharityKind = z.enum(CHARITY_KINDS);
export type CharityKind = z.infer<typeof CharityKind>;

/** 扶贫济困, 捐资助学, 扶老助残, 医疗救助, 赈灾救援, 其他 */
export const CHARITY_PURPOSES = ['poverty', 'education', 'elderly', 'medical', 'disaster', 'other'] as const;
export const CharityPurpose = z.enum(CHARITY_PURPOSES);
export type CharityPurpose = z.infer<typeof CharityPurpose>;

export const DonorKind = z.enum(['unit', 'person']);

/** An org where the caller may create a charity fund (GET /api/v1/charity-orgs). */
export const CharityOrg = z.object({ orgId: z.uuid(), name: z.string(), regionId: z.uuid(), funds: z.number().int() });

export const CharityFundCreate = z.strictObject({ orgId: z.uuid(), name: z.string().trim().min(1).max(100), kind: CharityKind });

export const CharityBalance = z.object({
  /** kept principal (留本): never spent */
  principalFen: z.number().int(),
  /** what may be spent: income (留本) or the donations (捐本), less disbursed and less what prepared disbursements reserve */
  spendableFen: z.number().int(),
  reservedFen: z.number().int(),
  donatedFen: z.number().int(),
  incomeFen: z.number().int(),
  disbursedFen: z.number().int(),
  balanced: z.boolean(),
});

export const CharityFund = z.object({
  id: z.uuid(), regionId: z.uuid(), orgId: z.uuid(), orgName: z.string(), name: z.string(), kind: CharityKind, ledgerId: z.uuid(),
  balance: CharityBalance,
  donations: z.number().int(), donors: z.number().int(),
  /** the public disclosure page (公示), null once revoked */
  publicPath: z.string().nullable(),
  /** what the caller may do here */
  can: z.object({ prepare: z.boolean(), approve: z.boolean() }),
});
export type CharityFund = z.infer<typeof CharityFund>;

export const Donor = z.strictObject({
  donorKind: DonorKind,
  /** an enterprise or organisation of the directory (donorKind unit), optional: a donor outside the directory is named only */
  unitId: z.uuid().nullable().optional(),
  donorName: z.string().trim().min(1).max(100),
  /** shown as 爱心人士/爱心企业 on the public page */
  anonymous: z.boolean().default(false),
});

export const DonationCreate = Donor.extend({
  amountFen: CharityFen,
  receivedOn: isoDate.optional(),
  /** the receipt number (unique within the fund and year); the next number is given when omitted */
  receiptNo: z.string().trim().min(1).max(40).regex(/^[\w-]+$/).optional(),
  /** a payment against a pledge of this fund */
  pledgeId: z.uuid().nullable().optional(),
  memo: z.string().trim().max(200).optional(),
});
export type DonationCreate = z.infer<typeof DonationCreate>;

export const Donation = z.object({
  id: z.uuid(), fundId: z.uuid(), year: z.number().int(), receiptNo: z.string(), donorKind: DonorKind, unitId: z.uuid().nullable(), donorName: z.string(),
  anonymous: z.boolean(), amountFen: z.number().int(), receivedOn: z.string(), pledgeId: z.uuid().nullable(), source: z.string(), sourceRef: z.string().nullable(),
  memo: z.string(), postingId: z.uuid(), createdAt: z.string(), replayed: z.boolean().optional(),
});
export type Donation = z.infer<typeof Donation>;

export const DonationList = z.object({ items: z.array(Donation), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const DonationListQuery = z.object({ page: pageNumber, pageSize: z.coerce.number().int().min(1).max(100).default(20) });

export const PledgeCreate = Donor.extend({ totalFen: CharityFen, pledgedOn: isoDate.optional(), memo: z.string().trim().max(200).optional() });
export const Pledge = z.object({
  id: z.uuid(), fundId: z.uuid(), donorKind: DonorKind, unitId: z.uuid().nullable(), donorName: z.string(), anonymous: z.boolean(),
  totalFen: z.number().int(), paidFen: z.number().int(), remainingFen: z.number().int(), payments: z.number().int(), pledgedOn: z.string(), memo: z.string(),
});
export type Pledge = z.infer<typeof Pledge>;

export const IncomeCreate = z.strictObject({ amountFen: CharityFen, memo: z.string().trim().min(1).max(200), receivedOn: isoDate.optional() });
export const Income = z.object({ fundId: z.uuid(), amountFen: z.number().int(), memo: z.string(), postingId: z.uuid(), replayed: z.boolean().optional() });

export const DisbursementCreate = z.strictObject({
  beneficiary: z.string().trim().min(1).max(100), purpose: CharityPurpose, amountFen: CharityFen, note: z.string().trim().max(500).optional(),
});
export const DISBURSEMENT_STATUSES = ['prepared', 'approved', 'rejected'] as const;
export const Disbursement = z.object({
  id: z.uuid(), fundId: z.uuid(), beneficiary: z.string(), purpose: CharityPurpose, amountFen: z.number().int(), note: z.string(),
  status: z.enum(DISBURSEMENT_STATUSES), preparedBy: z.uuid().nullable(), preparedByName: z.string().nullable(), preparedAt: z.string(),
  approvedBy: z.uuid().nullable(), approvedByName: z.string().nullable(), approvedAt: z.string().nullable(), replayed: z.boolean().optional(),
});
export type Disbursement = z.infer<typeof Disbursement>;
export const DisbursementListQuery = z.object({ status: z.enum(DISBURSEMENT_STATUSES).optional() });

export const CharityFundSummary = z.object({ id: z.uuid(), name: z.string(), kind: CharityKind, orgId: z.uuid(), regionId: z.uuid(), role: z.enum(['officer', 'approver']) });

/** The public disclosure (公示): what anyone with the link may see. */
export const CharityDisclosure = z.object({
  name: z.string(), kind: CharityKind, orgName: z.string(), asOf: z.string(),
  totals: z.object({ donatedFen: z.number().int(), donations: z.number().int(), incomeFen: z.number().int(), disbursedFen: z.number().int(), disbursements: z.number().int(), principalFen: z.number().int(), spendableFen: z.number().int() }),
  /** the latest donations, donor names unless anonymous (null) */
  donations: z.array(z.object({ receivedOn: z.string(), donor: z.string().nullable(), donorKind: DonorKind, amountFen: z.number().int() })),
  byPurpose: z.array(z.object({ purpose: CharityPurpose, count: z.number().int(), amountFen: z.number().int() })),
  disbursements: z.array(z.object({ approvedOn: z.string(), beneficiary: z.string(), purpose: CharityPurpose, amountFen: z.number().int() })),
});
export type CharityDisclosure = z.infer<typeof CharityDisclosure>;
