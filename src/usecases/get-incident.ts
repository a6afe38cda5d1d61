/**
 * The issue panel's incident (DESIGN 3.3): the incident Kaizen opened for this issue, its latest machine timeline,
 * or `incident: null` for an issue that is not a Kaizen incident.
 */
import { PANEL_ALERTS, PANEL_TIMELINE_ENTRIES, type GetIncidentData, type LevelNames } from '../shared/incident-view';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import { toIncidentView, toTimelineSlice } from './incident-views';
import type { IncidentReads, UserAccess } from './ui-ports';

export interface GetIncidentDeps {
  access: Pick<UserAccess, 'canViewIssue'>;
  incidents: IncidentReads;
  /** The levels' names and descriptions as the admin set them (the settings row: one KVS read). */
  levelNames: () => Promise<LevelNames>;
}

export async function getIncidentOfIssue(issueId: string, deps: GetIncidentDeps): Promise<ResolverResult<GetIncidentData>> {
  // 1. The issue id came through the browser: only what the user can see is shown.
  if (!(await deps.access.canViewIssue(issueId))) return fail('issue-not-visible', `Issue ${issueId} does not exist or you cannot see it.`);
  // 2. The incident behind the issue, if it is one.
  const incidentId = await deps.incidents.incidentIdOfIssue(issueId);
  if (!incidentId) return ok({ incident: null });
  const incident = await deps.incidents.load(incidentId);
  // a property pointing at another issue's incident (a copied or moved issue) is not this issue's incident
  if (!incident || (incident.issue && incident.issue.id !== issueId)) return ok({ incident: null });
  // 3. Its alerts (a bounded list, firing first), its latest machine timeline, and the level names the admin set.
  const [alerts, timeline, levels] = await Promise.all([deps.incidents.alertsToShow(incident, PANEL_ALERTS), deps.incidents.latestTimeline(incident, PANEL_TIMELINE_ENTRIES), deps.levelNames()]);
  return ok({ incident: toIncidentView(incident, alerts), timeline: toTimelineSlice(timeline, incident.timelineCount), levels });
}
