import { z } from 'zod';
import { Ok } from '../../../shared/api.ts';
import {
  ActionCreate, ActionListQuery, ActionUpdate, AgendaCreate, AgendaDecision, AgendaReview, CheckIn, HostsGenerate, HostUpdate, JointMeeting,
  JointMeetingDetail, Meeting, MeetingAction, MeetingCreate, MeetingDetail, MeetingListQuery, MeetingUpdate, MembersUpdate,
} from '../../../shared/cobuild-meetings.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import {
  checkIn, createAction, createMeeting, decideItem, generateHosts, jointDetail, listActions, listJointMeetings, listMeetings, meetingDetail,
  deleteMeeting, proposeItem, reviewItem, setHost, updateAction, updateMeeting, updateMembers, withdrawItem,
} from './meetings.ts';
import { sendBulletin } from './meetings-pdf.ts';
import { actionFile, addActionFile, removeActionFile } from './action-evidence.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { receiveFile } from '../../platform/uploads.ts';

const IdParams = z.object({ id: z.uuid() });

/** Joint meetings (联席会议): members and roles, rotating host, meetings, agenda, decisions, follow-up actions, bulletin. */
export function meetingRoutes(app: App, ctx: Ctx): void {
  const r = typed(app);
  const tags = ['cobuild'];

  r.get('/api/v1/joint-meetings', {
    schema: { tags, summary: 'Joint meetings I am the office of or answer for a member of', response: { 200: z.array(JointMeeting) } },
  }, async (req) => listJointMeetings(ctx, principalOf(req)));
  r.get('/api/v1/joint-meetings/:id', {
    schema: { tags, summary: 'A joint meeting: members in order with role and liaison, rotating hosts', params: IdParams, response: { 200: JointMeetingDetail } },
  }, async (req) => jointDetail(ctx.db, principalOf(req), req.params.id));
  r.put('/api/v1/joint-meetings/:id/members', {
    schema: { tags, summary: 'Set the members\' order, roles (one chair, vice-chairs) and liaisons', params: IdParams, body: MembersUpdate, response: { 200: JointMeetingDetail } },
  }, async (req) => updateMembers(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/joint-meetings/:id/hosts', {
    schema: { tags, summary: 'Generate the yearly rotating hosts in member order', params: IdParams, body: HostsGenerate, response: { 200: JointMeetingDetail } },
  }, async (req) => generateHosts(ctx, actorOf(req), req.params.id, req.body));
  r.put('/api/v1/joint-meetings/:id/hosts/:year', {
    schema: { tags, summary: 'Change one year\'s rotating host', params: z.object({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2200) }), body: HostUpdate, response: { 200: JointMeetingDetail } },
  }, async (req) => setHost(ctx, actorOf(req), req.params.id, req.params.year, req.body));

  r.get('/api/v1/meetings', {
    schema: { tags, summary: 'Meetings of the joint meetings I may see, oldest first', querystring: MeetingListQuery, response: { 200: z.array(Meeting) } },
  }, async (req) => listMeetings(ctx, principalOf(req), req.query));
  r.post('/api/v1/meetings', {
    schema: { tags, summary: 'Call a meeting (the office)', body: MeetingCreate, response: { 201: MeetingDetail } },
  }, async (req, reply) => reply.status(201).send(await createMeeting(ctx, actorOf(req), req.body)));
  r.get('/api/v1/meetings/:id', {
    schema: { tags, summary: 'A meeting: attendees, agenda with decisions and actions, and earlier actions still open (闭环)', params: IdParams, response: { 200: MeetingDetail } },
  }, async (req) => meetingDetail(ctx.db, ctx, principalOf(req), req.params.id));
  r.patch('/api/v1/meetings/:id', {
    schema: { tags, summary: 'Change a meeting, record its minutes and recorder', params: IdParams, body: MeetingUpdate, response: { 200: MeetingDetail } },
  }, async (req) => updateMeeting(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/meetings/:id/check-in', {
    schema: { tags, summary: 'Check a member in (the office any; a liaison its own)', params: IdParams, body: CheckIn, response: { 200: MeetingDetail } },
  }, async (req) => checkIn(ctx, actorOf(req), req.params.id, req.body));
  r.get('/api/v1/meetings/:id/bulletin.pdf', {
    schema: { tags, summary: 'The meeting\'s bulletin (简报): minutes, decisions and actions, printable', params: IdParams },
  }, async (req, reply) => sendBulletin(ctx, principalOf(req), req.params.id, reply));
  r.post('/api/v1/meetings/:id/agenda-items', {
    schema: { tags, summary: 'Propose an agenda item (a member\'s liaison before the deadline; the office any time)', params: IdParams, body: AgendaCreate, response: { 201: MeetingDetail } },
  }, async (req, reply) => reply.status(201).send(await proposeItem(ctx, actorOf(req), req.params.id, req.body)));
  r.delete('/api/v1/agenda-items/:id', {
    schema: { tags, summary: 'Withdraw an item (the office: any without a decision; its member\'s liaison: while still proposed)', params: IdParams, response: { 200: MeetingDetail } },
  }, async (req) => withdrawItem(ctx, actorOf(req), req.params.id));
  r.delete('/api/v1/meetings/:id', {
    schema: { tags, summary: 'Delete a meeting none of whose items has a decision (the office)', params: IdParams, response: { 200: Ok } },
  }, async (req) => { await deleteMeeting(ctx, actorOf(req), req.params.id); return { ok: true as const }; });
  r.post('/api/v1/agenda-items/:id/review', {
    schema: { tags, summary: 'Accept or defer a proposed item', params: IdParams, body: AgendaReview, response: { 200: MeetingDetail } },
  }, async (req) => reviewItem(ctx, actorOf(req), req.params.id, req.body));
  r.put('/api/v1/agenda-items/:id/decision', {
    schema: { tags, summary: 'Record the decision on an accepted item', params: IdParams, body: AgendaDecision, response: { 200: MeetingDetail } },
  }, async (req) => decideItem(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/agenda-items/:id/actions', {
    schema: { tags, summary: 'A follow-up action of the decision (owner, due date not before the meeting)', params: IdParams, body: ActionCreate, response: { 201: MeetingDetail } },
  }, async (req, reply) => reply.status(201).send(await createAction(ctx, actorOf(req), req.params.id, req.body)));
  r.get('/api/v1/meeting-actions', {
    schema: { tags, summary: 'Follow-up actions: the office\'s (with overdue=1 its overdue list), or mine=1 a liaison\'s to-do list', querystring: ActionListQuery, response: { 200: z.array(MeetingAction) } },
  }, async (req) => listActions(ctx, principalOf(req), req.query));
  r.patch('/api/v1/meeting-actions/:id', {
    schema: { tags, summary: 'Progress of an action: status and evidence (the office, or its owner\'s liaison)', params: IdParams, body: ActionUpdate, response: { 200: MeetingAction } },
  }, async (req) => updateAction(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/meeting-actions/:id/files', {
    schema: { tags, summary: 'Attach a file (image or PDF, multipart field "file") to an action\'s evidence (the office, or its owner\'s liaison)', params: IdParams, response: { 201: MeetingAction } },
  }, async (req, reply) => reply.status(201).send(await addActionFile(ctx, actorOf(req), req.params.id, () => receiveFile(req))));
  r.get('/api/v1/meeting-action-files/:id/file', {
    schema: { tags, summary: 'Download an action\'s evidence file (whoever reads its joint meeting)', params: IdParams },
  }, async (req, reply) => sendStoredFile(reply, ctx.config, await actionFile(ctx, principalOf(req), req.params.id)));
  r.delete('/api/v1/meeting-action-files/:id', {
    schema: { tags, summary: 'Remove an evidence file (the office, or the action\'s owner\'s liaison)', params: IdParams, response: { 200: MeetingAction } },
  }, async (req) => removeActionFile(ctx, actorOf(req), req.params.id));
}
