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
  'dues.reason_required': { 'zh-CN': '本年度党费已核定，调整时请填写原因', 'en-US': 'the amount for the year is set: give the reason for changing it' },
  'dues.months_repeated': { 'zh-CN': '月份不能重复', 'en-US': 'a month is listed twice' },
  'dues.amount_mismatch': { 'zh-CN': '所选月份应交 ¥{due}', 'en-US': 'the chosen months come to ¥{due}' },
} satisfies Record<string, Record<Locale, string>>;

addMessages(moneyMessages);
