/**
 * Everything Kaizen knows about an incident, for the retrospective's facts region (DESIGN 3.4): the incident and its
 * key times, level, drill and roles; its alerts with monitors and links; the latest timeline (machine events and
 * people's panel notes); the rows people wrote in the live page's notes table; who took part (roles, the live page's
 * editors, the issue's commenters — never the app); and related incidents. Every read is bounded (constants below).
 */
import { subDays } from 'date-fns';
import { alertTotal, type Incident } from '../../domain/incident';
import { readLiveNotes } from '../../documents/live-page-notes';
import type { RelatedIncident, RetrospectiveAlert, RetrospectiveFacts } from '../../documents/retrospective-page';
import { t } from '../../i18n/messages';
import type { IncidentReads } from '../ui-ports';
import type { RecentIncidents, RetrospectiveReads } from './retrospective-ports';

/** At most this many alerts are read (the page lists at most 100 too, and counts the rest). */
export const FACTS_ALERTS = 100;
/** The latest this many timeline entries are read (the total is counted, never all read). */
export const FACTS_TIMELINE_ENTRIES = 300;
/** The live page's latest this many versions give its editors. */
export const FACTS_PAGE_VERSIONS = 50;
/** The issue's latest this many comments give its commenters. */
export const FACTS_COMMENTS = 100;
/** Related incidents: those whose impact started in the last this many days … */
export const RELATED_DAYS = 90;
/** … read from at most this many newest incidents per state (so at most 5 × this records) … */
export const RELATED_SCAN_PER_STATE = 50;
/** … and at most this many shown, newest first. */
export const RELATED_SHOWN = 20;

export interface GatherDeps {
  incidents: Pick<IncidentReads, 'alertsToShow' | 'latestTimeline'>;
  reads: RetrospectiveReads;
  recent: RecentIncidents;
  clock: { now(): Date };
}

export async function gatherFacts(incident: Incident, deps: GatherDeps): Promise<RetrospectiveFacts> {
  const issueKey = incident.issue?.key ?? incident.id;
  const [alerts, timeline, liveStorage, pageAuthors, commenters, recent] = await Promise.all([
    deps.incidents.alertsToShow(incident, FACTS_ALERTS),
    deps.incidents.latestTimeline(incident, FACTS_TIMELINE_ENTRIES),
    incident.page ? deps.reads.pageStorage(incident.page.id) : Promise.resolve(undefined),
    incident.page ? deps.reads.pageAuthors(incident.page.id, FACTS_PAGE_VERSIONS) : Promise.resolve([]),
    incident.issue ? deps.reads.commentAuthors(incident.issue.key, FACTS_COMMENTS) : Promise.resolve([]),
    deps.recent(subDays(deps.clock.now(), RELATED_DAYS).toISOString(), RELATED_SCAN_PER_STATE),
  ]);
  let pageNotes: RetrospectiveFacts['pageNotes'] = [];
  if (liveStorage !== undefined) {
    try {
      pageNotes = readLiveNotes(liveStorage, { language: incident.language, anchorIso: incident.impactStartedAt, kaizenName: t(incident.language, 'common.kaizen') });
    } catch {
      pageNotes = []; // a page Kaizen cannot parse still gets a retrospective, without its notes
    }
  }
  const panelActors = timeline.flatMap((e) => (e.actorAccountId ? [e.actorAccountId] : []));
  return {
    issueKey,
    issueUrl: incident.issue?.url,
    title: incident.title,
    level: incident.level,
    drill: incident.drill,
    roles: incident.roles,
    alsoTookPart: [...new Set([...pageAuthors, ...commenters, ...panelActors])],
    keyTimes: {
      impactStartedAt: incident.impactStartedAt,
      detectedAt: incident.detectedAt,
      ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}),
      ...(incident.mitigatedAt ? { mitigatedAt: incident.mitigatedAt } : {}),
      ...(incident.recoveredAt ? { recoveredAt: incident.recoveredAt } : {}),
      ...(incident.closedAt ? { closedAt: incident.closedAt } : {}),
    },
    alerts: alerts.map(
      (a): RetrospectiveAlert => ({ source: a.source, title: a.title, monitorName: a.monitorName, monitorUrl: a.monitorUrl, url: a.url, severity: a.severity, firstSeenAt: a.firstSeenAt }),
    ),
    alertsTotal: alertTotal(incident.alertCounts),
    timeline,
    // the count of machine entries, when only the latest were read (people's entries are always all shown)
    ...(timeline.length < incident.timelineCount ? { timelineTotal: incident.timelineCount - timeline.filter(isPersons).length } : {}),
    pageNotes,
    related: relatedOf(incident, recent),
    livePage: incident.page ? { title: incident.page.title, url: incident.page.url } : undefined,
  };
}

/** A person's entry (the renderer's rule: it carries who acted and no alert source). */
const isPersons = (e: { actorAccountId?: string | undefined; actor?: string | undefined; source?: string | undefined }): boolean => e.actorAccountId !== undefined || (e.actor !== undefined && e.source === undefined);

/** Other incidents sharing a group key (the same monitor / service grouping), newest first, drills kept apart. */
export function relatedOf(incident: Incident, recent: readonly Incident[]): RelatedIncident[] {
  const keys = new Set(incident.groupKeys);
  const seen = new Set<string>([incident.id]);
  return recent
    .filter((other) => {
      if (seen.has(other.id) || other.drill !== incident.drill || !other.groupKeys.some((k) => keys.has(k))) return false;
      seen.add(other.id);
      return true;
    })
    .sort((a, b) => Date.parse(b.impactStartedAt) - Date.parse(a.impactStartedAt))
    .slice(0, RELATED_SHOWN)
    .map((other) => ({ key: other.issue?.key ?? other.id, title: other.title, url: other.issue?.url, at: other.impactStartedAt, level: other.level }));
}
