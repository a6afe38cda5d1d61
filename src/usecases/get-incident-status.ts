/**
 * The live status macro on the incident page (DESIGN 3.2): status, level, started, duration and the latest machine
 * timeline entries. The page id and the incident id both come through the browser, so the user must be able to
 * read the page the macro is on and, when the incident has its own page elsewhere, that page too (as the user).
 * The macro is only supported on pages (Kaizen puts it on the incident page); on a blog post the check refuses.
 */
import { isHttpUrl } from '../shared/http-url';
import { MACRO_TIMELINE_ENTRIES, type IncidentStatus } from '../shared/incident-status';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import { toTimelineSlice } from './incident-views';
import type { Clock } from './ports';
import type { IncidentReads, UserAccess } from './ui-ports';

export interface IncidentStatusDeps {
  access: Pick<UserAccess, 'canReadPage'>;
  incidents: Pick<IncidentReads, 'load' | 'latestTimeline'>;
  clock: Clock;
}

export async function getIncidentStatus(contentId: string, incidentId: string, deps: IncidentStatusDeps): Promise<ResolverResult<IncidentStatus>> {
  // 1. The page the macro is on must be readable by the user before anything about the incident is said.
  if (!(await deps.access.canReadPage(contentId))) return fail('content-not-visible', `You cannot read page ${contentId}.`);
  // 2. The incident, and its own page if that is another one.
  const incident = await deps.incidents.load(incidentId);
  if (!incident) return fail('incident-not-found', `No Kaizen incident ${incidentId}.`);
  if (incident.page && incident.page.id !== contentId && !(await deps.access.canReadPage(incident.page.id))) {
    return fail('content-not-visible', 'You cannot read the incident page of this incident.');
  }
  // 3. Its status and latest timeline.
  const timeline = await deps.incidents.latestTimeline(incident, MACRO_TIMELINE_ENTRIES);
  return ok({
    id: incident.id,
    title: incident.title,
    state: incident.state,
    level: incident.level,
    drill: incident.drill,
    impactStartedAt: incident.impactStartedAt,
    ...(incident.recoveredAt ? { recoveredAt: incident.recoveredAt } : {}),
    ...(incident.issue && isHttpUrl(incident.issue.url) ? { issue: { key: incident.issue.key, url: incident.issue.url } } : {}),
    timeline: toTimelineSlice(timeline, incident.timelineCount),
    asOf: deps.clock.now().toISOString(),
  });
}
