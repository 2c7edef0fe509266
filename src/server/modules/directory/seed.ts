import { sql } from 'drizzle-orm';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { addDays, addYears, todayShanghai, yearsBetween } from '../../../shared/dates.ts';
import type { Role, ScopeKind } from '../../../shared/roles.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { grants, users } from '../../platform/schema.ts';
import { makeIdNumber } from './idcard.ts';
import { namePinyin } from './pinyin.ts';
import { allianceOrgs, alliances, allianceUnits, members, orgs, regions, units } from './schema.ts';
import { seededRandom } from '../../platform/random.ts';

/**
 * The article's three regions as demo data. Every person is fictional: generated names, ID numbers with
 * valid check digits and plausible births, phones in a test range. Deterministic (seeded random).
 */


const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文'.split('');
const GIVEN_M = '伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宁 建国 建华 国强 志强 志明 海波 海涛 晓东 文杰 俊杰 浩 宇 子豪 振华 永强 德明 庆丰 宏伟 春生 立新'.split(' ');
const GIVEN_F = '芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 颖 琳 洁 红 梅 兰 秀英 桂英 玉兰 丽华 慧敏 晓燕 海燕 文静 雅琴 佳怡 思雨 欣怡 梦洁 春花 美玲 凤英'.split(' ');
const EDUCATION = ['初中', '高中', '中专', '大专', '本科', '本科', '硕士'];

export interface DemoIds {
  regions: Record<'kongpu' | 'baifeng' | 'luotuo', string>;
  users: { username: string; role: string }[];
}

type MemberRow = typeof members.$inferInsert;

class People {
  private n = 0;
  private used = new Set<string>();
  private usedIds = new Set<string>();
  constructor(private r: () => number, private today: string) {}
  pick<T>(xs: T[]): T { return xs[Math.floor(this.r() * xs.length)]; }
  int(a: number, b: number) { return a + Math.floor(this.r() * (b - a + 1)); }
  date(from: string, to: string) {
    const a = Date.parse(`${from}T00:00:00Z`); const b = Date.parse(`${to}T00:00:00Z`);
    return new Date(a + Math.floor(this.r() * (b - a) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
  }
  /** A fictional member of `orgId`. */
  member(regionId: string, orgId: string, area: string, opts: { minBirth?: string; maxBirth?: string; tags?: string[]; address?: string; occupation?: string; joinedFrom?: string } = {}): MemberRow {
    this.n++;
    const gender = this.r() < 0.55 ? 'M' : 'F';
    let name = '';
    for (let i = 0; i < 5; i++) {
      name = this.pick(SURNAMES) + this.pick(gender === 'M' ? GIVEN_M : GIVEN_F);
      if (!this.used.has(name) || i === 4) break;
    }
    this.used.add(name);
    const birthDate = this.date(opts.minBirth ?? '1940-01-01', opts.maxBirth ?? '2002-12-31');
    let idNumber = makeIdNumber(area, birthDate, gender, this.n);
    for (let k = 1; this.usedIds.has(idNumber); k++) idNumber = makeIdNumber(area, birthDate, gender, this.n + k * 7);
    this.usedIds.add(idNumber);
    const earliestJoin = addYears(birthDate, 18 + this.int(0, 12));
    const latest = addDays(this.today, -30);
    // never later than `latest`: someone born in 2000 may be 30 at the earliest join, which would lie in the future
    const from = opts.joinedFrom ? [earliestJoin, opts.joinedFrom].sort()[1] : earliestJoin < '1965-01-01' ? '1965-01-01' : earliestJoin;
    const floor = [from, latest].sort()[0];
    const joinedOn = this.date(floor, latest);
    const fullOn = addDays(addYears(joinedOn, 1), this.int(0, 20));
    const full = fullOn <= this.today;
    const age = yearsBetween(birthDate, this.today);
    const tags = [...(opts.tags ?? [])];
    if (full && yearsBetween(fullOn, this.today) >= 50) tags.push('veteran');
    if (age <= 35) tags.push('young');
    const py = namePinyin(name);
    return {
      regionId, id: uuidv7(), orgId, name, namePinyin: py.full, nameInitials: py.initials, gender, ethnicity: this.r() < 0.97 ? '汉族' : '回族',
      birthDate, idNumber, education: this.pick(EDUCATION), occupation: opts.occupation ?? (age >= 60 ? '退休' : this.pick(['社区工作者', '企业职工', '个体经营', '教师', '医生', '技术员', '公务员'])),
      phone: `13${this.int(0, 9)}${String(this.int(0, 99_999_999)).padStart(8, '0')}`,
      address: opts.address ?? null, stage: full ? 'full' : 'probationary', joinedOn, fullOn: full ? fullOn : null,
      status: this.r() < 0.01 ? 'lost_contact' : 'normal', tags,
    };
  }
}

async function insertMany<T>(db: DbOrTx, table: Parameters<DbOrTx['insert']>[0], rows: T[], size = 500) {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size) as never);
}

export async function seedDirectory(db: Db, opts: { password: string; now: number }): Promise<DemoIds> {
  const today = todayShanghai(opts.now);
  const P = new People(seededRandom(20161125), today);
  const actor = { principal: null, requestId: 'seed' };
  const out: DemoIds = { regions: { kongpu: '', baifeng: '', luotuo: '' }, users: [] };

  await db.transaction(async (tx) => {
    const orgRows: (typeof orgs.$inferInsert)[] = [];
    const mkOrg = (regionId: string, parent: { id: string; path: string; depth: number } | null, kind: string, name: string, extra: Partial<typeof orgs.$inferInsert> = {}) => {
      const id = uuidv7();
      const path = `${parent ? parent.path : '/'}${id}/`;
      const depth = parent ? parent.depth + 1 : 0;
      const termStart = extra.termStart ?? P.date('2021-06-01', '2024-06-01');
      const row = {
        regionId, id, parentId: parent?.id ?? null, kind, name, path, depth,
        secretaryName: P.pick(SURNAMES) + P.pick([...GIVEN_M, ...GIVEN_F]),
        foundedOn: P.date('1985-01-01', '2015-12-31'), termStart, termEnd: extra.termEnd ?? addYears(termStart, 5), ...extra,
      };
      orgRows.push(row);
      return { id, path, depth };
    };
    const unitRows: (typeof units.$inferInsert)[] = [];
    const mkUnit = (regionId: string, kind: string, name: string, extra: Partial<typeof units.$inferInsert> = {}) => {
      const id = uuidv7();
      unitRows.push({ regionId, id, kind, name, liaisonName: P.pick(SURNAMES) + P.pick(GIVEN_F), liaisonPhone: `139${String(P.int(0, 99_999_999)).padStart(8, '0')}`, ...extra });
      return id;
    };
    const memberRows: MemberRow[] = [];
    const allianceRows: (typeof alliances.$inferInsert)[] = [];
    const aOrgs: (typeof allianceOrgs.$inferInsert)[] = [];
    const aUnits: (typeof allianceUnits.$inferInsert)[] = [];

    // ---- 江北区孔浦街道: the 五朵金花 cluster (5 communities, 20 branches, 800+ members) and 百合社区
    const kp = uuidv7();
    out.regions.kongpu = kp;
    await tx.insert(regions).values({ id: kp, code: 'kongpu', name: '江北区孔浦街道', district: '宁波市江北区' });
    const kpRoot = mkOrg(kp, null, 'committee', '孔浦街道党工委', { foundedOn: '1984-05-01' });
    const communities = ['怡江', '绿梅', '红梅', '白杨', '文竹'];
    const kpCommittees: Record<string, { id: string; path: string; depth: number }> = {};
    const kpBranches: Record<string, { id: string; path: string; depth: number }[]> = {};
    const cluster = uuidv7();
    allianceRows.push({ regionId: kp, id: cluster, kind: 'cluster', name: '五朵金花', leadOrgId: kpRoot.id, foundedOn: '2016-03-01', description: '孔浦街道五个老小区社区、20 个党支部组团共享、抱团发展、资源互补的党建集群' });
    for (const c of communities) {
      const committee = mkOrg(kp, kpRoot, 'committee', `${c}社区党委`, c === '怡江' ? { termStart: '2021-12-20', termEnd: addDays(today, 45) } : {});
      kpCommittees[c] = committee;
      const unit = mkUnit(kp, 'community', `${c}社区`, { address: `宁波市江北区孔浦街道${c}社区`, orgId: committee.id });
      aOrgs.push({ regionId: kp, allianceId: cluster, orgId: committee.id });
      aUnits.push({ regionId: kp, allianceId: cluster, unitId: unit });
      kpBranches[c] = ['第一', '第二', '第三', '第四'].map((n) => mkOrg(kp, committee, 'branch', `${c}社区${n}党支部`));
      kpBranches[c].forEach((b, i) => {
        for (let k = 0; k < 41; k++) {
          const estate = c === '怡江' ? (k % 2 ? '怡江春色' : '怡江小区') : `${c}小区`;
          memberRows.push(P.member(kp, b.id, '330205', { address: `${estate} ${1 + ((k + i * 3) % 12)} 幢 ${1 + (k % 6)}0${1 + (k % 4)} 室` }));
        }
      });
    }
    const baihe = mkOrg(kp, kpRoot, 'committee', '百合社区党委');
    mkUnit(kp, 'community', '百合社区', { orgId: baihe.id });
    const baiheYouth = mkOrg(kp, baihe, 'branch', '百合青年支部');
    const baihe1 = mkOrg(kp, baihe, 'branch', '百合社区第一党支部');
    for (let k = 0; k < 24; k++) memberRows.push(P.member(kp, baiheYouth.id, '330205', { minBirth: '1988-01-01', maxBirth: '2001-12-31', address: `百合小区 ${1 + (k % 8)} 幢` }));
    for (let k = 0; k < 36; k++) memberRows.push(P.member(kp, baihe1.id, '330205', { address: `百合小区 ${1 + (k % 8)} 幢` }));
    // the street's youth lecture team: 12 young members of the street's organ branch
    const kpOrgan = mkOrg(kp, kpRoot, 'branch', '孔浦街道机关党支部');
    for (let k = 0; k < 12; k++) memberRows.push(P.member(kp, kpOrgan.id, '330205', { minBirth: '1990-01-01', maxBirth: '2000-12-31', tags: ['lecturer'], occupation: '街道干部' }));
    for (let k = 0; k < 8; k++) memberRows.push(P.member(kp, kpOrgan.id, '330205', { occupation: '街道干部' }));

    // ---- 北仑区白峰镇: the park's enterprise joint general branch and the joint meeting of 16 units
    const bf = uuidv7();
    out.regions.baifeng = bf;
    await tx.insert(regions).values({ id: bf, code: 'baifeng', name: '北仑区白峰镇', district: '宁波市北仑区' });
    const bfRoot = mkOrg(bf, null, 'committee', '白峰镇党委', { foundedOn: '1983-09-01' });
    const jointBranch = mkOrg(bf, bfRoot, 'general_branch', '北临港产业园区企业联合党总支', { foundedOn: addYears(`${today.slice(0, 4)}-04-15`, -1) });
    const enterprises: [string, string, boolean, number][] = [
      ['中海浙江宁波液化天然气有限公司', '能源', true, 260], ['光大环保能源（宁波）有限公司', '环保', true, 180],
      ['宁波港光明码头有限公司', '港口', true, 420], ['宁波港中宅码头有限公司', '港口', true, 390],
      ['宁波峙北再生资源有限公司', '再生资源', true, 150], ['北仑临港固废处置有限公司', '环保', true, 120],
      ['宁波绿源再生金属有限公司', '再生资源', false, 90], ['宁波临港危废处置有限公司', '环保', true, 110],
      ['北仑静脉产业园物流有限公司', '物流', false, 80], ['宁波蓝天餐厨垃圾处理有限公司', '环保', false, 60],
      ['宁波港临港物资供应有限公司', '物流', false, 70],
    ];
    const bfUnits: string[] = [];
    const joint = uuidv7();
    allianceRows.push({ regionId: bf, id: joint, kind: 'joint_meeting', name: '临港产业园区党建联席会议', leadOrgId: bfRoot.id, foundedOn: addYears(`${today.slice(0, 4)}-09-10`, -1), description: '镇党委协调园区各共建单位，商讨企业党建、本地劳动力就业、公共交通衔接、区域路标设置等区域性事宜' });
    aOrgs.push({ regionId: bf, allianceId: joint, orgId: jointBranch.id });
    enterprises.forEach(([name, industry, above, staff], i) => {
      const branch = i < 8 ? mkOrg(bf, jointBranch, 'branch', `${name.replace(/（宁波）|有限公司/g, '')}党支部`) : null;
      const u = mkUnit(bf, 'enterprise', name, { industry, aboveScale: above, staffCount: staff, address: '宁波市北仑区白峰镇峙北静脉产业园', orgId: branch?.id ?? null });
      bfUnits.push(u);
      if (branch) for (let k = 0; k < 14 + (i % 5); k++) memberRows.push(P.member(bf, branch.id, '330206', { minBirth: '1965-01-01', maxBirth: '1998-12-31', occupation: '企业职工', tags: k % 3 === 0 ? ['volunteer'] : [] }));
    });
    const others: [string, string, number][] = [
      ['army', '驻白峰某部队', 120], ['school', '白峰镇中心学校', 95], ['bank', '北仑农商银行白峰支行', 30], ['hospital', '白峰街道社区卫生服务中心', 85],
      ['other', '宁波港志愿者服务队', 60],
    ];
    for (const [kind, name, staff] of others) {
      const branch = mkOrg(bf, bfRoot, 'branch', `${name}党支部`);
      bfUnits.push(mkUnit(bf, kind, name, { staffCount: staff, orgId: branch.id }));
      for (let k = 0; k < 10; k++) memberRows.push(P.member(bf, branch.id, '330206', { tags: k % 2 ? ['volunteer'] : [] }));
    }
    for (const u of bfUnits) aUnits.push({ regionId: bf, allianceId: joint, unitId: u });
    const fengnan = mkOrg(bf, bfRoot, 'committee', '峰南社区党委');
    mkUnit(bf, 'community', '峰南社区', { orgId: fengnan.id, address: '宁波市北仑区白峰镇峰南社区' });
    const volunteers = mkOrg(bf, bfRoot, 'branch', '白峰镇党员义工服务队党支部');
    for (let k = 0; k < 30; k++) memberRows.push(P.member(bf, volunteers.id, '330206', { tags: ['volunteer'] }));
    const fengnan1 = mkOrg(bf, fengnan, 'branch', '峰南社区第一党支部');
    for (let k = 0; k < 25; k++) memberRows.push(P.member(bf, fengnan1.id, '330206'));

    // ---- 镇海区骆驼街道: the chamber committee, 9 grids of 5-8 branches (52), 183 enterprises (119 above scale), 512 members
    const lt = uuidv7();
    out.regions.luotuo = lt;
    await tx.insert(regions).values({ id: lt, code: 'luotuo', name: '镇海区骆驼街道', district: '宁波市镇海区' });
    const ltRoot = mkOrg(lt, null, 'committee', '骆驼街道党工委');
    const chamber = mkOrg(lt, ltRoot, 'committee', '镇海骆驼商会党委');
    const gridSizes = [7, 6, 5, 6, 5, 6, 5, 6, 6];
    const gridNames = ['机电装备', '汽配五金', '缝纫机械', '新材料', '物流仓储', '专业市场', '化工新材', '电子电器', '综合服务'];
    const INDUSTRY = ['机械制造', '汽车零部件', '缝纫机械', '新材料', '物流', '商贸', '化工', '电子电器', '服务业'];
    let ent = 0;
    let branchNo = 0;
    let members512 = 0;
    for (let g = 0; g < 9; g++) {
      const grid = uuidv7();
      allianceRows.push({ regionId: lt, id: grid, kind: 'grid', name: `第${'一二三四五六七八九'[g]}网格（${gridNames[g]}）`, leadOrgId: chamber.id, description: '按照产业相近、地域相邻、方便活动原则划分的商会党建网格' });
      const entsInGrid = g < 3 ? 21 : 20; // 183 enterprises in all
      for (let e = 0; e < entsInGrid; e++) {
        ent++;
        const name = `宁波骆驼${gridNames[g]}${String(e + 1).padStart(2, '0')}有限公司`;
        const hasBranch = e < gridSizes[g];
        let branch: { id: string; path: string; depth: number } | null = null;
        if (hasBranch) {
          branchNo++;
          branch = mkOrg(lt, chamber, 'branch', `${name.replace('有限公司', '')}党支部`);
          aOrgs.push({ regionId: lt, allianceId: grid, orgId: branch.id });
          const n = branchNo <= 44 ? 10 : 9;
          for (let k = 0; k < n; k++) {
            members512++;
            // the article: 近年来，先后吸引10余名企业出资人、62名企业技术骨干入党 — 62 technicians and 11 owners, all of
            // them joined in recent years (since 1 January four years back, the chamber's "recent years")
            const tags = members512 <= 62 ? ['technician'] : members512 <= 73 ? ['entrepreneur'] : [];
            memberRows.push(P.member(lt, branch.id, '330211', {
              minBirth: '1955-01-01', maxBirth: '2000-12-31', occupation: tags[0] === 'entrepreneur' ? '企业出资人' : '企业职工', tags,
              joinedFrom: tags.length ? `${Number(today.slice(0, 4)) - 4}-01-01` : undefined,
            }));
          }
        }
        const unit = mkUnit(lt, 'enterprise', name, { industry: INDUSTRY[g], aboveScale: ent <= 119, staffCount: 30 + P.int(0, 600), address: '宁波市镇海区骆驼工业园区', orgId: branch?.id ?? null });
        aUnits.push({ regionId: lt, allianceId: grid, unitId: unit });
      }
    }

    await insertMany(tx, orgs, orgRows);
    await insertMany(tx, units, unitRows);
    await insertMany(tx, alliances, allianceRows);
    await insertMany(tx, allianceOrgs, aOrgs);
    await insertMany(tx, allianceUnits, aUnits);
    await insertMany(tx, members, memberRows);

    // ---- one sign-in per role
    const demoMember = memberRows.find((m) => m.orgId === kpBranches['怡江'][0].id && m.stage === 'full')!;
    const lecturer = memberRows.find((m) => m.orgId === kpOrgan.id && (m.tags ?? []).includes('lecturer'))!;
    const gdUnit = unitRows.find((u) => u.name === '光大环保能源（宁波）有限公司')!;
    const demoUsers: { username: string; displayName: string; role: Role; scopeKind: ScopeKind; scopeId: string; regionId: string; member?: MemberRow; label: string }[] = [
      { username: 'kongpu', displayName: '孔浦街道党工委（演示）', role: 'region_admin', scopeKind: 'region', scopeId: kp, regionId: kp, label: 'region admin, 江北区孔浦街道' },
      { username: 'wuduojinhua', displayName: '五朵金花集群牵头人（演示）', role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: cluster, regionId: kp, label: 'alliance coordinator, 五朵金花' },
      { username: 'yijiang', displayName: '怡江社区党委书记（演示）', role: 'org_admin', scopeKind: 'org', scopeId: kpCommittees['怡江'].id, regionId: kp, label: 'org admin, 怡江社区党委' },
      { username: 'member', displayName: demoMember.name, role: 'member', scopeKind: 'member', scopeId: demoMember.id!, regionId: kp, member: demoMember, label: `member, ${demoMember.name} (怡江社区第一党支部)` },
      { username: 'lecturer', displayName: lecturer.name, role: 'member', scopeKind: 'member', scopeId: lecturer.id!, regionId: kp, member: lecturer, label: `member, ${lecturer.name} (青春微巡讲团)` },
      { username: 'baifeng', displayName: '白峰镇党委（演示）', role: 'region_admin', scopeKind: 'region', scopeId: bf, regionId: bf, label: 'region admin, 北仑区白峰镇' },
      { username: 'lingang', displayName: '联席会议办公室（演示）', role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: joint, regionId: bf, label: 'alliance coordinator, 临港产业园区党建联席会议' },
      { username: 'guangda', displayName: '光大环保联络员（演示）', role: 'unit_liaison', scopeKind: 'unit', scopeId: gdUnit.id!, regionId: bf, label: 'unit liaison, 光大环保能源（宁波）有限公司' },
      { username: 'luotuo', displayName: '骆驼街道党工委（演示）', role: 'region_admin', scopeKind: 'region', scopeId: lt, regionId: lt, label: 'region admin, 镇海区骆驼街道' },
      { username: 'shanghui', displayName: '骆驼商会党委（演示）', role: 'org_admin', scopeKind: 'org', scopeId: chamber.id, regionId: lt, label: 'org admin, 镇海骆驼商会党委' },
    ];
    // one hash (own salt) per sign-in, computed side by side: argon2 runs on the thread pool
    const hashes = await Promise.all(demoUsers.map(() => hashPassword(opts.password)));
    for (const [i, u] of demoUsers.entries()) {
      const id = uuidv7();
      await tx.insert(users).values({
        id, username: u.username, displayName: u.displayName, passwordHash: hashes[i],
        memberId: u.member?.id ?? null, memberRegionId: u.member ? u.regionId : null,
      });
      await tx.insert(grants).values({ regionId: u.regionId, id: uuidv7(), userId: id, role: u.role, scopeKind: u.scopeKind, scopeId: u.scopeId });
      out.users.push({ username: u.username, role: u.label });
    }
    for (const [code, regionId] of Object.entries(out.regions)) {
      const [{ n }] = (await tx.execute(sql`select count(*)::int as n from members where region_id = ${regionId}`) as unknown as { rows: { n: number }[] }).rows;
      await audit(tx, actor, { regionId, action: 'seed.demo', entityType: 'region', entityId: regionId, after: { code, members: n } });
    }
  });
  return out;
}
