import { z } from 'zod';
import {
  AttendanceQuery, AttendanceReport, ComplianceBoard, ComplianceQuery, ComplianceRules, ComplianceRulesPut, DueItem, DueQuery,
} from '../../../shared/activities.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { localeOf } from '../../platform/errors.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { boardWorkbook } from './exports.ts';
import type { Ctx } from './common.ts';
import { attendance, complianceBoard, dueList, getRules, putRules } from './compliance.ts';

const tags = ['compliance'];
const RegionParams = z.object({ regionId: z.uuid() });

export async function complianceRoutes(app: App, opts: { ctx: Ctx }): Promise<void> {
  const { ctx } = opts;
  const r = typed(app);

  r.get('/api/v1/compliance/rules/:regionId', {
    schema: { tags, summary: '三会一课 frequencies of a region (defaults when not configured)', params: RegionParams, response: { 200: ComplianceRules } },
  }, async (req) => getRules(ctx, principalOf(req), req.params.regionId) as never);

  r.put('/api/v1/compliance/rules/:regionId', {
    schema: { tags, summary: 'Set the region’s frequencies (region admins)', params: RegionParams, body: ComplianceRulesPut, response: { 200: ComplianceRules } },
  }, async (req) => putRules(ctx, actorOf(req), req.params.regionId, req.body) as never);

  r.get('/api/v1/compliance/board', {
    schema: { tags, summary: 'Per branch and period: held and missing (a page of branches; the columns once, per branch counts and status letters)', querystring: ComplianceQuery, response: { 200: ComplianceBoard } },
  }, async (req) => complianceBoard(ctx, principalOf(req), req.query) as never);

  r.get('/api/v1/compliance/board.xlsx', {
    schema: { tags, summary: 'The board for these filters (every branch) as xlsx', querystring: ComplianceQuery.omit({ page: true, pageSize: true }) },
  }, async (req, reply) => {
    const { year, buffer } = await boardWorkbook(ctx, principalOf(req), req.query, localeOf(req));
    return sendXlsx(reply, buffer, `compliance-${year}.xlsx`);
  });

  r.get('/api/v1/compliance/due', {
    schema: { tags, summary: 'Branches falling behind (for their secretary and their region)', querystring: DueQuery, response: { 200: z.array(DueItem) } },
  }, async (req) => dueList(ctx, principalOf(req), req.query));

  r.get('/api/v1/compliance/attendance', {
    schema: { tags, summary: 'Attendance rate per branch and per member', querystring: AttendanceQuery, response: { 200: AttendanceReport } },
  }, async (req) => attendance(ctx, principalOf(req), req.query));
}
