import { anIncident, minutesAfter, T0 } from '../../test/builders/domain';
import type { Incident, TimelineEntry } from '../domain/incident';
import { acknowledgeIncident, type AcknowledgeDeps } from './acknowledge-incident';

const NOW = minutesAfter(T0, 12);

/** A store of one incident with the read-modify-write semantics of storage/incident-store `updateIncident`. */
function fakeDeps(start: Incident | undefined, over: { canEdit?: boolean; before?: (i: Incident) => Incident } = {}) {
  let stored = start;
  const appended: TimelineEntry[] = [];
  const calls: string[] = [];
  const deps: AcknowledgeDeps = {
    access: {
      canEditIssue: async (id) => (calls.push(`canEdit:${id}`), over.canEdit ?? true),
      me: async () => (calls.push('me'), { accountId: '557058:aiko', displayName: 'Aiko Sato' }),
    },
    incidents: {
      incidentIdOfIssue: async () => stored?.id,
      load: async () => stored,
    },
    update: async (_id, change, timeline) => {
      calls.push('update');
      // another writer may get there between the read and this write
      const current = over.before && stored ? over.before(stored) : stored;
      if (!current) return undefined;
      const next = change(current);
      if (!next) return (stored = current);
      appended.push(...timeline(current));
      return (stored = { ...next, version: current.version + 1 });
    },
    clock: { now: () => new Date(NOW) },
    // the flush itself runs on the app's real side (test/resolvers/incident-actions-comments.test.ts): here it is
    // only asked for, after a change, and its failure is logged, never the person's
    appSide: async () => {
      calls.push('appSide');
      throw new Error('no app side in a unit test');
    },
    log: { warn: (message) => void calls.push(`warn:${message}`) },
  };
  return { deps, calls, appended, stored: () => stored };
}

const onIssue = (over: Partial<Incident> = {}) => anIncident({ issue: { id: '10001', key: 'OPS-1', url: 'https://x/browse/OPS-1' }, ...over });

describe('acknowledge an incident', () => {
  it('acknowledges an open incident as the person, with a timeline entry naming them', async () => {
    const f = fakeDeps(onIssue());
    expect(await acknowledgeIncident('10001', f.deps)).toEqual({ ok: true, data: { outcome: 'acknowledged', state: 'acknowledged', acknowledgedAt: NOW } });
    expect(f.stored()).toMatchObject({ state: 'acknowledged', acknowledgedAt: NOW });
    expect(f.appended).toEqual([{ at: NOW, kind: 'incident-acknowledged', title: 'CPU usage high', actor: 'Aiko Sato' }]);
    expect(f.calls[0]).toBe('canEdit:10001');
  });

  it('the acknowledgement joins the coalesced Jira comment in the same commit, then the comment is flushed', async () => {
    const f = fakeDeps(onIssue());
    await acknowledgeIncident('10001', f.deps);
    expect(f.stored()?.pendingComment).toEqual([{ at: NOW, kind: 'incident-acknowledged', title: 'CPU usage high', actor: 'Aiko Sato' }]);
    expect(f.calls.slice(f.calls.indexOf('update'))).toEqual(['update', 'appSide', expect.stringMatching(/^warn:The comment or page did not follow/)]);
  });

  it('refuses someone who may not edit the issue, before reading or writing anything', async () => {
    const f = fakeDeps(onIssue(), { canEdit: false });
    expect(await acknowledgeIncident('10001', f.deps)).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
    expect(f.calls).toEqual(['canEdit:10001']);
  });

  it('keeps an acknowledgement time recorded before a reopen', async () => {
    const f = fakeDeps(onIssue({ acknowledgedAt: minutesAfter(T0, 2), reopenCount: 1 }));
    expect(await acknowledgeIncident('10001', f.deps)).toMatchObject({ ok: true, data: { outcome: 'acknowledged', acknowledgedAt: minutesAfter(T0, 2) } });
  });

  it.each([
    ['acknowledged', 'already-acknowledged'],
    ['mitigated', 'not-open'],
    ['recovered', 'not-open'],
    ['closed', 'not-open'],
  ] as const)('an incident already %s is left alone (%s), without a write', async (state, outcome) => {
    const f = fakeDeps(onIssue({ state }));
    expect(await acknowledgeIncident('10001', f.deps)).toMatchObject({ ok: true, data: { outcome, state } });
    expect(f.calls).not.toContain('update');
    expect(f.calls).not.toContain('appSide');
    expect(f.appended).toEqual([]);
  });

  it('an alert acknowledging it between the read and the write wins: no second acknowledgement', async () => {
    const f = fakeDeps(onIssue(), { before: (i) => ({ ...i, state: 'acknowledged', acknowledgedAt: minutesAfter(T0, 11) }) });
    expect(await acknowledgeIncident('10001', f.deps)).toEqual({ ok: true, data: { outcome: 'already-acknowledged', state: 'acknowledged', acknowledgedAt: minutesAfter(T0, 11) } });
    expect(f.appended).toEqual([]);
  });

  it('an issue without an incident, or whose property points at another issue’s incident, has none to acknowledge', async () => {
    expect(await acknowledgeIncident('10001', fakeDeps(undefined).deps)).toMatchObject({ ok: false, error: { code: 'incident-not-found' } });
    const other = fakeDeps(onIssue({ issue: { id: '20002', key: 'OPS-2', url: 'https://x/browse/OPS-2' } }));
    expect(await acknowledgeIncident('10001', other.deps)).toMatchObject({ ok: false, error: { code: 'incident-not-found' } });
    expect(other.calls).not.toContain('update');
  });
});
