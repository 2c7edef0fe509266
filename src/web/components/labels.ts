/** Labels for codes from the contract: enum values, roles, permissions, audit actions and entity types. */
import { hasMessage, type MessageKey, type TFunction } from '../i18n.ts';

/** The label of an enumerated value (`dir.orgKind.branch`); the raw value when there is none. */
export function enumLabel(t: TFunction, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key as MessageKey) : value;
}

export function enumOptions<V extends string>(t: TFunction, prefix: string, values: readonly V[]) {
  return values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
}

/** What an audit row's action means (`member.create` → 新增党员), declared by each capability's messages. */
export const auditActionLabel = (t: TFunction, action: string) => enumLabel(t, 'audit.action', action);
/** What kind of record an audit row is about (`plaque_household` → 亮牌户). */
export const auditEntityLabel = (t: TFunction, entityType: string) => enumLabel(t, 'audit.entity', entityType);
