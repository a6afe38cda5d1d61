import { listAlertFixtures, readAlertFixture } from '../../../test/fixtures/alerts/load-fixture';
import type { Alert } from '../../domain/alert';
import { mackerelSource } from './mackerel-source';
import { lastPathSegment } from './schema';

const RECEIVED_AT = '2025-06-10T12:00:00.000Z';

function normaliseFixture(file: string): Alert[] {
  const parsed = mackerelSource.parse(readAlertFixture('mackerel', file));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  return mackerelSource.normalise(parsed.payload, { receivedAt: RECEIVED_AT });
}

const HOST_ALERT_URL = 'https://mackerel.io/orgs/example-corp/alerts/4Ksb2dWqJ7m';

interface Case {
  file: string;
  expected: Partial<Alert>;
  closedAt: string | null;
}

// Times: Mackerel seconds (openedAt/statusChangedAt/closedAt) and ms (createdAt) converted by hand.
const cases: Case[] = [
  {
    file: 'host-warning.json',
    expected: {
      source: 'mackerel',
      sourceAlertId: '4Ksb2dWqJ7m',
      groupKey: 'mackerel:role:ec-site: web',
      status: 'firing',
      severity: { level: 'warning', raw: 'warning' },
      title: 'CPU使用率（本番Web） (web-01)',
      message: 'CPU使用率（本番Web） 86.42 > 80',
      host: 'web-01',
      service: 'ec-site',
      roles: ['ec-site: web'],
      metric: { label: 'cpu%', value: 86.42, threshold: 80, operator: '>' },
      occurredAt: '2025-06-10T01:23:45.000Z',
      openedAt: '2025-06-10T01:23:45.000Z',
      url: HOST_ALERT_URL,
      reason: 'monitor',
      rawEventType: 'alert:host',
    },
    closedAt: null,
  },
  {
    file: 'host-critical.json',
    expected: {
      sourceAlertId: '4Ksb2dWqJ7m',
      status: 'firing',
      severity: { level: 'critical', raw: 'critical' },
      metric: { label: 'cpu%', value: 95.16666666666667, threshold: 90, operator: '>' },
      // statusChangedAt (escalation to critical), not openedAt
      occurredAt: '2025-06-10T01:28:45.000Z',
      openedAt: '2025-06-10T01:23:45.000Z',
    },
    closedAt: null,
  },
  {
    file: 'host-ok.json',
    expected: {
      sourceAlertId: '4Ksb2dWqJ7m',
      status: 'resolved',
      severity: { level: 'info', raw: 'ok' },
      message: 'CPU使用率（本番Web） 41.30',
      metric: { label: 'cpu%', value: 41.3, threshold: 80, operator: '>' },
      occurredAt: '2025-06-10T01:44:45.000Z',
    },
    closedAt: '2025-06-10T01:44:45.000Z',
  },
  {
    file: 'service.json',
    expected: {
      sourceAlertId: '4LaPqR8sT2v',
      groupKey: 'mackerel:service:ec-site',
      status: 'firing',
      severity: { level: 'critical', raw: 'critical' },
      title: 'ec-site - 決済失敗率',
      service: 'ec-site',
      // a service alert's `service.roles` are the service's roles, not roles the alert is about
      roles: [],
      metric: { label: 'orders.payment_failed_rate', value: 12.5, threshold: 5, operator: '>' },
      occurredAt: '2025-06-10T02:23:45.000Z',
      rawEventType: 'alert:service',
    },
    closedAt: null,
  },
  {
    file: 'expression.json',
    expected: {
      sourceAlertId: '4LbN7cUvW3x',
      groupKey: 'mackerel:monitor:Webロール平均ロードアベレージ（式監視）',
      status: 'firing',
      severity: { level: 'warning', raw: 'warning' },
      title: 'Webロール平均ロードアベレージ（式監視）',
      roles: [],
      metric: { label: 'avg(roleSlots(ec-site:web,loadavg5))', value: 7.815, threshold: 5, operator: '>' },
      occurredAt: '2025-06-10T03:23:45.000Z',
    },
    closedAt: null,
  },
  {
    file: 'expression-manual-close.json',
    expected: {
      sourceAlertId: '4LbN7cUvW3x',
      status: 'resolved',
      reason: 'manual close',
      actor: { name: 'yamada.taro@example.co.jp', id: '2uSeR1dAbCd' },
      // metricValue absent: the metric is still described, without a value
      metric: { label: 'avg(roleSlots(ec-site:web,loadavg5))', threshold: 5, operator: '>' },
      occurredAt: '2025-06-10T03:53:45.000Z',
      openedAt: '2025-06-10T03:23:45.000Z',
    },
    closedAt: '2025-06-10T03:53:45.000Z',
  },
  {
    file: 'anomaly.json',
    expected: {
      sourceAlertId: '4LcK2mYzA5b',
      groupKey: 'mackerel:role:ec-site: db',
      status: 'firing',
      severity: { level: 'critical', raw: 'critical' },
      host: 'db-01',
      rawEventType: 'alert:anomalyDetection',
      occurredAt: '2025-06-10T04:23:45.000Z',
    },
    closedAt: null,
  },
  {
    file: 'check.json',
    expected: {
      sourceAlertId: '4LdT9nBcD6e',
      title: 'check-log-5xx (web-01)',
      rawEventType: 'alert:check',
      occurredAt: '2025-06-10T05:23:45.000Z',
      truncated: false,
    },
    closedAt: null,
  },
  {
    file: 'connectivity.json',
    expected: {
      sourceAlertId: '4LeW3pHfG7h',
      groupKey: 'mackerel:role:ec-site: batch',
      status: 'firing',
      title: 'connectivity (batch-02)',
      message: 'unreachable',
      occurredAt: '2025-06-10T06:23:45.000Z',
    },
    closedAt: null,
  },
  {
    file: 'connectivity-retire-host.json',
    expected: {
      sourceAlertId: '4LeW3pHfG7h',
      status: 'resolved',
      severity: { level: 'info', raw: 'ok' },
      reason: 'retire host',
      actor: { name: 'yamada.taro@example.co.jp', id: '2uSeR1dAbCd' },
      occurredAt: '2025-06-10T07:23:45.000Z',
    },
    closedAt: '2025-06-10T07:23:45.000Z',
  },
  {
    file: 'external.json',
    expected: {
      sourceAlertId: '4LfX5qJgH8i',
      groupKey: 'mackerel:monitor:https://www.example.co.jp/ 外形監視',
      status: 'firing',
      title: 'https://www.example.co.jp/ 外形監視',
      message: 'HTTP request failed - status is 503',
      monitor: { name: 'https://www.example.co.jp/ 外形監視', memo: 'トップページ外形監視' },
      roles: [],
      occurredAt: '2025-06-10T08:23:45.000Z',
    },
    closedAt: null,
  },
  {
    file: 'alert-group.json',
    expected: {
      sourceAlertId: 'alertGroup:4LgY6rKhJ9j',
      groupKey: 'mackerel:alertGroup:4LgY6rKhJ9j',
      status: 'firing',
      severity: { level: 'critical', raw: 'CRITICAL' },
      title: 'EC本番 Webロール',
      monitor: {
        name: 'EC本番 Webロール',
        url: 'https://mackerel.io/orgs/example-corp/alert-group-settings/4LgSeTtInG1',
        memo: 'Webロールのアラートをまとめて通知します。\n担当: SREチーム',
      },
      url: 'https://mackerel.io/orgs/example-corp/alert-groups/4LgY6rKhJ9j',
      occurredAt: '2025-06-10T09:23:45.000Z',
      openedAt: '2025-06-10T09:23:45.000Z',
      rawEventType: 'alertGroup',
    },
    closedAt: null,
  },
  {
    file: 'alert-group-ok.json',
    expected: {
      sourceAlertId: 'alertGroup:4LgY6rKhJ9j',
      status: 'resolved',
      severity: { level: 'info', raw: 'OK' },
      occurredAt: '2025-06-10T09:53:45.000Z',
      openedAt: '2025-06-10T09:23:45.000Z',
    },
    closedAt: '2025-06-10T09:53:45.000Z',
  },
  {
    file: 'sample.json',
    expected: {
      sourceAlertId: 'sample',
      status: 'test',
      title: 'Sample Notification from Mackerel',
      // the Test button carries no time: the receive time stands in
      occurredAt: RECEIVED_AT,
      rawEventType: 'sample',
    },
    closedAt: null,
  },
  {
    file: 'pre-2020.json',
    expected: {
      // no alert.id before 2020: the last path segment of alert.url
      sourceAlertId: '2bjOlDaLeRt',
      status: 'firing',
      severity: { level: 'critical', raw: 'critical' },
      host: 'web-legacy-01',
      // no openedAt/statusChangedAt: createdAt, in milliseconds
      occurredAt: '2019-06-10T01:23:45.512Z',
      openedAt: '2019-06-10T01:23:45.512Z',
      metric: { label: 'loadavg5', value: 9.12, threshold: 8, operator: '>' },
    },
    closedAt: null,
  },
  {
    file: 'unknown-event.json',
    expected: {
      status: 'note',
      severity: { level: 'unknown' },
      groupKey: 'mackerel:event:monitorUpdate',
      title: 'Mackerel event: monitorUpdate',
      message: '監視ルール「CPU使用率（本番Web）」が更新されました <b>by</b> yamada',
      rawEventType: 'monitorUpdate',
      occurredAt: RECEIVED_AT,
    },
    closedAt: null,
  },
  {
    file: 'unknown-alert-type.json',
    expected: {
      sourceAlertId: '4LhZ7sLmK0k',
      status: 'firing',
      severity: { level: 'warning', raw: 'warning' },
      groupKey: 'mackerel:monitor:API p99 レイテンシ',
      rawEventType: 'alert:query',
      metric: { label: 'http.server.duration', value: 1.82, threshold: 1.5, operator: '>' },
      occurredAt: '2025-06-10T10:20:25.000Z',
    },
    closedAt: null,
  },
];

describe('Mackerel normalise', () => {
  it('has a case for every fixture file', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(listAlertFixtures('mackerel'));
  });

  it.each(cases)('$file', ({ file, expected, closedAt }) => {
    const alerts = normaliseFixture(file);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts as [Alert];
    expect(alert).toMatchObject({ source: 'mackerel', ...expected });
    if (closedAt === null) expect(alert.closedAt).toBeUndefined();
    else expect(alert.closedAt).toBe(closedAt);
  });

  it('keeps untrusted text exactly as sent (escaping is the renderer’s job)', () => {
    const [alert] = normaliseFixture('host-warning.json') as [Alert];
    expect(alert.monitor.memo).toContain('<>&\'"');
    const [check] = normaliseFixture('check.json') as [Alert];
    expect(check.message).toContain('<b>最新のエラー行</b>');
    expect(check.message.split('\n').length).toBeGreaterThan(10);
  });

  it('links to the graph, the host and its role, never to a null image', () => {
    const [alert] = normaliseFixture('host-critical.json') as [Alert];
    expect(alert.links).toEqual([
      { kind: 'image', url: 'https://mackerel.io/embed/public/alert/q7Zr2Lx9VbN4mKd8.png', label: 'graph' },
      { kind: 'host', url: 'https://mackerel.io/orgs/example-corp/hosts/4Kwm8xZpQ3N', label: 'web-01' },
      { kind: 'service', url: 'https://mackerel.io/orgs/example-corp/services/ec-site#role=web', label: 'ec-site: web' },
    ]);
    const [check] = normaliseFixture('check.json') as [Alert];
    expect(check.links.map((l) => l.kind)).toEqual(['host', 'service']);
  });

  it('gives the same unknown event the same id on redelivery, and a different body a different id', () => {
    const [first] = normaliseFixture('unknown-event.json') as [Alert];
    const [again] = normaliseFixture('unknown-event.json') as [Alert];
    expect(again.sourceAlertId).toBe(first.sourceAlertId);
    const changed = readAlertFixture('mackerel', 'unknown-event.json').replace('yamada', 'suzuki');
    const parsed = mackerelSource.parse(changed);
    if (!parsed.ok) throw new Error('parse failed');
    const [other] = mackerelSource.normalise(parsed.payload, { receivedAt: RECEIVED_AT }) as [Alert];
    expect(other.sourceAlertId).not.toBe(first.sourceAlertId);
    expect(first.sourceAlertId).toMatch(/^event:monitorUpdate:[0-9a-f]{16}$/);
  });

  it('keeps the payload as raw, with unknown fields', () => {
    const [alert] = normaliseFixture('unknown-alert-type.json') as [Alert];
    expect(alert.raw).toMatchObject({ metric: { name: 'http.server.duration' } });
  });
});

describe('Mackerel parse errors name the field', () => {
  it.each([
    ['{"event":"alert","alert":{"id":"x","status":3}}', 'alert.status: expected string, received number'],
    ['{"event":"alert"}', 'alert: required, expected object'],
    ['{"event":"alert","alert":{"status":"ok"}}', 'alert.id: required, expected string (or alert.url ending in the alert id, as before 2020)'],
    ['{"event":"alertGroup","alertGroup":{"status":"OK"}}', 'alertGroup.id: required, expected string'],
    ['{"alert":{}}', 'event: required, expected string'],
    ['[1,2]', '(body): expected object, received array'],
    ['{"event":', '(body): not valid JSON'],
  ])('%s', (body, message) => {
    const parsed = mackerelSource.parse(body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toContain(message);
  });

  it('accepts an unknown event with fields it has never seen', () => {
    expect(mackerelSource.parse('{"event":"somethingNew","whatever":{"a":[1]}}').ok).toBe(true);
  });
});

describe('lastPathSegment', () => {
  it.each([
    ['https://mackerel.io/orgs/x/alerts/2bjOlD', '2bjOlD'],
    ['https://mackerel.io/orgs/x/alerts/2bjOlD/', '2bjOlD'],
    ['https://mackerel.io/orgs/x/alerts/2bjOlD?tab=1#top', '2bjOlD'],
    ['https://mackerel.io', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, id) => {
    expect(lastPathSegment(url)).toBe(id);
  });
});

describe('Mackerel verify (Basic auth in the URL, or ?token=)', () => {
  const options = { secrets: ['mk-secret'], nowEpochMs: 0 };
  const request = (headers: Record<string, string[]>, queryParameters: Record<string, string[]> = {}) => ({
    headers,
    queryParameters,
    rawBody: '{}',
  });
  it.each<[string, Record<string, string[]>, Record<string, string[]>, unknown]>([
    // base64("kaizen:mk-secret"), base64("someone:mk-secret"), base64("nocolon") computed outside this code base
    ['Basic kaizen:mk-secret', { Authorization: ['Basic a2FpemVuOm1rLXNlY3JldA=='] }, {}, { ok: true }],
    ['any user name', { authorization: ['basic c29tZW9uZTptay1zZWNyZXQ='] }, {}, { ok: true }],
    ['token query parameter', {}, { token: ['mk-secret'] }, { ok: true }],
    ['wrong token', {}, { token: ['mk-secreT'] }, { ok: false, reason: 'bad-credentials' }],
    ['token parameter name is case-sensitive', {}, { Token: ['mk-secret'] }, { ok: false, reason: 'missing-credentials' }],
    ['Basic without a colon', { Authorization: ['Basic bm9jb2xvbg=='] }, {}, { ok: false, reason: 'malformed-credentials' }],
    ['bad Basic but a good token', { Authorization: ['Basic bm9jb2xvbg=='] }, { token: ['mk-secret'] }, { ok: true }],
    ['Bearer is not what Mackerel sends', { Authorization: ['Bearer mk-secret'] }, {}, { ok: false, reason: 'missing-credentials' }],
    ['nothing', {}, {}, { ok: false, reason: 'missing-credentials' }],
  ])('%s', (_name, headers, query, result) => {
    expect(mackerelSource.verify(request(headers, query), options)).toEqual(result);
  });
});
