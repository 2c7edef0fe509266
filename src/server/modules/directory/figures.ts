import { sql, type SQL } from 'drizzle-orm';
import { defineFigures, type FigureColumn } from '../../platform/figures/types.ts';

/**
 * The directory's figures (docs/figures.md, docs/reports.md): the roster and its make-up in the bands the party's
 * own statistics (党内统计) use, members who joined, organisations, units and the development pipeline. Every band is
 * computed in the rows' SQL from the stored fields (birth date, education as typed, stage, full-membership date), so
 * a breakdown by a band and the records behind it always agree. Ages and party ages are as of today (the database's
 * date): the roster has no history of birthdays, and a report for a past year shows its bands as they are now.
 */

/** Age bands (年龄), as in the party's statistics: the labels in the order a table lists them. */
export const AGE_BANDS = ['30岁及以下', '31—35岁', '36—40岁', '41—45岁', '46—50岁', '51—55岁', '56—60岁', '61—70岁', '71—80岁', '81岁及以上'] as const;
/** Education (学历), the typed value put in one of these. */
export const EDUCATION_BANDS = ['研究生', '大学本科', '大学专科', '中专', '高中', '初中及以下', '未填写'] as const;
/** Party age (党龄, whole years since full membership); probationary members have none yet. */
export const PARTY_AGE_BANDS = ['5年以下', '5—10年', '11—20年', '21—30年', '31—40年', '41—50年', '51年及以上', '预备党员'] as const;
export const GENDER_LABELS = { M: '男', F: '女' } as const;
export const CATEGORY_LABELS = { full: '正式党员', probationary: '预备党员' } as const;
export const STAGE_LABELS = { applicant: '入党申请人', activist: '入党积极分子', candidate: '发展对象', probationary: '预备党员' } as const;
export const ORG_KIND_LABELS = { committee: '党委', general_branch: '党总支', branch: '党支部' } as const;
export const UNIT_KIND_LABELS = {
  enterprise: '企业', school: '学校', hospital: '医院', army: '部队', bank: '银行', community: '社区', village: '村', agency: '机关', other: '其他',
} as const;
export const ABOVE_SCALE_LABELS = { yes: '规模以上', no: '规模以下' } as const;

/** Whole years from `from` to today. */
const yearsTo = (from: string) => `extract(year from age(current_date, ${from}))::int`;

const ageBand = (birth: string) => {
  const a = yearsTo(birth);
  return `(case when ${a} <= 30 then '${AGE_BANDS[0]}' when ${a} <= 35 then '${AGE_BANDS[1]}' when ${a} <= 40 then '${AGE_BANDS[2]}'
    when ${a} <= 45 then '${AGE_BANDS[3]}' when ${a} <= 50 then '${AGE_BANDS[4]}' when ${a} <= 55 then '${AGE_BANDS[5]}'
    when ${a} <= 60 then '${AGE_BANDS[6]}' when ${a} <= 70 then '${AGE_BANDS[7]}' when ${a} <= 80 then '${AGE_BANDS[8]}' else '${AGE_BANDS[9]}' end)`;
};

const educationBand = (col: string) => `(case
    when ${col} is null or btrim(${col}) = '' then '${EDUCATION_BANDS[6]}'
    when ${col} ~ '(研究生|博士|硕士)' then '${EDUCATION_BANDS[0]}'
    when ${col} ~ '(本科|大学)' and ${col} !~ '(专科|大专)' then '${EDUCATION_BANDS[1]}'
    when ${col} ~ '(大专|专科)' then '${EDUCATION_BANDS[2]}'
    when ${col} ~ '(中专|中技|技校|职高)' then '${EDUCATION_BANDS[3]}'
    when ${col} ~ '高中' then '${EDUCATION_BANDS[4]}'
    else '${EDUCATION_BANDS[5]}' end)`;

const partyAgeBand = (stage: string, fullOn: string) => {
  const a = yearsTo(fullOn);
  return `(case when ${stage} = 'probationary' or ${fullOn} is null then '${PARTY_AGE_BANDS[7]}'
    when ${a} < 5 then '${PARTY_AGE_BANDS[0]}' when ${a} <= 10 then '${PARTY_AGE_BANDS[1]}' when ${a} <= 20 then '${PARTY_AGE_BANDS[2]}'
    when ${a} <= 30 then '${PARTY_AGE_BANDS[3]}' when ${a} <= 40 then '${PARTY_AGE_BANDS[4]}' when ${a} <= 50 then '${PARTY_AGE_BANDS[5]}'
    else '${PARTY_AGE_BANDS[6]}' end)`;
};

const labelCase = (col: string, labels: Record<string, string>) =>
  `(case ${col} ${Object.entries(labels).map(([k, v]) => `when '${k}' then '${v}'`).join(' ')} else null end)`;

/** Statuses that no longer count (members.ts INACTIVE_STATUSES). */
const ACTIVE = `m.status not in ('transferred_out', 'left', 'deceased')`;

const col = (key: string, zh: string, en: string, kind?: FigureColumn['kind']): FigureColumn => ({ key, label: { 'zh-CN': zh, 'en-US': en }, ...(kind ? { kind } : {}) });
const C = {
  name: col('name', '姓名', 'Name'),
  org: col('org_name', '所在组织', 'Organisation'),
  gender: col('gender', '性别', 'Gender'),
  ageBand: col('age_band', '年龄段', 'Age band'),
  education: col('education', '学历', 'Education'),
  category: col('category', '党员类别', 'Category'),
  partyAge: col('party_age_band', '党龄段', 'Party-age band'),
  joinedOn: col('joined_on', '入党日期', 'Joined on', 'date'),
  stage: col('stage', '发展阶段', 'Stage'),
  since: col('since', '进入本阶段日期', 'In this stage since', 'date'),
  kind: col('kind', '类别', 'Kind'),
  orgName: col('name', '名称', 'Name'),
  parent: col('parent_name', '上级组织', 'Parent organisation'),
  secretary: col('secretary_name', '书记', 'Secretary'),
  foundedOn: col('founded_on', '成立日期', 'Founded on', 'date'),
  unitName: col('name', '名称', 'Name'),
  industry: col('industry', '行业', 'Industry'),
  aboveScale: col('above_scale', '规模', 'Scale'),
  staff: col('staff_count', '职工人数', 'Staff', 'number'),
};

/** A member row: where it hangs (its org, the org's unit) and its bands. `where` picks the records. */
const memberRows = (at: string, where: string) => sql.raw(`select m.region_id, m.org_id, o.unit_id, null::uuid as alliance_id,
    ${at} as at, 1 as value, m.id::text as id,
    m.name, o.name as org_name, ${labelCase('m.gender', GENDER_LABELS)} as gender,
    ${ageBand('m.birth_date')} as age_band, ${educationBand('m.education')} as education,
    ${labelCase('m.stage', CATEGORY_LABELS)} as category, ${partyAgeBand('m.stage', 'm.full_on')} as party_age_band,
    m.joined_on, ${labelCase('m.stage', STAGE_LABELS)} as stage,
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
    columns: [C.orgName, C.kind, C.parent, C.secretary, C.foundedOn],
    dimensions: [C.kind],
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
    columns: [C.unitName, C.kind, C.industry, C.aboveScale, C.staff],
    dimensions: [C.kind, C.aboveScale],
    link: '/units/:id',
  },
  {
    key: 'directory.unitsAboveScale',
    label: { 'zh-CN': '规模以上企业数', 'en-US': 'Above-scale enterprises' },
    definition: { 'zh-CN': '登记为规模以上的单位', 'en-US': 'Units registered as above scale' },
    unit: 'count', permission: 'directory.read', aggregate: 'count', stock: true,
    rows: unitRows('u.above_scale'),
    columns: [C.unitName, C.kind, C.industry, C.staff],
    link: '/units/:id',
  },
]);

function orgRows(where: string): SQL {
  return sql.raw(`select o.region_id, o.id as org_id, o.unit_id, null::uuid as alliance_id, o.founded_on as at, 1 as value, o.id::text as id,
      o.name, ${labelCase('o.kind', ORG_KIND_LABELS)} as kind, p.name as parent_name, o.secretary_name, o.founded_on
    from orgs o left join orgs p on p.region_id = o.region_id and p.id = o.parent_id
    where ${where}`);
}

function unitRows(where: string): SQL {
  return sql.raw(`select u.region_id, u.org_id, u.id as unit_id, null::uuid as alliance_id, null::date as at, 1 as value, u.id::text as id,
      u.name, ${labelCase('u.kind', UNIT_KIND_LABELS)} as kind, u.industry,
      (case when u.above_scale then '${ABOVE_SCALE_LABELS.yes}' else '${ABOVE_SCALE_LABELS.no}' end) as above_scale, u.staff_count
    from units u
    where ${where}`);
}
