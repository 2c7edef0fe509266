/**
 * The article's numbers (docs/figures.md, "The article's numbers"): on the demo data the figures engine gives, for
 * 孔浦 / 五朵金花, 白峰 / the joint meeting and 骆驼 / the chamber, every number of the article a record can support —
 * computed from the seeded records, never typed in. One row per number: the article's words, the figure key, the
 * level and period, and the number (or, for 50余 / 800余 / 近5000 / 2000余, its bounds). A row whose key is not in
 * the catalogue yet is listed as pending (and fails once the key exists and disagrees).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { demoApp, type TestApp } from '../../../../test/support/app.ts';
import { DEMO_NOW } from '../../../../test/support/demo.ts';
import type { Ctx } from '../context.ts';
import { computeBreakdown, computeValue, figureByKey, parsePeriod, resolveLevel, type LevelKind } from './engine.ts';

type Region = 'kongpu' | 'baifeng' | 'luotuo';
interface Level { region: Region; kind: LevelKind; name?: string }
/** the number, or the bounds [min, max] (both included) an approximate number of the article means */
type Expect = number | [number, number];
interface ArticleRow {
  /** the article's words */
  text: string;
  key: string;
  level: Level;
  /** a period key (parsePeriod) */
  period: string;
  expect: Expect;
  /** the figure grouped by a dimension: the group's value */
  group?: { by: string; group: string };
}

const TODAY = todayShanghai(DEMO_NOW);
const YEAR = TODAY.slice(0, 4);
const day = (offset: number) => { const d = addDays(TODAY, offset); return `${d}..${d}`; };

const KP: Level = { region: 'kongpu', kind: 'region' };
const CLUSTER: Level = { region: 'kongpu', kind: 'alliance', name: '五朵金花' };
const BF: Level = { region: 'baifeng', kind: 'region' };
const JOINT: Level = { region: 'baifeng', kind: 'alliance', name: '临港产业园区党建联席会议' };
const LT: Level = { region: 'luotuo', kind: 'region' };
const CHAMBER: Level = { region: 'luotuo', kind: 'org', name: '镇海骆驼商会党委' };

const ARTICLE: ArticleRow[] = [
  // ── 孔浦：“五朵金花”孕育基层党建风景
  { text: '一天之内，怡江春色和怡江小区内100个党员户标识全部张贴完毕', key: 'cluster.plaques', level: { region: 'kongpu', kind: 'org', name: '怡江社区党委' }, period: day(-2), expect: 100 },
  { text: '（同一天，整个集群）100个党员户标识', key: 'cluster.plaques', level: CLUSTER, period: day(-2), expect: 100 },
  { text: '绿梅、红梅、白杨、文竹四个社区的“党员亮牌活动”也如火如荼地进行着', key: 'cluster.plaques', level: { region: 'kongpu', kind: 'org', name: '绿梅社区党委' }, period: 'all', expect: [1, 1000] },
  { text: '五个社区20个党支部', key: 'directory.branches', level: CLUSTER, period: 'all', expect: 20 },
  { text: '五个社区（社区党委）', key: 'directory.orgs', level: CLUSTER, period: 'all', expect: 5, group: { by: 'kind', group: 'committee' } },
  { text: '共制定党建项目34项', key: 'cluster.projects', level: KP, period: 'all', expect: 34 },
  { text: '800余名党员开展了党员表率承诺', key: 'cluster.pledgers', level: CLUSTER, period: YEAR, expect: [801, 899] },
  { text: '组建由老党员、居民代表、职能部门负责人共同组成的评委团（本季度评委中的职能部门负责人）', key: 'cluster.judges', level: CLUSTER, period: `${YEAR}Q4`, expect: [1, 100], group: { by: 'category', group: 'department' } },
  { text: '街道选拔了12名优秀青年党员组成青春微巡讲团', key: 'activities.lecturers', level: KP, period: 'all', expect: 12 },
  { text: '目前已组织开展各类主题党课50余次', key: 'activities.partyLessons', level: CLUSTER, period: 'all', expect: [51, 59] },
  { text: '“我和党章的故事”书记讲党课系列活动10次', key: 'activities.partyLessons', level: CLUSTER, period: 'all', expect: 10, group: { by: 'series', group: '“我和党章的故事”书记讲党课' } },
  // ── 白峰：“动脉党建”护航“静脉产业”
  { text: '吸引了……74名单身青年参加', key: 'venues.registrants', level: JOINT, period: 'all', expect: 74 },
  { text: '大型企业及港口支撑单位共16家', key: 'cobuild.jointUnits', level: JOINT, period: 'all', expect: 16 },
  { text: '职工2000余人', key: 'cobuild.jointStaff', level: JOINT, period: 'all', expect: [2001, 2999] },
  { text: '联席会议已经帮助企业提供50多名劳动力', key: 'cobuild.placements', level: JOINT, period: 'all', expect: [51, 59] },
  { text: '目前园区已组建有党员义工、产业园生态志愿者等队伍', key: 'venues.volunteerTeams', level: BF, period: 'all', expect: 2 },
  { text: '（产业园生态志愿者：联席会议的队伍）', key: 'venues.volunteerTeams', level: JOINT, period: 'all', expect: 1 },
  { text: '党员义工服务队和宁波港志愿者服务队的37名志愿者，来到峰南社区居家养老服务中心广场', key: 'activities.attendances', level: BF, period: day(-12), expect: 37 },
  { text: '光大环保……去年以来参观人员近5000人次', key: 'venues.visitors', level: { region: 'baifeng', kind: 'unit', name: '光大环保能源（宁波）有限公司' }, period: `${Number(YEAR) - 1}-01-01..${TODAY}`, expect: [4500, 4999] },
  // ── 骆驼：镇海骆驼商会
  { text: '牵头协调处理各类纠纷74起', key: 'chamber.disputes', level: CHAMBER, period: 'all', expect: 74 },
  { text: '成功调处72起', key: 'chamber.disputesSettled', level: CHAMBER, period: 'all', expect: 72 },
  { text: '涉及金额236.4万元', key: 'chamber.disputeAmount', level: CHAMBER, period: 'all', expect: 236_400_000 },
  { text: '双方满意率达98%', key: 'chamber.satisfaction', level: CHAMBER, period: 'all', expect: [97.5, 98.4] },
  // the region's enterprises are 245 (the fund helped firms beyond the chamber's members): the members are the grids' units
  { text: '骆驼街道拥有会员企业183家', key: 'chamber.memberEnterprises', level: CHAMBER, period: 'all', expect: 183 },
  { text: '下辖52个党支部', key: 'directory.branches', level: CHAMBER, period: 'all', expect: 52 },
  { text: '有512名党员', key: 'directory.members', level: CHAMBER, period: 'all', expect: 512 },
  { text: '近年来，先后吸引10余名企业出资人……入党', key: 'chamber.ownersDeveloped', level: CHAMBER, period: 'all', expect: [11, 19] },
  { text: '62名企业技术骨干入党', key: 'chamber.techniciansDeveloped', level: CHAMBER, period: 'all', expect: 62 },
  { text: '商会党员企业家还与25名“创二代”交叉结对', key: 'chamber.mentoringPairs', level: CHAMBER, period: 'all', expect: 25 },
  { text: '会员企业中有17名“富二代”顺利接班', key: 'chamber.successors', level: CHAMBER, period: 'all', expect: 17 },
  { text: '三年来累计帮扶245家企业成功转贷', key: 'money.loanEnterprises', level: LT, period: 'all', expect: 245 },
  { text: '转贷2847次', key: 'money.loans', level: LT, period: 'all', expect: 2847 },
  { text: '转贷金额达80亿元', key: 'money.loanAmount', level: LT, period: 'all', expect: [800_000_000_000, 809_999_999_999] },
  { text: '每年为企业输送大中专学生300余名', key: 'chamber.students', level: CHAMBER, period: YEAR, expect: [301, 399] },
  { text: '各类专业技术人才200多名', key: 'chamber.technicianPlacements', level: CHAMBER, period: YEAR, expect: [201, 299] },
  { text: '共培育规模以上企业达119家', key: 'directory.unitsAboveScale', level: LT, period: 'all', expect: 119 },
  { text: '各类捐款累计超1.5亿元', key: 'money.donations', level: LT, period: 'all', expect: [15_000_000_001, 99_999_999_999] },
  { text: '先后帮助12家企业在国内外设立分公司（办事处）', key: 'chamber.branchesAbroad', level: CHAMBER, period: 'all', expect: 12 },
  { text: '陆续引进相关产业合资企业19家', key: 'chamber.jointVentures', level: CHAMBER, period: 'all', expect: 19 },
  { text: '商会先后协助引进……项目76个', key: 'chamber.investments', level: CHAMBER, period: 'all', expect: 76 },
];

let t: TestApp;
let ctx: Ctx;

beforeAll(async () => {
  t = await demoApp();
  ctx = { database: t.database, db: t.database.db, now: t.clock.now, config: t.config };
}, 600_000);

async function levelOf(l: Level) {
  const [{ id: regionId }] = await t.database.query<{ id: string }>('select id from regions where code = $1', [l.region]);
  if (l.kind === 'region') return resolveLevel(ctx, { regionId, scopeKind: 'region' });
  const table = { org: 'orgs', alliance: 'alliances', unit: 'units' }[l.kind];
  const rows = await t.database.query<{ id: string }>(`select id from ${table} where region_id = $1 and name = $2`, [regionId, l.name]);
  expect(rows, `${l.kind} ${l.name}`).toHaveLength(1);
  return resolveLevel(ctx, { regionId, scopeKind: l.kind, scopeId: rows[0].id });
}

describe('the article\'s numbers, computed by the figures engine from the demo records', () => {
  for (const row of ARTICLE) {
    const def = figureByKey(row.key);
    const name = `${row.text} — ${row.key}${row.group ? ` (${row.group.by} = ${row.group.group})` : ''}`;
    if (!def) { it.todo(`${name}: pending ${row.key}`); continue; }
    it(name, async () => {
      const level = await levelOf(row.level);
      const period = parsePeriod(row.period);
      let value: number;
      if (row.group) {
        const groups = await computeBreakdown(ctx, def, level, period, row.group.by);
        value = groups.find((g) => g.group === row.group!.group)?.value ?? 0;
      } else {
        value = (await computeValue(ctx, def, level, period)).value;
      }
      if (typeof row.expect === 'number') expect(value).toBe(row.expect);
      else {
        expect(value).toBeGreaterThanOrEqual(row.expect[0]);
        expect(value).toBeLessThanOrEqual(row.expect[1]);
      }
    }, 120_000);
  }
});
