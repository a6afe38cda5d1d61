/**
 * "Acknowledge" on the issue panel (DESIGN 3.3): the calling person takes the incident. Runs only if that person
 * may edit the issue, checked as the person. An open incident becomes `acknowledged` with `acknowledgedAt` set (a
 * time already recorded, e.g. by an Opsgenie acknowledge before a reopen, is kept) and a timeline entry names the
 * person. Anything else is answered without a write, so a double click or a retry changes nothing twice.
 */
import type { Incident, TimelineEntry } from '../domain/incident';
import type { AcknowledgeData } from '../shared/incident-view';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import type { Clock } from './ports';
import type { IncidentReads, IncidentUpdate, UserAccess } from './ui-ports';

export interface AcknowledgeDeps {
  access: Pick<UserAccess, 'canEditIssue' | 'me'>;
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  update: IncidentUpdate;
  clock: Clock;
}

/** The timeline entry of a person's acknowledgement, naming the person. */
export function acknowledgementEntry(incident: Incident, person: string, at: string): TimelineEntry {
  return { at, kind: 'incident-acknowledged', title: incident.title, actor: person };
}

export async function acknowledgeIncident(issueId: string, deps: AcknowledgeDeps): Promise<ResolverResult<AcknowledgeData>> {
  // 1. Only someone who may edit the issue may act on its incident (as the user, not as the app).
  if (!(await deps.access.canEditIssue(issueId))) return fail('edit-not-allowed', 'You need permission to edit this issue to acknowledge its incident.');
  // 2. The issue's incident.
  const incidentId = await deps.incidents.incidentIdOfIssue(issueId);
  const current = incidentId ? await deps.incidents.load(incidentId) : undefined;
  if (!current || (current.issue && current.issue.id !== issueId)) return fail('incident-not-found', 'This issue has no Kaizen incident.');
  // 3. Already taken, or past acknowledging: nothing to write.
  if (current.state !== 'open') return ok(answer(current, current.state === 'acknowledged' ? 'already-acknowledged' : 'not-open'));
  // 4. Who is acknowledging, in their own name.
  const person = await deps.access.me();
  const now = deps.clock.now().toISOString();
  let changed = false;
  const updated = await deps.update(
    current.id,
    (i) => {
      // re-checked on the latest version: an alert or another person may have acknowledged it meanwhile
      changed = i.state === 'open';
      return changed ? { ...i, state: 'acknowledged', acknowledgedAt: i.acknowledgedAt ?? now } : undefined;
    },
    (i) => [acknowledgementEntry(i, person.displayName, now)],
  );
  if (!updated) return fail('incident-not-found', 'The incident is gone.');
  if (changed) return ok(answer(updated, 'acknowledged'));
  return ok(answer(updated, updated.state === 'acknowledged' ? 'already-acknowledged' : 'not-open'));
}

function answer(incident: Incident, outcome: AcknowledgeData['outcome']): AcknowledgeData {
  return { outcome, state: incident.state, ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}) };
}
