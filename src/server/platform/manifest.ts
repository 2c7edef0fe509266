import { NOTIFY_AUDIT_ACTIONS, NOTIFY_PERMISSIONS } from '../../shared/capabilities/notify.ts';
import { KIOSK_AUDIT_ACTIONS, KIOSK_PERMISSIONS } from '../../shared/capabilities/kiosk.ts';
import { PLATFORM_AUDIT_ACTIONS, PLATFORM_PERMISSIONS } from '../../shared/capabilities/platform.ts';
import { accountRoutes } from './accounts/routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { backupRoutes } from './backup-routes.ts';
import { todoRoutes } from './todos-routes.ts';
import { authRoutes } from './auth/routes.ts';
import { defineCapability } from './capability.ts';
import { figureRoutes } from './figures/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { caseAssignments, caseEvents, caseFiles, caseRatings, cases, caseStageLimits } from './cases/schema.ts';
import { kioskRoutes } from './kiosk/routes.ts';
import { kioskLinks } from './kiosk/schema.ts';
import { figureSummaries, figureSummaryDirty } from './figures/schema.ts';
import { ledgerAccounts, ledgerIdempotency, ledgers, ledgerTransfers } from './ledger/schema.ts';
import { NOTIFY_MESSAGES, notifyRoutes } from './notify/routes.ts';
import { notifyChannels, notifyJobs, notifyMessages, notifyNotices, notifyOutbox } from './notify/schema.ts';
import { auditLog, grants, sessions, users } from './schema.ts';

/** The platform declared like a capability: sign-in, users and grants, the audit log, the case engine's tables, the ledger (docs/ledger.md). */
export const platformCapability = defineCapability({
  name: 'platform',
  routes: async (app, { ctx }) => {
    await app.register(authRoutes);
    await app.register(auditRoutes);
    await app.register(backupRoutes);
    await app.register(accountRoutes);
    await app.register(figureRoutes, { ctx });
    await app.register(todoRoutes);
    await app.register(notifyRoutes, { ctx });
    await app.register(reportRoutes, { ctx });
    await app.register(kioskRoutes, { ctx });
  },
  permissions: { ...PLATFORM_PERMISSIONS, ...NOTIFY_PERMISSIONS, ...KIOSK_PERMISSIONS },
  auditActions: { ...PLATFORM_AUDIT_ACTIONS, ...NOTIFY_AUDIT_ACTIONS, ...KIOSK_AUDIT_ACTIONS },
  messages: {
    ROLE_SCOPE_MISMATCH: { 'zh-CN': '该角色不能授予在这类范围上。', 'en-US': 'This role cannot be granted on that kind of scope.' },
    GRANT_EXISTS: { 'zh-CN': '该用户已拥有此授权。', 'en-US': 'The user already holds this grant.' },
    CANNOT_DISABLE_SELF: { 'zh-CN': '不能停用自己的账户。', 'en-US': 'You cannot disable your own account.' },
    CASE_STAGE: { 'zh-CN': '案件当前环节（{from}）不能转到该环节（{to}）。', 'en-US': 'The case cannot go from its current stage ({from}) to that one ({to}).' },
    REPORTS_NO_FONT: { 'zh-CN': '服务器未安装中文字体，无法生成报告（请安装 fonts-noto-cjk 或设置 CJK_FONT）。', 'en-US': 'No Chinese font is installed on the server, so the report cannot be printed (install fonts-noto-cjk or set CJK_FONT).' },
    CASE_RATING_RANGE: { 'zh-CN': '评价应在 1 到 {max} 之间。', 'en-US': 'A rating must be between 1 and {max}.' },
    FIGURE_PERIOD: { 'zh-CN': '统计期间应为 all、年份（2026）、季度（2026Q1）、月份（2026-03）或起止日期（2026-01-01..2026-06-30）。', 'en-US': 'A period is all, a year (2026), a quarter (2026Q1), a month (2026-03) or a range (2026-01-01..2026-06-30).' },
    FIGURE_SCOPE_ID: { 'zh-CN': '请选择要统计的组织、联盟或单位。', 'en-US': 'Choose the org, alliance or unit to count.' },
    FIGURE_UNKNOWN: { 'zh-CN': '没有这些统计项：{keys}。', 'en-US': 'No such figures: {keys}.' },
    FIGURE_DIMENSION: { 'zh-CN': '该统计项不能按此分组。', 'en-US': 'This figure cannot be grouped by that.' },
    USERNAME_TAKEN: { 'zh-CN': '用户名已被占用。', 'en-US': 'This username is taken.' },
    ...NOTIFY_MESSAGES,
  },
  tables: { region: [grants, auditLog, cases, caseAssignments, caseEvents, caseFiles, caseRatings, caseStageLimits, ledgers, ledgerAccounts, ledgerTransfers, ledgerIdempotency,
    notifyMessages, notifyNotices, notifyChannels, notifyOutbox, kioskLinks, figureSummaries, figureSummaryDirty], shared: [users, sessions, notifyJobs] },
});
