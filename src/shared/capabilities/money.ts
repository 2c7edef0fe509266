import type { LabelMap } from './labels.ts';

/**
 * Money (issue 15), first slice: party dues (党费). `dues.read` reads a branch's monthly sheet and its arrears;
 * `dues.collect` sets a member's monthly amount for the year and records payments (a branch's collector: the
 * org admin of the branch or above, and the region's admin).
 */
export const MONEY_PERMISSIONS = {
  'dues.read': { 'zh-CN': '查看党费收缴', 'en-US': 'Read party dues' },
  'dues.collect': { 'zh-CN': '收缴党费', 'en-US': 'Collect party dues' },
  'dues.self': { 'zh-CN': '查看本人党费与本支部公示', 'en-US': 'Read my own dues and my branch\'s disclosure' },
  'fund.read': { 'zh-CN': '查看转贷互助资金', 'en-US': 'Read the bridge-loan fund' },
  'fund.prepare': { 'zh-CN': '转贷资金经办（出资、初审、放款、还款）', 'en-US': 'Work the bridge-loan fund (contributions, prepare, disburse, repay)' },
  'fund.approve': { 'zh-CN': '转贷资金审批（复核、核销、规则）', 'en-US': 'Approve bridge loans (check, write-off, rules)' },
  'fund.apply': { 'zh-CN': '为本企业申请转贷', 'en-US': 'Apply for bridge loans for my enterprise' },
  'charity.read': { 'zh-CN': '查看慈善基金', 'en-US': 'Read the charity funds' },
  'charity.prepare': { 'zh-CN': '慈善基金经办（捐赠、认捐、收益、拟定支出）', 'en-US': 'Work the charity funds (donations, pledges, income, prepare disbursements)' },
  'charity.approve': { 'zh-CN': '慈善基金支出审批', 'en-US': 'Approve charity disbursements' },
} as const satisfies LabelMap;

export const MONEY_AUDIT_ACTIONS = {
  'dues.amount.set': { 'zh-CN': '核定党费', 'en-US': 'Set a member\'s monthly dues' },
  'dues.amount.change': { 'zh-CN': '调整已核定的党费', 'en-US': 'Changed a member\'s set monthly dues' },
  'dues.payment': { 'zh-CN': '登记交纳党费', 'en-US': 'Recorded a dues payment' },
  'dues.payment.correct': { 'zh-CN': '更正党费交纳（冲正）', 'en-US': 'Corrected a dues payment (reversed)' },
  'dues.import': { 'zh-CN': '导入党费基数', 'en-US': 'Imported the year\'s dues bases' },
  'fund.create': { 'zh-CN': '设立转贷互助资金', 'en-US': 'Created a bridge-loan fund' },
  'fund.rules': { 'zh-CN': '修改转贷资金规则', 'en-US': 'Changed a fund\'s rules' },
  'fund.contribution': { 'zh-CN': '登记企业出资', 'en-US': 'Recorded a member\'s contribution' },
  'fund.commitment': { 'zh-CN': '上传银行续贷承诺', 'en-US': 'Uploaded a bank\'s renewal commitment' },
  'fund.loan.apply': { 'zh-CN': '申请转贷', 'en-US': 'Applied for a bridge loan' },
  'fund.loan.prepare': { 'zh-CN': '转贷初审', 'en-US': 'Prepared a bridge loan' },
  'fund.loan.approve': { 'zh-CN': '转贷复核批准', 'en-US': 'Approved a bridge loan' },
  'fund.loan.disburse': { 'zh-CN': '转贷放款', 'en-US': 'Disbursed a bridge loan' },
  'fund.loan.repay': { 'zh-CN': '转贷还款', 'en-US': 'Recorded a bridge loan\'s repayment' },
  'fund.loan.write_off': { 'zh-CN': '核销坏账', 'en-US': 'Wrote a bridge loan off' },
  'charity.fund.create': { 'zh-CN': '设立慈善基金', 'en-US': 'Created a charity fund' },
  'charity.donation': { 'zh-CN': '登记慈善捐赠', 'en-US': 'Recorded a charity donation' },
  'charity.pledge': { 'zh-CN': '登记认捐', 'en-US': 'Recorded a pledged donation' },
  'charity.income': { 'zh-CN': '登记基金收益', 'en-US': 'Recorded a charity fund\'s income' },
  'charity.disbursement.prepare': { 'zh-CN': '拟定慈善支出', 'en-US': 'Prepared a charity disbursement' },
  'charity.disbursement.approve': { 'zh-CN': '批准慈善支出', 'en-US': 'Approved a charity disbursement' },
  'charity.disbursement.reject': { 'zh-CN': '退回慈善支出', 'en-US': 'Rejected a charity disbursement' },
  'charity.link.revoke': { 'zh-CN': '撤销慈善公示链接', 'en-US': 'Revoked a charity fund\'s public link' },
  'charity.link.reissue': { 'zh-CN': '重新生成慈善公示链接', 'en-US': 'Issued a new public link of a charity fund' },
} as const satisfies LabelMap;
