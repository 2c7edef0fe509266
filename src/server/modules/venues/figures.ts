import { sql } from 'drizzle-orm';
import { col, defineFigures, L } from '../../platform/figures/types.ts';

/**
 * The venues' figures (docs/figures.md): bookings and visitors of the shared venues, volunteer teams, volunteers and
 * their service hours, events with registration and their registrants. A venue's records hang on its owner (org or
 * unit) and its alliance; a volunteer's on the team's owner (and the volunteer's unit); an event's on its activity.
 */

const BOOKING_STATUS = {
  pending: L('待审批', 'Pending'), approved: L('已批准', 'Approved'), rejected: L('已驳回', 'Rejected'), cancelled: L('已取消', 'Cancelled'),
  checked_in: L('已签到', 'Checked in'), no_show: L('爽约', 'No-show'), done: L('已使用', 'Used'),
};
const POLITICAL_STATUS = { party_member: L('中共党员', 'Party member'), league_member: L('共青团员', 'League member'), masses: L('群众', 'Masses') };
const GENDER = { M: L('男', 'Male'), F: L('女', 'Female') };

const C = {
  venue: col('venue', '阵地', 'Venue'),
  booker: col('booker', '预约单位', 'Booked by'),
  purpose: col('purpose', '用途', 'Purpose'),
  startsAt: col('starts_at', '开始时间', 'Starts at', 'datetime'),
  status: col('status', '状态', 'Status', 'text', BOOKING_STATUS),
  attendees: col('attendees', '人数', 'People', 'number'),
  group: col('group_name', '参观团体', 'Group'),
  visitedOn: col('visited_on', '参观日期', 'Visited on', 'date'),
  visitors: col('visitors', '人数', 'Visitors', 'number'),
  team: col('team', '队伍', 'Team'),
  owner: col('owner', '所属', 'Owned by'),
  interest: col('interest', '服务方向', 'Interest'),
  name: col('name', '姓名', 'Name'),
  politicalStatus: col('political_status', '政治面貌', 'Political status', 'text', POLITICAL_STATUS),
  unit: col('unit', '单位', 'Unit'),
  joinedOn: col('joined_on', '加入日期', 'Joined on', 'date'),
  servedOn: col('served_on', '服务日期', 'Served on', 'date'),
  description: col('description', '服务内容', 'Service'),
  hours: col('hours', '时长（小时）', 'Hours', 'hours'),
  event: col('event', '活动', 'Event'),
  heldOn: col('held_on', '日期', 'Held on', 'date'),
  gender: col('gender', '性别', 'Gender', 'text', GENDER),
  ageBand: col('age_band', '年龄段', 'Age band'),
  registrants: col('registrants', '报名人数', 'Registrants', 'number'),
  amount: col('amount_fen', '金额', 'Amount', 'fen'),
  payer: col('payer', '捐赠人', 'Given by'),
};

/** a team's owner (org, alliance or unit), by name */
const teamOwner = `coalesce(oo.name, oa.name, ou.name)`;
const teamJoins = `left join orgs oo on oo.region_id = t.region_id and oo.id = t.owner_org_id
  left join alliances oa on oa.region_id = t.region_id and oa.id = t.owner_alliance_id
  left join units ou on ou.region_id = t.region_id and ou.id = t.owner_unit_id`;

const eventJoins = `join activities a on a.region_id = p.region_id and a.id = p.activity_id
  left join orgs o on o.region_id = a.region_id and o.id = a.org_id`;

export const venuesFigures = defineFigures([
  {
    key: 'venues.bookings',
    label: { 'zh-CN': '阵地预约', 'en-US': 'Venue bookings' },
    definition: {
      'zh-CN': '共享阵地的预约（不含已驳回、已取消的），以使用开始时间计入，算在预约的组织或单位名下；可按状态、阵地分组',
      'en-US': 'Bookings of shared venues (rejected and cancelled ones left out), counted when they start, under the booking org or unit; by status or venue',
    },
    unit: 'times', permission: 'venues.book', aggregate: 'count',
    rows: sql.raw(`select b.region_id, b.booker_org_id as org_id, b.booker_unit_id as unit_id, r.alliance_id,
        (b.starts_at at time zone 'Asia/Shanghai')::date as at, 1 as value, b.id::text as id,
        r.name as venue, coalesce(bo.name, bu.name) as booker, b.purpose, b.starts_at, b.status, b.attendees
      from venue_bookings b join venue_resources r on r.region_id = b.region_id and r.id = b.resource_id
      left join orgs bo on bo.region_id = b.region_id and bo.id = b.booker_org_id
      left join units bu on bu.region_id = b.region_id and bu.id = b.booker_unit_id
      where b.status not in ('rejected', 'cancelled')`),
    columns: [C.venue, C.booker, C.purpose, C.startsAt, C.status, C.attendees],
    dimensions: [C.status, C.venue],
    link: '/venues',
  },
  {
    key: 'venues.visitors',
    label: { 'zh-CN': '阵地参观人次', 'en-US': 'Venue visitors' },
    definition: {
      'zh-CN': '登记的团体参观人数之和，以参观日期计入，算在阵地所属组织或单位名下',
      'en-US': 'Sum of the people of the recorded group visits, counted on the day, under the venue\'s owning org or unit',
    },
    unit: 'times', permission: 'venues.book', aggregate: 'sum',
    rows: sql.raw(`select v.region_id, r.owner_org_id as org_id, r.owner_unit_id as unit_id, r.alliance_id,
        v.visited_on as at, v.visitors as value, v.id::text as id,
        r.name as venue, v.group_name, v.visited_on, v.visitors
      from venue_visits v join venue_resources r on r.region_id = v.region_id and r.id = v.resource_id`),
    columns: [C.venue, C.group, C.visitedOn, C.visitors],
    dimensions: [C.venue],
    link: '/venues',
  },
  {
    key: 'venues.volunteerTeams',
    label: { 'zh-CN': '志愿服务队伍', 'en-US': 'Volunteer teams' },
    definition: {
      'zh-CN': '期末已组建的志愿服务队伍，以第一名队员加入日期（无队员则建队日期）计入，算在队伍所属组织、联建组织或单位名下',
      'en-US': 'Volunteer teams formed by the end of the period, from their first volunteer\'s joining day (else the day created), under the owning org, alliance or unit',
    },
    unit: 'count', permission: 'activities.read', aggregate: 'count', stock: true,
    rows: sql.raw(`select t.region_id, t.owner_org_id as org_id, t.owner_unit_id as unit_id, t.owner_alliance_id as alliance_id,
        coalesce(vs.first, (t.created_at at time zone 'Asia/Shanghai')::date) as at,
        1 as value, t.id::text as id,
        t.name as team, ${teamOwner} as owner, t.interest, coalesce(vs.n, 0) as volunteers
      from volunteer_teams t ${teamJoins}
      left join (select tm.region_id, tm.team_id, min(tm.joined_on) as first, count(*)::int as n from volunteer_team_members tm group by 1, 2) vs
        on vs.region_id = t.region_id and vs.team_id = t.id`),
    columns: [C.team, C.owner, C.interest, col('volunteers', '队员', 'Volunteers', 'number')],
    link: '/volunteer-teams',
  },
  {
    key: 'venues.volunteers',
    label: { 'zh-CN': '志愿者', 'en-US': 'Volunteers' },
    definition: {
      'zh-CN': '期末在册的志愿者（每支队伍每人一条），以加入日期计入，算在队伍所属组织、联建组织或单位名下；可按政治面貌、队伍分组',
      'en-US': 'Volunteers on a team at the end of the period (one per team and person), from the day they joined, under the team\'s owner; by political status or team',
    },
    unit: 'people', permission: 'activities.read', aggregate: 'count', stock: true,
    rows: sql.raw(`select v.region_id, t.owner_org_id as org_id, coalesce(t.owner_unit_id, v.unit_id) as unit_id, t.owner_alliance_id as alliance_id,
        tm.joined_on as at, 1 as value, tm.team_id::text || '/' || v.id::text as id,
        coalesce(m.name, v.name) as name, t.name as team, v.political_status,
        u.name as unit, tm.joined_on
      from volunteer_team_members tm join volunteers v on v.region_id = tm.region_id and v.id = tm.volunteer_id
      join volunteer_teams t on t.region_id = tm.region_id and t.id = tm.team_id
      left join members m on m.region_id = v.region_id and m.id = v.member_id
      left join units u on u.region_id = v.region_id and u.id = v.unit_id`),
    columns: [C.name, C.team, C.politicalStatus, C.unit, C.joinedOn],
    dimensions: [C.politicalStatus, C.team],
    link: '/volunteer-teams',
  },
  {
    key: 'venues.serviceHours',
    label: { 'zh-CN': '志愿服务时长', 'en-US': 'Volunteer service hours' },
    definition: {
      'zh-CN': '已审核的志愿服务时长之和（冲销记录抵减），以服务日期计入，算在服务所属队伍（未注明则为志愿者登记所在队伍）的所属组织、联建组织或单位名下',
      'en-US': 'Sum of the approved service hours (reversals netted), counted on the day served, under the owner of the team served for (else the volunteer\'s own team)',
    },
    unit: 'hours', permission: 'activities.read', aggregate: 'sum',
    rows: sql.raw(`select h.region_id, t.owner_org_id as org_id, coalesce(t.owner_unit_id, v.unit_id) as unit_id, t.owner_alliance_id as alliance_id,
        h.served_on as at, h.minutes / 60.0 as value, h.id::text as id,
        coalesce(m.name, v.name) as name, t.name as team, h.description, h.served_on, h.minutes / 60.0 as hours
      from volunteer_hours h join volunteers v on v.region_id = h.region_id and v.id = h.volunteer_id
      join volunteer_teams t on t.region_id = v.region_id and t.id = coalesce(h.team_id, v.team_id)
      left join members m on m.region_id = v.region_id and m.id = v.member_id
      where h.status = 'approved'`),
    columns: [C.name, C.team, C.description, C.servedOn, C.hours],
    dimensions: [C.team],
    link: '/volunteer-teams',
   // ~1M hour entries at the benchmark's size: a per-day summary, kept by triggers on these tables (docs/scaling.md)
    summary: { sources: ['volunteer_hours', 'volunteers', 'volunteer_teams'] },
  },
  {
    key: 'venues.events',
    label: { 'zh-CN': '报名活动', 'en-US': 'Events with registration' },
    definition: {
      'zh-CN': '开放公开报名的活动（联谊会等，未取消的），以活动日期计入，算在组织活动的组织、联建组织名下',
      'en-US': 'Activities with a public registration page (mixers and the like, not cancelled), counted on their day, under the organising org and alliance',
    },
    unit: 'times', permission: 'activities.read', aggregate: 'count',
    rows: sql.raw(`select p.region_id, a.org_id, o.unit_id, a.alliance_id,
        a.held_on as at, 1 as value, p.id::text as id,
        a.title as event, o.name as org_name, a.held_on,
        (select count(*) from event_registrations r where r.region_id = p.region_id and r.page_id = p.id and r.status = 'confirmed')::int as registrants
      from event_pages p ${eventJoins}
      where a.status <> 'cancelled'`),
    columns: [C.event, col('org_name', '组织', 'Organisation'), C.heldOn, C.registrants],
    link: '/events',
  },
  {
    key: 'venues.registrants',
    label: { 'zh-CN': '活动报名人数', 'en-US': 'Event registrants' },
    definition: {
      'zh-CN': '报名活动的确认报名（不含候补、已取消的），以活动日期计入；可按单位、性别、年龄段分组',
      'en-US': 'Confirmed registrations of events (waitlisted and cancelled ones left out), counted on the event\'s day; by unit, gender or age band',
    },
    unit: 'people', permission: 'activities.read', aggregate: 'count',
    rows: sql.raw(`select r.region_id, a.org_id, o.unit_id, a.alliance_id,
        a.held_on as at, 1 as value, r.id::text as id,
        r.name, r.unit, r.gender, r.age_band, a.title as event, a.held_on
      from event_registrations r join event_pages p on p.region_id = r.region_id and p.id = r.page_id ${eventJoins}
      where r.status = 'confirmed' and a.status <> 'cancelled'`),
    columns: [C.name, C.unit, C.gender, C.ageBand, C.event, C.heldOn],
    dimensions: [C.unit, C.gender, C.ageBand],
    link: '/events',
  },
  {
    key: 'venues.charityTakings',
    label: { 'zh-CN': '活动义卖收入', 'en-US': 'Charity sale takings' },
    definition: {
      'zh-CN': '报名活动现场义卖（玫瑰义卖等）登记的收入之和，以登记时间计入',
      'en-US': 'Sum of the takings recorded at events\' charity sales (the rose sale…), counted when recorded',
    },
    unit: 'fen', permission: 'activities.read', aggregate: 'sum',
    rows: sql.raw(`select x.region_id, a.org_id, o.unit_id, a.alliance_id,
        (x.recorded_at at time zone 'Asia/Shanghai')::date as at, x.amount_fen as value, x.id::text as id,
        x.payer, x.amount_fen, a.title as event, x.recorded_at
      from event_takings x join event_pages p on p.region_id = x.region_id and p.id = x.page_id ${eventJoins}`),
    columns: [C.payer, C.amount, C.event, col('recorded_at', '登记时间', 'Recorded at', 'datetime')],
    link: '/events',
  },
]);
