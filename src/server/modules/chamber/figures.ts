/** The chamber's figures (docs/figures.md): mediation, mentoring and successors, talent placed, investment, talent drawn into the party. */
import { sql } from 'drizzle-orm';
import { clocked, defineFigures, type FigureColumn, L } from '../../platform/figures/types.ts';

const DISPUTE: FigureColumn = {
  key: 'dispute_type', label: L('纠纷类型', 'Dispute type'),
  values: {
    labour: L('劳动/欠薪', 'Labour / wages'), contract: L('合同', 'Contract'), debt: L('债务', 'Debt'), injury: L('人身损害', 'Injury'),
    neighbourhood: L('邻里', 'Neighbourhood'), other: L('其他', 'Other'),
  },
};
const caseRows = (value: string, where = 'true') => sql.raw(`
  select m.region_id, m.org_id, null::uuid as unit_id, null::uuid as alliance_id, (c.opened_at at time zone 'Asia/Shanghai')::date as at,
    ${value} as value, c.id::text as id, (c.year::text || '-' || lpad(c.seq::text, 3, '0')) as case_no, c.title, m.dispute_type,
    m.amount_fen, coalesce(m.outcome, 'open') as outcome, (c.opened_at at time zone 'Asia/Shanghai')::date as opened_on
  from mediation_cases m join cases c on c.region_id = m.region_id and c.id = m.id where ${where}`);
const OUTCOME: FigureColumn = { key: 'outcome', label: L('结果', 'Outcome'), values: { agreement: L('调解成功', 'Agreement'), failed: L('调解不成', 'Failed'), open: L('办理中', 'Open') } };
const caseColumns: FigureColumn[] = [{ key: 'case_no', label: L('案号', 'Case no.') }, { key: 'title', label: L('案由', 'Case') }, DISPUTE,
  { key: 'amount_fen', label: L('涉及金额', 'Amount'), kind: 'fen' }, OUTCOME, { key: 'opened_on', label: L('受理日期', 'Opened'), kind: 'date' }];
const talentRows = (tag: string, exclude?: string) => sql.raw(`
  select m.region_id, m.org_id, null::uuid as unit_id, null::uuid as alliance_id, m.joined_on as at, 1 as value, m.id::text as id,
    m.name, o.name as org, m.joined_on, m.occupation
  from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
  where m.stage in ('probationary', 'full') and m.joined_on is not null and m.tags @> array['${tag}']::text[]
    ${exclude ? `and not m.tags @> array['${exclude}']::text[]` : ''}`);
const talentColumns: FigureColumn[] = [{ key: 'name', label: L('姓名', 'Name') }, { key: 'org', label: L('所在支部', 'Branch') },
  { key: 'joined_on', label: L('入党日期', 'Joined'), kind: 'date' }, { key: 'occupation', label: L('职业', 'Occupation') }];
const placementRows = (kind: string) => sql.raw(`
  select p.region_id, p.org_id, p.unit_id, null::uuid as alliance_id, make_date(p.year, 1, 1) as at, p.people as value, p.id::text as id,
    u.name as enterprise, s.name as school, p.year, p.people
  from talent_placements p join units u on u.region_id = p.region_id and u.id = p.unit_id
  join school_partners s on s.region_id = p.region_id and s.id = p.school_id where p.kind = '${kind}'`);
const placementColumns: FigureColumn[] = [{ key: 'enterprise', label: L('企业', 'Enterprise') }, { key: 'school', label: L('学校', 'School') },
  { key: 'year', label: L('年度', 'Year'), kind: 'number' }, { key: 'people', label: L('人数', 'People'), kind: 'number' }];
const investRows = (kind: string) => sql.raw(`
  select i.region_id, i.org_id, i.unit_id, null::uuid as alliance_id, i.on as at, 1 as value, i.id::text as id,
    i.title, u.name as enterprise, i.on, i.place, i.amount_fen
  from investment_records i join units u on u.region_id = i.region_id and u.id = i.unit_id where i.kind = '${kind}'`);
const investColumns: FigureColumn[] = [{ key: 'title', label: L('项目', 'Project') }, { key: 'enterprise', label: L('企业', 'Enterprise') },
  { key: 'on', label: L('日期', 'Date'), kind: 'date' }, { key: 'place', label: L('地点', 'Place') }, { key: 'amount_fen', label: L('金额', 'Amount'), kind: 'fen' }];

export const chamberFigures = defineFigures([
  {
    key: 'chamber.memberEnterprises',
    label: L('商会会员企业', 'Member enterprises of the chamber'),
    definition: L('编入商会网格的会员企业数（每家企业属一个网格，网格由商会党委牵头）。', 'Member enterprises placed in the chamber\'s grids (each in one grid, the grids led by the chamber\'s committee).'),
    unit: 'count', aggregate: 'count', permission: 'directory.read', stock: true,
    rows: sql.raw(`
      select u.region_id, a.lead_org_id as org_id, u.id as unit_id, a.id as alliance_id, null::date as at, 1 as value, u.id::text as id,
        u.name, a.name as grid, u.industry, u.staff_count, u.above_scale::text as above_scale
      from alliance_units au join alliances a on a.region_id = au.region_id and a.id = au.alliance_id
      join units u on u.region_id = au.region_id and u.id = au.unit_id
      where a.kind = 'grid' and u.kind = 'enterprise'`),
    columns: [{ key: 'name', label: L('企业', 'Enterprise') }, { key: 'grid', label: L('网格', 'Grid') }, { key: 'industry', label: L('行业', 'Industry') },
      { key: 'staff_count', label: L('职工', 'Staff'), kind: 'number' },
      { key: 'above_scale', label: L('规上', 'Above scale'), values: { true: L('是', 'Yes'), false: L('否', 'No') } }],
    dimensions: [{ key: 'grid', label: L('网格', 'Grid') }, { key: 'industry', label: L('行业', 'Industry') }],
  },
  {
    key: 'chamber.disputes', label: L('调处纠纷', 'Disputes mediated'),
    definition: L('受理的人民调解案件数（按受理日期）。', 'Mediation cases taken in (by the day opened).'),
    unit: 'count', aggregate: 'count', permission: 'mediation.manage',
    rows: caseRows('1'), columns: caseColumns, dimensions: [DISPUTE, OUTCOME],
  },
  {
    key: 'chamber.disputesSettled', label: L('调解成功', 'Disputes settled'),
    definition: L('达成调解协议的案件数（按受理日期）。', 'Cases that ended in an agreement (by the day opened).'),
    unit: 'count', aggregate: 'count', permission: 'mediation.manage',
    rows: caseRows('1', `m.outcome = 'agreement'`), columns: caseColumns, dimensions: [DISPUTE],
  },
  {
    key: 'chamber.disputeAmount', label: L('纠纷涉及金额', 'Amount in dispute'),
    definition: L('受理案件登记的争议金额之和（按受理日期）。', 'The sum of the amounts in dispute of the cases taken in (by the day opened).'),
    unit: 'fen', aggregate: 'sum', permission: 'mediation.manage',
    rows: caseRows('m.amount_fen'), columns: caseColumns, dimensions: [DISPUTE],
  },
  {
    key: 'chamber.satisfaction', label: L('当事人满意率', 'Parties satisfied'),
    definition: L('回访时当事人评价为满意（2 分及以上，3 分制）的比例，按回访日期。', 'The share of parties who rated the mediation satisfied at the follow-up (2 or more of 3), by the day rated.'),
    unit: 'percent', aggregate: 'ratio', permission: 'mediation.manage',
    rows: sql.raw(`
      select m.region_id, m.org_id, null::uuid as unit_id, null::uuid as alliance_id, (r.rated_at at time zone 'Asia/Shanghai')::date as at,
        case when r.value >= 2 then 1 else 0 end as value, (r.case_id::text || ':' || r.subject) as id,
        (c.year::text || '-' || lpad(c.seq::text, 3, '0')) as case_no, c.title, r.value as rating, (r.rated_at at time zone 'Asia/Shanghai')::date as rated_on
      from case_ratings r join mediation_cases m on m.region_id = r.region_id and m.id = r.case_id
      join cases c on c.region_id = m.region_id and c.id = m.id`),
    columns: [{ key: 'case_no', label: L('案号', 'Case no.') }, { key: 'title', label: L('案由', 'Case') }, { key: 'rating', label: L('评价', 'Rating'), kind: 'number' },
      { key: 'rated_on', label: L('回访日期', 'Rated on'), kind: 'date' }],
  },
  {
    key: 'chamber.mentoringPairs', label: L('"创二代"结对', 'Mentoring pairs'),
    definition: L('老一辈企业家与"创二代"的结对数（按结对日期）。', 'Pairs of an entrepreneur and a second-generation owner (by the day paired).'),
    unit: 'count', aggregate: 'count', permission: 'growth.read',
    rows: sql.raw(`
      select p.region_id, p.org_id, p.mentee_unit_id as unit_id, null::uuid as alliance_id, p.started_on as at, 1 as value, p.id::text as id,
        mm.name as mentor, p.mentee_name, u.name as enterprise, p.started_on, p.outcome
      from mentoring_pairs p join members mm on mm.region_id = p.region_id and mm.id = p.mentor_member_id
      join units u on u.region_id = p.region_id and u.id = p.mentee_unit_id`),
    columns: [{ key: 'mentor', label: L('导师', 'Mentor') }, { key: 'mentee_name', label: L('结对对象', 'Mentee') }, { key: 'enterprise', label: L('企业', 'Enterprise') },
      { key: 'started_on', label: L('结对日期', 'Paired on'), kind: 'date' }, { key: 'outcome', label: L('结果', 'Outcome'), values: { ongoing: L('结对中', 'Ongoing'), took_over: L('已接班', 'Took over'), ended: L('已结束', 'Ended') } }],
  },
  {
    key: 'chamber.successors', label: L('顺利接班', 'Successors who took over'),
    definition: L('结对对象已接班的人数（按接班日期）。', 'Mentees who have taken over their family firm (by the day they took over).'),
    unit: 'people', aggregate: 'count', permission: 'growth.read',
    rows: sql.raw(`
      select p.region_id, p.org_id, p.mentee_unit_id as unit_id, null::uuid as alliance_id, p.took_over_on as at, 1 as value, p.id::text as id,
        p.mentee_name, u.name as enterprise, p.took_over_on
      from mentoring_pairs p join units u on u.region_id = p.region_id and u.id = p.mentee_unit_id where p.outcome = 'took_over'`),
    columns: [{ key: 'mentee_name', label: L('接班人', 'Successor') }, { key: 'enterprise', label: L('企业', 'Enterprise') }, { key: 'took_over_on', label: L('接班日期', 'Took over'), kind: 'date' }],
  },
  {
    key: 'chamber.menteesJoined', label: L('"创二代"入党', 'Mentees who joined the party'),
    definition: L('结对对象已入党、结对关联到其党员档案的人数（按入党日期）。', 'Mentees whose pair is linked to their own member record (they joined the party), by the day they joined.'),
    unit: 'people', aggregate: 'count', permission: 'growth.read',
    rows: sql.raw(`
      select p.region_id, p.org_id, p.mentee_unit_id as unit_id, null::uuid as alliance_id, m.joined_on as at, 1 as value, p.id::text as id,
        m.name, o.name as org, u.name as enterprise, m.joined_on
      from mentoring_pairs p join members m on m.region_id = p.region_id and m.id = p.mentee_member_id
      join orgs o on o.region_id = m.region_id and o.id = m.org_id
      join units u on u.region_id = p.region_id and u.id = p.mentee_unit_id`),
    columns: [{ key: 'name', label: L('姓名', 'Name') }, { key: 'org', label: L('所在支部', 'Branch') }, { key: 'enterprise', label: L('企业', 'Enterprise') },
      { key: 'joined_on', label: L('入党日期', 'Joined'), kind: 'date' }],
  },
  {
    key: 'chamber.ownersDeveloped', label: L('企业出资人入党', 'Owners drawn into the party'),
    definition: L('标记为"企业主"、在期间内入党（预备或正式党员）的党员人数，按入党日期。', 'Members tagged 企业主 who joined the party in the period (probationary or full), by the day joined.'),
    unit: 'people', aggregate: 'count', permission: 'members.read',
    rows: talentRows('企业主'), columns: talentColumns,
  },
  {
    key: 'chamber.techniciansDeveloped', label: L('技术骨干入党', 'Technicians drawn into the party'),
    definition: L('标记为"技术骨干"（不含企业主）、在期间内入党的党员人数，按入党日期。', 'Members tagged 技术骨干 (not owners) who joined the party in the period, by the day joined.'),
    unit: 'people', aggregate: 'count', permission: 'members.read',
    rows: talentRows('技术骨干', '企业主'), columns: talentColumns,
  },
  {
    key: 'chamber.students', label: L('输送大中专学生', 'Students placed'),
    definition: L('与学校合作输送到企业的大中专学生人数（按年度）。', 'Students placed in enterprises with schools (by year).'),
    unit: 'people', aggregate: 'sum', permission: 'growth.read', rows: placementRows('student'), columns: placementColumns,
  },
  {
    key: 'chamber.technicianPlacements', label: L('输送专业技术人才', 'Technicians placed'),
    definition: L('输送到企业的各类专业技术人才人数（按年度）。', 'Professional technicians placed in enterprises (by year).'),
    unit: 'people', aggregate: 'sum', permission: 'growth.read', rows: placementRows('technician'), columns: placementColumns,
  },
  {
    key: 'chamber.schoolPartners', label: L('合作院校', 'Partner schools'),
    definition: L('协议起始不晚于期末、至今仍在协议期内（截止日期为空或不早于今天）的合作院校数。', 'Partner schools whose agreement started by the end of the period and is still in force today (open-ended or not ended yet).'),
    unit: 'count', aggregate: 'count', permission: 'growth.read', stock: true,
    rows: clocked(`
      select s.region_id, s.org_id, null::uuid as unit_id, null::uuid as alliance_id, s.agreement_from as at, 1 as value, s.id::text as id,
        s.name, s.contact_name, s.agreement_from, s.agreement_to
      from school_partners s where s.agreement_to is null or s.agreement_to >= {today}`),
    columns: [{ key: 'name', label: L('学校', 'School') }, { key: 'contact_name', label: L('联系人', 'Contact') },
      { key: 'agreement_from', label: L('协议起始', 'Agreement from'), kind: 'date' }, { key: 'agreement_to', label: L('协议截止', 'Agreement to'), kind: 'date' }],
  },
  {
    key: 'chamber.investments', label: L('引进项目', 'Projects brought in'),
    definition: L('协助引进的项目数（按日期）。', 'Projects the chamber helped bring in (by date).'),
    unit: 'count', aggregate: 'count', permission: 'growth.read', rows: investRows('introduced'), columns: investColumns,
  },
  {
    key: 'chamber.jointVentures', label: L('引进合资企业', 'Joint ventures brought in'),
    definition: L('引进的相关产业合资企业数（按日期）。', 'Joint ventures of related industries brought in (by date).'),
    unit: 'count', aggregate: 'count', permission: 'growth.read', rows: investRows('joint_venture'), columns: investColumns,
  },
  {
    key: 'chamber.branchesAbroad', label: L('设立分公司', 'Branches set up'),
    definition: L('帮助企业在国内外设立的分公司数（按日期）。', 'Branches at home and abroad the chamber helped set up (by date).'),
    unit: 'count', aggregate: 'count', permission: 'growth.read', rows: investRows('branch'), columns: investColumns,
  },
]);
