import * as domainAlert from '../domain/alert';
import * as domainIncident from '../domain/incident';
import { SOURCE_NAMES as catalogueSourceNames } from '../i18n/names';
import * as shared from './vocabulary';

/** src/shared repeats the domain's words (to keep classic zod out of the UI bundles): they must never drift. */
describe('shared vocabulary mirrors the domain', () => {
  it.each([
    ['incident states', shared.INCIDENT_STATES, domainIncident.INCIDENT_STATES],
    ['levels', shared.LEVELS, domainIncident.LEVELS],
    ['sources', shared.SOURCE_IDS, domainAlert.SOURCE_IDS],
    ['severities', shared.SEVERITY_LEVELS, domainAlert.SEVERITY_LEVELS],
    ['timeline kinds', shared.TIMELINE_KINDS, domainIncident.TIMELINE_KINDS],
    ['alert states', shared.ALERT_STATES, domainIncident.IncidentAlertSchema.shape.state.options],
  ])('%s', (_name, mine, theirs) => {
    expect([...mine]).toEqual([...theirs]);
  });

  it('source product names', () => {
    expect(shared.SOURCE_NAMES).toEqual(catalogueSourceNames);
  });

  it('the view kinds are the stored kinds, including the person’s acknowledgement', () => {
    expect(shared.TIMELINE_VIEW_KINDS).toEqual(domainIncident.TIMELINE_KINDS);
    expect(shared.TIMELINE_VIEW_KINDS).toContain('incident-acknowledged');
  });
});
