import os from 'node:os';
import path from 'node:path';
import { and, asc, inArray } from 'drizzle-orm';
import type { MemberExportQuery } from '../../../shared/directory.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Locale } from '../../platform/messages.ts';
import { writeXlsx, type Cell } from '../../platform/xlsx.ts';
import { memberConditions, memberRows, today, toMember } from './members.ts';
import { members } from './schema.ts';

const LABELS = {
  'zh-CN': {
    header: ['姓名', '性别', '民族', '出生日期', '年龄', '身份证号', '学历', '职业', '手机', '家庭住址', '所在党组织', '人员类别', '入党日期', '转正日期', '党龄', '状态', '标签'],
    gender: { M: '男', F: '女' } as Record<string, string>,
    stage: { applicant: '入党申请人', activist: '入党积极分子', candidate: '发展对象', probationary: '预备党员', full: '正式党员' } as Record<string, string>,
    status: { normal: '正常', lost_contact: '失联', abroad: '出国出境', deceased: '去世', left: '出党', transferred_out: '已转出' } as Record<string, string>,
    sheet: '党员名册',
  },
  'en-US': {
    header: ['Name', 'Gender', 'Ethnicity', 'Birth date', 'Age', 'ID number', 'Education', 'Occupation', 'Phone', 'Household address', 'Organisation', 'Category', 'Joined on', 'Full member since', 'Party age', 'Status', 'Tags'],
    gender: { M: 'M', F: 'F' } as Record<string, string>,
    stage: { applicant: 'applicant', activist: 'activist', candidate: 'candidate', probationary: 'probationary', full: 'full' } as Record<string, string>,
    status: { normal: 'normal', lost_contact: 'lost contact', abroad: 'abroad', deceased: 'deceased', left: 'left', transferred_out: 'transferred out' } as Record<string, string>,
    sheet: 'Roster',
  },
};

export const MAX_EXPORT_ROWS = 200_000;

/**
 * Writes the filtered member list to a temporary xlsx file, page by page, masked by the reader's rights, and audits
 * the export. The route sends the file and removes it.
 */
export async function exportMembers(ctx: Ctx, actor: Actor, q: MemberExportQuery, locale: Locale) {
  const { db } = ctx;
  const p = actor.principal!;
  const file = path.join(os.tmpdir(), `lj-export-${uuidv7()}.xlsx`);
  const t = today(ctx.now);
  const L = LABELS[locale];
  // the selected rows (ids) only ever narrow the filters and the scope
  const where = and(...(await memberConditions(db, p, q, t)), q.ids?.length ? inArray(members.id, q.ids) : undefined);
  async function* rows(): AsyncGenerator<Cell[]> {
    const size = 2000;
    for (let offset = 0; offset < MAX_EXPORT_ROWS; offset += size) {
      const page = await memberRows(db).where(where).orderBy(asc(members.namePinyin), asc(members.id)).limit(size).offset(offset);
      for (const r of page) {
        const m = toMember(r.m, r.o, p, t);
        // a reader without members.pii gets the birth year only (see toMember)
        yield [m.name, L.gender[m.gender], m.ethnicity, m.birthDate ?? String(m.birthYear), m.age, m.idNumber, m.education, m.occupation, m.phone, m.address,
          m.orgName, L.stage[m.stage], m.joinedOn, m.fullOn, m.partyAge, L.status[m.status], m.tags.join(',')];
      }
      if (page.length < size) break;
    }
  }
  await writeXlsx(file, L.sheet, L.header, rows(), { textColumns: [4, 6, 9, 13, 14], widths: [10, 6, 8, 12, 6, 22, 10, 14, 14, 28, 20, 12, 12, 12, 6, 8, 16] });
  await audit(db, actor, { regionId: q.regionId ?? '00000000-0000-0000-0000-000000000000', action: 'member.export', entityType: 'member', entityId: 'list', after: q });
  return { file, filename: `members-${t}.xlsx` };
}
