/**
 * Data generator for directory benchmarks: one region with a tree of 20 committees × 10 branches and
 * N fictional members spread over the branches, written in batches through jsonb_populate_recordset.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client.ts';
import { makeIdNumber } from '../../src/server/modules/directory/idcard.ts';
import { namePinyin } from '../../src/server/modules/directory/pinyin.ts';
import { uuidv7 } from '../../src/server/platform/ids.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文'.split('');
const GIVEN = '伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宁 芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 颖 琳 洁 红 梅 兰 秀英 桂英 慧敏 晓燕 海燕 文静'.split(' ');

export interface GeneratedRegion { regionId: string; rootId: string; committees: string[]; branches: string[] }

/** `areaBase`: the first area code of the ID numbers (regions generated into one database need different ones). */
export async function generateRegion(database: Database, members: number, areaBase = 330200): Promise<GeneratedRegion> {
  const regionId = uuidv7();
  await database.query('insert into regions (id, code, name) values ($1, $2, $3)', [regionId, `bench${regionId.slice(-6)}`, '基准测试街道']);
  const rootId = uuidv7();
  const orgRows: Record<string, unknown>[] = [{ region_id: regionId, id: rootId, parent_id: null, kind: 'committee', name: '基准街道党工委', path: `/${rootId}/`, depth: 0 }];
  const committees: string[] = [];
  const branches: string[] = [];
  for (let c = 0; c < 20; c++) {
    const id = uuidv7();
    committees.push(id);
    orgRows.push({ region_id: regionId, id, parent_id: rootId, kind: 'committee', name: `第${c + 1}社区党委`, path: `/${rootId}/${id}/`, depth: 1 });
    for (let b = 0; b < 10; b++) {
      const bid = uuidv7();
      branches.push(bid);
      orgRows.push({ region_id: regionId, id: bid, parent_id: id, kind: 'branch', name: `第${c + 1}社区第${b + 1}支部`, path: `/${rootId}/${id}/${bid}/`, depth: 2 });
    }
  }
  await database.db.execute(sql`insert into orgs select * from jsonb_populate_recordset(null::orgs, ${JSON.stringify(orgRows.map((o) => ({ ...o, sort: 0, created_at: new Date().toISOString(), updated_at: new Date().toISOString() })))}::jsonb)`);
  const pyCache = new Map<string, { full: string; initials: string }>();
  const BATCH = 5000;
  let seq = 0;
  for (let done = 0; done < members; done += BATCH) {
    const rows: Record<string, unknown>[] = [];
    for (let i = done; i < Math.min(members, done + BATCH); i++) {
      seq++;
      const name = SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + (i % 7 === 0 ? GIVEN[i % GIVEN.length] : '');
      let py = pyCache.get(name);
      if (!py) { py = namePinyin(name); pyCache.set(name, py); }
      const gender = i % 2 ? 'M' : 'F';
      const y = 1940 + (i % 60);
      const birth = `${y}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      // ids repeat every 10,500 rows for one area code (birth-date cycle × sequence digits): change the area
      const area = String(areaBase + (Math.floor(i / 10500) % 99));
      rows.push({
        region_id: regionId, id: uuidv7(), org_id: branches[i % branches.length], name, name_pinyin: py.full, name_initials: py.initials,
        gender, ethnicity: '汉族', birth_date: birth, id_number: makeIdNumber(area, birth, gender as 'M', i), education: '本科',
        occupation: '职工', phone: `138${String(i).padStart(8, '0')}`, address: `小区 ${i % 40} 幢`, stage: 'full',
        joined_on: `${y + 20}-07-01`, full_on: `${y + 21}-07-01`, status: 'normal', tags: i % 10 === 0 ? ['volunteer'] : [],
        created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
      });
    }
    await database.db.execute(sql`insert into members select * from jsonb_populate_recordset(null::members, ${JSON.stringify(rows)}::jsonb)`);
  }
  await database.query('analyze members');
  await database.query('analyze orgs');
  void seq;
  return { regionId, rootId, committees, branches };
}
