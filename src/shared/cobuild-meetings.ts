import { z } from 'zod';
import { isoDate } from './dates.ts';

/**
 * Joint meetings (联席会议): member roles and liaisons, the rotating host, meetings with attendees, agenda items
 * (议题) proposed before a deadline, minutes with a decision per item, and follow-up actions (督办) carried onto the
 * next meeting until done. The contract of src/server/modules/cobuild/meetings*.ts.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const MEMBER_ROLES = ['chair', 'vice_chair', 'member'] as const;
export const MEETING_KINDS = ['plenary', 'liaison', 'ad_hoc'] as const;
export const AGENDA_STATUSES = ['proposed', 'accepted', 'deferred'] as const;
export const ACTION_STATUSES = ['open', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A member of the alliance: a unit or an org (one of the two). */
export const PartyRef = z.strictObject({ unitId: z.uuid().nullable().optional(), orgId: z.uuid().nullable().optional() });
const party = { unitId: z.string().nullable(), orgId: z.string().nullable(), partyName: z.string() };

export const JointMember = z.object({
  ...party, kind: z.enum(['unit', 'org']), position: z.number().int(), role: z.enum(MEMBER_ROLES),
  liaisonUserId: z.string().nullable(), liaisonName: z.string().nullable(),
  /** the users who may be named its liaison (answering for it: its unit's liaison, its org's secretary); the office only, empty for others */
  liaisonCandidates: z.array(z.object({ userId: z.string(), name: z.string() })),
});
export const JointHost = z.object({ year: z.number().int(), ...party });
export const JointMeeting = z.object({
  id: z.string(), regionId: z.string(), name: z.string(), kind: z.string(),
  /** the reader is its office (reads everything of it) */
  office: z.boolean(),
  /** the reader manages it (cobuild.write: roles, hosts, meetings) */
  manage: z.boolean(),
  /** members the reader answers for (proposes items, sees actions) */
  myParties: z.array(z.object(party)),
});
export const JointMeetingDetail = JointMeeting.extend({ members: z.array(JointMember), hosts: z.array(JointHost) });

export const MembersUpdate = z.strictObject({
  /** the members in their order (the rotation follows it), each with its role and liaison; members left out keep no role */
  members: z.array(PartyRef.extend({ role: z.enum(MEMBER_ROLES).default('member'), liaisonUserId: z.uuid().nullable().optional() })).max(200),
});
export const HostsGenerate = z.strictObject({ fromYear: z.number().int().min(2000).max(2200), years: z.number().int().min(1).max(30) });
export const HostUpdate = PartyRef;

export const MeetingCreate = z.strictObject({
  allianceId: z.uuid(),
  kind: z.enum(MEETING_KINDS),
  title: text(100),
  heldOn: isoDate,
  place: z.string().trim().max(100).default(''),
  /** the host unit or org (default: the year's rotating host) */
  hostUnitId: z.uuid().nullable().optional(),
  hostOrgId: z.uuid().nullable().optional(),
  /** days before the meeting that agenda proposals close */
  agendaDays: z.number().int().min(0).max(60).default(7),
  /** attendees by member (default: every member) */
  attendees: z.array(PartyRef).max(200).optional(),
});
export const MeetingUpdate = z.strictObject({
  title: text(100).optional(), place: z.string().trim().max(100).optional(), heldOn: isoDate.optional(),
  agendaDays: z.number().int().min(0).max(60).optional(),
  minutes: z.string().trim().max(20000).optional(), recorderName: z.string().trim().max(50).nullable().optional(),
});
export const CheckIn = PartyRef.extend({ attendeeName: z.string().trim().max(50).nullable().optional() });

export const AgendaCreate = PartyRef.extend({
  title: text(100), description: z.string().trim().max(2000).default(''), needId: z.uuid().nullable().optional(),
});
export const AgendaReview = z.strictObject({ decision: z.enum(['accept', 'defer']) });
export const AgendaDecision = z.strictObject({ decision: text(2000) });
export const ActionCreate = PartyRef.extend({ title: text(200), dueOn: isoDate });
/** What an action's evidence may link: a need of its joint meeting, or one of its co-building projects (the cluster project's id). */
export const ACTION_LINK_KINDS = ['need', 'project'] as const;
export const ActionLink = z.strictObject({ kind: z.enum(ACTION_LINK_KINDS), id: z.uuid() });
export const ActionUpdate = z.strictObject({
  status: z.enum(ACTION_STATUSES).optional(), evidence: z.string().trim().max(2000).optional(),
  /** a linked record as evidence; null removes it */
  link: ActionLink.nullable().optional(),
});
/** A file of an action's evidence (image or PDF), downloaded from /api/v1/meeting-action-files/{id}/file. */
export const ActionFile = z.object({
  id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int(), createdByName: z.string().nullable(), createdAt: z.string(),
});

export const MeetingAction = z.object({
  id: z.string(), allianceId: z.string(), meetingId: z.string(), meetingTitle: z.string(), meetingOn: z.string(), agendaItemId: z.string(),
  itemTitle: z.string(), title: z.string(), ...party, dueOn: z.string(), status: z.enum(ACTION_STATUSES),
  /** due before today (Beijing) and not done */
  overdue: z.boolean(), evidence: z.string(), doneOn: z.string().nullable(),
  /** the reader may change its status and evidence (the office, or the owner's liaison) */
  mayUpdate: z.boolean(),
  /** evidence files, oldest first, and the linked record (its title) */
  files: z.array(ActionFile),
  link: z.object({ kind: z.enum(ACTION_LINK_KINDS), id: z.string(), title: z.string() }).nullable(),
});
export const AgendaItem = z.object({
  id: z.string(), meetingId: z.string(), title: z.string(), description: z.string(), ...party,
  needId: z.string().nullable(), needTitle: z.string().nullable(), status: z.enum(AGENDA_STATUSES), decision: z.string().nullable(),
  proposedByName: z.string().nullable(), createdAt: z.string(), actions: z.array(MeetingAction),
});
export const Meeting = z.object({
  id: z.string(), regionId: z.string(), allianceId: z.string(), allianceName: z.string(), kind: z.enum(MEETING_KINDS), title: z.string(),
  heldOn: z.string(), place: z.string(), hostUnitId: z.string().nullable(), hostOrgId: z.string().nullable(), hostName: z.string().nullable(),
  agendaDays: z.number().int(), agendaDeadline: z.string(), items: z.number().int(),
});
export const MeetingDetail = Meeting.extend({
  minutes: z.string(), recorderName: z.string().nullable(),
  attendees: z.array(z.object({ ...party, attendeeName: z.string().nullable(), checkedInAt: z.string().nullable() })),
  agenda: z.array(AgendaItem),
  /** 闭环: actions of earlier meetings of the alliance not done by this meeting's date (computed, not copied) */
  carried: z.array(MeetingAction),
  may: z.object({ manage: z.boolean(), propose: z.boolean(), agendaOpen: z.boolean() }),
  myParties: z.array(z.object(party)),
});
export const MeetingListQuery = z.strictObject({ allianceId: z.uuid().optional() });
export const ActionListQuery = z.strictObject({
  allianceId: z.uuid().optional(),
  /** only actions owned by members I answer for (a liaison's to-do list) */
  mine: z.enum(['1', 'true']).optional(),
  overdue: z.enum(['1', 'true']).optional(),
  status: z.enum(ACTION_STATUSES).optional(),
});
