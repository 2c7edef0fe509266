import type { LabelMap } from './labels.ts';

/** The platform's own permissions (not tied to a capability). */
export const PLATFORM_PERMISSIONS = {
  'audit.read': { 'zh-CN': '查看操作日志', 'en-US': 'Read the audit log' },
  'users.manage': { 'zh-CN': '管理用户与授权', 'en-US': 'Manage users and grants' },
} as const satisfies LabelMap;

/** Audit actions the platform writes: sign-in, users and grants. */
export const PLATFORM_AUDIT_ACTIONS = {
  'auth.login': { 'zh-CN': '登录', 'en-US': 'Signed in' },
  'audit.export': { 'zh-CN': '导出操作日志', 'en-US': 'Exported the audit log' },
  'figures.export': { 'zh-CN': '导出统计数字的明细', 'en-US': 'Exported the records behind a figure' },
  'reports.export': { 'zh-CN': '下载统计报表', 'en-US': 'Downloaded a statistics report' },
  'auth.login_failed': { 'zh-CN': '登录失败', 'en-US': 'Sign-in failed' },
  'auth.locked': { 'zh-CN': '账户被锁定', 'en-US': 'Account locked' },
  'auth.logout': { 'zh-CN': '退出登录', 'en-US': 'Signed out' },
  'user.create': { 'zh-CN': '创建用户', 'en-US': 'Created a user' },
  'user.password_changed': { 'zh-CN': '修改密码', 'en-US': 'Changed the password' },
  'user.locale': { 'zh-CN': '切换语言', 'en-US': 'Changed the language' },
  'grant.create': { 'zh-CN': '授予角色', 'en-US': 'Granted a role' },
  'grant.revoke': { 'zh-CN': '撤销角色', 'en-US': 'Revoked a role' },
  'user.password_reset': { 'zh-CN': '重置密码', 'en-US': 'Reset a password' },
  'user.disable': { 'zh-CN': '停用账户', 'en-US': 'Disabled an account' },
  'user.enable': { 'zh-CN': '启用账户', 'en-US': 'Enabled an account' },
  'user.update': { 'zh-CN': '修改账户', 'en-US': 'Edited an account' },
} as const satisfies LabelMap;
