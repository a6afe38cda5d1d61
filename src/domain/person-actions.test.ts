import { anAlert, anIncident, defaultSettings, heldAlert, minutesAfter, T0 } from '../../test/builders/domain';
import { TimelineEntrySchema, type Incident } from './incident';
import { acknowledge, addNote, brokenTimeRule, close, markMitigated, markRecovered, reopen, setKeyTime, setLevel, setRoles, type PersonActionResult } from './person-actions';
import { applyToIncident } from './transitions';

const NOW = new Date(minutesAfter(T0, 30));
const AIKO = { accountId: '557058:aiko', displayName: 'Aiko Sato' };
const BEN = { accountId: '557058:ben', displayName: 'Ben Carter' };

const changedOf = (r: PersonActionResult) => {
  if (r.kind !== 'changed') throw new Error(`expected a change, got ${JSON.stringify(r)}`);
  return r;
};

describe('people’s actions (pure rules)', () => {
  describe('key time order (DESIGN 3.3)', () => {
    const i = anIncident({ impactStartedAt: minutesAfter(T0, 0), detectedAt: minutesAfter(T0, 5), acknowledgedAt: minutesAfter(T0, 10) });

    it.each([
      ['impactStartedAt', minutesAfter(T0, -60), undefined],
      ['impactStartedAt', minutesAfter(T0, 5), undefined],
      ['impactStartedAt', minutesAfter(T0, 6), 'impact-before-detected'],
      ['detectedAt', minutesAfter(T0, -1), 'impact-before-detected'],
      ['detectedAt', minutesAfter(T0, 11), 'detected-before-acknowledged'],
      ['acknowledgedAt', minutesAfter(T0, 4), 'detected-before-acknowledged'],
      ['acknowledgedAt', minutesAfter(T0, 20), undefined],
      ['mitigatedAt', minutesAfter(T0, -1), 'mitigated-after-impact'],
      ['mitigatedAt', minutesAfter(T0, 0), undefined],
      ['recoveredAt', minutesAfter(T0, -1), 'recovered-after-impact'],
      ['recoveredAt', minutesAfter(T0, 29), undefined],
      ['recoveredAt', minutesAfter(T0, 32), 'not-in-future'],
      ['impactStartedAt', minutesAfter(T0, 90), 'not-in-future'],
    ] as const)('%s = %s → %s', (field, at, rule) => {
      const result = setKeyTime(field, at)(i, AIKO, NOW);
      if (rule === undefined) {
        expect(changedOf(result).incident[field]).toBe(at);
      } else {
        expect(result).toMatchObject({ kind: 'refused', rule });
        if (result.kind === 'refused') expect(result.message).toContain(rule);
      }
    });

    it('backdating impact start past a later mitigation is refused, naming both times', () => {
      const mitigated = anIncident({ impactStartedAt: T0, detectedAt: minutesAfter(T0, 10), mitigatedAt: minutesAfter(T0, 5) });
      expect(brokenTimeRule(mitigated, { impactStartedAt: minutesAfter(T0, 6) }, NOW)).toMatchObject({ rule: 'mitigated-after-impact' });
      expect(brokenTimeRule(mitigated, { impactStartedAt: minutesAfter(T0, 6) }, NOW)?.fields).toEqual(['impactStartedAt', 'mitigatedAt']);
    });

    it('a machine value out of order elsewhere does not block an unrelated correction', () => {
      const odd = anIncident({ impactStartedAt: T0, detectedAt: minutesAfter(T0, 10), acknowledgedAt: minutesAfter(T0, 2) });
      expect(changedOf(setKeyTime('recoveredAt', minutesAfter(T0, 20))(odd, AIKO, NOW)).incident.recoveredAt).toBe(minutesAfter(T0, 20));
    });

    it('a key time a person set is marked as theirs; a recovery time too (recoveredBy person)', () => {
      const r = changedOf(setKeyTime('recoveredAt', minutesAfter(T0, 20))(i, AIKO, NOW));
      expect(r.incident).toMatchObject({ recoveredBy: 'person', setByPerson: { recoveredAt: { accountId: AIKO.accountId, at: NOW.toISOString() } } });
      expect(r.timeline).toEqual([expect.objectContaining({ kind: 'time-set', actor: 'Aiko Sato', actorAccountId: AIKO.accountId })]);
      // the same value again by anyone: nothing to write
      expect(setKeyTime('recoveredAt', minutesAfter(T0, 20))(r.incident, BEN, NOW)).toEqual({ kind: 'unchanged', reason: 'already' });
    });
  });

  describe('level: a person’s value wins over the alerts', () => {
    it('sets the level as the person’s and says from what', () => {
      const r = changedOf(setLevel('SEV4')(anIncident({ level: 'SEV2' }), AIKO, NOW));
      expect(r.incident).toMatchObject({ level: 'SEV4', setByPerson: { level: { displayName: 'Aiko Sato' } } });
      expect(r.timeline[0]).toMatchObject({ kind: 'level-set', detail: 'SEV2 → SEV4' });
    });

    it('a later critical alert does not undo a commander’s downgrade; its entry still shows the alert’s severity', () => {
      const settings = defaultSettings();
      const open = anAlert();
      const downgraded = changedOf(setLevel('SEV4')(anIncident({ level: 'SEV3' }), AIKO, NOW)).incident;
      const after = applyToIncident({ kind: 'update', incident: downgraded, held: heldAlert(open), change: 'escalated' }, anAlert({ severity: { level: 'critical' } }), 'ev-9', settings);
      expect(after.incident.level).toBe('SEV4');
      expect(after.timeline[0]).toMatchObject({ kind: 'alert-escalated', severity: 'critical' });
      // without a person's level the alert still raises it
      const machine = applyToIncident({ kind: 'update', incident: anIncident({ level: 'SEV3' }), held: heldAlert(open), change: 'escalated' }, anAlert({ severity: { level: 'critical' } }), 'ev-9', settings);
      expect(machine.incident.level).toBe('SEV2');
    });

    it('a recovery time a person set survives the alerts resolving', () => {
      const open = anAlert();
      const mine = changedOf(setKeyTime('recoveredAt', minutesAfter(T0, 3))(anIncident(), AIKO, NOW)).incident;
      const resolved = applyToIncident({ kind: 'update', incident: { ...mine, recoveredBy: undefined }, held: heldAlert(open), change: 'resolved' }, anAlert({ status: 'resolved', occurredAt: minutesAfter(T0, 9) }), 'ev-10', defaultSettings());
      expect(resolved.incident).toMatchObject({ state: 'recovered', recoveredAt: minutesAfter(T0, 3) });
    });
  });

  describe('roles', () => {
    it('changes only the roles named, so two people setting different roles both land', () => {
      const first = changedOf(setRoles({ commander: AIKO.accountId })(anIncident(), AIKO, NOW)).incident;
      const both = changedOf(setRoles({ scribe: BEN.accountId, responders: [BEN.accountId, BEN.accountId, AIKO.accountId] })(first, BEN, NOW));
      expect(both.incident.roles).toEqual({ commander: AIKO.accountId, scribe: BEN.accountId, responders: [BEN.accountId, AIKO.accountId] });
      expect(both.timeline[0]).toMatchObject({ kind: 'roles-set', actor: 'Ben Carter' });
      const cleared = changedOf(setRoles({ commander: null })(both.incident, AIKO, NOW)).incident;
      expect(cleared.roles).toEqual({ scribe: BEN.accountId, responders: [BEN.accountId, AIKO.accountId] });
      expect(setRoles({ scribe: BEN.accountId })(cleared, AIKO, NOW)).toEqual({ kind: 'unchanged', reason: 'already' });
    });
  });

  describe('state', () => {
    const at = (state: Incident['state'], over: Partial<Incident> = {}) => anIncident({ state, ...over });

    it('acknowledge: only an open incident, keeping a time already recorded', () => {
      expect(changedOf(acknowledge(at('open'), AIKO, NOW)).incident).toMatchObject({ state: 'acknowledged', acknowledgedAt: NOW.toISOString() });
      expect(changedOf(acknowledge(at('open', { acknowledgedAt: minutesAfter(T0, 2) }), AIKO, NOW)).incident.acknowledgedAt).toBe(minutesAfter(T0, 2));
      expect(acknowledge(at('acknowledged'), AIKO, NOW)).toEqual({ kind: 'unchanged', reason: 'already' });
      expect(acknowledge(at('recovered'), AIKO, NOW)).toEqual({ kind: 'unchanged', reason: 'not-applicable' });
    });

    it('mitigated, then recovered, then closed, then reopened', () => {
      const mitigated = changedOf(markMitigated()(at('acknowledged', { acknowledgedAt: T0 }), AIKO, NOW)).incident;
      expect(mitigated).toMatchObject({ state: 'mitigated', mitigatedAt: NOW.toISOString() });
      expect(markMitigated()(mitigated, AIKO, NOW)).toEqual({ kind: 'unchanged', reason: 'already' });
      const recovered = changedOf(markRecovered(minutesAfter(T0, 20))(mitigated, AIKO, NOW)).incident;
      expect(recovered).toMatchObject({ state: 'recovered', recoveredAt: minutesAfter(T0, 20), recoveredBy: 'person' });
      const closed = changedOf(close(recovered, AIKO, NOW)).incident;
      expect(closed).toMatchObject({ state: 'closed', closedAt: NOW.toISOString() });
      expect(close(closed, AIKO, NOW)).toEqual({ kind: 'unchanged', reason: 'already' });
      expect(markMitigated()(closed, AIKO, NOW)).toMatchObject({ kind: 'refused', rule: 'not-while-closed' });
      const reopened = changedOf(reopen(closed, BEN, NOW));
      expect(reopened.incident).toMatchObject({ state: 'acknowledged', reopenCount: 1, reopenedAt: NOW.toISOString() });
      // a later close keeps when it was reopened (a late Jira "done" from before the reopen must not count: jira-sync)
      expect(changedOf(close(reopened.incident, BEN, NOW)).incident.reopenedAt).toBe(NOW.toISOString());
      expect(reopened.incident.recoveredAt).toBeUndefined();
      expect(reopened.incident.closedAt).toBeUndefined();
      expect(reopened.incident.setByPerson?.recoveredAt).toBeUndefined();
      expect(reopened.timeline[0]).toMatchObject({ kind: 'reopened', actor: 'Ben Carter' });
      expect(reopen(at('open'), AIKO, NOW)).toEqual({ kind: 'unchanged', reason: 'not-applicable' });
    });

    it('mark mitigated at a time before impact start is refused like a key time', () => {
      expect(markMitigated(minutesAfter(T0, -5))(at('open'), AIKO, NOW)).toMatchObject({ kind: 'refused', rule: 'mitigated-after-impact', fields: ['impactStartedAt', 'mitigatedAt'] });
    });
  });

  it('a note is text on the timeline with who wrote it; the record is otherwise unchanged', () => {
    const i = anIncident();
    const r = changedOf(addNote('  <b>rolled back</b> v1.2  ')(i, AIKO, NOW));
    expect(r.incident).toEqual(i);
    expect(r.timeline).toEqual([{ at: NOW.toISOString(), kind: 'note', title: i.title, detail: '<b>rolled back</b> v1.2', actor: 'Aiko Sato', actorAccountId: AIKO.accountId }]);
  });

  describe('what an entry changed, as data (the panel renders it; `detail` stays the text for Jira and the page)', () => {
    const i = anIncident({ level: 'SEV3', impactStartedAt: minutesAfter(T0, 0), detectedAt: minutesAfter(T0, 5) });

    it('a level change: from and to', () => {
      const [entry] = changedOf(setLevel('SEV1')(i, AIKO, NOW)).timeline;
      expect(entry).toMatchObject({ detail: 'SEV3 → SEV1', change: { field: 'level', from: 'SEV3', to: 'SEV1' } });
      expect(TimelineEntrySchema.parse(entry)).toEqual(entry);
    });

    it('a key time: the field, what it was and what it is now', () => {
      const [entry] = changedOf(setKeyTime('impactStartedAt', minutesAfter(T0, -10))(i, AIKO, NOW)).timeline;
      expect(entry).toMatchObject({ kind: 'time-set', change: { field: 'impactStartedAt', from: minutesAfter(T0, 0), to: minutesAfter(T0, -10) } });
      const [first] = changedOf(setKeyTime('acknowledgedAt', minutesAfter(T0, 7))(i, AIKO, NOW)).timeline;
      expect(first!.change).toEqual({ field: 'acknowledgedAt', to: minutesAfter(T0, 7) });
    });

    it('mitigated or recovered at a time given carries it; at "now" the entry’s own time says it', () => {
      expect(changedOf(markMitigated(minutesAfter(T0, 20))(i, AIKO, NOW)).timeline[0]!.change).toEqual({ field: 'mitigatedAt', to: minutesAfter(T0, 20) });
      expect(changedOf(markRecovered(minutesAfter(T0, 25))(i, AIKO, NOW)).timeline[0]!.change).toEqual({ field: 'recoveredAt', to: minutesAfter(T0, 25) });
      expect(changedOf(markMitigated()(i, AIKO, NOW)).timeline[0]!.change).toBeUndefined();
    });

    it('roles: only the roles changed, a cleared one as null, responders as the new list', () => {
      const withRoles = changedOf(setRoles({ commander: AIKO.accountId, scribe: BEN.accountId })(i, AIKO, NOW));
      expect(withRoles.timeline[0]!.change).toEqual({ field: 'roles', to: { commander: AIKO.accountId, scribe: BEN.accountId } });
      const next = changedOf(setRoles({ commander: null, scribe: BEN.accountId, responders: [BEN.accountId] })(withRoles.incident, BEN, NOW));
      expect(next.timeline[0]).toMatchObject({ detail: `commander: —; responders: ${BEN.accountId}`, change: { field: 'roles', to: { commander: null, responders: [BEN.accountId] } } });
      expect(TimelineEntrySchema.parse(next.timeline[0])).toEqual(next.timeline[0]);
    });

    it('an entry stored before `change` existed still parses; a malformed change does not', () => {
      const old = { at: NOW.toISOString(), kind: 'level-set', title: 't', detail: 'SEV3 → SEV1', actor: 'Aiko Sato' };
      expect(TimelineEntrySchema.parse(old)).toEqual(old);
      expect(TimelineEntrySchema.safeParse({ ...old, change: { field: 'level', from: 'SEV9', to: 'SEV1' } }).success).toBe(false);
    });
  });
});
