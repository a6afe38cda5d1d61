/**
 * "Acknowledge" on the issue panel (DESIGN 3.3): the calling person takes the incident. Runs only if that person
 * may edit the issue, checked as the person. An open incident becomes `acknowledged` with `acknowledgedAt` set (a
 * time already recorded, e.g. by an Opsgenie acknowledge before a reopen, is kept) and a timeline entry names the
 * person. Anything else is answered without a write, so a double click or a retry changes nothing twice.
 *
 * Like the panel's other actions (incident-actions), the entry joins the coalesced Jira comment in the same commit
 * and, after a change, the pending comment is flushed by the same {@link publish} step.
 */
import type { Incident } from '../domain/incident';
import { acknowledge } from '../domain/person-actions';
import type { AcknowledgeData } from '../shared/incident-view';
import { ok, type ResolverResult } from '../shared/resolver-result';
import { publish, type PublishDeps } from './incident-actions';
import { runPersonAction, type PersonActionDeps } from './run-person-action';

export type AcknowledgeDeps = PersonActionDeps & PublishDeps;

export async function acknowledgeIncident(issueId: string, deps: AcknowledgeDeps): Promise<ResolverResult<AcknowledgeData>> {
  // the rule (src/domain/person-actions.ts) is re-checked on the latest version: an alert or another person may
  // have acknowledged it meanwhile
  const done = await runPersonAction(issueId, acknowledge, deps, 'to acknowledge its incident', { forComment: true });
  if (!done.ok) return done;
  const { outcome, incident } = done.data;
  if (outcome === 'changed') await publish(done.data, deps, 'to acknowledge its incident');
  return ok(answer(incident, outcome === 'changed' ? 'acknowledged' : incident.state === 'acknowledged' ? 'already-acknowledged' : 'not-open'));
}

function answer(incident: Incident, outcome: AcknowledgeData['outcome']): AcknowledgeData {
  return { outcome, state: incident.state, ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}) };
}
