/**
 * A past incident as a drill plan: the alert events Kaizen kept on its timeline, in order, with their relative
 * times, each described from what the incident holds of its alert (title, monitor, severity). Pure.
 */
import { canReplay } from './drill-payloads';
import { normalisePlan, type DrillAlertSpec, type DrillStep } from './drill-plan';
import type { IncidentAlert, TimelineEntry } from './incident';

const STATUS_OF_KIND: Partial<Record<TimelineEntry['kind'], DrillAlertSpec['status']>> = {
  // the first alert is on the timeline as the incident's opening (with its alert key); a declared incident has none
  'incident-opened': 'firing',
  'alert-opened': 'firing',
  'alert-escalated': 'firing',
  'alert-acknowledged': 'acknowledged',
  'alert-resolved': 'resolved',
};

/** `mackerel:service:ec-site` → `ec-site` (the sender's service, where its group key names one). */
function serviceOf(groupKey: string): string | undefined {
  const m = /^[a-z]+:(?:service|role|entity):([^:]+)/.exec(groupKey);
  return m?.[1];
}

/**
 * The plan for replaying these timeline entries (oldest first) of an incident holding `alerts`. Events of alerts from
 * senders a drill cannot speak for, notes and people's entries are left out.
 */
export function stepsFromTimeline(entries: readonly TimelineEntry[], alerts: readonly IncidentAlert[]): DrillStep[] {
  const byKey = new Map(alerts.map((a) => [a.key, a]));
  const events = entries.filter((e) => e.alertKey && e.source && STATUS_OF_KIND[e.kind] && canReplay(e.source));
  const first = events[0] ? Date.parse(events[0].at) : 0;
  const steps = events.map((e): DrillStep => {
    const held = byKey.get(e.alertKey!);
    const status = STATUS_OF_KIND[e.kind]!;
    const severity = status === 'resolved' ? 'info' : (e.severity ?? held?.severity ?? 'warning');
    return {
      source: e.source!,
      offsetSeconds: Math.max(0, Math.round((Date.parse(e.at) - first) / 1000)),
      alert: {
        ref: e.alertKey!.slice(0, 80),
        status,
        severity,
        title: (held?.title ?? e.title).slice(0, 500),
        message: (e.detail ?? e.title).slice(0, 2000),
        monitor: (held?.monitorName ?? e.title).slice(0, 200),
        ...(held && serviceOf(held.groupKey) ? { service: serviceOf(held.groupKey)!.slice(0, 200) } : {}),
      },
    };
  });
  return normalisePlan(steps);
}
