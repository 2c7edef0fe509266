import { z } from 'zod';
import {
  GrowthFigures, GrowthFiguresQuery, Investment, InvestmentIn, InvestmentListQuery, MentoringListQuery, MentoringPair, MentoringPairIn, MentoringPairUpdate,
  Placement, PlacementIn, PlacementListQuery, Talent, TalentQuery, PlacementUpdate, InvestmentUpdate,
  SchoolPartner, SchoolPartnerIn, SchoolPartnerListQuery, SchoolPartnerUpdate,
} from '../../../shared/chamber-growth.ts';
import { Ok, pageOf } from '../../../shared/api.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import {
  createInvestment, createPair, createPlacement, getPair, growthFigures, investmentsXlsx, listInvestments, listPairs, listPlacements, listTalents,
  pairsXlsx, placementsXlsx, updatePair, deletePair, updatePlacement, deletePlacement, updateInvestment, deleteInvestment,
  createSchool, deleteSchool, getSchool, listSchools, updateSchool,
} from './growth.ts';
import { workflowRoutes } from './workflow-routes.ts';

const IdParams = z.object({ id: z.uuid() });
const noPage = <T extends z.ZodObject>(q: T) => q.omit({ page: true, pageSize: true });

/** Mentoring pairs, talent placements, investment records and the developed members' tags (docs/chamber.md). */
export async function growthRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['chamber'];
  r.get('/api/v1/mentoring-pairs', {
    schema: { tags, summary: '交叉结对: mentoring pairs of an org\'s subtree (or all in my scope)', querystring: MentoringListQuery, response: { 200: pageOf(MentoringPair) } },
  }, async (req) => listPairs(ctx, principalOf(req), req.query));
  r.get('/api/v1/mentoring-pairs.xlsx', {
    schema: { tags, summary: 'The filtered mentoring pairs as xlsx', querystring: noPage(MentoringListQuery) },
  }, async (req, reply) => sendXlsx(reply, await pairsXlsx(ctx, principalOf(req), req.query), 'mentoring-pairs.xlsx'));
  r.get('/api/v1/mentoring-pairs/:id', {
    schema: { tags, summary: 'One mentoring pair with its meetings and salons', params: IdParams, response: { 200: MentoringPair } },
  }, async (req) => getPair(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/mentoring-pairs', {
    schema: { tags, summary: 'Record a mentoring pair (mentor: a party member of the org\'s subtree; mentee\'s enterprise)', body: MentoringPairIn, response: { 201: MentoringPair } },
  }, async (req, reply) => reply.status(201).send(await createPair(ctx, actorOf(req), req.body)));
  r.patch('/api/v1/mentoring-pairs/:id', {
    schema: { tags, summary: 'Change a mentoring pair: its activities, the outcome (took over, with the date)', params: IdParams, body: MentoringPairUpdate, response: { 200: MentoringPair } },
  }, async (req) => updatePair(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/api/v1/mentoring-pairs/:id', {
    schema: { tags, summary: 'Delete a mentoring pair recorded by mistake', params: IdParams, response: { 200: Ok } },
  }, async (req) => deletePair(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/school-partners', {
    schema: { tags, summary: '合作院校: partner schools of an org\'s subtree with their contact, agreement period and placements counted', querystring: SchoolPartnerListQuery, response: { 200: pageOf(SchoolPartner) } },
  }, async (req) => listSchools(ctx, principalOf(req), req.query));
  r.get('/api/v1/school-partners/:id', {
    schema: { tags, summary: 'One partner school', params: IdParams, response: { 200: SchoolPartner } },
  }, async (req) => getSchool(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/school-partners', {
    schema: { tags, summary: 'Record a partner school (contact, agreement period)', body: SchoolPartnerIn, response: { 201: SchoolPartner } },
  }, async (req, reply) => reply.status(201).send(await createSchool(ctx, actorOf(req), req.body)));
  r.put('/api/v1/school-partners/:id', {
    schema: { tags, summary: 'Change a partner school as a whole (its org stays; the period must keep its placements)', params: IdParams, body: SchoolPartnerUpdate, response: { 200: SchoolPartner } },
  }, async (req) => updateSchool(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/api/v1/school-partners/:id', {
    schema: { tags, summary: 'Delete a partner school without placements', params: IdParams, response: { 200: Ok } },
  }, async (req) => deleteSchool(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/talent-placements', {
    schema: { tags, summary: 'Students and technicians placed with enterprises from schools, per year', querystring: PlacementListQuery, response: { 200: pageOf(Placement) } },
  }, async (req) => listPlacements(ctx, principalOf(req), req.query));
  r.get('/api/v1/talent-placements.xlsx', {
    schema: { tags, summary: 'The filtered placements as xlsx', querystring: noPage(PlacementListQuery) },
  }, async (req, reply) => sendXlsx(reply, await placementsXlsx(ctx, principalOf(req), req.query), 'talent-placements.xlsx'));
  r.post('/api/v1/talent-placements', {
    schema: { tags, summary: 'Record a placement (a school, an enterprise, a year, students or technicians, how many)', body: PlacementIn, response: { 201: Placement } },
  }, async (req, reply) => reply.status(201).send(await createPlacement(ctx, actorOf(req), req.body)));
  r.put('/api/v1/talent-placements/:id', {
    schema: { tags, summary: 'Change a placement as a whole (its org stays)', params: IdParams, body: PlacementUpdate, response: { 200: Placement } },
  }, async (req) => updatePlacement(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/api/v1/talent-placements/:id', {
    schema: { tags, summary: 'Delete a placement', params: IdParams, response: { 200: Ok } },
  }, async (req) => deletePlacement(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/investment-records', {
    schema: { tags, summary: '引进来 / 走出去: projects introduced, joint ventures, branches set up', querystring: InvestmentListQuery, response: { 200: pageOf(Investment) } },
  }, async (req) => listInvestments(ctx, principalOf(req), req.query));
  r.get('/api/v1/investment-records.xlsx', {
    schema: { tags, summary: 'The filtered investment records as xlsx', querystring: noPage(InvestmentListQuery) },
  }, async (req, reply) => sendXlsx(reply, await investmentsXlsx(ctx, principalOf(req), req.query), 'investment-records.xlsx'));
  r.post('/api/v1/investment-records', {
    schema: { tags, summary: 'Record a project introduced, a joint venture or a branch, dated, with its enterprise', body: InvestmentIn, response: { 201: Investment } },
  }, async (req, reply) => reply.status(201).send(await createInvestment(ctx, actorOf(req), req.body)));
  r.put('/api/v1/investment-records/:id', {
    schema: { tags, summary: 'Change an investment record as a whole (its org stays)', params: IdParams, body: InvestmentUpdate, response: { 200: Investment } },
  }, async (req) => updateInvestment(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/api/v1/investment-records/:id', {
    schema: { tags, summary: 'Delete an investment record', params: IdParams, response: { 200: Ok } },
  }, async (req) => deleteInvestment(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/growth-talents', {
    schema: { tags, summary: 'Members developed in recent years in an org\'s subtree, with their owner / technician tag (the member record\'s tags)', querystring: TalentQuery, response: { 200: pageOf(Talent) } },
  }, async (req) => listTalents(ctx, principalOf(req), req.query));
  r.get('/api/v1/growth-figures', {
    schema: { tags, summary: 'Pairs and take-overs, placements per year, investments by kind, developed owners and technicians — counted from the records', querystring: GrowthFiguresQuery, response: { 200: GrowthFigures } },
  }, async (req) => growthFigures(ctx, principalOf(req), req.query));

  await workflowRoutes(app, ctx);
}
