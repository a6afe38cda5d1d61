/**
 * ingest-alert: one normalised alert from the queue → dedupe, group, open or update the incident (DESIGN 3.1).
 * Reads like a runbook; every step checks whether it already happened, so a queue redelivery resumes and never
 * duplicates (house style 3). Storage races end in a conflict that re-reads and re-decides.
 */
import { alertKeyOf, type Alert } from '../domain/alert';
import { classify, type Decision, type Holder, type KnownState } from '../domain/grouping';
import type { Incident, IntakeSettings } from '../domain/incident';
import { queueForComment } from '../domain/pending-comment';
import { applyToIncident, openIncident, type Applied } from '../domain/transitions';
import { ENTITY, keys } from '../storage/kvs-keys';
import { commitIncident, heldAlertOf, loadHeldAlerts, loadIncident, readLink, readTombstone, StorageConflictError, writeTombstone, type HeldAlert, type LinkWrite, type ReadLink } from '../storage/incident-store';
import { markSourceSeen } from '../storage/source-status';
import { addMinutes } from 'date-fns';
import { ARTIFACTS_LEASE_MINUTES, artifactsComplete, ensureIncidentArtifacts, freezeTimeline, resumeIncidentArtifacts, type ArtifactDeps } from './incident-artifacts';
import { flushComments, type CommentDeps } from './flush-comments';
import { syncPageRegions, type PageSyncDeps } from './sync-page-regions';
import { syncIncidentFacts, type FactDeps } from './sync-incident-facts';
import { announce, changeNotifications, openedNotification, type NotifyDeps } from './notify/notification';

export interface IngestDeps extends ArtifactDeps, CommentDeps, PageSyncDeps, FactDeps, NotifyDeps {
  settings: IntakeSettings;
  newIncidentId(): string;
}

export interface IngestResult {
  decision: Decision['kind'];
  incidentId?: string;
}

const MAX_CONFLICT_RETRIES = 10;

/** `drill`: the alert came from a drill run (the web trigger checked the run): it only ever meets drill incidents. */
export async function ingestAlert(alert: Alert, eventId: string, deps: IngestDeps, drill = false): Promise<IngestResult> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const { known, links, held } = await readKnown(alert);
    const decision = classify(alert, known, deps.settings, eventId, drill);
    try {
      switch (decision.kind) {
        case 'test':
          await markSourceSeen(alert.source, 'test', alert.occurredAt);
          return { decision: decision.kind };
        case 'orphan':
          // a resolve that overtook its open: remember it so the late open opens nothing
          if (alert.status === 'resolved') await writeTombstone(alertKeyOf(alert.source, alert.sourceAlertId), alert.closedAt ?? alert.occurredAt);
          return { decision: decision.kind };
        case 'already-resolved':
          return { decision: decision.kind };
        case 'repeat':
          // nothing changed; but unfinished creation steps (a crash, a replayed dead letter) are resumed, and so is a
          // region sync whose page write failed (a redelivery) — when the page already shows the record, at no cost
          await resumeArtifacts(decision.incident, alert, eventId, deps);
          if (artifactsComplete(decision.incident)) await syncPageRegions(decision.incident.id, deps, { current: decision.incident });
          // the reporting store's row: the record in hand has it already → no SQL call (every alert of a storm lands here)
          await syncIncidentFacts(decision.incident, deps);
          return { decision: decision.kind, incidentId: decision.incident.id };
        case 'open': {
          const lease = addMinutes(deps.clock.now(), ARTIFACTS_LEASE_MINUTES).toISOString();
          const applied = openIncident(alert, eventId, deps.newIncidentId(), deps.settings, decision.drill, lease);
          const saved = await commit(applied, undefined, links, alert, undefined);
          await markSourceSeen(alert.source, 'alert', alert.occurredAt);
          await ensureIncidentArtifacts(saved.id, alert, deps);
          // the reporting store's row, with the issue key the creation steps just recorded
          await syncIncidentFacts(await loadIncident(saved.id), deps);
          // Slack: one message for the new incident (queued; the consumer renders it with the issue and page links)
          await announce(deps, openedNotification(saved));
          return { decision: decision.kind, incidentId: saved.id };
        }
        case 'attach':
        case 'update':
        case 'reopen': {
          const applied = applyToIncident(decision, alert, eventId, deps.settings);
          const saved = await commit(applied, decision.incident.version, links, alert, held.get(decision.incident.id));
          const complete = artifactsComplete(saved);
          await resumeArtifacts(saved, alert, eventId, deps);
          // at recovery the frozen timeline and the Roles / Key times regions go in one page write
          const frozen = applied.recovered ? await freezeTimeline(saved.id, deps) : undefined;
          // the record just written tells whether a flush is already queued (a flush claims from the latest record)
          await flushComments(saved.id, deps, complete && !applied.recovered ? { current: saved } : {});
          // the live page's regions follow the key times the alert moved; unchanged ones cost nothing (the record in hand)
          if (complete) await syncPageRegions(saved.id, deps, { current: frozen ?? saved });
          // the reporting store's row follows when its facts changed (level, state, key times); else no SQL call
          await syncIncidentFacts(frozen ?? saved, deps);
          // Slack: a level raised, a recovery — one message per change, never one per alert
          await announce(deps, ...changeNotifications(decision.incident, saved, alert.occurredAt));
          return { decision: decision.kind, incidentId: saved.id };
        }
      }
    } catch (e) {
      if (!(e instanceof StorageConflictError)) throw e;
      // another consumer changed the same incident or links first: read again and decide again
    }
  }
  throw new Error(`Alert ${alert.source}:${alert.sourceAlertId} kept conflicting after ${MAX_CONFLICT_RETRIES} attempts`);
}

/** The opening event (redelivered) owns the creation steps; any other event may take them over once the lease passed. */
async function resumeArtifacts(incident: Incident, alert: Alert, eventId: string, deps: IngestDeps): Promise<void> {
  if (artifactsComplete(incident)) return;
  if (incident.openedByEventId === eventId) {
    await ensureIncidentArtifacts(incident.id, alert, deps);
    // the opening event redelivered: its Slack message, had its first run stopped before it (posted once per id)
    await announce(deps, openedNotification(incident));
  } else await resumeIncidentArtifacts(incident.id, alert, deps);
}

interface KnownLinks {
  alert: ReadLink;
  group: ReadLink;
  /** The link of the alert this one relays, when it relays one. */
  relay?: ReadLink;
}

/**
 * The links of this alert, its group and the alert it relays; the incidents they point to; and this alert as each of
 * those incidents holds it (its row) — a fixed number of reads, whatever the incidents' size.
 */
async function readKnown(alert: Alert): Promise<{ known: KnownState; links: KnownLinks; held: Map<string, HeldAlert> }> {
  const alertKey = alertKeyOf(alert.source, alert.sourceAlertId);
  const [alertLink, groupLink, relayLink, tombstone] = await Promise.all([
    readLink(ENTITY.alertLink, keys.alertLink(alertKey)),
    readLink(ENTITY.groupLink, keys.groupLink(alert.groupKey)),
    alert.relayedAlertKey ? readLink(ENTITY.alertLink, keys.alertLink(alert.relayedAlertKey)) : Promise.resolve(undefined),
    readTombstone(alertKey),
  ]);
  const ids = [...new Set([alertLink.incidentId, groupLink.incidentId, relayLink?.incidentId].filter((x): x is string => !!x))];
  // rows are read with the records; a row changed after its record was read fails the commit's row condition
  const [loaded, held] = await Promise.all([Promise.all(ids.map((id) => loadIncident(id))), loadHeldAlerts(ids, alertKey)]);
  const incidents = new Map<string, Incident>();
  for (const inc of loaded) if (inc) incidents.set(inc.id, inc);
  const holder = (id: string | undefined): Holder | undefined => {
    const incident = id ? incidents.get(id) : undefined;
    if (!incident) return undefined;
    const alert = heldAlertOf(incident, held, alertKey);
    return alert ? { incident, held: alert } : { incident };
  };
  const own = holder(alertLink.incidentId);
  // A link to an incident that does not hold this alert was claimed by an alert relaying this one (both paths
  // connected, the relay processed first): this alert belongs there too.
  const byRelay = holder(relayLink?.incidentId) ?? (own && !own.held ? own : undefined);
  const byGroup = holder(groupLink.incidentId);
  const known: KnownState = {
    ...(own?.held ? { byAlert: { incident: own.incident, held: own.held } } : {}),
    ...(byRelay ? { byRelay } : {}),
    ...(byGroup ? { byGroup } : {}),
    ...(tombstone ? { tombstone } : {}),
  };
  return { known, links: { alert: alertLink, group: groupLink, ...(relayLink ? { relay: relayLink } : {}) }, held };
}

/**
 * Saves the incident with the alert's row, its new timeline entries (also queued, bounded, for the coalesced
 * comment) and its links. `read` is the alert's row as read for this incident (undefined: it did not hold it).
 */
async function commit(applied: Applied, expectedVersion: number | undefined, links: KnownLinks, alert: Alert, read: HeldAlert | undefined): Promise<Incident> {
  const { incident, timeline } = applied;
  const withPending = queueForComment(incident, timeline.filter((t) => t.kind !== 'incident-opened'));
  const writes: LinkWrite[] = [];
  if (links.alert.incidentId !== incident.id) writes.push({ link: links.alert, entity: ENTITY.alertLink, value: alertKeyOf(alert.source, alert.sourceAlertId) });
  // the group's later alerts join this incident (a stale link to a closed or quiet incident is replaced)
  if (links.group.incidentId !== incident.id) {
    writes.push({ link: links.group, entity: ENTITY.groupLink, value: alert.groupKey });
  }
  // claim the relayed alert for this incident, so its original arriving at the same moment joins rather than opens
  if (links.relay && !links.relay.incidentId && alert.relayedAlertKey) {
    writes.push({ link: links.relay, entity: ENTITY.alertLink, value: alert.relayedAlertKey });
  }
  return commitIncident(withPending, expectedVersion, timeline, writes, { alert: applied.alert, read });
}
