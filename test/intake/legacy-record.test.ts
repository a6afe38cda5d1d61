import { fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { alertsOf, onlyIncident } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';
import type { IncidentAlert } from '../../src/domain/incident';
import { keys } from '../../src/storage/kvs-keys';

const ALERT = 'mackerel:4Ksb2dWqJ7m';

/**
 * Incidents stored before each alert's state moved to its own `incident-alert` row keep their alerts in the record's
 * `alerts` map (the shape of `git show cb6435d:src/domain/incident.ts`: no `alertCounts`, no rows). Alerts for them
 * arriving after the upgrade must find their alert there, and the map must move to rows without losing an alert.
 */
describe('an incident stored before alerts moved to their own rows', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startKaizenSandbox();
  });
  afterEach(async () => {
    expect(sb.router.violations).toEqual([]);
    expect(sb.queues.deadLetters()).toEqual([]);
    expect(sb.store.range('kvs', { prefix: 'dlq:' })).toEqual([]);
    await sb.dispose();
  });

  const send = async (file: string, edit: (body: { alert: Record<string, unknown> }) => void = () => {}) => {
    const body = JSON.parse(fixture('mackerel', file)) as { alert: Record<string, unknown> };
    edit(body);
    expect((await sendAs(sb, 'mackerel', JSON.stringify(body))).status).toBe(202);
    await sb.idle();
  };

  const rawRecord = (id: string) => (sb.kvs.handle('/api/v1/entity/get', { entityName: 'incident', key: id }).body as { value: { state: string; openedAt: string; version: number; data: Record<string, unknown> } }).value;

  /**
   * Rewrites the app's incident (issue, page and links real) as the previous version stored it: its alerts in the
   * record's map (plus `extra` ones), no counts, no alert rows. The alert and group links are the same in both shapes.
   */
  function makeLegacy(extra: IncidentAlert[] = []): string {
    const { id } = onlyIncident(sb);
    const alerts = [...alertsOf(sb, id), ...extra];
    const raw = rawRecord(id);
    const { alertCounts: _c, lastResolvedAt: _r, pendingCommentOmitted: _o, roles: _roles, setByPerson: _p, ...previous } = raw.data;
    const set = sb.kvs.handle('/api/v1/entity/set', { entityName: 'incident', key: id, value: { ...raw, data: { ...previous, alerts: Object.fromEntries(alerts.map((a) => [a.key, a])) } } });
    expect(set.status).toBeLessThan(300);
    for (const a of alertsOf(sb, id)) expect(sb.kvs.handle('/api/v1/entity/delete', { entityName: 'incident-alert', key: keys.incidentAlert(id, a.key) }).status).toBe(204);
    expect(alertsOf(sb, id)).toEqual([]);
    return id;
  }

  it('the old alert resolving recovers the incident; the alert gets its row and the old map is gone', async () => {
    await send('host-warning.json');
    const id = makeLegacy();
    expect(onlyIncident(sb).alertCounts).toEqual({ firing: 1, acknowledged: 0, resolved: 0 });

    await send('host-ok.json');
    const incident = onlyIncident(sb);
    expect(incident).toMatchObject({ state: 'recovered', recoveredBy: 'alerts', alertCounts: { firing: 0, acknowledged: 0, resolved: 1 } });
    expect(alertsOf(sb, id).map((a) => [a.key, a.state])).toEqual([[ALERT, 'resolved']]);
    expect(rawRecord(id).data).not.toHaveProperty('alerts');
    // it was not taken for a resolve nobody had seen open
    expect(sb.kvsGet(keys.tombstone(ALERT))).toBeUndefined();
  });

  it('the old alert firing again (escalated) updates it, never attaches it a second time', async () => {
    await send('host-warning.json');
    const id = makeLegacy();

    await send('host-critical.json');
    let incident = onlyIncident(sb);
    expect(incident).toMatchObject({ state: 'open', level: 'SEV2', alertCounts: { firing: 1, acknowledged: 0, resolved: 0 } });
    expect(alertsOf(sb, id).map((a) => [a.key, a.state, a.severity])).toEqual([[ALERT, 'firing', 'critical']]);

    await send('host-ok.json');
    incident = onlyIncident(sb);
    expect(incident).toMatchObject({ state: 'recovered', alertCounts: { firing: 0, acknowledged: 0, resolved: 1 } });
  });

  it('a map larger than one transaction moves to rows on the first write, every alert kept', async () => {
    await send('host-warning.json');
    const { id } = onlyIncident(sb);
    const [held] = alertsOf(sb, id);
    // 40 old alerts: more than one transaction's 25 operations can move
    const older = Array.from({ length: 39 }, (_, n): IncidentAlert => ({ ...held!, key: `mackerel:old${n}`, sourceAlertId: `old${n}`, state: 'resolved', resolvedAt: held!.firstSeenAt }));
    makeLegacy(older);
    expect(onlyIncident(sb).alertCounts).toEqual({ firing: 1, acknowledged: 0, resolved: 39 });

    await send('host-ok.json');
    expect(onlyIncident(sb)).toMatchObject({ state: 'recovered', alertCounts: { firing: 0, acknowledged: 0, resolved: 40 } });
    const rows = alertsOf(sb, id);
    expect(rows.map((a) => a.key).sort()).toEqual([ALERT, ...older.map((a) => a.key)].sort());
    expect(rows.every((a) => a.state === 'resolved')).toBe(true);
    expect(rawRecord(id).data).not.toHaveProperty('alerts');
  });

  it('housekeeping moves the old map of an active incident to rows without waiting for its next alert', async () => {
    await send('host-warning.json');
    const id = makeLegacy();
    expect((await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).ok).toBe(true);
    await sb.idle();
    expect(alertsOf(sb, id).map((a) => [a.key, a.state])).toEqual([[ALERT, 'firing']]);
    expect(rawRecord(id).data).not.toHaveProperty('alerts');
    expect(onlyIncident(sb)).toMatchObject({ state: 'open', alertCounts: { firing: 1, acknowledged: 0, resolved: 0 } });
  });

  it('another alert joining moves the old alert to its row in the same write', async () => {
    await send('host-warning.json');
    const id = makeLegacy();
    // another alert of the same role joins: the old alert's entry moves to its row in the same write
    await send('host-warning.json', (b) => {
      b.alert.id = 'second';
    });
    expect(onlyIncident(sb).alertCounts).toEqual({ firing: 2, acknowledged: 0, resolved: 0 });
    expect(alertsOf(sb, id).map((a) => a.key).sort()).toEqual([ALERT, 'mackerel:second']);
    expect(rawRecord(id).data).not.toHaveProperty('alerts');

    await send('host-ok.json');
    expect(onlyIncident(sb)).toMatchObject({ state: 'open', alertCounts: { firing: 1, acknowledged: 0, resolved: 1 } });
  });
});
