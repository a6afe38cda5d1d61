/**
 * The incident panel's attribution (DESIGN 3.5): which deployment the incident counts against in the change fail rate
 * and recovery time — the rule's pick (src/storage/sql/attribution.ts) or a person's choice — with what the rule finds
 * and the deployments a person may choose from. As a runbook:
 *
 *   1. the issue id came through the browser: only an issue the user can see, asked AS THE USER;
 *   2. the issue's incident;
 *   3. one SQL statement: the rule's candidates and pick for the incident's service and impact start, and the chosen
 *      deployment.
 */
import type { Incident } from '../../domain/incident';
import type { Attribution } from '../../shared/attribution';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { incidentFactOf } from '../sync-incident-facts';
import type { IncidentReads, UserAccess } from '../ui-ports';
import type { AttributionReads } from './attribution-ports';

export interface GetAttributionDeps {
  access: Pick<UserAccess, 'canViewIssue'>;
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  reads: AttributionReads;
}

/** The attribution of an incident in hand (the same service and impact start its fact row holds). */
export async function attributionOf(incident: Incident, reads: AttributionReads): Promise<Attribution> {
  const fact = incidentFactOf(incident);
  const found = await reads.find({ service: fact.service, impactStartedAt: fact.impactStartedAt, chosenDeploymentId: fact.attributedDeploymentId });
  const mode = fact.attributionMode;
  const deployment = mode === 'manual' ? found.chosen : mode === 'none' ? null : found.auto;
  // the chosen one is listed too when it is not a candidate (another service's, or one after impact start)
  const candidates = found.chosen && !found.candidates.some((c) => c.id === found.chosen!.id) ? [...found.candidates, found.chosen] : found.candidates;
  const setBy = incident.attribution?.setBy;
  return { mode, service: fact.service, deployment, auto: found.auto, candidates, ...(setBy ? { setBy: { accountId: setBy.accountId, at: setBy.at } } : {}) };
}

/** The issue's incident, when the user can see the issue and it is a Kaizen incident. */
export async function visibleIncident(issueId: string, deps: Pick<GetAttributionDeps, 'access' | 'incidents'>): Promise<ResolverResult<Incident>> {
  if (!(await deps.access.canViewIssue(issueId))) return fail('issue-not-visible', `Issue ${issueId} does not exist or you cannot see it.`);
  const incidentId = await deps.incidents.incidentIdOfIssue(issueId);
  const incident = incidentId ? await deps.incidents.load(incidentId) : undefined;
  // a property pointing at another issue's incident (a copied or moved issue) is not this issue's incident
  if (!incident || (incident.issue && incident.issue.id !== issueId)) return fail('incident-not-found', 'This issue has no Kaizen incident.');
  return ok(incident);
}

export async function getAttribution(issueId: string, deps: GetAttributionDeps): Promise<ResolverResult<Attribution>> {
  // 1–2. Only what the user can see, and only an incident's issue.
  const incident = await visibleIncident(issueId, deps);
  if (!incident.ok) return incident;
  // 3. One statement: the rule's candidates and pick, and the chosen deployment.
  return ok(await attributionOf(incident.data, deps.reads));
}
