import { z } from 'zod';
import { isoDate } from './dates.ts';

/**
 * The projects list (项目清单) of a joint meeting or grid: a need matched with a resource, or a decision of the joint
 * meeting, becomes a co-building project with the member units involved, an owner org, milestones and an outcome. The
 * project itself is a cluster project (level `cobuild`: its page, milestones, progress reports and photos are the
 * cluster's); this is what links it to the co-building records. The contract of src/server/modules/cobuild/projects*.ts.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const CoprojectCreate = z.strictObject({
  allianceId: z.uuid(),
  /** the source: a need of the joint meeting (optionally with a resource linked to it), or a decided agenda item; at least one */
  needId: z.uuid().nullable().optional(),
  resourceId: z.uuid().nullable().optional(),
  agendaItemId: z.uuid().nullable().optional(),
  title: text(100),
  /** the org that owns the project: a member org of the joint meeting or its lead org (the default) */
  ownerOrgId: z.uuid().nullable().optional(),
  /** the member units taking part */
  unitIds: z.array(z.uuid()).max(100).default([]),
  goals: z.string().trim().max(2000).default(''),
  startOn: isoDate,
  endOn: isoDate,
  milestones: z.array(z.strictObject({ title: text(100), dueOn: isoDate })).max(50).default([]),
});
export const CoprojectUpdate = z.strictObject({
  unitIds: z.array(z.uuid()).max(100).optional(),
  /** what it achieved (成效), written when it closes */
  outcome: z.string().trim().max(2000).optional(),
});

export const Coproject = z.object({
  projectId: z.string(), regionId: z.string(), allianceId: z.string(), title: z.string(),
  status: z.string(), progress: z.number().int(), startOn: z.string(), endOn: z.string(),
  ownerOrgId: z.string(), ownerOrgName: z.string(),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  need: z.object({ id: z.string(), title: z.string() }).nullable(),
  resource: z.object({ id: z.string(), title: z.string() }).nullable(),
  item: z.object({ id: z.string(), title: z.string(), meetingId: z.string() }).nullable(),
  milestones: z.number().int(), milestonesDone: z.number().int(),
  outcome: z.string(), createdByName: z.string().nullable(), createdAt: z.string(),
  /** the reader may change it (the office) */
  mayUpdate: z.boolean(),
});
export type Coproject = z.infer<typeof Coproject>;

export const CoprojectListQuery = z.strictObject({
  allianceId: z.uuid(),
  needId: z.uuid().optional(),
  agendaItemId: z.uuid().optional(),
});
