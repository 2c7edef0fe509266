import { sql } from 'drizzle-orm';
import { col, defineFigures, L } from '../../platform/figures/types.ts';

/**
 * The cluster's figures (docs/figures.md): household plaques, pledges, the three-level projects and the judged
 * contests. Each `rows` is the select of exactly the records the figure counts; stored codes (status, level…) stay
 * codes in it, their labels in the column's `values`, so a breakdown and the records behind it agree.
 */

/** a display column; `values`: the labels of the codes it holds (records and breakdowns show the label) */

const PLEDGE_STATUS = { in_progress: L('进行中', 'In progress'), fulfilled: L('已兑现', 'Fulfilled'), not_fulfilled: L('未兑现', 'Not fulfilled') };
const PLEDGE_CATEGORY = { key_work: L('重点工作', 'Key work'), environment: L('环境美化', 'Environment'), volunteer: L('志愿服务', 'Volunteering') };
const PROJECT_STATUS = { planned: L('计划中', 'Planned'), in_progress: L('进行中', 'In progress'), done: L('已完成', 'Done'), suspended: L('已暂停', 'Suspended') };
const PROJECT_LEVEL = { secretary: L('书记向前冲', 'Secretary'), branch: L('支部打头阵', 'Branch'), member: L('党员作表率', 'Member') };
const CONTEST_STATUS = { open: L('评分中', 'Open'), closed: L('已截止', 'Closed'), published: L('已公布', 'Published') };
const JUDGE_CATEGORY = { veteran: L('老党员', 'Veteran member'), resident: L('居民代表', 'Resident representative'), department: L('职能部门负责人', 'Department head') };

const C = {
  org: col('org_name', '所在组织', 'Organisation'),
  building: col('building', '楼幢', 'Building'),
  doorOn: col('door_on', '门牌张贴日期', 'Door plaque put up on', 'date'),
  campaign: col('campaign', '亮牌活动', 'Campaign'),
  member: col('member_name', '党员', 'Member'),
  year: col('year', '年度', 'Year', 'number'),
  category: col('category', '类别', 'Category', 'text', PLEDGE_CATEGORY),
  status: col('status', '状态', 'Status', 'text', PLEDGE_STATUS),
  projectStatus: col('status', '状态', 'Status', 'text', PROJECT_STATUS),
  contestStatus: col('status', '状态', 'Status', 'text', CONTEST_STATUS),
  judgeCategory: col('category', '评委类别', 'Category', 'text', JUDGE_CATEGORY),
  content: col('content', '承诺内容', 'Pledge'),
  reviewedOn: col('reviewed_on', '评议日期', 'Reviewed on', 'date'),
  title: col('title', '名称', 'Title'),
  level: col('level', '层级', 'Level', 'text', PROJECT_LEVEL),
  startOn: col('start_on', '开始日期', 'Starts on', 'date'),
  progress: col('progress', '进度（%）', 'Progress (%)', 'number'),
  quarter: col('quarter', '季度', 'Quarter'),
  alliance: col('alliance_name', '联建组织', 'Alliance'),
  contest: col('contest', '评比', 'Contest'),
  project: col('project', '项目', 'Project'),
  judge: col('judge_name', '评委', 'Judge'),
};

/** the first day of a contest's quarter ('2026Q3' → 2026-07-01) */
const quarterStart = (q: string) => `make_date(substr(${q}, 1, 4)::int, (substr(${q}, 6, 1)::int - 1) * 3 + 1, 1)`;

const householdRows = (where: string, at: string) => sql.raw(`select h.region_id, h.org_id, o.unit_id, null::uuid as alliance_id,
    ${at} as at, 1 as value, h.id::text as id,
    o.name as org_name, h.building, h.door_on, c.name as campaign
  from plaque_households h join orgs o on o.region_id = h.region_id and o.id = h.org_id
  left join plaque_campaigns c on c.region_id = h.region_id and c.id = h.campaign_id
  where ${where}`);

const pledgeRows = (where: string, at: string) => sql.raw(`select p.region_id, p.org_id, o.unit_id, null::uuid as alliance_id,
    ${at} as at, 1 as value, p.id::text as id,
    m.name as member_name, o.name as org_name, p.year,
    coalesce((select pc.name from pledge_categories pc where pc.region_id = p.region_id and pc.code = p.category), p.category) as category,
    p.status, p.content, (p.reviewed_at at time zone 'Asia/Shanghai')::date as reviewed_on
  from pledges p join orgs o on o.region_id = p.region_id and o.id = p.org_id
  join members m on m.region_id = p.region_id and m.id = p.member_id
  where ${where}`);

const contestRows = `select c.region_id, null::uuid as org_id, null::uuid as unit_id, c.alliance_id,
    ${quarterStart('c.quarter')} as at, 1 as value, c.id::text as id,
    c.title, c.quarter, a.name as alliance_name, c.status
  from contests c join alliances a on a.region_id = c.region_id and a.id = c.alliance_id`;

export const clusterFigures = defineFigures([
  {
    key: 'cluster.plaques',
    label: { 'zh-CN': '党员户亮牌', 'en-US': 'Household plaques put up' },
    definition: {
      'zh-CN': '门牌已张贴的党员户（“共产党员户”标识），以张贴日期计入',
      'en-US': 'Member households whose door plaque (共产党员户) is up, counted on the day it was put up',
    },
    unit: 'count', permission: 'cluster.read', aggregate: 'count',
    rows: householdRows(`h.door_state = 'done'`, 'h.door_on'),
    columns: [C.org, C.building, C.campaign, C.doorOn],
    dimensions: [C.org, C.campaign],
    link: '/plaques',
  },
  {
    key: 'cluster.households',
    label: { 'zh-CN': '登记党员户', 'en-US': 'Member households registered' },
    definition: {
      'zh-CN': '期末已登记的党员户（不论门牌是否张贴），以亮牌活动日（无则登记日）计入',
      'en-US': 'Member households registered at the end of the period (plaque up or not), from their campaign\'s day (else the day registered)',
    },
    unit: 'count', permission: 'cluster.read', aggregate: 'count', stock: true,
    rows: householdRows('true', `coalesce(h.door_on, c.day, (h.created_at at time zone 'Asia/Shanghai')::date)`),
    columns: [C.org, C.building, C.campaign, C.doorOn],
    dimensions: [C.org, C.campaign],
    link: '/plaques',
  },
  {
    key: 'cluster.pledges',
    label: { 'zh-CN': '党员承诺', 'en-US': 'Pledges' },
    definition: {
      'zh-CN': '党员的年度表率承诺（每条一项），以提交时间计入；可按状态、类别分组',
      'en-US': 'Members\' yearly pledges (one each), counted when made; by status or category',
    },
    unit: 'count', permission: 'cluster.read', aggregate: 'count',
    rows: pledgeRows('true', `(p.created_at at time zone 'Asia/Shanghai')::date`),
    columns: [C.member, C.org, C.year, C.category, C.status, C.content],
    dimensions: [C.status, C.category],
    link: '/pledge-reviews',
  },
  {
    key: 'cluster.pledgers',
    label: { 'zh-CN': '作出承诺的党员', 'en-US': 'Members who pledged' },
    definition: {
      'zh-CN': '本期内的承诺年度作出至少一项承诺的党员（每人每年一次），以承诺年度的 1 月 1 日计入',
      'en-US': 'Members with at least one pledge for a year of the period (once per member and year), counted on 1 January of that year',
    },
    unit: 'people', permission: 'cluster.read', aggregate: 'count',
    rows: sql.raw(`select p.region_id, m.org_id, o.unit_id, null::uuid as alliance_id,
        make_date(p.year, 1, 1) as at, 1 as value, p.member_id::text || ':' || p.year as id,
        m.name as member_name, o.name as org_name, p.year, count(*)::int as pledges
      from pledges p join members m on m.region_id = p.region_id and m.id = p.member_id
      join orgs o on o.region_id = m.region_id and o.id = m.org_id
      group by p.region_id, m.org_id, o.unit_id, p.year, p.member_id, m.name, o.name`),
    columns: [C.member, C.org, C.year, col('pledges', '承诺数', 'Pledges', 'number')],
    link: '/pledge-reviews',
  },
  {
    key: 'cluster.pledgesFulfilled',
    label: { 'zh-CN': '已兑现承诺', 'en-US': 'Pledges fulfilled' },
    definition: {
      'zh-CN': '评议为“已兑现”的承诺，以评议时间计入',
      'en-US': 'Pledges reviewed as fulfilled, counted when reviewed',
    },
    unit: 'count', permission: 'cluster.read', aggregate: 'count',
    rows: pledgeRows(`p.status = 'fulfilled'`, `(p.reviewed_at at time zone 'Asia/Shanghai')::date`),
    columns: [C.member, C.org, C.year, C.category, C.content, C.reviewedOn],
    dimensions: [C.category],
    link: '/pledge-reviews',
  },
  {
    key: 'cluster.projects',
    label: { 'zh-CN': '党建项目', 'en-US': 'Party-building projects' },
    definition: {
      'zh-CN': '三级党建项目（书记向前冲、支部打头阵、党员作表率；不含共建项目），以开始日期计入；可按状态、层级分组',
      'en-US': 'Three-level projects (secretary, branch, member; co-building projects not included), counted from their start; by status or level',
    },
    unit: 'count', permission: 'cluster.read', aggregate: 'count',
    rows: sql.raw(`select p.region_id, p.org_id, o.unit_id, p.alliance_id,
        p.start_on as at, 1 as value, p.id::text as id,
        p.title, o.name as org_name, p.level,
        p.status, p.start_on, p.progress
      from projects p join orgs o on o.region_id = p.region_id and o.id = p.org_id
      where p.level <> 'cobuild'`),
    columns: [C.title, C.org, C.level, C.projectStatus, C.startOn, C.progress],
    dimensions: [C.projectStatus, C.level],
    link: '/projects',
  },
  {
    key: 'cluster.contests',
    label: { 'zh-CN': '项目赛花会', 'en-US': 'Project contests' },
    definition: {
      'zh-CN': '联建组织的季度项目评比，以所属季度首日计入；可按状态分组',
      'en-US': 'Quarterly project contests of an alliance, counted on the first day of their quarter; by status',
    },
    unit: 'times', permission: 'cluster.read', aggregate: 'count',
    rows: sql.raw(contestRows),
    columns: [C.title, C.quarter, C.alliance, C.contestStatus],
    dimensions: [C.contestStatus],
    link: '/contests',
  },
  {
    key: 'cluster.contestEntries',
    label: { 'zh-CN': '参评项目', 'en-US': 'Contest entries' },
    definition: {
      'zh-CN': '参加项目赛花会评比的项目（每次评比每个项目一项），以评比所属季度首日计入',
      'en-US': 'Projects entered in a contest (one per contest and project), counted on the first day of the contest\'s quarter',
    },
    unit: 'count', permission: 'cluster.read', aggregate: 'count',
    rows: sql.raw(`select e.region_id, e.org_id, o.unit_id, c.alliance_id,
        ${quarterStart('c.quarter')} as at, 1 as value, e.id::text as id,
        p.title as project, o.name as org_name, c.title as contest, c.quarter
      from contest_entries e join contests c on c.region_id = e.region_id and c.id = e.contest_id
      join projects p on p.region_id = e.region_id and p.id = e.project_id
      join orgs o on o.region_id = e.region_id and o.id = e.org_id`),
    columns: [C.project, C.org, C.contest, C.quarter],
    dimensions: [C.contest],
    link: '/contests',
  },
  {
    key: 'cluster.judges',
    label: { 'zh-CN': '评委', 'en-US': 'Judges' },
    definition: {
      'zh-CN': '项目赛花会评委团成员（每次评比每人一次），以评比所属季度首日计入；可按评委类别（老党员、居民代表、职能部门负责人）分组',
      'en-US': 'Members of a contest\'s panel (once per contest), counted on the first day of its quarter; by category (veteran members, resident representatives, department heads)',
    },
    unit: 'people', permission: 'contests.manage', aggregate: 'count',
    rows: sql.raw(`select j.region_id, j.org_id, o.unit_id, c.alliance_id,
        ${quarterStart('c.quarter')} as at, 1 as value, j.id::text as id,
        j.name as judge_name, j.category, o.name as org_name, c.title as contest, c.quarter
      from contest_judges j join contests c on c.region_id = j.region_id and c.id = j.contest_id
      left join orgs o on o.region_id = j.region_id and o.id = j.org_id`),
    columns: [C.judge, C.judgeCategory, C.org, C.contest, C.quarter],
    dimensions: [C.judgeCategory, C.contest],
    link: '/contests',
  },
]);
