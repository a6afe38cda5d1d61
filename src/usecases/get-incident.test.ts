import { anIncident } from '../../test/builders/domain';
import type { Incident } from '../domain/incident';
import { getIncidentOfIssue } from './get-incident';

describe('incident of an issue for the panel', () => {
  const reads = (incident: Incident | undefined) => ({
    incidentIdOfIssue: async () => incident?.id,
    load: async () => incident,
    latestTimeline: async () => [],
    alertsToShow: async () => [],
  });

  it('an issue the user cannot see is refused before anything is read', async () => {
    let read = false;
    const answer = await getIncidentOfIssue('10001', { access: { canViewIssue: async () => false }, incidents: { ...reads(anIncident()), incidentIdOfIssue: async () => ((read = true), 'inc-1') } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'issue-not-visible' } });
    expect(read).toBe(false);
  });

  it('a property pointing at another issue’s incident (a cloned issue) is no incident', async () => {
    const other = anIncident({ issue: { id: '20002', key: 'OPS-2', url: 'https://x/browse/OPS-2' } });
    expect(await getIncidentOfIssue('10001', { access: { canViewIssue: async () => true }, incidents: reads(other) })).toEqual({ ok: true, data: { incident: null } });
  });
});
