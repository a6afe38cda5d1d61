/**
 * "Declare incident" (DESIGN 3.3): a person opens an incident by hand from any issue. A runbook in which every step
 * first checks whether it already happened, so a double click, a retry or two people at once make one incident:
 *
 *   1. authorise AS THE USER: edit the issue it is declared on (that issue becomes the incident's), or create issues
 *      in the incident project (a new issue is made); naming a commander (the assignee) needs Assign Issues there, and
 *      the commander must be an active Jira user as the user can look them up;
 *   2. the issue already is an incident's → answer that one;
 *   3. the declaration's incident exists (a retry, or someone declaring the same issue) → finish its creation steps
 *      once their lease has passed and answer it;
 *   4. the pure rule (src/domain/declare.ts) makes the record; it is stored only if absent (conditional write);
 *   5. the same creation steps as an alert's (src/usecases/incident-artifacts.ts): the issue (created, or the
 *      declared-on issue made the incident's in one edit), the live page, the link — at most three product writes.
 *      If Jira refuses the issue step (a 4xx: e.g. the commander cannot be assigned in that project, a field not on
 *      its screen), nothing is kept: the record is removed again (only while it has no issue), so the person can
 *      change the form and declare again.
 */
import { addSeconds } from 'date-fns';
import { declaredIncidentId, declareIncident as declareRule, type Declaration } from '../domain/declare';
import type { Incident, TimelineEntry } from '../domain/incident';
import type { DeclareFormData, DeclareIncidentData, DeclareIncidentRequest } from '../shared/declare-incident';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import type { Settings } from '../shared/settings';
import { artifactsComplete, ensureIncidentArtifacts, resumeIncidentArtifacts, type ArtifactDeps } from './incident-artifacts';
import type { PeopleDirectory } from './incident-actions';
import type { Clock } from './ports';
import { syncIncidentFacts, type FactDeps } from './sync-incident-facts';
import type { IncidentReads, UserAccess } from './ui-ports';
import { announce, openedNotification, type NotifyDeps } from './notify/notification';

/**
 * How long one call owns a declaration's creation steps: longer than a resolver may run (25 s), so a second click
 * while the first is still creating never makes a second issue, and a retry after a failure takes over soon.
 */
export const DECLARE_LEASE_SECONDS = 30;

export interface DeclareDeps {
  access: Pick<UserAccess, 'canEditIssue' | 'canCreateIssues' | 'canAssignIssues' | 'issueAsSeen' | 'me'>;
  /** Whether the commander is an active Jira user, asked as the user (src/adapters/jira-users.ts). */
  people: PeopleDirectory;
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  /** Stores a new incident with its first timeline entries only if no record has its id; false if one had. */
  createIfAbsent(incident: Incident, timeline: TimelineEntry[]): Promise<boolean>;
  /** Removes an incident that never got its issue (conditional on its version); false if it changed meanwhile. */
  removeIfBare(incident: Incident): Promise<boolean>;
  settings(): Promise<Pick<Settings, 'jiraProjectKey' | 'pageLanguage' | 'levels'>>;
  clock: Clock;
  /** The app's side of the creation steps, as the alert path has it (src/app/wiring.ts ingestDeps). */
  appSide(): Promise<ArtifactDeps & FactDeps & NotifyDeps>;
}

/** What the form shows before anything is declared: the issue, whether it is an incident already, the choices. */
export async function getDeclareForm(issueId: string, deps: Pick<DeclareDeps, 'access' | 'incidents' | 'settings'>): Promise<ResolverResult<DeclareFormData>> {
  const issue = await deps.access.issueAsSeen(issueId);
  if (!issue) return fail('issue-not-visible', 'You cannot see this issue.');
  const { jiraProjectKey, levels } = await deps.settings();
  const [incident, canEditIssue, canCreateInProject] = await Promise.all([incidentOf(issueId, deps.incidents), deps.access.canEditIssue(issueId), deps.access.canCreateIssues(jiraProjectKey)]);
  return ok({
    issue,
    ...(incident ? { incident: { id: incident.id, state: incident.state } } : {}),
    incidentProjectKey: jiraProjectKey,
    canCreateInProject,
    canEditIssue,
    levels,
  });
}

export async function declareIncident(issueId: string, request: DeclareIncidentRequest, deps: DeclareDeps): Promise<ResolverResult<DeclareIncidentData>> {
  const settings = await deps.settings();
  // 1. As the user: the issue made the incident's must be theirs to edit; a new issue theirs to create.
  if (request.target === 'this-issue' ? !(await deps.access.canEditIssue(issueId)) : !(await deps.access.canCreateIssues(settings.jiraProjectKey))) {
    return request.target === 'this-issue'
      ? fail('edit-not-allowed', 'You need permission to edit this issue to make it an incident.')
      : fail('create-not-allowed', `You need permission to create issues in project ${settings.jiraProjectKey} to declare an incident there.`);
  }
  const refused = request.commander ? await refuseCommander(issueId, request, settings.jiraProjectKey, deps) : undefined;
  if (refused) return refused;
  // 2. This issue already is an incident's issue.
  if (request.target === 'this-issue') {
    const existing = await incidentOf(issueId, deps.incidents);
    if (existing) return ok(answer('already', existing));
  }
  const declaration: Declaration = { ...request, issueId };
  const id = declaredIncidentId(declaration);
  const now = deps.clock.now();
  // 3. Declared already (the same request again, or the same issue by someone else at the same moment).
  const before = await deps.incidents.load(id);
  if (before) return ok(await existingAnswer(before, deps));
  // 4. The record, stored only if nobody stored it first.
  const actor = await deps.access.me();
  const declared = declareRule(declaration, actor, now, { language: settings.pageLanguage, leaseUntil: addSeconds(now, DECLARE_LEASE_SECONDS).toISOString() });
  if (declared.kind === 'refused') return fail('time-rule', declared.message, declared.fields.map((field) => ({ field, path: field, message: declared.rule })));
  if (!(await deps.createIfAbsent(declared.incident, declared.timeline))) {
    const raced = await deps.incidents.load(id);
    if (!raced) return fail('internal', `Incident ${id} was being declared by someone else and then disappeared.`);
    return ok(await existingAnswer(raced, deps));
  }
  // 5. The issue, the page, the link — as for an alert. A refusal of the issue step keeps nothing.
  const app = await deps.appSide();
  try {
    await ensureIncidentArtifacts(id, undefined, app);
  } catch (e) {
    const stored = await deps.incidents.load(id);
    const status = refusalStatus(e);
    if (status === undefined || !stored || stored.issue) throw e;
    await deps.removeIfBare(stored);
    return fail('product-refused', `Jira refused the incident's issue (${status}): ${(e as Error).message}. Nothing was kept.`);
  }
  const stored = await deps.incidents.load(id);
  // 6. The reporting store's row (never throws: a failure is logged, the backfill retries).
  await syncIncidentFacts(stored, app);
  // 7. Slack: the new incident announced (queued; a failure to queue is logged, never the declaration's)
  await announce(app, openedNotification(stored ?? declared.incident));
  return ok(answer('declared', stored ?? declared.incident));
}

/**
 * The commander becomes the issue's assignee: the caller must hold Assign Issues where the issue is (or will be), and
 * the person must be an active Jira user the caller can look up — both asked as the caller, before anything is stored.
 */
async function refuseCommander(issueId: string, request: DeclareIncidentRequest, projectKey: string, deps: DeclareDeps): Promise<ResolverResult<never> | undefined> {
  const commander = request.commander!;
  const where = request.target === 'this-issue' ? { issueId } : { projectKey };
  if (!(await deps.access.canAssignIssues(where))) return fail('edit-not-allowed', 'You need permission to assign issues to name a commander (the commander becomes the assignee).');
  const active = await deps.people.activeAccountIds([commander]);
  if (active.has(commander)) return undefined;
  return fail('unknown-person', `Not an active Jira user: commander (${commander}). Nothing was declared.`, [
    { field: 'commander', path: 'commander', message: `no active Jira user has the account id ${commander}`, params: { accountId: commander } },
  ]);
}

/** The status of a product's refusal (a 4xx other than 429, which the adapters retry): the request was wrong, not the time. */
function refusalStatus(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429 ? status : undefined;
}

/** An incident that exists for this declaration: finished → `already` (by whom); creation still under way → `in-progress`. */
async function existingAnswer(incident: Incident, deps: DeclareDeps): Promise<DeclareIncidentData> {
  const after = incident.declared ? await finish(incident, deps) : incident;
  return answer(artifactsComplete(after) ? 'already' : 'in-progress', after);
}

/** An incident declared before whose creation steps are unfinished: taken over once its lease has passed. */
async function finish(incident: Incident, deps: DeclareDeps): Promise<Incident> {
  if (artifactsComplete(incident)) return incident;
  await resumeIncidentArtifacts(incident.id, undefined, await deps.appSide());
  return (await deps.incidents.load(incident.id)) ?? incident;
}

/** The incident an issue already belongs to (its `kaizen-incident` property names a stored incident), if any. */
async function incidentOf(issueId: string, incidents: DeclareDeps['incidents']): Promise<Incident | undefined> {
  const id = await incidents.incidentIdOfIssue(issueId);
  return id ? incidents.load(id) : undefined;
}

function answer(outcome: DeclareIncidentData['outcome'], incident: Incident): DeclareIncidentData {
  return {
    outcome,
    incidentId: incident.id,
    ...(incident.issue ? { issue: { key: incident.issue.key, url: incident.issue.url } } : {}),
    ...(incident.page ? { page: { title: incident.page.title, url: incident.page.url } } : {}),
    ...(outcome !== 'declared' && incident.declared ? { declaredBy: incident.declared.by.displayName } : {}),
    drill: incident.drill,
  };
}
