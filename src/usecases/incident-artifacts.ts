/**
 * open-incident's product steps (DESIGN 3.1 step 4): the Jira issue, the live Confluence page, the link between
 * them — at most three product writes. Each step first checks the record, then the product (an issue found by its
 * `kaizen-incident` property, a page found by its unique title), so a crash between a write and its bookkeeping
 * resumes without a second issue or page.
 */
import type { Alert } from '../domain/alert';
import { addMinutes, differenceInSeconds } from 'date-fns';
import type { Incident, IntakeSettings } from '../domain/incident';
import { regionId } from '../documents/regions';
import { renderDeclaredIssueDescription, renderDeclaredIssueSummary, renderIssueDescription, renderIssueSummary } from '../documents/issue-description';
import { renderIncidentPage, renderTimelineRegionBody } from '../documents/incident-page';
import { TIMELINE_REGION_MAX_ROWS } from '../documents/timeline-region';
import { responseRegionUpdates } from '../documents/response-regions';
import { PAGE_SYNC_CLAIM_SECONDS, pageRegionsFingerprint } from './sync-page-regions';
import { t } from '../i18n/messages';
import { loadIncident, loadLatestTimeline, updateIncident } from '../storage/incident-store';
import type { Clock, IncidentPages, IncidentTracker, IssueRef } from './ports';

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
export async function resumeIncidentArtifacts(incidentId: string, alert: Alert | undefined, deps: ArtifactDeps): Promise<void> {
  const now = deps.clock.now();
  let taken = false;
  await updateIncident(incidentId, (i) => {
    taken = !artifactsComplete(i) && (!i.artifactsLeaseUntil || new Date(i.artifactsLeaseUntil) <= now);
    return taken ? { ...i, artifactsLeaseUntil: addMinutes(now, ARTIFACTS_LEASE_MINUTES).toISOString() } : undefined;
  });
  if (taken) await ensureIncidentArtifacts(incidentId, alert, deps);
}

/**
 * `alert`: the alert that opened the incident (or any alert of it, when resuming); undefined for an incident declared
 * by hand, whose record says what the issue and page show (`incident.declared`).
 */
export async function ensureIncidentArtifacts(incidentId: string, alert: Alert | undefined, deps: ArtifactDeps): Promise<void> {
  let incident = await loadIncident(incidentId);
  if (!incident) return;
  if (!alert && !incident.declared) throw new Error(`Incident ${incidentId} was not declared by hand: its creation steps need an alert`);
  const { settings } = deps;

  if (!incident.issue) {
    const issue = await issueFor(incident, alert, deps);
    // the level its summary prefix and priority show: a level raised meanwhile follows with the next comment
    const issueLevel = incident.level;
    incident = (await updateIncident(incident.id, (i) => (i.issue ? undefined : { ...i, issue, issueLevel })))!;
  }

  if (!incident.page && incident.issue) {
    const issueKey = incident.issue.key;
    const rendered = renderIncidentPage({ incident, issueKey, alert, language: incident.language, macro: { extensionKey: deps.macroExtensionKey } });
    const parentId = settings.incidentsParentPageId ?? (await deps.pages.findPageId(settings.confluenceSpaceKey, settings.incidentsParentTitle));
    const page = await deps.pages.createPage({ spaceKey: settings.confluenceSpaceKey, parentId, title: rendered.title, storage: rendered.storage });
    // the regions as the page was made with them: the next sync writes only when they change
    const fingerprint = pageRegionsFingerprint(incident);
    incident = (await updateIncident(incident.id, (i) => (i.page ? undefined : { ...i, page, pageRegionsFingerprint: fingerprint })))!;
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
 * never all read. The Roles and Key times regions go in the same page write, as they are at recovery: the freeze takes
 * the region sync's claim (sync-page-regions) like a sync does, renders them from the record it claimed and records
 * their fingerprint, so the sync after it finds nothing to write — one write in all. When a sync holds the claim, the
 * freeze writes the timeline alone and leaves the regions to that sync (never two writers of the same regions).
 * Answers the record after (for that sync's `current`).
 */
export async function freezeTimeline(incidentId: string, deps: ArtifactDeps): Promise<Incident | undefined> {
  const seen = await loadIncident(incidentId);
  if (!seen?.page || seen.timelineFrozenAt === seen.recoveredAt) return seen;
  const now = deps.clock.now();
  let claim: { claimedAt: string } | undefined;
  const incident = (await updateIncident(incidentId, (i) => {
    claim = undefined;
    if (i.pageSyncClaim && differenceInSeconds(now, new Date(i.pageSyncClaim.claimedAt)) < PAGE_SYNC_CLAIM_SECONDS) return undefined;
    claim = { claimedAt: now.toISOString() };
    return { ...i, pageSyncClaim: claim };
  }))!;
  const entries = await loadLatestTimeline(incident, TIMELINE_REGION_MAX_ROWS);
  const timeline = { regionId: regionId(incidentId, 'timeline'), render: () => renderTimelineRegionBody(entries, incident.language, incident.timelineCount) };
  let written = false;
  let landed = false;
  try {
    ({ written } = await deps.pages.replaceOwnedRegions(incident.page!.id, claim ? [timeline, ...responseRegionUpdates(incident)] : [timeline]));
    landed = true;
  } finally {
    if (claim) {
      const mine = claim.claimedAt;
      const fingerprint = pageRegionsFingerprint(incident);
      // the claim is given back; the regions' fingerprint recorded only when the write went through (or was so already)
      await updateIncident(incidentId, (i) => (i.pageSyncClaim?.claimedAt === mine ? { ...i, pageSyncClaim: undefined, ...(landed ? { pageRegionsFingerprint: fingerprint } : {}) } : undefined)).catch(() => undefined);
    }
  }
  const at = now.toISOString();
  return updateIncident(incidentId, (i) => ({ ...i, timelineFrozenAt: i.recoveredAt ?? at, ...(written && claim ? { pageRegionsWrittenAt: at } : {}) }));
}

/**
 * The incident's issue: for an alert, the one already made for it (found by its property after a crash) or a new
 * one; for a declaration, the issue it was declared on (made the incident's) or a new one.
 */
async function issueFor(incident: Incident, alert: Alert | undefined, deps: ArtifactDeps): Promise<IssueRef> {
  const { settings } = deps;
  const priorityName = settings.priorityByLevel[incident.level];
  const labels = labelsFor(alert, incident.drill);
  const assignee = incident.roles?.commander ? { assigneeAccountId: incident.roles.commander } : {};
  if (!alert && incident.declared?.issueId) {
    return deps.tracker.makeIncidentIssue(incident.declared.issueId, { incidentId: incident.id, summary: renderDeclaredIssueSummary(incident), priorityName, labels, ...assignee });
  }
  return (
    (await deps.tracker.findIssueByIncidentId(incident.id, settings.jiraProjectKey)) ??
    (await deps.tracker.createIncidentIssue({
      incidentId: incident.id,
      projectKey: settings.jiraProjectKey,
      issueType: settings.incidentIssueType,
      summary: alert ? renderIssueSummary(alert, incident.level, { drill: incident.drill, language: incident.language }) : renderDeclaredIssueSummary(incident),
      description: alert ? renderIssueDescription({ incident, alert, language: incident.language }) : renderDeclaredIssueDescription(incident),
      priorityName,
      labels,
      ...assignee,
    }))
  );
}

/**
 * Labels for search and the gadget: the source, the service/roles (`kaizen-declared` for an incident declared by
 * hand), and `kaizen-drill` for drills.
 */
function labelsFor(alert: Alert | undefined, drill: boolean): string[] {
  const label = (s: string) => s.normalize('NFKC').replace(/\s+/g, '_').replace(/[^\p{L}\p{N}_.:-]/gu, '').slice(0, 255);
  const out = ['kaizen', alert ? `kaizen-source-${alert.source}` : 'kaizen-declared'];
  if (alert?.service) out.push(label(`service-${alert.service}`));
  for (const role of alert?.roles.slice(0, 3) ?? []) out.push(label(`role-${role}`));
  if (drill) out.push('kaizen-drill');
  return [...new Set(out.filter((l) => l.length > 0))];
}

/** Gives up the creation lease an event holds (it is being dead-lettered), so a replay or a later alert resumes at once. */
export async function releaseArtifactsLease(incidentId: string, eventId: string): Promise<void> {
  await updateIncident(incidentId, (i) => (i.openedByEventId === eventId && i.artifactsLeaseUntil ? { ...i, artifactsLeaseUntil: undefined } : undefined));
}
