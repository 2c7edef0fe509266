/**
 * Labels for codes from the contract: enum values, roles, permissions, audit actions and entity types.
 * Permission and audit-action labels come from src/shared/capabilities (the server declares them with
 * their zh-CN / en-US labels); enum values and entity types from the capabilities' web messages.
 */
import { AUDIT_ACTION_LABELS, PERMISSION_LABELS, labelOf } from '../../shared/capabilities/index.ts';
import { hasMessage, type Locale, type MessageKey, type TFunction } from '../i18n.ts';

/** The label of an enumerated value (`dir.orgKind.branch`); the raw value when there is none. */
export function enumLabel(t: TFunction, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key as MessageKey) : value;
}

export function enumOptions<V extends string>(t: TFunction, prefix: string, values: readonly V[]) {
  return values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
}

/** What a permission allows (`members.read` → 查看党员名册). */
export const permissionLabel = (locale: Locale, code: string) => labelOf(PERMISSION_LABELS, code, locale);
/** What an audit row's action means (`member.create` → 新增党员). */
export const auditActionLabel = (locale: Locale, action: string) => labelOf(AUDIT_ACTION_LABELS, action, locale);
/** Every audit action with its label, for pickers. */
export const auditActionOptions = (locale: Locale) =>
  Object.keys(AUDIT_ACTION_LABELS).map((value) => ({ value, label: auditActionLabel(locale, value) }));
/** What kind of record an audit row is about (`plaque_household` → 亮牌户). */
export const auditEntityLabel = (t: TFunction, entityType: string) => enumLabel(t, 'audit.entity', entityType);
