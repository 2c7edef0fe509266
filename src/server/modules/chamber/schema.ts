import { bigint, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from '../../platform/cases/schema.ts';
import { orgs, units } from '../directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/* ───────────── people's mediation (人民调解): the facts of a case of kind 'mediation' ───────────── */

/** A mediation case: the engine's case (same region_id, id) plus the register's columns. */
export const mediationCases = pgTable('mediation_cases', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  /** as cases.org_id (kept here for the register's filters) */
  orgId: uuid('org_id').notNull(),
  year: integer('year').notNull(),
  source: text('source').notNull(),
  disputeType: text('dispute_type').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  facts: text('facts').notNull(),
  /** agreement | failed, once known */
  outcome: text('outcome'),
  failureReason: text('failure_reason'),
  transferTo: text('transfer_to'),
  extensionConsent: text('extension_consent'),
  partyCount: integer('party_count').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.id], foreignColumns: [cases.regionId, cases.id], name: 'mediation_cases_case_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'mediation_cases_org_fk' }),
  index('mediation_cases_register_idx').on(t.regionId, t.year, t.disputeType),
  index('mediation_cases_org_idx').on(t.regionId, t.orgId, t.year),
]);

/** A party to a dispute: a person or an enterprise, with contact (masked like members' data). */
export const mediationParties = pgTable('mediation_parties', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  caseId: uuid('case_id').notNull(),
  kind: text('kind').notNull(),
  role: text('role').notNull(),
  name: text('name').notNull(),
  phone: text('phone'),
  idNumber: text('id_number'),
  address: text('address'),
  sort: integer('sort').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [mediationCases.regionId, mediationCases.id], name: 'mediation_parties_case_fk' }),
  index('mediation_parties_case_idx').on(t.regionId, t.caseId),
]);

/** A mediation session with its record (笔录). */
export const mediationSessions = pgTable('mediation_sessions', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  caseId: uuid('case_id').notNull(),
  heldAt: ts('held_at').notNull(),
  place: text('place').notNull(),
  record: text('record').notNull(),
  recordedBy: text('recorded_by'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [mediationCases.regionId, mediationCases.id], name: 'mediation_sessions_case_fk' }),
  index('mediation_sessions_case_idx').on(t.regionId, t.caseId, t.heldAt),
]);

export interface TermRow { text: string; dueOn: string | null; amountFen: number | null; performedOn: string | null }

/** The agreement (协议书): one per case. */
export const mediationAgreements = pgTable('mediation_agreements', {
  regionId: uuid('region_id').notNull(),
  caseId: uuid('case_id').notNull(),
  signedOn: day('signed_on').notNull(),
  responsibility: text('responsibility').notNull(),
  terms: jsonb('terms').$type<TermRow[]>().notNull(),
  performance: text('performance').notNull(),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.caseId] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [mediationCases.regionId, mediationCases.id], name: 'mediation_agreements_case_fk' }),
]);

/** The follow-up visit (回访); the parties' satisfaction is in the engine's case_ratings (subject: the party id). */
export const mediationFollowUps = pgTable('mediation_follow_ups', {
  regionId: uuid('region_id').notNull(),
  caseId: uuid('case_id').notNull(),
  visitedOn: day('visited_on').notNull(),
  note: text('note').notNull(),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.caseId] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [mediationCases.regionId, mediationCases.id], name: 'mediation_follow_ups_case_fk' }),
]);

/* ───────────── the one-stop service alliance (服务联盟) ───────────── */

/** An agency's service catalogue: the services it offers (a unit of kind agency). */
export const agencyServices = pgTable('agency_services', {
  regionId: uuid('region_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  service: text('service').notNull(),
  note: text('note'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.unitId, t.service] }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'agency_services_unit_fk' }),
]);

/** A service request: the engine's case (kind 'service_request') plus the enterprise, the service and the agency's result. */
export const serviceRequests = pgTable('service_requests', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  /** the dispatching organisation (as cases.org_id) */
  orgId: uuid('org_id').notNull(),
  /** the requesting enterprise */
  unitId: uuid('unit_id').notNull(),
  service: text('service').notNull(),
  detail: text('detail').notNull(),
  /** the agency it is dispatched to now (null before dispatch and after a hand-back) */
  agencyId: uuid('agency_id'),
  dispatchedAt: ts('dispatched_at'),
  result: text('result'),
  handedBack: integer('handed_back').notNull().default(0),
  lastHandBack: text('last_hand_back'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.id], foreignColumns: [cases.regionId, cases.id], name: 'service_requests_case_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'service_requests_org_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'service_requests_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.agencyId], foreignColumns: [units.regionId, units.id], name: 'service_requests_agency_fk' }),
  index('service_requests_unit_idx').on(t.regionId, t.unitId),
  index('service_requests_agency_idx').on(t.regionId, t.agencyId),
  index('service_requests_org_idx').on(t.regionId, t.orgId),
]);

export * from './duty-schema.ts';
export * from './growth-schema.ts';
