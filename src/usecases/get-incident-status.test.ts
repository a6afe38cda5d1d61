import { anIncident } from '../../test/builders/domain';
import type { Incident } from '../domain/incident';
import { getIncidentStatus, type IncidentStatusDeps } from './get-incident-status';

const page = (id: string) => ({ id, title: 'OPS-1: CPU', url: `https://x/wiki/pages/${id}` });

function statusDeps(incident: Incident | undefined, readable: string[]): IncidentStatusDeps & { checked: string[]; loads: number[] } {
  const checked: string[] = [];
  const loads: number[] = [];
  return {
    checked,
    loads,
    access: { canReadPage: async (id) => (checked.push(id), readable.includes(id)) },
    incidents: { load: async () => (loads.push(1), incident), latestTimeline: async () => [{ at: '2025-06-10T01:23:45.000Z', kind: 'incident-opened', title: 'CPU' }] },
    clock: { now: () => new Date('2025-06-10T02:00:00.000Z') },
  };
}

describe('incident status for the macro', () => {
  it('on the incident’s own page: one check, the status and the latest entries', async () => {
    const d = statusDeps(anIncident({ page: page('65540') }), ['65540']);
    const answer = await getIncidentStatus('65540', 'inc-1', d);
    expect(answer).toMatchObject({ ok: true, data: { id: 'inc-1', state: 'open', level: 'SEV3', asOf: '2025-06-10T02:00:00.000Z', timeline: { total: 1 } } });
    expect(d.checked).toEqual(['65540']);
  });

  it('on another page: the incident’s own page must be readable too', async () => {
    const d = statusDeps(anIncident({ page: page('65540') }), ['70000']);
    expect(await getIncidentStatus('70000', 'inc-1', d)).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
    expect(d.checked).toEqual(['70000', '65540']);
  });

  it('a page the user cannot read says nothing about the incident', async () => {
    const d = statusDeps(undefined, []);
    expect(await getIncidentStatus('65540', 'inc-1', d)).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
  });

  it('a poll at the current version answers unchanged from one load, without a check', async () => {
    const d = statusDeps(anIncident({ page: page('65540'), version: 7 }), []);
    expect(await getIncidentStatus('65540', 'inc-1', d, 7)).toEqual({ ok: true, data: { unchanged: true, version: 7 } });
    expect(d.checked).toEqual([]);
    expect(d.loads).toHaveLength(1);
  });

  it('a poll at another version is checked as the user and loads once', async () => {
    const d = statusDeps(anIncident({ page: page('65540'), version: 8 }), ['65540']);
    expect(await getIncidentStatus('65540', 'inc-1', d, 7)).toMatchObject({ ok: true, data: { version: 8, times: { impactStartedAt: expect.any(String) } } });
    expect(d.checked).toEqual(['65540']);
    expect(d.loads).toHaveLength(1);
    const refused = statusDeps(anIncident({ page: page('65540'), version: 8 }), []);
    expect(await getIncidentStatus('65540', 'inc-1', refused, 7)).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
  });

  it('a poll for an unknown incident is checked first, then not found', async () => {
    const d = statusDeps(undefined, ['65540']);
    expect(await getIncidentStatus('65540', 'inc-x', d, 3)).toMatchObject({ ok: false, error: { code: 'incident-not-found' } });
    expect(d.checked).toEqual(['65540']);
  });
});
