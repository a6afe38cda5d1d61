/**
 * A Slack notification as the use cases queue it (DESIGN 3.7): which incident, which event, at which level (the
 * incident's level when it happened: it picks the webhook and is what the message shows), and an id that is the
 * same for the same event however often the use case runs — the consumer posts each id once.
 *
 * The use cases queue it AFTER their own work succeeded, through {@link announce}, which never throws: an incident
 * is never failed, nor delayed by more than one KVS read and one queue push, because of Slack. The message itself is
 * rendered by the consumer (src/usecases/notify/send-notification.ts) from the incident as it is then, so the issue and
 * page links are there even when the event was queued before the page existed.
 */
import { z } from 'zod';
import { LevelSchema, LEVELS, type Incident, type Level } from '../../domain/incident';
import { IsoTimeSchema } from '../../domain/alert';

export const NOTIFY_QUEUE = 'kaizen-notify';

export const NotificationEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident-opened'), at: IsoTimeSchema }),
  z.object({ kind: z.literal('level-raised'), at: IsoTimeSchema, from: LevelSchema }),
  z.object({ kind: z.literal('recovered'), at: IsoTimeSchema }),
  z.object({ kind: z.literal('retrospective-overdue'), at: IsoTimeSchema, dueAt: IsoTimeSchema }),
  z.object({ kind: z.literal('retrospective-published'), at: IsoTimeSchema }),
]);
export type NotificationEvent = z.infer<typeof NotificationEventSchema>;

/** The body of a `kaizen-notify` queue event (parsed again by the consumer, house style 4). */
export const NotificationSchema = z.object({
  kind: z.literal('slack'),
  /** The same for the same event: `opened:<incident>`, `level:<incident>:<version>`, `recovered:<incident>:<reopen count>`, … */
  id: z.string().min(1).max(400),
  incidentId: z.string().min(1),
  level: LevelSchema,
  event: NotificationEventSchema,
});
export type Notification = z.infer<typeof NotificationSchema>;

/** Queues notifications (src/adapters/slack-notifier.ts): only those Slack is set up to send (event on, a webhook for the level). */
export interface IncidentNotifier {
  /** One KVS read of the Slack settings, then one queue push when it is to be sent. */
  queue(notification: Notification): Promise<'queued' | 'off'>;
}

/** What a use case needs to announce: the notifier, absent where nothing is announced (unit tests, tools). */
export interface NotifyDeps {
  notify?: IncidentNotifier | undefined;
}

/** Queues each notification; a failure is logged and swallowed — the caller's work is done and stays done. */
export async function announce(deps: NotifyDeps, ...notifications: Notification[]): Promise<void> {
  if (!deps.notify) return;
  for (const n of notifications) {
    try {
      await deps.notify.queue(n);
    } catch (e) {
      console.warn('Kaizen: a Slack notification could not be queued; the incident is unaffected', { id: n.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
}

const done = (i: Pick<Incident, 'state'>): boolean => i.state === 'recovered' || i.state === 'closed';
const rank = (level: Level): number => LEVELS.indexOf(level);

export const openedNotification = (incident: Pick<Incident, 'id' | 'level' | 'detectedAt'>): Notification => ({
  kind: 'slack',
  id: `opened:${incident.id}`,
  incidentId: incident.id,
  level: incident.level,
  event: { kind: 'incident-opened', at: incident.detectedAt },
});

/**
 * What one committed change of an incident announces: its level raised (more severe: SEV1 is the highest; a level
 * lowered is not announced), and its recovery (entering recovered, or closed straight from work). `at`: when.
 * A storm's thousand alerts into one incident change its level a few times at most, so this is bounded by those
 * changes, never by alerts.
 */
export function changeNotifications(before: Incident, after: Incident, at: string): Notification[] {
  const out: Notification[] = [];
  if (rank(after.level) < rank(before.level)) {
    out.push({ kind: 'slack', id: `level:${after.id}:${after.version}`, incidentId: after.id, level: after.level, event: { kind: 'level-raised', at, from: before.level } });
  }
  if (done(after) && !done(before)) {
    out.push({ kind: 'slack', id: `recovered:${after.id}:${after.reopenCount}`, incidentId: after.id, level: after.level, event: { kind: 'recovered', at: after.recoveredAt ?? at } });
  }
  return out;
}

export const overdueNotification = (incident: Pick<Incident, 'id' | 'level'>, reminderId: string, at: string, dueAt: string): Notification => ({
  kind: 'slack',
  id: `overdue:${reminderId}`,
  incidentId: incident.id,
  level: incident.level,
  event: { kind: 'retrospective-overdue', at, dueAt },
});

export const publishedNotification = (incident: Pick<Incident, 'id' | 'level'>, at: string): Notification => ({
  kind: 'slack',
  id: `published:${incident.id}`,
  incidentId: incident.id,
  level: incident.level,
  event: { kind: 'retrospective-published', at },
});
