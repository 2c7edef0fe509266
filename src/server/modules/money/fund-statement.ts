/** An enterprise's statement of a bridge-loan fund as xlsx (platform/xlsx.ts): its contributions and its loans. */
import type { Ctx } from '../../platform/context.ts';
import type { Principal } from '../../platform/scope.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { statementRows } from './fund.ts';

const yuan = (fen: number) => Math.round(fen) / 100;

export async function statementXlsx(ctx: Ctx, p: Principal, fundId: string, unitId: string): Promise<{ buffer: Buffer; fileName: string }> {
  const s = await statementRows(ctx, p, fundId, unitId);
  const buffer = await workbookBuffer([
    {
      name: '出资', boldHeader: true, header: [{ title: '日期', width: 12 }, { title: '出资（元）', width: 16 }],
      rows: s.contributions.map((c) => [c.on, yuan(Number(c.amount))]),
    },
    {
      name: '转贷', boldHeader: true,
      header: [{ title: '银行', width: 20 }, { title: '到期贷款（元）', width: 16 }, { title: '贷款到期日', width: 12 }, { title: '续贷承诺（元）', width: 16 },
        { title: '转贷金额（元）', width: 16 }, { title: '状态', width: 10 }, { title: '放款日', width: 12 }, { title: '应还日', width: 12 }, { title: '还款日', width: 12 },
        { title: '天数', width: 6 }, { title: '使用费（元）', width: 12 }],
      rows: s.loans.map((l) => [l.bank, yuan(l.bankLoanFen), l.bankDueOn, yuan(l.renewalFen), yuan(l.amountFen), l.status, l.disbursedOn, l.dueOn, l.repaidOn,
        l.days, l.feeFen === null ? null : yuan(l.feeFen)]),
    },
  ]);
  return { buffer, fileName: `${s.unitName}-转贷互助资金对账单.xlsx` };
}
