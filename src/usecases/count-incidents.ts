/**
 * The metrics gadget's counts (DESIGN 3.5): incidents whose impact started in the last `period` days, by state and
 * by level, drills counted apart. Shown only to people who can browse the project incidents are filed in.
 *
 * Cost: one index query page per 100 incidents and state. Fine for a team's months of incidents; the 10,000-incident
 * budget of DESIGN 6 needs the metric roll-ups that come with the metrics issue.
 */
import { subDays } from 'date-fns';
import { INCIDENT_STATES } from '../domain/incident';
import { zeroCounts, type IncidentCounts, type PeriodDays } from '../shared/incident-counts';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import type { Clock } from './ports';
import type { IncidentIndex, UserAccess } from './ui-ports';

/** At most this many incidents are read per state; beyond it the counts are marked `truncated`. */
export const MAX_INCIDENTS_PER_STATE = 1000;

export interface CountIncidentsDeps {
  access: Pick<UserAccess, 'canBrowseProject'>;
  index: IncidentIndex;
  clock: Clock;
  /** The project incidents are filed in (intake settings). */
  projectKey: string;
}

export async function countIncidents(period: PeriodDays, deps: CountIncidentsDeps): Promise<ResolverResult<IncidentCounts>> {
  // 1. Counts describe the incident project: only for people who can browse it (as the user).
  if (!(await deps.access.canBrowseProject(deps.projectKey))) return fail('project-not-visible', `You cannot browse project ${deps.projectKey}, where incidents are filed.`);
  // 2. Every state's incidents in the period, from the by-state-opened index.
  const since = subDays(deps.clock.now(), period).toISOString();
  const { byState, byLevel } = zeroCounts();
  let total = 0;
  let drills = 0;
  let truncated = false;
  const perState = await Promise.all(INCIDENT_STATES.map(async (state) => ({ state, ...(await deps.index.inState(state, since, MAX_INCIDENTS_PER_STATE)) })));
  for (const { state, rows, truncated: cut } of perState) {
    truncated ||= cut;
    for (const row of rows) {
      if (row.drill) {
        drills++;
        continue;
      }
      total++;
      byState[state]++;
      byLevel[row.level]++;
    }
  }
  return ok({ period, since, total, byState, byLevel, drills, truncated });
}
