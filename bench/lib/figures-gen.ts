/**
 * A synthetic region for the figures benchmark, written set-based (INSERT … SELECT generate_series, no row loop):
 * a root committee, 20 community committees × 10 branches, N members, activities of every branch over two years
 * with their attendances (expected attendees and check-ins), volunteer teams, volunteers and their hour entries,
 * an alliance and its needs (some settled). Ids are md5-derived uuids so rows find each other without look-ups.
 * One connection of its own: no statement timeout, and foreign-key triggers off while loading
 * (`session_replication_role = replica`: the generator writes only rows whose parents it wrote first).
 */
import pg from 'pg';

export interface FiguresRegion { regionId: string; rootId: string; committees: string[]; allianceId: string; counts: Record<string, number> }

export interface FiguresGenOptions { members: number; attendances: number; hourEntries: number }

export async function generateFiguresRegion(url: string, o: FiguresGenOptions, log: (s: string) => void): Promise<FiguresRegion> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set statement_timeout = 0');
    await client.query('set session_replication_role = replica');
    return await generate(client, o, log);
  } finally {
    await client.end();
  }
}

async function generate(client: pg.Client, o: FiguresGenOptions, log: (s: string) => void): Promise<FiguresRegion> {
  const database = { query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[] };
  const [{ r }] = await database.query<{ r: string }>('select gen_random_uuid()::text as r');
  const R = r;
  const q = async (what: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    await database.query(text, params);
    log(`  ${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const id = (tag: string, expr: string) => `md5('${R}' || '${tag}' || (${expr})::text)::uuid`;
  const root = id('root', '0');
  const committee = (expr: string) => id('c', expr);
  const branch = (expr: string) => id('b', expr);
  const member = (expr: string) => id('m', expr);
  const activity = (expr: string) => id('a', expr);
  const BRANCHES = 200;
  const PER_ACTIVITY = Math.max(1, Math.min(50, Math.floor(o.members / BRANCHES)));
  const activities = Math.ceil(o.attendances / PER_ACTIVITY);
  const volunteers = Math.max(1, Math.floor(o.members / 5));
  const perVolunteer = Math.ceil(o.hourEntries / volunteers);

  await q('region and orgs', `
    insert into regions (id, code, name) values ('${R}', 'bf' || substr(md5('${R}'), 1, 8), '基准测试街道');
    insert into orgs (region_id, id, parent_id, kind, name, path, depth) values ('${R}', ${root}, null, 'committee', '基准街道党工委', '/' || ${root} || '/', 0);
    insert into orgs (region_id, id, parent_id, kind, name, path, depth)
      select '${R}', ${committee('c')}, ${root}, 'committee', '第' || (c + 1) || '社区党委', '/' || ${root} || '/' || ${committee('c')} || '/', 1 from generate_series(0, 19) c;
    insert into orgs (region_id, id, parent_id, kind, name, path, depth)
      select '${R}', ${branch('b')}, ${committee('b / 10')}, 'branch', '第' || (b / 10 + 1) || '社区第' || (b % 10 + 1) || '支部',
             '/' || ${root} || '/' || ${committee('b / 10')} || '/' || ${branch('b')} || '/', 2 from generate_series(0, ${BRANCHES - 1}) b;
    insert into alliances (region_id, id, kind, name, lead_org_id) values ('${R}', ${id('al', '0')}, 'cluster', '基准联盟', ${root});
    insert into alliance_orgs (region_id, alliance_id, org_id) select '${R}', ${id('al', '0')}, ${committee('c')} from generate_series(0, 4) c;
    insert into units (region_id, id, kind, name) select '${R}', ${id('u', 'u')}, 'enterprise', '基准企业' || u from generate_series(0, 49) u;`);

  await q(`${o.members.toLocaleString()} members`, `
    insert into members (region_id, id, org_id, name, gender, birth_date, id_number, education, stage, joined_on, full_on, status, tags)
    select '${R}', ${member('i')}, ${branch(`i % ${BRANCHES}`)},
           (array['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + i % 10] || (array['伟','芳','娜','敏','静','强','磊','军','海燕','文静'])[1 + (i / 10) % 10],
           case when i % 2 = 0 then 'M' else 'F' end, date '1940-01-01' + ((i::bigint * 7919) % 25000)::int,
           'BF' || lpad(i::text, 16, '0'), (array['高中','大专','本科','研究生'])[1 + i % 4],
           case when i % 25 = 0 then 'probationary' when i % 31 = 0 then 'candidate' else 'full' end,
           date '1980-07-01' + ((i::bigint * 104729) % 16000)::int, date '1981-07-01' + ((i::bigint * 104729) % 16000)::int,
           case when i % 97 = 0 then 'lost_contact' else 'normal' end,
           case when i % 10 = 0 then array['volunteer'] else '{}'::text[] end
      from generate_series(0, ${o.members - 1}) i`);

  // activities: branch a % 200, held on a day of 2025-01-01 .. 2026-12-31
  await q(`${activities.toLocaleString()} activities`, `
    insert into activities (region_id, id, kind, org_id, title, starts_at, ends_at, held_on, checkin_opens_at, checkin_closes_at, checkin_code, status)
    select '${R}', ${activity('a')}, (array['general_meeting','committee_meeting','group_meeting','party_lesson','theme_day','volunteer'])[1 + a % 6],
           ${branch(`a % ${BRANCHES}`)}, '活动' || a, d + time '09:00' - interval '8 hours', d + time '11:00' - interval '8 hours', d,
           d + time '08:30' - interval '8 hours', d + time '11:30' - interval '8 hours', md5('code' || a), case when d <= date '2026-12-03' then 'held' else 'planned' end
      from generate_series(0, ${activities - 1}) a, lateral (select date '2025-01-01' + (a * 7) % 730 as d) x`);

  // attendances: 50 members of the activity's branch each (member i of branch b: i = b + 200k)
  await q(`${(activities * PER_ACTIVITY).toLocaleString()} attendances`, `
    insert into activity_attendees (region_id, activity_id, member_id, expected)
    select '${R}', ${activity('a')}, ${member(`a % ${BRANCHES} + ${BRANCHES} * ((a / ${BRANCHES} * ${PER_ACTIVITY} + j) % ${Math.floor(o.members / BRANCHES)})`)}, true
      from generate_series(0, ${activities - 1}) a, generate_series(0, ${PER_ACTIVITY - 1}) j`);
  await q('check-ins (6 in 7 attendances)', `
    insert into activity_checkins (region_id, activity_id, member_id, at, method)
    select '${R}', ${activity('a')}, ${member(`a % ${BRANCHES} + ${BRANCHES} * ((a / ${BRANCHES} * ${PER_ACTIVITY} + j) % ${Math.floor(o.members / BRANCHES)})`)},
           date '2025-01-01' + (a * 7) % 730 + time '08:45' - interval '8 hours' + j * interval '10 seconds', 'qr'
      from generate_series(0, ${activities - 1}) a, generate_series(0, ${PER_ACTIVITY - 1}) j where (a + j) % 7 <> 0`);

  // volunteers: every fifth member, in the team of their committee
  await q(`${volunteers.toLocaleString()} volunteers`, `
    insert into volunteer_teams (region_id, id, name, owner_org_id) select '${R}', ${id('t', 'c')}, '第' || (c + 1) || '社区志愿服务队', ${committee('c')} from generate_series(0, 19) c;
    insert into volunteers (region_id, id, team_id, member_id, political_status, volunteer_no, joined_on)
    select '${R}', ${id('v', 'v')}, ${id('t', `(v * 5 % ${BRANCHES}) / 10`)}, ${member('v * 5')}, 'party_member', 'BV' || lpad(v::text, 8, '0'), date '2024-01-01'
      from generate_series(0, ${volunteers - 1}) v;
    insert into volunteer_team_members (region_id, team_id, volunteer_id, joined_on) select region_id, team_id, id, joined_on from volunteers where region_id = '${R}'`);
  await q(`${(volunteers * perVolunteer).toLocaleString()} hour entries`, `
    insert into volunteer_hours (region_id, id, volunteer_id, description, served_on, minutes, source, status, recorded_at, approved_at)
    select '${R}', ${id('h', `v * ${perVolunteer} + k`)}, ${id('v', 'v')}, '志愿服务', date '2025-01-01' + (v * 13 + k * 17) % 730,
           30 + (v + k) % 8 * 30, 'manual', case when (v + k) % 10 = 0 then 'pending' else 'approved' end, timestamptz '2025-01-01' + ((v * 13 + k * 17) % 730) * interval '1 day', null
      from generate_series(0, ${volunteers - 1}) v, generate_series(0, ${perVolunteer - 1}) k`);

  await q('needs', `
    insert into needs (region_id, id, alliance_id, category, title, quantity, claimed, slot_seq, filled, status, unit_id, raised_as, confirmed_at, published_at)
    select '${R}', ${id('n', 'n')}, ${id('al', '0')}, 'jobs', '岗位需求' || n, 2, case when n % 3 = 0 then 2 else 0 end, case when n % 3 = 0 then 2 else 0 end, case when n % 3 = 0 then 2 else 0 end,
           case when n % 3 = 0 then 'confirmed' else 'published' end, ${id('u', 'n % 50')}, 'unit',
           case when n % 3 = 0 then timestamptz '2025-01-01' + n * interval '3 hours' end, timestamptz '2025-01-01' + n * interval '2 hours'
      from generate_series(0, 1999) n`);
  await q('analyze', 'set session_replication_role = origin; analyze');
  const counts: Record<string, number> = {};
  for (const t of ['members', 'activities', 'activity_attendees', 'activity_checkins', 'volunteers', 'volunteer_hours', 'needs']) {
    const [{ n }] = await database.query<{ n: number }>(`select count(*)::int as n from ${t} where region_id = $1`, [R]);
    counts[t] = Number(n);
  }
  const cs = await database.query<{ id: string }>(`select id::text as id from orgs where region_id = $1 and depth = 1 order by name`, [R]);
  const [{ root: rootId }] = await database.query<{ root: string }>(`select id::text as root from orgs where region_id = $1 and depth = 0`, [R]);
  const [{ a }] = await database.query<{ a: string }>(`select id::text as a from alliances where region_id = $1`, [R]);
  return { regionId: R, rootId, committees: cs.map((c) => c.id), allianceId: a, counts };
}
