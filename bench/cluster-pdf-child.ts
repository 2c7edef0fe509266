/**
 * Child process of cluster-work.bench.ts: renders N plaques as one PDF (through the same code the
 * /api/v1/plaques/pdf route streams) and prints {ms, bytes, pages, maxRssMb} as JSON. A separate process so
 * that the peak RSS is the PDF's alone (plus Node's baseline), not the benchmark harness's.
 */
import { findCjkFonts, plaquePdf } from '../src/server/modules/cluster/plaque-pdf.ts';
import { newPublicToken } from '../src/server/platform/public-links.ts';
import { loadConfig } from '../src/server/config.ts';

const n = Number(process.argv[2] ?? 1000);
const fonts = findCjkFonts(loadConfig());
if (!fonts) { console.log(JSON.stringify({ error: 'no CJK font' })); process.exit(0); }
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪';
const plaques = Array.from({ length: n }, (_, i) => ({
  names: [SURNAMES[i % SURNAMES.length] + '建国', ...(i % 3 === 0 ? [SURNAMES[(i * 7) % SURNAMES.length] + '秀英'] : [])],
  building: `${i % 2 ? '怡江春色' : '怡江小区'} ${1 + (i % 12)}幢`,
  url: `https://lianjian.example.cn/p/${newPublicToken()}`,
}));
const t0 = performance.now();
const doc = plaquePdf(fonts, plaques);
let bytes = 0;
doc.on('data', (c: Buffer) => { bytes += c.length; });
doc.on('end', () => {
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, bytes, pages: n, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
});
