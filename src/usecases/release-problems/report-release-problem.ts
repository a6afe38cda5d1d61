/**
 * "Report a release problem" (DESIGN 3.4; 一部未完了 / 切り戻し / 障害発生): a person says a release ended partially
 * incomplete, rolled back, or caused an outage, from the issue action on any issue (the release's ticket, say).
 * A runbook in which the row is the claim and every later step checks whether it already happened, so a retry or a
 * double click reports once (`already`):
 *
 *   1. authorise AS THE USER: edit permission on the issue; for an outage also create permission in the incident
 *      project (where its incident issue is made) — before anything is read for them or written;
 *   2. the request's own rules: not in the future, a level for an outage, a known production deployment or else the
 *      service's name;
 *   3. this request reported already (its row `person:<requestId>`): finished → `already`, nothing written; being
 *      made by another call right now (within the lease) → `already`; left unfinished by a call that crashed → its
 *      steps are resumed;
 *   4. the row, inserted only if absent (`INSERT IGNORE`): the call that inserts it carries on, any other answers
 *      `already`;
 *   5. partially incomplete / rolled back: the light review page (found by its unique title, else created under the
 *      retrospectives parent, in the page language), the issue's remote link to it, one comment on the issue, and
 *      the page recorded on the row last — the row's page is what "finished" means;
 *      caused an outage: the incident declared through the "Declare incident" path (a new Incident issue, as the
 *      user, the summary as its title, the chosen level, the time as impact start), counted against the deployment
 *      as the reporter's choice, one comment on the issue, and the incident's issue key recorded on the row last.
 */
import { renderReleaseProblemComment, renderReleaseReviewTitle } from '../../documents/release-review-page';
import type { Language } from '../../domain/incident';
import { declaredIncidentId } from '../../domain/declare';
import type { Actor } from '../../domain/person-actions';
import type { DeclareIncidentData, DeclareIncidentRequest } from '../../shared/declare-incident';
import { RECENT_DEPLOYMENTS_MAX, type ReleaseProblemForm, type ReportReleaseProblemData, type ReportReleaseProblemRequest } from '../../shared/release-problems';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { Settings } from '../../shared/settings';
import type { Clock, IncidentPages, IncidentTracker } from '../ports';
import type { UserAccess } from '../ui-ports';
import { ensureReviewPage, isReviewed, reviewFacts, type ReviewSettings } from './light-review';
import type { NewReleaseProblem, ReleaseProblemRow, ReleaseProblemStore } from './release-problem-ports';
import { keepReleaseReviewRow, type ReportingDeps } from '../reporting-rows';

/** How long the call that inserted the row owns its steps: longer than a resolver may run (25 s). */
export const REPORT_LEASE_SECONDS = 30;
/** A time this far ahead of the app's clock is "now" (a browser's clock skew), as for the panel's key times. */
const SKEW_MS = 60_000;

export interface ReportReleaseProblemDeps extends ReportingDeps {
  access: Pick<UserAccess, 'canEditIssue' | 'canCreateIssues' | 'issueAsSeen' | 'me'>;
  store: ReleaseProblemStore;
  settings(): Promise<ReviewSettings & Pick<Settings, 'jiraProjectKey' | 'levels'>>;
  clock: Clock;
  /** Jira and Confluence as the app (after the user's rights were checked). */
  app(): Promise<{ pages: IncidentPages; tracker: Pick<IncidentTracker, 'addComment' | 'upsertRemoteLink'> }>;
  /** The "Declare incident" path as the user (src/usecases/declare-incident.ts). */
  declare(issueId: string, request: DeclareIncidentRequest): Promise<ResolverResult<DeclareIncidentData>>;
  /** Counts the incident against the deployment as the reporter's choice (src/usecases/attribution/set-attribution.ts). */
  attribute(incidentId: string, deploymentId: string, reporter: Actor): Promise<string>;
}

/** The form: the issue, the recent production deployments, and what the user may do (asked as the user). */
export async function getReleaseProblemForm(issueId: string, deps: Pick<ReportReleaseProblemDeps, 'access' | 'store' | 'settings'>): Promise<ResolverResult<ReleaseProblemForm>> {
  const issue = await deps.access.issueAsSeen(issueId);
  if (!issue) return fail('issue-not-visible', 'You cannot see this issue.');
  const { jiraProjectKey, levels } = await deps.settings();
  const [canReport, canDeclare, deployments] = await Promise.all([
    deps.access.canEditIssue(issueId),
    deps.access.canCreateIssues(jiraProjectKey),
    deps.store.recentProductionDeployments(RECENT_DEPLOYMENTS_MAX),
  ]);
  return ok({ issue: { key: issue.key, summary: issue.summary }, deployments, canReport, canDeclare, incidentProjectKey: jiraProjectKey, levels });
}

export async function reportReleaseProblem(issueId: string, request: ReportReleaseProblemRequest, given: ReportReleaseProblemDeps): Promise<ResolverResult<ReportReleaseProblemData>> {
  // the deployment is looked at by several steps: one SELECT per id for this call
  const deps = { ...given, store: withDeploymentOnce(given.store) };
  // 1. As the user.
  if (!(await deps.access.canEditIssue(issueId))) return fail('edit-not-allowed', 'You need permission to edit this issue to report a release problem on it.');
  const settings = await deps.settings();
  if (request.class === 'caused_outage' && !(await deps.access.canCreateIssues(settings.jiraProjectKey))) {
    return fail('create-not-allowed', `You need permission to create issues in project ${settings.jiraProjectKey} to report an outage: it declares an incident there.`);
  }
  const issue = await deps.access.issueAsSeen(issueId);
  if (!issue) return fail('issue-not-visible', 'You cannot see this issue.');

  // 2. The request's own rules.
  const now = deps.clock.now();
  const refused = await refusal(request, now, deps.store);
  if (refused) return refused;

  // 3. Reported already.
  const problemId = `person:${request.requestId}`;
  const before = await deps.store.get(problemId);
  if (before) return resume(before, issueId, issue.key, request, deps);

  // 4. The row: the claim on the steps.
  const actor = await deps.access.me();
  const deployment = request.deploymentId ? await deps.store.deployment(request.deploymentId) : undefined;
  const row: NewReleaseProblem = {
    problemId,
    class: request.class,
    deploymentId: deployment?.id ?? null,
    service: deployment ? deployment.service : request.service || null,
    version: deployment ? deployment.version : request.version || null,
    summary: request.summary,
    source: 'person',
    reportedBy: actor.accountId,
    // within the skew allowed, "in the future" is now
    occurredAt: new Date(Math.min(Date.parse(request.occurredAt), now.getTime())).toISOString(),
    reportedAt: now.toISOString(),
    issueKey: null,
    incidentId: request.class === 'caused_outage' ? declaredIncidentId({ target: 'new-issue', issueId, requestId: request.requestId }) : null,
    drill: false,
  };
  if (!(await deps.store.insertIfAbsent(row))) return ok(await pendingAnswer((await deps.store.get(problemId)) ?? { ...row, reviewPage: null }, settings.pageLanguage, deps.store));

  // 5. The steps.
  const stored: ReleaseProblemRow = { ...row, reviewPage: null };
  return finish(stored, issueId, issue.key, request, actor, deps, 'reported');
}

function withDeploymentOnce(store: ReleaseProblemStore): ReleaseProblemStore {
  const seen = new Map<string, ReturnType<ReleaseProblemStore['deployment']>>();
  return {
    ...store,
    deployment: (id) => {
      if (!seen.has(id)) seen.set(id, store.deployment(id));
      return seen.get(id)!;
    },
  };
}

/** The refusals of the request itself (nothing read for the user beyond the deployment, nothing written). */
async function refusal(request: ReportReleaseProblemRequest, now: Date, store: ReleaseProblemStore): Promise<ResolverResult<never> | undefined> {
  if (Date.parse(request.occurredAt) > now.getTime() + SKEW_MS) {
    return fail('time-rule', 'Refused (not-in-future): a release problem cannot have happened in the future.', [{ field: 'occurredAt', path: 'occurredAt', message: 'not-in-future' }]);
  }
  if (request.class === 'caused_outage' && !request.level) {
    return fail('bad-request', 'level: a release that caused an outage declares an incident, which needs its level.', [{ field: 'level', path: 'level', message: 'required when class is caused_outage' }]);
  }
  if (request.deploymentId) {
    const deployment = await store.deployment(request.deploymentId);
    if (!deployment || deployment.environment !== 'PRODUCTION') {
      return fail('unknown-deployment', `No production deployment has the id ${request.deploymentId}. Nothing was reported.`, [
        { field: 'deploymentId', path: 'deploymentId', message: 'not a known production deployment', params: { deploymentId: request.deploymentId } },
      ]);
    }
  } else if (!request.service) {
    return fail('bad-request', 'service: name the service that was released when no deployment is picked.', [{ field: 'service', path: 'service', message: 'required without a deployment' }]);
  }
  return undefined;
}

/**
 * A row this request made before: finished, or being made by another call now → `already` (nothing written);
 * left unfinished by a call that crashed (its lease passed) → its steps resumed, then `already`.
 */
async function resume(row: ReleaseProblemRow, issueId: string, issueKey: string, request: ReportReleaseProblemRequest, deps: ReportReleaseProblemDeps): Promise<ResolverResult<ReportReleaseProblemData>> {
  const done = isReviewed(row.class) ? row.reviewPage !== null : row.issueKey !== null;
  const leased = Date.parse(row.reportedAt) + REPORT_LEASE_SECONDS * 1000 > deps.clock.now().getTime();
  if (row.class === 'caused_outage' && (done || leased)) {
    // the incident's answer (its issue's URL), from the declaration path: reads only, as it is declared already
    const declared = request.level ? await deps.declare(issueId, declareRequest(row, request.level, request.requestId)) : undefined;
    return ok(outageAnswer('already', row, declared?.ok ? declared.data : undefined));
  }
  const { pageLanguage } = await deps.settings();
  // (an outage row resumed by a request without a level: a request id reused for another class; its row stands)
  if (done || leased || (row.class === 'caused_outage' && !request.level)) return ok(await pendingAnswer(row, pageLanguage, deps.store));
  return finish(row, issueId, issueKey, request, await deps.access.me(), deps, 'already');
}

async function finish(
  row: ReleaseProblemRow,
  issueId: string,
  issueKey: string,
  request: ReportReleaseProblemRequest,
  actor: Actor,
  deps: ReportReleaseProblemDeps,
  outcome: ReportReleaseProblemData['outcome'],
): Promise<ResolverResult<ReportReleaseProblemData>> {
  const settings = await deps.settings();
  const { pages, tracker } = await deps.app();
  const dedupeId = `kaizen-release-problem=${row.problemId}`;

  if (isReviewed(row.class)) {
    const deployment = row.deploymentId ? await deps.store.deployment(row.deploymentId) : undefined;
    const page = await ensureReviewPage(reviewFacts({ ...row, class: row.class }, deployment, { key: issueKey }), settings.pageLanguage, pages, settings);
    await tracker.upsertRemoteLink(issueKey, { globalId: `kaizen-release-review=${row.problemId}`, url: page.url, title: page.title });
    await tracker.addComment(issueKey, renderReleaseProblemComment({ releaseClass: row.class, summary: row.summary, reporter: actor.displayName, reviewPage: page }, settings.pageLanguage), dedupeId);
    await deps.store.recordReviewPage(row.problemId, { id: page.id, url: page.url });
    await keepReleaseReviewRow({ ...row, issueKey }, page, settings.pageLanguage, deps.clock.now().toISOString(), deps);
    return ok({ outcome, problemId: row.problemId, class: row.class, reviewPage: { id: page.id, url: page.url, title: page.title } });
  }

  // caused an outage: declared as the user; a refusal (Jira refused the issue, a time rule) keeps nothing
  const declared = await deps.declare(issueId, declareRequest(row, request.level!, request.requestId));
  if (!declared.ok) {
    await deps.store.removeUnfinished(row.problemId);
    return declared;
  }
  const incident = declared.data;
  if (row.deploymentId) await deps.attribute(incident.incidentId, row.deploymentId, actor);
  await tracker.addComment(
    issueKey,
    renderReleaseProblemComment({ releaseClass: 'caused_outage', summary: row.summary, reporter: actor.displayName, ...(incident.issue ? { incident: { key: incident.issue.key, url: incident.issue.url } } : {}) }, settings.pageLanguage),
    dedupeId,
  );
  await deps.store.recordIncident(row.problemId, incident.incidentId, incident.issue?.key ?? null);
  return ok(outageAnswer(outcome, row, incident));
}

/** The declaration a caused outage makes: a new Incident issue, the summary as its title, the time as impact start. */
function declareRequest(row: ReleaseProblemRow, level: NonNullable<ReportReleaseProblemRequest['level']>, requestId: string): DeclareIncidentRequest {
  return { requestId, target: 'new-issue', title: row.summary, level, impactStartedAt: row.occurredAt, drill: false };
}

function outageAnswer(outcome: ReportReleaseProblemData['outcome'], row: ReleaseProblemRow, incident: DeclareIncidentData | undefined): ReportReleaseProblemData {
  return { outcome, problemId: row.problemId, class: row.class, ...(incident?.issue ? { incident: { issueKey: incident.issue.key, url: incident.issue.url } } : {}) };
}

/** Reported already (by this request's other call): what the row says so far — its review page once recorded. */
async function pendingAnswer(row: ReleaseProblemRow, language: Language, store: ReleaseProblemStore): Promise<ReportReleaseProblemData> {
  let page: ReportReleaseProblemData['reviewPage'];
  if (row.reviewPage && isReviewed(row.class)) {
    // its title, as the page was made (titles are rendered from the row and its deployment)
    const deployment = row.deploymentId ? await store.deployment(row.deploymentId) : undefined;
    page = { ...row.reviewPage, title: renderReleaseReviewTitle(reviewFacts({ ...row, class: row.class }, deployment), language) };
  }
  return { outcome: 'already', problemId: row.problemId, class: row.class, ...(page ? { reviewPage: page } : {}) };
}
