/**
 * A tiny i18n module: two flat dictionaries, a React context and `useT()`.
 *
 * Every user-visible string in the web app goes through `t(key, vars?)`. Keys are typed from the
 * zh-CN dictionary (the default language); en-US must provide exactly the same keys.
 */
import { createContext, createElement, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'lianjian.locale';

const zhCN = {
  'app.name': '联建 Lianjian',
  'app.shortName': '联建',
  'app.subtitle': '区域化党建平台',
  'app.loading': '加载中…',

  'lang.zh': '中文',
  'lang.en': 'English',
  'lang.label': '语言',
  'lang.saveFailed': '语言偏好未能保存到服务器：{message}',

  'menu.home': '首页',
  'menu.audit': '审计日志',
  'menu.my': '我的',
  'menu.compliance': '三会一课',
  'menu.open': '打开菜单',
  'menu.title': '导航',

  'user.menu': '用户菜单',
  'user.changePassword': '修改密码',
  'user.logout': '退出登录',
  'user.logoutFailed': '退出登录失败：{message}',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.failed': '登录失败',

  'password.title': '修改密码',
  'password.current': '当前密码',
  'password.new': '新密码',
  'password.confirm': '确认新密码',
  'password.currentRequired': '请输入当前密码',
  'password.newRequired': '请输入新密码',
  'password.newTooShort': '新密码至少 {min} 个字符',
  'password.newSameAsCurrent': '新密码不能与当前密码相同',
  'password.confirmRequired': '请再次输入新密码',
  'password.confirmMismatch': '两次输入的新密码不一致',
  'password.submit': '保存',
  'password.cancel': '取消',
  'password.success': '密码已修改',
  'password.failed': '修改密码失败',

  'home.title': '首页',
  'home.welcome': '欢迎，{name}',
  'home.profile': '我的账号',
  'home.displayName': '姓名',
  'home.username': '用户名',
  'home.platformAdmin': '平台管理员',
  'home.locale': '语言偏好',
  'home.localeUnset': '未设置',
  'home.sessionExpires': '会话到期',
  'home.sessionIdleExpires': '空闲超时',
  'home.grants': '我的授权',
  'home.grantsEmpty': '暂无授权',
  'home.permissions': '我的权限',
  'home.permissionsEmpty': '暂无权限',
  'home.grant.role': '角色',
  'home.grant.scopeKind': '范围类型',
  'home.grant.scope': '范围',
  'home.grant.region': '区域',
  'home.health': '系统状态',
  'home.health.status': '状态',
  'home.health.ok': '正常',
  'home.health.database': '数据库',
  'home.health.migration': '数据库迁移',
  'home.health.migrationValue': '已应用 {applied} / 最新 {latest}',
  'home.health.migrationCurrent': '已是最新',
  'home.health.migrationPending': '有待执行的迁移',
  'home.health.unavailable': '无法获取系统状态',
  'home.health.refresh': '刷新',

  'audit.title': '审计日志',
  'audit.filter.entityType': '对象类型',
  'audit.filter.entityId': '对象 ID',
  'audit.filter.actorId': '操作人 ID',
  'audit.filter.range': '时间范围',
  'audit.filter.from': '开始时间',
  'audit.filter.to': '结束时间',
  'audit.filter.search': '查询',
  'audit.filter.reset': '重置',
  'audit.filter.uuidInvalid': '请输入有效的 UUID',
  'audit.col.time': '时间（北京时间）',
  'audit.col.actor': '操作人',
  'audit.col.action': '操作',
  'audit.col.entityType': '对象类型',
  'audit.col.entityId': '对象 ID',
  'audit.system': '系统',
  'audit.before': '修改前',
  'audit.after': '修改后',
  'audit.none': '（无）',
  'audit.requestId': '请求 ID',
  'audit.total': '共 {total} 条',

  'common.yes': '是',
  'common.no': '否',
  'common.retry': '重试',
  'common.refresh': '刷新',
  'common.backHome': '返回首页',

  'notFound.title': '404',
  'notFound.subtitle': '抱歉，您访问的页面不存在。',
  'forbidden.title': '403',
  'forbidden.subtitle': '抱歉，您没有权限访问此页面。',

  'error.network': '无法连接服务器，请检查网络后重试',
  'error.http': '服务器返回错误（HTTP {status}）',
  'error.unknown': '发生未知错误',

  'role.region_admin': '区域管理员',
  'role.alliance_coordinator': '联建牵头人',
  'role.org_admin': '组织管理员',
  'role.member': '党员',
  'role.unit_liaison': '共建单位联络员',
  'role.judge': '评委',
  'role.mediator': '调解员',
  'role.fund_officer': '资金管理员',

  'scope.region': '区域',
  'scope.org': '党组织',
  'scope.alliance': '联建组织',
  'scope.unit': '共建单位',
  'scope.member': '党员',
  'scope.contest': '赛事',
  'scope.mediation': '调解案件',
  'scope.fund': '资金',

  'permission.directory.read': '查看组织与单位',
  'permission.directory.write': '维护组织与单位',
  'permission.members.read': '查看党员',
  'permission.members.write': '维护党员',
  'permission.members.pii': '查看党员敏感信息',
  'permission.audit.read': '查看审计日志',
  'permission.users.manage': '管理用户',
} as const;

export type MessageKey = keyof typeof zhCN;
type Dictionary = Record<MessageKey, string>;

const enUS: Dictionary = {
  'app.name': '联建 Lianjian',
  'app.shortName': 'Lianjian',
  'app.subtitle': 'Regional party-building platform',
  'app.loading': 'Loading…',

  'lang.zh': '中文',
  'lang.en': 'English',
  'lang.label': 'Language',
  'lang.saveFailed': 'Could not save the language preference on the server: {message}',

  'menu.home': 'Home',
  'menu.audit': 'Audit log',
  'menu.my': 'My page',
  'menu.compliance': 'Meetings and lessons',
  'menu.open': 'Open menu',
  'menu.title': 'Navigation',

  'user.menu': 'User menu',
  'user.changePassword': 'Change password',
  'user.logout': 'Sign out',
  'user.logoutFailed': 'Sign-out failed: {message}',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.usernameRequired': 'Please enter your username',
  'login.passwordRequired': 'Please enter your password',
  'login.failed': 'Sign-in failed',

  'password.title': 'Change password',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Confirm new password',
  'password.currentRequired': 'Please enter your current password',
  'password.newRequired': 'Please enter a new password',
  'password.newTooShort': 'The new password must have at least {min} characters',
  'password.newSameAsCurrent': 'The new password must differ from the current one',
  'password.confirmRequired': 'Please enter the new password again',
  'password.confirmMismatch': 'The two new passwords do not match',
  'password.submit': 'Save',
  'password.cancel': 'Cancel',
  'password.success': 'Password changed',
  'password.failed': 'Could not change the password',

  'home.title': 'Home',
  'home.welcome': 'Welcome, {name}',
  'home.profile': 'My account',
  'home.displayName': 'Name',
  'home.username': 'Username',
  'home.platformAdmin': 'Platform administrator',
  'home.locale': 'Language preference',
  'home.localeUnset': 'Not set',
  'home.sessionExpires': 'Session expires',
  'home.sessionIdleExpires': 'Idle timeout',
  'home.grants': 'My grants',
  'home.grantsEmpty': 'No grants',
  'home.permissions': 'My permissions',
  'home.permissionsEmpty': 'No permissions',
  'home.grant.role': 'Role',
  'home.grant.scopeKind': 'Scope type',
  'home.grant.scope': 'Scope',
  'home.grant.region': 'Region',
  'home.health': 'System status',
  'home.health.status': 'Status',
  'home.health.ok': 'OK',
  'home.health.database': 'Database',
  'home.health.migration': 'Database migrations',
  'home.health.migrationValue': 'applied {applied} / latest {latest}',
  'home.health.migrationCurrent': 'Up to date',
  'home.health.migrationPending': 'Migrations pending',
  'home.health.unavailable': 'System status unavailable',
  'home.health.refresh': 'Refresh',

  'audit.title': 'Audit log',
  'audit.filter.entityType': 'Entity type',
  'audit.filter.entityId': 'Entity ID',
  'audit.filter.actorId': 'Actor ID',
  'audit.filter.range': 'Time range',
  'audit.filter.from': 'From',
  'audit.filter.to': 'To',
  'audit.filter.search': 'Search',
  'audit.filter.reset': 'Reset',
  'audit.filter.uuidInvalid': 'Please enter a valid UUID',
  'audit.col.time': 'Time (Beijing)',
  'audit.col.actor': 'Actor',
  'audit.col.action': 'Action',
  'audit.col.entityType': 'Entity type',
  'audit.col.entityId': 'Entity ID',
  'audit.system': 'System',
  'audit.before': 'Before',
  'audit.after': 'After',
  'audit.none': '(none)',
  'audit.requestId': 'Request ID',
  'audit.total': '{total} entries',

  'common.yes': 'Yes',
  'common.no': 'No',
  'common.retry': 'Retry',
  'common.refresh': 'Refresh',
  'common.backHome': 'Back home',

  'notFound.title': '404',
  'notFound.subtitle': 'Sorry, the page you visited does not exist.',
  'forbidden.title': '403',
  'forbidden.subtitle': 'Sorry, you are not allowed to view this page.',

  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.http': 'The server answered with an error (HTTP {status})',
  'error.unknown': 'An unknown error occurred',

  'role.region_admin': 'Region admin',
  'role.alliance_coordinator': 'Alliance coordinator',
  'role.org_admin': 'Organisation admin',
  'role.member': 'Member',
  'role.unit_liaison': 'Unit liaison',
  'role.judge': 'Judge',
  'role.mediator': 'Mediator',
  'role.fund_officer': 'Fund officer',

  'scope.region': 'Region',
  'scope.org': 'Organisation',
  'scope.alliance': 'Alliance',
  'scope.unit': 'Unit',
  'scope.member': 'Member',
  'scope.contest': 'Contest',
  'scope.mediation': 'Mediation case',
  'scope.fund': 'Fund',

  'permission.directory.read': 'View organisations and units',
  'permission.directory.write': 'Edit organisations and units',
  'permission.members.read': 'View members',
  'permission.members.write': 'Edit members',
  'permission.members.pii': 'View members’ personal data',
  'permission.audit.read': 'View the audit log',
  'permission.users.manage': 'Manage users',
};

const DICTIONARIES: Record<Locale, Dictionary> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Vars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: Vars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** True if `key` is a message key (for keys built at run time, e.g. `role.${role}`). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = DICTIONARIES[locale][key] ?? zhCN[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

function readStoredLocale(): Locale | null {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage may be disabled (private mode); the in-memory choice still applies
  }
}

/** The current UI language outside React (the API client sends it as Accept-Language). */
let currentLocale: Locale = readStoredLocale() ?? DEFAULT_LOCALE;
export function getLocale(): Locale {
  return currentLocale;
}

function applyLocale(locale: Locale): void {
  currentLocale = locale;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.name');
  }
}

interface I18nContextValue {
  locale: Locale;
  /** Switch the UI language immediately and remember it in localStorage. */
  setLocale: (locale: Locale) => void;
  t: TFunction;
}

const I18nContext = createContext<I18nContextValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    applyLocale(currentLocale);
    return currentLocale;
  });
  const setLocale = useCallback((next: Locale) => {
    applyLocale(next);
    storeLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18nContextValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return createElement(I18nContext.Provider, { value }, children);
}

function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT/useLocale must be used inside <I18nProvider>');
  return value;
}

export function useT(): TFunction {
  return useI18n().t;
}

export function useLocale(): Pick<I18nContextValue, 'locale' | 'setLocale'> {
  const { locale, setLocale } = useI18n();
  return { locale, setLocale };
}
