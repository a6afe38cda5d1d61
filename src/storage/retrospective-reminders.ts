/**
 * The retrospective overdue reminder's row (src/usecases/retrospective-reminders.ts): one per incident, key
 * `retro-reminder:<incident id>`, in the `lease` custom entity (attributes `owner`, `until`; declared in the
 * manifest for short exclusive leases, which is what a reminder's claim is).
 *
 * Why a row of its own and not only the record's `retrospective.overdueRemindedAt`: an incident with no
 * retrospective drafted yet is reminded too, and its record has nowhere to keep that (the `retrospective` object
 * needs a page). The row is the claim for every incident; the record's field is also set when there is a
 * retrospective, so the panel sees it.
 *
 * - `owner`: `<dedupe id>:claimed` while one run posts that reminder, `<dedupe id>:sent` once posted;
 * - `until` (epoch ms): for a claim, when it lapses (a run that crashed mid-post is taken over, and posts again under
 *   the same dedupe id, which Jira finds); once sent, the end of that reminder day — no reminder before it.
 *
 * A claim is ONE conditional write: the row does not exist or its `until` has passed, so of two runs at once exactly
 * one claims. https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/
 */
import kvs, { Filter, FilterConditions, ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import { LEASE_ENTITY } from './lease';

interface ReminderRow {
  owner: string;
  /** Epoch milliseconds (a `float` attribute: an `integer` is 32-bit). */
  until: number;
}

const RowSchema = z.object({ owner: z.string(), until: z.number() });

const keyOf = (incidentId: string): string => `retro-reminder:${incidentId}`;

/** What the row says about an incident's reminders at `nowMs`. */
export interface ReminderState {
  /** The latest reminder posted, as a time inside its reminder day (absent: none, or it was being posted). */
  lastSentAt: string | undefined;
  /** A reminder is being posted, or this day's was sent: nothing to do now. */
  held: boolean;
}

export async function readReminderState(incidentId: string, nowMs: number): Promise<ReminderState> {
  const parsed = RowSchema.safeParse(await kvs.entity<ReminderRow>(LEASE_ENTITY).get(keyOf(incidentId)));
  if (!parsed.success) return { lastSentAt: undefined, held: false };
  const { owner, until } = parsed.data;
  // a sent reminder's `until` is the end of its reminder day: the millisecond before it is inside that day
  return { lastSentAt: owner.endsWith(':sent') ? new Date(until - 1).toISOString() : undefined, held: until >= nowMs };
}

/**
 * Claims the posting of reminder `dedupeId` until `untilMs`: true when this run claimed it, false when another run
 * holds the row (a claim, or this day's reminder sent). Throws when the write failed for another reason.
 */
export async function claimReminder(incidentId: string, dedupeId: string, nowMs: number, untilMs: number): Promise<boolean> {
  const key = keyOf(incidentId);
  try {
    await kvs
      .transact()
      .set<ReminderRow>(key, { owner: `${dedupeId}:claimed`, until: untilMs }, {
        entityName: LEASE_ENTITY,
        conditions: new Filter<ReminderRow>().or('until', FilterConditions.notExists()).or('until', FilterConditions.lessThan(nowMs)),
      })
      .execute();
    return true;
  } catch (e) {
    if (!(e instanceof ForgeKvsAPIError)) throw e;
    // the code of an unmet condition is undocumented (src/storage/lease.ts): read the row to know who holds it
    const row = RowSchema.safeParse(await kvs.entity<ReminderRow>(LEASE_ENTITY).get(key));
    if (row.success && row.data.until >= nowMs) return false;
    throw e;
  }
}

/** Marks the claimed reminder sent: no reminder before `nextReminderAtMs`. Only while the claim is still this one. */
export async function markReminderSent(incidentId: string, dedupeId: string, nextReminderAtMs: number): Promise<void> {
  await settleClaim(incidentId, dedupeId, { owner: `${dedupeId}:sent`, until: nextReminderAtMs });
}

/** Gives a claim back (its post failed, or there was nothing to post after all): the next run may claim at once. */
export async function releaseReminder(incidentId: string, dedupeId: string): Promise<void> {
  await settleClaim(incidentId, dedupeId, { owner: `${dedupeId}:released`, until: 0 });
}

async function settleClaim(incidentId: string, dedupeId: string, row: ReminderRow): Promise<void> {
  try {
    await kvs
      .transact()
      .set<ReminderRow>(keyOf(incidentId), row, { entityName: LEASE_ENTITY, conditions: new Filter<ReminderRow>().and('owner', FilterConditions.equalTo(`${dedupeId}:claimed`)) })
      .execute();
  } catch (e) {
    // the claim lapsed and another run took it over: that run settles it
    if (e instanceof ForgeKvsAPIError) return;
    throw e;
  }
}
