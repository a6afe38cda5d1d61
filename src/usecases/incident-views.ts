/**
 * The incident as the UI sees it (src/shared/incident-view.ts), from the stored incident: pure. Links that are not
 * http(s) are left out rather than failing the whole view.
 */
import { ALERT_STATES, alertTotal, type Incident, type IncidentAlert, type TimelineEntry } from '../domain/incident';
import { isHttpUrl } from '../shared/http-url';
import type { AlertView, IncidentView, TimelineEntryView, TimelineSlice } from '../shared/incident-view';
import type { RetrospectivePanel } from '../shared/retrospective';
import type { Settings } from '../shared/settings';
import { actionItemCounts, retrospectiveDue } from '../domain/retrospective';

const link = (url: string | undefined): { url: string } | Record<string, never> => (url && isHttpUrl(url) ? { url } : {});

export function toAlertView(a: IncidentAlert): AlertView {
  return {
    key: a.key,
    source: a.source,
    title: a.title,
    state: a.state,
    severity: a.severity,
    monitorName: a.monitorName,
    firstSeenAt: a.firstSeenAt,
    lastEventAt: a.lastEventAt,
    ...(a.resolvedAt ? { resolvedAt: a.resolvedAt } : {}),
    ...link(a.url),
  };
}

export function toTimelineEntryView(e: TimelineEntry): TimelineEntryView {
  // entries stored before `incident-acknowledged` existed: a person's acknowledgement had no alert key
  const kind = e.kind === 'alert-acknowledged' && !e.alertKey ? 'incident-acknowledged' : e.kind;
  return {
    at: e.at,
    kind,
    title: e.title,
    ...(e.source ? { source: e.source } : {}),
    ...(e.severity ? { severity: e.severity } : {}),
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.change ? { change: e.change } : {}),
    ...(e.actor ? { actor: e.actor } : {}),
    ...link(e.url),
  };
}

export function toTimelineSlice(entries: readonly TimelineEntry[], total: number): TimelineSlice {
  return { entries: entries.map(toTimelineEntryView), total: Math.max(total, entries.length) };
}

/** Firing first, then acknowledged, then resolved; newest event first within each. */
export const alertDisplayOrder = (a: IncidentAlert, b: IncidentAlert): number =>
  ALERT_STATES.indexOf(a.state) - ALERT_STATES.indexOf(b.state) || b.lastEventAt.localeCompare(a.lastEventAt) || a.key.localeCompare(b.key);

/** `alerts`: the (bounded) alerts to show, as the incident reads load them; the view also says how many there are. */
export function toIncidentView(i: Incident, shown: readonly IncidentAlert[]): IncidentView {
  const alerts = [...shown].sort(alertDisplayOrder);
  return {
    id: i.id,
    title: i.title,
    state: i.state,
    level: i.level,
    drill: i.drill,
    times: {
      impactStartedAt: i.impactStartedAt,
      detectedAt: i.detectedAt,
      ...(i.acknowledgedAt ? { acknowledgedAt: i.acknowledgedAt } : {}),
      ...(i.mitigatedAt ? { mitigatedAt: i.mitigatedAt } : {}),
      ...(i.recoveredAt ? { recoveredAt: i.recoveredAt } : {}),
      ...(i.closedAt ? { closedAt: i.closedAt } : {}),
    },
    reopenCount: i.reopenCount,
    alerts: alerts.map(toAlertView),
    alertTotal: Math.max(alertTotal(i.alertCounts), alerts.length),
    ...(i.issue && isHttpUrl(i.issue.url) ? { issue: { key: i.issue.key, url: i.issue.url } } : {}),
    ...(i.page && isHttpUrl(i.page.url) ? { page: { title: i.page.title, url: i.page.url } } : {}),
    ...(i.roles ? { roles: { ...i.roles, responders: [...i.roles.responders] } } : {}),
    ...(i.setByPerson && Object.keys(i.setByPerson).length > 0 ? { setByPerson: i.setByPerson } : {}),
  };
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export const dayIn = (now: Date, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** The retrospective as the panel shows it: its page and status, when it is due (24-hour rule), the action items. */
export function toRetrospectivePanel(i: Incident, settings: Pick<Settings, 'retrospectiveDueHours' | 'timeZone'>, now: Date): RetrospectivePanel {
  const retro = i.retrospective;
  const due = retrospectiveDue(i, settings.retrospectiveDueHours, now);
  return {
    ...(retro && isHttpUrl(retro.page.url)
      ? {
          retrospective: {
            page: { title: retro.page.title, url: retro.page.url },
            status: retro.status,
            draftedAt: retro.draftedAt,
            draftedBy: retro.draftedBy.displayName,
            ...(retro.publishedAt ? { publishedAt: retro.publishedAt } : {}),
            ...(retro.factsRefreshedAt ? { factsRefreshedAt: retro.factsRefreshedAt } : {}),
          },
        }
      : {}),
    ...(due ? { due } : {}),
    ...(i.actionItems ? { actionItems: actionItemCounts(i.actionItems, dayIn(now, settings.timeZone)) } : {}),
  };
}
