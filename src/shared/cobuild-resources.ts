import { z } from 'zod';
import { NEED_CATEGORIES } from './cobuild.ts';
import { isoDate } from './dates.ts';

/**
 * The resources list (资源清单) of a joint meeting or grid: what member units and orgs offer (venues, skills, jobs, funds,
 * goods, volunteer time) in the needs' categories, with quantity or capacity, conditions and availability; matching
 * suggestions for a need, and the office linking a resource to a need. The contract of
 * src/server/modules/cobuild/resources*.ts.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** who sees a resource besides the office and its owner: the alliance's members, or everyone answering for a party of the region */
export const RESOURCE_VISIBILITIES = ['alliance', 'region'] as const;
export const RESOURCE_MAX_QUANTITY = 100000;
/** why a resource and a need match: always the category; the same joint meeting or shown to the region; enough capacity; shared tags */
export const MATCH_REASONS = ['category', 'alliance', 'region', 'capacity', 'tags'] as const;

export const ResourceCreate = z.strictObject({
  allianceId: z.uuid(),
  /** the member offering it: a unit (its liaison offers) or an org (its secretary); one of the two */
  unitId: z.uuid().nullable().optional(),
  orgId: z.uuid().nullable().optional(),
  category: z.enum(NEED_CATEGORIES),
  title: text(100),
  description: z.string().trim().max(2000).default(''),
  /** quantity or capacity (a court for 30 people, 5 jobs) */
  quantity: z.number().int().min(1).max(RESOURCE_MAX_QUANTITY).default(1),
  /** conditions of use (weekdays after 17:00, by booking) */
  conditions: z.string().trim().max(500).default(''),
  /** offered until (inclusive; none: open-ended) */
  availableUntil: isoDate.nullable().optional(),
  visibility: z.enum(RESOURCE_VISIBILITIES).default('alliance'),
  tags: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
});
export const ResourceUpdate = z.strictObject({
  title: text(100).optional(),
  description: z.string().trim().max(2000).optional(),
  quantity: z.number().int().min(1).max(RESOURCE_MAX_QUANTITY).optional(),
  conditions: z.string().trim().max(500).optional(),
  availableUntil: isoDate.nullable().optional(),
  /** withdrawn from the list (kept for the needs it served) */
  withdrawn: z.boolean().optional(),
  visibility: z.enum(RESOURCE_VISIBILITIES).optional(),
  tags: z.array(z.string().trim().min(1).max(20)).max(10).optional(),
});

export const Resource = z.object({
  id: z.string(), regionId: z.string(), allianceId: z.string(), allianceName: z.string(),
  unitId: z.string().nullable(), orgId: z.string().nullable(), partyName: z.string(),
  category: z.enum(NEED_CATEGORIES), title: z.string(), description: z.string(), quantity: z.number().int(), conditions: z.string(),
  availableUntil: z.string().nullable(), visibility: z.enum(RESOURCE_VISIBILITIES), tags: z.array(z.string()), withdrawn: z.boolean(),
  /** offered today: not withdrawn and not past availableUntil (Beijing date) */
  available: z.boolean(),
  /** needs it is linked to */
  needs: z.number().int(),
  offeredByName: z.string().nullable(), createdAt: z.string(),
  /** the reader may change it (the office, or whoever answers for its owner) */
  mayUpdate: z.boolean(),
});
export const ResourceListQuery = z.strictObject({
  allianceId: z.uuid().optional(),
  category: z.enum(NEED_CATEGORIES).optional(),
  /** only those offered today */
  available: z.enum(['1', 'true']).optional(),
  /** only those of members I answer for */
  mine: z.enum(['1', 'true']).optional(),
});

export const ResourceSuggestion = Resource.extend({
  /** higher first: same category (required), same alliance (+2), capacity covering the slots still open (+1), +1 per tag shared with the need */
  score: z.number().int(),
  reasons: z.array(z.enum(MATCH_REASONS)),
});
export const NeedResources = z.object({
  /** resources the office linked to this need */
  linked: z.array(Resource.extend({ linkedAt: z.string(), linkedByName: z.string().nullable() })),
  /** available resources that could serve it, best first (not yet linked) */
  suggestions: z.array(ResourceSuggestion),
});
export const ResourceLink = z.strictObject({ resourceId: z.uuid() });

/** A need a resource serves or could serve (the office's view from the resource's side). */
export const ResourceNeed = z.object({
  id: z.string(), title: z.string(), category: z.enum(NEED_CATEGORIES), status: z.string(), partyName: z.string(), allianceName: z.string(),
  quantity: z.number().int(), filled: z.number().int(), wantedBy: z.string().nullable(),
});
export const ResourceNeeds = z.object({
  /** needs the resource is linked to */
  linked: z.array(ResourceNeed),
  /** open needs of the resource's category it could serve, best first: of joint meetings the reader runs, same one +2, its quantity covering the open slots +1 */
  suggestions: z.array(ResourceNeed.extend({ score: z.number().int(), reasons: z.array(z.enum(MATCH_REASONS)) })),
});
