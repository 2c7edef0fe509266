import ExcelJS from 'exceljs';
const t=performance.now();
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile('/tmp/100k.xlsx');
const ws = wb.worksheets[0];
let n=0; ws.eachRow(()=>n++);
console.log('rows', n, 'ms', performance.now()-t, 'rss MB', process.memoryUsage().rss/1e6, 'heap', process.memoryUsage().heapUsed/1e6);
