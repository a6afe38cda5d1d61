/**
 * A drill's alert as its sender writes it: the body the drill runner POSTs to that source's web trigger, shaped
 * like the real sender's payloads (test/fixtures/alerts/<source>), with the times of the moment it is sent. Pure.
 * The source's own parser and normaliser then read it exactly as they read a real alert — nothing is skipped.
 */
import { sha256Hex } from '../sources/common/stable-hash';
import type { SourceId } from './alert';
import type { DrillAlertSpec } from './drill-plan';

export interface PayloadMoment {
  /** When this event is sent. */
  now: Date;
  /** When the alert first fired in this run (its open), for senders that repeat it on later events. */
  openedAt: Date;
}

type Builder = (spec: DrillAlertSpec, at: PayloadMoment) => Record<string, unknown>;

const MACKEREL_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A Mackerel-like 11-character id, stable for one alert of a plan. */
function mackerelId(ref: string): string {
  const hex = sha256Hex(`mackerel:${ref}`, 22);
  return Array.from({ length: 11 }, (_, i) => MACKEREL_ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % MACKEREL_ALPHABET.length]).join('');
}
const fingerprint = (ref: string): string => sha256Hex(`fp:${ref}`, 16);
const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
const ZERO_TIME = '0001-01-01T00:00:00Z';

const mackerel: Builder = (spec, { now, openedAt }) => {
  const id = mackerelId(spec.ref);
  const closed = spec.status === 'resolved';
  const service = spec.service ?? 'drill';
  const statusWord = closed ? 'ok' : spec.severity === 'critical' ? 'critical' : spec.severity === 'warning' ? 'warning' : 'unknown';
  const alert = {
    id,
    url: `https://mackerel.io/orgs/example-corp/alerts/${id}`,
    openedAt: seconds(openedAt),
    createdAt: openedAt.getTime(),
    monitorName: spec.monitor,
    ...(spec.metric ? { metricLabel: spec.metric.label, criticalThreshold: spec.metric.threshold, warningThreshold: spec.metric.threshold * 0.8, monitorOperator: '>', metricValue: spec.metric.value } : {}),
    duration: 1,
    trigger: 'monitor',
    status: statusWord,
    isOpen: !closed,
    closedAt: closed ? seconds(now) : null,
    statusChangedAt: seconds(now),
  };
  const role = { fullname: `${service}: web`, serviceName: service, serviceUrl: `https://mackerel.io/orgs/example-corp/services/${encodeURIComponent(service)}`, roleName: 'web', roleUrl: `https://mackerel.io/orgs/example-corp/services/${encodeURIComponent(service)}#role=web` };
  const common = { orgName: 'example-corp', event: 'alert', message: spec.message, memo: spec.title, imageUrl: `https://mackerel.io/embed/public/alert/${id}.png` };
  if (!spec.host) {
    return { ...common, type: 'service', service: { id: mackerelId(`service:${service}`), memo: '', name: service, orgId: mackerelId('org'), roles: [role] }, alert, user: null };
  }
  const hostId = mackerelId(`host:${spec.host}`);
  return {
    ...common,
    type: 'host',
    host: { id: hostId, name: spec.host, url: `https://mackerel.io/orgs/example-corp/hosts/${hostId}`, type: 'unknown', status: 'working', memo: '', isRetired: false, roles: [role] },
    alert,
    user: null,
  };
};

/** The alert of an Alertmanager or Grafana notification (Grafana adds its own fields on top). */
function templateAlert(spec: DrillAlertSpec, { now, openedAt }: PayloadMoment, labels: Record<string, string>) {
  const resolved = spec.status === 'resolved';
  return {
    status: resolved ? 'resolved' : 'firing',
    labels,
    annotations: { summary: spec.title, description: spec.message },
    startsAt: openedAt.toISOString(),
    endsAt: resolved ? now.toISOString() : ZERO_TIME,
    fingerprint: fingerprint(spec.ref),
  };
}

const groupKeyOf = (labels: Record<string, string>, names: string[]): string => `{}:{${names.map((n) => `${n}="${labels[n] ?? ''}"`).join(', ')}}`;

const alertmanager: Builder = (spec, at) => {
  const labels = { alertname: spec.monitor, ...(spec.host ? { instance: spec.host } : {}), job: spec.service ?? 'drill', severity: spec.severity };
  const alert = { ...templateAlert(spec, at, labels), generatorURL: 'http://prometheus.example.internal:9090/graph?g0.tab=1' };
  const groupLabels = { alertname: spec.monitor, job: labels.job };
  return {
    receiver: 'ticket-webhook',
    status: alert.status,
    alerts: [alert],
    groupLabels,
    commonLabels: labels,
    commonAnnotations: alert.annotations,
    externalURL: 'http://alertmanager.example.internal:9093',
    version: '4',
    groupKey: groupKeyOf(groupLabels, ['alertname', 'job']),
    truncatedAlerts: 0,
  };
};

const grafana: Builder = (spec, at) => {
  const labels = { alertname: spec.monitor, grafana_folder: spec.service ?? 'drill', ...(spec.host ? { instance: spec.host } : {}), severity: spec.severity, team: 'sre' };
  const value = spec.metric?.value ?? 1;
  const alert = {
    ...templateAlert(spec, at, labels),
    generatorURL: 'https://grafana.example.co.jp/alerting/grafana/drill/view?orgId=1',
    silenceURL: 'https://grafana.example.co.jp/alerting/silence/new?alertmanager=grafana&orgId=1',
    dashboardURL: 'https://grafana.example.co.jp/d/drill?orgId=1',
    panelURL: 'https://grafana.example.co.jp/d/drill?orgId=1&viewPanel=1',
    values: { A: value, C: spec.status === 'resolved' ? 0 : 1 },
    valueString: `[ var='A' value=${value} ]`,
    orgId: 1,
  };
  // a notification policy grouping by folder (`group_by: [grafana_folder]`): a service's alerts are one notification group
  const groupLabels = { grafana_folder: labels.grafana_folder };
  const firing = alert.status === 'firing';
  return {
    receiver: 'ticket-webhook',
    status: alert.status,
    orgId: 1,
    alerts: [alert],
    groupLabels,
    commonLabels: labels,
    commonAnnotations: alert.annotations,
    externalURL: 'https://grafana.example.co.jp/',
    version: '1',
    groupKey: groupKeyOf(groupLabels, ['grafana_folder']),
    truncatedAlerts: 0,
    title: `[${firing ? 'FIRING' : 'RESOLVED'}:1] ${spec.monitor}`,
    state: firing ? 'alerting' : 'ok',
    message: `**${firing ? 'Firing' : 'Resolved'}**\n\n${spec.message}\n`,
  };
};

const OPSGENIE_ACTION = { firing: 'Create', acknowledged: 'Acknowledge', resolved: 'Close' } as const;
const OPSGENIE_PRIORITY = { critical: 'P1', warning: 'P3', info: 'P5', unknown: 'P3' } as const;

const opsgenie: Builder = (spec, { now, openedAt }) => ({
  source: { name: '', type: 'API' },
  alert: {
    alertId: `${fingerprint(spec.ref).slice(0, 8)}-${fingerprint(`${spec.ref}:2`).slice(0, 4)}-4d0e-9a6c-${fingerprint(`${spec.ref}:3`).slice(0, 12)}`,
    message: spec.title,
    tags: ['drill', ...(spec.service ? [spec.service] : [])],
    tinyId: String(parseInt(fingerprint(spec.ref).slice(0, 4), 16)),
    entity: spec.host ?? spec.service ?? spec.monitor,
    alias: `drill-${fingerprint(spec.ref)}`,
    createdAt: openedAt.getTime(),
    source: spec.monitor,
    updatedAt: now.getTime() * 1_000_000,
    username: 'System',
    userId: '',
    description: spec.message,
    priority: OPSGENIE_PRIORITY[spec.severity],
    details: { ...(spec.host ? { host: spec.host } : {}), ...(spec.service ? { service: spec.service } : {}) },
  },
  action: OPSGENIE_ACTION[spec.status],
  integrationId: '8c1f0d2e-3a4b-4c5d-9e6f-7a8b9c0d1e2f',
  integrationName: 'ticket-bridge-webhook',
  integrationType: 'Webhook',
});

/** The senders a drill can speak for (PagerDuty's V3 events are not replayed: a PagerDuty incident is skipped). */
export const DRILL_PAYLOAD_BUILDERS: Partial<Record<SourceId, Builder>> = { mackerel, alertmanager, grafana, opsgenie };

export const canReplay = (source: SourceId): boolean => DRILL_PAYLOAD_BUILDERS[source] !== undefined;

/** The body the sender would POST for this event, as JSON text. */
export function drillPayload(source: SourceId, spec: DrillAlertSpec, at: PayloadMoment): string {
  const build = DRILL_PAYLOAD_BUILDERS[source];
  if (!build) throw new Error(`Drills cannot replay ${source} alerts`);
  return JSON.stringify(build(spec, at));
}
