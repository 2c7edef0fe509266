import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { can, holdsIn, type Principal, type Target } from '../../platform/scope.ts';
import { notFound } from '../../platform/errors.ts';
import { orgs, units } from '../directory/schema.ts';
import { venueResources, type OpeningWindow } from './schema.ts';

export type VenueRow = typeof venueResources.$inferSelect;
export interface VenueFull { v: VenueRow; ownerName: string; ownerPath: string | null }

/** Shanghai has no daylight saving: local time is UTC+8 all year. */
const OFFSET = 8 * 3_600_000;
const DAY = 86_400_000;

/** Local (Shanghai) parts of an instant: the date, the weekday (0 = Monday) and the minute of the day. */
export function localParts(ms: number) {
  const d = new Date(ms + OFFSET);
  return { date: d.toISOString().slice(0, 10), weekday: (d.getUTCDay() + 6) % 7, minute: d.getUTCHours() * 60 + d.getUTCMinutes(), second: d.getUTCSeconds() + d.getUTCMilliseconds() };
}

/** The instant Monday 00:00 (Shanghai) of the week holding `ms`, and the next one. */
export function weekOf(ms: number): [number, number] {
  const { weekday } = localParts(ms);
  const localMidnight = Math.floor((ms + OFFSET) / DAY) * DAY - OFFSET;
  const start = localMidnight - weekday * DAY;
  return [start, start + 7 * DAY];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Does [start, end) lie inside one day's opening window? */
export function withinOpening(hours: OpeningWindow[], start: number, end: number): boolean {
  const s = localParts(start);
  const e = localParts(end);
  const w = hours[s.weekday];
  if (!w) return false;
  let endMinute: number;
  if (e.date === s.date) endMinute = e.minute + (e.second > 0 ? 1 : 0);
  else if (end - start <= DAY && e.minute === 0 && e.second === 0 && localParts(end - 1).date === s.date) endMinute = 24 * 60;
  else return false;
  return s.minute >= minutesOf(w.open) && endMinute <= minutesOf(w.close);
}

/** What decides who manages a venue: its owner org's subtree, or its owner unit (and the unit's org). */
export function ownerTarget(v: VenueRow, ownerPath: string | null): Target {
  return v.ownerOrgId ? { regionId: v.regionId, orgPath: ownerPath } : { regionId: v.regionId, unitId: v.ownerUnitId, orgPath: ownerPath };
}

export const canManage = (p: Principal, x: VenueFull) => can(p, 'venues.manage', ownerTarget(x.v, x.ownerPath));

const ownerOrg = alias(orgs, 'owner_org');
const ownerUnit = alias(units, 'owner_unit');
const ownerUnitOrg = alias(orgs, 'owner_unit_org');

/** A venue with its owner's name and the org path that decides who manages it (unscoped). */
export async function venueById(db: DbOrTx, id: string, regionId?: string): Promise<VenueFull | undefined> {
  const [row] = await db.select({
    v: venueResources,
    ownerName: sql<string>`coalesce(${ownerOrg.name}, ${ownerUnit.name})`,
    ownerPath: sql<string | null>`coalesce(${ownerOrg.path}, ${ownerUnitOrg.path})`,
  }).from(venueResources)
    .leftJoin(ownerOrg, and(eq(ownerOrg.regionId, venueResources.regionId), eq(ownerOrg.id, venueResources.ownerOrgId)))
    .leftJoin(ownerUnit, and(eq(ownerUnit.regionId, venueResources.regionId), eq(ownerUnit.id, venueResources.ownerUnitId)))
    .leftJoin(ownerUnitOrg, and(eq(ownerUnitOrg.regionId, ownerUnit.regionId), eq(ownerUnitOrg.id, ownerUnit.orgId)))
    .where(regionId ? and(eq(venueResources.regionId, regionId), eq(venueResources.id, id)) : eq(venueResources.id, id))
    .limit(1);
  return row;
}

/**
 * A venue the caller may see (anyone with a grant in its region: shared venues are listed region-wide) or, with
 * `manage`, may manage; 404 otherwise, as for an id that does not exist.
 */
export async function findVenue(db: DbOrTx, p: Principal, id: string, need: 'read' | 'manage'): Promise<VenueFull> {
  const x = await venueById(db, id);
  if (!x) throw notFound();
  if (need === 'manage' ? !canManage(p, x) : !holdsIn(p, null, x.v.regionId)) throw notFound();
  return x;
}

export function toVenue(p: Principal, x: VenueFull) {
  const v = x.v;
  return {
    id: v.id, regionId: v.regionId, name: v.name, kind: v.kind as 'court', ownerOrgId: v.ownerOrgId, ownerUnitId: v.ownerUnitId,
    ownerName: x.ownerName, allianceId: v.allianceId, address: v.address, description: v.description, capacity: v.capacity,
    openingHours: v.openingHours, bookableBy: v.bookableBy as 'region', minNoticeMinutes: v.minNoticeMinutes,
    maxAdvanceDays: v.maxAdvanceDays, minDurationMinutes: v.minDurationMinutes, maxDurationMinutes: v.maxDurationMinutes,
    approvalRequired: v.approvalRequired, weeklyQuota: v.weeklyQuota, cancelCutoffMinutes: v.cancelCutoffMinutes,
    noShowLimit: v.noShowLimit, noShowWindowDays: v.noShowWindowDays, suspensionDays: v.suspensionDays, active: v.active,
    canManage: canManage(p, x),
  };
}

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The exclusion constraint of venue_bookings refused the row (an overlapping active booking exists). */
export function isOverlap(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === '23P01') return true;
  }
  return false;
}
