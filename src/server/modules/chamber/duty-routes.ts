import { z } from 'zod';
import { Ok } from '../../../shared/api.ts';
import {
  DutyCorrection, DutyEvidence, DutyEvidenceQuery, DutyExtraItem, DutyItem, DutyItemEdit, DutyLedger, DutyOverview, DutyOverviewQuery, DutyPublication, DutyPublish,
  DutyReviewIn, DutySignOff, DutySubmit, DutyTemplate, DutyTemplatePut, DutyTemplateQuery, DutyYearQuery,
} from '../../../shared/chamber-duty.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { receiveFile } from '../../platform/uploads.ts';
import {
  addEvidence, addItem, editItem, removeItem, branchLedger, correct, evidenceFile, getTemplate, overview, publication, publish, putTemplate, reportVersion, review, signOff, submit,
} from './duty.ts';

const IdParams = z.object({ id: z.uuid() });

/** Responsibility lists and the secretary performance ledger (docs/chamber.md). Multipart is registered by chamberRoutes. */
export async function dutyRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['chamber'];
  r.get('/api/v1/duty-templates', {
    schema: { tags, summary: 'A committee\'s responsibility items of a year: the template, and the items added per grid or branch', querystring: DutyTemplateQuery, response: { 200: DutyTemplate } },
  }, async (req) => getTemplate(ctx, principalOf(req), req.query));

  r.put('/api/v1/duty-templates', {
    schema: { tags, summary: 'Set the committee\'s yearly template as a whole (weights summing to 100; items keep their ids by code)', body: DutyTemplatePut, response: { 200: DutyTemplate } },
  }, async (req) => putTemplate(ctx, actorOf(req), req.body));

  r.post('/api/v1/duty-items', {
    schema: { tags, summary: 'Add a responsibility item for one grid or one branch of the committee', body: DutyExtraItem, response: { 201: DutyItem } },
  }, async (req, reply) => reply.status(201).send(await addItem(ctx, actorOf(req), req.body)));
  r.put('/api/v1/duty-items/:id', {
    schema: { tags, summary: 'Change an added grid / branch item (not once a branch it touches has published a point of the year)', params: IdParams, body: DutyItemEdit, response: { 200: DutyItem } },
  }, async (req) => editItem(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/api/v1/duty-items/:id', {
    schema: { tags, summary: 'Remove an added grid / branch item (not once frozen by a publication, nor with evidence)', params: IdParams, response: { 200: Ok } },
  }, async (req) => removeItem(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/duty-overview', {
    schema: { tags, summary: 'The committee\'s grids side by side: per grid its figures and its branches ranked by score, counted live', querystring: DutyOverviewQuery, response: { 200: DutyOverview } },
  }, async (req) => overview(ctx, principalOf(req), req.query));

  r.get('/api/v1/duty-ledgers/:id', {
    schema: { tags, summary: 'A branch\'s list and its secretary\'s ledger for a year: per item assigned vs done with the records behind it, the score, review and versions', params: IdParams, querystring: DutyYearQuery, response: { 200: DutyLedger } },
  }, async (req) => branchLedger(ctx, principalOf(req), req.params.id, req.query.year));

  r.post('/api/v1/duty-ledgers/:id/evidence', {
    schema: { tags, summary: 'Upload evidence (image or PDF, multipart field "file") for a manual item of the branch\'s list', params: IdParams, querystring: DutyEvidenceQuery, response: { 201: DutyEvidence } },
  }, async (req, reply) => reply.status(201).send(await addEvidence(ctx, actorOf(req), req.params.id, req.query, () => receiveFile(req))));

  r.get('/api/v1/duty-evidence/:id/file', {
    schema: { tags, summary: 'Download an evidence file (for those who may read its branch)', params: IdParams },
  }, async (req, reply) => sendStoredFile(reply, ctx.config, await evidenceFile(ctx, principalOf(req), req.params.id)));

  r.post('/api/v1/duty-ledgers/:id/publications', {
    schema: { tags, summary: '晒清单 / 晒进度 / 晒实绩: publish the branch\'s list at a point, frozen with its figures', params: IdParams, body: DutyPublish, response: { 201: DutyPublication } },
  }, async (req, reply) => reply.status(201).send(await publish(ctx, actorOf(req), req.params.id, req.body)));

  r.get('/api/v1/duty-publications/:id', {
    schema: { tags, summary: 'A publication as it was frozen', params: IdParams, response: { 200: DutyPublication } },
  }, async (req) => publication(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/duty-ledgers/:id/submit', {
    schema: { tags, summary: 'The secretary submits the year\'s ledger for review (open or returned → submitted; twice or after the sign-off 409)', params: IdParams, body: DutySubmit, response: { 200: DutyLedger } },
  }, async (req) => submit(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/duty-ledgers/:id/review', {
    schema: { tags, summary: 'Review the ledger: the grid leader, then the committee; accept, or return with a comment', params: IdParams, body: DutyReviewIn, response: { 200: DutyLedger } },
  }, async (req) => review(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/duty-ledgers/:id/sign-off', {
    schema: { tags, summary: '销账: the committee signs the accepted ledger off; its year is frozen (not by the assessed secretary)', params: IdParams, body: DutySignOff, response: { 200: DutyLedger } },
  }, async (req) => signOff(ctx, actorOf(req), req.params.id, req.body.year));

  r.post('/api/v1/duty-ledgers/:id/corrections', {
    schema: { tags, summary: 'Correct a signed-off year: a new version with a reason (the signed-off one stays readable)', params: IdParams, body: DutyCorrection, response: { 200: DutyLedger } },
  }, async (req) => correct(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/duty-reports/:id', {
    schema: { tags, summary: 'One version of a secretary\'s ledger (a signed-off one with its frozen figures)', params: IdParams, response: { 200: DutyLedger } },
  }, async (req) => reportVersion(ctx, principalOf(req), req.params.id));
}
