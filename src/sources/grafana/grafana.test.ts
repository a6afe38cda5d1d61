import { listAlertFixtures, readAlertFixture } from '../../../test/fixtures/alerts/load-fixture';
import type { Alert } from '../../domain/alert';
import type { VerifyOptions, WebhookRequest } from '../alert-source';
import { grafanaSource } from './grafana-source';

const RECEIVED_AT = '2025-06-10T12:00:00.000Z';
const GROUP_KEY = 'grafana:{}/{team="sre"}:{alertname="本番Web CPU高負荷", grafana_folder="EC本番"}';
const RULE_URL = 'https://grafana.example.co.jp/alerting/grafana/be6kq2xw1m1hcb/view?orgId=1';

function normaliseFixture(file: string): Alert[] {
  const parsed = grafanaSource.parse(readAlertFixture('grafana', file));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return grafanaSource.normalise(parsed.payload, { receivedAt: RECEIVED_AT });
}

const cases: { file: string; expected: Partial<Alert>; closedAt: string | null }[] = [
  {
    file: 'firing.json',
    expected: {
      source: 'grafana',
      sourceAlertId: 'c6eadffa33fcdf37@2025-06-10T01:23:45.157076Z',
      groupKey: GROUP_KEY,
      status: 'firing',
      // no severity label on this rule
      severity: { level: 'unknown' },
      title: 'web-01 の CPU 使用率が 95% を超えています',
      message: '5分間平均で 95.17%。スケールアウトを検討してください。',
      monitor: { name: '本番Web CPU高負荷', url: RULE_URL },
      host: 'web-01',
      metric: { label: 'A', value: 95.16666666666667 },
      occurredAt: '2025-06-10T01:23:45.157Z',
      openedAt: '2025-06-10T01:23:45.157Z',
      url: RULE_URL,
      links: [
        { kind: 'runbook', url: 'https://wiki.example.co.jp/runbooks/web-cpu', label: 'runbook' },
        {
          kind: 'dashboard',
          url: 'https://grafana.example.co.jp/d/ec-web-overview?from=1749515025000&orgId=1&to=1749518925000',
          label: 'dashboard',
        },
        {
          kind: 'panel',
          url: 'https://grafana.example.co.jp/d/ec-web-overview?from=1749515025000&orgId=1&to=1749518925000&viewPanel=4',
          label: 'panel',
        },
        {
          kind: 'silence',
          url: 'https://grafana.example.co.jp/alerting/silence/new?alertmanager=grafana&matcher=__alert_rule_uid__%3Dbe6kq2xw1m1hcb&matcher=instance%3Dweb-01&matcher=team%3Dsre&orgId=1',
          label: 'silence',
        },
        { kind: 'console', url: 'https://grafana.example.co.jp/', label: 'Grafana' },
      ],
      rawEventType: 'firing',
    },
    closedAt: null,
  },
  {
    file: 'resolved.json',
    expected: {
      sourceAlertId: 'c6eadffa33fcdf37@2025-06-10T01:23:45.157076Z',
      groupKey: GROUP_KEY,
      status: 'resolved',
      metric: { label: 'A', value: 41.3 },
      occurredAt: '2025-06-10T01:41:45.157Z',
      openedAt: '2025-06-10T01:23:45.157Z',
      rawEventType: 'resolved',
    },
    closedAt: '2025-06-10T01:41:45.157Z',
  },
];

describe('Grafana normalise', () => {
  it('has a case for every fixture file', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(listAlertFixtures('grafana'));
  });

  it.each(cases)('$file', ({ file, expected, closedAt }) => {
    const alerts = normaliseFixture(file);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts as [Alert];
    expect(alert).toMatchObject(expected);
    if (closedAt === null) expect(alert.closedAt).toBeUndefined();
    else expect(alert.closedAt).toBe(closedAt);
  });
});

describe('Grafana verify (HMAC-SHA256, grafana/alerting http/hmac.go)', () => {
  const SECRET = 'grafana-secret';
  const BODY = '{"status":"firing"}';
  // Known answers computed outside this code base (Python hmac): body alone, and "1749518625:" + body.
  const BODY_ONLY_SIGNATURE = 'bf139e3403a31e4b49defad120bc97d578b44bd35af83566821426b9bb7fc97d';
  const TIMESTAMPED_SIGNATURE = '83ef4239a87ba287ceef6e4eb8414cede14d78ee46ddf1e2ba62a9899564dea9';
  const NOW_MS = 1749518625_000;
  const request = (headers: Record<string, string[]>, rawBody = BODY): WebhookRequest => ({
    headers,
    queryParameters: {},
    rawBody,
  });
  const options: VerifyOptions = { secrets: [SECRET], nowEpochMs: NOW_MS };

  it.each<[string, Record<string, string[]>, VerifyOptions, unknown]>([
    ['body-only signature', { 'X-Grafana-Alerting-Signature': [BODY_ONLY_SIGNATURE] }, options, { ok: true }],
    [
      'header name in lower case, signature in upper case',
      { 'x-grafana-alerting-signature': [BODY_ONLY_SIGNATURE.toUpperCase()] },
      options,
      { ok: true },
    ],
    [
      "Grafana's fallback header when the Header field is left empty",
      { 'X-Grafana-Alert-Signature': [BODY_ONLY_SIGNATURE] },
      options,
      { ok: true },
    ],
    [
      'timestamp:body signature with a fresh timestamp',
      { 'X-Grafana-Alerting-Signature': [TIMESTAMPED_SIGNATURE], 'X-Grafana-Alerting-Timestamp': ['1749518625'] },
      options,
      { ok: true },
    ],
    [
      'timestamp 5 minutes old is still fresh',
      { 'X-Grafana-Alerting-Signature': [TIMESTAMPED_SIGNATURE], 'X-Grafana-Alerting-Timestamp': ['1749518625'] },
      { ...options, nowEpochMs: NOW_MS + 300_000 },
      { ok: true },
    ],
    [
      'timestamp over 5 minutes old',
      { 'X-Grafana-Alerting-Signature': [TIMESTAMPED_SIGNATURE], 'X-Grafana-Alerting-Timestamp': ['1749518625'] },
      { ...options, nowEpochMs: NOW_MS + 301_000 },
      { ok: false, reason: 'stale-timestamp' },
    ],
    [
      'a timestamped signature with its timestamp header stripped',
      { 'X-Grafana-Alerting-Signature': [TIMESTAMPED_SIGNATURE] },
      options,
      { ok: false, reason: 'bad-credentials' },
    ],
    [
      'a body-only signature with a timestamp header added',
      { 'X-Grafana-Alerting-Signature': [BODY_ONLY_SIGNATURE], 'X-Grafana-Alerting-Timestamp': ['1749518625'] },
      options,
      { ok: false, reason: 'bad-credentials' },
    ],
    [
      'body-only when a timestamp is required',
      { 'X-Grafana-Alerting-Signature': [BODY_ONLY_SIGNATURE] },
      { ...options, requireTimestamp: true },
      { ok: false, reason: 'missing-credentials' },
    ],
    [
      'a custom timestamp header name',
      { 'X-Sig': [TIMESTAMPED_SIGNATURE], 'X-TS': ['1749518625'] },
      { ...options, headerName: 'X-Sig', timestampHeaderName: 'X-TS' },
      { ok: true },
    ],
    ['no signature', {}, options, { ok: false, reason: 'missing-credentials' }],
    ['not hex', { 'X-Grafana-Alerting-Signature': ['sha256=abc'] }, options, { ok: false, reason: 'malformed-credentials' }],
    [
      'wrong secret',
      { 'X-Grafana-Alerting-Signature': [BODY_ONLY_SIGNATURE] },
      { ...options, secrets: ['other'] },
      { ok: false, reason: 'bad-credentials' },
    ],
    [
      'old secret still accepted during rotation',
      { 'X-Grafana-Alerting-Signature': [BODY_ONLY_SIGNATURE] },
      { ...options, secrets: ['new-secret', SECRET] },
      { ok: true },
    ],
  ])('%s', (_name, headers, verifyOptions, result) => {
    expect(grafanaSource.verify(request(headers), verifyOptions)).toEqual(result);
  });

  it('refuses a changed body', () => {
    const headers = { 'X-Grafana-Alerting-Signature': [BODY_ONLY_SIGNATURE] };
    expect(grafanaSource.verify(request(headers, '{"status":"resolved"}'), options)).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
  });

  it('signs like Grafana does (timestamp:body)', () => {
    const signed = grafanaSource.signAsSender(BODY, SECRET, NOW_MS);
    expect(signed.headers['X-Grafana-Alerting-Signature']).toEqual([TIMESTAMPED_SIGNATURE]);
    expect(signed.headers['X-Grafana-Alerting-Timestamp']).toEqual(['1749518625']);
  });
});
