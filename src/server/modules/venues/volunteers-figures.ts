import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { todayShanghai } from '../../../shared/dates.ts';
import type { VolunteerFiguresQuery } from '../../../shared/venues-volunteers.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Principal } from '../../platform/scope.ts';
import { volunteerTeams } from './schema.ts';
import { readableTeams } from './volunteers.ts';

type Row = { key: string | null; name: string | null; volunteers: number; services: number; minutes: number };

/**
 * Volunteer figures of the teams the caller may read, for a year (default this one, Asia/Shanghai): per team, per
 * owner (org, alliance or unit owning the team), per unit of the volunteer and per political status — volunteers,
 * services (approved entries served that year, a reversal taking one back) and approved hours (reversals netted).
 */
export async function volunteerFigures(ctx: Ctx, p: Principal, q: z.infer<typeof VolunteerFiguresQuery>) {
  const year = q.year ?? Number(todayShanghai(ctx.now()).slice(0, 4));
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const teams = readableTeams(p, q.regionId) ?? sql`true`;
  const group = async (key: SQL, name: SQL): Promise<Row[]> => {
    const rows = await ctx.db.execute(sql`
      with t as (select ${volunteerTeams.regionId} as region_id, ${volunteerTeams.id} as id from ${volunteerTeams} where ${teams}),
      v as (select v.*, tm.team_id as in_team, vt.name as team_name, vt.owner_org_id, vt.owner_alliance_id, vt.owner_unit_id from volunteer_team_members tm
        join t on t.region_id = tm.region_id and t.id = tm.team_id join volunteers v on v.region_id = tm.region_id and v.id = tm.volunteer_id
        join volunteer_teams vt on vt.region_id = tm.region_id and vt.id = tm.team_id),
      h as (select h.volunteer_id, h.region_id, coalesce(h.team_id, hv.team_id) as for_team,
          count(*) filter (where h.source <> 'reversal')::int - count(*) filter (where h.source = 'reversal')::int as services,
          coalesce(sum(h.minutes), 0)::int as minutes
        from volunteer_hours h join volunteers hv on hv.region_id = h.region_id and hv.id = h.volunteer_id
        where h.status = 'approved' and h.served_on between ${from} and ${to} group by 1, 2, 3)
      select ${key} as key, ${name} as name, count(distinct v.id)::int as volunteers, coalesce(sum(h.services), 0)::int as services, coalesce(sum(h.minutes), 0)::int as minutes
      from v left join h on h.region_id = v.region_id and h.volunteer_id = v.id and h.for_team = v.in_team
      group by 1, 2 order by minutes desc, name`);
    return (Array.isArray(rows) ? rows : (rows as unknown as { rows: Row[] }).rows) as Row[];
  };
  const out = (rows: Row[]) => rows.map((r) => ({ key: r.key, name: r.name, volunteers: Number(r.volunteers), services: Number(r.services), hours: Number(r.minutes) / 60 }));
  const owner = sql`coalesce((select o.name from orgs o where o.region_id = v.region_id and o.id = v.owner_org_id),
    (select a.name from alliances a where a.region_id = v.region_id and a.id = v.owner_alliance_id),
    (select u.name from units u where u.region_id = v.region_id and u.id = v.owner_unit_id))`;
  const byTeam = await group(sql`v.in_team::text`, sql`v.team_name`);
  // a person in several teams is one volunteer in all (their hours once each, counted for the team served for)
  const [all] = await group(sql`null::text`, sql`null::text`);
  const byOwner = await group(sql`coalesce(v.owner_org_id, v.owner_alliance_id, v.owner_unit_id)::text`, owner);
  const byUnit = await group(sql`v.unit_id::text`, sql`(select u.name from units u where u.region_id = v.region_id and u.id = v.unit_id)`);
  const byStatus = await group(sql`v.political_status`, sql`v.political_status`);
  const [total] = out(all ? [all] : []);
  return {
    year,
    total: total ? { volunteers: total.volunteers, services: total.services, hours: total.hours } : { volunteers: 0, services: 0, hours: 0 },
    byTeam: out(byTeam), byOwner: out(byOwner), byUnit: out(byUnit), byStatus: out(byStatus),
  };
}
