/**
 * Test-data builders for the document renderers' tests (never imported by production code). Every builder returns
 * a value that passes the domain schema, so a renderer is never tested on a shape the app cannot produce.
 */
import { AlertSchema, type Alert } from '../../domain/alert';
import { IncidentSchema, TimelineEntrySchema, type Incident, type TimelineEntry } from '../../domain/incident';

/** Text that breaks naive renderers: markup, CDATA end, a storage macro end tag, entities, emoji, Japanese. */
export const NASTY =
  `<script>alert("x")</script> ]]> </ac:structured-macro></ac:rich-text-body> &amp; & &nbsp; {source} ` +
  `"quotes" 'single' 😀👨‍👩‍👧 日本語の障害 \u0000\u0007\uD800 end`;

export function anAlert(overrides: Partial<Alert> = {}): Alert {
  return AlertSchema.parse({
    source: 'mackerel',
    sourceAlertId: '4Ksb2dWqJ7m',
    groupKey: 'mackerel:service:web',
    status: 'firing',
    severity: { level: 'critical', raw: 'CRITICAL' },
    title: 'CPU usage high on web-1',
    message: 'CPU % 95.3 > 90\nload average 12.5\n\n  indented line',
    monitor: { name: 'CPU %', url: 'https://mackerel.io/orgs/acme/monitors/2cSZzK3XfmG', memo: 'Runbook:\nrestart the web service' },
    service: 'web',
    roles: ['web: app', 'web: proxy'],
    host: 'web-1',
    metric: { label: 'cpu%', value: 95.3, threshold: 90, operator: '>' },
    occurredAt: '2025-06-10T01:23:45.000Z',
    openedAt: '2025-06-10T01:23:45.000Z',
    url: 'https://mackerel.io/orgs/acme/alerts/4Ksb2dWqJ7m',
    links: [
      { kind: 'runbook', url: 'https://wiki.example.com/runbooks/web?x=1&y=2', label: 'Restart web' },
      { kind: 'dashboard', url: 'https://grafana.example.com/d/abc' },
    ],
    rawEventType: 'alert',
    raw: {},
    truncated: false,
    truncatedFields: [],
    ...overrides,
  });
}

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return IncidentSchema.parse({
    id: 'inc-01JZ8QK5',
    version: 3,
    state: 'open',
    level: 'SEV2',
    title: 'CPU usage high on web-1',
    language: 'en',
    drill: false,
    groupKeys: ['mackerel:service:web'],
    openedByEventId: 'evt-1',
    impactStartedAt: '2025-06-10T01:23:45.000Z',
    detectedAt: '2025-06-10T01:23:47.000Z',
    lastAlertAt: '2025-06-10T01:23:45.000Z',
    reopenCount: 0,
    alertCounts: { firing: 1, acknowledged: 0, resolved: 0 },
    issue: { id: '10012', key: 'OPS-12', url: 'https://acme.atlassian.net/browse/OPS-12' },
    linked: false,
    pendingComment: [],
    timelineCount: 1,
    ...overrides,
  });
}

export function anEntry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return TimelineEntrySchema.parse({
    at: '2025-06-10T01:23:45.000Z',
    kind: 'alert-opened',
    alertKey: 'mackerel:4Ksb2dWqJ7m',
    source: 'mackerel',
    severity: 'critical',
    title: 'CPU usage high on web-1',
    url: 'https://mackerel.io/orgs/acme/alerts/4Ksb2dWqJ7m',
    ...overrides,
  });
}

/** `count` entries of an alert storm over `alerts` distinct alerts, one second apart. */
export function aStorm(count: number, alerts: number): TimelineEntry[] {
  const kinds = ['alert-opened', 'alert-repeated', 'alert-repeated', 'alert-escalated', 'alert-resolved'] as const;
  return Array.from({ length: count }, (_, i) =>
    anEntry({
      at: new Date(Date.parse('2025-06-10T01:23:45.000Z') + i * 1000).toISOString(),
      kind: kinds[Math.floor(i / alerts) % kinds.length] ?? 'alert-repeated',
      alertKey: `mackerel:alert-${i % alerts}`,
      title: `Disk full on db-${i % alerts}`,
      url: `https://mackerel.io/orgs/acme/alerts/alert-${i % alerts}`,
    }),
  );
}
