/** Server-side message catalogue: every client-facing error text in zh-CN and en-US. */
export type Locale = 'zh-CN' | 'en-US';

const catalogue = {
  VALIDATION_FAILED: { 'zh-CN': '提交的数据有误，请检查标出的字段。', 'en-US': 'The request has invalid fields; see details.' },
  MALFORMED_JSON: { 'zh-CN': '请求体不是有效的 JSON。', 'en-US': 'The request body is not valid JSON.' },
  BODY_TOO_LARGE: { 'zh-CN': '请求体过大（上限 1 MiB）。', 'en-US': 'The request body is too large (limit 1 MiB).' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型。', 'en-US': 'Unsupported content type.' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录。', 'en-US': 'Please sign in.' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误。', 'en-US': 'Wrong username or password.' },
  ACCOUNT_LOCKED: { 'zh-CN': '登录失败次数过多，账户已临时锁定，请 {minutes} 分钟后再试。', 'en-US': 'Too many failed sign-ins; try again in {minutes} minutes.' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试。', 'en-US': 'Too many requests; please slow down.' },
  CSRF_HEADER_MISSING: { 'zh-CN': '缺少请求头 X-Requested-With，请求被拒绝。', 'en-US': 'Missing X-Requested-With header; request refused.' },
  FORBIDDEN: { 'zh-CN': '您没有执行此操作的权限。', 'en-US': 'You are not allowed to do this.' },
  NOT_FOUND: { 'zh-CN': '找不到该记录。', 'en-US': 'Not found.' },
  ROUTE_NOT_FOUND: { 'zh-CN': '接口不存在。', 'en-US': 'No such endpoint.' },
  CONFLICT: { 'zh-CN': '与现有数据冲突。', 'en-US': 'Conflicts with existing data.' },
  WRONG_PASSWORD: { 'zh-CN': '当前密码不正确。', 'en-US': 'The current password is wrong.' },
  PASSWORD_REUSED: { 'zh-CN': '新密码不能与当前密码相同。', 'en-US': 'The new password must differ from the current one.' },
  BACKUPS_NOT_CONFIGURED: { 'zh-CN': '未配置定时备份（需设置 BACKUP_DIR）。', 'en-US': 'Scheduled backups are not configured (set BACKUP_DIR).' },
  DATABASE_UNAVAILABLE: { 'zh-CN': '数据库暂时不可用，请稍后重试。', 'en-US': 'The database is unavailable for the moment; try again shortly.' },
  PASSWORD_CHANGE_REQUIRED: { 'zh-CN': '请先修改初始密码。', 'en-US': 'Please change your first password before going on.' },
  INTERNAL: { 'zh-CN': '服务器内部错误，已记录（请求编号 {requestId}）。', 'en-US': 'Internal error; it has been logged (request {requestId}).' },
  // framework errors (parsing, routing, multipart), each in the one error shape
  JSON_TOO_DEEP: { 'zh-CN': '请求体嵌套过深（最多 {max} 层）。', 'en-US': 'The request body is nested too deeply (at most {max} levels).' },
  PARAM_TOO_LONG: { 'zh-CN': '路径中的参数过长。', 'en-US': 'A parameter in the path is too long.' },
  BAD_URL: { 'zh-CN': '请求地址无效。', 'en-US': 'The request URL is not valid.' },
  MULTIPART_MALFORMED: { 'zh-CN': '上传的表单数据格式不正确或不完整。', 'en-US': 'The uploaded form data is malformed or incomplete.' },
  MULTIPART_LIMIT: { 'zh-CN': '上传的表单包含过多的文件或字段。', 'en-US': 'The uploaded form has too many files or fields.' },
  BAD_REQUEST: { 'zh-CN': '请求无效。', 'en-US': 'The request is not valid.' },
  // field-level
  'field.required': { 'zh-CN': '必填', 'en-US': 'is required' },
  'field.unknown': { 'zh-CN': '不允许的字段', 'en-US': 'is not an allowed field' },
  'field.type': { 'zh-CN': '类型错误，应为 {expected}', 'en-US': 'has the wrong type; expected {expected}' },
  'field.too_small': { 'zh-CN': '太短或太小（最小 {minimum}）', 'en-US': 'is too short or small (minimum {minimum})' },
  'field.too_big': { 'zh-CN': '太长或太大（最大 {maximum}）', 'en-US': 'is too long or big (maximum {maximum})' },
  'field.format': { 'zh-CN': '格式不正确', 'en-US': 'has an invalid format' },
  'field.enum': { 'zh-CN': '取值应为 {options} 之一', 'en-US': 'must be one of {options}' },
  'field.invalid': { 'zh-CN': '取值无效', 'en-US': 'is invalid' },
  'field.text': { 'zh-CN': '包含无法保存的字符（空字符 U+0000 或不成对的代理字符）', 'en-US': 'contains a character that cannot be stored (NUL U+0000 or an unpaired surrogate)' },
  'field.date_range': { 'zh-CN': '日期应在 {min} 至 {max} 之间', 'en-US': 'must be a date between {min} and {max}' },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof catalogue;

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const langs = acceptLanguage.split(',').map((p) => {
    const [tag, ...params] = p.trim().split(';');
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
  }).sort((a, b) => b.q - a.q);
  for (const { tag } of langs) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}

export function msg(locale: Locale, key: MessageKey | string, vars: Record<string, unknown> = {}): string {
  const entry = (catalogue as Record<string, Record<Locale, string>>)[key];
  const text = entry ? entry[locale] : key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (vars[k] === undefined ? `{${k}}` : String(vars[k])));
}

/** Lets a capability add its own messages to the catalogue at import time. */
export function addMessages(entries: Record<string, Record<Locale, string>>): void {
  Object.assign(catalogue, entries);
}
