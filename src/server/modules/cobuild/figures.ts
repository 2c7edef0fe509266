/** Co-building's figures (docs/figures.md): the joint meeting's members, meetings and decisions, the three lists. */
import { sql } from 'drizzle-orm';
import { defineFigures, type FigureColumn, L } from '../../platform/figures/types.ts';


const CATEGORY: FigureColumn = {
  key: 'category', label: L('类别', 'Category'),
  values: {
    jobs: L('就业岗位', 'Jobs'), transport: L('交通出行', 'Transport'), venue: L('场地阵地', 'Venue'), training: L('培训', 'Training'),
    volunteers: L('志愿服务', 'Volunteers'), funds: L('资金', 'Funds'), other: L('其他', 'Other'),
    skills: L('技能', 'Skills'), goods: L('物资', 'Goods'), time: L('志愿时间', 'Volunteer time'),
  },
};
const NEED_STATUS: FigureColumn = {
  key: 'status', label: L('状态', 'Status'),
  values: {
    submitted: L('待审核', 'Waiting for review'), accepted: L('已通过', 'Accepted'), rejected: L('已退回', 'Rejected'), merged: L('已合并', 'Merged'),
    published: L('办理中', 'Open'), confirmed: L('已办结', 'Settled'), rated: L('已评价', 'Rated'),
  },
};
const ALLIANCE: FigureColumn = { key: 'alliance', label: L('联席会议', 'Joint meeting') };
const TITLE: FigureColumn = { key: 'title', label: L('名称', 'Title') };
const DAY = (key: string, zh: string, en: string): FigureColumn => ({ key, label: L(zh, en), kind: 'date' });

/** needs with where they hang: the alliance; the raising unit or org */
const needRows = (where: string, at: string) => sql.raw(`
  select n.region_id, n.org_id, n.unit_id, n.alliance_id, ${at} as at, 1 as value, n.id::text as id,
    n.title, n.category, n.status, n.quantity, n.filled, a.name as alliance, n.created_at::date as raised_on
  from needs n join alliances a on a.region_id = n.region_id and a.id = n.alliance_id
  where ${where}`);

const needColumns: FigureColumn[] = [TITLE, CATEGORY, NEED_STATUS, { key: 'quantity', label: L('名额', 'Slots'), kind: 'number' },
  { key: 'filled', label: L('已落实', 'Filled'), kind: 'number' }, ALLIANCE, DAY('raised_on', '提出日期', 'Raised on')];

export const cobuildFigures = defineFigures([
  {
    key: 'cobuild.jointUnits',
    label: L('联席会议成员单位', 'Member units of joint meetings'),
    definition: L('党建联席会议的成员单位数，一个单位参加几个联席会议按几个计。', 'Units that are members of a joint meeting, once per meeting they belong to.'),
    unit: 'count', aggregate: 'count', permission: 'cobuild.read', stock: true,
    rows: sql.raw(`
      select au.region_id, null::uuid as org_id, au.unit_id, au.alliance_id, null::date as at, 1 as value,
        (au.alliance_id::text || ':' || au.unit_id::text) as id, u.name as title, u.kind as unit_kind, u.staff_count, a.name as alliance
      from alliance_units au join units u on u.region_id = au.region_id and u.id = au.unit_id
      join alliances a on a.region_id = au.region_id and a.id = au.alliance_id
      where a.kind = 'joint_meeting'`),
    columns: [{ key: 'title', label: L('单位', 'Unit') }, { key: 'unit_kind', label: L('单位类型', 'Kind') },
      { key: 'staff_count', label: L('职工人数', 'Staff'), kind: 'number' }, ALLIANCE],
    dimensions: [{ key: 'alliance', label: L('联席会议', 'Joint meeting') }, { key: 'unit_kind', label: L('单位类型', 'Kind') }],
  },
  {
    key: 'cobuild.jointStaff',
    label: L('成员单位职工', 'Staff of member units'),
    definition: L('联席会议成员单位登记的职工人数之和（单位名册中的职工人数）。', 'The sum of the staff counts the directory records for the member units of joint meetings.'),
    unit: 'people', aggregate: 'sum', permission: 'cobuild.read', stock: true,
    rows: sql.raw(`
      select au.region_id, null::uuid as org_id, au.unit_id, au.alliance_id, null::date as at, coalesce(u.staff_count, 0) as value,
        (au.alliance_id::text || ':' || au.unit_id::text) as id, u.name as title, u.staff_count, a.name as alliance
      from alliance_units au join units u on u.region_id = au.region_id and u.id = au.unit_id
      join alliances a on a.region_id = au.region_id and a.id = au.alliance_id
      where a.kind = 'joint_meeting'`),
    columns: [{ key: 'title', label: L('单位', 'Unit') }, { key: 'staff_count', label: L('职工人数', 'Staff'), kind: 'number' }, ALLIANCE],
  },
  {
    key: 'cobuild.meetings',
    label: L('联席会议召开次数', 'Joint meetings held'),
    definition: L('联席会议、联络员会议和专题会议的召开次数（按会议日期）。', 'Plenary, liaison and ad hoc meetings held (by the meeting\'s date).'),
    unit: 'times', aggregate: 'count', permission: 'cobuild.read', link: '/meetings/:id',
    rows: sql.raw(`
      select m.region_id, m.host_org_id as org_id, m.host_unit_id as unit_id, m.alliance_id, m.held_on as at, 1 as value, m.id::text as id,
        m.title, m.kind, m.held_on, m.place, a.name as alliance
      from meetings m join alliances a on a.region_id = m.region_id and a.id = m.alliance_id`),
    columns: [TITLE, { key: 'kind', label: L('会议类型', 'Kind'), values: { plenary: L('全体会议', 'Plenary'), liaison: L('联络员会议', 'Liaison meeting'), ad_hoc: L('专题会议', 'Ad hoc') } },
      DAY('held_on', '会议日期', 'Held on'), { key: 'place', label: L('地点', 'Place') }, ALLIANCE],
    dimensions: [{ key: 'kind', label: L('会议类型', 'Kind'), values: { plenary: L('全体会议', 'Plenary'), liaison: L('联络员会议', 'Liaison meeting'), ad_hoc: L('专题会议', 'Ad hoc') } }],
  },
  {
    key: 'cobuild.decisions',
    label: L('议定事项', 'Matters decided'),
    definition: L('会议上作出决定的议题数（按会议日期）。', 'Agenda items the meeting decided (by the meeting\'s date).'),
    unit: 'count', aggregate: 'count', permission: 'cobuild.read',
    rows: sql.raw(`
      select i.region_id, i.org_id, i.unit_id, m.alliance_id, m.held_on as at, 1 as value, i.id::text as id,
        i.title, i.decision, m.title as meeting, m.held_on, a.name as alliance
      from agenda_items i join meetings m on m.region_id = i.region_id and m.id = i.meeting_id
      join alliances a on a.region_id = m.region_id and a.id = m.alliance_id
      where i.decision is not null and i.decision <> ''`),
    columns: [{ key: 'title', label: L('议题', 'Item') }, { key: 'decision', label: L('决定', 'Decision') }, { key: 'meeting', label: L('会议', 'Meeting') },
      DAY('held_on', '会议日期', 'Held on'), ALLIANCE],
  },
  {
    key: 'cobuild.actionsDoneRate',
    label: L('督办事项办结率', 'Follow-up actions done'),
    definition: L('会议决定产生的督办事项中已办结的比例（按会议日期）。', 'The share of follow-up actions made by decisions that are done (by the meeting\'s date).'),
    unit: 'percent', aggregate: 'ratio', permission: 'cobuild.read',
    rows: sql.raw(`
      select x.region_id, x.org_id, x.unit_id, x.alliance_id, x.meeting_on as at, case when x.status = 'done' then 1 else 0 end as value, x.id::text as id,
        x.title, x.status, x.due_on, x.done_on, a.name as alliance
      from meeting_actions x join alliances a on a.region_id = x.region_id and a.id = x.alliance_id`),
    columns: [TITLE, { key: 'status', label: L('状态', 'Status'), values: { open: L('未开始', 'Open'), in_progress: L('办理中', 'In progress'), done: L('已办结', 'Done') } },
      DAY('due_on', '期限', 'Due'), DAY('done_on', '办结日期', 'Done on'), ALLIANCE],
  },
  {
    key: 'cobuild.needsRaised',
    label: L('征集需求', 'Needs raised'),
    definition: L('提出的需求数（合并到其他需求的除外，按提出日期）。', 'Needs raised (those merged into another excepted), by the day raised.'),
    unit: 'count', aggregate: 'count', permission: 'cobuild.read', link: '/needs/:id',
    rows: needRows(`n.status <> 'merged'`, `(n.created_at at time zone 'Asia/Shanghai')::date`),
    columns: needColumns,
    dimensions: [CATEGORY, NEED_STATUS],
  },
  {
    key: 'cobuild.needsSettled',
    label: L('办结需求', 'Needs settled'),
    definition: L('提出方确认办结（含已评价）的需求数，按确认日期。', 'Needs whose raiser confirmed them settled (rated ones included), by the day confirmed.'),
    unit: 'count', aggregate: 'count', permission: 'cobuild.read', link: '/needs/:id',
    rows: needRows(`n.status in ('confirmed', 'rated') and n.confirmed_at is not null`, `(n.confirmed_at at time zone 'Asia/Shanghai')::date`),
    columns: needColumns,
    dimensions: [CATEGORY],
  },
  {
    key: 'cobuild.placements',
    label: L('联建招工落实人数', 'People placed in jobs'),
    definition: L('就业岗位类需求逐个名额登记的落实结果（姓名、到岗日期、用人单位），按到岗日期。', 'Results recorded slot by slot on job needs (name, start date, employer), by the start date.'),
    unit: 'people', aggregate: 'count', permission: 'cobuild.read',
    rows: sql.raw(`
      select n.region_id, n.org_id, n.unit_id, n.alliance_id, r.start_on as at, 1 as value, r.id::text as id,
        r.person_name, r.start_on, r.employer, n.title as need, a.name as alliance
      from need_results r join needs n on n.region_id = r.region_id and n.id = r.need_id
      join alliances a on a.region_id = n.region_id and a.id = n.alliance_id
      where n.category = 'jobs'`),
    columns: [{ key: 'person_name', label: L('姓名', 'Name') }, DAY('start_on', '到岗日期', 'Started'), { key: 'employer', label: L('用人单位', 'Employer') },
      { key: 'need', label: L('需求', 'Need') }, ALLIANCE],
  },
  {
    key: 'cobuild.satisfaction',
    label: L('需求办理满意率', 'Satisfaction with settled needs'),
    definition: L('受益方评价为 4 分及以上的比例（按评价日期）。', 'The share of ratings of 4 or 5 by the beneficiaries (by the day rated).'),
    unit: 'percent', aggregate: 'ratio', permission: 'cobuild.read', link: '/needs/:id',
    rows: sql.raw(`
      select n.region_id, n.org_id, n.unit_id, n.alliance_id, (n.rated_at at time zone 'Asia/Shanghai')::date as at,
        case when n.rating >= 4 then 1 else 0 end as value, n.id::text as id, n.title, n.rating, a.name as alliance
      from needs n join alliances a on a.region_id = n.region_id and a.id = n.alliance_id
      where n.rating is not null`),
    columns: [TITLE, { key: 'rating', label: L('评分', 'Rating'), kind: 'number' }, ALLIANCE],
  },
  {
    key: 'cobuild.resources',
    label: L('资源清单', 'Resources offered'),
    definition: L('成员单位和组织提供、未撤回的资源（按提供日期累计）。', 'Resources offered by units and orgs and not withdrawn (as of the period\'s end).'),
    unit: 'count', aggregate: 'count', permission: 'cobuild.read', stock: true,
    rows: sql.raw(`
      select s.region_id, s.org_id, s.unit_id, s.alliance_id, (s.created_at at time zone 'Asia/Shanghai')::date as at, 1 as value, s.id::text as id,
        s.title, s.category, s.quantity, a.name as alliance
      from resources s join alliances a on a.region_id = s.region_id and a.id = s.alliance_id
      where not s.withdrawn`),
    columns: [TITLE, CATEGORY, { key: 'quantity', label: L('数量', 'Quantity'), kind: 'number' }, ALLIANCE],
    dimensions: [CATEGORY],
  },
  {
    key: 'cobuild.projects',
    label: L('联建项目', 'Co-building projects'),
    definition: L('由需求与资源对接或联席会议决定立项的项目（按立项日期累计）。', 'Projects made from a matched need and resource or a decision of the joint meeting (as of the period\'s end).'),
    unit: 'count', aggregate: 'count', permission: 'cobuild.read', stock: true, link: '/projects/:id',
    rows: sql.raw(`
      select c.region_id, p.org_id, null::uuid as unit_id, c.alliance_id, (c.created_at at time zone 'Asia/Shanghai')::date as at, 1 as value,
        p.id::text as id, p.title, p.status, a.name as alliance
      from coprojects c join projects p on p.region_id = c.region_id and p.id = c.project_id
      join alliances a on a.region_id = c.region_id and a.id = c.alliance_id`),
    columns: [TITLE, { key: 'status', label: L('状态', 'Status'), values: { planned: L('计划中', 'Planned'), in_progress: L('进行中', 'In progress'), done: L('已完成', 'Done'), suspended: L('已暂停', 'Suspended') } }, ALLIANCE],
    dimensions: [{ key: 'status', label: L('状态', 'Status'), values: { planned: L('计划中', 'Planned'), in_progress: L('进行中', 'In progress'), done: L('已完成', 'Done'), suspended: L('已暂停', 'Suspended') } }],
  },
]);
