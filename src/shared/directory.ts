import { z } from 'zod';

export const ORG_KINDS = ['committee', 'general_branch', 'branch'] as const;
export const UNIT_KINDS = ['enterprise', 'school', 'hospital', 'army', 'bank', 'community', 'village', 'other'] as const;
export const ALLIANCE_KINDS = ['cluster', 'grid', 'joint_meeting'] as const;

const isoDate = z.iso.date();

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
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(2000).default(200),
});
