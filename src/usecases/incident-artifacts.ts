/**
 * open-incident's product steps (DESIGN 3.1 step 4): the Jira issue, the live Confluence page, the link between
 * them — at most three product writes. Each step first checks the record, then the product (an issue found by its
 * `kaizen-incident` property, a page found by its unique title), so a crash between a write and its bookkeeping
 * resumes without a second issue or page.
 */
import type { Alert } from '../domain/alert';
import { addMinutes } from 'date-fns';
import type { Incident, IntakeSettings } from '../domain/incident';
import { regionId } from '../documents/regions';
import { renderIssueDescription, renderIssueSummary } from '../documents/issue-description';
import { renderIncidentPage, renderTimelineRegionBody } from '../documents/incident-page';
import { TIMELINE_REGION_MAX_ROWS } from '../documents/timeline-region';
import { t } from '../i18n/messages';
import { loadIncident, loadLatestTimeline, updateIncident } from '../storage/incident-store';
import type { Clock, IncidentPages, IncidentTracker } from './ports';

export interface ArtifactDeps {
  tracker: IncidentTracker;
  pages: IncidentPages;
  clock: Clock;
  settings: IntakeSettings;
  /** `<appId>/<environmentId>/static/incident-status`: how the page embeds the live macro. */
  macroExtensionKey: string;
}


/** How long one invocation may own the creation steps before another may resume them. */
export const ARTIFACTS_LEASE_MINUTES = 5;

export const artifactsComplete = (i: Incident): boolean => !!i.issue && !!i.page && i.linked;

/**
 * For an event other than the opening one: takes over unfinished creation steps once the lease has passed
 * (conditional write, so exactly one invocation wins), then runs them.
 */
export async function resumeIncidentArtifacts(incidentId: string, alert: Alert, deps: ArtifactDeps): Promise<void> {
  const now = deps.clock.now();
  let taken = false;
  await updateIncident(incidentId, (i) => {
    taken = !artifactsComplete(i) && (!i.artifactsLeaseUntil || new Date(i.artifactsLeaseUntil) <= now);
    return taken ? { ...i, artifactsLeaseUntil: addMinutes(now, ARTIFACTS_LEASE_MINUTES).toISOString() } : undefined;
  });
  if (taken) await ensureIncidentArtifacts(incidentId, alert, deps);
}

export async function ensureIncidentArtifacts(incidentId: string, alert: Alert, deps: ArtifactDeps): Promise<void> {
  let incident = await loadIncident(incidentId);
  if (!incident) return;
  const { settings } = deps;

  if (!incident.issue) {
    const issue =
      (await deps.tracker.findIssueByIncidentId(incident.id, settings.jiraProjectKey)) ??
      (await deps.tracker.createIncidentIssue({
        incidentId: incident.id,
        projectKey: settings.jiraProjectKey,
        issueType: settings.incidentIssueType,
        summary: renderIssueSummary(alert, incident.level, { drill: incident.drill, language: incident.language }),
        description: renderIssueDescription({ incident, alert, language: incident.language }),
        priorityName: settings.priorityByLevel[incident.level],
        labels: labelsFor(alert, incident.drill),
      }));
    incident = (await updateIncident(incident.id, (i) => (i.issue ? undefined : { ...i, issue })))!;
  }

  if (!incident.page && incident.issue) {
    const issueKey = incident.issue.key;
    const rendered = renderIncidentPage({ incident, issueKey, alert, language: incident.language, macro: { extensionKey: deps.macroExtensionKey } });
    const parentId = settings.incidentsParentPageId ?? (await deps.pages.findPageId(settings.confluenceSpaceKey, settings.incidentsParentTitle));
    const page = await deps.pages.createPage({ spaceKey: settings.confluenceSpaceKey, parentId, title: rendered.title, storage: rendered.storage });
    incident = (await updateIncident(incident.id, (i) => (i.page ? undefined : { ...i, page })))!;
  }

  if (!incident.linked && incident.issue && incident.page) {
    await deps.tracker.upsertRemoteLink(incident.issue.key, {
      globalId: `kaizen-incident-page=${incident.id}`,
      url: incident.page.url,
      title: incident.page.title,
      summary: t(incident.language, 'issue.pageLink'),
    });
    await updateIncident(incident.id, (i) => (i.linked ? undefined : { ...i, linked: true }));
  }
}

/**
 * At recovery the machine timeline is written into the page's Kaizen-owned region (DESIGN 3.2): its latest rows
 * (the region shows at most TIMELINE_REGION_MAX_ROWS), read by key — a storm's thousands of entries are counted,
 * never all read.
 */
export async function freezeTimeline(incidentId: string, deps: ArtifactDeps): Promise<void> {
  const incident = await loadIncident(incidentId);
  if (!incident?.page || incident.timelineFrozenAt === incident.recoveredAt) return;
  const entries = await loadLatestTimeline(incident, TIMELINE_REGION_MAX_ROWS);
  await deps.pages.replaceOwnedRegion(incident.page.id, regionId(incidentId, 'timeline'), () => renderTimelineRegionBody(entries, incident.language, incident.timelineCount));
  await updateIncident(incidentId, (i) => ({ ...i, timelineFrozenAt: i.recoveredAt ?? deps.clock.now().toISOString() }));
}

/** Labels for search and the gadget: the source, the service/roles, and `drill` for test incidents. */
function labelsFor(alert: Alert, drill: boolean): string[] {
  const label = (s: string) => s.normalize('NFKC').replace(/\s+/g, '_').replace(/[^\p{L}\p{N}_.:-]/gu, '').slice(0, 255);
  const out = ['kaizen', `kaizen-source-${alert.source}`];
  if (alert.service) out.push(label(`service-${alert.service}`));
  for (const role of alert.roles.slice(0, 3)) out.push(label(`role-${role}`));
  if (drill) out.push('kaizen-drill');
  return [...new Set(out.filter((l) => l.length > 0))];
}

/** Gives up the creation lease an event holds (it is being dead-lettered), so a replay or a later alert resumes at once. */
export async function releaseArtifactsLease(incidentId: string, eventId: string): Promise<void> {
  await updateIncident(incidentId, (i) => (i.openedByEventId === eventId && i.artifactsLeaseUntil ? { ...i, artifactsLeaseUntil: undefined } : undefined));
}
