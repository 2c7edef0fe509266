import { addMessages, type Locale } from '../../platform/messages.ts';

/** The money capability's error and field messages (zh-CN and en-US). */
export const moneyMessages = {
  DUES_AMOUNT_NOT_SET: { 'zh-CN': '该党员本年度的党费尚未核定。', 'en-US': 'This member\'s monthly dues for the year are not set yet.' },
  DUES_AMOUNT_ALREADY_SET: { 'zh-CN': '该党员本年度的党费刚刚已被核定，请刷新后再调整。', 'en-US': 'This member\'s dues for the year were just set; reload before changing them.' },
  DUES_RECEIPT_USED: { 'zh-CN': '该收据号已使用过，收据号不能重复。', 'en-US': 'This receipt number has been used already; a receipt number is never reused.' },
  DUES_MONTH_PAID: { 'zh-CN': '所选月份中有已交纳的月份。', 'en-US': 'One of the chosen months is already paid.' },
  // the ledger's codes a money route may answer (platform/ledger has no messages of its own)
  IDEMPOTENCY_KEY_REQUIRED: { 'zh-CN': '缺少 Idempotency-Key 请求头（涉及资金的请求必须带上）。', 'en-US': 'The Idempotency-Key header is missing or malformed (every money-moving request needs one).' },
  IDEMPOTENCY_KEY_REUSED: { 'zh-CN': '该 Idempotency-Key 已用于另一笔不同的请求。', 'en-US': 'This Idempotency-Key was already used for a different request.' },
  IDEMPOTENCY_IN_FLIGHT: { 'zh-CN': '同一请求正在处理中，请稍后重试。', 'en-US': 'The same request is still being processed; retry shortly.' },
  LEDGER_AMOUNT_INVALID: { 'zh-CN': '金额必须是大于零的整数分。', 'en-US': 'The amount must be a positive whole number of fen.' },
  FUND_LOAN_REFUSED: { 'zh-CN': '该转贷申请不符合资金规则，原因见下。', 'en-US': 'The application breaks the fund\'s rules; the reasons follow.' },
  FUND_LOAN_STATUS: { 'zh-CN': '该笔转贷当前状态为“{status}”，不能进行此操作（需为“{expected}”）。', 'en-US': 'The loan is {status}; this needs it {expected}.' },
  FUND_MAKER_CHECKER: { 'zh-CN': '受理或初审该笔转贷的人不能审批它，请由另一位审批人复核。', 'en-US': 'The one who filed or prepared a loan cannot approve it; another approver must.' },
  FUND_LOAN_DISBURSED: { 'zh-CN': '该笔转贷已放款，不能重复放款。', 'en-US': 'This loan has been disbursed already; it is never disbursed twice.' },
  FUND_REPAY_EXCEEDS: { 'zh-CN': '还款金额超过应还金额。', 'en-US': 'The repayment is more than is owed.' },
  FUND_REPAY_SHORT: { 'zh-CN': '还款金额不足应还金额（暂不支持部分还款）。', 'en-US': 'The repayment is less than is owed (partial repayment is not supported).' },
  FUND_LOAN_NOT_OVERDUE: { 'zh-CN': '只有逾期的转贷才能核销。', 'en-US': 'Only an overdue loan can be written off.' },
  LEDGER_INSUFFICIENT_FUNDS: { 'zh-CN': '资金可用余额不足。', 'en-US': 'The fund does not have that much available.' },
  LEDGER_PENDING_RESOLVED: { 'zh-CN': '该笔资金已处理过。', 'en-US': 'This transfer has been resolved already.' },
  'fund.not_enterprise': { 'zh-CN': '只有企业可以出资', 'en-US': 'only an enterprise can contribute' },
  'fund.over_loan_cap': { 'zh-CN': '超过单笔上限 ¥{max}', 'en-US': 'over the cap per loan of ¥{max}' },
  'fund.over_renewal_share': { 'zh-CN': '超过银行续贷承诺的 {share}%（¥{max}）', 'en-US': 'over {share}% of the bank\'s committed renewal (¥{max})' },
  'fund.over_enterprise_cap': { 'zh-CN': '本企业在贷 ¥{outstanding}，加上本笔超过单户上限 ¥{max}', 'en-US': 'with ¥{outstanding} outstanding this goes over the cap per enterprise of ¥{max}' },
  'fund.over_capital': { 'zh-CN': '超过资金总额 ¥{capital}', 'en-US': 'more than the fund\'s capital of ¥{capital}' },
  'fund.halted': { 'zh-CN': '逾期金额 ¥{overdue} 超过资金的 {share}%，暂停新增转贷', 'en-US': 'new loans are halted: ¥{overdue} overdue exceeds {share}% of the fund' },
  'fund.commitment_missing': { 'zh-CN': '请上传银行的续贷承诺', 'en-US': 'upload the bank\'s renewal commitment' },
  'fund.commitment_unknown': { 'zh-CN': '续贷承诺文件不属于本企业', 'en-US': 'the renewal commitment is not this enterprise\'s' },
  'fund.commitment_used': { 'zh-CN': '该续贷承诺已用于另一笔申请', 'en-US': 'this renewal commitment was used for another application' },
  'fund.bank_due_passed': { 'zh-CN': '银行贷款到期日已过', 'en-US': 'the bank loan\'s due date has passed' },
  'fund.renewal_absurd': { 'zh-CN': '续贷承诺金额远超到期贷款', 'en-US': 'the committed renewal is far above the expiring loan' },
  'fund.repay_exceeds': { 'zh-CN': '应还 ¥{owed}', 'en-US': '¥{owed} is owed' },
  'fund.repay_short': { 'zh-CN': '应还 ¥{owed}', 'en-US': '¥{owed} is owed' },
  'fund.decision_future': { 'zh-CN': '决定日期不能晚于今天', 'en-US': 'the decision cannot be dated after today' },
  'dues.reason_required': { 'zh-CN': '本年度党费已核定，调整时请填写原因', 'en-US': 'the amount for the year is set: give the reason for changing it' },
  'dues.months_repeated': { 'zh-CN': '月份不能重复', 'en-US': 'a month is listed twice' },
  'dues.amount_mismatch': { 'zh-CN': '所选月份应交 ¥{due}', 'en-US': 'the chosen months come to ¥{due}' },
} satisfies Record<string, Record<Locale, string>>;

addMessages(moneyMessages);
