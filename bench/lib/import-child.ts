/** Child process of the directory bench: imports N generated roster rows into a fresh PGlite; prints figures. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from '../../src/server/platform/exceljs.ts';
import { loadConfig } from '../../src/server/config.ts';
import { migrate, openDatabase } from '../../src/server/db/client.ts';
import { makeIdNumber } from '../../src/server/modules/directory/idcard.ts';
import { importMembers } from '../../src/server/modules/directory/member-import.ts';
import { RegistrationGuard } from '../../src/server/modules/directory/registration-guard.ts';
import { resolveGrants } from '../../src/server/platform/scope.ts';
import { createUser, grantRole } from '../../src/server/platform/users.ts';

const rows = Number(process.argv[2] ?? 10000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-bench-import-'));
const file = path.join(dir, 'roster.xlsx');

// the roster: a title row, the header, N people in 200 branches
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
const ws = wb.addWorksheet('党员花名册');
ws.addRow(['基准街道党员花名册']).commit();
ws.addRow(['姓名', '性别', '民族', '出生日期', '身份证号', '手机', '家庭住址', '所在支部', '人员类别', '入党日期', '转正日期']).commit();
for (let i = 0; i < rows; i++) {
  const g = i % 2 ? 'M' : 'F';
  const y = 1940 + (i % 60);
  const birth = `${y}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  ws.addRow([`成员${i}`, g === 'M' ? '男' : '女', '汉族', birth.replace(/-/g, '.'), makeIdNumber(String(330200 + (Math.floor(i / 10500) % 99)), birth, g, i),
    `138${String(i).padStart(8, '0')}`, `小区 ${i % 40} 幢`, `第${1 + (i % 200)}支部`, '正式党员', `${y + 20}年7月1日`, `${y + 21}/7/1`]).commit();
}
await wb.commit();

// BENCH_IMPORT_DB: a PostgreSQL URL (the process then holds only the app), or unset for embedded PGlite
const pgUrl = process.env.BENCH_IMPORT_DB;
const database = pgUrl ? await openDatabase({ databaseUrl: pgUrl, poolMax: 4 }) : await openDatabase({ dataDir: path.join(dir, 'data') });
const rssBefore = process.memoryUsage().rss / 1e6;
await migrate(database);
const regionId = '00000000-0000-7000-8000-00000000000b';
await database.query(`insert into regions (id, code, name) values ($1, 'bench', '基准街道')`, [regionId]);
const rootId = '00000000-0000-7000-8000-0000000000aa';
await database.query(`insert into orgs (region_id, id, kind, name, path) values ($1, $2, 'committee', '基准街道党工委', $3)`, [regionId, rootId, `/${rootId}/`]);
for (let b = 1; b <= 200; b++) {
  const id = `00000000-0000-7000-8000-${String(b).padStart(12, '0')}`;
  await database.query(`insert into orgs (region_id, id, parent_id, kind, name, path, depth) values ($1, $2, $3, 'branch', $4, $5, 1)`, [regionId, id, rootId, `第${b}支部`, `/${rootId}/${id}/`]);
}
const sys = { principal: null };
const userId = await createUser(database.db, sys, { username: 'importer', displayName: 'importer', password: 'bench-password-1' });
await grantRole(database.db, sys, { userId, role: 'region_admin', scopeKind: 'region', scopeId: regionId, regionId });
const principal = { id: userId, username: 'importer', displayName: 'importer', isPlatformAdmin: false, memberId: null, memberRegionId: null, locale: null, grants: await resolveGrants(database, userId) };

const t0 = performance.now();
const res = await importMembers({ database, db: database.db, config: loadConfig({ DATA_DIR: dir }), now: Date.now }, { principal }, file, { mode: 'import', validOnly: false, locale: 'zh-CN', guard: new RegistrationGuard(Date.now) });
const seconds = (performance.now() - t0) / 1000;
if (!res.imported) { console.error(JSON.stringify(res.errors.slice(0, 5))); process.exit(1); }

await database.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, baselineMb: rssBefore, created: res.created }));
