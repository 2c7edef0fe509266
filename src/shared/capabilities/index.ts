/**
 * Every capability's permission codes and audit action codes with their zh-CN / en-US labels: the server
 * checks and writes only these, and the web shows their labels. A new capability adds its file here.
 */
import { ACTIVITIES_AUDIT_ACTIONS, ACTIVITIES_PERMISSIONS } from './activities.ts';
import { CHAMBER_AUDIT_ACTIONS, CHAMBER_PERMISSIONS } from './chamber.ts';
import { CLUSTER_AUDIT_ACTIONS, CLUSTER_PERMISSIONS } from './cluster.ts';
import { COBUILD_AUDIT_ACTIONS, COBUILD_PERMISSIONS } from './cobuild.ts';
import { DIRECTORY_AUDIT_ACTIONS, DIRECTORY_PERMISSIONS } from './directory.ts';
import { KIOSK_AUDIT_ACTIONS, KIOSK_PERMISSIONS } from './kiosk.ts';
import { MONEY_AUDIT_ACTIONS, MONEY_PERMISSIONS } from './money.ts';
import { NOTIFY_AUDIT_ACTIONS, NOTIFY_PERMISSIONS } from './notify.ts';
import type { Labels } from './labels.ts';
import { PLATFORM_AUDIT_ACTIONS, PLATFORM_PERMISSIONS } from './platform.ts';
import { VENUES_AUDIT_ACTIONS, VENUES_PERMISSIONS } from './venues.ts';

export type { Labels, LabelMap } from './labels.ts';

export const PERMISSION_LABELS = {
  ...PLATFORM_PERMISSIONS, ...DIRECTORY_PERMISSIONS, ...CLUSTER_PERMISSIONS, ...ACTIVITIES_PERMISSIONS, ...CHAMBER_PERMISSIONS, ...COBUILD_PERMISSIONS,
  ...VENUES_PERMISSIONS, ...MONEY_PERMISSIONS,
  ...NOTIFY_PERMISSIONS,
  ...KIOSK_PERMISSIONS,
} as const;
export type Permission = keyof typeof PERMISSION_LABELS;

export const AUDIT_ACTION_LABELS = {
  ...PLATFORM_AUDIT_ACTIONS, ...DIRECTORY_AUDIT_ACTIONS, ...CLUSTER_AUDIT_ACTIONS, ...ACTIVITIES_AUDIT_ACTIONS, ...CHAMBER_AUDIT_ACTIONS, ...COBUILD_AUDIT_ACTIONS,
  ...VENUES_AUDIT_ACTIONS, ...MONEY_AUDIT_ACTIONS,
  ...NOTIFY_AUDIT_ACTIONS,
  ...KIOSK_AUDIT_ACTIONS,
} as const;
/** The audit actions that exist: `audit()` accepts only these. */
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as [AuditAction, ...AuditAction[]];

export const isAuditAction = (s: string): s is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, s);

/** The label of a code in a language; the code itself when unknown (never for a declared one). */
export function labelOf(map: Record<string, Labels>, code: string, locale: keyof Labels): string {
  return Object.hasOwn(map, code) ? map[code][locale] : code;
}
