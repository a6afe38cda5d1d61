import { listAlertFixtures, readAlertFixture } from '../../../test/fixtures/alerts/load-fixture';
import type { Alert } from '../../domain/alert';
import type { WebhookRequest } from '../alert-source';
import { alertmanagerSource } from './alertmanager-source';

const RECEIVED_AT = '2025-06-10T12:00:00.000Z';
const GROUP_KEY = 'alertmanager:{}/{severity="critical"}:{alertname="HighHTTPErrorRate"}';
const GENERATOR_URL =
  'http://prometheus.example.internal:9090/graph?g0.expr=job%3Ahttp_5xx_ratio%3Arate5m+%3E+0.05&g0.tab=1';

function normaliseFixture(file: string): Alert[] {
  const parsed = alertmanagerSource.parse(readAlertFixture('alertmanager', file));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return alertmanagerSource.normalise(parsed.payload, { receivedAt: RECEIVED_AT });
}

interface Case {
  file: string;
  /** one entry per alert in the batch, in order */
  expected: { fields: Partial<Alert>; closedAt: string | null }[];
}

const cases: Case[] = [
  {
    file: 'firing.json',
    expected: [
      {
        fields: {
          sourceAlertId: '1a30ba71cca2921f@2025-06-10T01:23:45.739266876Z',
          groupKey: GROUP_KEY,
          status: 'firing',
          severity: { level: 'critical', raw: 'critical' },
          title: 'web-01:9100 の 5xx 率が 12.4% です',
          message: '直近5分間の HTTP 5xx 率が 5% を超えています（現在値 12.4%）。\n手順書: https://wiki.example.co.jp/runbooks/5xx',
          monitor: { name: 'HighHTTPErrorRate', url: GENERATOR_URL },
          service: 'ec-site-web',
          host: 'web-01:9100',
          roles: [],
          // RFC 3339 with nanoseconds → milliseconds
          occurredAt: '2025-06-10T01:23:45.739Z',
          openedAt: '2025-06-10T01:23:45.739Z',
          url: GENERATOR_URL,
          links: [
            { kind: 'runbook', url: 'https://wiki.example.co.jp/runbooks/5xx', label: 'runbook' },
            { kind: 'console', url: 'http://alertmanager.example.internal:9093', label: 'Alertmanager' },
          ],
          rawEventType: 'firing',
        },
        // endsAt 0001-01-01T00:00:00Z means "not ended"
        closedAt: null,
      },
      {
        fields: {
          sourceAlertId: '7c9e0d2b44f1a3e8@2025-06-10T01:24:45.739266876Z',
          groupKey: GROUP_KEY,
          status: 'firing',
          host: 'web-02:9100',
          occurredAt: '2025-06-10T01:24:45.739Z',
        },
        closedAt: null,
      },
    ],
  },
  {
    file: 'resolved.json',
    expected: [
      {
        fields: {
          // the same id as when it fired: the resolve closes that occurrence
          sourceAlertId: '1a30ba71cca2921f@2025-06-10T01:23:45.739266876Z',
          status: 'resolved',
          severity: { level: 'critical', raw: 'critical' },
          occurredAt: '2025-06-10T01:48:45.739Z',
          openedAt: '2025-06-10T01:23:45.739Z',
          rawEventType: 'resolved',
        },
        closedAt: '2025-06-10T01:48:45.739Z',
      },
      {
        fields: { sourceAlertId: '7c9e0d2b44f1a3e8@2025-06-10T01:24:45.739266876Z', status: 'resolved' },
        closedAt: '2025-06-10T01:48:45.739Z',
      },
    ],
  },
  {
    file: 'truncated.json',
    expected: [
      {
        fields: {
          sourceAlertId: '3f9a5c7e1b2d4a60@2025-06-10T02:00:15.102938475Z',
          groupKey: 'alertmanager:{}:{alertname="NodeDiskFull"}',
          severity: { level: 'warning', raw: 'warning' },
          service: 'node',
          host: 'db-01:9100',
          // kept as sent: escaping is the renderer's job
          message: '残り容量 9.6 GiB。<script>alert(1)</script> ログローテーションを確認してください。',
          truncatedAlertsCount: 3,
          links: [
            { kind: 'runbook', url: 'https://wiki.example.co.jp/runbooks/disk-full', label: 'runbook' },
            // user-info removed from the URL
            { kind: 'console', url: 'https://alertmanager.example.internal:9093/', label: 'Alertmanager' },
          ],
        },
        closedAt: null,
      },
      {
        fields: {
          // annotations: null → the alert name stands in for the summary
          title: 'NodeDiskFull',
          message: '',
          host: 'db-02:9100',
          truncatedAlertsCount: 3,
        },
        closedAt: null,
      },
    ],
  },
];

describe('Alertmanager normalise', () => {
  it('has a case for every fixture file', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(listAlertFixtures('alertmanager'));
  });

  it.each(cases)('$file', ({ file, expected }) => {
    const alerts = normaliseFixture(file);
    expect(alerts).toHaveLength(expected.length);
    alerts.forEach((alert, i) => {
      expect(alert).toMatchObject({ source: 'alertmanager', ...expected[i]?.fields });
      const closedAt = expected[i]?.closedAt ?? null;
      if (closedAt === null) expect(alert.closedAt).toBeUndefined();
      else expect(alert.closedAt).toBe(closedAt);
    });
  });

  it('drops a javascript: generator URL and a user-info password, and hashes labels when there is no fingerprint', () => {
    const alerts = normaliseFixture('truncated.json');
    const second = alerts[1] as Alert;
    expect(second.url).toBeUndefined();
    expect(second.monitor.url).toBeUndefined();
    expect(second.sourceAlertId).toMatch(/^[0-9a-f]{16}@2025-06-10T02:00:45\.102938475Z$/);
    expect(JSON.stringify(alerts)).not.toContain('hunter2');
    // raw keeps the payload's text as data; no link field may carry it
    const linkFields = alerts.map(({ raw: _raw, ...fields }) => fields);
    expect(JSON.stringify(linkFields)).not.toContain('javascript:');
  });

  it('keeps only its own alert in each raw, so replaying raw yields that alert alone', () => {
    const alerts = normaliseFixture('firing.json');
    for (const alert of alerts) {
      const replayed = alertmanagerSource.parse(JSON.stringify(alert.raw));
      if (!replayed.ok) throw new Error(JSON.stringify(replayed.errors));
      const again = alertmanagerSource.normalise(replayed.payload, { receivedAt: RECEIVED_AT });
      expect(again).toHaveLength(1);
      expect(again[0]?.sourceAlertId).toBe(alert.sourceAlertId);
    }
  });

  it('hashes the same labels to the same id whatever their order', () => {
    const body = readAlertFixture('alertmanager', 'truncated.json');
    const reordered = body.replace(
      '"alertname": "NodeDiskFull",\n        "instance": "db-02:9100",',
      '"instance": "db-02:9100",\n        "alertname": "NodeDiskFull",',
    );
    expect(reordered).not.toBe(body);
    const ids = [body, reordered].map((b) => {
      const parsed = alertmanagerSource.parse(b);
      if (!parsed.ok) throw new Error('parse');
      return alertmanagerSource.normalise(parsed.payload, { receivedAt: RECEIVED_AT })[1]?.sourceAlertId;
    });
    expect(ids[0]).toBe(ids[1]);
  });
});

describe('Alertmanager parse errors name the field', () => {
  const firing = JSON.parse(readAlertFixture('alertmanager', 'firing.json')) as Record<string, unknown>;
  it.each([
    [{ ...firing, groupKey: undefined }, 'groupKey: required, expected string'],
    [{ ...firing, alerts: [{ status: 'firing', labels: {}, startsAt: 'yesterday' }] }, 'alerts[0].startsAt: expected an RFC 3339 time'],
    [{ ...firing, alerts: [{ status: 'firing', labels: { a: 1 }, startsAt: '2025-06-10T01:23:45Z' }] }, 'alerts[0].labels.a: expected string, received number'],
    [{ ...firing, alerts: 'none' }, 'alerts: expected array, received string'],
  ])('%#', (payload, message) => {
    const parsed = alertmanagerSource.parse(JSON.stringify(payload));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => `${e.path}: ${e.message}`)).toContain(message);
  });

  it('accepts an alert status it does not know, as a note', () => {
    const body = readAlertFixture('alertmanager', 'firing.json').replace('"status": "firing",\n      "labels"', '"status": "suppressed",\n      "labels"');
    const parsed = alertmanagerSource.parse(body);
    if (!parsed.ok) throw new Error('parse');
    const [first] = alertmanagerSource.normalise(parsed.payload, { receivedAt: RECEIVED_AT });
    expect(first).toMatchObject({ status: 'note', rawEventType: 'suppressed' });
  });
});

describe('Alertmanager verify (Authorization: Bearer)', () => {
  const request = (headers: Record<string, string[]>): WebhookRequest => ({ headers, queryParameters: {}, rawBody: '{}' });
  const options = { secrets: ['am-secret'], nowEpochMs: 0 };
  it.each([
    [{ Authorization: ['Bearer am-secret'] }, { ok: true }],
    [{ authorization: ['bearer am-secret'] }, { ok: true }],
    [{ AUTHORIZATION: ['Bearer am-secret '] }, { ok: true }],
    [{ Authorization: ['Bearer am-secreT'] }, { ok: false, reason: 'bad-credentials' }],
    [{ Authorization: ['Basic YW06YW0tc2VjcmV0'] }, { ok: false, reason: 'malformed-credentials' }],
    [{ Authorization: ['am-secret'] }, { ok: false, reason: 'malformed-credentials' }],
    [{}, { ok: false, reason: 'missing-credentials' }],
  ])('%j → %j', (headers, result) => {
    expect(alertmanagerSource.verify(request(headers), options)).toEqual(result);
  });
});
