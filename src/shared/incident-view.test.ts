import { anAlert, anIncident, heldAlert, minutesAfter, T0 } from '../../test/builders/domain';
import { toIncidentView, toTimelineEntryView, toTimelineSlice } from '../usecases/incident-views';
import { GetIncidentDataSchema, IncidentViewSchema, TimelineEntryViewSchema } from './incident-view';
import { RESOLVERS } from './resolver-contract';
import { resultSchema } from './resolver-result';
import type { TimelineChange } from './timeline-change';

describe('incident view schemas', () => {
  const incident = anIncident({
    state: 'acknowledged',
    acknowledgedAt: minutesAfter(T0, 5),
    issue: { id: '10001', key: 'OPS-1', url: 'https://example.atlassian.net/browse/OPS-1' },
    page: { id: '65540', title: 'OPS-1: CPU', url: 'https://example.atlassian.net/wiki/spaces/OPS/pages/65540' },
  });

  it('the view of a stored incident parses, and carries none of the bookkeeping', () => {
    const view = IncidentViewSchema.parse(toIncidentView(incident, [heldAlert(anAlert())]));
    expect(view).toMatchObject({ id: 'inc-1', state: 'acknowledged', level: 'SEV3', times: { impactStartedAt: T0, acknowledgedAt: minutesAfter(T0, 5) }, alertTotal: 1 });
    expect(view.alerts).toHaveLength(1);
    expect(JSON.stringify(view)).not.toMatch(/appliedEventIds|openedByEventId|pendingComment|groupKeys|version/);
  });

  it('alerts are listed firing first, then acknowledged, then resolved, newest first in each', () => {
    const at = (id: string, m: number, state: 'firing' | 'acknowledged' | 'resolved') => heldAlert(anAlert({ sourceAlertId: id, occurredAt: minutesAfter(T0, m) }), { state });
    const shown = [at('old-resolved', 1, 'resolved'), at('early', 1, 'firing'), at('acked', 3, 'acknowledged'), at('late', 9, 'firing'), at('new-resolved', 8, 'resolved')];
    expect(toIncidentView(anIncident({}, shown), shown).alerts.map((a) => a.key)).toEqual(['mackerel:late', 'mackerel:early', 'mackerel:acked', 'mackerel:new-resolved', 'mackerel:old-resolved']);
  });

  it('a bounded list of alerts says how many there are in all', () => {
    const incident = anIncident({ alertCounts: { firing: 4_990, acknowledged: 0, resolved: 10 } });
    const view = IncidentViewSchema.parse(toIncidentView(incident, [heldAlert(anAlert())]));
    expect(view.alerts).toHaveLength(1);
    expect(view.alertTotal).toBe(5_000);
  });

  it('a link that is not http(s) is left out of the view; the schema refuses one', () => {
    const bad = anIncident({}, [heldAlert(anAlert(), { url: 'javascript:alert(1)' })]);
    expect(toIncidentView(bad, [heldAlert(anAlert(), { url: 'javascript:alert(1)' })]).alerts[0]!.url).toBeUndefined();
    expect(IncidentViewSchema.safeParse({ ...toIncidentView(incident, []), page: { title: 'x', url: 'javascript:alert(1)' } }).success).toBe(false);
  });

  it('a person’s acknowledgement (no alert key) shows as incident-acknowledged; an alert’s stays alert-acknowledged', () => {
    expect(toTimelineEntryView({ at: T0, kind: 'alert-acknowledged', title: 't', actor: 'Aiko Sato' }).kind).toBe('incident-acknowledged');
    expect(toTimelineEntryView({ at: T0, kind: 'alert-acknowledged', title: 't', alertKey: 'opsgenie:1', source: 'opsgenie' }).kind).toBe('alert-acknowledged');
  });

  it('timeline entries keep their untrusted text as it is (rendering escapes it)', () => {
    const entry = TimelineEntryViewSchema.parse(toTimelineEntryView({ at: T0, kind: 'alert-note', title: '<script>x</script>', detail: '</ac:x>' }));
    expect(entry).toMatchObject({ title: '<script>x</script>', detail: '</ac:x>' });
  });

  it('a person’s entry carries what it changed as data; the actor’s account id stays behind', () => {
    const change: TimelineChange = { field: 'roles', to: { commander: '557058:ben', responders: ['557058:aiko'] } };
    const entry = TimelineEntryViewSchema.parse(toTimelineEntryView({ at: T0, kind: 'roles-set', title: 't', detail: 'commander: 557058:ben', actor: 'Aiko Sato', actorAccountId: '557058:aiko', change }));
    expect(entry).toEqual({ at: T0, kind: 'roles-set', title: 't', detail: 'commander: 557058:ben', actor: 'Aiko Sato', change });
    expect(TimelineEntryViewSchema.safeParse({ ...entry, change: { field: 'detectedAt', to: 'yesterday' } }).success).toBe(false);
  });

  it('a slice knows how many entries there are in all', () => {
    expect(toTimelineSlice([], 7)).toEqual({ entries: [], total: 7 });
  });

  it('getIncident data is an incident with its timeline, or incident: null', () => {
    expect(GetIncidentDataSchema.parse({ incident: null })).toEqual({ incident: null });
    expect(GetIncidentDataSchema.safeParse({ incident: toIncidentView(incident, []) }).success).toBe(false);
    expect(GetIncidentDataSchema.safeParse({ incident: toIncidentView(incident, []), timeline: { entries: [], total: 0 }, retro: {} }).success).toBe(true);
  });
});

describe('resolver answers', () => {
  const schema = resultSchema(IncidentViewSchema);

  it('an error answer needs a known code and a message', () => {
    expect(schema.parse({ ok: false, error: { code: 'edit-not-allowed', message: 'no' } })).toEqual({ ok: false, error: { code: 'edit-not-allowed', message: 'no' } });
    expect(schema.safeParse({ ok: false, error: { code: 'teapot', message: 'no' } }).success).toBe(false);
    expect(schema.safeParse({ ok: false }).success).toBe(false);
  });

  it('an ok answer needs valid data', () => {
    expect(schema.safeParse({ ok: true, data: { id: 'x' } }).success).toBe(false);
    expect(schema.safeParse({ error: 'old shape' }).success).toBe(false);
  });

  it('every resolver of the contract has a payload schema and an answer schema', () => {
    // the incident resolvers are there (the admin page's are tested with its contract)
    expect(Object.keys(RESOLVERS)).toEqual(expect.arrayContaining(['acknowledgeIncident', 'getIncident', 'getIncidentStatus', 'getMetrics']));
    for (const [name, contract] of Object.entries(RESOLVERS)) expect([name, typeof contract.request.safeParse, typeof contract.response.safeParse]).toEqual([name, 'function', 'function']);
    expect(RESOLVERS.getMetrics.request.safeParse({ period: 30 }).success).toBe(true);
    expect(RESOLVERS.getMetrics.request.safeParse({ period: '30' }).success).toBe(false);
    expect(RESOLVERS.getIncidentStatus.request.safeParse({ incidentId: 'inc-1' }).success).toBe(true);
    expect(RESOLVERS.getIncidentStatus.request.safeParse({ incidentId: 'a/b' }).success).toBe(false);
  });
});
