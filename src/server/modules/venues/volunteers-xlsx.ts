import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { todayShanghai } from '../../../shared/dates.ts';
import { normalizeName } from '../../../shared/directory.ts';
import { VOLUNTEER_PHONE } from '../../../shared/venues-volunteers.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { can, type Principal } from '../../platform/scope.ts';
import { receiveToFile } from '../../platform/uploads.ts';
import { matchHeader, parseDateCell, readSheet, workbookBuffer, type Cell, type HeaderSpec } from '../../platform/xlsx.ts';
import { members, orgs, units } from '../directory/schema.ts';
import { volunteers, volunteerTeamMembers, volunteerTeams } from './schema.ts';
import { findTeam, inTeam, toVolunteer, volunteerConflict, volunteerProblems, volunteerQuery, type VolunteerFull, type VolunteerInput } from './volunteers.ts';

/**
 * The team's roster (志愿者名册) as xlsx, and volunteers from an xlsx into the team. The export's columns are the ones
 * the import reads, so a leader adds rows to the exported sheet and sends it back: rows already in the team (same
 * volunteer number, same name) are left as they are, the others are registered.
 */

type Status = VolunteerInput['politicalStatus'];
const STATUS_NAMES: Record<Status, string> = { party_member: '党员', league_member: '团员', masses: '群众' };
const STATUS_BY_TEXT = new Map<string, Status>([
  ...Object.entries(STATUS_NAMES).map(([k, v]) => [v, k as Status] as [string, Status]),
  ['中共党员', 'party_member'], ['预备党员', 'party_member'], ['中共预备党员', 'party_member'], ['party member', 'party_member'], ['party_member', 'party_member'],
  ['共青团员', 'league_member'], ['league member', 'league_member'], ['league_member', 'league_member'],
  ['群众', 'masses'], ['无党派', 'masses'], ['masses', 'masses'],
]);
const TITLES = ['志愿者编号', '姓名', '政治面貌', '所在单位', '联系电话', '加入日期', '本年服务时长（小时）', '累计服务时长（小时）'];
const WIDTHS = [14, 12, 10, 30, 16, 12, 20, 20];

/** The roster of a team the caller may read: every volunteer with approved hours this year (Shanghai) and in all. */
export async function rosterXlsx(ctx: Ctx, p: Principal, teamId: string): Promise<{ buffer: Buffer; filename: string }> {
  const team = await findTeam(ctx.db, p, teamId, 'read');
  const year = todayShanghai(ctx.now()).slice(0, 4);
  const rows = await volunteerQuery(ctx.db, {
    minutesThisYear: sql<number>`(select coalesce(sum(h.minutes), 0)::int from volunteer_hours h where h.region_id = ${volunteers.regionId}
      and h.volunteer_id = ${volunteers.id} and h.status = 'approved' and h.served_on between ${`${year}-01-01`} and ${`${year}-12-31`})`,
  }).where(and(eq(volunteers.regionId, team.t.regionId), inTeam(team.t.regionId, team.t.id))).orderBy(asc(volunteers.volunteerNo));
  const buffer = await workbookBuffer([{
    name: '志愿者名册', boldHeader: true,
    header: TITLES.map((title, i) => ({ title: i === 6 ? `${year}年服务时长（小时）` : title, width: WIDTHS[i] })),
    rows: rows.map((r) => {
      const v = toVolunteer(p, r as VolunteerFull, team);
      return [v.volunteerNo, v.name, STATUS_NAMES[v.politicalStatus], v.unitName, v.phone, v.joinedOn, Number(r.minutesThisYear) / 60, v.hours];
    }),
  }]);
  return { buffer, filename: `${team.t.name}-志愿者名册.xlsx` };
}

type Col = 'volunteerNo' | 'name' | 'status' | 'unit' | 'phone' | 'joinedOn';
const HEADER: HeaderSpec<Col>[] = [
  { key: 'volunteerNo', aliases: ['志愿者编号', '编号', '志愿者号', 'volunteer no', 'volunteer number', 'no'] },
  { key: 'name', aliases: ['姓名', '志愿者姓名', '名字', 'name'] },
  { key: 'status', aliases: ['政治面貌', '面貌', 'political status', 'status'] },
  { key: 'unit', aliases: ['所在单位', '单位', '工作单位', 'unit'] },
  { key: 'phone', aliases: ['联系电话', '电话', '手机', '手机号', '手机号码', 'phone'] },
  { key: 'joinedOn', aliases: ['加入日期', '入队日期', '注册日期', 'joined on', 'joined'] },
];
const MAX_ROWS = 2000;
const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c)).trim();

export interface RosterRow { row: number; id: string; volunteerNo: string; name: string; outcome: 'created' | 'unchanged' }

/**
 * Volunteers from an xlsx (志愿者编号 / 姓名 / 政治面貌 / 所在单位 / 联系电话 / 加入日期) into a team the caller manages. A
 * party member is linked to the member record of that name the caller may read (the phone tells two of one name apart);
 * a unit is named as in the directory. A row whose number is already in the team under the same name is left as it is.
 * All or nothing: any problem answers 422 VOLUNTEER_IMPORT_ROWS_INVALID with every problem of every row
 * (`rows.<row>.<column>`) and nothing is written.
 */
export async function importRoster(ctx: Ctx, actor: Actor, teamId: string, req: FastifyRequest): Promise<{ created: number; unchanged: number; rows: RosterRow[] }> {
  const p = actor.principal!;
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_NO_FILE');
  const tmp = path.join(os.tmpdir(), `lj-roster-${uuidv7()}.xlsx`);
  try {
    const { gotFile } = await receiveToFile(req, tmp);
    const team = await findTeam(ctx.db, p, teamId, 'manage');
    if (!gotFile) throw new AppError(400, 'IMPORT_NO_FILE');
    const regionId = team.t.regionId;
    const today = todayShanghai(ctx.now());

    let cols: Map<Col, number> | null = null;
    const problems: ErrorDetail[] = [];
    const at = (row: number, col: Col, key: string, vars: Record<string, unknown> = {}) => problems.push({ ...fieldError(`rows.${row}.${col}`, key, vars), row });
    const sheet: { row: number; volunteerNo: string; name: string; status: Status | null; unit: string; phone: string; joinedOn: string | null }[] = [];
    for await (const { row, cells } of readSheet(tmp)) {
      if (!cols) {
        cols = matchHeader(cells, HEADER);
        if (!cols && row >= 10) break;
        if (cols && !(cols.has('volunteerNo') && cols.has('name') && cols.has('status'))) cols = null;
        continue;
      }
      const cell = (c: Col) => (cols!.has(c) ? cells[cols!.get(c)!] : null);
      const volunteerNo = text(cell('volunteerNo'));
      const name = normalizeName(text(cell('name')));
      const statusText = text(cell('status'));
      const unit = text(cell('unit'));
      const phone = text(cell('phone')).replace(/\s+/g, '');
      const dRaw = cell('joinedOn');
      if (!volunteerNo && !name && !statusText && !unit && !phone && (dRaw === null || dRaw === undefined)) continue;
      if (sheet.length + 1 > MAX_ROWS) throw invalid([fieldError('file', 'volunteer.import.too_many', { max: MAX_ROWS })], 'VOLUNTEER_IMPORT_ROWS_INVALID');
      const joinedOn = dRaw === null || dRaw === undefined ? null : parseDateCell(dRaw);
      const status = STATUS_BY_TEXT.get(statusText) ?? STATUS_BY_TEXT.get(statusText.toLowerCase()) ?? null;
      sheet.push({ row, volunteerNo, name, status, unit, phone, joinedOn });
      if (!volunteerNo) at(row, 'volunteerNo', 'volunteer.import.no_required');
      else if (volunteerNo.length > 32) at(row, 'volunteerNo', 'volunteer.import.too_long', { max: 32 });
      if (!name) at(row, 'name', 'volunteer.name_required');
      else if (name.length > 50) at(row, 'name', 'volunteer.import.too_long', { max: 50 });
      if (!status) at(row, 'status', 'volunteer.import.status_unknown', { value: statusText });
      if (dRaw !== null && dRaw !== undefined && !joinedOn) at(row, 'joinedOn', 'volunteer.import.date');
      else if (joinedOn && joinedOn > today) at(row, 'joinedOn', 'volunteer.joined_future');
    }
    if (!cols) throw new AppError(422, 'VOLUNTEER_IMPORT_NO_HEADER');
    if (!sheet.length) throw new AppError(400, 'IMPORT_EMPTY');

    // the region's volunteers holding a number or a member of the sheet
    const numbers = [...new Set(sheet.map((r) => r.volunteerNo).filter(Boolean))];
    const existing = numbers.length ? await volunteerQuery(ctx.db).where(and(eq(volunteers.regionId, regionId), inArray(volunteers.volunteerNo, numbers))) : [];
    const byNo = new Map(existing.map((r) => [r.v.volunteerNo, r as VolunteerFull]));
    const teamNames = new Map((numbers.length ? await ctx.db.select({ id: volunteerTeams.id, name: volunteerTeams.name }).from(volunteerTeams).where(eq(volunteerTeams.regionId, regionId)) : []).map((x) => [x.id, x.name]));

    // party members by name among those the caller may read; units by name in the region
    const partyNames = [...new Set(sheet.filter((r) => r.status === 'party_member' && r.name).map((r) => r.name))];
    const people = partyNames.length ? await ctx.db.select({ id: members.id, name: members.name, phone: members.phone, path: orgs.path, volunteerId: volunteers.id, teamId: volunteers.teamId })
      .from(members).innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
      .leftJoin(volunteers, and(eq(volunteers.regionId, members.regionId), eq(volunteers.memberId, members.id)))
      .where(and(eq(members.regionId, regionId), inArray(members.name, partyNames))) : [];
    const readable = people.filter((m) => can(p, 'members.read', { regionId, orgPath: m.path }));
    const unitNames = [...new Set(sheet.map((r) => r.unit).filter(Boolean))];
    const unitRows = unitNames.length ? await ctx.db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.regionId, regionId), inArray(units.name, unitNames))) : [];

    const seenNo = new Map<string, number>();
    const seenMember = new Map<string, number>();
    const inputs: { row: number; input: VolunteerInput }[] = [];
    const unchanged: RosterRow[] = [];
    for (const r of sheet) {
      if (!r.volunteerNo || !r.name || !r.status) continue;
      const dupNo = seenNo.get(r.volunteerNo);
      if (dupNo) { at(r.row, 'volunteerNo', 'volunteer.import.no_repeated', { no: r.volunteerNo, row: dupNo }); continue; }
      seenNo.set(r.volunteerNo, r.row);
      const held = byNo.get(r.volunteerNo);
      if (held) {
        const heldName = held.v.memberId ? held.memberName : held.v.name;
        if (toVolunteer(p, held, team).teams.some((x) => x.id === team.t.id) && heldName === r.name) { unchanged.push({ row: r.row, id: held.v.id, volunteerNo: r.volunteerNo, name: r.name, outcome: 'unchanged' }); continue; }
        at(r.row, 'volunteerNo', 'volunteer.import.no_taken', { no: r.volunteerNo, team: teamNames.get(held.v.teamId) ?? '' });
        continue;
      }
      const before = problems.length;
      const input: VolunteerInput = { politicalStatus: r.status, volunteerNo: r.volunteerNo, joinedOn: r.joinedOn ?? undefined };
      if (r.status === 'party_member') {
        const named = readable.filter((m) => m.name === r.name);
        const found = r.phone ? named.filter((m) => m.phone === r.phone) : named;
        const m = found.length === 1 ? found[0] : null;
        if (!found.length) at(r.row, 'name', r.phone && named.length ? 'volunteer.import.member_phone' : 'volunteer.import.member_unknown', { name: r.name });
        else if (!m) at(r.row, 'name', 'volunteer.import.member_ambiguous', { name: r.name });
        else if (m.volunteerId) at(r.row, 'name', 'volunteer.import.member_registered', { name: r.name, team: teamNames.get(m.teamId!) ?? '' });
        else if (seenMember.has(m.id)) at(r.row, 'name', 'volunteer.import.member_repeated', { name: r.name, row: seenMember.get(m.id) });
        else { seenMember.set(m.id, r.row); input.memberId = m.id; }
      } else {
        input.name = r.name;
        if (r.phone && !VOLUNTEER_PHONE.test(r.phone)) at(r.row, 'phone', 'volunteer.import.phone', { value: r.phone });
        else if (r.phone) input.phone = r.phone;
      }
      if (r.unit) {
        const u = unitRows.filter((x) => x.name === r.unit);
        if (u.length !== 1) at(r.row, 'unit', u.length ? 'volunteer.import.unit_ambiguous' : 'volunteer.import.unit_unknown', { name: r.unit });
        else input.unitId = u[0].id;
      }
      if (problems.length === before && !problems.some((x) => x.row === r.row)) inputs.push({ row: r.row, input });
    }
    // the rules of one volunteer (as for POST /volunteers), for each row
    const prepared: { row: number; values: Awaited<ReturnType<typeof volunteerProblems>>['row'] }[] = [];
    for (const x of inputs) {
      const { problems: ps, row } = await volunteerProblems(ctx.db, p, team, x.input, ctx.now());
      // the date was checked above; anything else the rules find is reported on the row
      for (const e of ps) if (e.field !== 'joinedOn') at(x.row, e.field === 'memberId' ? 'name' : (e.field as Col), e.message, e.vars as Record<string, unknown>);
      prepared.push({ row: x.row, values: row });
    }
    if (problems.length) {
      problems.sort((a, b) => Number(a.row) - Number(b.row));
      throw invalid(problems, 'VOLUNTEER_IMPORT_ROWS_INVALID');
    }

    try {
      return await ctx.db.transaction(async (tx) => {
        const values = prepared.map((x) => x.values);
        for (let i = 0; i < values.length; i += 500) {
          await tx.insert(volunteers).values(values.slice(i, i + 500));
          await tx.insert(volunteerTeamMembers).values(values.slice(i, i + 500).map((v) => ({ regionId: v.regionId, teamId: v.teamId, volunteerId: v.id, joinedOn: v.joinedOn })));
        }
        if (values.length) {
          await audit(tx, actor, values.map((v, i) => ({
            regionId, action: 'volunteer.import' as const, entityType: 'volunteer', entityId: v.id, after: { ...v, row: prepared[i].row, source: 'import' },
          })));
        }
        const created: RosterRow[] = prepared.map((x) => ({
          row: x.row, id: x.values.id, volunteerNo: x.values.volunteerNo, name: sheet.find((r) => r.row === x.row)!.name, outcome: 'created',
        }));
        return { created: created.length, unchanged: unchanged.length, rows: [...created, ...unchanged].sort((a, b) => a.row - b.row) };
      });
    } catch (e) {
      throw volunteerConflict(e) ?? e;
    }
  } finally {
    fs.rm(tmp, { force: true }, () => {});
  }
}
