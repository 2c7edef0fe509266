import { sql } from 'drizzle-orm';
import { clocked, col, defineFigures, L } from '../../platform/figures/types.ts';
import { DEFAULT_COMPLIANCE_RULES } from './compliance.ts';

/**
 * The activities' figures (docs/figures.md): activities held by kind, party lessons, lecture tours, attendances,
 * 三会一课 completion and quiz attempts. An activity is held as the app shows it (activities.ts statusAt): not
 * cancelled, and marked held or started. It hangs on the org (and alliance) that organised it.
 */

const ACTIVITY_KIND = {
  general_meeting: L('支部党员大会', 'General meeting'), committee_meeting: L('支部委员会', 'Committee meeting'), group_meeting: L('党小组会', 'Group meeting'),
  party_lesson: L('党课', 'Party lesson'), theme_day: L('主题党日', 'Theme day'), lecture: L('宣讲', 'Lecture'), volunteer: L('志愿服务', 'Volunteer service'),
  social: L('联谊', 'Social event'), other: L('其他', 'Other'),
};
const COMPLIANCE_PERIOD = { month: L('每月', 'Monthly'), quarter: L('每季度', 'Quarterly'), year: L('每年', 'Yearly') };

const C = {
  title: col('title', '活动', 'Activity'),
  kind: col('kind', '类型', 'Kind', 'text', ACTIVITY_KIND),
  org: col('org_name', '组织', 'Organisation'),
  heldOn: col('held_on', '日期', 'Held on', 'date'),
  place: col('place', '地点', 'Place'),
  speaker: col('speaker', '主讲', 'Speaker'),
  series: col('series', '系列', 'Series'),
  team: col('team', '讲师团', 'Lecture team'),
  member: col('member_name', '党员', 'Member'),
  at: col('checked_in_at', '签到时间', 'Checked in at', 'datetime'),
  quiz: col('quiz', '竞赛', 'Quiz'),
  score: col('score', '得分', 'Score', 'number'),
  submittedAt: col('submitted_at', '交卷时间', 'Submitted at', 'datetime'),
  period: col('period', '要求', 'Required', 'text', COMPLIANCE_PERIOD),
  slot: col('slot', '期间', 'Period'),
  held: col('held', '已开展', 'Held', 'number'),
  required: col('required', '应开展', 'Required', 'number'),
};

const HELD = `a.status <> 'cancelled' and (a.status = 'held' or a.starts_at <= {now})`;

const activityRows = (where: string) => clocked(`select a.region_id, a.org_id, o.unit_id, a.alliance_id,
    a.held_on as at, 1 as value, a.id::text as id,
    a.title, a.kind, o.name as org_name, a.held_on, a.place, a.speaker,
    s.name as series, lt.name as team
  from activities a left join orgs o on o.region_id = a.region_id and o.id = a.org_id
  left join activity_series s on s.region_id = a.region_id and s.id = a.series_id
  left join lecture_teams lt on lt.region_id = a.region_id and lt.id = a.lecture_team_id
  where ${HELD} and ${where}`);

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const DEFAULT_RULES_VALUES = DEFAULT_COMPLIANCE_RULES.map((r) => `(${sqlText(r.kind)}, ${sqlText(r.period)}, ${r.minCount})`).join(', ');

/**
 * 三会一课: one row per branch, rule (kind and period: the region's compliance rules, else the defaults) and period
 * from the region's first such activity (or the branch's founding, if later) up to today; value 1 when the branch
 * held at least the required number in it. A period not over yet counts only once it is met (the board's "pending"
 * is left out).
 */
const complianceRows = clocked(`with rules as (
    select r.id as region_id, d.kind, d.period, d.min_count from regions r
      cross join (values ${DEFAULT_RULES_VALUES}) as d(kind, period, min_count)
      where not exists (select 1 from compliance_rules c where c.region_id = r.id)
    union all select region_id, kind, period, min_count from compliance_rules
  ), starts as materialized (
    select a.region_id, min(a.held_on) as first from activities a
      join rules ru on ru.region_id = a.region_id and ru.kind = a.kind where a.status <> 'cancelled' group by a.region_id
  ), slots as (
    select o.region_id, o.id as org_id, o.unit_id, o.name as org_name, ru.kind, ru.period, ru.min_count, g.start::date as at,
      (g.start + x.step)::date as until
    from orgs o join rules ru on ru.region_id = o.region_id join starts st on st.region_id = o.region_id
    cross join lateral (select case ru.period when 'month' then interval '1 month' when 'quarter' then interval '3 months' else interval '1 year' end as step) x
    cross join lateral generate_series(date_trunc(ru.period, greatest(st.first, coalesce(o.founded_on, st.first))::timestamp),
      date_trunc(ru.period, {today}::timestamp), x.step) as g(start)
    where o.kind = 'branch'
  ), held as (
    select a.region_id, a.org_id, a.kind, k.period, date_trunc(k.period, a.held_on::timestamp)::date as at, count(*)::int as n
    from activities a join (select distinct region_id, kind, period from rules) k on k.region_id = a.region_id and k.kind = a.kind
    where ${HELD} group by 1, 2, 3, 4, 5
  ), counted as (
    select sl.*, coalesce(h.n, 0) as held from slots sl
    left join held h on h.region_id = sl.region_id and h.org_id = sl.org_id and h.kind = sl.kind and h.period = sl.period and h.at = sl.at
  )
  select region_id, org_id, unit_id, null::uuid as alliance_id, at, (case when held >= min_count then 1 else 0 end) as value,
    org_id::text || ':' || kind || ':' || at::text as id,
    org_name, kind, period,
    (case period when 'month' then to_char(at, 'YYYY-MM') when 'quarter' then to_char(at, 'YYYY"Q"Q') else to_char(at, 'YYYY') end) as slot,
    held, min_count as required
  from counted where until <= {today} or held >= min_count`);

export const activitiesFigures = defineFigures([
  {
    key: 'activities.held',
    label: { 'zh-CN': '组织生活与活动', 'en-US': 'Activities held' },
    definition: {
      'zh-CN': '已开展（未取消且已开始）的活动，以活动日期计入；可按类型（三会一课、主题党日、宣讲、志愿服务、联谊等）分组',
      'en-US': 'Activities held (not cancelled, started), counted on their day; by kind (meetings, lessons, theme days, lectures, volunteering, socials…)',
    },
    unit: 'times', permission: 'activities.read', aggregate: 'count',
    rows: activityRows('true'),
    columns: [C.title, C.kind, C.org, C.heldOn, C.place],
    dimensions: [C.kind, C.org],
    link: '/activities',
  },
  {
    key: 'activities.partyLessons',
    label: { 'zh-CN': '主题党课', 'en-US': 'Party lessons' },
    definition: {
      'zh-CN': '已开展的党课（含书记讲党课等系列党课），以上课日期计入；可按系列分组',
      'en-US': 'Party lessons held (series such as the secretaries\' lessons included), counted on their day; by series',
    },
    unit: 'times', permission: 'activities.read', aggregate: 'count',
    rows: activityRows(`a.kind = 'party_lesson'`),
    columns: [C.title, C.org, C.heldOn, C.speaker, C.series],
    dimensions: [C.series, C.org],
    link: '/activities',
  },
  {
    key: 'activities.lectures',
    label: { 'zh-CN': '巡回宣讲', 'en-US': 'Lecture tours' },
    definition: {
      'zh-CN': '已开展的宣讲（讲师团到基层组织宣讲），以宣讲日期计入；可按讲师团分组',
      'en-US': 'Lectures held (a lecture team at a host organisation), counted on their day; by team',
    },
    unit: 'times', permission: 'activities.read', aggregate: 'count',
    rows: activityRows(`a.kind = 'lecture'`),
    columns: [C.title, C.org, C.heldOn, C.speaker, C.team],
    dimensions: [C.team, C.org],
    link: '/lectures',
  },
  {
    key: 'activities.lecturers',
    label: { 'zh-CN': '讲师团成员', 'en-US': 'Lecturers' },
    definition: {
      'zh-CN': '期末在讲师团（宣讲团）中的讲师，以加入日期计入，算在讲师团所属组织名下；可按讲师团分组',
      'en-US': 'Lecturers on a lecture team at the end of the period, from the day they joined, under the team\'s org; by team',
    },
    unit: 'people', permission: 'activities.read', aggregate: 'count', stock: true,
    rows: sql.raw(`select l.region_id, lt.org_id, o.unit_id, null::uuid as alliance_id,
        (l.created_at at time zone 'Asia/Shanghai')::date as at, 1 as value, l.team_id::text || ':' || l.member_id::text as id,
        m.name as member_name, lt.name as team, o.name as org_name, array_to_string(l.topics, '、') as topics
      from lecturers l join lecture_teams lt on lt.region_id = l.region_id and lt.id = l.team_id
      join members m on m.region_id = l.region_id and m.id = l.member_id
      join orgs o on o.region_id = lt.region_id and o.id = lt.org_id`),
    columns: [C.member, C.team, C.org, col('topics', '宣讲主题', 'Topics')],
    dimensions: [C.team],
    link: '/lectures',
  },
  {
    key: 'activities.attendances',
    label: { 'zh-CN': '参加活动人次', 'en-US': 'Attendances' },
    definition: {
      'zh-CN': '活动签到的人次（每人每次活动一次），以签到时间计入，算在组织活动的组织名下；可按活动类型分组',
      'en-US': 'Check-ins at activities (once per member and activity), counted when checked in, under the organising org; by kind of activity',
    },
    unit: 'times', permission: 'activities.read', aggregate: 'count',
    rows: sql.raw(`select a.region_id, a.org_id, o.unit_id, a.alliance_id,
        (c.at at time zone 'Asia/Shanghai')::date as at, 1 as value, c.activity_id::text || ':' || c.member_id::text as id,
        m.name as member_name, a.title, a.kind, o.name as org_name, c.at as checked_in_at
      from activity_checkins c join activities a on a.region_id = c.region_id and a.id = c.activity_id
      join members m on m.region_id = c.region_id and m.id = c.member_id
      left join orgs o on o.region_id = a.region_id and o.id = a.org_id
      where a.status <> 'cancelled'`),
    columns: [C.member, C.title, C.kind, C.org, C.at],
    dimensions: [C.kind],
    link: '/activities',
   // ~1M check-ins at the benchmark's size: a per-day summary, kept by triggers on these tables (docs/scaling.md)
    summary: { sources: ['activity_checkins', 'activities', 'orgs'] },
  },
  {
    key: 'activities.compliance',
    label: { 'zh-CN': '“三会一课”完成率', 'en-US': '三会一课 completion' },
    definition: {
      'zh-CN': '党支部按规定应开展的支部党员大会、支委会、党小组会、党课、主题党日（按本区规则，逐月或逐季度）中按期开展的比例；尚未结束的期间只在已完成时计入',
      'en-US': 'Of the meetings, lessons and theme days each branch must hold (the region\'s rules, per month or quarter), the share held in time; a period not over yet counts once met',
    },
    unit: 'percent', permission: 'activities.read', aggregate: 'ratio',
    rows: complianceRows,
    columns: [C.org, C.kind, C.period, C.slot, C.held, C.required],
    dimensions: [C.kind, C.org],
    link: '/activities/compliance',
  },
  {
    key: 'activities.quizAttempts',
    label: { 'zh-CN': '知识竞赛答题人次', 'en-US': 'Quiz attempts' },
    definition: {
      'zh-CN': '已交卷的竞赛答题（每次一条），以交卷时间计入，算在答题党员所在组织名下',
      'en-US': 'Submitted quiz attempts (one each), counted when submitted, under the member\'s organisation',
    },
    unit: 'times', permission: 'activities.read', aggregate: 'count',
    rows: sql.raw(`select t.region_id, m.org_id, o.unit_id, q.alliance_id,
        (t.submitted_at at time zone 'Asia/Shanghai')::date as at, 1 as value, t.id::text as id,
        m.name as member_name, o.name as org_name, q.title as quiz, t.score, t.submitted_at
      from quiz_attempts t join quizzes q on q.region_id = t.region_id and q.id = t.quiz_id
      join members m on m.region_id = t.region_id and m.id = t.member_id
      join orgs o on o.region_id = m.region_id and o.id = m.org_id
      where t.submitted_at is not null`),
    columns: [C.member, C.org, C.quiz, C.score, C.submittedAt],
    dimensions: [C.quiz],
    link: '/quizzes',
  },
]);
