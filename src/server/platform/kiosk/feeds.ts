import { sql, type SQL } from 'drizzle-orm';
import type { BigScreen } from '../../../shared/kiosk.ts';
import type { DbOrTx } from '../../db/client.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { maskName } from '../mask.ts';
import type { Principal } from '../scope.ts';
import { rowsOf } from '../rows.ts';
import { canOnLevel, inLevel, type FigureLevel } from './level.ts';

type Feeds = BigScreen['feeds']['data'];
export const FEED_SIZE = 8;

/** Activities of the level: those of its orgs, and (an alliance) the alliance's own. */
const activityInLevel = (l: FigureLevel): SQL => inLevel(l, { orgId: sql`a.org_id`, allianceId: sql`a.alliance_id` });
/** Needs of the level: raised by its orgs or units, or in the alliance. */
const needInLevel = (l: FigureLevel): SQL => inLevel(l, { orgId: sql`n.org_id`, unitId: sql`n.unit_id`, allianceId: sql`n.alliance_id` });

/** Which feeds the principal may see on the level (activities and check-ins: activities.read; needs: cobuild.read). */
export const feedAccess = (p: Principal, l: FigureLevel) => ({ activities: canOnLevel(p, 'activities.read', l), needs: canOnLevel(p, 'cobuild.read', l) });

/**
 * The live feeds of a level, latest first, a person's name masked (maskName): the latest activities held up to today,
 * the latest check-ins at the level's recent activities (the 20 latest: bounded by the activities' index however
 * many check-ins there are), the latest settled needs (confirmed or rated) with the people placed.
 */
export async function levelFeeds(db: DbOrTx, l: FigureLevel, access: { activities: boolean; needs: boolean }, nowMs: number): Promise<Feeds> {
  const today = todayShanghai(nowMs);
  const out: Feeds = { activities: null, checkins: null, needs: null };
  if (access.activities) {
    const acts = rowsOf<{ id: string; title: string; kind: string; org_name: string | null; held_on: string; status: string }>(await db.execute(sql`
      select a.id, a.title, a.kind, o.name as org_name, a.held_on::text as held_on, a.status
        from activities a left join orgs o on o.region_id = a.region_id and o.id = a.org_id
       where a.region_id = ${l.regionId} and a.held_on <= ${today}::date and a.status <> 'cancelled' and ${activityInLevel(l)}
       order by a.held_on desc, a.starts_at desc, a.id desc limit 20`));
    out.activities = acts.slice(0, FEED_SIZE).map((a) => ({ id: a.id, title: a.title, kind: a.kind, orgName: a.org_name, heldOn: a.held_on, status: a.status }));
    const ids = acts.map((a) => a.id);
    const checks = ids.length ? rowsOf<{ at: Date | string; name: string; title: string }>(await db.execute(sql`
      select c.at, m.name, a.title
        from activity_checkins c
        join activities a on a.region_id = c.region_id and a.id = c.activity_id
        join members m on m.region_id = c.region_id and m.id = c.member_id
       where c.region_id = ${l.regionId} and c.activity_id in (${sql.join(ids.map((x) => sql`${x}::uuid`), sql`, `)})
       order by c.at desc, c.member_id limit ${FEED_SIZE}`)) : [];
    out.checkins = checks.map((c) => ({ at: new Date(c.at).toISOString(), name: maskName(c.name), activityTitle: c.title }));
  }
  if (access.needs) {
    const rows = rowsOf<{ id: string; title: string; unit_name: string | null; settled_at: Date | string; filled: number; people: string[] | null }>(await db.execute(sql`
      select n.id, n.title, u.name as unit_name, n.confirmed_at as settled_at, n.filled,
             (select array_agg(r.person_name order by r.slot_no) from (select person_name, slot_no from need_results r
                where r.region_id = n.region_id and r.need_id = n.id order by r.slot_no limit 5) r) as people
        from needs n left join units u on u.region_id = n.region_id and u.id = n.unit_id
       where n.region_id = ${l.regionId} and n.status in ('confirmed', 'rated') and n.confirmed_at is not null and ${needInLevel(l)}
       order by n.confirmed_at desc, n.id desc limit ${FEED_SIZE}`));
    out.needs = rows.map((n) => ({
      id: n.id, title: n.title, unitName: n.unit_name, settledAt: new Date(n.settled_at).toISOString(), filled: Number(n.filled), people: (n.people ?? []).map(maskName),
    }));
  }
  return out;
}
