/** Test-data builders for the domain: a valid object with overrides, so each test states only what it is about. */
import { alertKeyOf, type Alert } from '../../src/domain/alert';
import type { AlertCounts, Incident, IncidentAlert, IntakeSettings } from '../../src/domain/incident';
import { defaultSettings as settingsDefaults } from '../../src/shared/settings';

export const T0 = '2025-06-10T01:23:45.000Z';
export const minutesAfter = (iso: string, m: number): string => new Date(new Date(iso).getTime() + m * 60_000).toISOString();

export function anAlert(over: Partial<Alert> = {}): Alert {
  return {
    source: 'mackerel',
    sourceAlertId: '4Ksb2dWqJ7m',
    groupKey: 'mackerel:role:web: app',
    status: 'firing',
    severity: { level: 'warning', raw: 'warning' },
    title: 'CPU usage high',
    message: 'CPU 85% > 80%',
    monitor: { name: 'CPU usage' },
    roles: ['web: app'],
    occurredAt: T0,
    openedAt: T0,
    links: [],
    rawEventType: 'alert:host',
    raw: {},
    truncated: false,
    truncatedFields: [],
    ...over,
  };
}

export function heldAlert(alert: Alert, over: Partial<IncidentAlert> = {}): IncidentAlert {
  return {
    key: alertKeyOf(alert.source, alert.sourceAlertId),
    source: alert.source,
    sourceAlertId: alert.sourceAlertId,
    groupKey: alert.groupKey,
    title: alert.title,
    state: 'firing',
    severity: alert.severity.level,
    firstSeenAt: alert.occurredAt,
    lastEventAt: alert.occurredAt,
    monitorName: alert.monitor.name,
    appliedEventIds: ['ev-open'],
    ...over,
  };
}

/** The counts an incident holding exactly these alerts keeps (its alerts themselves are rows of their own). */
export const countsOf = (alerts: readonly IncidentAlert[]): AlertCounts => ({
  firing: alerts.filter((a) => a.state === 'firing').length,
  acknowledged: alerts.filter((a) => a.state === 'acknowledged').length,
  resolved: alerts.filter((a) => a.state === 'resolved').length,
});

/** An incident holding `alerts` (as counts; pass the alerts themselves where a test needs the rows). */
export function anIncident(over: Partial<Incident> = {}, alerts: IncidentAlert[] = [heldAlert(anAlert())]): Incident {
  return {
    id: 'inc-1',
    version: 1,
    state: 'open',
    level: 'SEV3',
    title: 'CPU usage high',
    language: 'en',
    drill: false,
    groupKeys: [...new Set(alerts.map((a) => a.groupKey))],
    openedByEventId: 'ev-open',
    impactStartedAt: T0,
    detectedAt: T0,
    lastAlertAt: T0,
    reopenCount: 0,
    alertCounts: countsOf(alerts),
    linked: false,
    pendingComment: [],
    timelineCount: 1,
    ...over,
  };
}

export const defaultSettings = (over: Partial<IntakeSettings> = {}): IntakeSettings => ({ ...settingsDefaults(), ...over });
