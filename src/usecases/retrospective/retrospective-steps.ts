/**
 * What the retrospective's three actions share (draft, refresh facts, publish): the person's authorisation AS THE
 * USER (they may edit the issue; and they may read the retrospective page before Kaizen reads or writes it as the
 * app or answers its text), the incident of the issue, the page read for the status people set and the hints in
 * their text, and the publish steps that a person's "Published" on the page also triggers.
 */
import type { Incident, PersonMark } from '../../domain/incident';
import { renderRetrospectiveComment } from '../../documents/retrospective-comment';
import { regionId } from '../../documents/regions';
import { readRetrospectiveStatus, renderRetrospectiveStatusMacro } from '../../documents/retrospective-status';
import { retrospectiveHints } from '../../documents/retrospective-text';
import type { BlamelessHintView, RetrospectiveView } from '../../shared/retrospective';
import { fail, type ResolverResult } from '../../shared/resolver-result';
import type { Settings } from '../../shared/settings';
import type { Clock, IncidentPages, IncidentTracker } from '../ports';
import type { IncidentReads, IncidentUpdate, UserAccess } from '../ui-ports';
import type { GatherDeps } from './gather-facts';
import { keepPageLabels, type ReportingDeps } from '../reporting-rows';
import { announce, publishedNotification, type NotifyDeps } from '../notify/notification';

/** The page label of a published retrospective (DESIGN 3.6: the library finds them by it). */
export const PUBLISHED_LABEL = 'kaizen-postmortem';

export interface RetrospectiveDeps extends GatherDeps, ReportingDeps, NotifyDeps {
  access: Pick<UserAccess, 'canEditIssue' | 'canReadPage' | 'me'>;
  incidents: GatherDeps['incidents'] & Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  update: IncidentUpdate;
  clock: Clock;
  /** The app's side: pages and Jira as the app, and the settings the page needs. */
  app(): Promise<{ pages: IncidentPages; tracker: IncidentTracker; settings: Pick<Settings, 'confluenceSpaceKey' | 'retrospectivesParentPageId' | 'retrospectivesParentTitle'> }>;
}

export type Retro = NonNullable<Incident['retrospective']>;

/** 1. may edit the issue (as the user); 2. its incident, with its issue recorded; 3. who acts. */
export async function authorise(issueId: string, deps: RetrospectiveDeps, doing: string): Promise<ResolverResult<never> | { incident: Incident; actor: PersonMark }> {
  if (!(await deps.access.canEditIssue(issueId))) return fail('edit-not-allowed', `You need permission to edit this issue ${doing}.`);
  const incidentId = await deps.incidents.incidentIdOfIssue(issueId);
  const incident = incidentId ? await deps.incidents.load(incidentId) : undefined;
  if (!incident || (incident.issue && incident.issue.id !== issueId)) return fail('incident-not-found', 'This issue has no Kaizen incident.');
  // the record does not name its issue yet (a declaration still being filed): nothing to link or comment on
  if (!incident.issue) return fail('issue-not-ready', 'The incident has no Jira issue recorded yet.');
  const me = await deps.access.me();
  return { incident, actor: { accountId: me.accountId, displayName: me.displayName, at: deps.clock.now().toISOString() } };
}

/**
 * The calling user may read the retrospective page (`GET /wiki/api/v2/pages/{id}` as the user): Kaizen reads and
 * writes the page as the app and answers its text (the hints), so a person who cannot read it (a restricted page)
 * is refused before any of that, with nothing written.
 */
export async function pageRefusal(pageId: string, deps: RetrospectiveDeps): Promise<ResolverResult<never> | undefined> {
  return (await deps.access.canReadPage(pageId)) ? undefined : fail('content-not-visible', `You cannot read the retrospective page ${pageId}.`);
}

export const isRefusal = (r: unknown): r is ResolverResult<never> => typeof r === 'object' && r !== null && 'ok' in r;

export function retrospectiveView(retro: Retro): RetrospectiveView {
  return {
    page: { title: retro.page.title, url: retro.page.url },
    status: retro.status,
    draftedAt: retro.draftedAt,
    draftedBy: retro.draftedBy.displayName,
    ...(retro.publishedAt ? { publishedAt: retro.publishedAt } : {}),
    ...(retro.factsRefreshedAt ? { factsRefreshedAt: retro.factsRefreshedAt } : {}),
  };
}

/** The hints of people's sections; none when the page cannot be read or parsed (they are advice, never a blocker). */
export function hintsOf(storage: string | undefined, incidentId: string): BlamelessHintView[] {
  if (storage === undefined) return [];
  try {
    return retrospectiveHints(storage, incidentId);
  } catch {
    return [];
  }
}

/**
 * Publishes: the page's status macro (unless a person set it already: `macroSet`), the `kaizen-postmortem` label,
 * one comment on the incident issue (a dedupe id, so a retry never posts twice), then the record. Each step is
 * harmless to repeat, and the record comes last, so a crash part way is finished by the next call.
 */
export async function publishSteps(incident: Incident, retro: Retro, actor: PersonMark, deps: RetrospectiveDeps, macroSet: boolean): Promise<Incident | undefined> {
  const { pages, tracker } = await deps.app();
  if (!macroSet) {
    await pages.replaceOwnedRegions(retro.page.id, [
      { regionId: regionId(incident.id, 'retro-status'), whole: true, render: () => renderRetrospectiveStatusMacro(incident.id, 'published', incident.language) },
    ]);
  }
  const labels = await deps.reads.addPageLabel(retro.page.id, PUBLISHED_LABEL);
  if (incident.issue) await tracker.addComment(incident.issue.key, renderRetrospectiveComment(retro.page, incident.language), `kaizen-retro-published=${incident.id}`);
  const at = deps.clock.now().toISOString();
  const published = await deps.update(
    incident.id,
    (i) => (i.retrospective && i.retrospective.status !== 'published' ? { ...i, retrospective: { ...i.retrospective, status: 'published', publishedAt: at, publishedBy: actor } } : undefined),
    () => [],
  );
  // the library's label filter: the page's labels as Confluence answered them (never failing the publish)
  await keepPageLabels(retro.page.id, labels, deps);
  // the announcement (DESIGN 3.6): Slack too, once published now — queued, never failing the publish
  if (published?.retrospective?.publishedAt === at) await announce(deps, publishedNotification(published, at));
  return published;
}

/**
 * What people set on the page's status macro, followed: "Published" runs the publish steps (the macro is already
 * so), "In review" is recorded. Answers the record after.
 */
export async function followPageStatus(incident: Incident, storage: string | undefined, actor: PersonMark, deps: RetrospectiveDeps): Promise<Incident> {
  const retro = incident.retrospective;
  if (!retro || storage === undefined || retro.status === 'published') return incident;
  let status;
  try {
    status = readRetrospectiveStatus(storage, incident.id);
  } catch {
    return incident;
  }
  if (status === 'published') return (await publishSteps(incident, retro, actor, deps, true)) ?? incident;
  if (status && status !== retro.status) {
    return (await deps.update(incident.id, (i) => (i.retrospective && i.retrospective.status !== 'published' ? { ...i, retrospective: { ...i.retrospective, status } } : undefined), () => [])) ?? incident;
  }
  return incident;
}
