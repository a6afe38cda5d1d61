/**
 * The issue panel's incident (DESIGN 3.3): the incident Kaizen opened for this issue, its latest machine timeline,
 * or `incident: null` for an issue that is not a Kaizen incident.
 */
import { PANEL_ALERTS, PANEL_TIMELINE_ENTRIES, type GetIncidentData } from '../shared/incident-view';
import type { Settings } from '../shared/settings';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import { toIncidentView, toRetrospectivePanel, toTimelineSlice } from './incident-views';
import type { Clock } from './ports';
import type { IncidentReads, UserAccess } from './ui-ports';

export interface GetIncidentDeps {
  access: Pick<UserAccess, 'canViewIssue'>;
  incidents: IncidentReads;
  /**
   * The settings the panel shows (the settings row: one KVS read): the levels' names and descriptions as the admin set
   * them, the hours a retrospective is due after recovery, and the team's time zone (what "overdue" means today).
   */
  settings: () => Promise<Pick<Settings, 'levels' | 'retrospectiveDueHours' | 'timeZone'>>;
  clock: Clock;
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
  // 3. Its alerts (a bounded list, firing first), its latest machine timeline, and the settings the panel shows.
  const [alerts, timeline, settings] = await Promise.all([deps.incidents.alertsToShow(incident, PANEL_ALERTS), deps.incidents.latestTimeline(incident, PANEL_TIMELINE_ENTRIES), deps.settings()]);
  return ok({
    incident: toIncidentView(incident, alerts),
    timeline: toTimelineSlice(timeline, incident.timelineCount),
    levels: settings.levels,
    retro: toRetrospectivePanel(incident, settings, deps.clock.now()),
  });
}
