import { z } from 'zod';
import { pageNumber, SelectedIds } from './api.ts';
import { isoDate } from './dates.ts';

export const ORG_KINDS = ['committee', 'general_branch', 'branch'] as const;
export const UNIT_KINDS = ['enterprise', 'school', 'hospital', 'army', 'bank', 'community', 'village', 'agency', 'other'] as const;
export const ALLIANCE_KINDS = ['cluster', 'grid', 'joint_meeting'] as const;


export const Region = z.object({ id: z.string(), code: z.string(), name: z.string(), district: z.string().nullable() });

export const Org = z.object({
  id: z.string(),
  regionId: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(ORG_KINDS),
  name: z.string(),
  path: z.string(),
  depth: z.number().int(),
  secretaryName: z.string().nullable(),
  foundedOn: z.string().nullable(),
  termStart: z.string().nullable(),
  termEnd: z.string().nullable(),
  unitId: z.string().nullable(),
});
export type Org = z.infer<typeof Org>;

export const OrgCreate = z.strictObject({
  regionId: z.uuid().optional(),
  parentId: z.uuid().nullable().optional(),
  kind: z.enum(ORG_KINDS),
  name: z.string().trim().min(1).max(100),
  secretaryName: z.string().trim().max(50).nullable().optional(),
  foundedOn: isoDate.nullable().optional(),
  termStart: isoDate.nullable().optional(),
  termEnd: isoDate.nullable().optional(),
  unitId: z.uuid().nullable().optional(),
});

export const OrgUpdate = OrgCreate.omit({ regionId: true }).partial();

export const OrgListQuery = z.strictObject({
  regionId: z.uuid().optional(),
  parentId: z.uuid().optional(),
  q: z.string().max(100).optional(),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(2000).default(200),
});

export const MEMBER_STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const;
export type MemberStage = (typeof MEMBER_STAGES)[number];
export const MEMBER_STATUSES = ['normal', 'lost_contact', 'abroad', 'deceased', 'left', 'transferred_out'] as const;
export const GENDERS = ['M', 'F'] as const;
export const MEMBER_TAGS_SUGGESTED = ['lecturer', 'volunteer', 'veteran', 'young', 'secretary', 'entrepreneur', 'technician'] as const;

const tag = z.string().trim().min(1).max(20);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();

/**
 * A person's name as typed or as a roster aligns it: trimmed, inner whitespace runs (U+3000 ideographic
 * space, NBSP, tabs) made one space, and no space at all between two Chinese characters — 王\u3000芳 and
 * 王 芳 are 王芳 (padding is alignment, not part of the name); 阿依古丽 · 买买提 and Latin names keep one space.
 */
export function normalizeName(s: string): string {
  return s.trim().replace(/\s+/gu, ' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
}
const personName = (max: number) => z.string().overwrite(normalizeName).min(1).max(max);

export const MemberInput = z.strictObject({
  orgId: z.uuid(),
  name: personName(50),
  gender: z.enum(GENDERS),
  ethnicity: optText(20),
  birthDate: isoDate,
  idNumber: z.string().trim().min(1).max(30),
  education: optText(30),
  occupation: optText(50),
  phone: z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'field.phone').nullable().optional(),
  address: optText(200),
  stage: z.enum(MEMBER_STAGES),
  appliedOn: isoDate.nullable().optional(),
  activistOn: isoDate.nullable().optional(),
  candidateOn: isoDate.nullable().optional(),
  joinedOn: isoDate.nullable().optional(),
  fullOn: isoDate.nullable().optional(),
  status: z.enum(MEMBER_STATUSES).exclude(['transferred_out']).optional(),
  tags: z.array(tag).max(20).optional(),
});
export type MemberInput = z.infer<typeof MemberInput>;

export const MemberUpdate = MemberInput.omit({ orgId: true, stage: true }).partial();

export const Member = z.object({
  id: z.string(),
  regionId: z.string(),
  orgId: z.string(),
  orgName: z.string().nullable(),
  name: z.string(),
  namePinyin: z.string(),
  gender: z.enum(GENDERS),
  ethnicity: z.string().nullable(),
  /** the full date for readers holding `members.pii` on the member; null for others (they get birthYear) */
  birthDate: z.string().nullable(),
  birthYear: z.number().int(),
  /** whole years today (readers with `members.pii`); for others the age reached this year (year − birth year) */
  age: z.number().int(),
  /** masked for readers without `members.pii`: area code and check digit only (330205***********8) */
  idNumber: z.string(),
  education: z.string().nullable(),
  occupation: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  stage: z.enum(MEMBER_STAGES),
  category: z.enum(['full', 'probationary']).nullable(),
  appliedOn: z.string().nullable(),
  activistOn: z.string().nullable(),
  candidateOn: z.string().nullable(),
  joinedOn: z.string().nullable(),
  fullOn: z.string().nullable(),
  partyAge: z.number().int().nullable(),
  status: z.enum(MEMBER_STATUSES),
  tags: z.array(z.string()),
  /** true when ID number, phone and birth date are shown in full to this reader */
  pii: z.boolean(),
});
export type Member = z.infer<typeof Member>;

const csv = z.string().max(500).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const MemberListQuery = z.strictObject({
  regionId: z.uuid().optional(),
  orgId: z.uuid().optional(),
  stage: csv.optional(),
  category: z.enum(['full', 'probationary']).optional(),
  status: csv.optional(),
  gender: z.enum(GENDERS).optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  partyAgeMin: z.coerce.number().int().min(0).max(120).optional(),
  partyAgeMax: z.coerce.number().int().min(0).max(120).optional(),
  tags: csv.optional(),
  q: z.string().trim().max(50).optional(),
  sort: z.enum(['name', '-name', 'birthDate', '-birthDate', 'joinedOn', '-joinedOn', 'createdAt', '-createdAt']).optional(),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

export const MemberExportQuery = MemberListQuery.omit({ page: true, pageSize: true }).extend({ ids: SelectedIds.optional() });
export type MemberExportQuery = z.infer<typeof MemberExportQuery>;

export const AdvanceBody = z.strictObject({
  stage: z.enum(MEMBER_STAGES),
  date: isoDate,
});

export const TransferBody = z.strictObject({
  toOrgId: z.uuid(),
  date: isoDate,
  reason: z.string().trim().max(200).optional(),
});

export const Transfer = z.object({
  id: z.string(),
  memberId: z.string(),
  fromRegionId: z.string(),
  fromOrgId: z.string(),
  fromOrgName: z.string().nullable(),
  toRegionId: z.string(),
  toOrgId: z.string(),
  toOrgName: z.string().nullable(),
  transferredOn: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

export const DueItem = z.object({
  memberId: z.string(),
  name: z.string(),
  orgId: z.string(),
  orgName: z.string().nullable(),
  stage: z.enum(MEMBER_STAGES),
  nextStage: z.enum(MEMBER_STAGES),
  since: z.string(),
  dueOn: z.string(),
});

export const Unit = z.object({
  id: z.string(),
  regionId: z.string(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  industry: z.string().nullable(),
  staffCount: z.number().int().nullable(),
  aboveScale: z.boolean(),
  address: z.string().nullable(),
  liaisonName: z.string().nullable(),
  liaisonPhone: z.string().nullable(),
  orgId: z.string().nullable(),
});

export const UnitInput = z.strictObject({
  regionId: z.uuid(),
  kind: z.enum(UNIT_KINDS),
  name: z.string().trim().min(1).max(100),
  industry: optText(50),
  staffCount: z.number().int().min(0).max(1_000_000).nullable().optional(),
  aboveScale: z.boolean().optional(),
  address: optText(200),
  liaisonName: optText(50),
  liaisonPhone: z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'field.phone').nullable().optional(),
  orgId: z.uuid().nullable().optional(),
});
export const UnitUpdate = UnitInput.omit({ regionId: true }).partial();

export const UnitListQuery = z.strictObject({
  regionId: z.uuid().optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  aboveScale: z.enum(['true', 'false']).optional(),
  allianceId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

export const Alliance = z.object({
  id: z.string(),
  regionId: z.string(),
  kind: z.enum(ALLIANCE_KINDS),
  name: z.string(),
  leadOrgId: z.string().nullable(),
  leadOrgName: z.string().nullable(),
  description: z.string().nullable(),
  foundedOn: z.string().nullable(),
  orgCount: z.number().int(),
  unitCount: z.number().int(),
});

export const AllianceListQuery = z.strictObject({
  regionId: z.uuid().optional(),
  kind: z.enum(ALLIANCE_KINDS).optional(),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** An alliance as listed beside an org or unit that belongs to it. */
export const AllianceRef = z.object({ id: z.string(), name: z.string(), kind: z.enum(ALLIANCE_KINDS) });

export const AllianceDetail = Alliance.extend({
  orgs: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(ORG_KINDS) })),
  units: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(UNIT_KINDS) })),
  coordinators: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string() })),
});

export const AllianceInput = z.strictObject({
  regionId: z.uuid(),
  kind: z.enum(ALLIANCE_KINDS),
  name: z.string().trim().min(1).max(100),
  leadOrgId: z.uuid().nullable().optional(),
  description: optText(2000),
  foundedOn: isoDate.nullable().optional(),
});
export const AllianceUpdate = AllianceInput.omit({ regionId: true }).partial();
export const AllianceMembersBody = z.strictObject({
  orgIds: z.array(z.uuid()).max(500).optional(),
  unitIds: z.array(z.uuid()).max(500).optional(),
});

export const OrgTreeNode: z.ZodType<{
  id: string; name: string; kind: string; parentId: string | null; memberCount: number; branchCount: number;
  termEnd: string | null; children: unknown[];
}> = z.lazy(() => z.object({
  id: z.string(), name: z.string(), kind: z.string(), parentId: z.string().nullable(),
  memberCount: z.number().int(), branchCount: z.number().int(), termEnd: z.string().nullable(),
  children: z.array(OrgTreeNode),
})) as never;

export const MoveBody = z.strictObject({ parentId: z.uuid() });

/** How far a running import has got: rows read of the rows the sheet declares (0: unknown); done once answered. */
export const ImportProgress = z.object({ rows: z.number().int(), total: z.number().int(), done: z.boolean() });
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ImportResult = z.object({
  mode: z.enum(['check', 'import']),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  imported: z.boolean(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  errorsTruncated: z.boolean(),
  reportId: z.string().nullable(),
});

/** The header's search over members, organisations and units (each list as its own page would answer it). */
export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});

const hits = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const SearchResult = z.object({
  members: hits(z.object({ id: z.string(), name: z.string(), orgName: z.string(), stage: z.enum(MEMBER_STAGES) })),
  orgs: hits(z.object({ id: z.string(), name: z.string(), kind: z.enum(ORG_KINDS) })),
  units: hits(z.object({ id: z.string(), name: z.string(), kind: z.enum(UNIT_KINDS) })),
});
