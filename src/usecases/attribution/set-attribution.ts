/**
 * A person changes which deployment the incident counts against (DESIGN 3.5), from the incident panel — or, when a
 * person reports that a release caused an outage (src/usecases/release-problems), the reporter's choice is recorded
 * the same way. As a runbook:
 *
 *   1. authorise AS THE USER: edit permission on the issue (run-person-action);
 *   2. a deployment named must be a PRODUCTION deployment the reporting store knows: else `unknown-deployment`,
 *      nothing written;
 *   3. the choice (manual / none, or back to the rule) committed conditionally on the incident's version, with a
 *      timeline entry saying who changed it from what to what (src/domain/attribution.ts) — the machine never
 *      changes a person's choice;
 *   4. the reporting store's fact row follows (attribution mode and deployment), the entry joins the coalesced
 *      comment (publish, as the panel's other actions);
 *   5. the attribution as the panel shows it.
 */
import { setAttributionRule } from '../../domain/attribution';
import type { Actor, PersonActionResult } from '../../domain/person-actions';
import type { Attribution, SetAttributionRequest } from '../../shared/attribution';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { publish, type PublishDeps } from '../incident-actions';
import type { Clock } from '../ports';
import { runPersonAction, type PersonActionDeps } from '../run-person-action';
import { syncIncidentFacts, type FactDeps } from '../sync-incident-facts';
import type { IncidentUpdate, UserAccess } from '../ui-ports';
import type { AttributionReads } from './attribution-ports';
import { attributionOf } from './get-attribution';

export interface SetAttributionDeps extends Omit<PersonActionDeps, 'access'>, PublishDeps {
  access: Pick<UserAccess, 'canEditIssue' | 'canViewIssue' | 'me'>;
  reads: AttributionReads;
}

const unknownDeployment = (deploymentId: string) =>
  fail('unknown-deployment', `No production deployment has the id ${deploymentId}. Nothing was changed.`, [
    { field: 'deploymentId', path: 'deploymentId', message: 'not a known production deployment', params: { deploymentId } },
  ]);

export async function setAttribution(issueId: string, request: SetAttributionRequest, deps: SetAttributionDeps): Promise<ResolverResult<Attribution>> {
  if (request.mode === 'manual' && !request.deploymentId) {
    return fail('bad-request', 'deploymentId: a manual attribution names the deployment it counts against.', [{ field: 'deploymentId', path: 'deploymentId', message: 'required for mode manual' }]);
  }
  const to = request.mode === 'manual' ? { mode: 'manual' as const, deploymentId: request.deploymentId! } : { mode: request.mode };
  // 1–3. As the user; a named deployment checked before anything is written; committed on the latest version.
  const done = await runPersonAction(issueId, setAttributionRule(to), deps, 'to change which deployment its incident counts against', {
    forComment: true,
    check: async () => (to.mode === 'manual' && !(await deps.reads.productionDeployment(to.deploymentId)) ? unknownDeployment(to.deploymentId) : undefined),
  });
  if (!done.ok) return done;
  // 4. The fact row, the comment and the page follow (never failing the person's change: logged, retried later).
  if (done.data.outcome === 'changed') await publish(done.data, deps, 'to change the attribution');
  // 5. As the panel shows it.
  return ok(await attributionOf(done.data.incident, deps.reads));
}

export interface OutageAttributionDeps extends FactDeps {
  update: IncidentUpdate;
  clock: Clock;
  reads: Pick<AttributionReads, 'productionDeployment'>;
}

/**
 * A person reported that this deployment caused the incident's outage ("caused an outage", DESIGN 3.4): it counts
 * against that deployment as the reporter's own choice (`manual`, set by them), exactly as if they had chosen it in
 * the panel. The caller has authorised the reporter. A later change in the panel replaces it like any choice.
 * Answers `unknown-deployment` (nothing written) when the id is not a known production deployment.
 */
export async function attributeOutageToDeployment(incidentId: string, deploymentId: string, reporter: Actor, deps: OutageAttributionDeps): Promise<'changed' | 'unchanged' | 'unknown-deployment' | 'incident-not-found'> {
  if (!(await deps.reads.productionDeployment(deploymentId))) return 'unknown-deployment';
  const rule = setAttributionRule({ mode: 'manual', deploymentId });
  const now = deps.clock.now();
  // committed on the latest version (re-applied when another writer got there first)
  let applied: PersonActionResult | undefined;
  const updated = await deps.update(
    incidentId,
    (latest) => {
      applied = rule(latest, reporter, now);
      return applied.kind === 'changed' ? applied.incident : undefined;
    },
    () => (applied?.kind === 'changed' ? applied.timeline : []),
  );
  if (!updated) return 'incident-not-found';
  if (applied?.kind !== 'changed') return 'unchanged';
  await syncIncidentFacts(updated, deps);
  return 'changed';
}
