import { listAlertFixtures, readAlertFixture } from '../../../test/fixtures/alerts/load-fixture';
import type { Alert } from '../../domain/alert';
import type { WebhookRequest } from '../alert-source';
import { pagerdutySource } from './pagerduty-source';

const RECEIVED_AT = '2025-06-10T12:00:00.000Z';
const INCIDENT_URL = 'https://example-corp.pagerduty.com/incidents/Q2LX8ZK4W1ABCD';
const TITLE = '[CRITICAL] CPU使用率（本番Web） 95.17 > 90 on web-01';
const SUZUKI = { name: '鈴木 一郎', id: 'PTUXL6G' };

function normaliseFixture(file: string): Alert[] {
  const parsed = pagerdutySource.parse(readAlertFixture('pagerduty', file));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return pagerdutySource.normalise(parsed.payload, { receivedAt: RECEIVED_AT });
}

const cases: { file: string; expected: Partial<Alert>; closedAt: string | null; actor: 'none' | 'suzuki' }[] = [
  {
    file: 'triggered.json',
    expected: {
      source: 'pagerduty',
      sourceAlertId: 'Q2LX8ZK4W1ABCD',
      groupKey: 'pagerduty:incident-key:mackerel-4Ksb2dWqJ7m',
      relayedAlertKey: 'mackerel:4Ksb2dWqJ7m',
      status: 'firing',
      severity: { level: 'critical', raw: 'P1' },
      title: TITLE,
      monitor: { name: 'EC本番 Web', url: 'https://example-corp.pagerduty.com/services/PF9KMXH' },
      service: 'EC本番 Web',
      occurredAt: '2025-06-10T01:23:47.512Z',
      openedAt: '2025-06-10T01:23:47.000Z',
      url: INCIDENT_URL,
      rawEventType: 'incident.triggered',
    },
    closedAt: null,
    // the agent is the service, not a person
    actor: 'none',
  },
  {
    file: 'acknowledged.json',
    expected: {
      sourceAlertId: 'Q2LX8ZK4W1ABCD',
      status: 'acknowledged',
      occurredAt: '2025-06-10T01:25:02.318Z',
      rawEventType: 'incident.acknowledged',
    },
    closedAt: null,
    actor: 'suzuki',
  },
  {
    file: 'resolved.json',
    expected: { sourceAlertId: 'Q2LX8ZK4W1ABCD', status: 'resolved', occurredAt: '2025-06-10T01:44:47.007Z' },
    closedAt: '2025-06-10T01:44:47.007Z',
    actor: 'suzuki',
  },
  {
    file: 'annotated.json',
    expected: {
      // a note references the incident instead of being it
      sourceAlertId: 'Q2LX8ZK4W1ABCD',
      groupKey: 'pagerduty:incident:Q2LX8ZK4W1ABCD',
      status: 'note',
      title: TITLE,
      note: '一次調査: バッチの重複起動。<b>cron 停止済み</b> </ac:structured-macro>',
      url: INCIDENT_URL,
      rawEventType: 'incident.annotated',
    },
    closedAt: null,
    actor: 'suzuki',
  },
  {
    file: 'unknown-event-type.json',
    expected: {
      sourceAlertId: 'Q2LX8ZK4W1ABCD',
      status: 'note',
      severity: { level: 'critical', raw: 'P1' },
      rawEventType: 'incident.impact_assessed',
      occurredAt: '2025-06-10T01:30:00.000Z',
    },
    closedAt: null,
    actor: 'suzuki',
  },
  {
    file: 'ping.json',
    expected: {
      sourceAlertId: 'event:01FKZOXA868SHYEE4DVNWB5P9W',
      groupKey: 'pagerduty:event:pagey.ping',
      status: 'test',
      title: 'Hello from your friend Pagey!',
      rawEventType: 'pagey.ping',
    },
    closedAt: null,
    // a user_reference without a name: no actor
    actor: 'none',
  },
];

describe('PagerDuty normalise', () => {
  it('has a case for every fixture file', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(listAlertFixtures('pagerduty'));
  });

  it.each(cases)('$file', ({ file, expected, closedAt, actor }) => {
    const alerts = normaliseFixture(file);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts as [Alert];
    expect(alert).toMatchObject(expected);
    if (closedAt === null) expect(alert.closedAt).toBeUndefined();
    else expect(alert.closedAt).toBe(closedAt);
    if (actor === 'none') expect(alert.actor).toBeUndefined();
    else expect(alert.actor).toEqual(SUZUKI);
  });

  it('falls back to urgency when the account has no priorities', () => {
    const body = readAlertFixture('pagerduty', 'triggered.json');
    const payload = JSON.parse(body) as { event: { data: Record<string, unknown> } };
    payload.event.data['priority'] = null;
    for (const [urgency, level] of [
      ['high', 'critical'],
      ['low', 'warning'],
    ] as const) {
      payload.event.data['urgency'] = urgency;
      const parsed = pagerdutySource.parse(JSON.stringify(payload));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const [alert] = pagerdutySource.normalise(parsed.payload, { receivedAt: RECEIVED_AT }) as [Alert];
      expect(alert.severity).toEqual({ level, raw: `urgency:${urgency}` });
    }
  });
});

describe('PagerDuty verify (X-PagerDuty-Signature v1)', () => {
  const BODY = '{"event":"日本"}';
  // Known answers computed outside this code base (Python hmac over the UTF-8 body).
  const OLD = 'e3f813f49a5bab2122d69006baa56a01e8f011a0db91b19dde77d8110db97294';
  const NEW = 'ce57e6e1a89c8660d388f9c82e50e9f970b54d3ab9ebae11b5913606b1674925';
  const request = (signature?: string, rawBody = BODY): WebhookRequest => ({
    headers: signature === undefined ? {} : { 'x-pagerduty-signature': [signature] },
    queryParameters: {},
    rawBody,
  });

  it.each<[string, string | undefined, string[], unknown]>([
    ['one signature', `v1=${NEW}`, ['pd-secret-new'], { ok: true }],
    ['PagerDuty rotating: two signatures, ours second', `v1=${OLD},v1=${NEW}`, ['pd-secret-new'], { ok: true }],
    ['spaces after the comma', `v1=${NEW}, v1=${OLD}`, ['pd-secret-old'], { ok: true }],
    ['we rotate: request signed with our previous secret', `v1=${OLD}`, ['pd-secret-new', 'pd-secret-old'], { ok: true }],
    ['only an unknown version', `v2=${NEW}`, ['pd-secret-new'], { ok: false, reason: 'malformed-credentials' }],
    ['wrong secret', `v1=${OLD}`, ['pd-secret-new'], { ok: false, reason: 'bad-credentials' }],
    ['no header', undefined, ['pd-secret-new'], { ok: false, reason: 'missing-credentials' }],
    ['no secret configured', `v1=${NEW}`, [], { ok: false, reason: 'no-secret-configured' }],
    ['an empty secret is not a secret', `v1=${NEW}`, [''], { ok: false, reason: 'no-secret-configured' }],
  ])('%s', (_name, signature, secrets, result) => {
    expect(pagerdutySource.verify(request(signature), { secrets, nowEpochMs: 0 })).toEqual(result);
  });

  it('refuses a changed body', () => {
    expect(pagerdutySource.verify(request(`v1=${NEW}`, '{"event":"日本 "}'), { secrets: ['pd-secret-new'], nowEpochMs: 0 })).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
  });
});
