// xlsx exports of what the staff screens show: activities with attendance (the list's filters), the 三会一课 board.
import type { z } from 'zod';
import type { ActivityListQuery, ComplianceQuery } from '../../../shared/activities.ts';
import { msg, type Locale } from '../../platform/messages.ts';
import type { Principal } from '../../platform/scope.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { listActivities } from './activities.ts';
import type { Ctx } from './common.ts';
import { complianceBoard } from './compliance.ts';

/** At most this many rows in one export (the list's filters narrow it). */
export const EXPORT_MAX_ROWS = 10_000;
const STATUS_NAME = { o: 'ok', m: 'missing', p: 'pending', f: 'future' } as const;

/** A time as Asia/Shanghai wall time, `2026-11-25 19:00`. */
const shanghai = (isoTime: string) => new Date(Date.parse(isoTime) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The activities the list shows for these filters (every page), with expected, checked in and the attendance rate. */
export async function activitiesWorkbook(ctx: Ctx, p: Principal, q: Omit<z.infer<typeof ActivityListQuery>, 'page' | 'pageSize'>, locale: Locale) {
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
        a.title, msg(locale, `export.kind.${a.kind}`), a.orgName ?? '', shanghai(a.startsAt), shanghai(a.endsAt), a.place ?? '',
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
