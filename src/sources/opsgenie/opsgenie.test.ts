import { listAlertFixtures, readAlertFixture } from '../../../test/fixtures/alerts/load-fixture';
import { REDACTED, type Alert } from '../../domain/alert';
import { relayedAlertKeyFromAlias } from './normalise';
import { opsgenieSource } from './opsgenie-source';

const RECEIVED_AT = '2025-06-10T12:00:00.000Z';
const ALERT_ID = '5e2f9c3a-7b41-4d0e-9a6c-3f1d2b8e4a71';

function normaliseBody(body: string): Alert[] {
  const parsed = opsgenieSource.parse(body);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return opsgenieSource.normalise(parsed.payload, { receivedAt: RECEIVED_AT });
}

interface Case {
  file: string;
  expected: Partial<Alert>;
  closedAt: string | null;
}

// createdAt is ms; updatedAt/insertedAt are ns (19 digits) — converted by hand.
const cases: Case[] = [
  {
    file: 'create.json',
    expected: {
      sourceAlertId: ALERT_ID,
      groupKey: 'opsgenie:entity:web-01',
      relayedAlertKey: 'mackerel:4Ksb2dWqJ7m',
      status: 'firing',
      severity: { level: 'critical', raw: 'P1' },
      title: '[CRITICAL] CPU使用率（本番Web） 95.17 > 90 on web-01',
      monitor: { name: 'Mackerel' },
      occurredAt: '2025-06-10T01:23:45.412Z',
      openedAt: '2025-06-10T01:23:45.412Z',
      actor: { name: 'System' },
      rawEventType: 'Create',
      truncated: false,
    },
    closedAt: null,
  },
  {
    file: 'acknowledge.json',
    expected: {
      sourceAlertId: ALERT_ID,
      status: 'acknowledged',
      // no priority on follow-up actions
      severity: { level: 'unknown' },
      // updatedAt 1749518720412000246 ns
      occurredAt: '2025-06-10T01:25:20.412Z',
      openedAt: '2025-06-10T01:23:45.412Z',
      actor: { name: 'suzuki.ichiro@example.co.jp', id: 'daed1180-0ce8-438b-8f8e-57e1a5920a2d' },
      rawEventType: 'Acknowledge',
    },
    closedAt: null,
  },
  {
    file: 'addnote.json',
    expected: {
      status: 'note',
      note: '一次調査: バッチ処理の重複起動が原因の可能性あり。\n<b>対応</b>: cron を一時停止しました。\nhttps://wiki.example.co.jp/incidents/2025-06-10',
      occurredAt: '2025-06-10T01:26:45.412Z',
      rawEventType: 'AddNote',
    },
    closedAt: null,
  },
  {
    file: 'close.json',
    expected: { status: 'resolved', occurredAt: '2025-06-10T01:44:45.412Z', actor: { name: 'System' }, rawEventType: 'Close' },
    closedAt: '2025-06-10T01:44:45.412Z',
  },
  {
    file: 'escalate.json',
    expected: {
      sourceAlertId: ALERT_ID,
      // Escalate's alert holds only alertId: no entity/alias to group by
      groupKey: `opsgenie:alert:${ALERT_ID}`,
      status: 'note',
      severity: { level: 'unknown' },
      title: 'Escalated to SRE 当番 (EC本番 エスカレーション)',
      monitor: { name: 'ticket-bridge-webhook' },
      // no time in the payload (escalationTime is not a timestamp)
      occurredAt: RECEIVED_AT,
      rawEventType: 'Escalate',
    },
    closedAt: null,
  },
  {
    file: 'create-2017.json',
    expected: {
      sourceAlertId: 'ec03dad6-62c8-4c94-b38b-d88f398e900f',
      groupKey: 'opsgenie:entity:db-01',
      status: 'firing',
      // numeric priority 3 means P3
      severity: { level: 'warning', raw: '3' },
      title: 'Disk usage 91% on db-01',
      monitor: { name: 'nagios' },
      occurredAt: '2017-08-14T11:25:56.288Z',
      openedAt: '2017-08-14T11:25:56.288Z',
    },
    closedAt: null,
  },
  {
    file: 'unknown-action.json',
    expected: {
      sourceAlertId: ALERT_ID,
      relayedAlertKey: 'mackerel:4Ksb2dWqJ7m',
      status: 'note',
      rawEventType: 'AddStakeholder',
      occurredAt: '2025-06-10T01:25:45.412Z',
    },
    closedAt: null,
  },
];

describe('Opsgenie normalise', () => {
  it('has a case for every fixture file', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(listAlertFixtures('opsgenie'));
  });

  it.each(cases)('$file', ({ file, expected, closedAt }) => {
    const alerts = normaliseBody(readAlertFixture('opsgenie', file));
    expect(alerts).toHaveLength(1);
    const [alert] = alerts as [Alert];
    expect(alert).toMatchObject({ source: 'opsgenie', ...expected });
    if (closedAt === null) expect(alert.closedAt).toBeUndefined();
    else expect(alert.closedAt).toBe(closedAt);
  });

  it('keeps the 1,000-character description the sender already cut', () => {
    const [alert] = normaliseBody(readAlertFixture('opsgenie', 'create.json')) as [Alert];
    expect(Array.from(alert.message)).toHaveLength(1000);
    expect(alert.message.startsWith('<p><b>Mackerel アラート</b>')).toBe(true);
  });

  it('never keeps the echoed headers of an Escalate (they carry the shared secret)', () => {
    const body = readAlertFixture('opsgenie', 'escalate.json');
    expect(body).toContain('kz_test_DO_NOT_STORE_9f8e7d6c5b4a');
    const [alert] = normaliseBody(body) as [Alert];
    expect(JSON.stringify(alert)).not.toContain('kz_test_DO_NOT_STORE');
    expect(alert.raw).toMatchObject({ headers: REDACTED, escalationName: 'EC本番 エスカレーション' });
  });

  it('keeps the 19-digit nanosecond times exact in raw', () => {
    const [alert] = normaliseBody(readAlertFixture('opsgenie', 'acknowledge.json')) as [Alert];
    expect(alert.raw).toMatchObject({ alert: { updatedAt: '1749518720412000246' } });
  });

  it('reads numeric priorities 1…5 as P1…P5', () => {
    const body = readAlertFixture('opsgenie', 'create-2017.json');
    const levels = [1, 2, 3, 4, 5].map((p) => {
      const [alert] = normaliseBody(body.replace('"priority": 3', `"priority": ${p}`)) as [Alert];
      return alert.severity.level;
    });
    expect(levels).toEqual(['critical', 'critical', 'warning', 'info', 'info']);
  });

  it('groups by alias when there is no entity', () => {
    const body = readAlertFixture('opsgenie', 'create-2017.json').replace('"entity": "db-01"', '"entity": ""');
    const [alert] = normaliseBody(body) as [Alert];
    expect(alert.groupKey).toBe('opsgenie:alias:nagios-db-01-disk');
    expect(alert.relayedAlertKey).toBeUndefined();
  });
});

describe('relayedAlertKeyFromAlias', () => {
  it.each([
    ['mackerel-4Ksb2dWqJ7m', 'mackerel:4Ksb2dWqJ7m'],
    ['mackerel-', undefined],
    ['prefix-mackerel-4Ksb2dWqJ7m', undefined],
    ['alert-alias', undefined],
    [undefined, undefined],
  ])('%s → %s', (alias, key) => {
    expect(relayedAlertKeyFromAlias(alias)).toBe(key);
  });
});

describe('Opsgenie parse errors name the field', () => {
  it.each([
    ['{"action":"Create","alert":{}}', 'alert.alertId: required, expected string'],
    ['{"alert":{"alertId":"a"}}', 'action: required, expected string'],
    ['{"action":"Close","alert":{"alertId":"a","updatedAt":"soon"}}', 'alert.updatedAt: expected epoch nanoseconds'],
    ['{"action":"Create","alert":{"alertId":"a","createdAt":true}}', 'alert.createdAt: expected a number'],
  ])('%s', (body, message) => {
    const parsed = opsgenieSource.parse(body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toContain(message);
  });
});

describe('Opsgenie verify (custom header)', () => {
  const request = (headers: Record<string, string[]>) => ({ headers, queryParameters: {}, rawBody: '{}' });
  it.each<[string, Record<string, string[]>, { headerName?: string }, unknown]>([
    ['default header', { 'X-Kaizen-Token': ['og-secret'] }, {}, { ok: true }],
    ['any case', { 'x-kaizen-token': ['og-secret'] }, {}, { ok: true }],
    ['an admin-chosen header name', { 'X-Ticket-Bridge-Token': ['og-secret'] }, { headerName: 'x-ticket-bridge-token' }, { ok: true }],
    ['wrong value', { 'X-Kaizen-Token': ['og-secret2'] }, {}, { ok: false, reason: 'bad-credentials' }],
    ['blank value', { 'X-Kaizen-Token': ['  '] }, {}, { ok: false, reason: 'missing-credentials' }],
    ['missing', {}, {}, { ok: false, reason: 'missing-credentials' }],
  ])('%s', (_name, headers, extra, result) => {
    expect(opsgenieSource.verify(request(headers), { secrets: ['og-secret'], nowEpochMs: 0, ...extra })).toEqual(result);
  });
});
