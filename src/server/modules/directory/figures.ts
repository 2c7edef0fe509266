import { sql, type SQL } from 'drizzle-orm';
import { clocked, col, defineFigures, L } from '../../platform/figures/types.ts';

/**
 * The directory's figures (docs/figures.md, docs/reports.md): the roster and its make-up in the bands the party's
 * own statistics (党内统计) use, members who joined, organisations, units and the development pipeline. Every band is
 * computed in the rows' SQL from the stored fields (birth date, education as typed, stage, full-membership date), so
 * a breakdown by a band and the records behind it always agree. Ages and party ages are as of today (the database's
 * date): the roster has no history of birthdays, and a report for a past year shows its bands as they are now.
 */


/**
 * The codes a dimension column holds, with their labels, in the order the party's statistics (党内统计) list them:
 * a table of members by age band has these rows in this order. Breakdowns and records show the labels.
 */
export const GENDERS = { M: L('男', 'Male'), F: L('女', 'Female') } as const;
export const AGE_BANDS = {
  a0_30: L('30岁及以下', '30 and under'), a31_35: L('31—35岁', '31–35'), a36_40: L('36—40岁', '36–40'), a41_45: L('41—45岁', '41–45'),
  a46_50: L('46—50岁', '46–50'), a51_55: L('51—55岁', '51–55'), a56_60: L('56—60岁', '56–60'), a61_70: L('61—70岁', '61–70'),
  a71_80: L('71—80岁', '71–80'), a81: L('81岁及以上', '81 and over'),
} as const;
/** Education as typed, put in one of these. */
export const EDUCATION_BANDS = {
  postgraduate: L('研究生', 'Postgraduate'), bachelor: L('大学本科', 'Bachelor'), college: L('大学专科', 'College'),
  vocational: L('中专', 'Secondary vocational'), high_school: L('高中', 'High school'), junior: L('初中及以下', 'Junior school or less'),
  unknown: L('未填写', 'Not recorded'),
} as const;
export const CATEGORIES = { full: L('正式党员', 'Full member'), probationary: L('预备党员', 'Probationary member') } as const;
/** Party age (党龄): whole years since full membership; probationary members have none yet. */
export const PARTY_AGE_BANDS = {
  p0_4: L('5年以下', 'Under 5 years'), p5_10: L('5—10年', '5–10 years'), p11_20: L('11—20年', '11–20 years'), p21_30: L('21—30年', '21–30 years'),
  p31_40: L('31—40年', '31–40 years'), p41_50: L('41—50年', '41–50 years'), p51: L('51年及以上', '51 years and more'),
  probationary: L('预备党员', 'Probationary member'),
} as const;
/** The development pipeline (发展党员工作), stage by stage. */
export const STAGES = {
  applicant: L('入党申请人', 'Applicant'), activist: L('入党积极分子', 'Activist'), candidate: L('发展对象', 'Development candidate'),
  probationary: L('预备党员', 'Probationary member'),
} as const;
export const ORG_KINDS = { committee: L('党委', 'Committee'), general_branch: L('党总支', 'General branch'), branch: L('党支部', 'Branch') } as const;
export const UNIT_KINDS = {
  enterprise: L('企业', 'Enterprise'), school: L('学校', 'School'), hospital: L('医院', 'Hospital'), army: L('部队', 'Army unit'), bank: L('银行', 'Bank'),
  community: L('社区', 'Community'), village: L('村', 'Village'), agency: L('机关', 'Government agency'), other: L('其他', 'Other'),
} as const;
export const SCALES = { yes: L('规模以上', 'Above scale'), no: L('规模以下', 'Below scale') } as const;

const codes = (o: object) => Object.keys(o);

/** Whole years from `from` to today (the app's: `clocked`). */
const yearsTo = (from: string) => `extract(year from age({today}, ${from}))::int`;

/** `bands[i]` when `expr` ≤ `limits[i]` (the first that holds), else the last band. */
const bandCase = (expr: string, limits: number[], bands: string[]) =>
  `(case ${limits.map((n, i) => `when ${expr} <= ${n} then '${bands[i]}'`).join(' ')} else '${bands[bands.length - 1]}' end)`;

const ageBand = (birth: string) => bandCase(yearsTo(birth), [30, 35, 40, 45, 50, 55, 60, 70, 80], codes(AGE_BANDS));

const educationBand = (col: string) => `(case
    when ${col} is null or btrim(${col}) = '' then 'unknown'
    when ${col} ~ '(研究生|博士|硕士)' then 'postgraduate'
    when ${col} ~ '(本科|大学)' and ${col} !~ '(专科|大专)' then 'bachelor'
    when ${col} ~ '(大专|专科)' then 'college'
    when ${col} ~ '(中专|中技|技校|职高)' then 'vocational'
    when ${col} ~ '高中' then 'high_school'
    else 'junior' end)`;

const partyAgeBand = (stage: string, fullOn: string) => `(case when ${stage} = 'probationary' or ${fullOn} is null then 'probationary' else
    ${bandCase(yearsTo(fullOn), [4, 10, 20, 30, 40, 50], codes(PARTY_AGE_BANDS).slice(0, 7))} end)`;

/** Statuses that no longer count (members.ts INACTIVE_STATUSES). */
const ACTIVE = `m.status not in ('transferred_out', 'left', 'deceased')`;

const C = {
  name: col('name', '姓名', 'Name'),
  org: col('org_name', '所在组织', 'Organisation'),
  gender: col('gender', '性别', 'Gender', 'text', GENDERS),
  ageBand: col('age_band', '年龄', 'Age band', 'text', AGE_BANDS),
  education: col('education', '学历', 'Education', 'text', EDUCATION_BANDS),
  category: col('category', '党员类别', 'Category', 'text', CATEGORIES),
  partyAge: col('party_age_band', '党龄', 'Party age', 'text', PARTY_AGE_BANDS),
  joinedOn: col('joined_on', '入党日期', 'Joined on', 'date'),
  stage: col('stage', '发展阶段', 'Stage', 'text', STAGES),
  since: col('since', '进入本阶段日期', 'In this stage since', 'date'),
  orgKind: col('kind', '类别', 'Kind', 'text', ORG_KINDS),
  unitKind: col('kind', '类别', 'Kind', 'text', UNIT_KINDS),
  orgName: col('name', '名称', 'Name'),
  parent: col('parent_name', '上级组织', 'Parent organisation'),
  secretary: col('secretary_name', '书记', 'Secretary'),
  foundedOn: col('founded_on', '成立日期', 'Founded on', 'date'),
  unitName: col('name', '名称', 'Name'),
  industry: col('industry', '行业', 'Industry'),
  aboveScale: col('above_scale', '规模', 'Scale', 'text', SCALES),
  staff: col('staff_count', '职工人数', 'Staff', 'number'),
};

/** A member row: where it hangs (its org, the org's unit) and its bands. `where` picks the records. */
const memberRows = (at: string, where: string) => clocked(`select m.region_id, m.org_id, o.unit_id, null::uuid as alliance_id,
    ${at} as at, 1 as value, m.id::text as id,
    m.name, o.name as org_name, m.gender,
    ${ageBand('m.birth_date')} as age_band, ${educationBand('m.education')} as education,
    (case when m.stage in ('full', 'probationary') then m.stage end) as category, ${partyAgeBand('m.stage', 'm.full_on')} as party_age_band,
    m.joined_on, m.stage,
    (case m.stage when 'applicant' then m.applied_on when 'activist' then m.activist_on when 'candidate' then m.candidate_on else m.joined_on end) as since
  from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
  where ${where}`);

export const directoryFigures = defineFigures([
  {
    key: 'directory.members',
    label: { 'zh-CN': '党员总数', 'en-US': 'Party members' },
    definition: {
      'zh-CN': '期末在册的正式党员和预备党员（不含已转出、离开、去世的），以入党日期计入',
      'en-US': 'Full and probationary members on the roster at the end of the period (not transferred out, left or deceased), counted from the day they joined',
    },
    unit: 'people', permission: 'members.read', aggregate: 'count', stock: true,
    rows: memberRows('m.joined_on', `m.stage in ('probationary', 'full') and ${ACTIVE}`),
    columns: [C.name, C.org, C.gender, C.ageBand, C.education, C.category, C.partyAge, C.joinedOn],
    dimensions: [C.gender, C.ageBand, C.education, C.category, C.partyAge],
    link: '/members/:id',
  },
  {
    key: 'directory.membersJoined',
    label: { 'zh-CN': '发展党员', 'en-US': 'Members admitted' },
    definition: {
      'zh-CN': '入党日期在本期内的党员（接收为预备党员），不含已转出的记录',
      'en-US': 'Members whose joining day (admitted as probationary) falls in the period; transferred-out records not counted',
    },
    unit: 'people', permission: 'members.read', aggregate: 'count',
    rows: memberRows('m.joined_on', `m.stage in ('probationary', 'full') and m.joined_on is not null and m.status <> 'transferred_out'`),
    columns: [C.name, C.org, C.gender, C.ageBand, C.education, C.category, C.joinedOn],
    dimensions: [C.gender, C.ageBand, C.education, C.category],
    link: '/members/:id',
  },
  {
    key: 'directory.development',
    label: { 'zh-CN': '发展工作对象', 'en-US': 'People in the development pipeline' },
    definition: {
      'zh-CN': '期末在发展程序中的人员：入党申请人、入党积极分子、发展对象和预备党员，以申请入党日期计入',
      'en-US': 'People in the development pipeline at the end of the period: applicants, activists, candidates and probationary members, counted from their application',
    },
    unit: 'people', permission: 'members.read', aggregate: 'count', stock: true,
    rows: memberRows('coalesce(m.applied_on, m.activist_on, m.candidate_on, m.joined_on)',
      `m.stage in ('applicant', 'activist', 'candidate', 'probationary') and ${ACTIVE}`),
    columns: [C.name, C.org, C.stage, C.since, C.gender, C.ageBand, C.education],
    dimensions: [C.stage, C.gender, C.ageBand, C.education],
    link: '/members/:id',
  },
  {
    key: 'directory.orgs',
    label: { 'zh-CN': '党组织数', 'en-US': 'Party organisations' },
    definition: {
      'zh-CN': '期末的党组织（党委、党总支、党支部），以成立日期计入（未填成立日期的一直计入）',
      'en-US': 'Party organisations (committees, general branches, branches) at the end of the period, counted from their founding (always, when it is not recorded)',
    },
    unit: 'count', permission: 'directory.read', aggregate: 'count', stock: true,
    rows: orgRows('true'),
    columns: [C.orgName, C.orgKind, C.parent, C.secretary, C.foundedOn],
    dimensions: [C.orgKind],
    link: '/orgs/:id',
  },
  {
    key: 'directory.branches',
    label: { 'zh-CN': '党支部数', 'en-US': 'Party branches' },
    definition: { 'zh-CN': '期末的党支部（不含党委、党总支）', 'en-US': 'Party branches at the end of the period (not committees or general branches)' },
    unit: 'count', permission: 'directory.read', aggregate: 'count', stock: true,
    rows: orgRows(`o.kind = 'branch'`),
    columns: [C.orgName, C.parent, C.secretary, C.foundedOn],
    link: '/orgs/:id',
  },
  {
    key: 'directory.units',
    label: { 'zh-CN': '单位数', 'en-US': 'Units' },
    definition: {
      'zh-CN': '登记的单位（企业、学校、医院、社区等），按类别与是否规模以上',
      'en-US': 'Registered units (enterprises, schools, hospitals, communities…), by kind and scale',
    },
    unit: 'count', permission: 'directory.read', aggregate: 'count', stock: true,
    rows: unitRows('true'),
    columns: [C.unitName, C.unitKind, C.industry, C.aboveScale, C.staff],
    dimensions: [C.unitKind, C.aboveScale],
    link: '/units/:id',
  },
  {
    key: 'directory.unitsAboveScale',
    label: { 'zh-CN': '规模以上企业数', 'en-US': 'Above-scale enterprises' },
    definition: { 'zh-CN': '登记为规模以上的单位', 'en-US': 'Units registered as above scale' },
    unit: 'count', permission: 'directory.read', aggregate: 'count', stock: true,
    rows: unitRows('u.above_scale'),
    columns: [C.unitName, C.unitKind, C.industry, C.staff],
    link: '/units/:id',
  },
]);

function orgRows(where: string): SQL {
  return sql.raw(`select o.region_id, o.id as org_id, o.unit_id, null::uuid as alliance_id, o.founded_on as at, 1 as value, o.id::text as id,
      o.name, o.kind, p.name as parent_name, o.secretary_name, o.founded_on
    from orgs o left join orgs p on p.region_id = o.region_id and p.id = o.parent_id
    where ${where}`);
}

function unitRows(where: string): SQL {
  return sql.raw(`select u.region_id, u.org_id, u.id as unit_id, null::uuid as alliance_id, null::date as at, 1 as value, u.id::text as id,
      u.name, u.kind, u.industry,
      (case when u.above_scale then 'yes' else 'no' end) as above_scale, u.staff_count
    from units u
    where ${where}`);
}
