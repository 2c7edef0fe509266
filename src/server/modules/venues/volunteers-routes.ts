import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { pageOf } from '../../../shared/api.ts';
import {
  Certificate, CertificateCheck, CertificateCreate, CertificateList, CertificateNumberParams, CertificateRevoke, HoursCount, HoursCreate, HoursEntry,
  HoursFromActivity, HoursList, HoursReverse, RosterImportResult, Team, TeamCreate, TeamJoin, TeamListQuery, TeamUpdate, Volunteer, VolunteerCreate, VolunteerFigures,
  VolunteerFiguresQuery, VolunteerListQuery,
} from '../../../shared/venues-volunteers.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { publicRoute } from '../../platform/public-links.ts';
import { MAX_UPLOAD_BYTES } from '../../platform/uploads.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import {
  certificateCheckPage, certificatePdf, checkCertificate, issueCertificate, listCertificates, revokeCertificate,
} from './certificates.ts';
import {
  createTeam, createVolunteer, decideHours, hoursFromActivity, joinTeam, listTeams, listVolunteers, recordHours, reverseHours, teamDetail, updateTeam,
  volunteerDetail, volunteerLedger,
} from './volunteers.ts';
import { volunteerFigures } from './volunteers-figures.ts';
import { importRoster, rosterXlsx } from './volunteers-xlsx.ts';

const IdParams = z.object({ id: z.uuid() });
const Entries = z.object({ items: z.array(HoursEntry) });

/** Volunteer teams, volunteers, the hours ledger (no edit or delete route: only reversal) and certificates. */
export async function volunteerRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  const r = typed(app);
  const tags = ['venues'];

  r.get('/api/v1/volunteer-teams', {
    schema: { tags, summary: 'Volunteer teams I may read', querystring: TeamListQuery, response: { 200: pageOf(Team) } },
  }, async (req) => listTeams(ctx, principalOf(req), req.query));
  r.post('/api/v1/volunteer-teams', {
    schema: { tags, summary: 'Form a volunteer team owned by an org, alliance or unit', body: TeamCreate, response: { 201: Team } },
  }, async (req, reply) => reply.status(201).send(await createTeam(ctx, actorOf(req), req.body)));
  r.get('/api/v1/volunteer-figures', {
    schema: { tags, summary: 'Volunteers, services and hours of a year per team, owner, unit and political status (the teams I may read)', querystring: VolunteerFiguresQuery, response: { 200: VolunteerFigures } },
  }, async (req) => volunteerFigures(ctx, principalOf(req), req.query));
  r.get('/api/v1/volunteer-teams/:id', {
    schema: { tags, summary: 'A volunteer team with its figures', params: IdParams, response: { 200: Team } },
  }, async (req) => teamDetail(ctx, principalOf(req), req.params.id));
  r.patch('/api/v1/volunteer-teams/:id', {
    schema: { tags, summary: 'Rename a team or name its leader', params: IdParams, body: TeamUpdate, response: { 200: Team } },
  }, async (req) => updateTeam(ctx, actorOf(req), req.params.id, req.body));
  r.get('/api/v1/volunteer-teams/:id/roster.xlsx', {
    schema: { tags, summary: 'The team\'s roster as xlsx, with hours this year (the columns the import reads)', params: IdParams },
  }, async (req, reply) => {
    const x = await rosterXlsx(ctx, principalOf(req), req.params.id);
    return sendXlsx(reply, x.buffer, x.filename);
  });
  r.post('/api/v1/volunteer-teams/:id/roster/import', {
    schema: {
      tags, summary: 'Register volunteers from xlsx (multipart: file); all rows or none, every problem of every row reported', params: IdParams,
      response: { 201: RosterImportResult },
    },
  }, async (req, reply) => reply.status(201).send(await importRoster(ctx, actorOf(req), req.params.id, req)));
  r.post('/api/v1/volunteer-teams/:id/members', {
    schema: { tags, summary: 'An existing volunteer joins the team (the same person and hours ledger, not a copy)', params: IdParams, body: TeamJoin, response: { 201: Volunteer } },
  }, async (req, reply) => reply.status(201).send(await joinTeam(ctx, actorOf(req), req.params.id, req.body)));
  r.post('/api/v1/volunteer-teams/:id/hours-from-activity', {
    schema: { tags, summary: 'Pending hours for the team\'s volunteers checked in at a volunteer activity', params: IdParams, body: HoursFromActivity, response: { 200: HoursCount } },
  }, async (req) => hoursFromActivity(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/volunteers', {
    schema: { tags, summary: 'The volunteers of a team', querystring: VolunteerListQuery, response: { 200: pageOf(Volunteer) } },
  }, async (req) => listVolunteers(ctx, principalOf(req), req.query));
  r.post('/api/v1/volunteers', {
    schema: { tags, summary: 'Register a volunteer in a team (a party member is linked, not copied)', body: VolunteerCreate, response: { 201: Volunteer } },
  }, async (req, reply) => reply.status(201).send(await createVolunteer(ctx, actorOf(req), req.body)));
  r.get('/api/v1/volunteers/:id', {
    schema: { tags, summary: 'A volunteer', params: IdParams, response: { 200: Volunteer } },
  }, async (req) => volunteerDetail(ctx, principalOf(req), req.params.id));
  r.get('/api/v1/volunteers/:id/hours', {
    schema: { tags, summary: 'A volunteer\'s hours ledger', params: IdParams, response: { 200: HoursList } },
  }, async (req) => volunteerLedger(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/volunteer-hours', {
    schema: { tags, summary: 'Record service hours (manual, or for a named activity): confirmed when staff record them, pending when the team leader does', body: HoursCreate, response: { 201: HoursEntry } },
  }, async (req, reply) => reply.status(201).send(await recordHours(ctx, actorOf(req), req.body)));
  r.post('/api/v1/volunteer-hours/:id/approve', {
    schema: { tags, summary: 'Confirm pending hours (from check-ins)', params: IdParams, response: { 200: HoursEntry } },
  }, async (req) => decideHours(ctx, actorOf(req), req.params.id, 'approve'));
  r.post('/api/v1/volunteer-hours/:id/reject', {
    schema: { tags, summary: 'Reject pending hours', params: IdParams, response: { 200: HoursEntry } },
  }, async (req) => decideHours(ctx, actorOf(req), req.params.id, 'reject'));
  r.post('/api/v1/volunteer-hours/:id/reverse', {
    schema: { tags, summary: 'Correct an entry: a reversing entry naming it, and optionally the corrected one', params: IdParams, body: HoursReverse, response: { 200: Entries } },
  }, async (req) => reverseHours(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/volunteers/:id/certificates', {
    schema: { tags, summary: 'Certificates issued to a volunteer', params: IdParams, response: { 200: CertificateList } },
  }, async (req) => listCertificates(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/volunteers/:id/certificates', {
    schema: { tags, summary: 'Issue a service record certificate (志愿服务记录证明) for a period', params: IdParams, body: CertificateCreate, response: { 201: Certificate } },
  }, async (req, reply) => reply.status(201).send(await issueCertificate(ctx, actorOf(req), req.params.id, req.body)));
  r.get('/api/v1/volunteer-certificates/:id/pdf', {
    schema: { tags, summary: 'The certificate as a PDF, rebuilt from the ledger as it stood at issue', params: IdParams },
  }, async (req, reply) => {
    const { pdf, number } = await certificatePdf(ctx, principalOf(req), req.params.id, `${req.protocol}://${req.host}`);
    return reply.type('application/pdf').header('Content-Disposition', `inline; filename="${number}.pdf"`).send(pdf);
  });
  r.post('/api/v1/volunteer-certificates/:id/revoke', {
    schema: { tags, summary: 'Revoke a certificate (the public check then says revoked)', params: IdParams, body: CertificateRevoke, response: { 200: Certificate } },
  }, async (req) => revokeCertificate(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/public/volunteer-certificates/:number', {
    config: publicRoute(ctx.config),
    schema: { tags, summary: 'Check a certificate by its number (public: valid or revoked, totals, name)', params: CertificateNumberParams, response: { 200: CertificateCheck } },
  }, async (req) => checkCertificate(ctx, req.params.number));
  r.get('/vc/:number', {
    config: publicRoute(ctx.config),
    schema: { tags, summary: 'The public verification page of a certificate (HTML)', params: z.object({ number: z.string().max(40) }) },
  }, async (req, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(await certificateCheckPage(ctx, req.params.number)));
}
