import multipart from '@fastify/multipart';
import { z } from 'zod';
import { Ok, pageOf } from '../../../shared/api.ts';
import {
  CaseFile, MediationAgreementIn, MediationAssign, MediationCase, MediationCreate, MediationExtend, MediationFailure, MediationFigures,
  MediationFiguresQuery, MediationFollowUp, MediationListItem, MediationListQuery, MediationSessionIn, Mediator, MediatorsQuery, TermPerformed,
  Agency, AgencyQuery, AgencyServicesIn, RequestCreate, RequestDispatch, RequestHandBack, RequestItem, RequestListQuery, RequestRate, RequestReply, RequestSendBack, StageLimits, StageLimitsIn, StageLimitsQuery,
  ServiceBoxes, ServiceRequest,
} from '../../../shared/chamber.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { MAX_UPLOAD_BYTES, receiveFile } from '../../platform/uploads.ts';
import { agreementPdf } from './agreement-pdf.ts';
import { setStageLimits, stageLimits } from './limits.ts';
import { dutyRoutes } from './duty-routes.ts';
import { growthRoutes } from './growth-routes.ts';
import {
  addMediationFile, addSession, assignMediator, closeMediation, createMediation, extendMediation, findCaseFile, listMediations, listMediators,
  mediationFigures, mediationView, recordAgreement, recordFailure, recordFollowUp, termPerformed,
} from './mediation.ts';
import {
  createRequest, dispatchRequest, handBackRequest, listAgencies, listRequests, rateRequest, replyRequest, requestView, sendBackRequest, serviceBoxes, setAgencyServices, signRequest,
} from './services.ts';

const IdParams = z.object({ id: z.uuid() });

export async function chamberRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  const r = typed(app);
  const tags = ['chamber'];

  r.get('/api/v1/mediation-cases', {
    schema: { tags, summary: 'The mediation register (the committee: its scope; a mediator: own cases), without personal data or facts', querystring: MediationListQuery, response: { 200: pageOf(MediationListItem) } },
  }, async (req) => listMediations(ctx, principalOf(req), req.query));

  r.post('/api/v1/mediation-cases', {
    schema: { tags, summary: 'Take in a dispute (受理): source, parties (at least one), type, amount in fen (never negative), facts', body: MediationCreate, response: { 201: MediationCase } },
  }, async (req, reply) => reply.status(201).send(await createMediation(ctx, actorOf(req), req.body)));

  r.get('/api/v1/mediation-figures', {
    schema: { tags, summary: 'Mediation figures from the register: cases, settled, rate, amount, satisfaction, by type and year', querystring: MediationFiguresQuery, response: { 200: MediationFigures } },
  }, async (req) => mediationFigures(ctx, principalOf(req), req.query));

  r.get('/api/v1/mediation-mediators', {
    schema: { tags, summary: 'Mediators who may be assigned to cases of an organisation, with their open cases', querystring: MediatorsQuery, response: { 200: z.array(Mediator) } },
  }, async (req) => listMediators(ctx, principalOf(req), req.query.orgId));

  r.get('/api/v1/mediation-cases/:id', {
    schema: { tags, summary: 'A mediation case with parties, sessions, agreement, follow-up and timeline (the committee or its mediator)', params: IdParams, response: { 200: MediationCase } },
  }, async (req) => mediationView(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/mediation-cases/:id/mediators', {
    schema: { tags, summary: 'Assign a mediator (the committee); the first one starts the mediation', params: IdParams, body: MediationAssign, response: { 200: MediationCase } },
  }, async (req) => assignMediator(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/mediation-cases/:id/sessions', {
    schema: { tags, summary: 'Record a mediation session (笔录)', params: IdParams, body: MediationSessionIn, response: { 200: MediationCase } },
  }, async (req) => addSession(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/mediation-cases/:id/extension', {
    schema: { tags, summary: 'Extend the one-month limit once by 30 days, with both parties\' consent', params: IdParams, body: MediationExtend, response: { 200: MediationCase } },
  }, async (req) => extendMediation(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/mediation-cases/:id/agreement', {
    schema: { tags, summary: 'Record the agreement (协议书): responsibility, terms, how and by when they are performed', params: IdParams, body: MediationAgreementIn, response: { 200: MediationCase } },
  }, async (req) => recordAgreement(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/mediation-cases/:id/agreement/performed', {
    schema: { tags, summary: 'Mark a term of the agreement performed', params: IdParams, body: TermPerformed, response: { 200: MediationCase } },
  }, async (req) => termPerformed(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/mediation-cases/:id/agreement.pdf', {
    schema: { tags, summary: 'The agreement as a printable PDF (A4)', params: IdParams },
  }, async (req, reply) => {
    const { doc, number } = await agreementPdf(ctx, principalOf(req), req.params.id);
    return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="agreement-${number}.pdf"`).send(doc);
  });

  r.post('/api/v1/mediation-cases/:id/failure', {
    schema: { tags, summary: 'No agreement: the reason, and a transfer to court or arbitration', params: IdParams, body: MediationFailure, response: { 200: MediationCase } },
  }, async (req) => recordFailure(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/mediation-cases/:id/follow-up', {
    schema: { tags, summary: 'Record the follow-up visit (回访) with every party\'s satisfaction', params: IdParams, body: MediationFollowUp, response: { 200: MediationCase } },
  }, async (req) => recordFollowUp(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/mediation-cases/:id/close', {
    schema: { tags, summary: 'Close the case (结案): only with an agreement or a reason for failure, and the follow-up done', params: IdParams, response: { 200: MediationCase } },
  }, async (req) => closeMediation(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/mediation-cases/:id/files', {
    schema: { tags, summary: 'Add a file (image or PDF, multipart field "file", ≤ 10 MB) to the case\'s dossier', params: IdParams, response: { 201: CaseFile } },
  }, async (req, reply) => reply.status(201).send(await addMediationFile(ctx, actorOf(req), req.params.id, () => receiveFile(req))));

  r.get('/api/v1/case-files/:id', {
    schema: { tags, summary: 'Download a case file (only for those who may see its case)', params: IdParams },
  }, async (req, reply) => sendStoredFile(reply, ctx.config, await findCaseFile(ctx, principalOf(req), req.params.id)));

  r.get('/api/v1/case-stage-limits', {
    schema: { tags, summary: 'The region\'s time limits of mediation and service requests: in force, the default, whether set (those who work the flow)', querystring: StageLimitsQuery, response: { 200: z.array(StageLimits) } },
  }, async (req) => stageLimits(ctx, principalOf(req), req.query));

  r.put('/api/v1/case-stage-limits', {
    schema: { tags, summary: 'Set a flow\'s time limits for the region (region-wide only; a stage left out goes back to the default)', body: StageLimitsIn, response: { 200: StageLimits } },
  }, async (req) => setStageLimits(ctx, actorOf(req), req.body));

  await serviceRoutes(app, ctx);
  await dutyRoutes(app, ctx);
  await growthRoutes(app, ctx);
}

export async function serviceRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['chamber'];
  r.get('/api/v1/service-boxes', {
    schema: { tags, summary: 'Which service-request boxes I have: dispatching, agencies\' inboxes, my enterprises\' requests', response: { 200: ServiceBoxes } },
  }, async (req) => serviceBoxes(ctx, principalOf(req)));

  r.get('/api/v1/service-requests', {
    schema: { tags, summary: 'Service requests in a box (dispatch, inbox, mine), with clocks; overdue=1 lists the overdue', querystring: RequestListQuery, response: { 200: pageOf(RequestItem) } },
  }, async (req) => listRequests(ctx, principalOf(req), req.query));

  r.post('/api/v1/service-requests', {
    schema: { tags, summary: 'Submit a service request for an enterprise (its liaison, or the dispatcher for it)', body: RequestCreate, response: { 201: ServiceRequest } },
  }, async (req, reply) => reply.status(201).send(await createRequest(ctx, actorOf(req), req.body)));

  r.get('/api/v1/service-requests/:id', {
    schema: { tags, summary: 'A service request with its timeline (its dispatcher, enterprise or agency)', params: IdParams, response: { 200: ServiceRequest } },
  }, async (req) => requestView(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/service-requests/:id/dispatch', {
    schema: { tags, summary: '交办: dispatch to an agency that offers the service (the clocks start)', params: IdParams, body: RequestDispatch, response: { 200: ServiceRequest } },
  }, async (req) => dispatchRequest(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/service-requests/:id/sign', {
    schema: { tags, summary: 'The agency signs for the request (处置)', params: IdParams, response: { 200: ServiceRequest } },
  }, async (req) => signRequest(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/service-requests/:id/reply', {
    schema: { tags, summary: 'The agency\'s result (反馈)', params: IdParams, body: RequestReply, response: { 200: ServiceRequest } },
  }, async (req) => replyRequest(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/service-requests/:id/hand-back', {
    schema: { tags, summary: '退单: the agency hands the request back to the dispatcher, with a reason', params: IdParams, body: RequestHandBack, response: { 200: Ok } },
  }, async (req) => handBackRequest(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/service-requests/:id/send-back', {
    schema: { tags, summary: 'The request\'s enterprise sends the result back as unsatisfactory, with a reason: back to the agency (处置)', params: IdParams, body: RequestSendBack, response: { 200: ServiceRequest } },
  }, async (req) => sendBackRequest(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/service-requests/:id/rate', {
    schema: { tags, summary: 'The request\'s enterprise rates the result (1–5) and closes it (办结)', params: IdParams, body: RequestRate, response: { 200: ServiceRequest } },
  }, async (req) => rateRequest(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/agencies', {
    schema: { tags, summary: 'Service agencies of the regions I dispatch in, with catalogues and open / overdue requests', querystring: AgencyQuery, response: { 200: z.array(Agency) } },
  }, async (req) => listAgencies(ctx, principalOf(req), req.query));

  r.put('/api/v1/units/:id/services', {
    schema: { tags, summary: 'Set an agency\'s service catalogue (region-wide dispatchers)', params: IdParams, body: AgencyServicesIn, response: { 200: Agency } },
  }, async (req) => setAgencyServices(ctx, actorOf(req), req.params.id, req.body));
}
