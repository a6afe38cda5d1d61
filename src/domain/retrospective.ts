/**
 * The retrospective's clock (DESIGN 3.4, the 24-hour rule) and the action items' tally, as pure rules: time is given.
 */
import { addHours } from 'date-fns';
import type { ActionItemCounts, RetrospectiveDue } from '../shared/retrospective';
import type { Incident } from './incident';

/**
 * When the retrospective is due: `dueHours` after recovery (drills too: they are reviewed like incidents, DESIGN 3.6).
 * Absent before recovery. Overdue once the due time has passed and it is not published.
 */
export function retrospectiveDue(incident: Pick<Incident, 'recoveredAt' | 'retrospective'>, dueHours: number, now: Date): RetrospectiveDue | undefined {
  if (!incident.recoveredAt) return undefined;
  const dueAt = addHours(new Date(incident.recoveredAt), dueHours);
  const published = incident.retrospective?.status === 'published';
  return { dueAt: dueAt.toISOString(), overdue: !published && now.getTime() > dueAt.getTime() };
}

/** `today` as YYYY-MM-DD in the team's time zone: an item due today is not overdue yet. */
export function actionItemCounts(tally: NonNullable<Incident['actionItems']>, today: string): ActionItemCounts {
  const open = Math.max(0, tally.total - tally.done);
  return { total: tally.total, done: tally.done, open, overdue: tally.openDue.filter((due) => due < today).length };
}
