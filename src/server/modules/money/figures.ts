/** Money's figures (docs/figures.md): the bridge-loan fund's loans, amounts and bad debts; charity donations; party dues collected. */
import { sql } from 'drizzle-orm';
import { defineFigures, type FigureColumn, L } from '../../platform/figures/types.ts';

const LOAN_STATUS: FigureColumn = {
  key: 'status', label: L('状态', 'Status'),
  values: { applied: L('已申请', 'Applied'), prepared: L('已审核', 'Prepared'), approved: L('已批准', 'Approved'), disbursed: L('已放款', 'Disbursed'), repaid: L('已归还', 'Repaid'), written_off: L('已核销', 'Written off') },
};
/** loans the fund paid out (disbursed, repaid or written off), by the day paid out */
const loanRows = (value: string, where = 'true') => sql.raw(`
  select l.region_id, f.org_id, l.unit_id, null::uuid as alliance_id, l.disbursed_on as at, ${value} as value, l.id::text as id,
    u.name as enterprise, l.bank, l.amount_fen, l.disbursed_on, l.repaid_on, l.days, l.fee_fen, l.status
  from loans l join loan_funds f on f.region_id = l.region_id and f.id = l.fund_id
  join units u on u.region_id = l.region_id and u.id = l.unit_id
  where l.disbursed_on is not null and l.status in ('disbursed', 'repaid', 'written_off') and ${where}`);
const loanColumns: FigureColumn[] = [{ key: 'enterprise', label: L('企业', 'Enterprise') }, { key: 'bank', label: L('银行', 'Bank') },
  { key: 'amount_fen', label: L('转贷金额', 'Amount'), kind: 'fen' }, { key: 'disbursed_on', label: L('放款日期', 'Paid out'), kind: 'date' },
  { key: 'repaid_on', label: L('归还日期', 'Repaid'), kind: 'date' }, { key: 'days', label: L('天数', 'Days'), kind: 'number' },
  { key: 'fee_fen', label: L('费用', 'Fee'), kind: 'fen' }, LOAN_STATUS];

export const moneyFigures = defineFigures([
  {
    key: 'money.loans', label: L('转贷次数', 'Bridge loans'),
    definition: L('互助资金放出的转贷笔数（按放款日期）。', 'Bridge loans the fund paid out (by the day paid out).'),
    unit: 'times', aggregate: 'count', permission: 'fund.read', rows: loanRows('1'), columns: loanColumns, dimensions: [LOAN_STATUS],
  },
  {
    key: 'money.loanAmount', label: L('转贷金额', 'Amount bridged'),
    definition: L('放出转贷的金额之和（按放款日期）。', 'The sum of the bridge loans paid out (by the day paid out).'),
    unit: 'fen', aggregate: 'sum', permission: 'fund.read', rows: loanRows('l.amount_fen'), columns: loanColumns,
  },
  {
    key: 'money.loanEnterprises', label: L('帮扶转贷企业', 'Enterprises bridged'),
    definition: L('期间内至少获得一笔转贷的企业数（每家企业按其第一笔计）。', 'Enterprises that got at least one bridge loan in the period (each counted at its first).'),
    unit: 'count', aggregate: 'count', permission: 'fund.read',
    rows: sql.raw(`
      select x.region_id, x.org_id, x.unit_id, null::uuid as alliance_id, x.first_on as at, 1 as value, (x.fund_id::text || ':' || x.unit_id::text) as id,
        u.name as enterprise, x.loans, x.first_on
      from (select l.region_id, f.org_id, l.fund_id, l.unit_id, min(l.disbursed_on) as first_on, count(*)::int as loans
            from loans l join loan_funds f on f.region_id = l.region_id and f.id = l.fund_id
            where l.disbursed_on is not null and l.status in ('disbursed', 'repaid', 'written_off')
            group by l.region_id, f.org_id, l.fund_id, l.unit_id) x
      join units u on u.region_id = x.region_id and u.id = x.unit_id`),
    columns: [{ key: 'enterprise', label: L('企业', 'Enterprise') }, { key: 'loans', label: L('转贷笔数（累计）', 'Loans (all time)'), kind: 'number' },
      { key: 'first_on', label: L('首次转贷', 'First loan'), kind: 'date' }],
  },
  {
    key: 'money.badDebts', label: L('坏账', 'Bad debts'),
    definition: L('经决议核销的转贷笔数（按放款日期）。', 'Bridge loans written off by a recorded decision (by the day paid out).'),
    unit: 'count', aggregate: 'count', permission: 'fund.read', rows: loanRows('1', `l.status = 'written_off'`), columns: loanColumns,
  },
  {
    key: 'money.loanFees', label: L('转贷费用收入', 'Fees charged'),
    definition: L('已归还转贷按日计收的费用之和（按放款日期）。', 'The daily fees charged on repaid loans (by the day paid out).'),
    unit: 'fen', aggregate: 'sum', permission: 'fund.read', rows: loanRows('coalesce(l.fee_fen, 0)', `l.status = 'repaid'`), columns: loanColumns,
  },
  {
    key: 'money.donations', label: L('慈善捐款', 'Charity donations'),
    definition: L('慈善基金收到的捐款之和（按到账日期）。', 'Donations the charity funds received (by the day received).'),
    unit: 'fen', aggregate: 'sum', permission: 'charity.read',
    rows: sql.raw(`
      select d.region_id, f.org_id, d.unit_id, null::uuid as alliance_id, d.received_on as at, d.amount_fen as value, d.id::text as id,
        f.name as fund, d.receipt_no, case when d.anonymous then '匿名' else d.donor_name end as donor, d.amount_fen, d.received_on
      from charity_donations d join charity_funds f on f.region_id = d.region_id and f.id = d.fund_id`),
    columns: [{ key: 'fund', label: L('基金', 'Fund') }, { key: 'receipt_no', label: L('收据号', 'Receipt') }, { key: 'donor', label: L('捐赠人', 'Donor') },
      { key: 'amount_fen', label: L('金额', 'Amount'), kind: 'fen' }, { key: 'received_on', label: L('到账日期', 'Received'), kind: 'date' }],
    dimensions: [{ key: 'fund', label: L('基金', 'Fund') }],
  },
  {
    key: 'money.duesCollected', label: L('收缴党费', 'Party dues collected'),
    definition: L('登记收缴的党费之和（按所属年度第一个月份计）。', 'Party dues recorded as collected (counted in the first month they pay for).'),
    unit: 'fen', aggregate: 'sum', permission: 'dues.read',
    rows: sql.raw(`
      select p.region_id, p.org_id, null::uuid as unit_id, null::uuid as alliance_id, make_date(p.year, p.months[1], 1) as at, p.amount_fen as value, p.id::text as id,
        m.name, o.name as org, p.year, array_to_string(p.months, ',') as months, p.amount_fen, p.receipt_no
      from dues_payments p join members m on m.region_id = p.region_id and m.id = p.member_id
      join orgs o on o.region_id = p.region_id and o.id = p.org_id`),
    columns: [{ key: 'name', label: L('党员', 'Member') }, { key: 'org', label: L('支部', 'Branch') }, { key: 'year', label: L('年度', 'Year'), kind: 'number' },
      { key: 'months', label: L('月份', 'Months') }, { key: 'amount_fen', label: L('金额', 'Amount'), kind: 'fen' }, { key: 'receipt_no', label: L('收据号', 'Receipt') }],
  },
]);
