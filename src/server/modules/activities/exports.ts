// xlsx exports of what the staff screens show: activities with attendance (the list's filters), the 三会一课 board.
import type { z } from 'zod';
import type { ActivityExportQuery, ComplianceQuery } from '../../../shared/activities.ts';
import { msg, type Locale } from '../../platform/messages.ts';
import type { Principal } from '../../platform/scope.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { and, eq, inArray } from 'drizzle-orm';
import { orgs } from '../directory/schema.ts';
import { findActivity, listActivities, listAttendees } from './activities.ts';
import { shanghaiMinute } from '../../../shared/dates.ts';
import type { Ctx } from './common.ts';
import { complianceBoard } from './compliance.ts';

/** At most this many rows in one export (the list's filters narrow it). */
export const EXPORT_MAX_ROWS = 10_000;
const STATUS_NAME = { o: 'ok', m: 'missing', p: 'pending', f: 'future' } as const;


/** The activities the list shows for these filters (every page), with expected, checked in and the attendance rate. */
export async function activitiesWorkbook(ctx: Ctx, p: Principal, q: z.infer<typeof ActivityExportQuery>, locale: Locale) {
  const page = await listActivities(ctx, p, { ...q, page: 1, pageSize: EXPORT_MAX_ROWS });
  const h = (k: string) => msg(locale, `export.act.${k}`);
  return workbookBuffer([{
    name: h('sheet'), boldHeader: true,
    header: [
      { title: h('title'), width: 36 }, { title: h('kind'), width: 12 }, { title: h('org'), width: 24 }, { title: h('starts'), width: 18 },
      { title: h('ends'), width: 18 }, { title: h('place'), width: 20 }, { title: h('status'), width: 10 }, { title: h('expected'), width: 8 },
      { title: h('checkedIn'), width: 8 }, { title: h('rate'), width: 10 },
    ],
    rows: page.items.map((a) => {
      const c = a.counts ?? { expected: 0, checkedIn: 0 };
      return [
        a.title, msg(locale, `export.kind.${a.kind}`), a.orgName ?? '', shanghaiMinute(a.startsAt), shanghaiMinute(a.endsAt), a.place ?? '',
        msg(locale, `export.status.${a.status}`), c.expected, c.checkedIn, c.expected ? `${Math.round((1000 * c.checkedIn) / c.expected) / 10}%` : '',
      ];
    }),
  }]);
}

/** The 三会一课 board for these filters (every branch): per branch and column the count held and its status. */
export async function boardWorkbook(ctx: Ctx, p: Principal, q: Omit<z.infer<typeof ComplianceQuery>, 'page' | 'pageSize'>, locale: Locale) {
  const board = await complianceBoard(ctx, p, { ...q, page: 1, pageSize: EXPORT_MAX_ROWS });
  const h = (k: string) => msg(locale, `export.board.${k}`);
  const status = (letter: string) => msg(locale, `export.cell.${STATUS_NAME[letter as keyof typeof STATUS_NAME] ?? 'future'}`);
  return {
    year: board.year,
    buffer: await workbookBuffer([{
      name: h('sheet'), boldHeader: true,
      header: [
        { title: h('branch'), width: 28 }, { title: h('secretary'), width: 12 }, { title: h('missing'), width: 8 },
        ...board.columns.map((c) => ({ title: `${msg(locale, `export.kind.${c.kind}`)} ${c.period}（≥${c.required}）`, width: 14 })),
      ],
      rows: board.items.map((b) => [b.orgName, b.secretaryName ?? '', b.missing, ...b.held.map((n, i) => `${n} ${status(b.status[i])}`)]),
    }]),
  };
}

/**
 * The sign-in sheet (签到表) of one activity, to print: the activity's title, time and place, then a numbered row
 * per attendee (expected or signed up) with their org, the check-in time if any, and a column to sign. Readers of the
 * activity only (404 otherwise, as for an id that does not exist).
 */
export async function signInSheet(ctx: Ctx, p: Principal, id: string, locale: Locale) {
  const l = await findActivity(ctx.db, p, id, 'activities.read');
  const people = await listAttendees(ctx, p, id);
  const orgIds = [...new Set(people.map((x) => x.orgId))];
  const names = new Map(orgIds.length ? (await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs)
    .where(and(eq(orgs.regionId, l.a.regionId), inArray(orgs.id, orgIds)))).map((o) => [o.id, o.name]) : []);
  const h = (k: string) => msg(locale, `export.sheet.${k}`);
  const a = l.a;
  return workbookBuffer([{
    name: h('sheet'),
    header: [{ title: `${a.title} ${h('sheet')}`, width: 6 }, { title: '', width: 14 }, { title: '', width: 26 }, { title: '', width: 18 }, { title: '', width: 22 }],
    rows: [
      [`${h('time')}：${shanghaiMinute(a.startsAt.toISOString())} – ${shanghaiMinute(a.endsAt.toISOString()).slice(11)}`, null, `${h('place')}：${a.place ?? ''}`, null, `${h('org')}：${l.orgName ?? ''}`],
      [h('no'), h('name'), h('org'), h('checkedIn'), h('sign')],
      ...people.map((x, i) => [i + 1, x.name, names.get(x.orgId) ?? '', x.checkedInAt ? shanghaiMinute(x.checkedInAt) : '', '']),
    ],
  }]);
}
