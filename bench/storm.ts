/**
 * The alert storm of DESIGN 6: 1,000 notifications over 60 s of alert time across 50 alert ids from all five
 * sources, as their senders would send them (re-sends, an escalation, notes, resolves). Built from the reference
 * fixtures with ids, groups and times changed.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SourceId } from '../src/domain/alert';

const FIXTURES = resolve(__dirname, '../test/fixtures/alerts');
const load = (source: SourceId, file: string): Record<string, any> => JSON.parse(readFileSync(join(FIXTURES, source, file), 'utf8'));

export interface StormNotification {
  source: SourceId;
  atMs: number;
  body: string;
}

export const NOTIFICATIONS_PER_ID = 20;
const STEP_MS = 3000;

/** Alert ids per source and the groups they fall into — the expected incidents follow from DESIGN 3.1's rules. */
export const STORM_PLAN = {
  mackerel: { ids: 20, groups: 4 },
  alertmanager: { ids: 10, groups: 2 },
  grafana: { ids: 10, groups: 2 },
  pagerduty: { ids: 5, groups: 5 },
  opsgenie: { ids: 5, groups: 1 },
} as const satisfies Record<SourceId, { ids: number; groups: number }>;

export const expectedIncidents = (): number => Object.values(STORM_PLAN).reduce((n, p) => n + p.groups, 0);

type Phase = 'open' | 'repeat' | 'escalate' | 'resolve';
const phaseOf = (k: number): Phase => (k === 0 ? 'open' : k === 5 ? 'escalate' : k >= NOTIFICATIONS_PER_ID - 2 ? 'resolve' : 'repeat');

function mackerel(i: number, k: number, at: number, start: number): string {
  const b = load('mackerel', phaseOf(k) === 'resolve' ? 'host-ok.json' : 'host-warning.json');
  const group = i % STORM_PLAN.mackerel.groups;
  const severity = phaseOf(k) === 'resolve' ? 'ok' : k >= 5 ? 'critical' : 'warning';
  b.alert.id = `storm${String(i).padStart(4, '0')}`;
  b.alert.url = `https://mackerel.io/orgs/example-corp/alerts/${b.alert.id}`;
  b.alert.status = severity;
  b.alert.openedAt = Math.floor(start / 1000);
  b.alert.createdAt = start;
  if (severity === 'ok') b.alert.closedAt = Math.floor(at / 1000);
  if ('statusChangedAt' in b.alert) b.alert.statusChangedAt = Math.floor(at / 1000);
  b.host.id = `host${i}`;
  b.host.name = `web-${String(i).padStart(2, '0')}`;
  b.host.roles = [{ ...b.host.roles[0], fullname: `storm-svc: role-${group}`, roleName: `role-${group}`, serviceName: 'storm-svc' }];
  return JSON.stringify(b);
}

function promStyle(source: 'alertmanager' | 'grafana', i: number, k: number, at: number, start: number): string {
  const resolved = phaseOf(k) === 'resolve';
  const b = load(source, 'firing.json');
  const group = i % STORM_PLAN[source].groups;
  const alert = { ...b.alerts[0] };
  alert.status = resolved ? 'resolved' : 'firing';
  alert.fingerprint = `${source.slice(0, 2)}${String(i).padStart(14, '0')}`;
  alert.startsAt = new Date(start).toISOString();
  alert.endsAt = resolved ? new Date(at).toISOString() : '0001-01-01T00:00:00Z';
  alert.labels = { ...alert.labels, instance: `node-${i}`, severity: k >= 5 ? 'critical' : 'warning' };
  b.alerts = [alert];
  b.status = alert.status;
  b.groupKey = `{}:{alertname="StormGroup${group}"}`;
  if (source === 'grafana') b.state = resolved ? 'ok' : 'alerting';
  return JSON.stringify(b);
}

function pagerduty(i: number, k: number, at: number): string {
  const b = load('pagerduty', phaseOf(k) === 'resolve' ? 'resolved.json' : 'triggered.json');
  b.event.id = `EV${i}-${k}`;
  b.event.occurred_at = new Date(at).toISOString();
  b.event.data.id = `PDSTORM${String(i).padStart(4, '0')}`;
  b.event.data.incident_key = `storm-incident-${i}`;
  return JSON.stringify(b);
}

function opsgenie(i: number, k: number, at: number, start: number): string {
  const phase = phaseOf(k);
  const b = load('opsgenie', phase === 'resolve' ? 'close.json' : phase === 'open' ? 'create.json' : 'addnote.json');
  b.alert.alertId = `0000storm-${String(i).padStart(4, '0')}`;
  b.alert.alias = `storm-alias-${i}`;
  b.alert.entity = 'storm-entity';
  b.alert.createdAt = start;
  if (phase === 'repeat' || phase === 'escalate') b.alert.note = `storm note ${k}`;
  return JSON.stringify(b);
}

/** Every notification of the storm, in time order, starting at `startMs`. */
export function stormNotifications(startMs: number): StormNotification[] {
  const out: StormNotification[] = [];
  for (const [source, plan] of Object.entries(STORM_PLAN) as Array<[SourceId, { ids: number }]>) {
    for (let i = 0; i < plan.ids; i++) {
      for (let k = 0; k < NOTIFICATIONS_PER_ID; k++) {
        const at = startMs + k * STEP_MS + i * 37;
        const body =
          source === 'mackerel' ? mackerel(i, k, at, startMs) : source === 'pagerduty' ? pagerduty(i, k, at) : source === 'opsgenie' ? opsgenie(i, k, at, startMs) : promStyle(source, i, k, at, startMs);
        out.push({ source, atMs: at, body });
      }
    }
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}
