import ExcelJS from 'exceljs';
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: '/tmp/100k.xlsx' });
const ws = wb.addWorksheet('党员');
ws.addRow(['孔浦街道党员花名册']).commit();
ws.addRow(['姓名','性别','民族','出生日期','身份证号','学历','职业','手机','家庭住址','所在支部','类别','入党日期','转正日期','状态','标签']).commit();
for (let i=0;i<100000;i++) ws.addRow(['张慧敏'+i,'女','汉族','1980.01.02','33020319800102'+String(1000+i%9000),'大专','工人','13812345678','宁波市江北区怡江小区1幢'+i+'室','怡江社区第一支部','正式党员','2001年7月1日','2002/7/1','正常','志愿者,青年党员']).commit();
await wb.commit();
