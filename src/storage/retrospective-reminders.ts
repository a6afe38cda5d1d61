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
 * - `owner`: `<dedupe id>:claimed` while one run posts that reminder, `<dedupe id>:sent:<epoch ms it was sent>` once
 *   posted (rows written before the send time was kept end in `:sent`);
 * - `until` (epoch ms): for a claim, when it lapses (a run that crashed mid-post is taken over, and posts again under
 *   the same dedupe id, which Jira finds); once sent, when the next reminder may go out — no reminder before it.
 *
 * A claim is ONE conditional write: the row does not exist or its `until` has passed, so of two runs at once exactly
 * one claims. https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/
 */
import kvs, { Filter, FilterConditions, ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import type { Incident, IncidentState } from '../domain/incident';
import { incidentsPageFrom } from './incident-reads';
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
  /** When the latest reminder was posted (absent: none, or it was being posted). */
  lastSentAt: string | undefined;
  /** A reminder is being posted, or this day's was sent: nothing to do now. */
  held: boolean;
}

export async function readReminderState(incidentId: string, nowMs: number): Promise<ReminderState> {
  const parsed = RowSchema.safeParse(await kvs.entity<ReminderRow>(LEASE_ENTITY).get(keyOf(incidentId)));
  if (!parsed.success) return { lastSentAt: undefined, held: false };
  const { owner, until } = parsed.data;
  return { lastSentAt: sentAtOf(owner, until), held: until >= nowMs };
}

function sentAtOf(owner: string, until: number): string | undefined {
  const sent = /:sent:(\d+)$/.exec(owner);
  if (sent) return new Date(Number(sent[1])).toISOString();
  // an older row: its `until` was the end of the reminder day it was sent in, so the millisecond before is inside it
  return owner.endsWith(':sent') ? new Date(until - 1).toISOString() : undefined;
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

/** Marks the claimed reminder sent at `sentAtMs`: no reminder before `nextReminderAtMs`. Only while the claim is still this one. */
export async function markReminderSent(incidentId: string, dedupeId: string, sentAtMs: number, nextReminderAtMs: number): Promise<void> {
  await settleClaim(incidentId, dedupeId, { owner: `${dedupeId}:sent:${Math.trunc(sentAtMs)}`, until: nextReminderAtMs });
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

/**
 * The reminder's walk through the whole `by-state-opened` index, oldest first, one query page per run and state: the
 * page's cursor is kept between runs (key `retro-reminder-cursor:<state>` in the key-value store), so an incident
 * older than the newest page of its state is still looked at, once every ceil(n / page) runs. When the walk reaches
 * the end (no cursor) it starts again from the oldest; a cursor the store no longer takes starts it again too.
 */
const cursorKey = (state: IncidentState): string => `retro-reminder-cursor:${state}`;

export interface OlderPage {
  incidents: Incident[];
  /** Where the walk goes on next run (undefined: back to the oldest). */
  next: string | undefined;
  /** Keeps `next` for the next run (one KVS write, none when unchanged). */
  save(): Promise<void>;
}

export async function olderIncidentsPage(state: IncidentState, limit: number): Promise<OlderPage> {
  const key = cursorKey(state);
  const stored = z.string().min(1).optional().catch(undefined).parse(await kvs.get(key));
  // a kept cursor the store no longer takes starts from the oldest again
  const page = await incidentsPageFrom(state, limit, stored);
  const next = page.nextCursor;
  return {
    incidents: page.incidents,
    next,
    async save() {
      if (next === stored) return;
      if (next === undefined) await kvs.delete(key);
      else await kvs.set(key, next);
    },
  };
}
