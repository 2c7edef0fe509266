import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Notice, NoticeCreate, NoticeListQuery } from '../../../shared/notify.ts';
import { activities } from '../../modules/activities/schema.ts';
import { findOrg } from '../../modules/cluster/common.ts';
import { orgs } from '../../modules/directory/schema.ts';
import { audit, type Actor } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { countAll, emptyPage, paginate, type Page } from '../pagination.ts';
import { assertCan, holdsAnywhere, pathUnderText, scopeWhere } from '../scope.ts';
import { transaction } from '../transaction.ts';
import { writeMessages } from './messages.ts';
import { enqueue } from './outbox.ts';
import { notifyNotices } from './schema.ts';

/**
 * Notices: a secretary (any holder of `notify.send` on an org) tells the members of that org's subtree something,
 * e.g. a party lesson (linked: the message leads to it). Every member of the subtree who has an account and is
 * still on the rolls gets a message; the region's channels carrying notices get it once. An org out of the
 * sender's scope, and an activity the sender may not read, answer the same 404 as a made-up id.
 */

/** Members gone from the rolls get no notice. */
const GONE = `('left', 'transferred_out', 'deceased')`;

export async function sendNotice(ctx: Ctx, actor: Actor, body: z.output<typeof NoticeCreate>): Promise<Notice> {
  const p = actor.principal!;
  const org = await findOrg(ctx.db, p, body.orgId, 'notify.send');
  let href: string | null = null;
  if (body.activityId) {
    const [a] = await ctx.db.select({ id: activities.id, allianceId: activities.allianceId, orgPath: orgs.path })
      .from(activities).leftJoin(orgs, and(eq(orgs.regionId, activities.regionId), eq(orgs.id, activities.orgId)))
      .where(and(eq(activities.regionId, org.regionId), eq(activities.id, body.activityId))).limit(1);
    assertCan(p, 'activities.read', a ? { regionId: org.regionId, orgPath: a.orgPath, allianceId: a.allianceId } : null);
    href = `/my?activity=${a!.id}`;
  }
  const recipients = await ctx.database.query<{ id: string; display_name: string }>(
    `select u.id, u.display_name from members m join users u on u.member_region_id = m.region_id and u.member_id = m.id
      where m.region_id = $1 and not u.disabled and m.status not in ${GONE}
        and m.org_id in (select o.id from orgs o where o.region_id = $1 and ${pathUnderText('o.path', '$2')})
      order by u.id`, [org.regionId, org.path]);
  if (!recipients.length) throw new AppError(422, 'NOTIFY_NO_RECIPIENTS');
  const now = ctx.now();
  const id = uuidv7();
  const row = {
    regionId: org.regionId, id, orgId: org.id, title: body.title, body: body.body, href, activityId: body.activityId ?? null,
    senderId: p.id, senderName: p.displayName, recipients: recipients.length, createdAt: new Date(now),
  };
  await transaction(ctx.db, async (tx) => {
    await tx.insert(notifyNotices).values(row);
    await writeMessages(tx, now, recipients.map((r) => ({
      regionId: org.regionId, userId: r.id, kind: 'notice' as const, title: body.title, body: body.body, href, noticeId: id, senderName: p.displayName,
    })));
    await enqueue(tx, now, [{ regionId: org.regionId, kind: 'notice', ref: `notice:${id}`, payload: { kind: 'notice', title: body.title, body: body.body, href, from: `${p.displayName} · ${org.name}` } }]);
    await audit(tx, actor, { regionId: org.regionId, action: 'notice.send', entityType: 'notice', entityId: id, after: { ...row, orgName: org.name } });
  });
  return toNotice({ ...row, orgName: org.name });
}

type NoticeRow = typeof notifyNotices.$inferSelect & { orgName: string | null };

const toNotice = (r: NoticeRow): Notice => ({
  id: r.id, regionId: r.regionId, orgId: r.orgId, orgName: r.orgName, title: r.title, body: r.body, href: r.href, activityId: r.activityId,
  senderName: r.senderName, recipients: r.recipients, createdAt: r.createdAt.toISOString(),
});

/** The notices sent to the subtrees the caller may send to, newest first. */
export async function listNotices(ctx: Ctx, p: NonNullable<Actor['principal']>, q: z.output<typeof NoticeListQuery>): Promise<Page<Notice>> {
  if (!holdsAnywhere(p, 'notify.send')) return emptyPage(q);
  const cond = and(scopeWhere(p, 'notify.send', { regionId: notifyNotices.regionId, orgId: notifyNotices.orgId }),
    q.regionId ? eq(notifyNotices.regionId, q.regionId) : sql`true`);
  return paginate(q,
    ctx.db.select({
      regionId: notifyNotices.regionId, id: notifyNotices.id, orgId: notifyNotices.orgId, title: notifyNotices.title, body: notifyNotices.body,
      href: notifyNotices.href, activityId: notifyNotices.activityId, senderId: notifyNotices.senderId, senderName: notifyNotices.senderName,
      recipients: notifyNotices.recipients, createdAt: notifyNotices.createdAt, orgName: orgs.name,
    }).from(notifyNotices).leftJoin(orgs, and(eq(orgs.regionId, notifyNotices.regionId), eq(orgs.id, notifyNotices.orgId)))
      .where(cond).orderBy(desc(notifyNotices.createdAt), desc(notifyNotices.id)),
    ctx.db.select({ n: countAll }).from(notifyNotices).where(cond), toNotice);
}
