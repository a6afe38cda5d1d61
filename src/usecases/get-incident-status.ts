/**
 * The live status macro on the incident page (DESIGN 3.2): status, level, roles, key times and the latest machine
 * timeline entries. The page id and the incident id both come through the browser, so the user must be able to
 * read the page the macro is on and, when the incident has its own page elsewhere, that page too (as the user).
 * The macro is only supported on pages (Kaizen puts it on the incident page); on a blog post the check refuses.
 *
 * Polling cost (issue 8 item 4). The macro polls every few seconds and sends the version it holds. When the
 * incident is still at that version the answer is `{ unchanged: true, version }` after ONE KVS read and NO product
 * call — the page-read check as the user is skipped on that path only. Why that is safe:
 *  - the answer reveals nothing but the version number the caller already sent (it must already know the incident
 *    id AND its current version, which it could only have had from an earlier, checked answer);
 *  - the content id comes from the Forge context (trusted), the caller is an authenticated user (the resolver
 *    refuses anonymous calls), and no client flag can skip the check: the server decides from the stored version;
 *  - every answer that carries data — the first load and every change — is checked as the user again, so a user
 *    whose access was revoked is refused at the next change. A revoked user keeps learning only "still version N".
 * A token or server-side cache of the check is not used: Forge gives the resolver no per-session store nor signing
 * key of its own, and a KVS cache would cost a read and a write per poll.
 */
import { isHttpUrl } from '../shared/http-url';
import { MACRO_TIMELINE_ENTRIES, type IncidentStatusAnswer } from '../shared/incident-status';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import { toTimelineSlice } from './incident-views';
import type { Clock } from './ports';
import type { IncidentReads, UserAccess } from './ui-ports';

export interface IncidentStatusDeps {
  access: Pick<UserAccess, 'canReadPage'>;
  incidents: Pick<IncidentReads, 'load' | 'latestTimeline'>;
  clock: Clock;
}

export async function getIncidentStatus(
  contentId: string,
  incidentId: string,
  deps: IncidentStatusDeps,
  sinceVersion?: number,
): Promise<ResolverResult<IncidentStatusAnswer>> {
  // 0. A poll at the current version: one KVS read, nothing said but the version the caller sent (see above).
  let incident = sinceVersion === undefined ? undefined : await deps.incidents.load(incidentId);
  if (incident && incident.version === sinceVersion) return ok({ unchanged: true, version: incident.version });
  // 1. The page the macro is on must be readable by the user before anything about the incident is said.
  if (!(await deps.access.canReadPage(contentId))) return fail('content-not-visible', `You cannot read page ${contentId}.`);
  // 2. The incident (unless step 0 read it), and its own page if that is another one.
  if (sinceVersion === undefined) incident = await deps.incidents.load(incidentId);
  if (!incident) return fail('incident-not-found', `No Kaizen incident ${incidentId}.`);
  if (incident.page && incident.page.id !== contentId && !(await deps.access.canReadPage(incident.page.id))) {
    return fail('content-not-visible', 'You cannot read the incident page of this incident.');
  }
  // 3. Its status, roles, key times and latest timeline.
  const timeline = await deps.incidents.latestTimeline(incident, MACRO_TIMELINE_ENTRIES);
  return ok({
    id: incident.id,
    title: incident.title,
    state: incident.state,
    level: incident.level,
    drill: incident.drill,
    impactStartedAt: incident.impactStartedAt,
    ...(incident.recoveredAt ? { recoveredAt: incident.recoveredAt } : {}),
    version: incident.version,
    times: {
      impactStartedAt: incident.impactStartedAt,
      detectedAt: incident.detectedAt,
      ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}),
      ...(incident.mitigatedAt ? { mitigatedAt: incident.mitigatedAt } : {}),
      ...(incident.recoveredAt ? { recoveredAt: incident.recoveredAt } : {}),
      ...(incident.closedAt ? { closedAt: incident.closedAt } : {}),
    },
    ...(incident.roles ? { roles: { ...incident.roles, responders: [...incident.roles.responders] } } : {}),
    ...(incident.issue && isHttpUrl(incident.issue.url) ? { issue: { key: incident.issue.key, url: incident.issue.url } } : {}),
    ...(incident.retrospective && isHttpUrl(incident.retrospective.page.url)
      ? { retrospective: { title: incident.retrospective.page.title, url: incident.retrospective.page.url, status: incident.retrospective.status } }
      : {}),
    timeline: toTimelineSlice(timeline, incident.timelineCount),
    asOf: deps.clock.now().toISOString(),
  });
}
