import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { AppError, conflict, fieldError } from '../../platform/errors.ts';
import { subscribe, tellOthers } from '../../platform/bus.ts';
import { can, type Principal } from '../../platform/scope.ts';

/**
 * One person, one member record: an ID number already held by an active member cannot be registered again.
 * Saying *where* it is held would let anyone with `members.write` test whether any ID number belongs to a
 * party member anywhere. So:
 * - a holder the caller may see in full (`members.pii` on the holder's organisation) is named as a duplicate
 *   (`member.duplicate_id`, or `member.duplicate_id_elsewhere` when it is in another of the caller's regions);
 * - any other holder answers only "cannot be registered here" with the next step (`member.not_registrable`),
 *   the same whether the holder is in another region or in another subtree of the caller's own region;
 * - such refusals are counted per user (REFUSALS_PER_HOUR in a sliding hour; each refusal is sent to the other
 *   server processes too, platform/bus.ts — a process started since counts from then) and, once used up,
 *   every registration by ID number (create, ID change, roster import) answers 429 until the hour has passed —
 *   refusing only the taken numbers would keep the oracle working;
 * - each refusal writes a `member.registration_refused` audit row in the caller's region, so probing shows.
 */
export const REFUSALS_PER_HOUR = 20;
const HOUR = 3_600_000;

/** This process's guards, for the refusals the other server processes send. */
const guards = new Set<WeakRef<RegistrationGuard>>();
subscribe('registration.refused', (d) => {
  if (typeof d.userId !== 'string' || !Array.isArray(d.at)) return;
  for (const ref of guards) ref.deref()?.add(d.userId, d.at.filter((x): x is number => typeof x === 'number'));
});

export class RegistrationGuard {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly now: () => number, readonly perHour = REFUSALS_PER_HOUR) {
    guards.add(new WeakRef(this));
  }

  private recent(userId: string): number[] {
    const since = this.now() - HOUR;
    const list = (this.hits.get(userId) ?? []).filter((t) => t > since);
    if (list.length) this.hits.set(userId, list); else this.hits.delete(userId);
    return list;
  }

  /** How many more refusals the user may receive this hour. */
  remaining(userId: string): number { return Math.max(0, this.perHour - this.recent(userId).length); }

  /** Before anything is looked up by ID number: 429 when the user's refusals are used up. */
  assertAllowed(p: Principal): void {
    if (!p.isPlatformAdmin && this.remaining(p.id) <= 0) throw rateLimited();
  }

  /** Counts `n` refusals now, here and (awaited) in the other server processes. */
  async record(userId: string, n = 1): Promise<void> {
    const at = Array.from({ length: n }, () => this.now());
    this.add(userId, at);
    await tellOthers('registration.refused', { userId, at });
  }

  add(userId: string, at: number[]): void {
    const list = this.recent(userId);
    list.push(...at);
    this.hits.set(userId, list);
  }
}

export const rateLimited = () => new AppError(429, 'RATE_LIMITED');

/** The active member holding an ID number, with what a scope decision needs. */
export interface IdHolder { id: string; regionId: string; path: string }

/** Thrown inside the write's transaction; the caller records it (audit, count) once the transaction is over. */
export class NotRegistrable extends Error {
  constructor(readonly regionId: string, readonly orgId: string, readonly idNumber: string) { super('MEMBER_NOT_REGISTRABLE'); }
}

/** The answer to "this ID number is taken": a duplicate the caller may see, or NotRegistrable. */
export function duplicateIdError(p: Principal, holder: IdHolder, into: { regionId: string; orgId: string }, idNumber: string, field = 'idNumber'): Error {
  if (can(p, 'members.pii', { regionId: holder.regionId, orgPath: holder.path, memberId: holder.id })) {
    return conflict('MEMBER_DUPLICATE_ID', {}, [fieldError(field, holder.regionId === into.regionId ? 'member.duplicate_id' : 'member.duplicate_id_elsewhere')]);
  }
  return new NotRegistrable(into.regionId, into.orgId, idNumber);
}

export const notRegistrableError = (field = 'idNumber') =>
  conflict('MEMBER_NOT_REGISTRABLE', {}, [fieldError(field, 'member.not_registrable')]);

/** Audits refusals (outside the refused write's transaction) and counts them against the user. */
export async function recordRefusals(db: DbOrTx, actor: Actor, guard: RegistrationGuard, list: { regionId: string; orgId: string; idNumber: string; via: string; row?: number }[]) {
  if (!list.length) return;
  await guard.record(actor.principal!.id, list.length);
  await audit(db, actor, list.map((r) => ({
    regionId: r.regionId, action: 'member.registration_refused', entityType: 'org', entityId: r.orgId,
    after: { orgId: r.orgId, idNumber: r.idNumber, via: r.via, ...(r.row ? { row: r.row } : {}) },
  })));
}

/** The database refused a second record of an ID number in a region (members_id_number_uq). */
function isDuplicateIdNumber(e: unknown): boolean {
  for (let x = e as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; x && depth < 4; x = x.cause as typeof x, depth++) {
    if (x.code === '23505' && [x.constraint, x.message].some((n) => typeof n === 'string' && n.includes('members_id_number_uq'))) return true;
  }
  return false;
}

/**
 * Runs a write that may refuse an ID number: a NotRegistrable it throws is audited, counted and answered as
 * MEMBER_NOT_REGISTRABLE (409).
 */
export async function guardedWrite<T>(db: DbOrTx, actor: Actor, guard: RegistrationGuard, via: string, write: () => Promise<T>, field = 'idNumber'): Promise<T> {
  guard.assertAllowed(actor.principal!);
  try {
    return await write();
  } catch (e) {
    // the unique index (region, ID number) also holds rows the checks pass over (a transferred-out record) and
    // catches two saves at once: the same 409 on the field as the check, never a 500
    if (isDuplicateIdNumber(e)) throw conflict('MEMBER_DUPLICATE_ID', {}, [fieldError(field, 'member.duplicate_id')]);
    if (!(e instanceof NotRegistrable)) throw e;
    await recordRefusals(db, actor, guard, [{ regionId: e.regionId, orgId: e.orgId, idNumber: e.idNumber, via }]);
    throw notRegistrableError(field);
  }
}

export const REGISTRATION_MESSAGES = {
  MEMBER_NOT_REGISTRABLE: { 'zh-CN': '该身份证号不能在此登记', 'en-US': 'This ID number cannot be registered here.' },
  'member.not_registrable': {
    'zh-CN': '该身份证号不能在此登记。如该同志的组织关系在其他党组织，请由其所在党组织办理组织关系转接，或联系区域管理员',
    'en-US': 'cannot be registered here; if the person’s membership is held by another organisation, ask that organisation to transfer it, or contact your region admin',
  },
} as const;
