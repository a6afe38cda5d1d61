import { anIncident } from '../../test/builders/domain';
import type { Incident } from '../domain/incident';
import { DEFAULT_LEVELS } from '../shared/settings';
import { getIncidentOfIssue } from './get-incident';

describe('incident of an issue for the panel', () => {
  const settings = async () => ({ levels: DEFAULT_LEVELS, retrospectiveDueHours: 24, timeZone: 'UTC' });
  const clock = { now: () => new Date('2026-12-02T00:00:00Z') };
  const reads = (incident: Incident | undefined) => ({
    incidentIdOfIssue: async () => incident?.id,
    load: async () => incident,
    latestTimeline: async () => [],
    alertsToShow: async () => [],
  });

  it('an issue the user cannot see is refused before anything is read', async () => {
    let read = false;
    const answer = await getIncidentOfIssue('10001', { access: { canViewIssue: async () => false }, incidents: { ...reads(anIncident()), incidentIdOfIssue: async () => ((read = true), 'inc-1') }, settings, clock });
    expect(answer).toMatchObject({ ok: false, error: { code: 'issue-not-visible' } });
    expect(read).toBe(false);
  });

  it('a property pointing at another issue’s incident (a cloned issue) is no incident', async () => {
    const other = anIncident({ issue: { id: '20002', key: 'OPS-2', url: 'https://x/browse/OPS-2' } });
    expect(await getIncidentOfIssue('10001', { access: { canViewIssue: async () => true }, incidents: reads(other), settings, clock })).toEqual({ ok: true, data: { incident: null } });
  });

  it('answers the level names the admin set, and reads them only for an incident', async () => {
    let settingsReads = 0;
    const renamed = { ...DEFAULT_LEVELS, SEV2: { name: { en: 'Major outage', ja: '大規模障害' }, description: DEFAULT_LEVELS.SEV2.description } };
    const counting = async () => ((settingsReads += 1), { levels: renamed, retrospectiveDueHours: 24, timeZone: 'UTC' });
    const answer = await getIncidentOfIssue('10001', { access: { canViewIssue: async () => true }, incidents: reads(anIncident()), settings: counting, clock });
    expect(answer).toMatchObject({ ok: true, data: { levels: { SEV2: { name: { en: 'Major outage', ja: '大規模障害' } } } } });
    await getIncidentOfIssue('10001', { access: { canViewIssue: async () => true }, incidents: reads(undefined), settings: counting, clock });
    expect(settingsReads).toBe(1);
  });
});
